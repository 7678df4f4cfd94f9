package xmldoc

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unsafe"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/beevik/etree"
)

// checkJoined fails when JoinedText or JoinedOffset of an element of data
// differs from Text, and returns how many elements JoinedText read.
func checkJoined(t *testing.T, data []byte) int {
	t.Helper()
	d, err := Parse(srctext.New("f", data), DefaultLimits)
	if err != nil {
		return 0
	}
	joined := 0
	var visit func(e *etree.Element)
	visit = func(e *etree.Element) {
		want := d.Text(e)
		if s, ok := d.JoinedText(e); ok {
			joined++
			if s != string(want.Data) {
				t.Fatalf("JoinedText(<%s>) = %q, Text %q", e.Tag, s, want.Data)
			}
			for i := 0; i <= len(s); i++ {
				if got, w := d.JoinedOffset(e, i), rootOff(want.Root(i)); got != w {
					t.Fatalf("JoinedOffset(<%s>, %d) = %d, Text maps it to %d", e.Tag, i, got, w)
				}
			}
		} else if plain, _, ok := d.PlainText(e); ok && len(plain) > 0 {
			t.Fatalf("JoinedText(<%s>) refused a text of one plain run", e.Tag)
		}
		if d.SharedText(e) != d.SharedText(e) || string(d.SharedText(e).Data) != string(want.Data) {
			t.Fatalf("SharedText(<%s>) is not one text with Text's bytes", e.Tag)
		}
		for c := range e.ChildElementsSeq() {
			visit(c)
		}
	}
	visit(d.Root)
	return joined
}

func rootOff(i int, _ bool) int { return i }

// TestJoinedTextAsText checks JoinedText and JoinedOffset against Text
// on the profiles of the parsers' test data (as written, and with CR LF
// line ends, which JoinedText refuses) and on edge cases: no text, CDATA,
// references, comments between runs.
func TestJoinedTextAsText(t *testing.T) {
	docs := [][]byte{
		[]byte("<r/>"), []byte("<r></r>"), []byte("<r><a/></r>"), []byte("<r> <a/> </r>"),
		[]byte("<r>\n  <a>x</a>\n  <b/>\n</r>"), []byte("<r>x<!--c-->y<a/>z</r>"), []byte("<r> <![CDATA[x]]> <a/></r>"),
		[]byte("<r> &amp; <a/> </r>"), []byte("<r>\r\n <a/>\r\n</r>"), []byte("<r>\u00a0<a/>\u00a0x </r>"),
		[]byte("<r><a/>x<b/></r>"), []byte("<r>x<?p?>y</r>"),
	}
	for _, dir := range []string{"../../profile/testdata", "../../eapxml/testdata", "../../fixtures/profiles"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, data)
		}
	}
	joined := 0
	for _, data := range docs {
		joined += checkJoined(t, data)
		checkJoined(t, bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n")))
	}
	if len(docs) < 50 || joined < 500 {
		t.Fatalf("%d documents, %d elements read by JoinedText: expected the test data", len(docs), joined)
	}
}

// FuzzJoinedTextAsText compares JoinedText and JoinedOffset with Text on
// any document.
func FuzzJoinedTextAsText(f *testing.F) {
	f.Add([]byte("<r>\n  <a>x</a>\n  <b/>\n</r>"))
	f.Add([]byte("<r>x<!--c-->y<a/>z&amp;<![CDATA[q]]>\r\n</r>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) <= 1<<16 {
			checkJoined(t, data)
		}
	})
}

// TestPlainStringIsTheTreesString checks that PlainString returns the
// string the tree holds for a value, not a copy, and the bytes of the run
// when the tree holds no such string (a bare tree, a text changed since
// the parse), with PlainText's offset either way.
func TestPlainStringIsTheTreesString(t *testing.T) {
	const doc = "<r><a>value one</a><b/><c><!--x-->v<d/></c></r>"
	for _, bare := range []bool{false, true} {
		lim := DefaultLimits
		lim.Bare = bare
		d, err := Parse(srctext.New("f", []byte(doc)), lim)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"a", "b", "c"} {
			e := d.Root.SelectElement(name)
			raw, off, ok := d.PlainText(e)
			s, off2, ok2 := d.PlainString(e)
			if s != string(raw) || off2 != off || ok2 != ok {
				t.Errorf("bare %v, <%s>: PlainString = %q, %d, %v; PlainText %q, %d, %v", bare, name, s, off2, ok2, raw, off, ok)
			}
			if bare || len(raw) == 0 {
				continue
			}
			var tree string
			for _, k := range e.Child {
				if c, isData := k.(*etree.CharData); isData {
					tree = c.Data
				}
			}
			if unsafe.StringData(s) != unsafe.StringData(tree) {
				t.Errorf("<%s>: PlainString made a copy of the tree's %q", name, tree)
			}
		}
	}
	d, err := Parse(srctext.New("f", []byte(doc)), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	e := d.Root.SelectElement("a")
	e.SetText("changed")
	if s, _, _ := d.PlainString(e); s != "value one" {
		t.Errorf("PlainString of a text changed since the parse = %q; expected the document's %q", s, "value one")
	}
}
