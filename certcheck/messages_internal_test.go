package certcheck

import (
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"
	"net"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/wording"
)

// TestMessagesBounded gives every rule certificates and a CRL whose names
// are 1 MB long and hold line breaks and escape sequences, with 10,000
// EKUs, 10,000 DNS names and 10,000 IP addresses: every message stays
// short (lists of at most wording.MaxListed items, input text cut to
// wording.MaxQuote characters) and holds no raw control character.
func TestMessagesBounded(t *testing.T) {
	huge := "vpn.example.com\n[CERT999] forged \x1b[31m" + strings.Repeat("A", 1<<20)
	ekus := make([]asn1.ObjectIdentifier, 10_000)
	for i := range ekus {
		ekus[i] = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 99999, i}
	}
	dns := make([]string, 10_000)
	ips := make([]net.IP, 10_000)
	for i := range dns {
		dns[i] = fmt.Sprintf("host%d.example.com", i)
		ips[i] = net.IPv4(10, byte(i>>16), byte(i>>8), byte(i))
	}
	caKey, rootKey, other := newKey(t), newKey(t), newKey(t)
	root := issue(t, "Root", "Root", &rootKey.PublicKey, rootKey, true, false)
	// The CA is expired and not signed by the root: CERT032 and CERT031
	// name it.
	hugeCA := makeCert(t, &x509.Certificate{Subject: pkix.Name{CommonName: huge}, NotBefore: testNow.AddDate(-2, 0, 0), NotAfter: testNow.AddDate(-1, 0, 0),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign}, &x509.Certificate{Subject: root.Subject, PublicKey: other.Public()}, &caKey.PublicKey, other)
	leaf := func(change func(*x509.Certificate)) *x509.Certificate {
		tmpl := &x509.Certificate{Subject: pkix.Name{CommonName: huge}, NotBefore: testNow.AddDate(0, -1, 0), NotAfter: testNow.AddDate(1, 0, 0)}
		change(tmpl)
		return makeCert(t, tmpl, hugeCA, &newKey(t).PublicKey, caKey)
	}
	noSAN := leaf(func(c *x509.Certificate) { c.UnknownExtKeyUsage = ekus })
	manyNames := leaf(func(c *x509.Certificate) {
		c.UnknownExtKeyUsage = ekus
		c.DNSNames, c.IPAddresses = dns, ips
	})
	orphan := issueWith(t, "orphan", caKey, func(c *x509.Certificate) {}) // issued by "Issuer", not supplied
	crlTmpl := &x509.RevocationList{Number: big.NewInt(1), ThisUpdate: testNow.AddDate(0, -2, 0), NextUpdate: testNow.AddDate(0, -1, 0),
		RevokedCertificateEntries: []x509.RevocationListEntry{{SerialNumber: manyNames.SerialNumber, RevocationTime: testNow.AddDate(0, -2, 0)}}}
	crlDER, err := x509.CreateRevocationList(rand.Reader, crlTmpl, hugeCA, caKey)
	if err != nil {
		t.Fatal(err)
	}
	crl, err := x509.ParseRevocationList(crlDER)
	if err != nil {
		t.Fatal(err)
	}
	certs := asCerts(RoleVPN, noSAN, manyNames, orphan)
	certs = append(certs, asCerts(RoleClient, noSAN, manyNames)...)
	certs = append(certs, asCerts(RoleTrust, root)...)
	certs = append(certs, asCerts(RoleChain, hugeCA)...)
	certs = append(certs, &Cert{Certificate: noSAN, Classified: "given"})
	in := &Set{Certs: certs, CRLs: []*CRL{{RevocationList: crl}}, Opts: Options{Now: testNow, Host: huge}}
	seen := map[string]bool{}
	for _, f := range Lint(in) {
		seen[f.Rule.ID] = true
		if len(f.Message) > 1_500 {
			t.Errorf("%s: a message of %d bytes: %.200q...", f.Rule.ID, len(f.Message), f.Message)
		}
		if i := strings.IndexFunc(f.Message, func(r rune) bool { return r < 0x20 || r == 0x7f }); i >= 0 {
			t.Errorf("%s: a raw control character in %.200q", f.Rule.ID, f.Message[max(0, i-50):])
		}
	}
	// The rules that quote names and lists must have spoken.
	for _, id := range []string{"CERT010", "CERT012", "CERT020", "CERT021", "CERT031", "CERT032", "CERT050", "CERT052", "CERT061"} {
		if !seen[id] {
			t.Errorf("no %s finding: the test does not exercise its message", id)
		}
	}
	if got := validNames(manyNames); strings.Count(got, ", ") != wording.MaxListed-1 || !strings.HasSuffix(got, "and 19,995 more") {
		t.Errorf("validNames = %q; want %d names and the others counted", got, wording.MaxListed)
	}
}

// makeCert creates a certificate from tmpl issued by parent with signer.
func makeCert(t testing.TB, tmpl, parent *x509.Certificate, pub crypto.PublicKey, signer crypto.Signer) *x509.Certificate {
	t.Helper()
	tmpl.SerialNumber = big.NewInt(testSerial.Add(1))
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestValidForLinear matches a 256 KB host name (as a profile's Servers
// may hold) against a certificate with 2,000 DNS names: the host is
// normalised once, so the bytes allocated are about the host's and the
// names' (2,000 copies of the host, 512 MB, before the fix), and the
// answers are right.
func TestValidForLinear(t *testing.T) {
	names := make([]string, 2_000)
	size := 0
	for i := range names {
		names[i] = fmt.Sprintf("HOST%d.EXAMPLE.COM", i)
		size += len(names[i])
	}
	c := issueWith(t, "many", newKey(t), func(c *x509.Certificate) { c.DNSNames = append(names, "*.Example.com") })
	host := "VPN." + strings.Repeat("X", 256<<10) + ".EXAMPLE.COM"
	var ok bool
	if n := allocated(func() { ok = ValidFor(c, host) }); ok || n > uint64(4*(len(host)+size)) {
		t.Errorf("ValidFor = %v with %d bytes allocated for a %d-byte host and %d bytes of names; want false and at most %d", ok, n, len(host), size, 4*(len(host)+size))
	}
	for h, want := range map[string]bool{"host7.example.com.": true, "A.example.COM": true, "example.com": false, "a.b.example.com": false, " HOST1999.example.com ": true, "host2000.example.com": true, "": false} {
		if got := ValidFor(c, h); got != want {
			t.Errorf("ValidFor(%q) = %v, want %v", h, got, want)
		}
	}
}

// referenceCRLIssuer is crlIssuer as a scan of every certificate: the
// first, in input order, named as the CRL's issuer whose subject key
// identifier is the CRL's authority key identifier when both have one.
func referenceCRLIssuer(in *Set, l *CRL) *Cert {
	for _, c := range in.Certs {
		if string(c.RawSubject) != string(l.RawIssuer) {
			continue
		}
		if len(l.AuthorityKeyId) > 0 && len(c.SubjectKeyId) > 0 && string(l.AuthorityKeyId) != string(c.SubjectKeyId) {
			continue
		}
		return c
	}
	return nil
}

// TestOneIndex runs every rule on certificates of one CA (with and
// without key identifiers, copies, other CAs of the same name) and CRLs
// in its name: chain building and the CRL rules share one index, built
// once, and the CRL's issuer found in it is the one a scan of every
// certificate finds.
func TestOneIndex(t *testing.T) {
	in := revokedInput(t, 20)
	key, other := newKey(t), newKey(t)
	in.Certs = append(asCerts(RoleChain,
		issue(t, "CA", "CA", &other.PublicKey, other, true, true),  // same name, another key identifier
		issue(t, "CA", "Root", &key.PublicKey, other, true, false), // same name, no authority key identifier
	), in.Certs...)
	in.Certs = append(in.Certs, in.Certs[3]) // a copy
	before := indexBuilds.Load()
	Lint(in)
	if n := indexBuilds.Load() - before; n != 1 {
		t.Errorf("%d indexes built for one input, want 1", n)
	}
	for _, aki := range [][]byte{nil, in.CRLs[0].AuthorityKeyId, keyID(&other.PublicKey), {1, 2, 3}} {
		l := *in.CRLs[0].RevocationList
		l.AuthorityKeyId = aki
		crl := &CRL{RevocationList: &l}
		if got, want := in.crlIssuer(crl), referenceCRLIssuer(in, crl); got != want {
			t.Errorf("authority key identifier % x: issuer %v, a scan finds %v", aki, got, want)
		}
	}
}
