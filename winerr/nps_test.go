package winerr

import (
	"slices"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/crosscheck"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/nps"
)

// withTable runs f with the table t in place of the package's.
func withTable(t []*Entry, f func()) {
	saved := table
	defer func() { table = saved }()
	table = func() []*Entry { return t }
	f()
}

// TestNPSCatalog checks the table with the NPS entries on, as
// TestExplainCatalog checks the whole catalog once the root package runs
// package nps: every Windows error an NPS rule names is explained by
// exactly one entry, which lists the rule; every NPS rule an entry lists
// exists; the table keeps its shape and its code order.
func TestNPSCatalog(t *testing.T) {
	on := addNPS(true, base)
	rules := map[string]bool{}
	for _, r := range lint.Rules(nps.Checks) {
		rules[r.ID] = true
	}
	// The NPS rules that compare the export with the profile live with the
	// other cross-document rules.
	for _, r := range lint.Rules(crosscheck.Checks) {
		rules[r.ID] = true
	}
	withTable(on, func() {
		for _, r := range lint.Rules(nps.Checks) {
			for _, w := range r.WindowsErrors {
				es := Lookup(w)
				if len(es) != 1 || !slices.Contains(es[0].Rules(), r.ID) {
					t.Errorf("%s names Windows error %q, explained by %d entries (want one that lists %s)", r.ID, w, len(es), r.ID)
				}
			}
		}
		listed := map[string]bool{}
		for _, e := range on {
			for _, id := range e.Rules() {
				if strings.HasPrefix(id, "NPS") {
					listed[id] = true
					if !rules[id] {
						t.Errorf("entry %s lists %s, which is not an NPS rule", e.Display(), id)
					}
				}
			}
		}
		if len(listed) == 0 {
			t.Error("no entry lists an NPS rule")
		}
		for q, want := range map[string]string{
			"48": "IAS_NO_POLICY_MATCH", "49": "no connection request policy matched", "65": "IAS_DIALIN_DISABLED",
			"IAS_INVALID_AUTH_TYPE": "IAS_INVALID_AUTH_TYPE", "reason code 66": "IAS_INVALID_AUTH_TYPE",
			"6273": "Network Policy Server denied access to a user", "event 6274": "Network Policy Server discarded the request for a user",
		} {
			if es := Lookup(q); len(es) != 1 || es[0].Name != want {
				t.Errorf("Lookup(%q) = %d entries; want %s", q, len(es), want)
			}
		}
		if es := Lookup("812"); len(es) != 1 || !slices.Contains(es[0].Rules(), "NPS010") || !slices.Contains(es[0].Rules(), "EAP016") {
			t.Errorf("812 lists %v; want its client causes and the NPS rules", es[0].Rules())
		}
	})
	checkShape(t, on)
	if withNPS {
		return
	}
	// Until the root package runs package nps, the table names no NPS rule.
	for _, e := range Entries() {
		for _, id := range e.Rules() {
			if strings.HasPrefix(id, "NPS") {
				t.Errorf("entry %s lists %s while withNPS is off", e.Display(), id)
			}
		}
	}
}

// checkShape checks the invariants of TestTableShape on entries, and that
// codes come in numeric order, Win32 and RAS codes before HRESULTs.
func checkShape(t *testing.T, entries []*Entry) {
	codes, names := map[uint32]bool{}, map[string]bool{}
	var last uint32
	for _, e := range entries {
		if e.Code != 0 && codes[e.Code] || names[e.Name] {
			t.Errorf("%s listed twice", e.Display())
		}
		codes[e.Code], names[e.Name] = true, true
		if e.Meaning == "" || len(e.Causes) == 0 || (len(e.Rules()) > 0) == (e.NoFile != "") {
			t.Errorf("%s: a meaning, causes, and NoFile exactly when no cause lists a rule", e.Display())
		}
		if e.Code != 0 {
			if e.Code < last {
				t.Errorf("%s comes after %d; want codes in numeric order", e.Display(), last)
			}
			last = e.Code
		}
	}
}
