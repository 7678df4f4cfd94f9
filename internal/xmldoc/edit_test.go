package xmldoc_test

import (
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/beevik/etree"
)

func parse(t *testing.T, doc string) *xmldoc.Doc {
	t.Helper()
	x, err := xmldoc.Parse(srctext.New("f", []byte(doc)), xmldoc.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// apply makes edits of the document's own text and returns it.
func apply(t *testing.T, x *xmldoc.Doc, edits []lint.Edit) string {
	t.Helper()
	var cs []srctext.Change
	for _, e := range edits {
		if e.In != x.Src {
			t.Fatalf("an edit points into another text")
		}
		cs = append(cs, srctext.EditChange(e))
	}
	out, err := x.Src.Apply(cs)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func find(x *xmldoc.Doc, path string) *etree.Element { return x.Root.FindElement(path) }

func TestRenameEdits(t *testing.T) {
	for _, tc := range []struct{ doc, path, want string }{
		{"<a><b>1</b></a>", "b", "<a><B>1</B></a>"},
		{"<a><p:b xmlns:p='u'>1</p:b  \n></a>", "b", "<a><p:B xmlns:p='u'>1</p:B  \n></a>"},
		{"<a><b x='1'/></a>", "b", "<a><B x='1'/></a>"},
	} {
		x := parse(t, tc.doc)
		if got := apply(t, x, x.RenameEdits(find(x, "./"+tc.path), "B")); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.doc, got, tc.want)
		}
	}
}

func TestAttrValue(t *testing.T) {
	x := parse(t, `<a xmlns:p='https://x' b="1&amp;2"/>`)
	for qname, want := range map[string]string{"xmlns:p": "https://x", "b": "1&amp;2"} {
		s, e, ok := x.AttrValue(x.Root, qname)
		if !ok || string(x.Src.Data[s:e]) != want {
			t.Errorf("%s: %q, %v; want %q", qname, x.Src.Data[s:e], ok, want)
		}
	}
	if _, _, ok := x.AttrValue(x.Root, "c"); ok {
		t.Error("an absent attribute has a value")
	}
}

func TestMoveEdits(t *testing.T) {
	for _, tc := range []struct{ name, doc, want string }{
		{"whole lines, the indentation of the last child",
			"<r>\r\n  <m>1</m>\r\n  <t>\r\n    <k/>\r\n  </t>\r\n</r>\r\n",
			"<r>\r\n  <t>\r\n    <k/>\r\n    <m>1</m>\r\n  </t>\r\n</r>\r\n"},
		{"an element with a comment after it on its line",
			"<r>\n  <m>1</m> <!-- c -->\n  <t>\n  </t>\n</r>\n",
			"<r>\n  <!-- c -->\n  <t>\n  <m>1</m>\n  </t>\n</r>\n"},
		{"on one line", "<r><t></t><m>1</m></r>", "<r><t><m>1</m></t></r>"},
		{"a multi-line element keeps its own indentation",
			"<r>\n  <t>\n    <k/>\n  </t>\n      <m>\n        <n/>\n      </m>\n</r>\n",
			"<r>\n  <t>\n    <k/>\n      <m>\n        <n/>\n      </m>\n  </t>\n</r>\n"},
	} {
		x := parse(t, tc.doc)
		edits := x.MoveEdits(find(x, "./m"), find(x, "./t"))
		if got := apply(t, x, edits); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	x := parse(t, "<r><m><t></t></m><u/></r>")
	if e := x.MoveEdits(find(x, "./m"), find(x, "./m/t")); e != nil {
		t.Errorf("moved an element into itself: %v", e)
	}
	if e := x.MoveEdits(find(x, "./m"), find(x, "./u")); e != nil {
		t.Errorf("moved an element into one with no end tag: %v", e)
	}
}
