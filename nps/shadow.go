package nps

import (
	"slices"
	"strings"
)

// shadows finds, for each enabled policy of a kind, the first policy tried
// before it that matches every VPN request it matches (see
// [Export.Shadow]), in one pass over the evaluation order.
//
// A policy whose conditions always hold for a VPN request shadows every
// later one. Otherwise a shadow's conditions are a subset of the later
// policy's, and each earlier policy is indexed under one of its conditions,
// the one fewest policies share, so that a later policy tests only the
// earlier ones indexed under its own conditions; policies with the same
// set of conditions are indexed once (the first, which is the one that
// shadows). The work is then linear in the policies for the exports NPS
// writes and stays well below quadratic for made-up ones.
func (p *parser) shadows(k Kind) {
	order := p.e.EvaluationOrder(k)
	freq := map[string]int{}
	keys := make([][]string, len(order))
	for i, q := range order {
		keys[i] = conditionKeys(q)
		for _, key := range keys[i] {
			freq[key]++
		}
	}
	rank := map[*Policy]int{}
	index := map[string][]*Policy{}
	indexed := map[string]bool{}
	var always *Policy
	for i, q := range order {
		rank[q] = i
		mine := make(map[string]bool, len(keys[i]))
		for _, key := range keys[i] {
			mine[key] = true
		}
		shadow := always
		for _, key := range keys[i] {
			for _, d := range index[key] {
				if shadow != nil && rank[d] > rank[shadow] {
					continue
				}
				p.e.work++
				if subset(d.Conditions, mine) {
					shadow = d
				}
			}
		}
		q.shadow = shadow
		if q.vpn.Match == No {
			continue // never meets a VPN request, so it hides none
		}
		if q.vpn.Match == Yes && always == nil {
			always = q
		}
		if sig := strings.Join(keys[i], "\x01"); len(keys[i]) > 0 && !indexed[sig] {
			indexed[sig] = true
			rarest := keys[i][0]
			for _, key := range keys[i][1:] {
				if freq[key] < freq[rarest] {
					rarest = key
				}
			}
			index[rarest] = append(index[rarest], q)
		}
	}
}

// conditionKeys returns the keys of a policy's conditions, sorted, each
// once.
func conditionKeys(pol *Policy) []string {
	keys := make([]string, len(pol.Conditions))
	for i, c := range pol.Conditions {
		keys[i] = c.key()
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// subset reports whether every condition of cs is in keys.
func subset(cs []Condition, keys map[string]bool) bool {
	for _, c := range cs {
		if !keys[c.key()] {
			return false
		}
	}
	return true
}
