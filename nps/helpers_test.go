package nps_test

import (
	"testing"

	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/nps"
)

// testLimits are the XML limits the tests parse exports with: the
// default depth, and room for the generated large exports.
var testLimits = xmldoc.Limits{MaxDepth: 256, MaxElements: 10_000_000}

// parse decodes data as input does (BOM, UTF-16) and parses it as XML.
func parse(t testing.TB, name string, data []byte) *xmldoc.Doc {
	t.Helper()
	f := input.Read(name, data, input.Limits{MaxElements: 10_000_000})
	if f.Text == nil {
		t.Fatalf("%s: not text", name)
	}
	x, err := xmldoc.Parse(f.Text, testLimits)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return x
}

// check reads an export and runs every NPS rule on it.
func check(t testing.TB, name string, data []byte) (*nps.Export, []lint.Finding) {
	t.Helper()
	x := parse(t, name, data)
	if !nps.IsExport(x) {
		t.Fatalf("%s: not recognised as an NPS export", name)
	}
	e := nps.Parse(x)
	return e, nps.Lint(e)
}
