package aovpnlint_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/internal/linttest"
)

// TestAlikeFindingsInAFileOnce checks seven SSTP profiles against a VPN
// server certificate whose CRL is only on internal hosts: CERT053, which
// each profile makes alike at the certificate, is reported once, with the
// NativeProtocolType of the first five profiles (in the order given) as
// its related places, where there had been seven findings, one per
// profile, and a certificate file's findings grew with the documents.
func TestAlikeFindingsInAFileOnce(t *testing.T) {
	profile, err := os.ReadFile("crosscheck/testdata/cert053_sstp_internal_crl.xml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var files []aovpnlint.File
	for i := range 7 {
		p := filepath.Join(dir, fmt.Sprintf("p%d.xml", 7-i)) // given in the order opposite to their names
		if err := os.WriteFile(p, profile, 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, aovpnlint.File{Path: p})
	}
	files = append(files, aovpnlint.File{Path: "fixtures/pki/vpn-internal-crl.pem", Role: certcheck.RoleVPN})
	fs, err := aovpnlint.Lint(files, aovpnlint.Options{Now: linttest.At})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		if f.Rule.ID != "CERT053" {
			continue
		}
		got = append(got, f.Message)
		var rel []string
		for _, r := range f.Related {
			rel = append(rel, filepath.Base(r.Pos.File))
		}
		if want := []string{"p7.xml", "p6.xml", "p5.xml", "p4.xml", "p3.xml"}; fmt.Sprint(rel) != fmt.Sprint(want) {
			t.Errorf("CERT053 related places in %v, want the first five profiles given, %v", rel, want)
		}
	}
	if len(got) != 1 {
		t.Errorf("%d CERT053 findings, want 1: %q", len(got), got)
	}
}
