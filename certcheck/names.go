package certcheck

import (
	"crypto/x509"
	"net/netip"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/cite"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

// DNSNames returns the names a certificate is valid for, as Windows
// matches a host against it: its DNS subject alternative names, or its
// common name when it has no subject alternative name at all.
func DNSNames(c *x509.Certificate) []string {
	if len(c.DNSNames) > 0 || len(c.IPAddresses) > 0 || len(c.EmailAddresses) > 0 || len(c.URIs) > 0 {
		return c.DNSNames
	}
	if c.Subject.CommonName != "" {
		return []string{c.Subject.CommonName}
	}
	return nil
}

// ValidFor reports whether c is valid for host: an IP address against the
// IP address SANs, a name against [DNSNames], ignoring case, a wildcard
// standing for exactly one left-most label. The host is normalised once,
// so that the work is the length of host plus that of the names, whatever
// their number.
func ValidFor(c *x509.Certificate, host string) bool {
	host = strings.TrimSuffix(strings.TrimSpace(host), ".")
	if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		for _, a := range c.IPAddresses {
			if b, ok := netip.AddrFromSlice(a); ok && b.Unmap() == ip.Unmap() {
				return true
			}
		}
		return false
	}
	h := newHostMatch(host)
	for _, n := range DNSNames(c) {
		if h.matches(n) {
			return true
		}
	}
	return false
}

// MatchName reports whether the certificate name pattern (which may start
// with "*." ) matches host, ignoring case. A wildcard stands for exactly
// one whole left-most label: *.example.com matches vpn.example.com, but not
// example.com or a.vpn.example.com.
func MatchName(pattern, host string) bool { return newHostMatch(host).matches(pattern) }

// hostMatch is a host name in lower case without its final dot, with its
// first label cut off, for matching many patterns.
type hostMatch struct {
	name, label, parent string
	dotted              bool
}

func newHostMatch(host string) hostMatch {
	h := hostMatch{name: strings.ToLower(strings.TrimSuffix(host, "."))}
	h.label, h.parent, h.dotted = strings.Cut(h.name, ".")
	return h
}

// matches reports whether the certificate name pattern matches h; see
// [MatchName].
func (h hostMatch) matches(pattern string) bool {
	pattern = strings.ToLower(strings.TrimSuffix(pattern, "."))
	if rest, ok := strings.CutPrefix(pattern, "*."); ok {
		return h.dotted && h.label != "" && h.parent == rest && !strings.Contains(rest, "*")
	}
	return pattern == h.name
}

var dnsSAN = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT020", Severity: lint.Warning,
		Title:         "server certificates carry their names as DNS subject alternative names",
		Fix:           "reissue the certificate with the server's DNS name in the Subject Alternative Name (and in the subject)",
		WindowsErrors: []string{"866"},
		Citation:      cite.CertRequirements + " (SAN dns=); RFC 6125 6.4.4",
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
		WindowsErrors: []string{"0x800B010F", "13801", "835"},
		Citation:      cite.Troubleshoot + " (13801: the name in Servers must match the certificate); RFC 6125 6.4",
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
