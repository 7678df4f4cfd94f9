package input

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
)

// resolveByPairs is resolve as it was, comparing each change with every
// change kept: the reference TestResolveMatchesPairs holds the index to.
func resolveByPairs(ps []pendingChange, deferred map[int]bool) []pendingChange {
	var order []int
	of := map[int][]srctext.Change{}
	for _, p := range ps {
		g := p.groups[0]
		if _, ok := of[g]; !ok {
			order = append(order, g)
		}
		of[g] = append(of[g], p.ch)
	}
	slices.Sort(order)
	var kept []srctext.Change
	for _, g := range order {
		if deferred[g] {
			continue
		}
		clash := false
		for _, c := range of[g] {
			for _, k := range kept {
				clash = clash || overlaps(c, k) || copies(c, k) || copies(k, c)
			}
		}
		if clash {
			deferred[g] = true
			continue
		}
		kept = append(kept, of[g]...)
	}
	var out []pendingChange
	for _, p := range ps {
		if !deferred[p.groups[0]] {
			out = append(out, p)
		}
	}
	return out
}

// overlaps reports whether two changes of one text touch the same bytes,
// or insert at the same offset, or one inserts inside what the other
// replaces.
func overlaps(a, b srctext.Change) bool {
	if a.Start == a.End || b.Start == b.End {
		return a.Start == b.Start || (a.Start > b.Start && a.Start < b.End) || (b.Start > a.Start && b.Start < a.End)
	}
	return a.Start < b.End && b.Start < a.End
}

// copies reports whether a copies bytes that b replaces.
func copies(a, b srctext.Change) bool {
	for _, p := range a.Pieces {
		if p.Copy && p.Start < b.End && b.Start < p.End {
			return true
		}
	}
	return false
}

// randomChanges makes groups of changes in up to 300 bytes of a text
// (several words of the index), some over a hundred bytes long:
// replacements and insertions, with literal pieces and copied ones (empty
// ones too), some groups deferred already.
func randomChanges(r *rand.Rand) ([]pendingChange, map[int]bool) {
	n := 1 + r.IntN(300)
	off := r.IntN(200)     // the changes' span starts anywhere in the text
	length := func() int { // mostly short, sometimes over whole words of the index
		if r.IntN(4) == 0 {
			return r.IntN(150)
		}
		return r.IntN(6)
	}
	var ps []pendingChange
	deferred := map[int]bool{}
	for g := range 1 + r.IntN(12) {
		if r.IntN(8) == 0 {
			deferred[g] = true
		}
		for range 1 + r.IntN(3) {
			start := off + r.IntN(n+1)
			c := srctext.Change{Start: start, End: min(off+n, start+length())}
			if r.IntN(3) == 0 {
				c.End = c.Start
			}
			for range r.IntN(3) {
				if r.IntN(3) == 0 {
					c.Pieces = append(c.Pieces, srctext.Piece{Lit: "x"})
					continue
				}
				ps := off + r.IntN(n+1)
				c.Pieces = append(c.Pieces, srctext.Piece{Copy: true, Start: ps, End: min(off+n, ps+length())})
			}
			ps = append(ps, pendingChange{groups: []int{g}, ch: c})
		}
	}
	return ps, deferred
}

// TestResolveMatchesPairs holds resolve's index of kept changes to the
// pairwise comparison it replaced: on 50,000 random sets of changes, the
// same changes kept and the same groups deferred.
func TestResolveMatchesPairs(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 2026))
	for i := range 50_000 {
		ps, deferred := randomChanges(r)
		d1, d2 := maps(deferred), maps(deferred)
		got, want := resolve(ps, d1), resolveByPairs(ps, d2)
		if len(got) != len(want) || !equalDeferred(d1, d2) {
			t.Fatalf("set %d: kept %d changes, deferred %v; the pairwise comparison kept %d, deferred %v; changes %+v", i, len(got), d1, len(want), d2, ps)
		}
		for j := range got {
			if got[j].groups[0] != want[j].groups[0] || got[j].ch.Start != want[j].ch.Start || got[j].ch.End != want[j].ch.End {
				t.Fatalf("set %d: change %d kept differs: %+v, want %+v", i, j, got[j], want[j])
			}
		}
	}
}

func maps(m map[int]bool) map[int]bool {
	out := map[int]bool{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func equalDeferred(a, b map[int]bool) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}

// TestResolveIsLinear resolves 2,000 and 20,000 one-byte changes, none
// clashing: ten times the changes take at most fifty times the time (the
// best of five runs each, after a collection; 18 to 31 times measured,
// the larger maps no longer in the caches; the pairwise comparison took
// 97 times).
func TestResolveIsLinear(t *testing.T) {
	changes := func(n int) []pendingChange {
		ps := make([]pendingChange, n)
		for i := range ps {
			ps[i] = pendingChange{groups: []int{i}, ch: srctext.Change{Start: 2 * i, End: 2*i + 1, Pieces: []srctext.Piece{{Lit: "x"}}}}
		}
		return ps
	}
	best := func(ps []pendingChange) time.Duration {
		d := time.Duration(math.MaxInt64)
		for range 5 {
			runtime.GC()
			start := time.Now()
			if out := resolve(ps, map[int]bool{}); len(out) != len(ps) {
				t.Fatalf("kept %d of %d changes that do not clash", len(out), len(ps))
			}
			d = min(d, time.Since(start))
		}
		return d
	}
	if s, l := best(changes(2_000)), best(changes(20_000)); l > 50*s {
		t.Errorf("%v for 2,000 changes, %v for 20,000: more than 50 times", s, l)
	}
}
