package crosscheck

import (
	"fmt"
	"regexp"
	"strings"
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

// referenceServerNames is compileServerNames before dotted entries: every
// entry with a special character is compiled. dotMatch must match as the
// programs do.
func referenceServerNames(entries []string) serverNames {
	p := serverNames{literal: map[string]bool{}, folded: map[string]bool{}}
	for _, e := range entries {
		if p.literal[e] {
			continue
		}
		p.literal[e] = true
		p.folded[strings.ToLower(e)] = true
		if !strings.ContainsAny(e, `\.+*?()|[]{}^$`) || len(p.exact) >= MaxServerNamePatterns {
			continue
		}
		if re, err := regexp.Compile("^(?:" + e + ")$"); err == nil {
			p.exact = append(p.exact, re)
		}
		if re, err := regexp.Compile("(?i)^(?:" + e + ")$"); err == nil {
			p.fold = append(p.fold, re)
		}
	}
	return p
}

// The runes the differential test builds entries and names of: dots,
// letters whose case folding orbits have two or three members (k, K and
// the Kelvin sign; s, S and the long s), a newline, an invalid byte,
// U+FFFD, a two-byte rune, and for entries an escaped dot (a program).
var (
	entryRunes = []string{".", "k", "K", "\u212a", "\n", "\xff", "\ufffd", "é", "\\."}
	nameRunes  = []string{".", "a", "k", "K", "\u212a", "s", "S", "\u017f", "\n", "\xff", "\ufffd", "é", "É"}
)

// strings3 returns every string of up to three of runes.
func strings3(runes []string) []string {
	out, level := []string{""}, []string{""}
	for range 3 {
		var next []string
		for _, p := range level {
			for _, r := range runes {
				next = append(next, p+r)
			}
		}
		out, level = append(out, next...), next
	}
	return out
}

// TestDotMatchAsRegexp compares every entry of up to three of entryRunes
// with every name of up to three of nameRunes: the same match as the
// compiled programs.
func TestDotMatchAsRegexp(t *testing.T) {
	entries, names := strings3(entryRunes), strings3(nameRunes)
	dotted := 0
	for _, e := range entries {
		p, ref := compileServerNames([]string{e}), referenceServerNames([]string{e})
		dotted += len(p.dotted)
		for _, n := range names {
			if got, want := p.match([]string{n}), ref.match([]string{n}); got != want {
				t.Fatalf("entry %q, name %q: %v, the program gives %v", e, n, got, want)
			}
		}
	}
	if dotted < 100 {
		t.Fatalf("only %d of %d entries matched without a program", dotted, len(entries))
	}
}

// FuzzDotMatchAsRegexp compares dotMatch with the programs on any entry
// and name.
func FuzzDotMatchAsRegexp(f *testing.F) {
	f.Add("nps.corp.example", "NPS.corp.example")
	f.Add("\u212a.s", "k\n\u017f")
	f.Fuzz(func(t *testing.T, entry, name string) {
		if len(entry) > 2*maxDotted {
			return
		}
		if got, want := compileServerNames([]string{entry}).match([]string{name}), referenceServerNames([]string{entry}).match([]string{name}); got != want {
			t.Fatalf("entry %q, name %q: %v, the program gives %v", entry, name, got, want)
		}
	})
}
