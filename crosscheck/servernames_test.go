package crosscheck

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

// TestServerNamesCompiledOnce compares 1,000 entries, each a regular
// expression, with 50 names: each entry is compiled once, not once per
// name (a list of 2,000 used to be compiled 100,000 times).
func TestServerNamesCompiledOnce(t *testing.T) {
	var entries, names []string
	for i := range MaxServerNamePatterns {
		entries = append(entries, fmt.Sprintf(`host%d\.corp\.example`, i))
	}
	for i := range 50 {
		names = append(names, fmt.Sprintf("name%d.corp.example", i))
	}
	p := compileServerNames(entries)
	if len(p.exact) != MaxServerNamePatterns || len(p.fold) != MaxServerNamePatterns {
		t.Fatalf("compiled %d and %d expressions, want %d each", len(p.exact), len(p.fold), MaxServerNamePatterns)
	}
	if got := p.match(names); got != noMatch {
		t.Errorf("match = %v", got)
	}
	if got := p.match(append(names, "HOST999.corp.example")); got != caseOnlyMatch {
		t.Errorf("match = %v, want a case-only match", got)
	}
}

// TestServerNamesBounded gives a block more entries than are compiled:
// the first MaxServerNamePatterns are regular expressions, the rest are
// compared literally, and repeated entries are compiled once.
func TestServerNamesBounded(t *testing.T) {
	var entries []string
	for i := range MaxServerNamePatterns + 500 {
		entries = append(entries, fmt.Sprintf(`nps%d\.corp\.example`, i), fmt.Sprintf(`nps%d\.corp\.example`, i))
	}
	p := compileServerNames(entries)
	if len(p.exact) != MaxServerNamePatterns || len(p.literal) != MaxServerNamePatterns+500 {
		t.Fatalf("%d expressions and %d literal entries", len(p.exact), len(p.literal))
	}
	if got := p.match([]string{"nps7.corp.example"}); got != exactMatch {
		t.Errorf("an entry within the bound: %v", got)
	}
	// Past the bound the entry is a literal: the escaped dots do not match.
	if got := p.match([]string{fmt.Sprintf("nps%d.corp.example", MaxServerNamePatterns+10)}); got != noMatch {
		t.Errorf("an entry past the bound matched as an expression: %v", got)
	}
}
