package aovpnlint

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint/lint"
)

// TestOpenVPNFilesShared checks a folder of 27 OpenVPN profiles: 24 name
// one certificate file beside them, as ca.pem, ./ca.pem, sub/../ca.pem,
// through a symbolic link, and once as crl-verify ca.pem; 3 name a client
// certificate and a key that is not its (OVPN040, at the key), once
// through a link. Checked together, ca.pem is read three times (its first
// naming and its second, kept for the others; once more as a CRL), not
// 24, the certificate and the key twice each; and every profile's
// findings, those pointing into the files under the paths the profile
// names them by included, are those of the profile checked alone (the run
// orders them by file, and reports once what several profiles find alike
// in a file they name, so they are compared as sets).
func TestOpenVPNFilesShared(t *testing.T) {
	cert, err := os.ReadFile("fixtures/scenario/certs/trust.pem") // two CA certificates
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ca.pem"), cert, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("ca.pem", filepath.Join(dir, "link.pem")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	// A client certificate, and a private key that is not its.
	client, err := os.ReadFile("fixtures/scenario/certs/ca-client.pem")
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"client.pem": client, "k.pem": pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("k.pem", filepath.Join(dir, "klink.pem")); err != nil {
		t.Fatal(err)
	}
	var files []File
	for i, name := range append(slices.Repeat([]string{"ca ca.pem"}, 20), "ca ./ca.pem", "ca sub/../ca.pem", "ca link.pem", "crl-verify ca.pem",
		"cert client.pem\nkey k.pem", "cert client.pem\nkey k.pem", "cert client.pem\nkey klink.pem") {
		p := filepath.Join(dir, fmt.Sprintf("p%02d.ovpn", i))
		if err := os.WriteFile(p, []byte("client\nremote vpn.example.com 1194\n"+name+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, File{Path: p})
	}
	// Far in the future, so that each CA certificate is reported expired
	// (OVPN045), at its place in the file as the profile names it.
	opts := Options{Now: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)}
	show := func(fs []lint.Finding) (out []string) {
		for _, f := range fs {
			out = append(out, fmt.Sprintf("%s %s %s", f.Pos, f.Rule.ID, f.Message))
		}
		return out
	}
	before := refLoads.Load()
	together, err := Lint(files, opts)
	if err != nil {
		t.Fatal(err)
	}
	if n := refLoads.Load() - before; n != 7 {
		t.Errorf("the files were read %d times for 27 profiles, want 7 (ca.pem 3, client.pem 2, the key 2)", n)
	}
	var alone []lint.Finding
	for _, f := range files {
		fs, err := Lint([]File{f}, opts)
		if err != nil {
			t.Fatal(err)
		}
		alone = append(alone, fs...)
	}
	// The run orders findings by file, and reports once a finding that
	// several profiles make alike in a file they name: compare them as
	// sets.
	got, want := slices.Compact(slices.Sorted(slices.Values(show(together)))), slices.Compact(slices.Sorted(slices.Values(show(alone))))
	if !slices.Equal(got, want) {
		i := 0
		for i < min(len(got), len(want)) && got[i] == want[i] {
			i++
		}
		t.Errorf("findings of the profiles checked together (%d) differ from theirs checked alone (%d), first at %d:\ntogether %q\nalone    %q", len(got), len(want), i, got[i:min(i+1, len(got))], want[i:min(i+1, len(want))])
	}
	for _, name := range []string{"link.pem", "klink.pem"} {
		if !slices.Contains(findingFiles(together), filepath.Join(dir, name)) {
			t.Errorf("no finding points into %s, as the profile naming it calls it: %q", name, got)
		}
	}
}

// findingFiles returns the files the findings point into.
func findingFiles(fs []lint.Finding) (out []string) {
	for _, f := range fs {
		out = append(out, f.Pos.File)
	}
	return out
}
