//go:build !windows && !js

package certcheck

// The differential test of the tolerant reader (lenient.go) against
// github.com/zmap/zcrypto/x509, the parser certcheck used before it, and
// the conversion certcheck made of zcrypto's certificate. zcrypto is a
// test-only requirement: it does not compile for Windows or js/wasm,
// hence the build constraint.

import (
	"bytes"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"fmt"
	"math/big"
	"net/url"
	"reflect"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/fuzzlimit"
	zasn1 "github.com/zmap/zcrypto/encoding/asn1"
	zx509 "github.com/zmap/zcrypto/x509"
)

// zread reads der with zcrypto and converts it as certcheck did; false
// when zcrypto refuses it (or panics on it).
func zread(der []byte) (*x509.Certificate, bool) {
	z, err := zparse(der)
	if err != nil || z == nil {
		return nil, false
	}
	return zconvert(z), true
}

// zparse runs zcrypto's parser; a panic in it (a key it mishandles) is
// a certificate it does not read.
func zparse(der []byte) (z *zx509.Certificate, err error) {
	defer func() {
		if r := recover(); r != nil {
			z, err = nil, fmt.Errorf("zcrypto: %v", r)
		}
	}()
	return zx509.ParseCertificate(der)
}

// zconvert is the conversion certcheck made of a certificate zcrypto parsed
// (the public key is set by the caller): what the tolerant reader must
// return.
func zconvert(z *zx509.Certificate) *x509.Certificate {
	c := &x509.Certificate{
		Raw:                     z.Raw,
		RawTBSCertificate:       z.RawTBSCertificate,
		RawSubjectPublicKeyInfo: z.RawSubjectPublicKeyInfo,
		RawSubject:              z.RawSubject,
		RawIssuer:               z.RawIssuer,
		Signature:               z.Signature,
		Version:                 z.Version,
		SerialNumber:            z.SerialNumber,
		Issuer:                  pkixNameOf(z.RawIssuer),
		Subject:                 pkixNameOf(z.RawSubject),
		NotBefore:               z.NotBefore,
		NotAfter:                z.NotAfter,
		// zcrypto numbers the Key Usage bits as Go does (RFC 5280
		// order, digitalSignature = 1).
		KeyUsage:                    x509.KeyUsage(z.KeyUsage),
		BasicConstraintsValid:       z.BasicConstraintsValid,
		IsCA:                        z.IsCA,
		MaxPathLen:                  z.MaxPathLen,
		MaxPathLenZero:              z.MaxPathLenZero,
		SubjectKeyId:                z.SubjectKeyId,
		AuthorityKeyId:              z.AuthorityKeyId,
		OCSPServer:                  z.OCSPServer,
		IssuingCertificateURL:       z.IssuingCertificateURL,
		DNSNames:                    z.DNSNames,
		EmailAddresses:              z.EmailAddresses,
		IPAddresses:                 z.IPAddresses,
		CRLDistributionPoints:       z.CRLDistributionPoints,
		PermittedDNSDomainsCritical: z.NameConstraintsCritical,
	}
	if c.SerialNumber == nil {
		c.SerialNumber = new(big.Int)
	}
	if c.Version < 3 {
		// Go reads no extension in a version 1 or 2 certificate.
		ext := &x509.Certificate{Raw: c.Raw, RawTBSCertificate: c.RawTBSCertificate, RawSubjectPublicKeyInfo: c.RawSubjectPublicKeyInfo,
			RawSubject: c.RawSubject, RawIssuer: c.RawIssuer, Signature: c.Signature, Version: c.Version,
			SerialNumber: c.SerialNumber, Issuer: c.Issuer, Subject: c.Subject, NotBefore: c.NotBefore, NotAfter: c.NotAfter, MaxPathLen: -1}
		return ext
	}
	if !c.BasicConstraintsValid {
		c.MaxPathLen = -1 // as Go reports a certificate without basic constraints
	}
	for _, e := range z.Extensions {
		c.Extensions = append(c.Extensions, pkix.Extension{Id: oidOf(e.Id), Critical: e.Critical, Value: e.Value})
		if e.Id.Equal(zasn1.ObjectIdentifier(oidExtKeyUsage)) {
			c.ExtKeyUsage, c.UnknownExtKeyUsage = extKeyUsages(e.Value)
		}
	}
	for _, id := range z.UnhandledCriticalExtensions {
		c.UnhandledCriticalExtensions = append(c.UnhandledCriticalExtensions, oidOf(id))
	}
	for _, u := range z.URIs {
		if p, err := url.Parse(u); err == nil {
			c.URIs = append(c.URIs, p)
		}
	}
	for _, id := range z.PolicyIdentifiers {
		c.PolicyIdentifiers = append(c.PolicyIdentifiers, oidOf(id))
		if o, err := x509.OIDFromInts(oidUint64s(oidOf(id))); err == nil {
			c.Policies = append(c.Policies, o)
		}
	}
	for _, d := range z.PermittedDNSNames {
		c.PermittedDNSDomains = append(c.PermittedDNSDomains, d.Data)
	}
	for _, d := range z.ExcludedDNSNames {
		c.ExcludedDNSDomains = append(c.ExcludedDNSDomains, d.Data)
	}
	for _, d := range z.PermittedIPAddresses {
		c.PermittedIPRanges = append(c.PermittedIPRanges, &d.Data)
	}
	for _, d := range z.ExcludedIPAddresses {
		c.ExcludedIPRanges = append(c.ExcludedIPRanges, &d.Data)
	}
	for _, d := range z.PermittedEmailAddresses {
		c.PermittedEmailAddresses = append(c.PermittedEmailAddresses, d.Data)
	}
	for _, d := range z.ExcludedEmailAddresses {
		c.ExcludedEmailAddresses = append(c.ExcludedEmailAddresses, d.Data)
	}
	for _, d := range z.PermittedURIs {
		c.PermittedURIDomains = append(c.PermittedURIDomains, d.Data)
	}
	for _, d := range z.ExcludedURIs {
		c.ExcludedURIDomains = append(c.ExcludedURIDomains, d.Data)
	}
	return c
}

// oidOf converts a zcrypto OID.
func oidOf(id zasn1.ObjectIdentifier) asn1.ObjectIdentifier {
	return append(asn1.ObjectIdentifier(nil), id...)
}

// lenientDiff compares the tolerant reader with zcrypto on der, a
// certificate Go refuses that goes to the tolerant reader: "" when both
// refuse it, or both read it into equal certificates; otherwise what
// differs.
func lenientDiff(der []byte) string {
	got, gotOK := lenientRead(bytes.Clone(der))
	want, wantOK := zread(bytes.Clone(der))
	switch {
	case gotOK != wantOK:
		return fmt.Sprintf("tolerant reader reads it: %v; zcrypto: %v", gotOK, wantOK)
	case !gotOK:
		return ""
	}
	var diffs []string
	g, w := reflect.ValueOf(got).Elem(), reflect.ValueOf(want).Elem()
	for i := 0; i < g.NumField(); i++ {
		if !reflect.DeepEqual(g.Field(i).Interface(), w.Field(i).Interface()) {
			diffs = append(diffs, fmt.Sprintf("%s: tolerant %v, zcrypto %v", g.Type().Field(i).Name, g.Field(i).Interface(), w.Field(i).Interface()))
		}
	}
	if len(diffs) == 0 {
		return ""
	}
	return fmt.Sprint(diffs)
}

// TestLenientMatchesZcrypto reads every certificate of the samples and
// fixtures that Go refuses with both the tolerant reader and zcrypto (as
// certcheck converted it): both must refuse it, or both read it into the
// same certificate, field by field.
func TestLenientMatchesZcrypto(t *testing.T) {
	certs := certsIn(t, samples+"/*/*.pem", samples+"/*/*.crt", samples+"/*/*.cer",
		"../fixtures/*/*.pem", "../fixtures/*/*.crt", "../fixtures/*/*.cer", "testdata/*.pem")
	refused, candidates, read := 0, 0, 0
	for name, der := range certs {
		if _, err := x509.ParseCertificate(der); err == nil {
			continue
		}
		refused++
		if _, _, _, ok := tolerantCandidate(der); !ok {
			continue
		}
		candidates++
		if d := lenientDiff(der); d != "" {
			t.Errorf("%s: %s", name, d)
		}
		if _, ok := lenientRead(der); ok {
			read++
		}
	}
	t.Logf("%d certificates Go refuses, %d handed to the tolerant reader, %d read", refused, candidates, read)
	if read < 100 {
		t.Errorf("%d certificates read tolerantly; the samples hold more than 100 that Go refuses", read)
	}
}

// FuzzLenientMatchesZcrypto mutates the certificates (DER, or the seeds'
// PEM blocks): whatever Go refuses and goes to the tolerant reader is read
// alike by the tolerant reader and zcrypto, and the tolerant reader never
// panics.
func FuzzLenientMatchesZcrypto(f *testing.F) {
	certSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if b, _ := pem.Decode(data); b != nil {
			data = b.Bytes
		}
		if _, err := x509.ParseCertificate(data); err == nil {
			return
		}
		if _, _, _, ok := tolerantCandidate(data); !ok {
			lenientRead(data) // must not panic either
			return
		}
		var d string
		fuzzlimit.Run(t, len(data), func() { d = lenientDiff(data) })
		if d != "" {
			t.Fatal(d)
		}
	})
}

// TestLenientBMPStringsAsZcrypto builds certificates Go refuses (a
// critical authority key identifier) that hold, in the string fields the
// tolerant reader checks by decoding them, a BMPString encoding/asn1
// refuses and zcrypto reads (an unpaired surrogate, a non-character): the
// tolerant reader must read each as zcrypto does; an odd-length one, which
// both refuse, must stay refused.
func TestLenientBMPStringsAsZcrypto(t *testing.T) {
	key := newKey(t)
	bmp := func(units ...byte) []byte { return append([]byte{0x1e, byte(len(units))}, units...) }
	tlvOf := func(tag byte, content ...[]byte) []byte {
		body := bytes.Join(content, nil)
		return append([]byte{tag, byte(len(body))}, body...)
	}
	oid := func(o asn1.ObjectIdentifier) []byte { b, _ := asn1.Marshal(o); return b }
	edi := func(s []byte) []byte { return tlvOf(0x30, tlvOf(0xa5, tlvOf(0xa1, s))) } // GeneralNames with an ediPartyName
	cabf := func(ref []byte) []byte {
		return tlvOf(0x30, tlvOf(0x13, []byte("VAT")), tlvOf(0x13, []byte("DE")), ref)
	}
	legislation := func(s []byte) []byte {
		return tlvOf(0x30, tlvOf(0x30, oid(asn1.ObjectIdentifier{0, 4, 0, 1862, 1, 7}), tlvOf(0x30, s)))
	}
	san, qc := asn1.ObjectIdentifier{2, 5, 29, 17}, oidQCStatements
	for _, tc := range []struct {
		name string
		ext  pkix.Extension
		read bool
	}{
		{"ediPartyName with a surrogate", pkix.Extension{Id: san, Value: edi(bmp(0xd8, 0x00, 0x00, 0x41))}, true},
		{"ediPartyName with a non-character", pkix.Extension{Id: san, Value: edi(bmp(0xfd, 0xd0))}, true},
		{"ediPartyName of odd length", pkix.Extension{Id: san, Value: edi(bmp(0xd8, 0x00, 0x41))}, false},
		{"CA/B Forum organisation ID", pkix.Extension{Id: oidCABFOrgID, Value: cabf(bmp(0xd8, 0x00, 0x00, 0x41))}, true},
		{"QC legislation", pkix.Extension{Id: qc, Value: legislation(bmp(0xdc, 0x01))}, true},
		{"a valid BMPString", pkix.Extension{Id: san, Value: edi(bmp(0x00, 0x41))}, true},
	} {
		aki, _ := asn1.Marshal(struct {
			ID []byte `asn1:"optional,tag:0"`
		}{[]byte{1, 2, 3, 4}})
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(9), Subject: pkix.Name{CommonName: "bmp"},
			NotBefore: testNow, NotAfter: testNow.AddDate(1, 0, 0),
			ExtraExtensions: []pkix.Extension{{Id: asn1.ObjectIdentifier{2, 5, 29, 35}, Critical: true, Value: aki}, tc.ext},
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if _, ok := zread(bytes.Clone(der)); ok != tc.read {
			t.Fatalf("%s: zcrypto reads it: %v; the case expects %v", tc.name, ok, tc.read)
		}
		if d := lenientDiff(der); d != "" {
			t.Errorf("%s: %s", tc.name, d)
		}
	}
}
