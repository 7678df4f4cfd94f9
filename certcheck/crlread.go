package certcheck

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"time"
)

// Reading CRLs. crypto/x509's ParseRevocationList reads version 2 CRLs
// only, and refuses some that Windows reads (an authority key identifier
// marked critical). OpenSSL's `ca -gencrl` writes version 1 CRLs (no
// version field, no extensions) unless CRL extensions are configured, and
// a CRL Go refuses would let a revoked certificate pass without CERT052.
// So a CRL is parsed with crypto/x509 first, and with readCRL when Go
// refuses it: the same fields (issuer, times, entries with their reason,
// key identifier, number, extensions, the signed bytes and the signature)
// in an *x509.RevocationList, so that the CRL rules and the signature check
// work on it unchanged.

var (
	oidAuthorityKeyID    = asn1.ObjectIdentifier{2, 5, 29, 35}
	oidCRLNumber         = asn1.ObjectIdentifier{2, 5, 29, 20}
	oidDeltaCRLIndicator = asn1.ObjectIdentifier{2, 5, 29, 27}
	oidCRLReason         = asn1.ObjectIdentifier{2, 5, 29, 21}
)

// crlRead is what parseCRL read.
type crlRead struct {
	crl *x509.RevocationList
	// strict is why crypto/x509 refused the CRL (nil when it read it),
	// and version1 whether the CRL is a version 1 CRL, which crypto/x509
	// always refuses.
	strict   error
	version1 bool
}

// parseCRL parses a copy of der (see [parseCertificate]) with crypto/x509,
// then, when it refuses it, with readCRL. err is crypto/x509's error for a
// version 2 CRL neither reads, readCRL's for a version 1 CRL.
func parseCRL(der []byte) (crlRead, error) {
	der = bytes.Clone(der)
	crl, strict := x509.ParseRevocationList(der)
	if strict == nil {
		return crlRead{crl: crl}, nil
	}
	crl, v1, err := readCRL(der)
	if err != nil {
		if v1 {
			return crlRead{}, err
		}
		return crlRead{}, strict
	}
	return crlRead{crl: crl, strict: strict, version1: v1}, nil
}

// The ASN.1 of a CRL (RFC 5280 5.1), as pkix.CertificateList declares it,
// with the issuer kept as it is encoded.
type (
	asn1CRL struct {
		TBS                asn1TBSCRL
		SignatureAlgorithm pkix.AlgorithmIdentifier
		SignatureValue     asn1.BitString
	}
	asn1TBSCRL struct {
		Raw        asn1.RawContent
		Version    int `asn1:"optional,default:0"`
		Signature  pkix.AlgorithmIdentifier
		Issuer     asn1.RawValue
		ThisUpdate time.Time
		NextUpdate time.Time                 `asn1:"optional"`
		Revoked    []pkix.RevokedCertificate `asn1:"optional"`
		Extensions []pkix.Extension          `asn1:"tag:0,optional,explicit"`
	}
)

// readCRL reads a version 1 or version 2 CRL with encoding/asn1; v1 says
// whether it is (or claims to be) a version 1 CRL. It refuses trailing
// data, another version, an issuer that is not a SEQUENCE, and inner and
// outer signature algorithms that differ (as crypto/x509 does: the
// signature would otherwise be checked with an algorithm the CA did not
// sign). The extensions it reads are those the rules use: the authority
// key identifier, the CRL number, and each entry's reason code; a value it
// cannot read is left out rather than refused, as Windows ignores the
// criticality of the extensions it knows.
func readCRL(der []byte) (rl *x509.RevocationList, v1 bool, err error) {
	var c asn1CRL
	rest, err := asn1.Unmarshal(der, &c)
	if err != nil {
		return nil, false, fmt.Errorf("the CRL is not valid DER: %w", err)
	}
	if len(rest) > 0 {
		return nil, false, errors.New("trailing data after the CRL")
	}
	t := &c.TBS
	v1 = t.Version == 0
	if t.Version != 0 && t.Version != 1 {
		return nil, false, fmt.Errorf("unsupported CRL version %d; expected 1 or 2", t.Version+1)
	}
	if !t.Signature.Algorithm.Equal(c.SignatureAlgorithm.Algorithm) || !bytes.Equal(t.Signature.Parameters.FullBytes, c.SignatureAlgorithm.Parameters.FullBytes) {
		return nil, v1, errors.New("the inner and outer signature algorithms differ")
	}
	if t.Issuer.Class != asn1.ClassUniversal || t.Issuer.Tag != asn1.TagSequence {
		return nil, v1, errors.New("the issuer is not a name")
	}
	rl = &x509.RevocationList{
		Raw:                  der,
		RawTBSRevocationList: t.Raw,
		RawIssuer:            t.Issuer.FullBytes,
		Signature:            c.SignatureValue.RightAlign(),
		SignatureAlgorithm:   crlSignatureAlgorithm(c.SignatureAlgorithm),
		ThisUpdate:           t.ThisUpdate,
		NextUpdate:           t.NextUpdate,
		Extensions:           t.Extensions,
	}
	rl.Issuer = pkixNameOf(rl.RawIssuer)
	for _, e := range t.Revoked {
		entry := x509.RevocationListEntry{SerialNumber: e.SerialNumber, RevocationTime: e.RevocationTime, Extensions: e.Extensions}
		for _, x := range e.Extensions {
			var reason asn1.Enumerated
			if x.Id.Equal(oidCRLReason) && unmarshalAll(x.Value, &reason) == nil {
				entry.ReasonCode = int(reason)
			}
		}
		rl.RevokedCertificateEntries = append(rl.RevokedCertificateEntries, entry)
	}
	for _, x := range t.Extensions {
		switch {
		case x.Id.Equal(oidAuthorityKeyID):
			var aki struct {
				ID []byte `asn1:"optional,tag:0"`
			}
			if _, err := asn1.Unmarshal(x.Value, &aki); err == nil {
				rl.AuthorityKeyId = aki.ID
			}
		case x.Id.Equal(oidCRLNumber):
			n := new(big.Int)
			if unmarshalAll(x.Value, &n) == nil {
				rl.Number = n
			}
		}
	}
	return rl, v1, nil
}

// deltaBase returns the base CRL number of a delta CRL (the value of its
// Delta CRL Indicator extension, RFC 5280 5.2.4), or nil for a complete
// CRL. An indicator whose value cannot be read still makes the CRL a
// delta: its base is then -1, which no CRL number reaches.
func deltaBase(rl *x509.RevocationList) *big.Int {
	for _, x := range rl.Extensions {
		if x.Id.Equal(oidDeltaCRLIndicator) {
			n := new(big.Int)
			if unmarshalAll(x.Value, &n) != nil {
				return big.NewInt(-1)
			}
			return n
		}
	}
	return nil
}

// crlSignatureAlgorithm names the algorithm of ai as crypto/x509 does (see
// [goSignatureAlgorithm]), or returns x509.UnknownSignatureAlgorithm (the
// signature check then says the algorithm is not supported).
func crlSignatureAlgorithm(ai pkix.AlgorithmIdentifier) x509.SignatureAlgorithm {
	alg, err := asn1.Marshal(ai)
	if err != nil {
		return x509.UnknownSignatureAlgorithm
	}
	return goSignatureAlgorithm(alg)
}
