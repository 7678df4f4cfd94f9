package engine

import (
	"bytes"
	"errors"
	"fmt"
	"sort"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/fsread"
	"github.com/aovpnlint/aovpnlint/internal/secret"
)

// MaxSourceView is the most bytes of text Source returns: the page shows
// the text in one element, and a larger text would make the page slow
// without helping anyone find a line (the findings say where to look).
const MaxSourceView = 4 << 20

// SourceView is the text of a file as the page shows it beside the
// findings, or why it is not shown.
type SourceView struct {
	// Text is the file's decoded text (UTF-8, whatever the file's
	// encoding), with the content of every secret replaced by
	// secret.Marker and as many line breaks as it had, so that every line
	// keeps the number the findings give it. Empty when the text is not
	// shown.
	Text string `json:"text"`
	// Kind names what the file is: "PowerShell script", "certificate
	// file".
	Kind string `json:"kind"`
	// Encoding is the text encoding found ("UTF-16 LE with BOM"), empty
	// for binary files.
	Encoding string `json:"encoding"`
	// Why says why the text is not shown, when it is not.
	Why string `json:"why"`
}

// Source reads the file called name as a check reads it (through fsread,
// bounded by input's size limit) and returns its text with the secrets
// redacted, line for line (see SourceView). The secrets are those package
// secret finds (elements such as L2tpPsk and Password, in any escaping;
// PEM private and static keys; OpenVPN's inline keys), and a file is shown
// only when `aovpnlint extract` would show each of its documents:
//
//   - a binary file (DER, PFX) is not shown: it has no lines, and a PFX
//     holds a key;
//   - a secret that does not end (a <key> without </key>, a key without
//     its END line) hides the whole file, as it stops extract;
//   - a document that extract refuses (not well-formed, naming a secret
//     where none could be delimited) hides the whole file;
//   - a secret of a document that is not a plain part of the file (inside
//     a base64 value, where no line of the file shows it plainly) hides
//     the whole file: the encoded secret would be shown otherwise.
func Source(name string) (*SourceView, error) {
	lim := input.DefaultLimits
	data, err := fsread.File(name, lim.MaxBytes)
	var tl *fsread.TooLargeError
	if errors.As(err, &tl) {
		return &SourceView{Kind: input.TooLarge.String(), Why: fmt.Sprintf("the file is larger than the limit of %d bytes, so it was not read", lim.MaxBytes)}, nil
	}
	if err != nil {
		return nil, err
	}
	return sourceOf(input.Read(name, data, lim)), nil
}

// sourceOf is the view of a file read (see Source).
func sourceOf(f *input.File) *SourceView {
	v := &SourceView{Kind: f.Kind.String(), Encoding: f.Encoding}
	switch {
	case f.Text == nil:
		v.Why = "a binary file has no text to show"
		return v
	case f.Kind == input.Unknown:
		v.Why = "the file is of no kind aovpnlint reads (it may hold anything, a password among them), so it is not shown"
		return v
	case len(f.Text.Data) > MaxSourceView:
		v.Why = fmt.Sprintf("the text is longer than %d bytes, which the page does not show; the findings say where to look", MaxSourceView)
		return v
	}
	text := f.Text.Data
	spans := secret.Find(text)
	for _, s := range spans {
		if !s.Closed {
			v.Why = fmt.Sprintf("a secret that starts at line %d does not end where it should, so nothing can be shown with certainty", f.Text.Pos(s.Open).Line)
			return v
		}
	}
	// The OpenVPN blocks that hold secrets are among the names package
	// secret knows, so an unterminated one is found above; the reader's own
	// verdict is asked too, so that the page never shows what extract
	// would not.
	if f.Kind == input.OpenVPN {
		var why *input.UnredactableError
		if _, err := aovpnlint.RedactedOpenVPN(f); errors.As(err, &why) {
			v.Why = "the OpenVPN profile " + why.Why() + "; nothing can be shown with certainty"
			return v
		}
	}
	for _, d := range f.Docs {
		var why *input.UnredactableError
		if _, err := d.Pretty(); errors.As(err, &why) {
			v.Why = "the " + d.Origin + " " + why.Why() + "; nothing can be shown with certainty"
			return v
		}
		for _, s := range secret.Find(d.Text.Data) {
			if s.Start == s.End {
				continue
			}
			at, exact := d.Text.Root(s.Start)
			if !exact || !within(spans, at) {
				v.Why = fmt.Sprintf("the %s holds a secret that the file does not show plainly (%s), so the file is not shown", d.Origin, d.At)
				return v
			}
		}
	}
	if at, word, ok := mentions(text, spans); ok {
		v.Why = fmt.Sprintf("line %d mentions %s outside the secrets aovpnlint redacts, so the file is not shown", f.Text.Pos(at).Line, word)
		return v
	}
	v.Text = string(redactLines(text, spans))
	return v
}

// secretWords are words that, outside the secrets package secret
// delimits, may introduce a secret it does not know: a password in a
// script variable, a PSK in a JSON property, a note in a comment.
var secretWords = []string{"password", "passwd", "passphrase", "psk", "secret", "sharedkey", "pre-shared"}

// mentions returns the first offset of text, outside the spans and the
// tags that name them, where one of secretWords is written in any case,
// and the word.
func mentions(text []byte, spans secret.Spans) (at int, word string, ok bool) {
	lower := make([]byte, len(text)) // ASCII letters only, so offsets stay
	for i, c := range text {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	at = len(text)
	for _, w := range secretWords {
		for from := 0; from < len(lower); {
			i := bytes.Index(lower[from:], []byte(w))
			if i < 0 {
				break
			}
			i += from
			if !named(spans, i) {
				if i < at {
					at, word, ok = i, w, true
				}
				break
			}
			from = i + len(w)
		}
	}
	return at, word, ok
}

// named reports whether offset at is inside a span or its tags. The
// spans are in text order and do not overlap, so the one that may hold
// at is found by binary search, as secret.Spans.Overlap finds it.
func named(spans secret.Spans, at int) bool {
	k := sort.Search(len(spans), func(k int) bool { return spans[k].Close > at })
	return k < len(spans) && spans[k].Open <= at
}

// within reports whether offset at is inside the content of one of the
// spans (found by binary search, as in named).
func within(spans secret.Spans, at int) bool {
	k := sort.Search(len(spans), func(k int) bool { return spans[k].End > at })
	return k < len(spans) && spans[k].Start <= at
}

// redactLines replaces the content of each span by secret.Marker and the
// line feeds the content held, so that the text keeps its lines. A
// content that starts with a line break (a PEM body after its BEGIN line,
// an OpenVPN <key> block) keeps it before the marker, which then stands
// on a line of its own.
func redactLines(text []byte, spans secret.Spans) []byte {
	out := make([]byte, 0, len(text))
	prev := 0
	for _, s := range spans {
		out = append(out, text[prev:s.Start]...)
		content := text[s.Start:s.End]
		lead := 0
		if bytes.HasPrefix(content, []byte("\r\n")) {
			lead = 2
		} else if bytes.HasPrefix(content, []byte("\n")) {
			lead = 1
		}
		out = append(out, content[:lead]...)
		if len(content) > lead {
			out = append(out, secret.Marker...)
		}
		for _, c := range content[lead:] {
			if c == '\n' {
				out = append(out, '\n')
			}
		}
		prev = s.End
	}
	return append(out, text[prev:]...)
}
