package aovpnlint_test

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/internal/linttest"
	"github.com/aovpnlint/aovpnlint/lint"
)

var at = linttest.At

// fixtureDirs are every directory of rule fixtures in the module.
var fixtureDirs = []string{"input/testdata", "profile/testdata", "eapxml/testdata", "certcheck/testdata", "fixtures/profiles"}

func TestRuleList(t *testing.T) {
	if err := lint.Validate(aovpnlint.Rules()); err != nil {
		t.Fatal(err)
	}
}

// TestEveryRuleFires runs every fixture of the module and fails for any
// rule that no fixture triggers: a rule without a triggering fixture is an
// untested rule.
func TestEveryRuleFires(t *testing.T) {
	fired := map[string]bool{}
	for _, dir := range fixtureDirs {
		t.Run(dir, func(t *testing.T) {
			for id := range linttest.Run(t, dir, linttest.CheckAll) {
				fired[id] = true
			}
		})
	}
	var never []string
	for _, r := range aovpnlint.Rules() {
		if !fired[r.ID] {
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
