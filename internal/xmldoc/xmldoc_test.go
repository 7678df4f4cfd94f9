package xmldoc

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/beevik/etree"
)

func parse(t *testing.T, s string) (*Doc, *Error) {
	t.Helper()
	return Parse(srctext.New("f.xml", []byte(s)), DefaultLimits)
}

// TestErrorPositions checks that each kind of syntax error points at the
// byte the parser could not accept.
func TestErrorPositions(t *testing.T) {
	tests := []struct {
		doc     string
		at      string // line:col
		msg     string // substring of the message
		related string // line:col of the related start tag, if any
	}{
		{"<a><b>x</ b></a>", "1:10", "expected element name after </", ""},
		{"<a>\n<EapHostConfigxmlns=\"http://x\"></EapHostConfigxmlns></a>", "2:20", "expected attribute name", ""},
		{"<a>\n<b>\n<b>\n</b>\n</a>", "5:1", "element <b> closed by </a>", "2:1"},
		{"<a>&lol;</a>", "1:4", "invalid character entity &lol;", ""},
		{"<a>\n  <b>", "2:6", "<b> (line 2) is not closed", "2:3"},
		{"<a>\x01</a>", "1:4", "illegal character code", ""},
		{"<a>é\x01</a>", "1:6", "illegal character code", ""},
		{"<a><!-- x -- y --></a>", "1:11", `"--" not allowed`, ""},
		{"<a x='1' x='2'/>", "1:10", "attribute x repeated", ""},
		{"<a/><b/>", "1:5", "second root element <b>", ""},
		{"<a/>junk", "1:5", "text outside the root element", ""},
		{"<!-- only a comment -->", "1:24", "no root element", ""},
		{"<p:a/>", "1:2", `prefix "p"`, ""},
		{"<a b=c/>", "1:6", "unquoted or missing attribute value", ""},
		{"<a><b></a>", "1:7", "element <b> closed by </a>", "1:4"},
		{"<a></b>", "1:4", "element <a> closed by </b>", "1:1"},
		{"<a b='x<y'/>", "1:8", "unescaped < inside quoted string", ""},
		{"<a>\r\n<b x='1'\r\n y/></a>", "3:3", "attribute name without =", ""},
	}
	for _, tc := range tests {
		_, err := parse(t, tc.doc)
		if err == nil {
			t.Errorf("%q: parsed, want error %q", tc.doc, tc.msg)
			continue
		}
		got := fmt.Sprintf("%d:%d", err.Pos.Line, err.Pos.Col)
		if got != tc.at || !strings.Contains(err.Msg, tc.msg) {
			t.Errorf("%q: error at %s %q, want %s containing %q", tc.doc, got, err.Msg, tc.at, tc.msg)
		}
		rel := ""
		if len(err.Related) > 0 {
			rel = fmt.Sprintf("%d:%d", err.Related[0].Pos.Line, err.Related[0].Pos.Col)
		}
		if rel != tc.related {
			t.Errorf("%q: related %q, want %q", tc.doc, rel, tc.related)
		}
	}
}

func TestPositions(t *testing.T) {
	doc := "<!-- c -->\r\n<r xmlns=\"urn:x\">\r\n  <a k=\"v\"\r\n     j='w'>text</a>\r\n  <b/><c>  &lt;x&gt;</c>\r\n</r>"
	d, err := parse(t, doc)
	if err != nil {
		t.Fatal(err)
	}
	a := d.Root.ChildElements()[0]
	b := d.Root.ChildElements()[1]
	c := d.Root.ChildElements()[2]
	checks := []struct {
		what string
		got  fmt.Stringer
		want string
	}{
		{"root", d.Pos(d.Root), "f.xml:2:1"},
		{"a", d.Pos(a), "f.xml:3:3"},
		{"a@k", d.AttrPos(a, "k"), "f.xml:3:6"},
		{"a@j", d.AttrPos(a, "j"), "f.xml:4:6"},
		{"a text", d.TextPos(a), "f.xml:4:12"},
		{"b", d.Pos(b), "f.xml:5:3"},
		{"b text (none)", d.TextPos(b), "f.xml:5:3"},
		{"c text", d.TextPos(c), "f.xml:5:12"},
		{"comment", d.Comments[0].Pos, "f.xml:1:1"},
	}
	for _, c := range checks {
		if c.got.String() != c.want {
			t.Errorf("%s at %s, want %s", c.what, c.got, c.want)
		}
	}
	if got := d.Space(a); got != "urn:x" {
		t.Errorf("namespace of a = %q, want urn:x", got)
	}
	if got := string(d.Text(c).Data); got != "  <x>" {
		t.Errorf("text of c = %q", got)
	}
}

// TestTextMatchesEncodingXML checks the position-keeping decoder against
// encoding/xml's own character data on tricky inputs.
func TestTextMatchesEncodingXML(t *testing.T) {
	for _, inner := range []string{
		"plain", "a &amp; b", "&#60;x&#x3E;", "line1\r\nline2\rline3\n", "<![CDATA[<raw & \r\n stuff>]]>",
		"&quot;&apos;&lt;&gt;", "中文&#x4E2D;", "  ",
	} {
		doc := "<r>" + inner + "</r>"
		d, err := parse(t, doc)
		if err != nil {
			t.Fatalf("%q: %v", doc, err)
		}
		var want struct {
			Text string `xml:",chardata"`
		}
		if err := xml.Unmarshal([]byte(doc), &want); err != nil {
			t.Fatal(err)
		}
		text := d.Text(d.Root)
		if string(text.Data) != want.Text {
			t.Errorf("%q: decoded %q, encoding/xml %q", inner, text.Data, want.Text)
		}
		// Every decoded byte maps inside the element's content.
		for i := range text.Data {
			if off, _ := text.Root(i); off < 3 || off >= len(doc)-4 {
				t.Errorf("%q: byte %d maps to offset %d, outside the content", inner, i, off)
			}
		}
	}
}

func TestLimits(t *testing.T) {
	deep := strings.Repeat("<a>", 300) + strings.Repeat("</a>", 300)
	_, err := parse(t, deep)
	if err == nil || err.Kind != TooDeep || err.Observed != 257 || err.Limit != 256 {
		t.Fatalf("deep: %+v", err)
	}
	wide := "<r>" + strings.Repeat("<a/>", 100_000) + "</r>"
	_, err = parse(t, wide)
	if err == nil || err.Kind != TooMany || err.Observed != 100_001 {
		t.Fatalf("wide: %+v", err)
	}
	ok := "<r>" + strings.Repeat("<a/>", 99_999) + "</r>"
	if _, err := parse(t, ok); err != nil {
		t.Fatalf("100,000 elements refused: %v", err)
	}
	if _, err := parse(t, strings.Repeat("<a>", 256)+strings.Repeat("</a>", 256)); err != nil {
		t.Fatalf("depth 256 refused: %v", err)
	}
}

func TestEntitiesRefused(t *testing.T) {
	bomb := `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<VPNProfile>&lol2;</VPNProfile>`
	_, err := parse(t, bomb)
	if err == nil || err.Kind != Entities || err.Pos.Line != 2 {
		t.Fatalf("bomb: %+v", err)
	}
	ext := "<!DOCTYPE r SYSTEM \"file:///etc/passwd\"><r/>"
	if _, err := parse(t, ext); err == nil || err.Kind != Entities || !strings.Contains(err.Msg, "external DTD") {
		t.Fatalf("external DTD: %+v", err)
	}
	// An entity reference without a declaration is simply malformed.
	if _, err := parse(t, "<r>&xxe;</r>"); err == nil || err.Kind != Malformed {
		t.Fatalf("undeclared entity: %+v", err)
	}
	// A DOCTYPE without entities is harmless.
	if _, err := parse(t, "<!DOCTYPE r><r/>"); err != nil {
		t.Fatalf("plain DOCTYPE: %v", err)
	}
}

// TestPositionsAfterChange checks that an element keeps its position when
// the tree is changed after parsing (an element put before it, one taken
// out), and that an element the parser did not build has none.
func TestPositionsAfterChange(t *testing.T) {
	d, err := parse(t, "<r>\n <a/>\n <b><c/></b>\n <d/>\n</r>")
	if err != nil {
		t.Fatal(err)
	}
	kids := d.Root.ChildElements()
	want := map[*etree.Element]string{}
	for _, e := range append(kids, kids[1].ChildElements()...) {
		want[e] = d.Pos(e).String()
	}
	added := etree.NewElement("new")
	d.Root.InsertChildAt(0, added)
	d.Root.RemoveChild(kids[2])
	kids[1].InsertChildAt(0, etree.NewText("x"))
	for e, pos := range want {
		if got := d.Pos(e).String(); got != pos {
			t.Errorf("<%s> at %s after the change, want %s", e.Tag, got, pos)
		}
	}
	copied := d.Root.Copy()
	for _, e := range []*etree.Element{added, copied, copied.ChildElements()[1]} {
		if got := d.Pos(e).String(); got != "f.xml:1:1" {
			t.Errorf("<%s>, not parsed, at %s; want the start of the file", e.Tag, got)
		}
	}
}

// TestElementsLinear checks that listing the elements of a document costs
// time in proportion to their number however deep they nest: a child is
// found from its parent, not from the root. Ten thousand elements in
// chains 250 deep take no more than three times as long as ten thousand
// in chains 25 deep.
func TestElementsLinear(t *testing.T) {
	chains := func(depth, n int) *Doc {
		chain := strings.Repeat("<a>", depth) + strings.Repeat("</a>", depth)
		d, err := Parse(srctext.New("f", []byte("<r>"+strings.Repeat(chain, n)+"</r>")), Limits{MaxDepth: 256, MaxElements: 1_000_000})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	shallow, deep := chains(25, 400), chains(250, 40)
	var ts, td time.Duration
	watchdog(t, func() {
		ts = fastest(func() { shallow.Elements() })
		td = fastest(func() { deep.Elements() })
	})
	if td > 3*ts {
		t.Errorf("elements 250 deep took %v against %v for as many 25 deep", td, ts)
	}
	if got := len(deep.Elements()); got != 40*250+1 {
		t.Errorf("%d elements listed", got)
	}
}

// TestPlainTextIsText checks PlainText, which Text uses when it can,
// against the text decoded run by run (what Text does otherwise) on every
// element of the repository's and the shared XML files: where PlainText
// reads the text in place, it must give the same bytes at the same
// positions; and it must decline the texts that need decoding.
func TestPlainTextIsText(t *testing.T) {
	var plain, declined int
	for _, f := range readReferenceFiles(t) {
		path, raw := f.path, f.raw
		d, perr := Parse(srctext.New(path, raw), DefaultLimits)
		if perr != nil {
			continue
		}
		for _, e := range d.elems {
			b, off, ok := d.PlainText(e)
			text := decodedText(d, e)
			if !ok {
				declined++
				continue
			}
			plain++
			if !bytes.Equal(b, text.Data) {
				t.Fatalf("%s: <%s>: PlainText %q, Text %q", path, e.Tag, b, text.Data)
			}
			for _, k := range []int{0, len(b) / 2, len(b) - 1} {
				if k < 0 || k >= len(b) {
					continue
				}
				if got, want := d.Src.Pos(off+k), text.Pos(k); got != want {
					t.Fatalf("%s: <%s>: byte %d at %v by PlainText, %v by Text", path, e.Tag, k, got, want)
				}
			}
		}
	}
	t.Logf("%d texts read in place, %d declined", plain, declined)
	if plain == 0 || declined == 0 {
		t.Errorf("%d texts read in place, %d declined: want some of each", plain, declined)
	}
}

// decodedText is e's text decoded run by run, as Text decodes a text
// PlainText declines.
func decodedText(d *Doc, e *etree.Element) *srctext.Text {
	var b srctext.Builder
	if n := d.node(e); n != nil {
		for k := n.text; k >= 0; k = d.texts[k].next {
			decodeCharData(&b, d.Src.Data, d.texts[k].start, d.texts[k].end)
		}
	}
	return b.Text(d.Src)
}
