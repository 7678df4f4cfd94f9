package certcheck_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/input"
)

const pki = "../fixtures/pki"

func load(t *testing.T, path string, passwords ...string) (*certcheck.Bundle, *input.File) {
	t.Helper()
	f, err := input.Open(path, nil, input.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Kind != input.Certificate {
		t.Fatalf("%s: read as %v, not as a certificate file (problems %v)", path, f.Kind, f.Problems)
	}
	return certcheck.Load(certcheck.File{Name: f.Name, Raw: f.Raw, Text: f.Text}, certcheck.LoadOptions{Passwords: passwords}), f
}

// TestLoadEveryFormat loads the VPN server certificate from every
// container format the generator writes.
func TestLoadEveryFormat(t *testing.T) {
	password, err := os.ReadFile(filepath.Join(pki, "pfx-password.txt"))
	if err != nil {
		t.Fatal(err)
	}
	pw := strings.TrimSpace(string(password))
	tests := []struct {
		file      string
		certs     int
		crls      int
		container string
		passwords []string
	}{
		{"vpn.pem", 1, 0, "PEM", nil},
		{"vpn.cer", 1, 0, "DER", nil},
		{"vpn.b64", 1, 0, "base64", nil},
		{"vpn-bom-crlf.pem", 1, 0, "PEM", nil},
		{"vpn-utf16.pem", 1, 0, "PEM", nil},
		{"vpn-preamble.pem", 1, 0, "PEM", nil},
		{"chain.p7b", 3, 0, "PKCS#7", nil},
		{"chain-pem.p7b", 3, 0, "PKCS#7", nil},
		{"chain-certificate-label.p7b", 3, 0, "PKCS#7", nil},
		{"chain-ber.p7b", 3, 0, "PKCS#7", nil},
		{"chain.sst", 3, 1, "SST", nil},
		{"vpn.serialized", 1, 0, "SST", nil},
		{"vpn-aes.pfx", 3, 0, "PFX", []string{pw}},
		{"vpn-legacy.pfx", 3, 0, "PFX", []string{pw}},
		{"vpn-3des.pfx", 3, 0, "PFX", []string{"wrong first", pw}},
		{"vpn-no-password.pfx", 2, 0, "PFX", nil},
		{"issuing-current.crl", 0, 1, "", nil},
		{"issuing-current.crl.pem", 0, 1, "", nil},
	}
	for _, tc := range tests {
		b, _ := load(t, filepath.Join(pki, tc.file), tc.passwords...)
		if len(b.Problems) > 0 || len(b.Certs) != tc.certs || len(b.CRLs) != tc.crls {
			t.Errorf("%s: %d certificates, %d CRLs, problems %v; want %d and %d", tc.file, len(b.Certs), len(b.CRLs), b.Problems, tc.certs, tc.crls)
			continue
		}
		if tc.certs == 0 {
			continue
		}
		found := false
		for _, c := range b.Certs {
			found = found || c.Subject.CommonName == "vpn.example.com"
			if c.Source.Container != tc.container {
				t.Errorf("%s: container %q, want %q", tc.file, c.Source.Container, tc.container)
			}
		}
		if !found {
			t.Errorf("%s: the VPN server certificate is not among %d certificates", tc.file, len(b.Certs))
		}
		if tc.container == "PFX" && b.Certs[0].Subject.CommonName != "vpn.example.com" {
			t.Errorf("%s: first certificate is %s, want the leaf matching the private key", tc.file, b.Certs[0].Subject)
		}
	}
}

// TestSourcesInStore checks that items of a serialized store remember
// their index, byte offset and friendly name.
func TestSourcesInStore(t *testing.T) {
	b, _ := load(t, filepath.Join(pki, "chain.sst"))
	if len(b.Certs) != 3 {
		t.Fatalf("%d certificates", len(b.Certs))
	}
	root := b.Certs[0].Source
	if root.Index != 0 || root.Offset != 8+12+20+12+42 || root.Name != "Contoso Test Root CA" {
		t.Errorf("root source %+v", root)
	}
	if s := b.Certs[2].Source; s.Index != 2 || s.Name != "VPN server" || s.Offset <= root.Offset {
		t.Errorf("leaf source %+v", s)
	}
}

// TestBrokenContainers checks that every broken or hostile container ends
// in IN005 problems that say what is wrong, and that what can be read is
// still read.
func TestBrokenContainers(t *testing.T) {
	tests := []struct {
		file     string
		certs    int
		want     string
		password string
	}{
		{"truncated.cer", 0, "the certificate is truncated: its outer element claims", ""},
		{"truncated.p7b", 0, "the PKCS#7 bundle is truncated", ""},
		{"truncated.pfx", 0, "the PFX is truncated", ""},
		{"no-certificates.p7b", 0, "the PKCS#7 bundle holds no certificate", ""},
		{"length-beyond-end.sst", 1, "claims 1073741824 bytes", ""},
		{"truncated.sst", 1, "serialized store is damaged", ""},
		{"one-bad-certificate.sst", 2, "item 2 of the serialized store", ""},
		{"bad-base64.pem", 0, "PEM block cannot be decoded", ""},
	}
	for _, tc := range tests {
		b, _ := load(t, filepath.Join(pki, "broken", tc.file), tc.password)
		var msgs []string
		for _, p := range b.Problems {
			msgs = append(msgs, p.Message)
		}
		if len(b.Certs) != tc.certs || !strings.Contains(strings.Join(msgs, "\n"), tc.want) {
			t.Errorf("%s: %d certificates, problems %q; want %d certificates and a problem saying %q", tc.file, len(b.Certs), msgs, tc.certs, tc.want)
		}
	}
}

// TestPFXPasswordNeverShown checks both password failures and that the
// password given never appears in a message.
func TestPFXPasswordNeverShown(t *testing.T) {
	secret := "Sup3r-Secret-Passphrase"
	b, _ := load(t, filepath.Join(pki, "vpn-aes.pfx"), secret)
	if len(b.Problems) != 1 || !strings.Contains(b.Problems[0].Message, "password is wrong") || strings.Contains(b.Problems[0].Message, secret) {
		t.Errorf("wrong password: %v", b.Problems)
	}
	b, _ = load(t, filepath.Join(pki, "vpn-aes.pfx"))
	if len(b.Problems) != 1 || !strings.Contains(b.Problems[0].Message, "--pfx-password-file or AOVPNLINT_PFX_PASSWORD") {
		t.Errorf("no password: %v", b.Problems)
	}
}

// TestRandomBytesAreNotCertificates makes sure random data is refused
// without a panic.
func TestRandomBytesAreNotCertificates(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(pki, "broken", "random.bin"))
	if err != nil {
		t.Fatal(err)
	}
	f := input.Read("random.bin", data, input.Limits{})
	problems := len(f.Problems)
	if f.Kind == input.Certificate {
		problems += len(certcheck.Load(certcheck.File{Name: f.Name, Raw: f.Raw, Text: f.Text}, certcheck.LoadOptions{}).Problems)
	}
	if problems == 0 {
		t.Error("random bytes read without a problem")
	}
}
