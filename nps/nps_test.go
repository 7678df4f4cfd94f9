package nps_test

import (
	"fmt"
	"testing"

	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/linttest"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/nps"
)

// lintFile reads a fixture as the command line will once it routes NPS
// exports to this package: decoded by input, parsed by xmldoc, read by
// nps.Parse and checked by every NPS rule.
func lintFile(name string, data []byte) []lint.Finding {
	f := input.Read(name, data, input.Limits{MaxElements: testLimits.MaxElements})
	if f.Text == nil {
		panic(fmt.Sprintf("%s: not text", name))
	}
	x, err := xmldoc.Parse(f.Text, testLimits)
	if err != nil {
		panic(fmt.Sprintf("%s: %v", name, err))
	}
	if !nps.IsExport(x) {
		panic(fmt.Sprintf("%s: not recognised as an NPS export", name))
	}
	return nps.Lint(nps.Parse(x))
}

// TestFixtures checks every fixture against the want comments beside its
// lines, both ways, and that every rule fires in some fixture.
func TestFixtures(t *testing.T) {
	fired := linttest.Run(t, "testdata", lintFile)
	for _, r := range lint.Rules(nps.Checks) {
		if !fired[r.ID] {
			t.Errorf("%s has no fixture that triggers it", r.ID)
		}
	}
}

// TestRules checks the rule list's metadata as the catalog requires.
func TestRules(t *testing.T) {
	if err := lint.Validate(lint.Rules(nps.Checks)); err != nil {
		t.Fatal(err)
	}
}
