package certcheck

import (
	"crypto/x509"
	"fmt"
	"strings"
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
func Classify(c *x509.Certificate, h Hints) (role Role, why string, ok bool) {
	switch {
	case isCA(c) && selfSigned(c):
		return RoleTrust, "a self-signed CA certificate, so a trusted root", true
	case isCA(c):
		return RoleChain, "a CA certificate that is not self-signed, so an intermediate used to build chains", true
	}
	for _, s := range h.Servers {
		if ValidFor(c, s) {
			return RoleVPN, fmt.Sprintf("valid for %s, a host in Servers, so the VPN server certificate", s), true
		}
	}
	for _, s := range h.NPSNames {
		if ValidFor(c, s) {
			return RoleNPS, fmt.Sprintf("valid for %s, a ServerNames entry, so the NPS server certificate", s), true
		}
	}
	switch {
	case HasEKU(c, OIDClientAuth) || HasEKU(c, OIDConditionalAccess):
		return RoleClient, "it has Client Authentication, so a client certificate", true
	case HasEKU(c, OIDServerAuth):
		return RoleVPN, "it has Server Authentication, so a server certificate (checked as the VPN server's)", true
	}
	return RoleUnknown, "", false
}
