package engine

import (
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/winerr"
)

// TestExplainAsTheCommandLine: each word on its own when each names one
// thing, the words as a phrase otherwise, a rule ID as the rule's
// documentation; every rule a cause names is described.
func TestExplainAsTheCommandLine(t *testing.T) {
	two := Explain("13801 812")
	if len(two) != 2 || two[0].Error == nil || two[1].Error == nil || two[0].Error.Code != "13801" || two[1].Error.Code != "812" {
		t.Errorf("13801 812: %+v; expected the two entries", two)
	}
	phrase := Explain("no such host")
	if want := winerr.Lookup("no such host"); len(want) == 0 || len(phrase) != len(want) {
		t.Errorf("no such host: %d explanations; winerr finds %d for the phrase", len(phrase), len(want))
	}
	hr := Explain("-2146762487")
	if len(hr) != 1 || hr[0].Error == nil || !strings.HasPrefix(hr[0].Error.Code, "0x800B0109") {
		t.Errorf("-2146762487: %+v; expected 0x800B0109", hr)
	}
	rule := Explain("vpn041")
	var want *struct{ ID, Fix string }
	for _, r := range aovpnlint.Rules() {
		if r.ID == "VPN041" {
			want = &struct{ ID, Fix string }{r.ID, r.Fix}
		}
	}
	if want == nil || len(rule) != 1 || rule[0].Rule == nil || rule[0].Rule.ID != want.ID || rule[0].Rule.Fix != want.Fix || rule[0].Rule.DefinedIn == "" {
		t.Errorf("vpn041: %+v; expected rule VPN041 with its fix and file", rule)
	}
	if got := Explain("no entry has these words zzz"); len(got) != 0 {
		t.Errorf("a query that matches nothing: %+v", got)
	}
	for _, x := range Explain("13801") {
		n := 0
		for _, c := range x.Error.Causes {
			for _, r := range c.Rules {
				n++
				if r.Title == "" || r.Severity == "" {
					t.Errorf("13801 names rule %+v without its title or severity", r)
				}
			}
		}
		if n == 0 {
			t.Errorf("13801 names no rule: %+v", x.Error)
		}
	}
}
