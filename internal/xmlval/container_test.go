package xmlval

import (
	"runtime"
	"strings"
	"testing"
	"time"

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
// it), and that the mapped text, made when asked for, maps the value
// where it is written, for every read of it.
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
	if len(a) != 1 || len(b) != 1 || a[0].Start != 1 || a[0].In.Pos(1) != x.Src.Pos(strings.Index(doc, "vpn.")) ||
		b[0].In.Pos(b[0].Start) != a[0].In.Pos(a[0].Start) || a[0].In.Pos(len(v.Raw)) != x.Src.Pos(strings.Index(doc, "</Servers>")) {
		t.Errorf("edits %+v and %+v: expected one replacement after the space, in the value's text as mapped to the file", a, b)
	}
	at := strings.Index(doc, "b.example.com")
	if got, want := v.PosAt(at-strings.Index(doc, " vpn")), x.Src.Pos(at); got != want {
		t.Errorf("PosAt of the second entry = %v, want %v", got, want)
	}
	if got, want := v.ValuePos, x.Src.Pos(strings.Index(doc, "vpn.")); got != want {
		t.Errorf("ValuePos = %v, want %v", got, want)
	}
}

// A value's Text kept after its document (an NPS export's values are kept
// for the whole run) keeps the file's bytes, not the document's tree: the
// document is collected while the Text lives, and the Text's positions
// still work.
func TestValueKeepsNoDocument(t *testing.T) {
	const doc = "<r>\n  <Servers> vpn.example.com;b.example.com</Servers>\n</r>"
	src := srctext.New("f", []byte(doc))
	collected := make(chan struct{})
	v := func() Text {
		x, err := xmldoc.Parse(src, xmldoc.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		runtime.SetFinalizer(x, func(*xmldoc.Doc) { close(collected) })
		return Of(x, x.Root.SelectElement("Servers"))
	}()
	deadline := time.Now().Add(10 * time.Second)
	for done := false; !done; {
		runtime.GC()
		select {
		case <-collected:
			done = true
		case <-time.After(10 * time.Millisecond):
			if time.Now().After(deadline) {
				t.Fatal("the document was not collected while a value's Text of it was kept")
			}
		}
	}
	at := strings.Index(doc, "b.example.com")
	if got, want := v.PosAt(at-strings.Index(doc, " vpn")), src.Pos(at); got != want {
		t.Errorf("PosAt after the document was collected = %v, want %v", got, want)
	}
	runtime.KeepAlive(v)
}
