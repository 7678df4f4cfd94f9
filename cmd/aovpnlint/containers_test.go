package main

import (
	"strings"
	"testing"
)

// The container quirks of issue 11 through the command line; the files
// are made by fixtures/openssl/quirks-containers.sh.
const containers = "fixtures/openssl/containers/"

// TestCertShowCRLs checks that cert show says a CRL has no next update
// (it printed year 1, 0001-01-01T00:00:00Z), names a delta CRL and reads
// a version 1 CRL.
func TestCertShowCRLs(t *testing.T) {
	r := runCLI(t, "", nil, "cert", "show", containers+"crl-no-next-update.crl", containers+"crl-delta.pem", containers+"crl-v1.crl")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		"== " + containers + "crl-no-next-update.crl (CRL)\nIssuer: CN=Containers Test CA, O=aovpnlint containers\nThis update: 2026-05-25T00:00:00Z\nNext update: none (the CRL names no next update)\n",
		"== " + containers + "crl-delta.pem:1:1 (delta CRL, base CRL number 1)\n",
		"== " + containers + "crl-v1.crl (CRL)\nIssuer: CN=Containers Test CA, O=aovpnlint containers\nThis update: 2026-05-25T00:00:00Z\nNext update: 2026-08-01T00:00:00Z\nRevoked certificates: 1\n    serial 1002 revoked 2026-03-01\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("cert show: want\n%s\nin\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "0001-01-01") {
		t.Errorf("year 1 printed for a missing next update:\n%s", r.stdout)
	}
}

// TestCheckCRLFlag checks that a file given with --crl must hold a CRL:
// a certificate file, or a profile, given there is an IN005 error whose
// fix speaks of CRLs; a CRL given there is read, version 1 included.
func TestCheckCRLFlag(t *testing.T) {
	profile := "fixtures/profiles/device-tunnel.xml"
	trust := []string{"--trust", containers + "ca.pem"}
	for _, notCRL := range []string{containers + "dave.pem", "fixtures/profiles/user-tunnel.xml"} {
		r := runCLI(t, "", nil, append([]string{"check", profile, at, "--crl", notCRL}, trust...)...)
		if r.code != 1 || !strings.Contains(r.stdout, notCRL+":1:1: error: the file is given as a CRL (--crl) but") || !strings.Contains(r.stdout, "fix: give the CA's CRL as a .crl file") {
			t.Errorf("--crl %s: exit %d\n%s%s", notCRL, r.code, r.stdout, r.stderr)
		}
	}
	r := runCLI(t, "", nil, append([]string{"check", profile, at, "--client-cert", containers + "dave.pem", "--crl", containers + "crl-v1.crl"}, trust...)...)
	if r.code != 1 || !strings.Contains(r.stdout, "is revoked: the CRL of CN=Containers Test CA") || strings.Contains(r.stdout, "IN005") {
		t.Errorf("--crl with a version 1 CRL: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
