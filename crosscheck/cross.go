// Package crosscheck holds the rules that compare documents with each
// other: a profile with the certificates supplied (the gateway
// certificate against Servers, its CRL distribution points against the
// protocol), the EapHostConfig with the NPS server certificate, the
// trusted roots and the client certificates. Rules that read one document
// live with its model (profile, eapxml, certcheck); a rule lives here
// when it needs two of them. Each rule keeps the family of what it reports
// on: VPN070 is about a Servers host, EAP030 about a TrustedRootCA value,
// CERT053 about a gateway certificate.
package crosscheck

import (
	"crypto/x509"
	"fmt"
	"strings"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/eapxml"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/nps"
	"github.com/aovpnlint/aovpnlint/profile"
)

// Documents is what the cross-document rules look at: where a profile, its
// EapHostConfig and the certificates meet. What several rules ask of it
// is worked out once and kept, so a Documents is checked by one goroutine
// at a time.
type Documents struct {
	// Profile is the ProfileXML; nil for a bare EapHostConfig.
	Profile *profile.Profile
	// EAP is the EapHostConfig: the profile's, or a bare one; nil when
	// there is none.
	EAP *eapxml.Config
	// Certs holds every certificate supplied, with its role, and the
	// options they are judged with; nil when none was supplied.
	Certs *certcheck.Set
	// NPS holds the NPS configuration exports given with the documents;
	// nil when none was.
	NPS []*nps.Export

	// What several rules ask, worked out once for the documents.
	gateway     *gatewayNames
	gatewayOK   bool
	selection   *selection
	selectOK    bool
	nameMatch   []serverNameMatch
	nameMatchOK bool
}

// ForProfile returns the documents of a profile, its EapHostConfig and the
// certificates supplied (certs may be nil).
func ForProfile(p *profile.Profile, certs *certcheck.Set) *Documents {
	return &Documents{Profile: p, EAP: p.EAP(), Certs: certs}
}

// Checks lists the rules that compare documents with each other, each
// with its ID. Retired IDs: none.
var Checks = []*lint.Check[*Documents]{
	serverCertificateName,      // VPN070
	serverWildcardIKEv2,        // VPN071
	trustedRootSupplied,        // EAP030
	npsChainListed,             // EAP031
	npsName,                    // EAP032
	serverNamesCase,            // EAP037
	cloudRootListed,            // EAP033
	clientSelection,            // EAP034
	severalClientCerts,         // EAP035
	conditionalAccessSelection, // EAP036
	npsMethod,                  // NPS020
	npsPresentedCert,           // NPS021
	npsConditionalAccess,       // NPS022
	npsClientAuthPath,          // NPS023
	sstpRevocation,             // CERT053
}

// Lint runs the cross-document rules on in.
func Lint(in *Documents) []lint.Finding { return lint.Run(Checks, in) }

// certs returns the supplied certificates with role r.
func (in *Documents) certs(r certcheck.Role) []*certcheck.Cert {
	if in.Certs == nil {
		return nil
	}
	return in.Certs.WithRole(r)
}

// thumb is the SHA-1 thumbprint of c as eapxml.Thumbprint normalises
// them: 40 lower-case hex digits.
func thumb(c *x509.Certificate) string {
	return strings.ReplaceAll(certcheck.Thumbprint(c.Raw), " ", "")
}

// describeCert names a certificate in messages: its subject common name
// (or full subject, as certcheck.DN writes it) and SHA-1 thumbprint.
func describeCert(c *x509.Certificate) string {
	name := c.Subject.CommonName
	if name == "" {
		name = certcheck.SubjectDN(c)
	}
	return fmt.Sprintf("%s (%s)", wording.Quote(name), thumb(c))
}

// related points at a supplied certificate.
func related(c *certcheck.Cert) lint.Related {
	msg := fmt.Sprintf("%s certificate %s", c.Role, describeCert(c.Certificate))
	if c.Source.Container == "PKCS#7" || c.Source.Container == "PFX" || c.Source.Container == "SST" {
		msg += ", " + c.Source.String()
	}
	return lint.Related{Pos: c.Source.Pos, Message: msg}
}
