package crosscheck_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/internal/linttest"
)

// TestManyNPSCertificates checks the profile of eap032_names.xml against
// seven NPS server certificates named nps1.corp.example.com, under a root
// that TrustedRootCA does not list: its PEAP ServerNames matches none of
// them, and its inner EAP-TLS ServerNames matches them only when case is
// ignored. EAP031 (at both ServerValidation blocks), EAP032 and EAP037
// each make one finding per place that counts the seven certificates,
// names five and points at five, where there had been one finding per
// certificate, so that a profile's findings grew with the certificates
// given.
func TestManyNPSCertificates(t *testing.T) {
	dir := t.TempDir()
	rootKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	at := linttest.At
	root := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Other Root"}, NotBefore: at.Add(-time.Hour), NotAfter: at.AddDate(1, 0, 0),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	rootDER, err := x509.CreateCertificate(rand.Reader, root, root, &rootKey.PublicKey, rootKey)
	if err != nil {
		t.Fatal(err)
	}
	var npsPEM []byte
	for i := range 7 {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		leaf := &x509.Certificate{SerialNumber: big.NewInt(int64(2 + i)), Subject: pkix.Name{CommonName: "nps1.corp.example.com"}, NotBefore: at.Add(-time.Hour), NotAfter: at.AddDate(1, 0, 0),
			DNSNames: []string{"nps1.corp.example.com"}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
		der, err := x509.CreateCertificate(rand.Reader, leaf, root, &key.PublicKey, rootKey)
		if err != nil {
			t.Fatal(err)
		}
		npsPEM = append(npsPEM, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
	}
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	files := []aovpnlint.File{
		{Path: "testdata/eap032_names.xml"},
		{Path: write("nps.pem", npsPEM), Role: certcheck.RoleNPS},
		{Path: write("root.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: rootDER})), Role: certcheck.RoleTrust},
		{Path: "../fixtures/pki/trust.pem", Role: certcheck.RoleTrust},
		{Path: "../fixtures/pki/vpn.pem", Role: certcheck.RoleVPN},
	}
	fs, err := aovpnlint.Lint(files, aovpnlint.Options{Now: at})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, f := range fs {
		switch f.Rule.ID {
		case "EAP031", "EAP032", "EAP037":
			got[f.Rule.ID] = append(got[f.Rule.ID], f.Message)
			if len(f.Related) != 5 {
				t.Errorf("%s: %d related places, want 5: %s", f.Rule.ID, len(f.Related), f.Message)
			}
		}
	}
	for id, want := range map[string][]string{
		"EAP031": {"7 NPS server certificates chain to roots that PEAP TrustedRootCA does not list: ",
			"7 NPS server certificates chain to roots that inner EAP-TLS TrustedRootCA does not list: "},
		"EAP032": {"no DNS name of 7 NPS server certificates matches PEAP ServerNames "},
		"EAP037": {"inner EAP-TLS ServerNames matches the names of 7 NPS certificates only when case is ignored: "},
	} {
		if len(got[id]) != len(want) {
			t.Errorf("%s: %d findings %q; want one per place, %d", id, len(got[id]), got[id], len(want))
			continue
		}
		for i, w := range want {
			if !strings.HasPrefix(got[id][i], w) || !strings.Contains(got[id][i], " and 2 more; ") {
				t.Errorf("%s: %q; want it to start %q and count 2 more", id, got[id][i], w)
			}
		}
	}
}
