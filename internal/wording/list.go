package wording

import (
	"fmt"
	"strings"
)

// MaxListed is how many items of a list a message shows; the others are
// counted, so that no message grows with the input.
const MaxListed = 5

// Some joins at most MaxListed of xs with sep and says how many more
// there are: "a, b, c, d, e and 1,995 more".
func Some(xs []string, sep string) string { return SomeN(xs, len(xs), sep) }

// SomeN is Some for a list of total items of which the caller wrote out
// only the first ones, at least MaxListed of them when there are more, so
// that items never shown need not be made.
func SomeN(first []string, total int, sep string) string {
	if total <= MaxListed {
		return strings.Join(first[:total], sep)
	}
	return strings.Join(first[:MaxListed], sep) + " and " + count(total-MaxListed) + " more"
}

// SomeOf is Some for a list of total items of which the caller wrote out
// only the first ones, at least MaxListed of them when there are more, so
// that items never shown need not be made: "a, b, c, d, e and 1,995
// more"; a list of at most MaxListed items reads "a, b and c".
func SomeOf(first []string, total int) string {
	if total <= MaxListed {
		return JoinAnd(first[:total])
	}
	return SomeN(first, total, ", ")
}

// count writes n with comma separators.
func count(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
