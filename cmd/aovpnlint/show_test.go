package main

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// ed448Cert is a self-signed certificate with an Ed448 key, which
// crypto/x509 reads without a public key and certinfo refuses ("Unknown
// public key type"); its signature is not real, and is never checked.
func ed448Cert(t *testing.T, cn string) []byte {
	t.Helper()
	type algo struct{ Algorithm asn1.ObjectIdentifier }
	ed448 := algo{asn1.ObjectIdentifier{1, 3, 101, 113}}
	name, err := asn1.Marshal(pkix.Name{CommonName: cn}.ToRDNSequence())
	if err != nil {
		t.Fatal(err)
	}
	type spki struct {
		Algo algo
		Key  asn1.BitString
	}
	tbs, err := asn1.Marshal(struct {
		Version  int `asn1:"explicit,tag:0"`
		Serial   *big.Int
		Sig      algo
		Issuer   asn1.RawValue
		Validity struct{ NotBefore, NotAfter time.Time }
		Subject  asn1.RawValue
		SPKI     spki
	}{2, big.NewInt(7), ed448, asn1.RawValue{FullBytes: name},
		struct{ NotBefore, NotAfter time.Time }{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC)},
		asn1.RawValue{FullBytes: name}, spki{ed448, asn1.BitString{Bytes: make([]byte, 57), BitLength: 456}}})
	if err != nil {
		t.Fatal(err)
	}
	der, err := asn1.Marshal(struct {
		TBS       asn1.RawValue
		Sig       algo
		Signature asn1.BitString
	}{asn1.RawValue{FullBytes: tbs}, ed448, asn1.BitString{Bytes: make([]byte, 114), BitLength: 912}})
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// TestCertShowNeverGivesUp shows, in one run, a certificate certinfo
// cannot print (Ed448), a file that does not exist, a folder holding a
// certificate and a note, and another certificate: the Ed448 one is shown
// in short form with its key named, the missing file is said on standard
// error, the folder's certificate and the last file are still shown, the
// note is left out, and the exit code is 2 as --help says. Before, the
// missing file stopped the run with nothing shown, and a folder was
// refused.
func TestCertShowNeverGivesUp(t *testing.T) {
	dir := t.TempDir()
	inDir := filepath.Join(dir, "folder")
	if err := os.MkdirAll(inDir, 0o755); err != nil {
		t.Fatal(err)
	}
	ed := writePEM(t, ed448Cert(t, "Ed448 Root"))
	folderCert := testCert(t, "in-folder", nil, nil)
	if err := os.WriteFile(filepath.Join(inDir, "gateway.cer"), folderCert, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(inDir, "notes.txt"), []byte("renew in May\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	last := writePEM(t, testCert(t, "last", nil, nil))
	missing := filepath.Join(dir, "missing.pem")
	r := within(t, "cert", "show", ed, missing, inDir, last)
	if r.code != 2 {
		t.Errorf("exit %d, want 2 (a file could not be opened)", r.code)
	}
	if !strings.Contains(r.stderr, missing) || strings.Contains(r.stderr, "notes.txt") {
		t.Errorf("stderr %q; want the missing file named, and the note left out", r.stderr)
	}
	for _, want := range []string{"Subject: CN=Ed448 Root", "Public key: Ed448, 456 bits", "Serial number: 7",
		"Validity: 2026-01-01T00:00:00Z to 2036-01-01T00:00:00Z", "SHA-1 thumbprint (TrustedRootCA form): " + thumb(ed448Cert(t, "Ed448 Root")),
		"CN=in-folder", "SHA-1 thumbprint (TrustedRootCA form): " + thumb(folderCert), "CN=last"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
}

// TestCertShowExitCodes gives the exit codes --help documents: 0 when
// every item was printed, 1 when an item could not be read, 2 when a file
// could not be opened, each after showing what could be shown.
func TestCertShowExitCodes(t *testing.T) {
	good := writePEM(t, testCert(t, "good", nil, nil))
	tests := []struct {
		args []string
		code int
	}{
		{[]string{good}, 0},
		{[]string{"fixtures/openssl"}, 0},
		{[]string{"fixtures/pki/broken/truncated.cer", good}, 1},
		{[]string{"fixtures/profiles/device-tunnel.xml", good}, 1},
		{[]string{good, "fixtures/pki/no-such.pem"}, 2},
		{[]string{"--format", "yaml", good}, 2},
		{[]string{"--purpose", "trust", good}, 2},
	}
	for _, tt := range tests {
		r := within(t, append([]string{"cert", "show", "--pfx-password-file", "fixtures/pki/pfx-password.txt"}, tt.args...)...)
		if r.code != tt.code {
			t.Errorf("cert show %v: exit %d, want %d\n%s", tt.args, r.code, tt.code, r.stderr)
		}
		if tt.code < 2 && tt.args[len(tt.args)-1] == good && !strings.Contains(r.stdout, "CN=good") {
			t.Errorf("cert show %v: the readable certificate is not shown", tt.args)
		}
	}
	r := within(t, "cert", "show", "--help")
	for _, want := range []string{"0  every item was printed", "1  an item could not be read", "2  bad usage, or a file that cannot be opened or read"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("--help does not document %q", want)
		}
	}
}

// TestCertShowNamesAsWindows shows the AD CS-style user certificate of
// fixtures/openssl: its names as Windows shows them (DC= rather than
// dotted OIDs, most specific first, the multi-valued RDN together,
// BMPString and T61String decoded) and every subject alternative name,
// the UPN and directoryName crypto/x509 drops included. Before, certinfo
// printed "UnknownOID=0.9.2342.19200300.100.1.25" and no UPN.
func TestCertShowNamesAsWindows(t *testing.T) {
	r := within(t, "cert", "show", "fixtures/openssl/names-user.pem", "fixtures/openssl/names-root.pem")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"        Subject: UID=alice + CN=Alice Exämple, OU=Użytkownicy, DC=corp, DC=example, DC=com\n",
		"        Issuer: CN=Corp Root CA, DC=corp, DC=example, DC=com\n",
		"                UPN:alice@corp.example.com, email:alice@corp.example.com, URI:tag:microsoft.com,2022-09-14:sid:S-1-5-21-1004336348-1177238915-682003330-1105, directoryName:CN=Alice Example, OU=Users, O=Contoso, C=US\n",
		"Role: client — it has Client Authentication, so a client certificate\n",
		"Role: trust — a self-signed CA certificate, so a trusted root\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	for _, bad := range []string{"UnknownOID", "0.9.2342", "ST=", "emailAddress="} {
		if strings.Contains(r.stdout, bad) {
			t.Errorf("stdout holds %q", bad)
		}
	}
}

// inventoryFiles are the files of the JSON golden: the AD CS-style PKI
// (DC= names, UPN, directoryName), a PKCS#7 chain, a CRL, and a damaged
// file (a problem).
var inventoryFiles = []string{"fixtures/openssl/names-user.pem", "fixtures/openssl/names-root.pem", "fixtures/pki/chain.p7b",
	"fixtures/pki/issuing-current.crl", "fixtures/pki/broken/truncated.cer"}

// TestCertShowJSON writes the inventory of cert show --format json: the
// golden file, a version, one object per certificate and CRL with stable
// fields, lists never null, the roles the classifier gives (or --purpose).
func TestCertShowJSON(t *testing.T) {
	r := within(t, append([]string{"cert", "show", "--format", "json"}, inventoryFiles...)...)
	if r.code != 1 {
		t.Errorf("exit %d, want 1 (the truncated file)", r.code)
	}
	golden(t, "cert-show.json.golden", r.stdout)
	var doc struct {
		Version  int              `json:"version"`
		Items    []map[string]any `json:"items"`
		Problems []map[string]any `json:"problems"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || len(doc.Items) != 6 || len(doc.Problems) != 1 || doc.Problems[0]["file"] != "fixtures/pki/broken/truncated.cer" {
		t.Fatalf("version %d, %d items, problems %v; want 1, 6 items and the truncated file", doc.Version, len(doc.Items), doc.Problems)
	}
	certFields := []string{"kind", "file", "item", "line", "container", "thumbprint", "subject", "issuer", "serial", "notBefore", "notAfter", "ekus", "sans", "sansOmitted", "key", "role", "roleReason"}
	crlFields := []string{"kind", "file", "item", "line", "container", "thumbprint", "issuer", "number", "thisUpdate", "nextUpdate", "revoked"}
	roles := map[string]string{}
	for _, it := range doc.Items {
		fields := certFields
		if it["kind"] == "crl" {
			fields = crlFields
		}
		for _, f := range fields {
			if v, ok := it[f]; !ok || v == nil {
				t.Errorf("%v item %v: field %s is missing or null", it["file"], it["item"], f)
			}
		}
		if len(it) != len(fields) {
			t.Errorf("%v item %v: %d fields, want %d", it["file"], it["item"], len(it), len(fields))
		}
		roles[it["file"].(string)+"#"+string(rune('0'+int(it["item"].(float64))))] = stringOf(it["role"])
	}
	want := map[string]string{"fixtures/openssl/names-user.pem#1": "client", "fixtures/openssl/names-root.pem#1": "trust",
		"fixtures/pki/chain.p7b#1": "vpn", "fixtures/pki/chain.p7b#2": "ca", "fixtures/pki/chain.p7b#3": "trust", "fixtures/pki/issuing-current.crl#1": ""}
	for k, v := range want {
		if roles[k] != v {
			t.Errorf("%s: role %q, want %q", k, roles[k], v)
		}
	}
	user := doc.Items[0]
	sans, _ := json.Marshal(user["sans"])
	if !strings.Contains(string(sans), `{"oid":"1.3.6.1.4.1.311.20.2.3","type":"UPN","value":"alice@corp.example.com"}`) ||
		!strings.Contains(string(sans), `{"oid":"","type":"directoryName","value":"CN=Alice Example, OU=Users, O=Contoso, C=US"}`) {
		t.Errorf("sans %s; want the UPN and the directoryName typed", sans)
	}

	r = within(t, "cert", "show", "--format", "json", "--purpose", "server", "fixtures/pki/chain.p7b")
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != 0 {
		t.Fatalf("exit %d, %v", r.code, err)
	}
	for i, want := range []string{"vpn", "ca", "ca"} {
		if got := doc.Items[i]["role"]; got != want {
			t.Errorf("--purpose server: item %d has role %v, want %s", i+1, got, want)
		}
	}

	r = within(t, "cert", "show", "--format", "json", "fixtures/pki/broken/random.bin")
	if r.code != 1 || !strings.Contains(r.stdout, `"items": [],`) {
		t.Errorf("exit %d, stdout %q; want an empty list of items, never null", r.code, r.stdout)
	}
}

func stringOf(v any) string {
	s, _ := v.(string)
	return s
}

// TestCertShowEmptyNames shows a certificate with an empty subject and
// issuer in full: certinfo's layout is kept (it writes no line break after
// an empty issuer), each name line is whole, and a description without
// certinfo's layout is not patched (the short form is used instead).
func TestCertShowEmptyNames(t *testing.T) {
	der := testCert(t, "", nil, nil)
	r := within(t, "cert", "show", writePEM(t, der))
	if r.code != 0 || !strings.Contains(r.stdout, "\n        Issuer: CN=Issuer\n        Validity\n") ||
		!strings.Contains(r.stdout, "\n        Subject:\n        Subject Public Key Info:\n") {
		t.Errorf("exit %d, stdout:\n%s", r.code, r.stdout)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := windowsNames("Certificate:\n    Data:\n", c); ok {
		t.Error("a description without certinfo's issuer and subject lines was patched")
	}
}
