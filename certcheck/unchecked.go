package certcheck

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"sync"
)

// Signatures Go has no verifier for: a certificate whose key Go cannot
// parse (Ed448, GOST R 34.10, X448) or whose signature algorithm it does
// not know. aovpnlint cannot tell whether such a signature is valid; it
// recognises a self-signed root of this kind by its name and key
// identifiers, and says that its signature could not be checked, rather
// than taking it for an intermediate whose issuer is missing.

// goCannotVerify reports whether Go has no verifier for the signature of
// child made with the key of parent.
func goCannotVerify(child, parent *x509.Certificate) bool {
	return parent.PublicKey == nil || child.SignatureAlgorithm == x509.UnknownSignatureAlgorithm
}

// selfSignedUnchecked reports a certificate that names itself as its
// issuer, whose key identifiers agree (no authority key identifier, or
// one equal to its subject key identifier), and whose signature Go cannot
// verify: a self-signed root as far as can be told without the
// signature.
func selfSignedUnchecked(c *x509.Certificate) bool {
	return selfIssued(c) && (len(c.AuthorityKeyId) == 0 || bytes.Equal(c.AuthorityKeyId, c.SubjectKeyId)) && goCannotVerify(c, c)
}

// signatureNames names the signature algorithms Go does not verify that
// Windows CAs and OpenSSL use.
var signatureNames = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"1.3.101.112":         "Ed25519",
		"1.3.101.113":         "Ed448",
		"1.2.643.2.2.3":       "GOST R 34.11/34.10-2001",
		"1.2.643.7.1.1.3.2":   "GOST R 34.10-2012 (256 bits)",
		"1.2.643.7.1.1.3.3":   "GOST R 34.10-2012 (512 bits)",
		"1.2.156.10197.1.501": "SM2 with SM3",
	}
})

// uncheckedWhy says why the signature of child by parent could not be
// checked: "Go cannot verify Ed448 (1.3.101.113) signatures".
func uncheckedWhy(child, parent *x509.Certificate) string {
	oid := signatureOID(child)
	name := oid
	if n, ok := signatureNames()[oid]; ok {
		name = n + " (" + oid + ")"
	}
	if oid == "" {
		name = "this algorithm"
	}
	if parent.PublicKey == nil && child.SignatureAlgorithm != x509.UnknownSignatureAlgorithm {
		return fmt.Sprintf("Go cannot parse the issuer's key to verify %s", child.SignatureAlgorithm)
	}
	return "Go cannot verify " + name + " signatures"
}

// signatureOID returns the dotted OID of the signature algorithm of c,
// read from its DER, or "" when it cannot be read.
func signatureOID(c *x509.Certificate) string {
	_, cert, _, ok := splitDER(c.Raw)
	if !ok {
		return ""
	}
	_, _, rest, ok := splitDER(cert)
	if !ok {
		return ""
	}
	_, alg, _, ok := splitDER(rest)
	if !ok {
		return ""
	}
	var oid asn1.ObjectIdentifier
	if _, err := asn1.Unmarshal(alg, &oid); err != nil {
		return ""
	}
	return oid.String()
}
