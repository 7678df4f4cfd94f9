package crosscheck_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/internal/linttest"
)

// TestNPS021ManyCertificates checks an EapHostConfig against an NPS export
// whose VPN policies present 12 different certificates (each mention of
// the thumbprint in the seven-policy export made a certificate of its
// own), none given: one NPS021 finding counts them and names five, with
// five related places, where there had been one finding per certificate
// for each profile, so that a profile's findings grew with the export.
func TestNPS021ManyCertificates(t *testing.T) {
	export, err := os.ReadFile("testdata/nps-export-seven-policies.xml")
	if err != nil {
		t.Fatal(err)
	}
	const thumbprint = "3f1b2c9d8e7a6f5041322314059687a8b9cadbec"
	parts := strings.Split(string(export), thumbprint)
	if len(parts) != 13 {
		t.Fatalf("the export names the thumbprint %d times, want 12", len(parts)-1)
	}
	var b strings.Builder
	for i, p := range parts {
		b.WriteString(p)
		if i < len(parts)-1 {
			fmt.Fprintf(&b, "%s%02x", thumbprint[:38], i) // a certificate of its own for each mention
		}
	}
	dir := t.TempDir()
	exportPath := filepath.Join(dir, "export.xml")
	if err := os.WriteFile(exportPath, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	fs, err := aovpnlint.Lint([]aovpnlint.File{{Path: "testdata/nps021_not_given.xml"}, {Path: exportPath}}, aovpnlint.Options{Now: linttest.At})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	related := 0
	for _, f := range fs {
		if f.Rule.ID == "NPS021" {
			got = append(got, f.Message)
			related = len(f.Related)
		}
	}
	if len(got) != 1 || !strings.HasPrefix(got[0], "the network policies present 12 certificates that were not given: "+thumbprint[:38]+"00 (network policy \"Always On VPN site 0\")") ||
		!strings.Contains(got[0], " and 7 more; expected them among the certificates") || related != 5 {
		t.Errorf("NPS021 findings %q with %d related places; want one counting 12 certificates, naming 5, with 5 related places", got, related)
	}
}
