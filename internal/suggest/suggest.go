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
// ok is false when no candidate is close enough. Case is ignored
// throughout. The work per candidate is bounded: candidates whose length
// differs by more than the allowed distance are skipped, and the rest are
// compared without allocating.
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
	for _, c := range candidates {
		if d := Bounded(name, c, bestDist-1); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best, false, bestDist <= limit
}

// Bounded returns the edit distance between a and b, ignoring ASCII case,
// when it is at most k, and k+1 otherwise. It does not allocate, and it
// answers k+1 at once for strings longer than MaxLen or whose lengths
// differ by more than k, so a comparison costs at most MaxLen² steps.
func Bounded(a, b string, k int) int {
	if k < 0 {
		return 0
	}
	if len(a) > MaxLen || len(b) > MaxLen || len(a)-len(b) > k || len(b)-len(a) > k {
		return k + 1
	}
	// Only cells within k of the diagonal can hold a distance of k or
	// less; the others are treated as k+1.
	var prevRow, curRow [MaxLen + 1]int
	prev, cur := prevRow[:len(b)+1], curRow[:len(b)+1]
	for j := range prev {
		prev[j] = min(j, k+1)
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-k), min(len(b), i+k)
		cur[0] = min(i, k+1)
		if lo > 1 {
			cur[lo-1] = k + 1
		}
		rowMin := cur[0]
		if lo > 1 {
			rowMin = k + 1
		}
		for j := lo; j <= hi; j++ {
			cost := 1
			if lower(a[i-1]) == lower(b[j-1]) {
				cost = 0
			}
			up := prev[j] + 1
			if j > i-1+k { // prev[j] lies outside the previous row's band
				up = k + 2
			}
			cur[j] = min(up, cur[j-1]+1, prev[j-1]+cost, k+1)
			rowMin = min(rowMin, cur[j])
		}
		if hi < len(b) {
			cur[hi+1] = k + 1
		}
		if rowMin > k {
			return k + 1 // every path is already too long
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], k+1)
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
