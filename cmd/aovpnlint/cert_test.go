package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// within runs the command line and fails the test if it has not answered
// after a minute: a hang becomes a failure. The bound is a watchdog, far
// above what the commands take, never a speed assertion.
func within(t *testing.T, args ...string) result {
	t.Helper()
	done := make(chan result, 1)
	go func() { done <- runCLI(t, "", nil, args...) }()
	select {
	case r := <-done:
		return r
	case <-time.After(time.Minute):
		t.Fatalf("%v: no answer within a minute", args)
	}
	return result{}
}

// testCert makes a certificate for pub signed by a fresh ECDSA key, with
// change applied to its template.
func testCert(t *testing.T, cn string, pub any, change func(*x509.Certificate)) []byte {
	t.Helper()
	signer, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(42), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
		DNSNames: []string{"vpn.example.com"}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	if change != nil {
		change(tmpl)
	}
	if pub == nil {
		pub = &signer.PublicKey
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, &x509.Certificate{Subject: pkix.Name{CommonName: "Issuer"}, PublicKey: &signer.PublicKey}, pub, signer)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func thumb(der []byte) string {
	sum := sha1.Sum(der)
	return fmt.Sprintf("%x", sum)
}

func writePEM(t *testing.T, ders ...[]byte) string {
	t.Helper()
	var text []byte
	for _, d := range ders {
		text = append(text, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: d})...)
	}
	p := filepath.Join(t.TempDir(), "certs.pem")
	if err := os.WriteFile(p, text, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCertShowSurvivesCertinfoPanic shows a file whose first certificate
// has a smallstep provisioner extension of type -1, on which certinfo
// panics (index out of range): that certificate is shown in short form,
// with its names, key, usages and thumbprint, and the next one is still
// shown in full.
func TestCertShowSurvivesCertinfoPanic(t *testing.T) {
	ext, err := asn1.Marshal(struct {
		Type         int
		Name         []byte
		CredentialID []byte
	}{-1, []byte("x"), []byte("y")})
	if err != nil {
		t.Fatal(err)
	}
	bad := testCert(t, "provisioned", nil, func(c *x509.Certificate) {
		c.ExtraExtensions = []pkix.Extension{{Id: asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 37476, 9000, 64, 1}, Value: ext}}
	})
	good := testCert(t, "good", nil, nil)
	r := within(t, "cert", "show", writePEM(t, bad, good))
	if r.code != 0 || strings.Count(r.stdout, "\n== ")+btoi(strings.HasPrefix(r.stdout, "== ")) != 2 {
		t.Fatalf("exit %d, stdout %q, stderr %q; want both certificates shown", r.code, r.stdout, r.stderr)
	}
	short, full, _ := strings.Cut(r.stdout[3:], "\n== ")
	for _, want := range []string{"Certificate (short form):", "Subject: CN=provisioned", "Issuer: CN=Issuer", "Serial number: 2a", "Validity: 2026-01-01T00:00:00Z to 2027-01-01T00:00:00Z",
		"Public key: EC P-256, 256 bits", "Subject alternative names: DNS:vpn.example.com", "Extended key usages: Server Authentication (1.3.6.1.5.5.7.3.1)", "SHA-1 thumbprint (TrustedRootCA form): " + thumb(bad)} {
		if !strings.Contains(short, want) {
			t.Errorf("short form %q lacks %q", short, want)
		}
	}
	if !strings.Contains(full, "CN=good") || !strings.Contains(full, "Subject Public Key Info") || !strings.Contains(full, thumb(good)) {
		t.Errorf("the second certificate is not shown in full: %q", full)
	}
	if !strings.Contains(r.stderr, "is shown in short form: the certificate describer failed on it") {
		t.Errorf("stderr %q; want a note on the short form", r.stderr)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestCertShowHugeRSA shows a certificate whose RSA key has 2,097,152 bits
// next to a normal one: it is refused (an IN005 problem naming the size
// and the limit, exit 1) yet shown in short form, without the modulus
// (certinfo printed it byte by byte before the fix), and the other one is
// shown in full.
func TestCertShowHugeRSA(t *testing.T) {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 2_097_152))
	n.SetBit(n, 2_097_151, 1)
	n.SetBit(n, 0, 1)
	huge := testCert(t, "huge", &rsa.PublicKey{N: n, E: 65537}, nil)
	good := testCert(t, "good", nil, nil)
	r := within(t, "cert", "show", writePEM(t, huge, good))
	if r.code != 1 || !strings.Contains(r.stderr, "has an RSA key of 2097152 bits, over the limit of 16384") {
		t.Errorf("exit %d, stderr %q; want 1 and the key refused", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "Public key: RSA, 2097152 bits") || !strings.Contains(r.stdout, thumb(huge)) || !strings.Contains(r.stdout, "CN=good") {
		t.Errorf("stdout %q; want the huge certificate in short form and the other one", r.stdout[:min(len(r.stdout), 2000)])
	}
	if len(r.stdout) > 16<<10 {
		t.Errorf("%d bytes of output for two certificates: the modulus is printed", len(r.stdout))
	}
}

// TestCertShowEscapesControls shows a certificate whose names hold an
// escape sequence and a right-to-left override: they reach the terminal
// escaped.
func TestCertShowEscapesControls(t *testing.T) {
	der := testCert(t, "evil\x1b[2J\u202eexe.pem", nil, func(c *x509.Certificate) { c.DNSNames = []string{"a\x07b.example.com"} })
	r := within(t, "cert", "show", writePEM(t, der))
	if strings.ContainsAny(r.stdout+r.stderr, "\x1b\x07\u202e") {
		t.Errorf("control characters reach the terminal: %q", r.stdout)
	}
	if !strings.Contains(r.stdout, `evil\x1b[2J\u202eexe.pem`) {
		t.Errorf("stdout %q; want the name with its controls escaped", r.stdout)
	}
}

// TestCertShowReadsRegularFilesOnly gives cert show a FIFO (opening it
// would block until a writer comes) and a link to /dev/zero (endless):
// each is refused at once with exit 2, before anything is read.
func TestCertShowReadsRegularFilesOnly(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "certs.pem")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO: %v", err)
	}
	zero := filepath.Join(dir, "zero.cer")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Skipf("no link: %v", err)
	}
	for path, what := range map[string]string{fifo: "a named pipe (FIFO)", zero: "a device"} {
		r := within(t, "cert", "show", path)
		if r.code != 2 || !strings.Contains(r.stderr, what) {
			t.Errorf("%s: exit %d, stderr %q; want 2 and the file named %s", path, r.code, r.stderr, what)
		}
	}
}

// iterationBomb is a 1 KB PFX whose MAC asks for 2^31-1 key-derivation
// iterations.
func iterationBomb(t *testing.T) []byte {
	type contentInfo struct {
		ContentType asn1.ObjectIdentifier
		Content     asn1.RawValue `asn1:"tag:0,explicit,optional"`
	}
	data := asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	wrap := func(v any) asn1.RawValue {
		inner, err := asn1.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		octets, _ := asn1.Marshal(inner)
		return asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: octets}
	}
	empty := []asn1.RawValue{}
	pfx, err := asn1.Marshal(struct {
		Version  int
		AuthSafe contentInfo
		MacData  struct {
			Mac struct {
				Algorithm pkix.AlgorithmIdentifier
				Digest    []byte
			}
			MacSalt    []byte
			Iterations int
		}
	}{Version: 3, AuthSafe: contentInfo{data, wrap([]contentInfo{{data, wrap(empty)}})}, MacData: struct {
		Mac struct {
			Algorithm pkix.AlgorithmIdentifier
			Digest    []byte
		}
		MacSalt    []byte
		Iterations int
	}{Mac: struct {
		Algorithm pkix.AlgorithmIdentifier
		Digest    []byte
	}{pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}, Parameters: asn1.NullRawValue}, make([]byte, 32)},
		MacSalt: make([]byte, 8), Iterations: 1<<31 - 1}})
	if err != nil {
		t.Fatal(err)
	}
	return pfx
}

// TestPFXIterationBombInFolder puts the PFX whose MAC asks for 2^31-1
// iterations in a folder under a name that says nothing of a PFX: check
// on the folder, cert and cert show each answer at once with an IN005
// finding naming the count and the cap (they hung before the fix).
func TestPFXIterationBombInFolder(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(p, iterationBomb(t), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"check", "--format", "json", dir}, {"cert", p}, {"cert", "show", p}} {
		r := within(t, args...)
		out := r.stdout + r.stderr
		if r.code != 1 || !strings.Contains(out, "2147483647") || !strings.Contains(out, "100000") {
			t.Errorf("%v: exit %d, output %q; want 1 and the iteration count refused", args, r.code, out)
		}
		if args[0] != "cert" || len(args) == 2 {
			if !strings.Contains(out, "IN005") {
				t.Errorf("%v: output %q; want an IN005 finding", args, out)
			}
		}
	}
}

// forged is what a hostile certificate hides in its strings: a line that
// looks like the thumbprint line an administrator copies into
// TrustedRootCA.
const forged = "\nSHA-1 thumbprint (TrustedRootCA form): 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67\n"

// rawExtension marshals v as the value of the extension id.
func rawExtension(t *testing.T, id asn1.ObjectIdentifier, v any) pkix.Extension {
	t.Helper()
	b, err := asn1.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return pkix.Extension{Id: id, Value: b}
}

// TestCertShowNoForgedLines shows certificates that hide a forged
// thumbprint line in each string certinfo prints, or may print: CRL
// distribution points and OCSP URLs (the report's file), CA issuers URLs,
// a subject attribute, an otherName (UPN), a policy qualifier, a Netscape
// comment and smallstep's provisioner name (Go's parser refuses name
// constraints with a line break). Each is shown in short form: exactly
// one thumbprint line, its own.
func TestCertShowNoForgedLines(t *testing.T) {
	upn, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: append(
		mustMarshal(t, asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 20, 2, 3}),
		mustMarshal(t, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: mustMarshal(t, "user@example.com"+forged)})...)})
	if err != nil {
		t.Fatal(err)
	}
	type qualifier struct {
		ID  asn1.ObjectIdentifier
		CPS string `asn1:"ia5"`
	}
	type policy struct {
		ID         asn1.ObjectIdentifier
		Qualifiers []qualifier
	}
	cases := map[string]func(*x509.Certificate){
		"crl and ocsp": func(c *x509.Certificate) {
			c.CRLDistributionPoints = []string{"http://crl.example.com/a.crl" + forged}
			c.OCSPServer = []string{"http://ocsp" + forged}
		},
		"ca issuers": func(c *x509.Certificate) { c.IssuingCertificateURL = []string{"http://ca.example.com/ca.crt" + forged} },
		"subject": func(c *x509.Certificate) {
			c.Subject.ExtraNames = []pkix.AttributeTypeAndValue{{Type: asn1.ObjectIdentifier{2, 5, 4, 11}, Value: "IT" + forged}}
		},
		"upn": func(c *x509.Certificate) {
			c.DNSNames = nil
			c.ExtraExtensions = []pkix.Extension{{Id: asn1.ObjectIdentifier{2, 5, 29, 17}, Value: mustMarshal(t, asn1.RawValue{Tag: asn1.TagSequence, IsCompound: true, Bytes: upn})}}
		},
		"policy qualifier": func(c *x509.Certificate) {
			c.ExtraExtensions = []pkix.Extension{rawExtension(t, asn1.ObjectIdentifier{2, 5, 29, 32},
				[]policy{{asn1.ObjectIdentifier{1, 2, 3}, []qualifier{{asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 2, 1}, "http://cps" + forged}}}})}
		},
		"netscape comment": func(c *x509.Certificate) {
			c.ExtraExtensions = []pkix.Extension{rawExtension(t, asn1.ObjectIdentifier{2, 16, 840, 1, 113730, 1, 13}, "comment"+forged)}
		},
		"step provisioner": func(c *x509.Certificate) {
			c.ExtraExtensions = []pkix.Extension{rawExtension(t, asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 37476, 9000, 64, 1}, struct {
				Type         int
				Name         []byte
				CredentialID []byte
			}{1, []byte("name" + forged), []byte("id")})}
		},
	}
	for name, change := range cases {
		der := testCert(t, "vpn.example.com", nil, change)
		r := within(t, "cert", "show", writePEM(t, der))
		var thumbs []string
		for _, l := range strings.Split(r.stdout, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "SHA-1 thumbprint") {
				thumbs = append(thumbs, l)
			}
		}
		if r.code != 0 || len(thumbs) != 1 || thumbs[0] != "SHA-1 thumbprint (TrustedRootCA form): "+thumb(der) {
			t.Errorf("%s: exit %d, thumbprint lines %q; want only the certificate's own (%s)", name, r.code, thumbs, thumb(der))
		}
		if !strings.Contains(r.stdout, "Certificate (short form):") {
			t.Errorf("%s: not shown in short form: %q", name, r.stdout)
		}
	}
	// A certificate without such strings is still described in full.
	r := within(t, "cert", "show", writePEM(t, testCert(t, "vpn.example.com", nil, func(c *x509.Certificate) {
		c.CRLDistributionPoints = []string{"http://crl.example.com/a.crl"}
		c.OCSPServer = []string{"http://ocsp.example.com"}
	})))
	if !strings.Contains(r.stdout, "X509v3 CRL Distribution Points") || strings.Contains(r.stdout, "short form") {
		t.Errorf("a plain certificate not described in full: %q", r.stdout)
	}
}
