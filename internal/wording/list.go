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
func Some(xs []string, sep string) string {
	if len(xs) <= MaxListed {
		return strings.Join(xs, sep)
	}
	return strings.Join(xs[:MaxListed], sep) + " and " + count(len(xs)-MaxListed) + " more"
}

// count writes n with comma separators.
func count(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
