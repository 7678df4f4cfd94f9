package hostname

import (
	"math/rand"
	"regexp"
	"strings"
	"testing"
)

// reference is the regular expression Placeholder was, and must still
// agree with.
var reference = regexp.MustCompile(`(?i)(<[^<>]*>|\bx\.x\.x\.x\b|\byour[ _,-]|\b(changeme|change_me|replace_?me|placeholder|fixme|todo|tbd)\b)`)

func referencePlaceholder(s string) string {
	return strings.TrimRight(reference.FindString(s), " _,-")
}

// fragments are the pieces the differential test strings are made of:
// the words, their near misses, word and non-word neighbours, letters that
// case-fold outside ASCII, invalid UTF-8.
var fragments = []string{
	"<", ">", "<server>", "<a<b>", "x.x.x.x", "X.x.X.x", "x.x.x", "your", "YOUR", "you", "your_", "your-", "your,", "your ",
	"changeme", "CHANGEME", "change_me", "changemes", "replace_me", "replaceme", "replace__me", "placeholder", "PlaceHolder",
	"fixme", "todo", "ToDo", "tbd", "tbdx", "_", "-", " ", ",", ".", "a", "Z", "9", "é", "\u212a", "\u017f", "\u0130", "\u0131",
	"\xff", "\xe2\x80", "vpn.example.com", "dc1", "\t", "\n",
}

// TestPlaceholderSameAsRegexp compares Placeholder with the regular
// expression on 200,000 strings made of the fragments above, and on the
// examples of TestPlaceholder.
func TestPlaceholderSameAsRegexp(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	found := 0
	for range 200_000 {
		var b strings.Builder
		for range rng.Intn(6) + 1 {
			b.WriteString(fragments[rng.Intn(len(fragments))])
		}
		s := b.String()
		got, want := Placeholder(s), referencePlaceholder(s)
		if got != want {
			t.Fatalf("Placeholder(%q) = %q, the regular expression %q", s, got, want)
		}
		if got != "" {
			found++
		}
	}
	if found < 50_000 {
		t.Errorf("only %d strings held a placeholder", found)
	}
}

func FuzzPlaceholder(f *testing.F) {
	for _, s := range fragments {
		f.Add(s)
	}
	f.Add("Replace with YOUR_SERVER <x> and TODO: x.x.x.x")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Placeholder(s), referencePlaceholder(s); got != want {
			t.Fatalf("Placeholder(%q) = %q, the regular expression %q", s, got, want)
		}
	})
}
