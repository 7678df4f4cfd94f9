package certcheck

import (
	"crypto/x509"
	"net/netip"
	"strings"
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
// standing for exactly one left-most label.
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
	for _, n := range DNSNames(c) {
		if MatchName(n, host) {
			return true
		}
	}
	return false
}

// MatchName reports whether the certificate name pattern (which may start
// with "*." ) matches host, ignoring case. A wildcard stands for exactly
// one whole left-most label: *.example.com matches vpn.example.com, but not
// example.com or a.vpn.example.com.
func MatchName(pattern, host string) bool {
	pattern = strings.ToLower(strings.TrimSuffix(pattern, "."))
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if rest, ok := strings.CutPrefix(pattern, "*."); ok {
		label, parent, found := strings.Cut(host, ".")
		return found && label != "" && parent == rest && !strings.Contains(rest, "*")
	}
	return pattern == host
}
