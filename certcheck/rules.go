package certcheck

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"fmt"

	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

var dnsSAN = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT020", Severity: lint.Warning,
		Title:         "server certificates carry their names as DNS subject alternative names",
		Fix:           "reissue the certificate with the server's DNS name in the Subject Alternative Name (and in the subject)",
		WindowsErrors: []string{"866"},
		Citation:      citeCertReq + " (SAN dns=); RFC 6125 6.4.4",
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, c := range in.Certs {
			if !c.Role.isServer() || len(c.DNSNames) > 0 {
				continue
			}
			if c.Subject.CommonName == "" {
				r.Reportf(c.Source.Pos, "the %s has no DNS subject alternative name and no common name; expected its DNS name in both", describe(c))
				continue
			}
			r.Reportf(c.Source.Pos, "the %s names %s only in its common name; expected it as a DNS subject alternative name", describe(c), wording.Inline(c.Subject.CommonName))
		}
	},
}

var hostName = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT021", Severity: lint.Error,
		Title:         "the server certificate is valid for the host given with --host",
		Fix:           "issue the certificate for the name clients connect to, or correct --host",
		WindowsErrors: []string{"0x800B010F", "13801"},
		Citation:      citeTshoot + " (13801: the name in Servers must match the certificate); RFC 6125 6.4",
	},
	Run: func(in *Set, r *lint.Reporter) {
		if in.Opts.Host == "" {
			return
		}
		for _, c := range in.Certs {
			if c.Role.isServer() && !ValidFor(c.Certificate, in.Opts.Host) {
				r.Reportf(c.Source.Pos, "the %s is valid for %s, not %s", describe(c), validNames(c.Certificate), wording.Inline(in.Opts.Host))
			}
		}
	},
}

// validNames lists the names a certificate is valid for, for a message:
// at most wording.MaxListed, each escaped and cut, the others counted.
func validNames(c *x509.Certificate) string {
	names := append([]string{}, DNSNames(c)...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 {
		return "no name"
	}
	for i := range names[:min(len(names), wording.MaxListed)] {
		names[i] = wording.Inline(names[i])
	}
	return wording.Some(names, ", ")
}

// chainRule reports, for each leaf certificate with an untrusted chain,
// what report says about it; nothing is judged when no trusted root was
// given.
func chainRule(in *Set, r *lint.Reporter, report func(c *Cert, ch *Chain)) {
	if !in.Anchors() {
		return
	}
	for _, c := range in.Certs {
		if c.Role.isLeaf() {
			report(c, in.ChainOf(c))
		}
	}
}

func chainErrors(c *Cert, base []string) []string {
	if c.Role == RoleNPS {
		return append([]string{"864"}, base...)
	}
	if c.Role == RoleClient {
		return append([]string{"13806"}, base...)
	}
	return append([]string{"13801"}, base...)
}

var untrustedRoot = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT030", Severity: lint.Error,
		Title:         "every leaf certificate chains to a trusted root given with --trust",
		Fix:           "deploy the certificate's root to the clients and give it with --trust, or issue the certificate from a CA the clients trust",
		WindowsErrors: []string{"0x800B0109", "864", "13806"},
		Citation:      citeTshoot + " (CERT_E_UNTRUSTEDROOT)",
	},
	Run: func(in *Set, r *lint.Reporter) {
		chainRule(in, r, func(c *Cert, ch *Chain) {
			if ch.Trusted || ch.Untrusted == nil || ch.Stopped != "" {
				return // a search cut short is CERT031's: the root found may not be the only one
			}
			r.Report(lint.Finding{Pos: c.Source.Pos, WindowsErrors: chainErrors(c, []string{"0x800B0109"}),
				Message: fmt.Sprintf("the %s chains to %s, which is not among the trusted roots given with --trust", describe(c), shortName(ch.Untrusted.Subject.String()))})
		})
	},
}

var missingIntermediate = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT031", Severity: lint.Error,
		Title:         "every certificate a chain needs was supplied",
		Fix:           "supply the issuing CA certificate (deploy it to the clients' intermediate store); if the missing issuer is a root, give it with --trust",
		WindowsErrors: []string{"0x800B010A"},
		Citation:      citeTshoot + "; CERT_E_CHAINING",
		Doc: "Also reported when the chain could not be searched to the end: aovpnlint tries at most 16 candidate " +
			"issuers per certificate and 1,000 signature checks per chain, and spends at most a budget of signature " +
			"verification work that grows with the size of the certificates supplied (README, Hostile input), far more " +
			"than a real PKI needs; a set of certificates built to exhaust the search is reported rather than trusted.",
	},
	Run: func(in *Set, r *lint.Reporter) {
		chainRule(in, r, func(c *Cert, ch *Chain) {
			if ch.Trusted {
				return
			}
			if ch.Stopped != "" {
				r.Report(lint.Finding{Pos: c.Source.Pos, WindowsErrors: chainErrors(c, []string{"0x800B010A"}),
					Message: fmt.Sprintf("the chain of the %s could not be searched to the end: %s; expected fewer possible issuers, with keys of usual sizes (remove duplicate, renewed or cross-signed CA certificates that are not needed)", describe(c), ch.Stopped)})
				return
			}
			if ch.Untrusted != nil {
				return
			}
			top := ch.Top()
			where := "it"
			if top != c.Certificate {
				where = shortName(top.Subject.String())
			}
			r.Report(lint.Finding{Pos: c.Source.Pos, WindowsErrors: chainErrors(c, []string{"0x800B010A"}),
				Message: fmt.Sprintf("the chain of the %s stops at %s: its issuer %s was not supplied; expected that CA certificate (or, if it is a root, the root given with --trust)", describe(c), where, shortName(top.Issuer.String()))})
		})
	},
}

var brokenIssuer = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT032", Severity: lint.Error,
		Title:         "every issuer on a chain is a valid CA allowed to issue it",
		Fix:           "renew or reissue the faulty CA certificate (a CA with basic constraints, keyCertSign and a path length that allows the chain)",
		WindowsErrors: []string{"0x800B0109"},
		Citation:      citeRFC5280 + " 4.2.1.9 and 6.1",
	},
	Run: func(in *Set, r *lint.Reporter) {
		chainRule(in, r, func(c *Cert, ch *Chain) {
			for _, is := range ch.Issues {
				r.Report(lint.Finding{Pos: c.Source.Pos, WindowsErrors: chainErrors(c, []string{"0x800B0109"}),
					Message: fmt.Sprintf("the %s is issued through %s, which %s", describe(c), shortName(is.Issuer.Subject.String()), is.Why)})
			}
		})
	},
}

var weakKey = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT040", Severity: lint.Warning,
		Title:    "keys are at least RSA 2048 or EC 256 bits",
		Fix:      "reissue the certificate with an RSA key of 2048 bits or more, or an ECDSA P-256 key or stronger",
		Citation: "NIST SP 800-131A Rev. 2; " + citeCertReq + " (RSA 2048)",
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, c := range in.Certs {
			switch k := c.PublicKey.(type) {
			case *rsa.PublicKey:
				bits := k.N.BitLen()
				switch {
				case bits < 1024:
					r.Report(lint.Finding{Pos: c.Source.Pos, Severity: lint.Error,
						Message: fmt.Sprintf("the %s has an RSA key of %d bits; expected 2048 or more (under 1024 is broken)", describe(c), bits)})
				case bits < 2048:
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
			switch c.SignatureAlgorithm {
			case x509.SHA1WithRSA, x509.ECDSAWithSHA1, x509.DSAWithSHA1, x509.MD5WithRSA, x509.MD2WithRSA:
				if !in.selfSigned(c.Certificate) { // a root not verified for want of budget is reported too
					r.Reportf(c.Source.Pos, "the %s is signed with %s; expected SHA-256 or stronger", describe(c), c.SignatureAlgorithm)
				}
			}
		}
	},
}

const citeCRL = "RFC 5280 5.1 (CRLs); ../shared/reference/formats.md section 7"

var staleCRL = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT050", Severity: lint.Error,
		Title:         "every CRL is before its next update",
		Fix:           "publish a new CRL from the CA (certutil -crl) and make sure it reaches the CRL distribution points",
		WindowsErrors: []string{"TLS handshake failure", "812"},
		Citation:      citeCRL,
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, l := range in.CRLs {
			if l.NextUpdate.IsZero() {
				continue
			}
			left := l.NextUpdate.Sub(in.Now())
			switch {
			case left < 0:
				r.Reportf(l.Source.Pos, "the CRL of %s is stale: next update was due %s, evaluated at %s", shortName(l.Issuer.String()), stamp(l.NextUpdate), stamp(in.Now()))
			case left <= in.Opts.Warn:
				r.Report(lint.Finding{Pos: l.Source.Pos, Severity: lint.Warning,
					Message: fmt.Sprintf("the CRL of %s reaches its next update on %s, in %d days (warning window %d days)", shortName(l.Issuer.String()), day(l.NextUpdate), int(left.Hours()/24), int(in.Opts.Warn.Hours()/24))})
			}
		}
	},
}

var crlSignature = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT051", Severity: lint.Error,
		Title:    "every CRL is signed by the issuer it names, when that issuer is given",
		Fix:      "take the CRL from the CA that issued it; a CRL signed with another key is rejected",
		Citation: citeCRL,
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, l := range in.CRLs {
			issuer := in.crlIssuer(l)
			if issuer == nil {
				continue
			}
			known, err := in.verifier().crlSignedBy(l.RevocationList, issuer.Certificate)
			switch {
			case !known:
				r.Report(lint.Finding{Pos: l.Source.Pos,
					Message: fmt.Sprintf("the signature of the CRL of %s was not checked: %s; expected fewer certificates and CRLs with keys of usual sizes", shortName(l.Issuer.String()), in.verifier().exhausted()),
					Related: []lint.Related{{Pos: issuer.Source.Pos, Message: "the issuer certificate"}}})
			case err != nil:
				r.Report(lint.Finding{Pos: l.Source.Pos,
					Message: fmt.Sprintf("the CRL names %s as its issuer but is not signed by that certificate (%s)", shortName(l.Issuer.String()), errText(err)),
					Related: []lint.Related{{Pos: issuer.Source.Pos, Message: "the issuer certificate"}}})
			}
		}
	},
}

var revoked = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT052", Severity: lint.Error,
		Title:         "no supplied certificate is listed as revoked by a supplied CRL of its issuer",
		Fix:           "issue a new certificate; a revoked one is refused",
		WindowsErrors: []string{"855", "859"},
		Citation:      citeCRL,
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, l := range in.CRLs {
			for _, m := range in.revokedBy(l) {
				c, e := m.cert, m.entry
				r.Report(lint.Finding{Pos: c.Source.Pos,
					Message:       fmt.Sprintf("the %s (serial %s) is revoked: the CRL of %s lists it since %s%s", describe(c), wording.Inline(fmt.Sprintf("%x", c.SerialNumber)), shortName(l.Issuer.String()), day(e.RevocationTime), reason(e.ReasonCode)),
					WindowsErrors: roleErrors(c.Role, []string{"13801"}, []string{"859"}, []string{"855"}, nil),
					Related:       []lint.Related{{Pos: l.Source.Pos, Message: "the CRL"}}})
			}
		}
	},
}

func reason(code int) string {
	names := map[int]string{1: "keyCompromise", 2: "cACompromise", 3: "affiliationChanged", 4: "superseded",
		5: "cessationOfOperation", 6: "certificateHold", 8: "removeFromCRL", 9: "privilegeWithdrawn", 10: "aACompromise"}
	if n, ok := names[code]; ok {
		return " (reason " + n + ")"
	}
	return ""
}
