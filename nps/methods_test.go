package nps_test

import (
	"testing"

	"github.com/aovpnlint/aovpnlint/nps"
)

// TestMethodsFirstConfiguration checks that each allowed method is given
// the first configuration of its type, for a short list of configurations
// (looked up in the list) and a long one (found in one pass), and that a
// method without a configuration has none.
func TestMethodsFirstConfiguration(t *testing.T) {
	for _, n := range []int{2, 8, 9, 40} {
		prof := &nps.Profile{}
		for i := range n {
			prof.EAPConfigs = append(prof.EAPConfigs, &nps.EAPConfig{Type: 10 + i%4})
		}
		for _, typ := range []int{13, 11, 99, 10} {
			prof.EAPTypes = append(prof.EAPTypes, nps.EAPType{Type: typ, Read: true})
		}
		prof.EAPTypes = append(prof.EAPTypes, nps.EAPType{Type: 25})
		ms := (&nps.Policy{Profile: prof}).Methods()
		if len(ms) != 4 {
			t.Fatalf("%d configurations: %d methods", n, len(ms))
		}
		for _, m := range ms {
			var want *nps.EAPConfig
			for _, c := range prof.EAPConfigs {
				if c.Type == m.Type {
					want = c
					break
				}
			}
			if m.Config != want {
				t.Errorf("%d configurations: method %d given configuration %p, want the first of its type %p", n, m.Type, m.Config, want)
			}
		}
	}
	if ms := (&nps.Policy{Profile: &nps.Profile{}}).Methods(); ms != nil {
		t.Errorf("no methods: %v, want nil", ms)
	}
}
