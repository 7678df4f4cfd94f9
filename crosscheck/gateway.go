package crosscheck

import (
	"crypto/x509"
	"fmt"
	"net/netip"
	"strings"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/internal/cite"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/profile"
)

var serverCertificateName = &lint.Check[*Documents]{
	Rule: lint.Rule{
		ID: "VPN070", Severity: lint.Error,
		Title:         "every Servers host is a DNS name of the VPN server certificate",
		Fix:           "issue the VPN server certificate for the name in Servers (subject alternative name), or correct Servers",
		WindowsErrors: []string{"13801", "0x800B010F", "835"},
		Citation:      cite.Troubleshoot + " (13801: the name in Servers must match the certificate subject); " + cite.CSP + " (NativeProfile/Servers)",
		Doc: "The client checks the gateway's certificate against the host it connects to: a DNS subject alternative " +
			"name, or the common name when the certificate has no subject alternative name. A wildcard covers exactly " +
			"one left-most label (a host that matches only a wildcard, with IKEv2 alone, is VPN071). When several VPN " +
			"server certificates are supplied, a host must match one of them.",
	},
	Run: func(in *Documents, r *lint.Reporter) {
		g := gatewayNamesOf(in)
		if g == nil {
			return
		}
		for _, h := range in.Profile.ServerHosts() {
			if exact, wildcard := g.match(h); !exact && !wildcard {
				r.Report(lint.Finding{Pos: h.Pos, Related: g.rel,
					Message: fmt.Sprintf("server %s is not a DNS name of the VPN server certificate (it has %s); expected a subject alternative name for it", wording.Inline(h.Name), nameList(g.names))})
			}
		}
	},
}

var serverWildcardIKEv2 = &lint.Check[*Documents]{
	Rule: lint.Rule{
		ID: "VPN071", Severity: lint.Warning,
		Title:         "an IKEv2 profile's Servers host is named exactly on the VPN server certificate",
		Fix:           "add the exact name in Servers as a DNS subject alternative name of the VPN server certificate",
		WindowsErrors: []string{"13801"},
		Citation:      cite.Troubleshoot + " (13801: the name in Servers must match the certificate subject)",
		Doc: "A host that matches the gateway certificate only through a wildcard works with SSTP (TLS name " +
			"matching); the IKEv2 client's wildcard support is not documented, so a profile that uses only IKEv2 gets " +
			"this warning.",
	},
	Run: func(in *Documents, r *lint.Reporter) {
		g := gatewayNamesOf(in)
		if g == nil || in.Profile.UsesProtocol("SSTP") || in.Profile.Protocol() == "" {
			return
		}
		for _, h := range in.Profile.ServerHosts() {
			if exact, wildcard := g.match(h); !exact && wildcard {
				r.Report(lint.Finding{Pos: h.Pos, Related: g.rel,
					Message: fmt.Sprintf("server %s matches the VPN server certificate only through a wildcard, and the profile uses IKEv2; expected the exact name in a subject alternative name", wording.Inline(h.Name))})
			}
		}
	},
}

// gatewayNames are the names of every VPN server certificate, indexed
// once per document: a profile may list many hosts and a run may hold
// many certificates.
type gatewayNames struct {
	rel                   []lint.Related
	names                 []string
	exactNames, wildcards map[string]bool
	// ips are the IP address SANs of the certificates, so that an address
	// in Servers is looked up, not compared with every certificate.
	ips map[netip.Addr]bool
}

// gatewayNamesOf returns the names of the VPN server certificates of a
// profile's documents, or nil when there is no profile or no such
// certificate.
func gatewayNamesOf(in *Documents) *gatewayNames {
	if !in.gatewayOK {
		in.gateway, in.gatewayOK = newGatewayNames(in), true
	}
	return in.gateway
}

func newGatewayNames(in *Documents) *gatewayNames {
	vpn := in.certs(certcheck.RoleVPN)
	if in.Profile == nil || len(vpn) == 0 {
		return nil
	}
	g := &gatewayNames{exactNames: map[string]bool{}, wildcards: map[string]bool{}, ips: map[netip.Addr]bool{}}
	for _, c := range vpn {
		for _, a := range c.IPAddresses {
			if ip, ok := netip.AddrFromSlice(a); ok {
				g.ips[ip.Unmap()] = true
			}
		}
		if len(g.rel) < wording.MaxListed {
			g.rel = append(g.rel, related(c))
		}
		for _, n := range certcheck.DNSNames(c.Certificate) {
			g.names = append(g.names, n)
			n = strings.ToLower(strings.TrimSuffix(n, "."))
			if rest, ok := strings.CutPrefix(n, "*."); ok {
				if !strings.Contains(rest, "*") {
					g.wildcards[rest] = true
				}
				continue
			}
			g.exactNames[n] = true
		}
	}
	return g
}

// match says whether a server host is a name of the certificates, and
// whether it matches a wildcard.
func (g *gatewayNames) match(h profile.Host) (exact, wildcard bool) {
	host := strings.ToLower(strings.TrimSuffix(h.Name, "."))
	label, parent, found := strings.Cut(host, ".")
	exact = g.exactNames[host]
	wildcard = found && label != "" && g.wildcards[parent]
	if h.IP {
		// As certcheck.ValidFor compares an address with the IP SANs.
		if ip, err := netip.ParseAddr(strings.Trim(strings.TrimSuffix(strings.TrimSpace(h.Name), "."), "[]")); err == nil {
			exact = exact || g.ips[ip.Unmap()]
		}
	}
	return exact, wildcard
}

// nameList shows certificate names in a message.
func nameList(names []string) string {
	if len(names) == 0 {
		return "no DNS name"
	}
	return wording.Some(names, ", ")
}

var sstpRevocation = &lint.Check[*Documents]{
	Rule: lint.Rule{
		ID: "CERT053", Severity: lint.Warning,
		Title:         "an SSTP gateway certificate has a CRL the client can reach",
		Fix:           "issue the SSTP certificate from a public CA, or publish the internal CA's CRL at an HTTP URL reachable from the Internet and name it in the certificate",
		WindowsErrors: []string{"0x80092013", "0x80092012"},
		Citation:      "Always On VPN SSTP certificate revocation (Richard Hicks, practitioner guidance); " + cite.Troubleshoot,
		Doc: "SSTP clients check the revocation of the gateway's TLS certificate before connecting. A certificate " +
			"without an HTTP CRL distribution point, or whose CRL host is a single-label name or a private address, " +
			"cannot be checked from the Internet: the connection fails with 0x80092013 (CRYPT_E_REVOCATION_OFFLINE). " +
			"Checked when the profile may use SSTP: SSTP, Automatic, or a ProtocolList with SSTP.",
	},
	Run: func(in *Documents, r *lint.Reporter) {
		if in.Profile == nil || !in.Profile.UsesProtocol("SSTP") {
			return
		}
		np := in.Profile.NativeProfile
		for _, c := range in.certs(certcheck.RoleVPN) {
			why := revocationProblem(c.Certificate)
			if why == "" {
				continue
			}
			r.Report(lint.Finding{Pos: c.Source.Pos,
				Message: fmt.Sprintf("VPN server certificate %s %s; SSTP clients cannot check its revocation from the Internet, so expected an HTTP CRL distribution point on a public host", describeCert(c.Certificate), why),
				Related: []lint.Related{{Pos: np.NativeProtocolType.ValuePos, Message: "NativeProtocolType " + wording.Inline(np.NativeProtocolType.Value)}}})
		}
	},
}

// revocationProblem says why the CRL of c cannot be fetched from the
// Internet, or returns "".
func revocationProblem(c *x509.Certificate) string {
	if len(c.CRLDistributionPoints) == 0 {
		return "has no CRL distribution point"
	}
	var http []string
	for _, u := range c.CRLDistributionPoints {
		if strings.HasPrefix(strings.ToLower(u), "http://") || strings.HasPrefix(strings.ToLower(u), "https://") {
			http = append(http, u)
		}
	}
	if len(http) == 0 {
		return fmt.Sprintf("has no HTTP CRL distribution point (only %s)", wording.Some(c.CRLDistributionPoints, ", "))
	}
	for _, u := range http {
		host := u[strings.Index(u, "//")+2:]
		if i := strings.IndexAny(host, "/:"); i >= 0 {
			host = host[:i]
		}
		if a, err := parseAddr(host); err == nil && !(a.IsPrivate() || a.IsLoopback() || a.IsLinkLocalUnicast()) {
			return ""
		}
		if _, err := parseAddr(host); err != nil && strings.Contains(host, ".") {
			return ""
		}
	}
	return fmt.Sprintf("has CRL distribution points only on internal hosts (%s)", wording.Some(http, ", "))
}

// parseAddr parses an IPv4 or IPv6 address, also written in brackets.
func parseAddr(s string) (netip.Addr, error) {
	return netip.ParseAddr(strings.Trim(s, "[]"))
}
