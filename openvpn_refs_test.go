package aovpnlint_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/linttest"
)

// TestOpenVPNReferencesBounded checks that the files one OpenVPN profile
// names are bounded together as one file is: a profile naming a file
// several times (extra-certs big.pem, six times) has it read until the
// reads hold MaxBytes bytes, or 10,000 certificates and CRLs, and each
// option after that says it was not read (OVPN014, at its path); with
// room for every read, none does.
func TestOpenVPNReferencesBounded(t *testing.T) {
	cert, err := os.ReadFile("fixtures/scenario/certs/root.pem") // one certificate, 1,204 bytes
	if err != nil {
		t.Fatal(err)
	}
	profile := "client\nremote vpn.example.com 1194\n" + strings.Repeat("extra-certs big.pem\n", 6)
	for _, tc := range []struct {
		name    string
		copies  int   // of the certificate in big.pem
		limit   int64 // Limits.MaxBytes; 0 for the default
		refused int   // options not read
		why     string
	}{
		{"room for all", 1, 0, 0, ""},
		{"bytes", 1, 4096, 3, "with the files the profile names before it, it would make more than 4096 bytes, the most read from one file"},
		{"items", 2500, 0, 2, "the files the profile names before it hold 10000 certificates and CRLs or more, the most read from one file"},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "big.pem"), bytes.Repeat(cert, tc.copies), 0o600); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "client.ovpn")
		if err := os.WriteFile(path, []byte(profile), 0o600); err != nil {
			t.Fatal(err)
		}
		fs, err := aovpnlint.Lint([]aovpnlint.File{{Path: path}}, aovpnlint.Options{Now: linttest.At, Limits: input.Limits{MaxBytes: tc.limit}})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range fs {
			if f.Rule.ID == "OVPN014" {
				got = append(got, fmt.Sprintf("%d:%d %s", f.Pos.Line, f.Pos.Col, f.Message))
			}
		}
		if len(got) != tc.refused {
			t.Errorf("%s: %d options not read, want %d: %q", tc.name, len(got), tc.refused, got)
			continue
		}
		for i, g := range got {
			line := 2 + 6 - tc.refused + 1 + i // the last options of the profile
			if !strings.HasPrefix(g, fmt.Sprintf("%d:13 ", line)) || !strings.Contains(g, `names the file "big.pem", which is beside the profile but not read: `+tc.why) {
				t.Errorf("%s: %q; want at %d:13 the file not read because %s", tc.name, g, line, tc.why)
			}
		}
	}
}
