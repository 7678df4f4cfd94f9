package profile

import (
	"fmt"
	"github.com/aovpnlint/aovpnlint/internal/cite"
	"github.com/aovpnlint/aovpnlint/internal/hostname"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

// knownProtocol reports whether NativeProtocolType holds one of the
// values Windows accepts (VPN005 reports the others).
func (np *NativeProfile) knownProtocol() bool {
	for _, v := range []string{"PPTP", "L2TP", "IKEv2", "Automatic", "SSTP", "ProtocolList"} {
		if np.NativeProtocolType.Is(v) {
			return true
		}
	}
	return false
}

var strayText = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN008", Severity: lint.Warning,
		Title:    "no stray text sits between elements",
		Fix:      "remove the text; a comment closed with -->> leaves a stray >",
		Citation: cite.XSD,
	},
	Run: func(p *Profile, r *lint.Reporter) {
		for _, t := range p.StrayText {
			r.Reportf(t.ValuePos, "stray text %s inside an element that holds only elements; expected only elements, comments and white space", wording.Quote(t.Value))
		}
	},
}

var servers = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN010", Severity: lint.Error,
		Title:         "every Servers host is the gateway's fully qualified DNS name",
		Fix:           "set Servers to the gateway's public FQDN, as the gateway certificate names it (host;host for Intune and Windows 11)",
		WindowsErrors: []string{"13801", "868"},
		Citation:      cite.CSP + " (NativeProfile/Servers); " + cite.Troubleshoot + " (13801)",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		np := p.NativeProfile
		if np == nil {
			return
		}
		if len(p.ServerHosts()) == 0 {
			at := np.Pos
			if np.Servers.Present {
				at = np.Servers.Pos
			}
			r.Reportf(at, "NativeProfile has no server in Servers; expected the VPN gateway's FQDN")
			return
		}
	},
}

var serversTwice = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN067", Severity: lint.Warning,
		Title:    "every Servers entry is listed once",
		Fix:      "remove the repeated entry from Servers",
		Citation: cite.CSP + " (NativeProfile/Servers: entries separated by commas, each server;friendlyName)",
		Doc: "Servers lists the gateways the client offers and tries. An entry written twice (the same host, compared " +
			"ignoring case as DNS does, with the same friendly name) adds no gateway: the client tries the same server " +
			"again and lists it twice, and the copy is dead text that hides edits. Entries of one host with different " +
			"friendly names are not repeats.",
		Fixable: "removes the repeated entry with the comma before it: it names the same server with the same friendly " +
			"name as an earlier one, so nothing the client tries or shows is lost",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		np := p.NativeProfile
		if np == nil || !np.Servers.Present || p.serversPlaceholder() {
			return
		}
		s := np.Servers
		entries := s.Entries(",")
		first := map[string]int{}
		for i, e := range entries {
			host, friendly, named := strings.Cut(e.Value, ";")
			key := strings.ToLower(strings.TrimSpace(host))
			if named {
				key += ";" + strings.TrimSpace(friendly)
			}
			j, seen := first[key]
			if !seen {
				first[key] = i
				continue
			}
			r.Report(lint.Finding{Pos: s.PosAt(e.Offset), Edits: s.DeleteEntry(entries, i),
				Message: fmt.Sprintf("Servers lists %s more than once; expected each server once", wording.Quote(e.Value)),
				Related: []lint.Related{{Pos: s.PosAt(entries[j].Offset), Message: "first listed here"}}})
		}
	},
}

var serverAddress = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN015", Severity: lint.Warning,
		Title:         "every Servers host is a DNS name, not an IP address",
		Fix:           "set Servers to the DNS name on the gateway certificate",
		WindowsErrors: []string{"13801"},
		Citation:      cite.CSP + " (NativeProfile/Servers); " + cite.Troubleshoot + " (13801)",
		Doc: "The client checks the gateway certificate against the name it connected to. A certificate names the " +
			"gateway by DNS name; an IP address in Servers matches only a certificate with that address as an IP SAN, " +
			"which public and most private CAs do not issue, and the IKEv2 connection fails with 13801.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		if p.serversPlaceholder() {
			return // VPN019
		}
		for _, h := range p.ServerHosts() {
			if isIP(h.Name) {
				r.Reportf(h.Pos, "the server %s is an IP address; expected the DNS name on the gateway certificate, since the name check cannot succeed against an address", wording.Inline(h.Name))
			}
		}
	},
}

// internalSuffixes are the DNS suffixes that resolve only inside a
// network: RFC 6762 (.local), RFC 8375 (.home.arpa), and the suffixes ICANN
// names as private-use or commonly used internally (.lan, .internal,
// .corp).
var internalSuffixes = []string{".local", ".lan", ".internal", ".corp", ".home.arpa"}

var serverResolvable = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN016", Severity: lint.Warning,
		Title:         "every Servers name can be resolved from the Internet",
		Fix:           "set Servers to the gateway's public FQDN, in a domain resolvable on the Internet, as the gateway certificate names it",
		WindowsErrors: []string{"868"},
		Citation:      cite.Troubleshoot + " (868: the remote access server name did not resolve); RFC 6762 (.local); RFC 8375 (.home.arpa)",
		Doc: "An always-on client connects from outside the corporate network, where internal DNS is not reachable. " +
			"A single-label name, or a name under .local, .lan, .internal, .corp or .home.arpa, does not resolve there " +
			"and the connection fails with 868.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		if p.serversPlaceholder() {
			return // VPN019
		}
		for _, h := range p.ServerHosts() {
			name := strings.ToLower(strings.TrimSuffix(h.Name, "."))
			if hostname.Problem(h.Name) != "" {
				continue // VPN009
			}
			switch {
			case isIP(h.Name) || name == "":
			case !strings.Contains(name, "."):
				r.Reportf(h.Pos, "the server %s is a single-label name, which does not resolve from the Internet; expected a fully qualified DNS name as on the gateway certificate", wording.Inline(h.Name))
			default:
				for _, s := range internalSuffixes {
					if strings.HasSuffix(name, s) {
						r.Reportf(h.Pos, "the server %s is under %s, which resolves only inside a network; expected a name resolvable from the Internet", wording.Inline(h.Name), s)
						break
					}
				}
			}
		}
	},
}

// serversPlaceholder reports whether Servers holds a template
// placeholder (VPN019).
func (p *Profile) serversPlaceholder() bool {
	return p.NativeProfile != nil && hostname.Placeholder(p.NativeProfile.Servers.Value) != ""
}

func isIP(s string) bool {
	_, err := parseAddr(s)
	return err == nil
}

var authentication = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN011", Severity: lint.Error,
		Title:         "the native profile has a consistent authentication method",
		Fix:           "set UserMethod EAP with a complete EapHostConfig in Eap/Configuration, or MachineMethod Certificate for a device tunnel over IKEv2",
		WindowsErrors: []string{"812"},
		Citation:      cite.CSP + " (NativeProfile/Authentication)",
		Doc: "Eap/Configuration must hold an EapHostConfig: a template that still holds only its comment " +
			"placeholder has none. MSChapv2 is not supported with IKEv2; MachineMethod Eap is accepted only next to " +
			"UserMethod EAP (Windows writes it back that way); MachineMethod Certificate works only with IKEv2.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		np := p.NativeProfile
		if np == nil {
			return
		}
		a := np.Authentication
		switch {
		case a == nil:
			r.Reportf(np.Pos, "NativeProfile has no Authentication; expected UserMethod EAP or MachineMethod Certificate")
			return
		case !a.UserMethod.Present && !a.MachineMethod.Present:
			r.Reportf(a.Pos, "Authentication has neither UserMethod nor MachineMethod; expected UserMethod EAP or MachineMethod Certificate")
			return
		}
		if a.UserMethod.Is("EAP") {
			if at, why := missingEAP(a); why != "" {
				r.Reportf(at, "UserMethod is %s but %s; expected an EapHostConfig in Eap/Configuration", wording.Inline(a.UserMethod.Value), why)
			}
		}
		if a.UserMethod.Is("MSChapv2") && np.NativeProtocolType.Is("IKEv2") {
			r.Reportf(a.UserMethod.ValuePos, "UserMethod MSChapv2 is not supported with IKEv2; expected EAP")
		}
		if a.MachineMethod.Is("Eap") && !a.UserMethod.Is("EAP") {
			r.Reportf(a.MachineMethod.ValuePos, "MachineMethod is Eap without UserMethod EAP; expected MachineMethod Eap only next to UserMethod EAP")
		}
	},
}

var machineCertificateProtocol = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN017", Severity: lint.Warning,
		Title:         "MachineMethod Certificate is used with IKEv2",
		Fix:           "use NativeProtocolType IKEv2 (or a ProtocolList with IKEv2) with MachineMethod Certificate, or UserMethod EAP for the other protocols",
		WindowsErrors: []string{"812"},
		Citation:      cite.CSP + " (NativeProfile/Authentication/MachineMethod)",
		Doc:           "Machine certificate authentication is an IKEv2 method; with SSTP or L2TP alone the client has no way to use it.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		np := p.NativeProfile
		if np == nil || np.Authentication == nil {
			return
		}
		a := np.Authentication
		unlisted := np.NativeProtocolType.Is("ProtocolList") && np.ProtocolList == nil // VPN013
		if a.MachineMethod.Is("Certificate") && np.knownProtocol() && !unlisted && !p.UsesProtocol("IKEv2") && !p.DeviceTunnel.True() {
			r.Reportf(a.MachineMethod.ValuePos, "MachineMethod Certificate works only with IKEv2; NativeProtocolType is %s", wording.Inline(np.NativeProtocolType.Value))
		}
	},
}

// missingEAP says where and why a UserMethod EAP profile has no
// EapHostConfig; why is empty when it has one or when the escaped text is
// malformed (IN001 reports that).
func missingEAP(a *Authentication) (lint.Pos, string) {
	e := a.Eap
	switch {
	case e == nil:
		return a.UserMethod.ValuePos, "Authentication has no Eap element"
	case e.Config != nil || e.Malformed:
		return lint.Pos{}, ""
	case !e.Configuration.Present:
		return e.Pos, "Eap has no Configuration"
	case e.Placeholder && e.Commented:
		return e.Configuration.Pos, "Configuration holds only a comment placeholder"
	case e.Placeholder:
		return e.Configuration.Pos, "Configuration is empty"
	}
	return e.Configuration.Pos, "Configuration holds no EapHostConfig"
}

var automatic = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN012", Severity: lint.Warning,
		Title:         "the protocol is explicit rather than Automatic",
		Fix:           "set NativeProtocolType to the protocol the gateway offers (IKEv2, or SSTP on Windows 11), or use ProtocolList",
		WindowsErrors: []string{"800"},
		Citation:      cite.CSP + " (NativeProtocolType: Automatic tries SSTP, IKEv2, PPTP, L2TP in turn)",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		if np := p.NativeProfile; np != nil && np.NativeProtocolType.Is("Automatic") {
			r.Reportf(np.NativeProtocolType.ValuePos, "NativeProtocolType is Automatic: every protocol is tried in turn (SSTP first) and the error of the last one hides the real failure; expected an explicit protocol")
		}
	},
}

var protocolList = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN013", Severity: lint.Error,
		Title:    "a ProtocolList is consistent with NativeProtocolType",
		Fix:      "with NativeProtocolType ProtocolList, list each protocol once (at most four) in ProtocolList",
		Citation: cite.CSP + " (NativeProfile/ProtocolList, Windows 10 build 20207 and later)",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		np := p.NativeProfile
		if np == nil {
			return
		}
		pl := np.ProtocolList
		switch {
		case np.NativeProtocolType.Is("ProtocolList") && pl == nil:
			r.Reportf(np.NativeProtocolType.ValuePos, "NativeProtocolType is ProtocolList but there is no ProtocolList element; expected one listing the protocols")
			return
		case pl == nil:
			return
		case !np.NativeProtocolType.Is("ProtocolList"):
			return // VPN018
		case len(pl.Protocols) == 0:
			r.Reportf(pl.Pos, "ProtocolList lists no protocol; expected one to four NativeProtocol/Type entries")
			return
		}
		seen := map[string]bool{}
		for i, t := range pl.Protocols {
			key := strings.ToLower(t.Value)
			switch {
			case seen[key]:
				r.Reportf(t.ValuePos, "ProtocolList lists %s twice; expected each protocol once", t.Value)
			case i == 4:
				r.Reportf(t.ValuePos, "ProtocolList lists %d protocols; expected at most four", len(pl.Protocols))
			}
			seen[key] = true
		}
	},
}

var ignoredProtocolList = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN018", Severity: lint.Warning,
		Title:    "a ProtocolList is not ignored",
		Fix:      "set NativeProtocolType to ProtocolList to use the list, or remove the ProtocolList",
		Citation: cite.CSP + " (NativeProfile/ProtocolList, Windows 10 build 20207 and later)",
		Doc:      "Windows reads ProtocolList only when NativeProtocolType is ProtocolList; otherwise the list is ignored and the single protocol is used.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		np := p.NativeProfile
		if np == nil || np.ProtocolList == nil || np.NativeProtocolType.Is("ProtocolList") {
			return
		}
		r.Reportf(np.ProtocolList.Pos, "ProtocolList is ignored because NativeProtocolType is %s; expected NativeProtocolType ProtocolList", wording.Quote(np.NativeProtocolType.Value))
	},
}

var pluginProfile = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN014", Severity: lint.Error,
		Title:         "a plug-in profile names its servers and its app",
		Fix:           "set PluginProfile/ServerUrlList to the gateway and PluginPackageFamilyName to the VPN app's package family name",
		WindowsErrors: []string{"install fails"},
		Citation:      cite.CSP + " (PluginProfile)",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		pp := p.PluginProfile
		if pp == nil {
			return
		}
		if pp.ServerURLList.Empty() {
			r.Reportf(pp.Pos, "PluginProfile has no ServerUrlList; expected the gateway's address")
		}
		if pp.PluginPackageFamilyName.Empty() {
			r.Reportf(pp.Pos, "PluginProfile has no PluginPackageFamilyName; expected the VPN app's package family name, such as Example.VpnClient_8wekyb3d8bbwe")
		}
	},
}
