package profile

import (
	"fmt"
	"github.com/aovpnlint/aovpnlint/internal/cite"
	"strings"

	"github.com/aovpnlint/aovpnlint/eapxml"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/internal/xmlval"
	"github.com/aovpnlint/aovpnlint/lint"
)

// complianceRelated points at DeviceCompliance/Enabled, for findings about
// what it requires.
func (p *Profile) complianceRelated() []lint.Related {
	return []lint.Related{{Pos: p.DeviceCompliance.Enabled.Pos, Message: "DeviceCompliance/Enabled is true"}}
}

var conditionalAccessMethod = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN040", Severity: lint.Error,
		Title:    "a Conditional Access profile authenticates with a certificate",
		Fix:      "with DeviceCompliance enabled, authenticate with EAP-TLS or with PEAP and inner EAP-TLS",
		Citation: cite.CSP + " (DeviceCompliance); " + cite.VPNConditionalAccess,
		Doc: "With DeviceCompliance enabled, Windows asks Entra ID for a short-lived certificate and authenticates with " +
			"it, which only a certificate method can do: EAP-TLS, or PEAP with inner EAP-TLS.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		if !p.ConditionalAccess() || p.NativeProfile == nil || p.NativeProfile.Authentication == nil {
			return
		}
		a := p.NativeProfile.Authentication
		c := p.EAP()
		if c == nil {
			if a.UserMethod.Is("EAP") {
				return // VPN011 reports the missing EapHostConfig
			}
			at := a.Pos
			if a.UserMethod.Present {
				at = a.UserMethod.ValuePos
			}
			r.Report(lint.Finding{Pos: at, Related: p.complianceRelated(),
				Message: "DeviceCompliance is enabled but the profile has no EAP configuration; expected EAP-TLS, or PEAP with inner EAP-TLS"})
			return
		}
		if len(c.TLSMethods()) > 0 || c.Eap == nil {
			return // certificate based, or a configuration EAP005 cannot read
		}
		at := c.Eap.Pos
		if c.Eap.Type.Present {
			at = c.Eap.Type.ValuePos
		}
		r.Report(lint.Finding{Pos: at, Related: p.complianceRelated(),
			Message: fmt.Sprintf("DeviceCompliance is enabled but the EAP method is %s; expected EAP-TLS, or PEAP with inner EAP-TLS", methodDescription(c))})
	},
}

// methodDescription names the EAP method of c: "PEAP with inner
// EAP-MSCHAPv2", "EAP-MSCHAPv2", or the type number.
func methodDescription(c *eapxml.Config) string {
	names := map[string]string{"13": "EAP-TLS", "25": "PEAP", "26": "EAP-MSCHAPv2"}
	name := func(e *eapxml.Eap) string {
		if n, ok := names[e.Type.Value]; ok {
			return n
		}
		return "type " + wording.Quote(e.Type.Value)
	}
	s := name(c.Eap)
	if c.Eap.PEAP != nil && len(c.Eap.PEAP.Inner) > 0 {
		s += " with inner " + name(c.Eap.PEAP.Inner[0])
	}
	return s
}

// caFilterBlock is the FilteringInfo content Windows needs to pick the
// Conditional Access certificate.
const caFilterBlock = `<EKUMapping><EKUMap><EKUName>AAD Conditional Access</EKUName><EKUOID>1.3.6.1.4.1.311.87</EKUOID></EKUMap></EKUMapping>` +
	`<ClientAuthEKUList Enabled="true"><EKUMapInList><EKUName>AAD Conditional Access</EKUName></EKUMapInList></ClientAuthEKUList>`

var conditionalAccessFilter = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN041", Severity: lint.Error,
		Title: "a Conditional Access profile selects the Entra certificate with an EKU filter",
		Fix: "add to the EAP-TLS TLSExtensions/FilteringInfo (namespace EapTlsConnectionPropertiesV3) " + caFilterBlock +
			", or reference an existing EKUMap of 1.3.6.1.4.1.311.87 from ClientAuthEKUList",
		WindowsErrors: []string{"\"Oops, you can't get to this yet\" loop"},
		Citation:      cite.CSP + " (DeviceCompliance); " + cite.ConditionalAccess + "; " + cite.Troubleshoot,
		Doc: "With DeviceCompliance enabled, Entra ID issues a short-lived certificate with the EKU " +
			"1.3.6.1.4.1.311.87 (\"AAD Conditional Access\") into the user's store. Unless the EAP-TLS certificate " +
			"filter requires that EKU, Windows may present any other Client Authentication certificate in the store, " +
			"such as the user certificate from the internal CA. The user then sees \"Oops, you can't get to this yet\": " +
			"closing the dialog with X connects with the other certificate, bypassing Conditional Access, and OK " +
			"retries and loops. The fix is a filter in the (inner) EAP-TLS configuration:\n\n" +
			"    <TLSExtensions xmlns=\"http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2\">\n" +
			"      <FilteringInfo xmlns=\"http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV3\">\n" +
			"        <EKUMapping>\n" +
			"          <EKUMap>\n" +
			"            <EKUName>AAD Conditional Access</EKUName>\n" +
			"            <EKUOID>1.3.6.1.4.1.311.87</EKUOID>\n" +
			"          </EKUMap>\n" +
			"        </EKUMapping>\n" +
			"        <ClientAuthEKUList Enabled=\"true\">\n" +
			"          <EKUMapInList>\n" +
			"            <EKUName>AAD Conditional Access</EKUName>\n" +
			"          </EKUMapInList>\n" +
			"        </ClientAuthEKUList>\n" +
			"      </FilteringInfo>\n" +
			"    </TLSExtensions>\n\n" +
			"The EKU name is free text (Microsoft's samples also use \"Unknown Key Usage\"). The NPS network policy " +
			"should also accept only certificates with that EKU.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		if !p.ConditionalAccess() {
			return
		}
		c := p.EAP()
		if c == nil {
			return // VPN040 or VPN011
		}
		tlss := c.TLSMethods()
		if len(tlss) == 0 {
			return // VPN040
		}
		var at lint.Pos
		var why string
		for i, t := range tlss {
			pos, w := caFilterMissing(t)
			if w == "" {
				return
			}
			if i == 0 {
				at, why = pos, w
			}
		}
		r.Report(lint.Finding{Pos: at, Related: p.complianceRelated(),
			Message: fmt.Sprintf("DeviceCompliance is enabled but %s: Windows may present another Client Authentication certificate and the user sees \"Oops, you can't get to this yet\"; expected an enabled ClientAuthEKUList requiring 1.3.6.1.4.1.311.87", why)})
	},
}

// caFilterMissing says where and why an EAP-TLS configuration does not
// require the Conditional Access EKU; why is empty when it does.
func caFilterMissing(t *eapxml.TLS) (lint.Pos, string) {
	f := t.Filtering
	switch {
	case f == nil && t.TLSExtensions.Present:
		return t.TLSExtensions.Pos, "the EAP-TLS TLSExtensions has no FilteringInfo"
	case f == nil:
		return t.Pos, "the EAP-TLS configuration has no certificate filter (TLSExtensions/FilteringInfo)"
	case f.ClientAuthEKUList == nil:
		return f.Pos, "FilteringInfo has no ClientAuthEKUList"
	case !f.ClientAuthEKUList.Active():
		return f.ClientAuthEKUList.Pos, "ClientAuthEKUList is not enabled"
	}
	for _, oid := range f.OIDs(f.ClientAuthEKUList) {
		if oid == eapxml.OIDConditionalAccess {
			return lint.Pos{}, ""
		}
	}
	mapped := false
	for _, m := range f.EKUMapping {
		mapped = mapped || m.OID.Value == eapxml.OIDConditionalAccess
	}
	if mapped {
		return f.ClientAuthEKUList.Pos, "ClientAuthEKUList does not reference the EKUMap of 1.3.6.1.4.1.311.87"
	}
	return f.ClientAuthEKUList.Pos, "no EKUMap defines 1.3.6.1.4.1.311.87 for ClientAuthEKUList"
}

var ssoCertificate = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN042", Severity: lint.Warning,
		Title:    "the Sso certificate is selected by EKU or issuer",
		Fix:      "set Sso/Eku to the EKU OIDs of the on-premises user certificate (such as 1.3.6.1.5.5.7.3.2) and Sso/IssuerHash to its root's 40-digit SHA-1 thumbprint",
		Citation: cite.CSP + " (DeviceCompliance/Sso); " + cite.ConditionalAccess,
		Doc: "Sso picks the certificate used for Kerberos single sign-on to internal resources: the Entra certificate " +
			"cannot be used for that. Eku is a comma-separated list of OIDs; IssuerHash is one or more SHA-1 thumbprints " +
			"separated by commas, semicolons or spaces. Sso with Eku alone (no IssuerHash) is accepted.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		dc := p.DeviceCompliance
		if dc == nil || dc.Sso == nil || !dc.Sso.Enabled.True() {
			return
		}
		s := dc.Sso
		if s.Eku.Empty() && s.IssuerHash.Empty() {
			r.Reportf(s.Enabled.ValuePos, "Sso is enabled with neither Eku nor IssuerHash, so any certificate may be used for single sign-on; expected at least one of them")
			return
		}
		for _, e := range s.Eku.Entries(",;") {
			if !eapxml.IsOID(e.Value) {
				r.Reportf(s.Eku.PosAt(e.Offset), "Sso Eku %s is not a dotted OID; expected an EKU such as 1.3.6.1.5.5.7.3.2", wording.Quote(e.Value))
			}
		}
		if s.IssuerHash.Present {
			hashes := hashEntries(s.IssuerHash)
			if len(hashes) == 0 {
				r.Reportf(s.IssuerHash.Pos, "Sso IssuerHash is empty; expected a 40-digit SHA-1 thumbprint")
			}
			for _, h := range hashes {
				if _, err := eapxml.Thumbprint(h.Value); err != nil {
					r.Reportf(s.IssuerHash.PosAt(h.Offset), "Sso IssuerHash %s %v; expected a 40-digit SHA-1 thumbprint", wording.Quote(h.Value), err)
				}
			}
		}
	},
}

// hashEntries splits an IssuerHash value into thumbprints: separated by
// commas or semicolons; or, when there is neither, by white space unless
// the value is one spaced thumbprint ("3b 1e 0f ...").
func hashEntries(t Text) []xmlval.Entry {
	if strings.ContainsAny(t.Raw, ",;") {
		return t.Entries(",;")
	}
	fields := t.Entries(" \t\r\n")
	if len(fields) <= 1 {
		return fields
	}
	short := true
	for _, f := range fields {
		short = short && len(f.Value) <= 2
	}
	if short {
		return t.Entries(",;") // one thumbprint written in pairs
	}
	return fields
}
