package xmlval

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
	"github.com/beevik/etree"
)

// refOf is Of as it was before issue 17, kept as the reference the faster
// Of must match: the text decoded by Doc.Text, and again by Doc.TextPos.
func refOf(x *xmldoc.Doc, e *etree.Element) Text {
	raw := x.Text(e)
	s := string(raw.Data)
	return Text{Value: strings.TrimSpace(s), Raw: s, Pos: x.Pos(e), ValuePos: x.TextPos(e), Present: true, src: raw}
}

// variants returns the documents a test document is read as: itself, with
// CR LF line ends (texts that decode to other bytes), and escaped and
// unescaped again, as input reads an EapHostConfig escaped inside a
// profile (a document whose text is itself derived).
func variants(data []byte) []*srctext.Text {
	out := []*srctext.Text{
		srctext.New("f", data),
		srctext.New("f", bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))),
	}
	var esc bytes.Buffer
	if xml.EscapeText(&esc, data) == nil {
		out = append(out, xmldoc.Unescape(srctext.New("f", esc.Bytes())))
	}
	return out
}

// sameAsReference parses src and fails when Of differs from refOf on any
// of its elements: a field, a position of any offset of the text, the
// way back of a change of any range of it, or an edit.
func sameAsReference(t *testing.T, src *srctext.Text) int {
	t.Helper()
	x, err := xmldoc.Parse(src, xmldoc.DefaultLimits)
	if err != nil {
		return 0
	}
	n := 0
	var visit func(e *etree.Element)
	visit = func(e *etree.Element) {
		n++
		got, want := Of(x, e), refOf(x, e)
		if d := diffText(got, want); d != "" {
			t.Fatalf("Of(<%s>) at %v differs from the reference: %s", e.Tag, want.Pos, d)
		}
		for c := range e.ChildElementsSeq() {
			visit(c)
		}
	}
	visit(x.Root)
	return n
}

// diffText says how got differs from want, or returns "".
func diffText(got, want Text) string {
	gs, ws := got.source(), want.source()
	got.src, want.src = nil, nil
	got.doc, got.elem, want.doc, want.elem = nil, nil, nil, nil
	got.plain, got.off, want.plain, want.off = false, 0, false, 0
	if got != want {
		return fmt.Sprintf("got %+v, want %+v", got, want)
	}
	if (gs == nil) != (ws == nil) {
		return fmt.Sprintf("mapped %v, want %v", gs != nil, ws != nil)
	}
	if gs == nil {
		return ""
	}
	if !bytes.Equal(gs.Data, ws.Data) || gs.Parent() != ws.Parent() || gs.Depth() != ws.Depth() {
		return fmt.Sprintf("text %q (parent %p), want %q (parent %p)", gs.Data, gs.Parent(), ws.Data, ws.Parent())
	}
	size := len(gs.Data)
	// Every offset for a short text; the ends, the middle and the value's
	// ends of a long one.
	lead := len(got.Raw) - len(strings.TrimLeft(got.Raw, " \t\r\n"))
	offs := []int{0, 1, lead, lead + len(got.Value), size / 2, size - 1, size}
	if size <= 12 {
		offs = offs[:0]
		for i := 0; i <= size; i++ {
			offs = append(offs, i)
		}
	}
	for _, i := range offs {
		if i < 0 || i > size {
			continue
		}
		if g, w := got.PosAt(i), want.PosAt(i); g != w {
			return fmt.Sprintf("PosAt(%d) = %v, want %v", i, g, w)
		}
		if g, gok := gs.Root(i); true {
			if w, wok := ws.Root(i); g != w || gok != wok {
				return fmt.Sprintf("Root(%d) = %d %v, want %d %v", i, g, gok, w, wok)
			}
		}
		for _, j := range offs {
			if j < i || j > size {
				continue
			}
			c := srctext.Change{Start: i, End: j, Pieces: []srctext.Piece{{Lit: "x"}, {Copy: true, Start: i, End: j}}}
			g, gerr := gs.Lift(c)
			w, werr := ws.Lift(c)
			if fmt.Sprint(g, gerr) != fmt.Sprint(w, werr) {
				return fmt.Sprintf("Lift(%d-%d) = %v %v, want %v %v", i, j, g, gerr, w, werr)
			}
		}
	}
	for _, v := range []string{"", "x", got.Value} {
		if g, w := fmt.Sprint(got.Replace(v)), fmt.Sprint(want.Replace(v)); strings.ReplaceAll(g, fmt.Sprintf("%p", gs), "") != strings.ReplaceAll(w, fmt.Sprintf("%p", ws), "") {
			return fmt.Sprintf("Replace(%q) = %s, want %s", v, g, w)
		}
	}
	entries := got.Entries(",;")
	for i := range entries {
		g, w := got.DeleteEntry(entries, i), want.DeleteEntry(entries, i)
		if len(g) != len(w) || len(g) == 1 && (g[0].Start != w[0].Start || g[0].End != w[0].End || g[0].New != w[0].New) {
			return fmt.Sprintf("DeleteEntry(%d) = %+v, want %+v", i, g, w)
		}
	}
	return ""
}

// testDocuments returns the XML test documents of the module's parsers.
func testDocuments(t testing.TB) map[string][]byte {
	docs := map[string][]byte{}
	for _, dir := range []string{"../../profile/testdata", "../../eapxml/testdata", "../../input/testdata", "../../fixtures/profiles", "../../fixtures/scenario/profiles"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
		for _, p := range files {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			docs[p] = data
		}
	}
	if len(docs) < 50 {
		t.Fatalf("%d test documents found; expected the parsers' test data", len(docs))
	}
	return docs
}

// TestOfMatchesReference checks that Of reads every element of the
// parsers' test documents as the Of of before issue 17 did.
func TestOfMatchesReference(t *testing.T) {
	elems := 0
	for name, data := range testDocuments(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			for _, v := range variants(data) {
				elems += sameAsReference(t, v)
			}
		})
	}
	if elems < 1000 {
		t.Fatalf("%d elements compared; expected the elements of every test document", elems)
	}
}

// FuzzOfMatchesReference compares Of with the reference on any document.
func FuzzOfMatchesReference(f *testing.F) {
	for _, data := range testDocuments(f) {
		f.Add(data)
	}
	f.Add([]byte("<r>\n  <Servers> vpn1.example.com;vpn1 , &amp;x;;</Servers><a><![CDATA[ x\r]]> y &#x20;<!-- c -->z\r\n</a><b/></r>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		for _, v := range variants(data) {
			sameAsReference(t, v)
		}
	})
}
