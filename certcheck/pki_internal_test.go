package certcheck

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"sync/atomic"
	"testing"
	"time"
)

// The tests make their certificates at run time: hostile inputs are never
// committed.

var testSerial atomic.Int64

func newKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func keyID(pub crypto.PublicKey) []byte {
	der, _ := x509.MarshalPKIXPublicKey(pub)
	sum := sha1.Sum(der)
	return sum[:]
}

// testNow is the time the tests judge validity at.
var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// issue makes a certificate named subject for pub, issued in the name of
// issuer and signed by signer (which need not be the key of any
// certificate named issuer). A CA gets basic constraints and keyCertSign;
// with ids, the subject and authority key identifiers are those of pub and
// of signer.
func issue(t testing.TB, subject, issuer string, pub crypto.PublicKey, signer crypto.Signer, ca, ids bool) *x509.Certificate {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: new(big.Int).Add(big.NewInt(1<<62), big.NewInt(testSerial.Add(1)<<24)), // 8 bytes, the last 3 free for variants
		Subject:      pkix.Name{CommonName: subject},
		NotBefore:    testNow.Add(-24 * time.Hour),
		NotAfter:     testNow.Add(365 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	parent := &x509.Certificate{Subject: pkix.Name{CommonName: issuer}, PublicKey: signer.Public()}
	if ca {
		tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
		tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign
		tmpl.ExtKeyUsage = nil
	}
	if ids {
		tmpl.SubjectKeyId = keyID(pub)
		tmpl.AuthorityKeyId = keyID(signer.Public()) // Go takes it from parent only when the names differ
		parent.SubjectKeyId = keyID(signer.Public())
	}
	// Without ids, Go still gives a CA a subject key identifier (a hash
	// of its key), but writes no authority key identifier: issuers are
	// then matched by name alone.
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

// issueWith makes a leaf certificate signed by signer, with change applied
// to its template.
func issueWith(t testing.TB, subject string, signer crypto.Signer, change func(*x509.Certificate)) *x509.Certificate {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: new(big.Int).Add(big.NewInt(1<<62), big.NewInt(testSerial.Add(1)<<24)),
		Subject:      pkix.Name{CommonName: subject},
		NotBefore:    testNow.Add(-24 * time.Hour),
		NotAfter:     testNow.Add(365 * 24 * time.Hour),
	}
	change(tmpl)
	der, err := x509.CreateCertificate(rand.Reader, tmpl, &x509.Certificate{Subject: pkix.Name{CommonName: "Issuer"}, PublicKey: signer.Public()}, signer.Public(), signer)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func asCerts(role Role, cs ...*x509.Certificate) []*Cert {
	out := make([]*Cert, len(cs))
	for i, c := range cs {
		out[i] = &Cert{Certificate: c, Role: role}
	}
	return out
}

// unlimited verifies signatures without a budget, for the tests'
// reference answers.
var unlimited = &verifier{allowance: 1 << 62}

// signedBy reports whether parent's key verifies child's signature,
// without a budget.
func signedBy(child, parent *x509.Certificate) bool {
	ok, _ := unlimited.signedBy(child, parent)
	return ok
}

// selfSigned reports whether c is self-signed, without a budget.
func selfSigned(c *x509.Certificate) bool {
	ok, _ := unlimited.selfSigned(c)
	return ok
}
