// Package wording holds the small helpers that every package's messages
// share, so that findings read alike: counts, quoted values, lists.
package wording

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
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

// MaxQuote is the most characters of input text a message shows in one
// place; longer text is cut and ends in "...".
const MaxQuote = 60

// Inline makes text from an input safe to show inside a message, as it is
// and without quotation marks: every character that is not printable
// (control characters, line breaks, bidirectional overrides and other
// format characters, bytes that are not UTF-8) is written as a Go escape
// such as \x1b, \n or \u202e, so that input can neither forge a line of a
// report nor reach a terminal raw, and text longer than [MaxQuote]
// characters is cut to its first MaxQuote-3 followed by "...". Text that
// may hold a secret goes through srctext's Quote, which calls Inline.
func Inline(s string) string { return InlineN(s, MaxQuote) }

// MaxURI is how many characters of a URI from the input a message shows:
// namespace URIs are longer than other quoted text.
const MaxURI = 200

// InlineN is [Inline] with a limit of n characters instead of MaxQuote.
func InlineN(s string, n int) string {
	if utf8.RuneCountInString(s) > n {
		count := 0
		for i := range s {
			if count == n-3 {
				return Escape(s[:i]) + "..."
			}
			count++
		}
	}
	return Escape(s)
}

// Escape writes every character of s that is not printable (control
// characters, line breaks, bidirectional overrides and other format
// characters) as a Go escape such as \x1b, \n or \u202e, and each byte
// that is not UTF-8 as \xff; the rest, backslashes included, is kept.
func Escape(s string) string {
	i := 0
	for i < len(s) && s[i] >= 0x20 && s[i] < 0x7f {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unicode.IsPrint(r):
			b.WriteString(s[i : i+size])
		default:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
		i += size
	}
	return b.String()
}

// JoinAnd joins xs as "a, b and c".
func JoinAnd(xs []string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}
