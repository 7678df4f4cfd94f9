package certcheck

import (
	"fmt"
	"runtime"
	"slices"
	"testing"
)

// TestPrefetchChangesNothing lints a PKI of 301 certificates with one core
// (no prefetch) and with two (signatures checked ahead), with an unlimited
// budget and with budgets that run out part of the way: the findings must
// be the same, and with two cores and room in the budget the answers must
// have come from prefetch.
func TestPrefetchChangesNothing(t *testing.T) {
	certs := pki(t, 10, 300).Certs
	cost := verifyCost(certs[0].PublicKey)
	for _, budget := range []int64{1 << 62, 400 * cost, 200 * cost, 20 * cost} {
		var got [2][]string
		var hits [2]int64
		for i, procs := range []int{1, 2} {
			old := runtime.GOMAXPROCS(procs)
			in := &Set{Certs: certs, Opts: Options{Now: testNow}}
			in.vOnce.Do(func() { in.v = &verifier{allowance: budget} })
			before := aheadHits.Load()
			for _, f := range Lint(in) {
				got[i] = append(got[i], fmt.Sprintf("%s %v %s", f.Rule.ID, f.Pos, f.Message))
			}
			hits[i] = aheadHits.Load() - before
			runtime.GOMAXPROCS(old)
		}
		if !slices.Equal(got[0], got[1]) {
			t.Errorf("budget of %d verifications: %d findings with one core, %d with two; first: %q, %q", budget/cost, len(got[0]), len(got[1]), got[0][:min(1, len(got[0]))], got[1][:min(1, len(got[1]))])
		}
		switch {
		case hits[0] != 0:
			t.Errorf("budget of %d verifications: %d answers from prefetch with one core", budget/cost, hits[0])
		case budget >= 400*cost && hits[1] < 300:
			t.Errorf("budget of %d verifications: %d answers from prefetch with two cores, want every leaf's", budget/cost, hits[1])
		case budget < 300*cost && hits[1] != 0:
			t.Errorf("budget of %d verifications: %d answers from prefetch, which the budget did not hold", budget/cost, hits[1])
		}
		t.Logf("budget of %d verifications: %d findings, %d answers from prefetch", budget/cost, len(got[1]), hits[1])
	}
}
