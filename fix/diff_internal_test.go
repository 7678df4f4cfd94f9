package fix

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// replay rebuilds both sides from an edit script, and fails when the
// script does not walk both in order.
func replay(t *testing.T, a, b []string, ops []op) {
	t.Helper()
	var gotA, gotB []string
	i, j := 0, 0
	for _, o := range ops {
		switch o.kind {
		case ' ':
			if o.a != i || o.b != j || a[i] != b[j] {
				t.Fatalf("kept line at %d,%d out of step (%d,%d)", o.a, o.b, i, j)
			}
			gotA, gotB = append(gotA, a[i]), append(gotB, b[j])
			i, j = i+1, j+1
		case '-':
			if o.a != i {
				t.Fatalf("removed line %d out of step (%d)", o.a, i)
			}
			gotA = append(gotA, a[i])
			i++
		case '+':
			if o.b != j {
				t.Fatalf("added line %d out of step (%d)", o.b, j)
			}
			gotB = append(gotB, b[j])
			j++
		}
	}
	if !slices.Equal(gotA, a) || !slices.Equal(gotB, b) {
		t.Fatalf("the script does not rebuild both sides")
	}
}

// TestDiffLines: the exact and the greedy scripts rebuild both sides, and
// the exact one is no longer than the greedy one.
func TestDiffLines(t *testing.T) {
	rng := rand.New(rand.NewSource(19))
	for n := 0; n < 500; n++ {
		a := make([]string, rng.Intn(40))
		for i := range a {
			a[i] = fmt.Sprint(rng.Intn(6))
		}
		b := slices.Clone(a)
		for k := rng.Intn(6); k > 0; k-- {
			switch i := rng.Intn(len(b) + 1); rng.Intn(3) {
			case 0:
				b = slices.Insert(b, i, "new")
			case 1:
				if i < len(b) {
					b = slices.Delete(b, i, i+1)
				}
			default:
				if i < len(b) {
					b[i] = "changed"
				}
			}
		}
		exact, ok := myers(a, b)
		if !ok {
			t.Fatal("myers gave up on a small input")
		}
		replay(t, a, b, exact)
		greedyOps := greedy(a, b)
		replay(t, a, b, greedyOps)
		replay(t, a, b, diffLines(a, b))
		if changes(exact) > changes(greedyOps) {
			t.Fatalf("myers made %d changes, greedy %d", changes(exact), changes(greedyOps))
		}
	}
}

func changes(ops []op) int {
	n := 0
	for _, o := range ops {
		if o.kind != ' ' {
			n++
		}
	}
	return n
}

// TestDiffManyChanges: past maxExact changes the diff is greedy, linear,
// and still rebuilds both sides; the hunks count their lines right.
func TestDiffManyChanges(t *testing.T) {
	var a, b []string
	changed := 0
	for i := range 20000 {
		a = append(a, fmt.Sprintf("line %d\n", i))
		if i%7 == 0 {
			changed++
			b = append(b, fmt.Sprintf("LINE %d\n", i))
		} else {
			b = append(b, a[i])
		}
	}
	ops := diffLines(a, b)
	replay(t, a, b, ops)
	if changes(ops) != 2*changed {
		t.Errorf("%d changes, want %d", changes(ops), 2*changed)
	}
	for _, h := range hunks(ops) {
		na, nb := 0, 0
		for _, o := range ops[h.from:h.to] {
			if o.kind != '+' {
				na++
			}
			if o.kind != '-' {
				nb++
			}
		}
		if na != h.aLen || nb != h.bLen || !strings.Contains(span(h.aStart, h.aLen), fmt.Sprint(h.aStart+1)) && h.aLen > 0 {
			t.Fatalf("hunk %+v counts %d and %d lines", h, na, nb)
		}
	}
}
