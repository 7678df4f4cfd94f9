package crosscheck

import (
	"crypto/sha1"
	"fmt"
	"strings"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/eapxml"
	"github.com/aovpnlint/aovpnlint/internal/cite"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/nps"
)

var npsMethod = &lint.Check[*Documents]{
	Rule: lint.Rule{
		ID: "NPS020", Severity: lint.Error,
		Title:         "an NPS network policy for VPN allows the EAP method the profile uses",
		Fix:           "allow the profile's EAP method (and, for PEAP, its inner method) in the NPS network policy for VPN connections (Constraints, Authentication Methods), or change the profile's method to one the policy allows",
		WindowsErrors: []string{"812", "66"},
		Citation:      "NPS event 6273, reason code 66 (the authentication method is not enabled on the matching network policy); " + "Configure Network Policy Server (Always On VPN), https://learn.microsoft.com/windows-server/remote/remote-access/vpn/always-on-vpn/deploy/vpn-deploy-nps",
		Doc: "Checked when an NPS configuration export is given with the profile. NPS decides by the first network " +
			"policy whose conditions match; the conditions that depend on the user (groups) cannot be judged from the " +
			"files, so the profile's method is reported only when no enabled VPN policy that grants access allows it " +
			"(outer type; for PEAP, the inner method too when the policy's PEAP settings could be read).",
	},
	Run: func(in *Documents, r *lint.Reporter) {
		if in.EAP == nil || len(in.NPS) == 0 {
			return
		}
		outer, ok := in.EAP.Method.Type.Int()
		if !ok {
			return
		}
		inner := int64(-1)
		if ms := in.EAP.Methods(); outer == 25 && len(ms) > 1 {
			if t, ok := ms[1].Type.Int(); ok {
				inner = t
			}
		}
		for _, e := range in.NPS {
			pols := e.VPNPolicies()
			if len(pols) == 0 {
				continue // NPS010
			}
			if allowedBy(pols, int(outer), int(inner)) {
				continue
			}
			var allowed []string // each name once, in policy order
			seen := map[string]bool{}
			for _, p := range pols {
				for _, m := range p.Methods() {
					if n := methodName(m.Type, m.Inner); !seen[n] {
						seen[n] = true
						allowed = append(allowed, n)
					}
				}
			}
			what := methodName(int(outer), nil)
			if inner >= 0 {
				what = fmt.Sprintf("PEAP with inner %s", methodName(int(inner), nil))
			}
			var rel []lint.Related
			for i, p := range pols {
				if i == wording.MaxListed {
					break
				}
				rel = append(rel, lint.Related{Pos: p.Pos, Message: "network policy " + wording.Quote(p.Name.Value)})
			}
			r.Report(lint.Finding{Pos: in.EAP.Method.Type.ValuePos, Related: rel,
				Message: fmt.Sprintf("the profile authenticates with %s, which no NPS network policy for VPN allows (they allow %s); expected a policy that allows it, or NPS rejects the connection (812, reason code 66)", what, wording.Some(allowed, ", "))})
		}
	},
}

// allowedBy reports whether a policy allows the outer EAP type, and for
// PEAP the inner type (-1: not known) when the policy's PEAP settings
// name its inner methods.
func allowedBy(pols []*nps.Policy, outer, inner int) bool {
	for _, p := range pols {
		for _, m := range p.Methods() {
			if m.Type != outer {
				continue
			}
			if outer != 25 || inner < 0 || !m.InnerKnown {
				return true
			}
			for _, im := range m.Inner {
				if im.Type == inner {
					return true
				}
			}
		}
	}
	return false
}

// methodName names an EAP method as nps.EAPName does, PEAP with the inner
// methods its settings list: "EAP-TLS", "PEAP-MSCHAPv2".
func methodName(t int, inner []nps.InnerMethod) string {
	n := nps.EAPName(t)
	if t == nps.EAPPEAP && len(inner) > 0 {
		in := make([]string, 0, len(inner))
		for _, m := range inner {
			in = append(in, strings.TrimPrefix(nps.EAPName(m.Type), "EAP-"))
		}
		n += "-" + wording.Some(in, "/")
	}
	return n
}

var npsPresentedCert = &lint.Check[*Documents]{
	Rule: lint.Rule{
		ID: "NPS021", Severity: lint.Info,
		Title:    "the certificate NPS presents is given, so that it is checked against the profile",
		Fix:      "give the NPS server certificate whose thumbprint the policy names (with --nps-cert, or as a file), to check it against TrustedRootCA and ServerNames (864, 853)",
		Citation: "NPS PEAP and EAP-TLS settings (msEAPConfiguration: the server certificate NPS presents); " + "Configure Network Policy Server (Always On VPN), https://learn.microsoft.com/windows-server/remote/remote-access/vpn/always-on-vpn/deploy/vpn-deploy-nps",
		Doc: "The EAP settings of an NPS network policy name, by thumbprint, the certificate NPS presents to the " +
			"client. When that certificate is given, it is the NPS server certificate the profile's server validation " +
			"is checked against (EAP031, EAP032, EAP037, and the certificate rules); when it is not, that check " +
			"cannot be made, and this says so.",
	},
	Run: func(in *Documents, r *lint.Reporter) {
		if in.EAP == nil || len(in.NPS) == 0 || len(in.EAP.Validations()) == 0 {
			return
		}
		given := map[string]bool{}
		if in.Certs != nil {
			for _, c := range in.Certs.Certs {
				given[fmt.Sprintf("%x", certSHA1(c))] = true
			}
		}
		at := in.EAP.Validations()[0].Block.Pos
		if at.Line == 0 {
			at = in.EAP.Pos
		}
		type presented struct {
			policy *nps.Policy
			t      nps.Thumbprint
		}
		var missing []presented
		for _, e := range in.NPS {
			for _, p := range e.VPNPolicies() {
				for _, t := range p.Thumbprints() {
					if !given[t.Hex] {
						given[t.Hex] = true // said once
						missing = append(missing, presented{p, t})
					}
				}
			}
		}
		if len(missing) == 0 {
			return
		}
		var items []string
		var rel []lint.Related
		for _, m := range missing[:min(len(missing), wording.MaxListed)] {
			name := wording.Quote(m.policy.Name.Value)
			items = append(items, fmt.Sprintf("%s (network policy %s)", m.t.Hex, name))
			rel = append(rel, lint.Related{Pos: m.t.Pos, Message: "network policy " + name + " presents " + m.t.Hex})
		}
		msg := fmt.Sprintf("network policy %s presents the certificate %s, which was not given; expected it among the certificates, to check it against the profile's TrustedRootCA and ServerNames", wording.Quote(missing[0].policy.Name.Value), missing[0].t.Hex)
		if len(missing) > 1 {
			msg = fmt.Sprintf("the network policies present %d certificates that were not given: %s; expected them among the certificates, to check them against the profile's TrustedRootCA and ServerNames", len(missing), wording.SomeOf(items, len(missing)))
		}
		r.Report(lint.Finding{Pos: at, Related: rel, Message: msg})
	},
}

// policyFinding reports one finding at at about the policies bad (at least
// one), with one related place for each of the first policies; message
// makes its text from the policies' names as a list ("network policy
// "A"" when several is false, "network policies "A", "B" and "C""
// otherwise). The text for one policy is the same as before policies were
// gathered; with several, one finding per policy would make a profile's
// findings grow with the export.
func policyFinding(r *lint.Reporter, at lint.Pos, bad []*nps.Policy, message func(names string, several bool) string) {
	if len(bad) == 0 {
		return
	}
	var names []string
	var rel []lint.Related
	for _, p := range bad[:min(len(bad), wording.MaxListed)] {
		names = append(names, wording.Quote(p.Name.Value))
		rel = append(rel, lint.Related{Pos: p.Pos, Message: "network policy " + names[len(names)-1]})
	}
	r.Report(lint.Finding{Pos: at, Related: rel, Message: message(wording.SomeOf(names, len(bad)), len(bad) > 1)})
}

var npsConditionalAccess = &lint.Check[*Documents]{
	Rule: lint.Rule{
		ID: "NPS022", Severity: lint.Warning,
		Title:         "with Conditional Access, the NPS policy accepts only Entra certificates",
		Fix:           "in the NPS network policy for VPN, restrict client certificates to the AAD Conditional Access purpose 1.3.6.1.4.1.311.87 (Allowed-Certificate-OID, under Constraints > Authentication Methods > Advanced)",
		WindowsErrors: []string{"\"Oops, you can't get to this yet\" loop"},
		Citation:      "Conditional access for VPN connectivity using Microsoft Entra ID, https://learn.microsoft.com/windows-server/remote/remote-access/vpn/ad-ca-vpn-connectivity-windows10",
		Doc: "With DeviceCompliance enabled, only the short-lived Entra certificate proves compliance. An NPS policy " +
			"that accepts any client certificate also accepts the on-premises one, so a non-compliant device still " +
			"connects, and the Entra prompt loops (\"Oops, you can't get to this yet\").",
	},
	Run: func(in *Documents, r *lint.Reporter) {
		if in.Profile == nil || !in.Profile.ConditionalAccess() || len(in.NPS) == 0 {
			return
		}
		var bad []*nps.Policy
		for _, e := range in.NPS {
			for _, p := range e.VPNPolicies() {
				if p.ForCertificates() && !restrictsTo(p, eapxml.OIDConditionalAccess) {
					bad = append(bad, p)
				}
			}
		}
		policyFinding(r, in.Profile.DeviceCompliance.Enabled.ValuePos, bad, func(names string, several bool) string {
			if several {
				return "DeviceCompliance is enabled, but network policies " + names + " accept client certificates without the AAD Conditional Access purpose; expected them restricted to 1.3.6.1.4.1.311.87"
			}
			return "DeviceCompliance is enabled, but network policy " + names + " accepts client certificates without the AAD Conditional Access purpose; expected it restricted to 1.3.6.1.4.1.311.87"
		})
	},
}

// restrictsTo reports whether the policy accepts only client certificates
// with the purpose oid among others it names.
func restrictsTo(p *nps.Policy, oid string) bool {
	for _, o := range p.CertificateOIDs() {
		if o.OID == oid {
			return true
		}
	}
	return false
}

// certSHA1 is the SHA-1 hash of a certificate, the thumbprint NPS names.
func certSHA1(c *certcheck.Cert) [sha1.Size]byte { return sha1.Sum(c.Raw) }

var npsClientAuthPath = &lint.Check[*Documents]{
	Rule: lint.Rule{
		ID: "NPS023", Severity: lint.Warning,
		Title:         "a client certificate without Client Authentication is stopped by the EAP-TLS filter or the NPS policy",
		Fix:           "require Client Authentication on one side: drop AllPurposeEnabled and AnyPurposeEKUList from the profile's certificate filter (use ClientAuthEKUList), or restrict the NPS network policy to client certificates with Client Authentication (Allowed-Certificate-OID 1.3.6.1.5.5.7.3.2, or 1.3.6.1.4.1.311.87 with Conditional Access)",
		WindowsErrors: []string{"812"},
		Citation:      cite.EAPConfiguration + " (AllPurposeEnabled, AnyPurposeEKUList); NPS Allowed-Certificate-OID (attribute 4161); Certificate requirements for PEAP and EAP, https://learn.microsoft.com/windows-server/networking/technologies/nps/nps-manage-cert-requirements",
		Doc: "Windows presents, for EAP-TLS and PEAP-TLS, a certificate the profile's filter selects. With " +
			"AllPurposeEnabled true or an enabled AnyPurposeEKUList, the filter also selects certificates that carry " +
			"the All Purpose or Any Purpose EKU but not Client Authentication, such as a certificate issued for " +
			"another use. When the matching NPS network policy does not restrict client certificates to a purpose " +
			"either (Allowed-Certificate-OID), nothing on the path requires Client Authentication: NPS then rejects " +
			"such a certificate by its own client certificate requirements (812), or, where it is made to accept it, " +
			"grants VPN access to a certificate never issued for authentication. Checked when an NPS configuration " +
			"export is given with the profile; a policy restricting to Any Purpose or All Purpose does not count as a " +
			"restriction.",
	},
	Run: func(in *Documents, r *lint.Reporter) {
		if in.EAP == nil || len(in.NPS) == 0 {
			return
		}
		for _, t := range in.EAP.TLSMethods() {
			at, what := openFilter(t)
			if what == "" {
				continue
			}
			var bad []*nps.Policy
			for _, e := range in.NPS {
				for _, p := range e.VPNPolicies() {
					if p.ForCertificates() && !requiresPurpose(p) {
						bad = append(bad, p)
					}
				}
			}
			policyFinding(r, at, bad, func(names string, several bool) string {
				if several {
					return "the EAP-TLS certificate filter accepts " + what + ", and network policies " + names + " do not restrict client certificates to a purpose: a certificate without Client Authentication passes both; expected Client Authentication required by the filter or the policies"
				}
				return "the EAP-TLS certificate filter accepts " + what + ", and network policy " + names + " does not restrict client certificates to a purpose: a certificate without Client Authentication passes both; expected Client Authentication required by the filter or the policy"
			})
		}
	},
}

// openFilter returns where an EAP-TLS filter lets a certificate without
// Client Authentication qualify, and how ("certificates with All
// Purpose"); what is empty when the filter requires Client Authentication.
func openFilter(t *eapxml.TLS) (at lint.Pos, what string) {
	f := t.Filter()
	switch {
	case f.AllPurpose:
		return t.Filtering.AllPurposeEnabled.ValuePos, "certificates with All Purpose (AllPurposeEnabled)"
	case f.AnyPurpose != nil:
		return t.Filtering.AnyPurposeEKUList.Pos, "certificates with Any Purpose (AnyPurposeEKUList)"
	}
	return at, ""
}

// requiresPurpose reports whether a policy accepts only client
// certificates with a purpose OID it names, none of them Any Purpose or
// All Purpose.
func requiresPurpose(p *nps.Policy) bool {
	oids := p.CertificateOIDs()
	for _, o := range oids {
		if o.OID == certcheck.OIDAllPurpose.String() || o.OID == certcheck.OIDAnyPurpose.String() {
			return false
		}
	}
	return len(oids) > 0
}
