package report

import (
	"slices"
	"strings"

	"github.com/aovpnlint/aovpnlint/lint"
)

// weaknesses lists the rules whose findings make a connection weaker
// than it looks rather than break it: an attacker gains from them (a
// stored pre-shared key, weak ciphers, a server the client does not
// validate, passwords, weak keys and signatures, weak NPS authentication).
// Their security severity is higher than that of a rule of the same
// severity whose findings make Windows reject the profile or the
// connection fail; see [SecuritySeverity] and [IsWeakness]. A slice, not
// a map, so that it costs nothing at start-up.
var weaknesses = []string{
	"VPN012",  // Automatic may fall back to a weaker protocol
	"VPN050",  // a pre-shared key stored in the profile
	"VPN051",  // weak or inconsistent CryptographySuite
	"VPN041",  // another certificate than Entra's: Conditional Access bypassed
	"EAP010",  // the server certificate is not validated
	"EAP011",  // server validation names no trusted root
	"EAP013",  // no ServerNames: any certificate of the root is accepted
	"EAP014",  // users are asked to trust an unknown server
	"EAP016",  // passwords rather than certificates
	"EAP017",  // PEAP without crypto binding
	"EAP019",  // the server name is not compared
	"EAP023",  // the trust decision is left to the user
	"CERT040", // short keys
	"CERT041", // SHA-1 or MD5 signatures
	"CERT043", // RSA keys under 1024 bits
	"CERT052", // a revoked certificate
	"NPS022",  // Conditional Access not enforced by NPS
	"NPS041",  // PAP, CHAP, MS-CHAP or unauthenticated access allowed
	"NPS043",  // a certificate policy that accepts passwords
	"NPS023",  // a certificate without Client Authentication accepted
	"OVPN060", // the server's certificate is not checked to be a server's
	"OVPN061", // BF-CBC, a 64-bit block cipher
	"OVPN063", // compression (VORACLE)
	"OVPN065", // ns-cert-type, a weaker server check
	"OVPN069", // TLS below 1.2 or legacy cipher suites
}

// IsWeakness reports whether the findings of the rule called id make a
// connection weaker than it looks rather than break it, so that an
// attacker gains from them: a pre-shared key stored in the profile, weak
// ciphers, a server the client does not validate, passwords, weak keys
// and signatures, a revoked certificate, weak NPS authentication.
func IsWeakness(id string) bool { return slices.Contains(weaknesses, id) }

// SecuritySeverity is the security-severity of a rule in SARIF, the
// score GitHub code scanning turns into Critical (9.0 and above), High
// (7.0 to 8.9), Medium (4.0 to 6.9) and Low (0.1 to 3.9). aovpnlint's
// scale follows the rule's severity, one step higher for a weakness (see
// [IsWeakness]):
//
//	error:   a weakness 8.0 (High);   otherwise 6.0 (Medium): Windows rejects the profile or the connection fails
//	warning: a weakness 5.0 (Medium); otherwise 3.0 (Low)
//	info:    a weakness 2.0 (Low);    otherwise 1.0 (Low)
//
// No rule is Critical: aovpnlint reads configuration, and no finding is
// by itself an exploitable flaw.
func SecuritySeverity(r *lint.Rule) string {
	weak := IsWeakness(r.ID)
	switch {
	case r.Severity >= lint.Error && weak:
		return "8.0"
	case r.Severity >= lint.Error:
		return "6.0"
	case r.Severity == lint.Warning && weak:
		return "5.0"
	case r.Severity == lint.Warning:
		return "3.0"
	case weak:
		return "2.0"
	}
	return "1.0"
}

// Tags are the tags of a rule in SARIF, which code scanning offers as
// filters: "security" (every rule checks the configuration of a security
// boundary, and code scanning shows a security severity only for rules
// so tagged), "weakness" or "misconfiguration" (see [IsWeakness]), and
// the rule's family: "input", "vpn-profile", "eap", "certificate", "nps",
// or the family prefix in lower case for another.
func Tags(r *lint.Rule) []string {
	kind := "misconfiguration"
	if IsWeakness(r.ID) {
		kind = "weakness"
	}
	return []string{"security", kind, family(r.ID)}
}

// family names the family of a rule ID.
func family(id string) string {
	prefix := strings.TrimRight(id, "0123456789")
	switch prefix {
	case "IN":
		return "input"
	case "VPN":
		return "vpn-profile"
	case "EAP":
		return "eap"
	case "CERT":
		return "certificate"
	case "NPS":
		return "nps"
	}
	return strings.ToLower(prefix)
}
