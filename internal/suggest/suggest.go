// Package suggest finds the known name closest to a misspelt one, for
// messages such as "unknown element RoutingpolicyType; did you mean
// RoutingPolicyType".
package suggest

import "strings"

// MaxLen is the longest name Closest compares by edit distance; longer
// names (no element name is that long) get no suggestion, which bounds the
// work a hostile document can cause.
const MaxLen = 64

// Closest returns the candidate closest to name: a candidate equal to it
// ignoring case first, otherwise the one at the smallest edit distance,
// provided that distance is small for the name's length (at most a third of
// it, and at most 3). caseOnly reports a match that differs only by case.
// ok is false when no candidate is close enough.
func Closest(name string, candidates []string) (best string, caseOnly, ok bool) {
	for _, c := range candidates {
		if strings.EqualFold(c, name) {
			return c, true, true
		}
	}
	if len(name) > MaxLen {
		return "", false, false
	}
	limit := min(3, max(1, len(name)/3))
	bestDist := limit + 1
	lower := strings.ToLower(name)
	for _, c := range candidates {
		if d := Distance(lower, strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best, false, bestDist <= limit
}

// Distance is the Levenshtein edit distance between a and b, counted in
// bytes.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
