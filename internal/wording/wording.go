// Package wording holds the small helpers that every package's messages
// share, so that findings read alike: counts, quoted values, lists.
package wording

import (
	"fmt"
	"strings"
)

// Plural writes a count with its noun: "1 route", "2 routes".
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Quote shows a value in a message: trimmed, quoted and cut to 60
// characters, or "empty".
func Quote(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "empty"
	}
	if r := []rune(s); len(r) > 60 {
		s = string(r[:57]) + "..."
	}
	return fmt.Sprintf("%q", s)
}

// JoinAnd joins xs as "a, b and c".
func JoinAnd(xs []string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}
