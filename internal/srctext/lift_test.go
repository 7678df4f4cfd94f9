package srctext_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
)

// lift makes change c of the text decoded from an XML text node written
// as raw (inside <r>...</r>), and returns the parent's bytes after it.
func liftIn(t *testing.T, raw string, c srctext.Change) (string, error) {
	t.Helper()
	root := srctext.New("f", []byte("<r>"+raw+"</r>"))
	x, perr := xmldoc.Parse(root, xmldoc.Limits{})
	if perr != nil {
		t.Fatal(perr)
	}
	text := x.Text(x.Root)
	up, err := text.Lift(c)
	if err != nil {
		return "", err
	}
	out, err := root.Apply([]srctext.Change{up})
	return string(out), err
}

func TestLift(t *testing.T) {
	lit := func(s string) []srctext.Piece { return []srctext.Piece{{Lit: s}} }
	for _, tc := range []struct {
		name, raw string
		c         srctext.Change
		want      string // the whole root text after, or the error's start
	}{
		{"plain", "True", srctext.Change{Start: 0, End: 4, Pieces: lit("true")}, "<r>true</r>"},
		{"after a reference", "&lt;True", srctext.Change{Start: 1, End: 5, Pieces: lit("true")}, "<r>&lt;true</r>"},
		{"a reference replaced whole", "a&amp;b", srctext.Change{Start: 1, End: 2, Pieces: lit("and")}, "<r>aandb</r>"},
		{"a row of references of two lengths", "&lt;&#x3E;x", srctext.Change{Start: 0, End: 2}, "<r>x</r>"},
		{"a copy keeps the escapes", "&lt;a&gt;", srctext.Change{Start: 3, End: 3, Pieces: []srctext.Piece{{Copy: true, Start: 0, End: 3}}}, "<r>&lt;a&gt;&lt;a&gt;</r>"},
		{"CR LF read as LF, removed whole", "a\r\nb", srctext.Change{Start: 1, End: 3}, "<r>a</r>"},
		{"from the LF of a CR LF", "a\r\nb", srctext.Change{Start: 1, End: 2}, "<r>ab</r>"},
		{"inside CDATA", "<![CDATA[<x>True</x>]]>", srctext.Change{Start: 3, End: 7, Pieces: lit("true")}, "<r><![CDATA[<x>true</x>]]></r>"},
		{"a multi-byte character of one reference", "&#x20AC;", srctext.Change{Start: 1, End: 3}, "inside a character"},
		{"split by a comment", "Tr<!-- c -->ue", srctext.Change{Start: 0, End: 4, Pieces: lit("true")}, "the text is not written in one stretch"},
		{"split by a CDATA boundary", "a<![CDATA[b]]>", srctext.Change{Start: 0, End: 2}, "the text is not written in one stretch"},
		{"a literal that needs escaping", "x", srctext.Change{Start: 0, End: 1, Pieces: lit("<y>")}, "the replacement"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := liftIn(t, tc.raw, tc.c)
			switch {
			case err != nil && !strings.Contains(err.Error(), tc.want):
				t.Errorf("error %q, want %q", err, tc.want)
			case err == nil && got != tc.want:
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestLiftStops: a root text has no parent, and a text decoded from base64
// is written back whole by its wrapper.
func TestLiftStops(t *testing.T) {
	root := srctext.New("f", []byte(`{"v": "PGEvPg=="}`))
	if _, err := root.Lift(srctext.Change{}); !errors.Is(err, srctext.ErrRoot) {
		t.Errorf("root: %v, want ErrRoot", err)
	}
	opaque := root.Opaque([]byte("<a/>"), 7, "base64 value")
	if _, err := opaque.Lift(srctext.Change{}); !errors.Is(err, srctext.ErrOpaque) {
		t.Errorf("base64: %v, want ErrOpaque", err)
	}
	if at, what, ok := opaque.OpaqueAt(); !ok || at != 7 || what != "base64 value" || opaque.Depth() != 1 || opaque.Parent() != root {
		t.Errorf("OpaqueAt = %d, %q, %v; depth %d", at, what, ok, opaque.Depth())
	}
}

// TestApply: changes are made in order of offset, copies from the text's
// own bytes, overlaps refused.
func TestApply(t *testing.T) {
	text := srctext.New("f", []byte("abcdef"))
	got, err := text.Apply([]srctext.Change{
		{Start: 4, End: 6},
		{Start: 0, End: 1, Pieces: []srctext.Piece{{Lit: "A"}}},
		{Start: 2, End: 2, Pieces: []srctext.Piece{{Copy: true, Start: 4, End: 6}}},
	})
	if err != nil || string(got) != "Abefcd" {
		t.Errorf("Apply = %q, %v; want Abefcd", got, err)
	}
	if _, err := text.Apply([]srctext.Change{{Start: 0, End: 3}, {Start: 2, End: 4}}); err == nil {
		t.Error("overlapping changes were made")
	}
}
