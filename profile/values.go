package profile

import (
	"net/netip"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/cite"
	"github.com/aovpnlint/aovpnlint/internal/hostname"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

// The rules on the form of the values an administrator fills in: host
// names, address lists, template placeholders.

var hostNameForm = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN009", Severity: lint.Error,
		Title:         "every host and domain name is a well-formed DNS name",
		Fix:           "write the name as DNS labels separated by single dots, without spaces, each label at most 63 characters and the whole name at most 253",
		WindowsErrors: []string{"868"},
		Citation:      cite.CSP + " (Servers, DnsSuffix, TrustedNetworkDetection, DomainNameInformation/DomainName, Proxy); RFC 1035 2.3.4 (size limits)",
		Doc: "Checked in Servers, PluginProfile/ServerUrlList (the host of each URL), DnsSuffix, TrustedNetworkDetection, " +
			"each NRPT DomainName (a leading dot marks a suffix) and the proxy settings. A name with a space, an empty " +
			"label (contoso..com), a label over 63 characters or more than 253 characters never resolves: for Servers " +
			"the connection fails with 868, elsewhere the suffix or rule never matches.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		for _, h := range p.HostNames() {
			if why := hostname.Problem(h.Name); why != "" {
				r.Reportf(h.Pos, "%s %s %s; expected a DNS name", h.Element, wording.Quote(h.Name), why)
			}
		}
	},
}

var templatePlaceholder = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN019", Severity: lint.Error,
		Title:         "no value is a placeholder left from a template",
		Fix:           "replace the placeholder with the real value for your organisation",
		WindowsErrors: []string{"868"},
		Citation:      cite.CSP,
		Doc: "Template text such as <server>, x.x.x.x, YOUR DNS SUFFIX, CHANGEME or TODO left in Servers, " +
			"ServerUrlList, DnsSuffix, TrustedNetworkDetection, an NRPT rule, the proxy or a route is taken as the value: " +
			"the server name does not resolve (868), the suffix or rule never matches.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		for _, v := range p.Filled() {
			if ph := hostname.Placeholder(v.Text.Value); ph != "" {
				r.Reportf(v.Text.ValuePos, "%s is %s, which holds the template placeholder %s; expected the real value", v.Element, wording.Quote(v.Text.Value), wording.Quote(ph))
			}
		}
	},
}

var nrptAddresses = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN064", Severity: lint.Error,
		Title:    "NRPT DnsServers and WebProxyServers are IP addresses",
		Fix:      "list the DNS servers as IP addresses separated by commas (10.0.0.10,10.0.0.11), and the web proxy as one IP address",
		Citation: cite.CSP + " (DomainNameInformationList/DnsServers: \"list of comma-separated DNS Server IP addresses\"; WebProxyServers: \"Web Proxy Server IP address\")",
		Doc: "The NRPT rule sends the names of its namespace to the servers listed; a name or placeholder in place of " +
			"an address leaves the rule without a server, so the namespace does not resolve over the tunnel.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		for _, d := range p.DomainNameInformation {
			for _, t := range []struct {
				element string
				text    Text
			}{{"DnsServers", d.DNSServers}, {"WebProxyServers", d.WebProxyServers}} {
				if !t.text.Present || hostname.Placeholder(t.text.Value) != "" {
					continue // VPN019
				}
				for _, e := range t.text.Entries(",") {
					addr := e.Value
					if t.element == "WebProxyServers" {
						if ap, err := netip.ParseAddrPort(addr); err == nil {
							addr = ap.Addr().String()
						}
					}
					if _, err := netip.ParseAddr(strings.Trim(addr, "[]")); err != nil {
						r.Reportf(t.text.PosAt(e.Offset), "%s entry %s is not an IP address; expected IP addresses separated by commas", t.element, wording.Quote(e.Value))
					}
				}
			}
		}
	},
}

var nrptDomainName = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN065", Severity: lint.Error,
		Title:         "every NRPT rule names its DomainName",
		Fix:           "add DomainName with the namespace the rule covers: a suffix with a leading dot (.corp.example.com) or a host name",
		WindowsErrors: []string{"profile install fails"},
		Citation:      cite.CSP + " (DomainNameInformationList/{dniRowId}/DomainName is required)",
		Doc:           "A DomainNameInformation element without DomainName is a rule for no namespace: the VPNv2 CSP requires the node, and the profile is refused or the rule dropped.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		for _, d := range p.DomainNameInformation {
			if d.DomainName.Empty() {
				at := d.Pos
				if d.DomainName.Present {
					at = d.DomainName.Pos
				}
				r.Reportf(at, "DomainNameInformation has no DomainName; expected the namespace the NRPT rule covers")
			}
		}
	},
}
