package certcheck

import (
	"crypto/x509"
	"fmt"
	"net/netip"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/wording"
)

// Role is what a certificate is for in an Always On VPN deployment. Every
// check judges a certificate by its role: a server certificate needs Server
// Authentication, a client certificate Client Authentication, a root is
// only checked for what makes it unusable as a trust anchor.
type Role int

// The roles.
const (
	// RoleUnknown is a certificate given without a role (--certs), not yet
	// classified; [Classify] decides.
	RoleUnknown Role = iota
	// RoleVPN is the VPN gateway's certificate (RRAS or third party).
	RoleVPN
	// RoleNPS is the NPS (RADIUS) server's certificate, presented in
	// PEAP and EAP-TLS.
	RoleNPS
	// RoleClient is a user, device or Conditional Access certificate.
	RoleClient
	// RoleTrust is a root (or intermediate) the client trusts: roots are
	// the trust anchors of every chain.
	RoleTrust
	// RoleChain is a CA certificate found among the inputs (the chain in a
	// PFX or a .p7b): it helps build chains but is not trusted.
	RoleChain
)

var roleNames = [...]string{"unclassified", "VPN server", "NPS server", "client", "trusted", "CA"}

// String names the role as messages use it: "VPN server".
func (r Role) String() string {
	if int(r) < len(roleNames) {
		return roleNames[r]
	}
	return fmt.Sprintf("Role(%d)", int(r))
}

// ID names the role in one word, as the command line and the JSON
// inventories write it: "vpn", "nps", "client", "trust", "ca" (a CA
// certificate that only helps build chains), or "" for RoleUnknown.
func (r Role) ID() string {
	switch r {
	case RoleVPN:
		return "vpn"
	case RoleNPS:
		return "nps"
	case RoleClient:
		return "client"
	case RoleTrust:
		return "trust"
	case RoleChain:
		return "ca"
	}
	return ""
}

// ParseRole reads a role as the command line writes it: vpn (or server),
// nps, client, trust.
func ParseRole(s string) (Role, error) {
	switch strings.ToLower(s) {
	case "vpn", "server":
		return RoleVPN, nil
	case "nps":
		return RoleNPS, nil
	case "client", "user", "device":
		return RoleClient, nil
	case "trust", "root":
		return RoleTrust, nil
	}
	return RoleUnknown, fmt.Errorf("unknown purpose %q (want server, vpn, nps or client)", s)
}

// isServer reports the roles that need Server Authentication.
func (r Role) isServer() bool { return r == RoleVPN || r == RoleNPS }

// isLeaf reports the roles whose chains are built and whose usage is
// checked.
func (r Role) isLeaf() bool { return r == RoleVPN || r == RoleNPS || r == RoleClient }

// isCA reports a certificate that may issue others.
func isCA(c *x509.Certificate) bool { return c.BasicConstraintsValid && c.IsCA }

// Hints are what a profile says about the certificates that go with it,
// for [Classify].
type Hints struct {
	// Servers are the VPN gateway host names (NativeProfile/Servers).
	Servers []string
	// NPSNames are the NPS server names accepted by the EAP configuration
	// (ServerNames entries; regular expressions are compared as text).
	NPSNames []string
}

// Classify decides the role of a certificate given without one, from its
// content and the profile's hints, and says why. A self-signed CA is a
// trusted root; another CA helps build chains; a certificate valid for a
// Servers host is the VPN server's, one valid for a ServerNames entry the
// NPS server's; one with Client Authentication (or the Conditional Access
// EKU) is a client certificate. ok is false when nothing fits.
//
// Classify indexes the hints on each call; to classify many certificates
// against many hints, make a [Classifier] once with [NewClassifier].
func Classify(c *x509.Certificate, h Hints) (role Role, why string, ok bool) {
	return NewClassifier(h).Classify(c)
}

// Classifier classifies certificates against hints indexed once, so that
// classifying n certificates against m hints costs about n + m, not n
// times m: each name of a certificate is looked up, not compared with
// every hint. The signatures it verifies (of the CAs that name
// themselves as their issuer) share one budget (see [SignatureWorkBase]),
// which grows with the certificates classified.
type Classifier struct {
	hints        Hints
	servers, nps hostIndex
	v            *verifier
	shared       bool // v is a Set's, whose budget already counts the certificates
}

// NewClassifier indexes h for [Classifier.Classify], with a budget of
// signature verification of its own.
func NewClassifier(h Hints) *Classifier {
	return &Classifier{hints: h, servers: newHostIndex(h.Servers), nps: newHostIndex(h.NPSNames), v: newVerifier(0, 0)}
}

// Classifier returns a classifier for the certificates of s that shares
// the set's budget of signature verification and what it has verified,
// so that classifying and then checking a run's certificates verifies
// each signature once within one budget.
func (s *Set) Classifier(h Hints) *Classifier {
	k := NewClassifier(h)
	k.v = s.verifier()
	k.shared = true
	return k
}

// Classify is [Classify] with the classifier's hints. A CA that names
// itself as its issuer, whose signature the budget did not allow
// verifying, is classified as a trusted root and says so: it is trusted
// only once a chain check has verified it (or the chain says it could
// not). So is one whose signature Go cannot verify at all (an Ed448 or
// GOST key) when its key identifiers agree: the reason says that its
// signature could not be checked.
func (k *Classifier) Classify(c *x509.Certificate) (role Role, why string, ok bool) {
	if isCA(c) {
		if !k.shared {
			k.v.allow(len(c.Raw))
		}
		switch ss, known := k.v.selfSigned(c); {
		case ss:
			return RoleTrust, "a self-signed CA certificate, so a trusted root", true
		case !known:
			return RoleTrust, "a CA certificate that names itself as its issuer, so a trusted root, but its signature was not verified: " + k.v.exhausted(), true
		case selfSignedUnchecked(c):
			return RoleTrust, "a CA certificate that names itself as its issuer, with matching key identifiers, so a trusted root; its signature could not be checked: " + uncheckedWhy(c, c), true
		}
		return RoleChain, "a CA certificate that is not self-signed, so an intermediate used to build chains", true
	}
	if i := k.servers.first(c); i >= 0 {
		return RoleVPN, fmt.Sprintf("valid for %s, a host in Servers, so the VPN server certificate", wording.Inline(k.hints.Servers[i])), true
	}
	if i := k.nps.first(c); i >= 0 {
		return RoleNPS, fmt.Sprintf("valid for %s, a ServerNames entry, so the NPS server certificate", wording.Inline(k.hints.NPSNames[i])), true
	}
	switch {
	case HasEKU(c, OIDClientAuth) || HasEKU(c, OIDConditionalAccess):
		return RoleClient, "it has Client Authentication, so a client certificate", true
	case HasEKU(c, OIDServerAuth):
		return RoleVPN, "it has Server Authentication, so a server certificate (checked as the VPN server's)", true
	}
	return RoleUnknown, "", false
}

// hostIndex finds, for a certificate, the first host of a list it is valid
// for, as [ValidFor] matches them: IP addresses by value, names by their
// normalised form, and a wildcard name by the parent domain of a host.
type hostIndex struct {
	ip     map[netip.Addr]int
	exact  map[string]int
	parent map[string]int
}

func newHostIndex(hosts []string) hostIndex {
	x := hostIndex{ip: map[netip.Addr]int{}, exact: map[string]int{}, parent: map[string]int{}}
	keep := func(m map[string]int, k string, i int) {
		if _, seen := m[k]; !seen {
			m[k] = i
		}
	}
	for i, h := range hosts {
		h = strings.TrimSuffix(strings.TrimSpace(h), ".")
		if ip, err := netip.ParseAddr(strings.Trim(h, "[]")); err == nil {
			if _, seen := x.ip[ip.Unmap()]; !seen {
				x.ip[ip.Unmap()] = i
			}
			continue
		}
		h = strings.ToLower(strings.TrimSuffix(h, "."))
		keep(x.exact, h, i)
		if label, parent, found := strings.Cut(h, "."); found && label != "" {
			keep(x.parent, parent, i)
		}
	}
	return x
}

// first returns the index of the first host c is valid for, or -1.
func (x hostIndex) first(c *x509.Certificate) int {
	best := -1
	take := func(i int, ok bool) {
		if ok && (best < 0 || i < best) {
			best = i
		}
	}
	if len(x.ip) > 0 {
		for _, a := range c.IPAddresses {
			if b, ok := netip.AddrFromSlice(a); ok {
				i, found := x.ip[b.Unmap()]
				take(i, found)
			}
		}
	}
	if len(x.exact) == 0 {
		return best
	}
	for _, n := range DNSNames(c) {
		n = strings.ToLower(strings.TrimSuffix(n, "."))
		if rest, ok := strings.CutPrefix(n, "*."); ok {
			if !strings.Contains(rest, "*") {
				i, found := x.parent[rest]
				take(i, found)
			}
			continue
		}
		i, found := x.exact[n]
		take(i, found)
	}
	return best
}
