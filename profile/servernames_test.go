package profile

import (
	"fmt"
	"testing"
)

func TestServerNamesMatch(t *testing.T) {
	p := compileServerNames([]string{"nps1.corp.example", `nps\d+\.corp\.example`, "Radius.Corp.Example", "[broken"})
	for names, want := range map[string]nameMatch{
		"nps1.corp.example":   exactMatch,
		"nps42.corp.example":  exactMatch, // the regular expression
		"NPS42.corp.example":  caseOnlyMatch,
		"radius.corp.example": caseOnlyMatch, // only the literal in another case
		"other.example":       noMatch,
		"[broken":             exactMatch, // an invalid expression is still a literal name
	} {
		if got := p.match([]string{names}); got != want {
			t.Errorf("%s: %v, want %v", names, got, want)
		}
	}
}

// TestServerNamesCompiledOnce compares 2,000 entries, each a regular
// expression, with 50 names: each entry is compiled once, not once per
// name (the list used to be compiled 100,000 times).
func TestServerNamesCompiledOnce(t *testing.T) {
	var entries, names []string
	for i := range 2000 {
		entries = append(entries, fmt.Sprintf(`host%d\.corp\.example`, i))
	}
	for i := range 50 {
		names = append(names, fmt.Sprintf("name%d.corp.example", i))
	}
	p := compileServerNames(entries)
	if len(p.exact) != 2000 || len(p.fold) != 2000 {
		t.Fatalf("compiled %d and %d expressions, want 2,000 each", len(p.exact), len(p.fold))
	}
	if got := p.match(names); got != noMatch {
		t.Errorf("match = %v", got)
	}
	if got := p.match(append(names, "HOST1999.corp.example")); got != caseOnlyMatch {
		t.Errorf("match = %v, want a case-only match", got)
	}
}
