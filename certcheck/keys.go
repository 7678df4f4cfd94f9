package certcheck

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"

	"github.com/aovpnlint/aovpnlint/internal/cite"
	"github.com/aovpnlint/aovpnlint/lint"
)

var weakKey = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT040", Severity: lint.Warning,
		Title:    "keys are at least RSA 2048 or EC 256 bits",
		Fix:      "reissue the certificate with an RSA key of 2048 bits or more, or an ECDSA P-256 key or stronger",
		Citation: "NIST SP 800-131A Rev. 2; " + cite.CertRequirements + " (RSA 2048)",
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, c := range in.Certs {
			switch k := c.PublicKey.(type) {
			case *rsa.PublicKey:
				bits := k.N.BitLen()
				if bits >= 1024 && bits < 2048 { // under 1024: CERT043
					r.Reportf(c.Source.Pos, "the %s has an RSA key of %d bits; expected 2048 or more", describe(c), bits)
				}
			case *ecdsa.PublicKey:
				if bits := k.Curve.Params().BitSize; bits < 256 {
					r.Reportf(c.Source.Pos, "the %s has an EC key of %d bits; expected 256 or more", describe(c), bits)
				}
			}
		}
	},
}

var brokenKey = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT043", Severity: lint.Error,
		Title:    "no RSA key is under 1024 bits",
		Fix:      "reissue the certificate with an RSA key of 2048 bits or more, or an ECDSA P-256 key or stronger",
		Citation: "NIST SP 800-131A Rev. 2; Microsoft Security Advisory 2661254 (Windows blocks RSA keys under 1024 bits), https://learn.microsoft.com/security-updates/securityadvisories/2012/2661254",
		Doc:      "Windows has refused RSA keys under 1024 bits in certificate chains since the update of Security Advisory 2661254 (2012); such a key is also factorable.",
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, c := range in.Certs {
			if k, ok := c.PublicKey.(*rsa.PublicKey); ok && k.N.BitLen() < 1024 {
				r.Reportf(c.Source.Pos, "the %s has an RSA key of %d bits, which Windows refuses and which can be factored; expected 2048 or more", describe(c), k.N.BitLen())
			}
		}
	},
}

var weakSignature = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT041", Severity: lint.Error,
		Title:         "no certificate other than a root is signed with SHA-1 or MD5",
		Fix:           "reissue the certificate from a CA that signs with SHA-256 or stronger",
		WindowsErrors: []string{"chain rejected"},
		Citation:      "Microsoft SHA-1 deprecation for TLS and code signing; Go crypto/x509 rejects SHA-1 signatures since Go 1.24",
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, c := range in.Certs {
			if WeakSignature(c.SignatureAlgorithm) && !in.selfSigned(c.Certificate) { // a root not verified for want of budget is reported too
				r.Reportf(c.Source.Pos, "the %s is signed with %s; expected SHA-256 or stronger", describe(c), c.SignatureAlgorithm)
			}
		}
	},
}

// WeakSignature reports a signature algorithm with SHA-1, MD5 or MD2,
// which Windows and OpenSSL 3 refuse on a certificate other than a root.
func WeakSignature(a x509.SignatureAlgorithm) bool {
	switch a {
	case x509.SHA1WithRSA, x509.ECDSAWithSHA1, x509.DSAWithSHA1, x509.MD5WithRSA, x509.MD2WithRSA:
		return true
	}
	return false
}
