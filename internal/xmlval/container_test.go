package xmlval

import (
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
)

// TestContainerTextWithoutItsMap checks that Of reads a container's
// indentation as one string, without the mapped text Doc.Text makes (4
// allocations before: its bytes, its map, the text and the string; 1
// now), and that the mapped text, made when asked for, is one for the
// element: the edits of two reads of it point into the same text.
func TestContainerTextWithoutItsMap(t *testing.T) {
	x, err := xmldoc.Parse(srctext.New("f", []byte("<r>\n  <NativeProfile>\n    <A>1</A>\n    <B>2</B>\n  </NativeProfile>\n</r>")), xmldoc.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	e := x.Root.SelectElement("NativeProfile")
	if n := testing.AllocsPerRun(10, func() { sink = Of(x, e) }); n > 1 {
		t.Errorf("Of read a container's text with %.0f allocations; expected 1", n)
	}
	a, b := Of(x, e).Replace("x"), Of(x, e).Replace("x")
	if len(a) != 1 || len(b) != 1 || a[0].In != b[0].In || a[0].Start != len("\n    \n    \n  ") {
		t.Errorf("edits %+v and %+v: expected one insertion after the indentation, into one text", a, b)
	}
	if got, want := Of(x, e).PosAt(6), x.Src.Pos(len("<r>\n  <NativeProfile>\n    <A>1</A>\n")); got != want {
		t.Errorf("PosAt(6) = %v, want %v", got, want)
	}
}

var sink Text

// TestValueTextWithoutACopy checks that Of reads a value of one run that
// decodes to itself without allocating (2 allocations before: a copy of
// the string the tree holds and a slice of the document's text to map
// it), and that the mapped text, made when asked for, is one for the
// element and maps the value where it is written.
func TestValueTextWithoutACopy(t *testing.T) {
	const doc = "<r>\n  <Servers> vpn.example.com;b.example.com</Servers>\n</r>"
	x, err := xmldoc.Parse(srctext.New("f", []byte(doc)), xmldoc.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	e := x.Root.SelectElement("Servers")
	if n := testing.AllocsPerRun(10, func() { sink = Of(x, e) }); n != 0 {
		t.Errorf("Of read a value with %.0f allocations; expected none", n)
	}
	v := Of(x, e)
	if v.Raw != " vpn.example.com;b.example.com" || v.Value != "vpn.example.com;b.example.com" {
		t.Errorf("Raw %q, Value %q: expected the text as written and trimmed", v.Raw, v.Value)
	}
	a, b := Of(x, e).Replace("x"), Of(x, e).Replace("x")
	if len(a) != 1 || len(b) != 1 || a[0].In != b[0].In || a[0].Start != 1 {
		t.Errorf("edits %+v and %+v: expected one replacement after the space, into one text", a, b)
	}
	at := strings.Index(doc, "b.example.com")
	if got, want := v.PosAt(at-strings.Index(doc, " vpn")), x.Src.Pos(at); got != want {
		t.Errorf("PosAt of the second entry = %v, want %v", got, want)
	}
	if got, want := v.ValuePos, x.Src.Pos(strings.Index(doc, "vpn.")); got != want {
		t.Errorf("ValuePos = %v, want %v", got, want)
	}
}
