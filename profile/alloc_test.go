package profile_test

import (
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/profile"
)

// TestParseAllocationsPerElement checks what profile.Parse allocates for
// each element it accepts, counted on the difference between a profile of
// 200 routes and one of 100 (five elements each): the value of each leaf
// (its text and string), and the text of each Route, but no node, list
// of children or path of its own for each element, which the walk carves
// from chunks and takes from the table.
func TestParseAllocationsPerElement(t *testing.T) {
	allocs := func(routes int) float64 {
		var b strings.Builder
		b.WriteString("<VPNProfile><NativeProfile><Servers>vpn.example.com</Servers></NativeProfile>\n")
		for range routes {
			b.WriteString("  <Route>\n    <Address>10.0.0.1</Address>\n    <PrefixSize>32</PrefixSize>\n    <ExclusionRoute>false</ExclusionRoute>\n    <Metric>1</Metric>\n  </Route>\n")
		}
		b.WriteString("</VPNProfile>\n")
		f := input.Read("p.xml", []byte(b.String()), input.Limits{})
		if len(f.Docs) != 1 || f.Docs[0].XML == nil {
			t.Fatalf("not read: %+v", f.Problems)
		}
		x := f.Docs[0].XML
		return testing.AllocsPerRun(5, func() {
			if p := profile.Parse(x); len(p.Routes) != routes {
				t.Fatalf("%d routes, want %d", len(p.Routes), routes)
			}
		})
	}
	perElement := (allocs(200) - allocs(100)) / (100 * 5)
	// A leaf value is two allocations (its text and its string), a
	// Route's text of indentation four (xmldoc's Doc.Text makes its bytes
	// and map at their size): 12 for five elements, and the lists of
	// values and routes growing. Before the chunks, 5.4; with them but
	// Doc.Text's map grown run by run, 2.9.
	if perElement > 2.5 {
		t.Errorf("profile.Parse made %.2f allocations per element", perElement)
	}
	t.Logf("%.2f allocations per element", perElement)
}
