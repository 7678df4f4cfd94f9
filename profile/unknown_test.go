package profile_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/profile"
)

// TestSuggestionsStopPastTheCap gives a profile many misspelt elements:
// the first lint.MaxPerRule get a suggestion, the rest (whose findings are
// only counted) are not compared with the element table, and every one
// is still recorded as unknown.
func TestSuggestionsStopPastTheCap(t *testing.T) {
	const n = lint.MaxPerRule + 500
	var b strings.Builder
	b.WriteString("<VPNProfile>")
	for i := range n {
		fmt.Fprintf(&b, "<AlwaysOnn%d/>", i%10) // one edit from AlwaysOn, and then a digit
	}
	b.WriteString("<alwayson>true</alwayson></VPNProfile>")
	p := profile.Parse(readOne(t, "many.xml", b.String()).Docs[0].XML)
	if len(p.Unknown) != n+1 {
		t.Fatalf("%d unknown elements, want %d", len(p.Unknown), n+1)
	}
	suggested := 0
	for _, u := range p.Unknown[:n] {
		if u.Suggest != "" {
			suggested++
		}
	}
	if suggested != lint.MaxPerRule {
		t.Errorf("%d suggestions, want one for each of the first %d", suggested, lint.MaxPerRule)
	}
	// A name differing only by case is still recognised past the cap: it
	// decides the finding's severity.
	if last := p.Unknown[n]; last.Suggest != "AlwaysOn" || !last.CaseOnly {
		t.Errorf("the last element: %+v", last)
	}
}
