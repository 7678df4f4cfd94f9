package certcheck

import (
	"crypto/x509"
	"os"
	"strings"
	"testing"
)

func pemCert(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	for _, der := range certsIn(t, path) {
		c, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	t.Fatalf("%s: no certificate", path)
	return nil
}

// TestSelfSignedUnchecked classifies roots whose signature Go cannot
// verify (Ed448 from OpenSSL, GOST from a CryptoPro CA): trusted roots,
// saying that their signature could not be checked, not intermediates; a
// self-issued one whose key identifiers disagree stays an intermediate.
func TestSelfSignedUnchecked(t *testing.T) {
	ed448 := pemCert(t, "../fixtures/openssl/quirk-ed448-root.pem")
	tests := []struct {
		name string
		c    *x509.Certificate
		role Role
		why  string
	}{
		{"Ed448 root", ed448, RoleTrust, "its signature could not be checked: Go cannot verify Ed448 (1.3.101.113) signatures"},
		{"RSA root", pemCert(t, "../fixtures/openssl/quirk-root.pem"), RoleTrust, "a self-signed CA certificate"},
	}
	if _, err := os.Stat(samples + "/windows/asamarka-625-CryptoProPdf-certnew.cer"); err == nil {
		tests = append(tests, struct {
			name string
			c    *x509.Certificate
			role Role
			why  string
		}{"GOST root", pemCert(t, samples+"/windows/asamarka-625-CryptoProPdf-certnew.cer"), RoleTrust, "Go cannot verify GOST R 34.10-2012 (256 bits) (1.2.643.7.1.1.3.2) signatures"})
	}
	other := *ed448
	other.AuthorityKeyId = []byte{1, 2, 3}
	tests = append(tests, struct {
		name string
		c    *x509.Certificate
		role Role
		why  string
	}{"Ed448 self-issued with another key identifier", &other, RoleChain, "not self-signed, so an intermediate"})
	for _, tc := range tests {
		role, why, ok := Classify(tc.c, Hints{})
		if !ok || role != tc.role || !strings.Contains(why, tc.why) {
			t.Errorf("%s: classified %v (%q); want %v, saying %q", tc.name, role, why, tc.role, tc.why)
		}
	}
}

// TestUncheckedRootAnchors gives the Ed448 root as trust: it anchors the
// run (chains are judged); the Ed448 server certificate's chain stops at
// the signature Go cannot check and says so; the root's own chain is
// complete and trusted.
func TestUncheckedRootAnchors(t *testing.T) {
	root := &Cert{Certificate: pemCert(t, "../fixtures/openssl/quirk-ed448-root.pem"), Role: RoleTrust}
	leaf := &Cert{Certificate: pemCert(t, "../fixtures/openssl/quirk-ed448-server.pem"), Role: RoleVPN}
	set := &Set{Certs: []*Cert{root, leaf}}
	if !set.Anchors() {
		t.Fatal("the Ed448 root given as trust does not anchor chains")
	}
	ch := set.ChainOf(leaf)
	if ch.Trusted || ch.Complete() || !strings.Contains(ch.Unchecked, "its issuer O=OpenSSL quirks, CN=OpenSSL Ed448 Root CA was supplied, but the signature could not be checked: Go cannot verify Ed448") {
		t.Errorf("leaf chain: trusted %v, complete %v, unchecked %q", ch.Trusted, ch.Complete(), ch.Unchecked)
	}
	if rc := set.ChainOf(root); !rc.Trusted || !rc.Complete() || rc.Unchecked != "" {
		t.Errorf("root chain: trusted %v, complete %v, unchecked %q; want a trusted root", rc.Trusted, rc.Complete(), rc.Unchecked)
	}
}
