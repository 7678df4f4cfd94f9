package profile

import (
	"crypto/x509"
	"fmt"
	"regexp"
	"strings"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/eapxml"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

// Input is what the cross-document rules look at: where a profile, its
// EapHostConfig and the certificates meet.
type Input struct {
	// Profile is the ProfileXML; nil for a bare EapHostConfig.
	Profile *Profile
	// EAP is the EapHostConfig: the profile's, or a bare one; nil when
	// there is none.
	EAP *eapxml.Config
	// Certs holds every certificate supplied, with its role, and the
	// options they are judged with; nil when none was supplied.
	Certs *certcheck.Input
	// Target is where the profile is deployed: "intune", "powershell",
	// "any" or "" (any).
	Target string
}

// NewInput returns the cross-document input of a profile and the
// certificates supplied (certs may be nil).
func NewInput(p *Profile, certs *certcheck.Input, target string) *Input {
	return &Input{Profile: p, EAP: p.EAP(), Certs: certs, Target: target}
}

// CrossChecks lists the rules that compare documents with each other: a
// profile with its certificates, the EapHostConfig with the NPS and client
// certificates, the profile with how Windows reads it back. Retired IDs:
// none.
var CrossChecks = []*lint.Check[*Input]{
	serverCertificateName,
	trustedRootSupplied,
	npsChainListed,
	npsName,
	cloudRootListed,
	clientSelection,
	sstpRevocation,
	readBackOrder,
}

// CrossLint runs the cross-document rules on in.
func CrossLint(in *Input) []lint.Finding { return lint.Run(CrossChecks, in) }

// certs returns the supplied certificates with role r.
func (in *Input) certs(r certcheck.Role) []*certcheck.Cert {
	if in.Certs == nil {
		return nil
	}
	var out []*certcheck.Cert
	for _, c := range in.Certs.Certs {
		if c.Role == r {
			out = append(out, c)
		}
	}
	return out
}

// thumb is the SHA-1 thumbprint of c as eapxml.Thumbprint normalises
// them: 40 lower-case hex digits.
func thumb(c *x509.Certificate) string {
	return strings.ReplaceAll(certcheck.Thumbprint(c.Raw), " ", "")
}

// describeCert names a certificate in messages: its subject common name
// (or full subject) and SHA-1 thumbprint.
func describeCert(c *x509.Certificate) string {
	name := c.Subject.CommonName
	if name == "" {
		name = c.Subject.String()
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

var serverCertificateName = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "VPN070", Severity: lint.Error,
		Title:         "every Servers host is a DNS name of the VPN server certificate",
		Fix:           "issue the VPN server certificate for the name in Servers (subject alternative name), or correct Servers",
		WindowsErrors: []string{"13801", "0x800B010F"},
		Citation:      citeTshootProfile + " (13801: the name in Servers must match the certificate subject); " + citeCSP + " (NativeProfile/Servers)",
		Doc: "The client checks the gateway's certificate against the host it connects to: a DNS subject alternative " +
			"name, or the common name when the certificate has no subject alternative name. A wildcard covers exactly " +
			"one left-most label; a host that matches only a wildcard is a warning when the profile uses only IKEv2, " +
			"whose wildcard support is not documented. When several VPN server certificates are supplied, a host must " +
			"match one of them.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		vpn := in.certs(certcheck.RoleVPN)
		if in.Profile == nil || len(vpn) == 0 {
			return
		}
		tlsUsed := in.Profile.usesProtocol("SSTP") || in.Profile.Protocol() == ""
		// The names of every VPN server certificate, indexed once: a
		// profile may list many hosts and a run may hold many
		// certificates.
		var rel []lint.Related
		var names []string
		exactNames, wildcards := map[string]bool{}, map[string]bool{}
		for _, c := range vpn {
			if len(rel) < wording.MaxListed {
				rel = append(rel, related(c))
			}
			for _, n := range certcheck.DNSNames(c.Certificate) {
				names = append(names, n)
				n = strings.ToLower(strings.TrimSuffix(n, "."))
				if rest, ok := strings.CutPrefix(n, "*."); ok {
					if !strings.Contains(rest, "*") {
						wildcards[rest] = true
					}
					continue
				}
				exactNames[n] = true
			}
		}
		for _, h := range in.Profile.ServerHosts() {
			host := strings.ToLower(strings.TrimSuffix(h.Name, "."))
			label, parent, found := strings.Cut(host, ".")
			exact := exactNames[host]
			wildcard := found && label != "" && wildcards[parent]
			if isIP(h.Name) {
				for _, c := range vpn {
					exact = exact || certcheck.ValidFor(c.Certificate, h.Name)
				}
			}
			switch {
			case exact:
			case wildcard && !tlsUsed:
				r.Report(lint.Finding{Pos: h.Pos, Severity: lint.Warning, Related: rel,
					Message: fmt.Sprintf("server %s matches the VPN server certificate only through a wildcard, and the profile uses IKEv2; expected the exact name in a subject alternative name", wording.Inline(h.Name))})
			case wildcard:
			default:
				r.Report(lint.Finding{Pos: h.Pos, Related: rel,
					Message: fmt.Sprintf("server %s is not a DNS name of the VPN server certificate (it has %s)", wording.Inline(h.Name), nameList(names))})
			}
		}
	},
}

// nameList shows certificate names in a message.
func nameList(names []string) string {
	if len(names) == 0 {
		return "no DNS name"
	}
	return wording.Some(names, ", ")
}

var trustedRootSupplied = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "EAP030", Severity: lint.Error,
		Title:         "every TrustedRootCA is one of the trusted roots supplied",
		Fix:           "put the thumbprint of the root that issued the NPS server certificate in TrustedRootCA, and deploy that root to the clients",
		WindowsErrors: []string{"864", "0x800B0109"},
		Citation:      "ServerValidationParameters complex type (TrustedRootCA), https://learn.microsoft.com/windows/win32/eaphost/eaptlsconnectionpropertiesv1schema-servervalidationparameters-complextype",
		Doc: "Compared only when trusted roots are given (--trust): a thumbprint that matches none of them names a " +
			"root the clients are not known to have, so the NPS server certificate cannot be validated against it.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		trust := in.certs(certcheck.RoleTrust)
		if in.EAP == nil || len(trust) == 0 {
			return
		}
		known := map[string]bool{}
		var names []string
		for _, c := range trust {
			known[thumb(c.Certificate)] = true
			names = append(names, describeCert(c.Certificate))
		}
		for _, v := range in.EAP.Validations() {
			for _, t := range v.Block.TrustedRootCA {
				h, err := eapxml.Thumbprint(t.Value)
				if err != nil || known[h] {
					continue // EAP012 reports a malformed thumbprint
				}
				r.Reportf(t.ValuePos, "%s TrustedRootCA %s matches none of the trusted roots supplied (%s)", v.Method, h, wording.Some(names, ", "))
			}
		}
	},
}

var npsChainListed = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "EAP031", Severity: lint.Error,
		Title:         "the NPS certificate chains to a root listed in TrustedRootCA",
		Fix:           "add the thumbprint of the NPS server certificate's root to TrustedRootCA, or bind the NPS policy to a certificate from a listed root",
		WindowsErrors: []string{"864"},
		Citation:      citeTshootProfile + " (864: ERROR_EAP_SERVER_ROOT_CERT_NOT_FOUND)",
		Doc: "Checked for each ServerValidation block that validates the server and lists roots, against each NPS " +
			"certificate whose chain reaches a self-signed root among the certificates supplied (a chain that stops " +
			"early is CERT031's concern).",
	},
	Run: func(in *Input, r *lint.Reporter) {
		nps := in.certs(certcheck.RoleNPS)
		if in.EAP == nil || len(nps) == 0 {
			return
		}
		for _, v := range in.EAP.Validations() {
			listed := thumbprintSet(v.Block.TrustedRootCA)
			if !v.On() || len(listed) == 0 {
				continue
			}
			for _, c := range nps {
				ch := in.Certs.ChainOf(c)
				if !ch.Complete() {
					continue
				}
				found := false
				for _, x := range ch.Path {
					found = found || listed[thumb(x)]
				}
				if !found {
					r.Report(lint.Finding{Pos: v.Block.Pos, Related: []lint.Related{related(c)},
						Message: fmt.Sprintf("the NPS server certificate %s chains to root %s, which %s TrustedRootCA does not list", describeCert(c.Certificate), describeCert(ch.Top()), v.Method)})
				}
			}
		}
	},
}

func thumbprintSet(ts []eapxml.Text) map[string]bool {
	out := map[string]bool{}
	for _, h := range eapxml.Thumbprints(ts) {
		out[h] = true
	}
	return out
}

var npsName = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "EAP032", Severity: lint.Error,
		Title:         "a DNS name of the NPS certificate matches a ServerNames entry",
		Fix:           "list the NPS server certificate's DNS name in ServerNames exactly, case included, or issue the certificate for a listed name",
		WindowsErrors: []string{"812", "853"},
		Citation:      "ServerValidationParameters complex type (ServerNames), https://learn.microsoft.com/windows/win32/eaphost/eaptlsconnectionpropertiesv1schema-servervalidationparameters-complextype",
		Doc: "ServerNames is a list of names separated by semicolons; an entry may be a regular expression, matched " +
			"against the whole name. Windows 11 compares case, so a name that matches only when case is ignored is a " +
			"warning (error 853 on Windows 11).",
	},
	Run: func(in *Input, r *lint.Reporter) {
		nps := in.certs(certcheck.RoleNPS)
		if in.EAP == nil || len(nps) == 0 {
			return
		}
		for _, v := range in.EAP.Validations() {
			entries := eapxml.ServerNames(v.Block.ServerNames)
			if !v.On() || v.Accept.False() || len(entries) == 0 {
				continue
			}
			patterns := compileServerNames(entries)
			for _, c := range nps {
				names := certcheck.DNSNames(c.Certificate)
				switch match := patterns.match(names); match {
				case exactMatch:
				case caseOnlyMatch:
					r.Report(lint.Finding{Pos: v.Block.ServerNames.ValuePos, Severity: lint.Warning, Related: []lint.Related{related(c)},
						Message: fmt.Sprintf("%s ServerNames matches the NPS certificate's name (%s) only when case is ignored; Windows 11 compares case", v.Method, nameList(names))})
				default:
					r.Report(lint.Finding{Pos: v.Block.ServerNames.ValuePos, Related: []lint.Related{related(c)},
						Message: fmt.Sprintf("no DNS name of the NPS server certificate (%s) matches %s ServerNames %s", nameList(names), v.Method, wording.Quote(v.Block.ServerNames.Value))})
				}
			}
		}
	},
}

type nameMatch int

const (
	noMatch nameMatch = iota
	caseOnlyMatch
	exactMatch
)

// serverNames are ServerNames entries, each a literal name or a regular
// expression for the whole name, compiled once: a list of entries is
// compared with every name of every NPS certificate.
type serverNames struct {
	literal     map[string]bool
	folded      map[string]bool
	exact, fold []*regexp.Regexp
}

// MaxServerNamePatterns bounds the ServerNames entries of one block
// compiled as regular expressions (real profiles list a handful); the
// others, identical entries aside, are compared as literal names only, so
// that a block of a million entries costs a map, not a million programs.
const MaxServerNamePatterns = 1000

func compileServerNames(entries []string) serverNames {
	p := serverNames{literal: map[string]bool{}, folded: map[string]bool{}}
	for _, e := range entries {
		if p.literal[e] {
			continue // the same entry again
		}
		p.literal[e] = true
		p.folded[strings.ToLower(e)] = true
		if !strings.ContainsAny(e, `\.+*?()|[]{}^$`) || len(p.exact) >= MaxServerNamePatterns {
			continue // a plain name, or past the bound: the maps decide
		}
		if re, err := regexp.Compile("^(?:" + e + ")$"); err == nil {
			p.exact = append(p.exact, re)
		}
		if re, err := regexp.Compile("(?i)^(?:" + e + ")$"); err == nil {
			p.fold = append(p.fold, re)
		}
	}
	return p
}

// match compares certificate names with the entries.
func (p serverNames) match(names []string) nameMatch {
	best := noMatch
	for _, n := range names {
		if p.literal[n] || matchAny(p.exact, n) {
			return exactMatch
		}
		if p.folded[strings.ToLower(n)] || matchAny(p.fold, n) {
			best = caseOnlyMatch
		}
	}
	return best
}

func matchAny(res []*regexp.Regexp, name string) bool {
	for _, re := range res {
		if re.MatchString(name) {
			return true
		}
	}
	return false
}

var cloudRootListed = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "EAP033", Severity: lint.Error,
		Title:         "TrustedRootCA lists the NPS server's root, not the Entra cloud root",
		Fix:           "replace the thumbprint of Microsoft VPN root CA gen 1 in TrustedRootCA with the root of the NPS server certificate",
		WindowsErrors: []string{"864"},
		Citation:      citeConditionalAccess + " (do not use the thumbprint of the cloud root certificate in TrustedRootCA)",
		Doc: "The Entra root (Microsoft VPN root CA gen 1) issues the client's Conditional Access certificate; the " +
			"client validates the NPS server, whose certificate comes from the internal PKI. Recognised when the Entra " +
			"root is among the certificates supplied.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		if in.EAP == nil || in.Certs == nil {
			return
		}
		cloud := map[string]*certcheck.Cert{}
		for _, c := range in.Certs.Certs {
			if certcheck.IsEntraRoot(c.Certificate) {
				cloud[thumb(c.Certificate)] = c
			}
		}
		if len(cloud) == 0 {
			return
		}
		for _, v := range in.EAP.Validations() {
			for _, t := range v.Block.TrustedRootCA {
				h, err := eapxml.Thumbprint(t.Value)
				if c := cloud[h]; err == nil && c != nil {
					r.Report(lint.Finding{Pos: t.ValuePos, Related: []lint.Related{related(c)},
						Message: fmt.Sprintf("%s TrustedRootCA %s is the Entra cloud root %q, which issues client certificates; expected the root of the NPS server certificate", v.Method, h, certcheck.EntraRootName)})
				}
			}
		}
	},
}

var sstpRevocation = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "CERT053", Severity: lint.Warning,
		Title:         "an SSTP gateway certificate has a CRL the client can reach",
		Fix:           "issue the SSTP certificate from a public CA, or publish the internal CA's CRL at an HTTP URL reachable from the Internet and name it in the certificate",
		WindowsErrors: []string{"0x80092013"},
		Citation:      "Always On VPN SSTP certificate revocation (Richard Hicks, practitioner guidance); " + citeTshootProfile,
		Doc: "SSTP clients check the revocation of the gateway's TLS certificate before connecting. A certificate " +
			"without an HTTP CRL distribution point, or whose CRL host is a single-label name or a private address, " +
			"cannot be checked from the Internet: the connection fails with 0x80092013 (CRYPT_E_REVOCATION_OFFLINE). " +
			"Checked when the profile may use SSTP: SSTP, Automatic, or a ProtocolList with SSTP.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		if in.Profile == nil || !in.Profile.usesProtocol("SSTP") {
			return
		}
		np := in.Profile.NativeProfile
		for _, c := range in.certs(certcheck.RoleVPN) {
			why := revocationProblem(c.Certificate)
			if why == "" {
				continue
			}
			r.Report(lint.Finding{Pos: c.Source.Pos,
				Message: fmt.Sprintf("VPN server certificate %s %s; SSTP clients cannot check its revocation from the Internet", describeCert(c.Certificate), why),
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
