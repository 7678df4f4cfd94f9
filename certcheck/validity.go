package certcheck

import (
	"fmt"
	"time"

	"github.com/aovpnlint/aovpnlint/internal/cite"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

const (
	dayLayout   = "2006-01-02"
	stampLayout = "2006-01-02T15:04:05Z"
)

func day(t time.Time) string   { return t.UTC().Format(dayLayout) }
func stamp(t time.Time) string { return t.UTC().Format(stampLayout) }

// subjectOf shows the subject of a certificate in a message as [DN]
// writes it, escaped and cut (see [wording.Inline]).
func subjectOf(c *Cert) string {
	if name := SubjectDN(c.Certificate); name != "" {
		return wording.Inline(name)
	}
	return "with an empty subject"
}

// describe names a certificate in messages: its role and subject.
func describe(c *Cert) string {
	name := subjectOf(c)
	prefix := ""
	if c.Source.Container == "PKCS#7" || c.Source.Container == "PFX" || c.Source.Container == "SST" {
		prefix = " (" + c.Source.String() + ")"
	}
	if c.Role == RoleUnknown {
		return "certificate " + name + prefix
	}
	return c.Role.String() + " certificate " + name + prefix
}

// roleErrors gives the Windows errors a faulty certificate causes in its
// role.
func roleErrors(r Role, vpn, nps, client, other []string) []string {
	switch r {
	case RoleVPN:
		return vpn
	case RoleNPS:
		return nps
	case RoleClient:
		return client
	}
	return other
}

var expired = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT001", Severity: lint.Error,
		Title:         "every certificate is within its validity at the evaluation time",
		Fix:           "renew the certificate and deploy the new one",
		WindowsErrors: []string{"13801", "0x800B0101", "858", "854", "810"},
		Citation:      cite.Troubleshoot + " (CERT_E_EXPIRED); " + cite.RFC5280 + " 4.1.2.5",
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, c := range in.Certs {
			if in.Now().After(c.NotAfter) && !isEntraClient(c) { // CERT004
				r.Report(lint.Finding{Pos: c.Source.Pos,
					Message:       fmt.Sprintf("the %s expired: valid until %s, evaluated at %s", describe(c), stamp(c.NotAfter), stamp(in.Now())),
					WindowsErrors: roleErrors(c.Role, []string{"13801", "0x800B0101"}, []string{"858"}, []string{"854"}, []string{"0x800B0101"})})
			}
		}
	},
}

var expiredEntra = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT004", Severity: lint.Info,
		Title:    "an Entra Conditional Access certificate given is expected to have expired",
		Fix:      "none: Entra ID issues a new certificate, valid for about an hour, each time the VPN connects; export a current one to check its validity",
		Citation: "Conditional access for VPN connectivity using Microsoft Entra ID (short-lived certificates), https://learn.microsoft.com/windows-server/remote/remote-access/vpn/ad-ca-vpn-connectivity-windows10",
		Doc: "A certificate issued by \"Microsoft VPN root CA gen 1\" with the AAD Conditional Access EKU " +
			"(1.3.6.1.4.1.311.87) lives about an hour, and Entra issues a new one at each connection, so one exported " +
			"earlier has usually expired. That says nothing about the next connection, so it is noted, not CERT001.",
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, c := range in.Certs {
			if in.Now().After(c.NotAfter) && isEntraClient(c) {
				r.Reportf(c.Source.Pos, "the %s is an Entra Conditional Access certificate, valid until %s: Entra issues a new one at each connection, so an exported one is expected to have expired (evaluated at %s)", describe(c), stamp(c.NotAfter), stamp(in.Now()))
			}
		}
	},
}

// isEntraClient reports whether c is a short-lived Entra Conditional
// Access certificate: issued by the Entra VPN root, with its EKU.
func isEntraClient(c *Cert) bool {
	return c.Issuer.CommonName == EntraRootName && HasEKU(c.Certificate, OIDConditionalAccess)
}

var notYetValid = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT002", Severity: lint.Error,
		Title:         "no certificate is used before its validity starts",
		Fix:           "check the issuing CA's clock and the certificate's start date, or wait until it is valid",
		WindowsErrors: []string{"0x800B0101", "810"},
		Citation:      cite.RFC5280 + " 4.1.2.5",
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, c := range in.Certs {
			if in.Now().Before(c.NotBefore) {
				r.Reportf(c.Source.Pos, "the %s is not valid yet: valid from %s, evaluated at %s", describe(c), stamp(c.NotBefore), stamp(in.Now()))
			}
		}
	},
}

var expiringSoon = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT003", Severity: lint.Warning,
		Title:    "no certificate expires within the warning window",
		Fix:      "renew the certificate before it expires (the window is --warn-days, 30 days by default)",
		Citation: cite.CertRequirements,
		Doc:      "Entra Conditional Access certificates are issued for one hour at a time and are not reported.",
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, c := range in.Certs {
			left := c.NotAfter.Sub(in.Now())
			if entraCertificate(in, c) {
				continue // issued for an hour at a time, by design
			}
			if left >= 0 && left <= in.Opts.Warn {
				r.Reportf(c.Source.Pos, "the %s expires on %s, in %d days (evaluated at %s; warning window %d days)",
					describe(c), day(c.NotAfter), int(left.Hours()/24), stamp(in.Now()), int(in.Opts.Warn.Hours()/24))
			}
		}
	},
}
