package aovpnlint_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/internal/linttest"
	"github.com/aovpnlint/aovpnlint/lint"
)

// ovpnSamples is the folder of real OpenVPN and AWS Client VPN profiles
// (see its SOURCES.tsv).
const ovpnSamples = "../shared/samples/ovpn"

// TestOpenVPNSamples checks the twenty real profiles through the library,
// as `aovpnlint check` does, at the fixtures' time (2026-06-01) with the
// passphrase of the one encrypted key: each is read as an OpenVPN
// profile, nothing is reported about reading it (IN) or as an internal
// error, every profile whose private key SOURCES.tsv says was replaced
// reports that the key does not match its certificate (OVPN040), and the
// five whose client certificate had expired by then report it (OVPN042),
// those and no other.
func TestOpenVPNSamples(t *testing.T) {
	names, err := filepath.Glob(filepath.Join(ovpnSamples, "*.ovpn"))
	if err != nil || len(names) == 0 {
		t.Skipf("the OpenVPN samples are not beside the repository (%v); skipping", err)
	}
	if len(names) != 20 {
		t.Errorf("%d samples, want 20", len(names))
	}
	// Replaced keys, from SOURCES.tsv; Devmawi's key was elided and stays a
	// placeholder (OVPN020), so it has nothing to compare.
	mismatch := []string{"Abhra121", "AlphaDevTeam", "Pilgrim-Xzed", "cos-enohara", "kaushik-code", "sawab", "tamucybersec", "wachukxs"}
	expired := []string{"cos-enohara", "wachukxs", "kaushik-code", "Abhra121", "sawab"}
	for _, name := range names {
		fs, err := aovpnlint.Lint([]aovpnlint.File{{Path: name}}, aovpnlint.Options{Now: linttest.At, Passwords: []string{"throwaway-aovpnlint-sample"}})
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(name)
		fired := map[string]bool{}
		for _, f := range fs {
			fired[f.Rule.ID] = true
			if strings.HasPrefix(f.Rule.ID, "IN") {
				t.Errorf("%s: %v", base, f)
			}
		}
		is := func(list []string) bool {
			return slices.ContainsFunc(list, func(p string) bool { return strings.HasPrefix(base, p) })
		}
		if fired["OVPN040"] != is(mismatch) {
			t.Errorf("%s: OVPN040 reported %v, want %v", base, fired["OVPN040"], is(mismatch))
		}
		if fired["OVPN042"] != is(expired) {
			t.Errorf("%s: OVPN042 reported %v, want %v", base, fired["OVPN042"], is(expired))
		}
	}
}

// TestOpenVPNEncryptedKeyNeedsPassword checks that the encrypted key of
// a sample is compared with its certificate only when its passphrase is
// given: without it, nothing can be said (OVPN041 says it is encrypted).
func TestOpenVPNEncryptedKeyNeedsPassword(t *testing.T) {
	name := filepath.Join(ovpnSamples, "wachukxs-vpn-mac-downloaded-client-config.ovpn")
	if _, err := os.Stat(name); err != nil {
		t.Skipf("the OpenVPN samples are not beside the repository (%v); skipping", err)
	}
	for _, tc := range []struct {
		passwords []string
		mismatch  bool
	}{{nil, false}, {[]string{"wrong"}, false}, {[]string{"wrong", "throwaway-aovpnlint-sample"}, true}} {
		fs, err := aovpnlint.Lint([]aovpnlint.File{{Path: name}}, aovpnlint.Options{Now: linttest.At, Passwords: tc.passwords})
		if err != nil {
			t.Fatal(err)
		}
		got := slices.ContainsFunc(fs, func(f lint.Finding) bool { return f.Rule.ID == "OVPN040" })
		encrypted := slices.ContainsFunc(fs, func(f lint.Finding) bool { return f.Rule.ID == "OVPN041" })
		if got != tc.mismatch || !encrypted {
			t.Errorf("passwords %q: OVPN040 %v, want %v; OVPN041 %v, want true", tc.passwords, got, tc.mismatch, encrypted)
		}
	}
}

// TestOpenVPNWithWindowsDocuments checks the decision on mixed runs: the
// server certificates and CRLs given with Windows documents are the
// Windows gateway's, so an OpenVPN profile checked with them is not
// compared with them (its own certificates still are), and the Windows
// certificate rules still run; given with OpenVPN profiles alone, the
// server certificate is the OpenVPN server's.
func TestOpenVPNWithWindowsDocuments(t *testing.T) {
	aws := aovpnlint.File{Path: "examples/aws/downloaded-client-config.ovpn"}
	gateway := aovpnlint.File{Path: "examples/vpn/certs/vpn.pem", Role: certcheck.RoleVPN}
	rules := func(files ...aovpnlint.File) map[string]bool {
		fs, err := aovpnlint.Lint(files, aovpnlint.Options{Now: linttest.At})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, f := range fs {
			out[f.Rule.ID] = true
		}
		return out
	}
	alone := rules(aws, gateway)
	if !alone["OVPN054"] || alone["CERT033"] || alone["CERT061"] {
		t.Errorf("OpenVPN profile alone with a server certificate: OVPN054 %v (want true: the gateway is not issued by <ca>), Windows certificate rules %v (want none)", alone["OVPN054"], alone)
	}
	mixed := rules(aws, gateway, aovpnlint.File{Path: "examples/vpn/ProfileXML_User.xml"})
	if mixed["OVPN053"] || mixed["OVPN054"] || mixed["OVPN055"] {
		t.Errorf("with a ProfileXML, the OpenVPN profile was compared with the Windows gateway's certificate: %v", mixed)
	}
	if !mixed["AWS001"] {
		t.Errorf("with a ProfileXML, the OpenVPN profile's own rules did not run: %v", mixed)
	}
}
