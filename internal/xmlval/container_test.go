package xmlval

import (
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
