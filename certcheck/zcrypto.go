//go:build !windows || zcrypto

package certcheck

// The tolerant parser proper: github.com/zmap/zcrypto/x509, which reads
// certificates crypto/x509 refuses. zcrypto does not compile for Windows
// (its x509 package has no loadSystemRoots there), so a Windows build
// without the zcrypto tag (go install on Windows) leaves it out
// (zcrypto_windows.go); scripts/release.sh builds the Windows binaries with
// the tag and a copy of zcrypto that has the missing stub.

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"
	"net/url"

	zasn1 "github.com/zmap/zcrypto/encoding/asn1"
	zx509 "github.com/zmap/zcrypto/x509"
)

// tolerantParser says whether this build has the tolerant parser.
const tolerantParser = true

// zread reads der with zcrypto and converts what the checks read into a
// crypto/x509 certificate (the public key and signature algorithm are set
// by the caller); false when zcrypto refuses it.
func zread(der []byte) (*x509.Certificate, bool) {
	z, err := zparse(der)
	if err != nil || z == nil {
		return nil, false
	}
	return convert(z), true
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

// convert copies what the checks and `cert show` read from a certificate
// zcrypto parsed into a crypto/x509 certificate (the public key is set by
// the caller).
func convert(z *zx509.Certificate) *x509.Certificate {
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
		if o, err := x509.OIDFromInts(toUint64s(id)); err == nil {
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

func oidOf(id zasn1.ObjectIdentifier) asn1.ObjectIdentifier {
	return append(asn1.ObjectIdentifier(nil), id...)
}

func toUint64s(id zasn1.ObjectIdentifier) []uint64 {
	out := make([]uint64, len(id))
	for i, n := range id {
		if n < 0 {
			return nil
		}
		out[i] = uint64(n)
	}
	return out
}
