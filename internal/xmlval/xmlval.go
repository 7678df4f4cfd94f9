// Package xmlval holds the positioned value type shared by the profile and
// EAP models, and reads it from a parsed document.
package xmlval

import (
	"bytes"
	"math"
	"strconv"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/beevik/etree"
)

// Text is the text of an element (or the value of an attribute) and where
// it is. The zero value means the element is absent.
type Text struct {
	// Value is the text with surrounding white space removed.
	Value string
	// Raw is the text as decoded, white space included.
	Raw string
	// Pos is the element's start tag (or the attribute's name).
	Pos lint.Pos
	// ValuePos is the first character of Value, or Pos when Value is
	// empty.
	ValuePos lint.Pos
	// Present reports whether the element or attribute exists.
	Present bool

	// plain: src is not Raw's mapped text but the document's source
	// text, and Raw is its bytes from off, one run that decodes to itself
	// (a value), read by Of without its mapped text, which source derives
	// when asked. A Text kept longer than its document (an NPS export's
	// values, kept for the whole run) so keeps the file's bytes, never
	// the document's tree. Beside Present, the two take no room of their
	// own: a model holds tens of thousands of Texts.
	plain bool
	off   int32
	src   *srctext.Text // the decoded text of Raw, mapped to the file (see plain)
	// doc and elem, when src is nil and doc is not: the element whose
	// text Raw is (a container's), in doc, read by Of without the mapped
	// text, which source asks doc for.
	doc  *xmldoc.Doc
	elem *etree.Element
}

// source returns the decoded text of Raw, mapped to the file: the one
// Of made, or, for a text Of read without it (a container's), the one
// its document makes for the element once (xmldoc's SharedText). nil for
// an absent element or an attribute.
func (t Text) source() *srctext.Text {
	switch {
	case t.plain:
		// As xmldoc's Doc.Text makes a plain value's text: its bytes,
		// mapped by one run.
		off := int(t.off)
		return t.src.Derive(t.src.Data[off:off+len(t.Raw)], []srctext.Run{{Dst: 0, Src: off, Len: len(t.Raw), Step: 1}})
	case t.src != nil:
		return t.src
	case t.doc != nil:
		return t.doc.SharedText(t.elem)
	}
	return nil
}

// mapped reports whether t's text is mapped to the file (source is not
// nil) without making the map.
func (t Text) mapped() bool { return t.src != nil || t.doc != nil }

// PosAt returns the position in the file of byte i of Raw, for findings
// about one entry of a list value (a host in Servers, a port range). It
// falls back to ValuePos when the text is not mapped (an attribute).
func (t Text) PosAt(i int) lint.Pos {
	if t.plain {
		// The derived text's one run maps byte i to off+i of the
		// document's text: asked there, without making it.
		if i < 0 || i > len(t.Raw) {
			return t.ValuePos
		}
		return t.src.Pos(int(t.off) + i)
	}
	src := t.source()
	if src == nil || i < 0 || i > len(src.Data) {
		return t.ValuePos
	}
	return src.Pos(i)
}

// Entries splits Raw at each of the separator bytes in seps and returns
// the trimmed, non-empty entries with their offsets in Raw.
func (t Text) Entries(seps string) []Entry {
	var out []Entry
	start := 0
	for i := 0; i <= len(t.Raw); i++ {
		if i < len(t.Raw) && !strings.ContainsRune(seps, rune(t.Raw[i])) {
			continue
		}
		piece := t.Raw[start:i]
		trimmed := strings.TrimSpace(piece)
		if trimmed != "" {
			out = append(out, Entry{Value: trimmed, Offset: start + strings.Index(piece, trimmed)})
		}
		start = i + 1
	}
	return out
}

// Entry is one entry of a list value and its byte offset in Raw.
type Entry struct {
	Value  string
	Offset int
}

// Bool parses the value as Windows reads a boolean: "true" or "1", "false"
// or "0", in any case. ok is false when the element is absent or the value
// is not a boolean.
func (t Text) Bool() (v, ok bool) {
	if !t.Present {
		return false, false
	}
	switch strings.ToLower(t.Value) {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}

// True reports whether the element is present and reads as true.
func (t Text) True() bool {
	v, ok := t.Bool()
	return ok && v
}

// False reports whether the element is present and reads as false.
func (t Text) False() bool {
	v, ok := t.Bool()
	return ok && !v
}

// Int parses the value as a decimal integer.
func (t Text) Int() (int64, bool) {
	if !t.Present {
		return 0, false
	}
	v, err := strconv.ParseInt(t.Value, 10, 64)
	return v, err == nil
}

// Is compares the value with s ignoring case, as Windows compares
// enumerations.
func (t Text) Is(s string) bool { return t.Present && strings.EqualFold(t.Value, s) }

// Empty reports whether the element is absent or holds only white space.
func (t Text) Empty() bool { return !t.Present || t.Value == "" }

// Of reads the text written directly inside e.
//
// It decodes the text once: ValuePos is worked out from the decoded text
// as xmldoc's TextPos works it out. A text of one run that decodes to
// itself (most values) is the string the tree holds for it (xmldoc's
// PlainString), not copied, and a text of several runs that each decode
// to themselves (a container's indentation between its children) is read
// as one string (xmldoc's JoinedText): neither is mapped when read; the
// mapped text is made only when a reader asks for it (PosAt, Replace,
// DeleteEntry): a value's derived from the document's source text at each
// question, a container's once for the element by its document.
func Of(x *xmldoc.Doc, e *etree.Element) Text {
	pos := x.Pos(e)
	if s, off, ok := x.PlainString(e); ok && len(s) > 0 && off <= math.MaxInt32 {
		t := Text{Value: strings.TrimSpace(s), Raw: s, Pos: pos, ValuePos: pos, Present: true, plain: true, off: int32(off), src: x.Src}
		if lead := len(s) - len(strings.TrimLeft(s, " \t\r\n")); lead < len(s) {
			t.ValuePos = x.Src.Pos(off + lead)
		}
		return t
	}
	if s, ok := x.JoinedText(e); ok {
		t := Text{Value: strings.TrimSpace(s), Raw: s, Pos: pos, ValuePos: pos, Present: true, doc: x, elem: e}
		if lead := len(s) - len(strings.TrimLeft(s, " \t\r\n")); lead < len(s) {
			t.ValuePos = x.Src.Pos(x.JoinedOffset(e, lead))
		}
		return t
	}
	raw := x.Text(e)
	s := string(raw.Data)
	t := Text{Value: strings.TrimSpace(s), Raw: s, Pos: pos, ValuePos: pos, Present: true, src: raw}
	if lead := len(raw.Data) - len(bytes.TrimLeft(raw.Data, " \t\r\n")); lead < len(raw.Data) {
		t.ValuePos = raw.Pos(lead)
	}
	return t
}

// Attr reads the attribute qname of e.
func Attr(x *xmldoc.Doc, e *etree.Element, qname string) Text {
	v, pos, ok := x.Attr(e, qname)
	if !ok {
		return Text{}
	}
	return Text{Value: strings.TrimSpace(v), Raw: v, Pos: pos, ValuePos: pos, Present: true}
}

// IsOID reports whether s is a dotted object identifier such as
// 1.3.6.1.4.1.311.87: at least two numeric arcs, the first 0, 1 or 2.
func IsOID(s string) bool {
	arcs := strings.Split(s, ".")
	if len(arcs) < 2 || len(arcs[0]) != 1 || arcs[0][0] > '2' {
		return false
	}
	for _, a := range arcs {
		if a == "" || strings.Trim(a, "0123456789") != "" || (len(a) > 1 && a[0] == '0') {
			return false
		}
	}
	return true
}
