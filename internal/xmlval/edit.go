package xmlval

import (
	"strings"
	"unicode"

	"github.com/aovpnlint/aovpnlint/lint"
)

// Replace returns the edit that writes value in place of t's Value (its
// text without the white space around it), for `aovpnlint fix`; nil for
// an absent element or an attribute (whose text is not mapped), and when
// value is already written.
func (t Text) Replace(value string) []lint.Edit {
	if !t.mapped() || !t.Present || value == t.Value {
		return nil
	}
	start := len(t.Raw) - len(strings.TrimLeftFunc(t.Raw, unicode.IsSpace))
	return []lint.Edit{{In: t.source(), Start: start, End: start + len(t.Value), New: value}}
}

// DeleteEntry returns the edit that removes entry i of a list value,
// entries being what [Text.Entries] returned for it, together with the
// separator and white space between it and the entry before it; nil for
// the first entry, and for an attribute (whose text is not mapped).
func (t Text) DeleteEntry(entries []Entry, i int) []lint.Edit {
	if !t.mapped() || i <= 0 || i >= len(entries) {
		return nil
	}
	prev, e := entries[i-1], entries[i]
	start, end := prev.Offset+len(prev.Value), e.Offset+len(e.Value)
	if start > end || end > len(t.Raw) {
		return nil
	}
	return []lint.Edit{{In: t.source(), Start: start, End: end}}
}
