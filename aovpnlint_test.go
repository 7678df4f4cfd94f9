package aovpnlint_test

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/linttest"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/ovpn"
	"github.com/aovpnlint/aovpnlint/winerr"
)

var at = linttest.At

// fixtureDirs are every directory of rule fixtures in the module.
var fixtureDirs = []string{"input/testdata", "profile/testdata", "crosscheck/testdata", "eapxml/testdata", "certcheck/testdata", "nps/testdata", "fixtures/profiles", "fixtures/scenario/profiles", "config/testdata"}

func TestRuleList(t *testing.T) {
	if err := lint.Validate(aovpnlint.Rules()); err != nil {
		t.Fatal(err)
	}
}

// TestEveryRuleFires runs every fixture of the module and fails for any
// rule that no fixture triggers: a rule without a triggering fixture is an
// untested rule. It also holds every finding to its rule's metadata: the
// severity reported is the one the rule declares, and the Windows errors
// a finding predicts are among those the rule declares (which
// TestExplainCatalog holds to the explain table).
func TestEveryRuleFires(t *testing.T) {
	fired := map[string]bool{}
	for _, dir := range append(fixtureDirs, "ovpn/testdata") {
		t.Run(dir, func(t *testing.T) {
			check := func(name string, data []byte) []lint.Finding {
				fs := linttest.CheckAll(name, data)
				if dir == "ovpn/testdata" {
					fs = checkOpenVPNAlone(name, data)
				}
				for _, f := range fs {
					if f.Severity != f.Rule.Severity && f.Omitted == 0 {
						t.Errorf("%s: %s reported as %s; the rule declares %s", f.Pos, f.Rule.ID, f.Severity, f.Rule.Severity)
					}
					for _, w := range f.WindowsErrors {
						if !slices.Contains(f.Rule.WindowsErrors, w) {
							t.Errorf("%s: %s predicts Windows error %q, which the rule does not declare (%v)", f.Pos, f.Rule.ID, w, f.Rule.WindowsErrors)
						}
					}
				}
				return fs
			}
			for id := range linttest.Run(t, dir, check) {
				fired[id] = true
			}
		})
	}
	var never []string
	for _, r := range aovpnlint.Rules() {
		// IN009 reports a bug of aovpnlint, which no fixture may have:
		// TestPanicBecomesInternalError triggers it.
		// OVPN007 needs a profile of 100,000 directives, made at run time
		// by package ovpn's TestFixtures (generated/ovpn007_directives.ovpn).
		if !fired[r.ID] && r != aovpnlint.InternalError && r.ID != "OVPN007" {
			never = append(never, r.ID)
		}
	}
	sort.Strings(never)
	if len(never) > 0 {
		t.Errorf("no fixture triggers %v", never)
	}
}

// TestCleanFixturesExist makes sure each package keeps fixtures that must
// stay clean (named ok_*), so that rules are tested on both sides.
func TestCleanFixturesExist(t *testing.T) {
	for _, dir := range []string{"profile/testdata", "eapxml/testdata"} {
		ok, _ := filepath.Glob(filepath.Join(dir, "ok_*"))
		if len(ok) < 3 {
			t.Errorf("%s has %d clean fixtures, want at least 3", dir, len(ok))
		}
	}
	if _, err := os.Stat("fixtures/profiles"); err != nil {
		t.Error(err)
	}
}

// TestExplainCatalog keeps the rule catalog and the explain table in step,
// both ways: every Windows error a rule names is explained by exactly one
// entry, and that entry lists the rule; every rule an entry lists exists;
// every entry lists a rule or says why no file can show it (checked in
// package winerr).
func TestExplainCatalog(t *testing.T) {
	known := map[string]bool{}
	for _, r := range aovpnlint.Rules() {
		known[r.ID] = true
	}
	for _, r := range aovpnlint.Rules() {
		for _, w := range r.WindowsErrors {
			es := winerr.Lookup(w)
			if len(es) != 1 {
				t.Errorf("%s names Windows error %q, which %d explain entries match; want exactly one", r.ID, w, len(es))
				continue
			}
			if !slices.Contains(es[0].Rules(), r.ID) {
				t.Errorf("%s names Windows error %q, but the entry %s does not list %s among its causes", r.ID, w, es[0].Display(), r.ID)
			}
		}
	}
	byID := map[string]*lint.Rule{}
	for _, r := range aovpnlint.Rules() {
		byID[r.ID] = r
	}
	for _, e := range winerr.Entries() {
		for _, id := range e.Rules() {
			if !known[id] {
				t.Errorf("explain entry %s lists %s, which is not a rule", e.Display(), id)
				continue
			}
			// The other way: the rule predicts the error it is listed for.
			predicts := false
			for _, w := range byID[id].WindowsErrors {
				for _, x := range winerr.Lookup(w) {
					predicts = predicts || x == e
				}
			}
			if !predicts {
				t.Errorf("explain entry %s lists %s, but %s does not name that error (it names %v)", e.Display(), id, id, byID[id].WindowsErrors)
			}
		}
	}
}

// lintBytes checks one file given as bytes.
func lintBytes(name string, data []byte, opts aovpnlint.Options) []lint.Finding {
	fs, err := aovpnlint.Lint([]aovpnlint.File{{Name: name, Data: data}}, opts)
	if err != nil {
		panic(err) // bytes are never unreadable
	}
	return fs
}

// checkOpenVPNAlone runs the rules on an OpenVPN profile alone, as package
// ovpn's own fixture test does: its fixtures carry made-up PEM bodies,
// which the certificate rules of a whole run would report.
func checkOpenVPNAlone(name string, data []byte) []lint.Finding {
	f := input.Read(name, data, input.Limits{})
	var opts ovpn.Options
	args := linttest.Directive(name, data)
	for i, a := range args {
		if a == "--aws-auth" && i+1 < len(args) {
			opts.Auth = args[i+1]
		}
	}
	out := input.Lint(f)
	if f.Kind == input.OpenVPN {
		out = append(out, ovpn.Lint(ovpn.Parse(f.Text), opts)...)
	}
	return out
}
