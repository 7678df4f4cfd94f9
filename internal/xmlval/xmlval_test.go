package xmlval

import (
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
)

func TestEntriesAndPositions(t *testing.T) {
	doc := "<r>\n  <Servers> vpn1.example.com;vpn1 , &amp;x;;</Servers>\n</r>"
	x, err := xmldoc.Parse(srctext.New("f", []byte(doc)), xmldoc.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	v := Of(x, x.Root.ChildElements()[0])
	got := v.Entries(",;")
	want := []string{"vpn1.example.com", "vpn1", "&x"}
	if len(got) != len(want) {
		t.Fatalf("entries %v", got)
	}
	cols := []int{13, 30, 37}
	for i, e := range got {
		if e.Value != want[i] {
			t.Errorf("entry %d = %q, want %q", i, e.Value, want[i])
		}
		if p := v.PosAt(e.Offset); p.Line != 2 || p.Col != cols[i] {
			t.Errorf("entry %q at %v, want 2:%d", e.Value, p, cols[i])
		}
	}
	if b, ok := (Text{Value: "TRUE", Present: true}).Bool(); !ok || !b {
		t.Error("TRUE is not read as true")
	}
	if _, ok := (Text{Value: "yes", Present: true}).Bool(); ok {
		t.Error("yes read as a boolean")
	}
}
