package certcheck

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/cite"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

// ekuList describes a certificate's EKUs for a message.
func ekuList(c *Cert) string {
	ekus := EKUs(c.Certificate)
	if len(ekus) == 0 {
		return "no Extended Key Usage"
	}
	names := make([]string, len(ekus)) // past wording.MaxListed, only counted
	for i, o := range ekus[:min(len(ekus), wording.MaxListed)] {
		names[i] = wording.Inline(shortEKU(o))
	}
	return wording.Some(names, ", ")
}

// shortEKU names an EKU without its OID when it has a name.
func shortEKU(o asn1.ObjectIdentifier) string {
	for _, n := range ekuNames {
		if n.oid.Equal(o) {
			return n.name
		}
	}
	return o.String()
}

// allows reports whether c may be used for the EKU oid: it lists oid or
// anyExtendedKeyUsage, or has no EKU extension at all (valid for every
// purpose, as Windows reads it).
func allows(c *x509.Certificate, oid asn1.ObjectIdentifier) bool {
	return len(EKUs(c)) == 0 || HasEKU(c, oid) || HasEKU(c, OIDAllPurpose)
}

// mayUseIKEv2 reports whether the profile's protocol may be IKEv2.
func mayUseIKEv2(protocol string) bool {
	switch strings.ToLower(protocol) {
	case "", "ikev2", "automatic", "protocollist":
		return true
	}
	return false
}

// mayUseTLS reports whether the VPN server certificate may be used for TLS
// (SSTP).
func mayUseTLS(protocol string) bool {
	switch strings.ToLower(protocol) {
	case "", "sstp", "automatic", "protocollist":
		return true
	}
	return false
}

var serverAuth = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT010", Severity: lint.Error,
		Title:         "VPN and NPS server certificates have Server Authentication",
		Fix:           "issue the server certificate from a template with the Server Authentication EKU (1.3.6.1.5.5.7.3.1), such as RAS and IAS Server",
		WindowsErrors: []string{"13801", "0x80070040", "0x800B0110", "810", "857"},
		Citation:      cite.Troubleshoot + " (0x80070040, 13801); " + cite.CertRequirements,
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, c := range in.Certs {
			if c.Role.isServer() && !allows(c.Certificate, OIDServerAuth) {
				r.Report(lint.Finding{Pos: c.Source.Pos,
					Message:       fmt.Sprintf("the %s has %s, needs Server Authentication", describe(c), ekuList(c)),
					WindowsErrors: roleErrors(c.Role, []string{"13801", "0x80070040"}, []string{"857"}, nil, nil)})
			}
		}
	},
}

var ikeIntermediate = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT011", Severity: lint.Warning,
		Title:         "an IKEv2 VPN server certificate has IP security IKE intermediate",
		Fix:           "add the IP security IKE intermediate EKU (1.3.6.1.5.5.8.2.2) to the VPN server certificate template",
		WindowsErrors: []string{"13801"},
		Citation:      cite.CertRequirements + " (IKE intermediate is needed when the server holds several Server Authentication certificates)",
	},
	Run: func(in *Set, r *lint.Reporter) {
		if !mayUseIKEv2(in.Opts.Protocol) {
			return
		}
		for _, c := range in.Certs {
			if c.Role == RoleVPN && allows(c.Certificate, OIDServerAuth) && len(EKUs(c.Certificate)) > 0 && !HasEKU(c.Certificate, OIDIKEIntermediate) {
				r.Reportf(c.Source.Pos, "the %s has %s, without IP security IKE intermediate; IKEv2 may pick another Server Authentication certificate on the gateway", describe(c), ekuList(c))
			}
		}
	},
}

var clientAuth = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT012", Severity: lint.Error,
		Title:         "user and device certificates have Client Authentication",
		Fix:           "issue the certificate from a template with the Client Authentication EKU (1.3.6.1.5.5.7.3.2), such as User or Workstation Authentication",
		WindowsErrors: []string{"798", "13806", "0x800B0110"},
		Citation:      cite.CertRequirements + "; " + cite.EAPConfiguration,
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, c := range in.Certs {
			if c.Role == RoleClient && !allows(c.Certificate, OIDClientAuth) && !entraCertificate(in, c) { // CERT060 reports those
				r.Reportf(c.Source.Pos, "the %s has %s, needs Client Authentication", describe(c), ekuList(c))
			}
		}
	},
}

var keyUsage = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT013", Severity: lint.Error,
		Title:         "the Key Usage of a leaf certificate allows what its role does",
		Fix:           "issue the certificate with Key Usage digitalSignature (and keyEncipherment for an RSA server certificate used for TLS), as the RAS and IAS Server template does (0xA0)",
		WindowsErrors: []string{"13801", "857"},
		Citation:      cite.CertRequirements + "; " + cite.RFC5280 + " 4.2.1.3",
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, c := range in.Certs {
			if !c.Role.isLeaf() || c.KeyUsage == 0 {
				continue
			}
			var missing []string
			if c.KeyUsage&x509.KeyUsageDigitalSignature == 0 {
				missing = append(missing, "digitalSignature")
			}
			_, isRSA := c.PublicKey.(*rsa.PublicKey)
			tls := c.Role == RoleNPS || (c.Role == RoleVPN && mayUseTLS(in.Opts.Protocol))
			if isRSA && tls && c.KeyUsage&x509.KeyUsageKeyEncipherment == 0 {
				missing = append(missing, "keyEncipherment (RSA key exchange in TLS)")
			}
			if len(missing) > 0 {
				r.Reportf(c.Source.Pos, "the %s has Key Usage %s; needs %s", describe(c), keyUsageNames(c.KeyUsage), strings.Join(missing, " and "))
			}
		}
	},
}

func keyUsageNames(ku x509.KeyUsage) string {
	names := []string{"digitalSignature", "contentCommitment", "keyEncipherment", "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"}
	var out []string
	for i, n := range names {
		if ku&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return strings.Join(out, ", ")
}

// EntraRootName is the subject common name of the root Entra ID issues
// Conditional Access certificates from.
const EntraRootName = "Microsoft VPN root CA gen 1"

// IsEntraRoot reports whether c is an Entra ID Conditional Access root: a
// certificate named [EntraRootName] that names itself as its issuer. Its
// signature is not verified, so that asking costs nothing whoever wrote
// the certificate; the real root is self-signed.
func IsEntraRoot(c *x509.Certificate) bool {
	return c.Subject.CommonName == EntraRootName && selfIssued(c)
}

// entraCertificate recognises a certificate Entra ID issued for
// Conditional Access: issued by Microsoft VPN root CA gen 1 or carrying
// the AAD Conditional Access EKU, and not self-signed.
func entraCertificate(in *Set, c *Cert) bool {
	return (c.Issuer.CommonName == EntraRootName || HasEKU(c.Certificate, OIDConditionalAccess)) && !in.selfSigned(c.Certificate)
}

var conditionalAccess = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT060", Severity: lint.Info,
		Title:    "certificates from Entra Conditional Access are recognised",
		Fix:      "none: this says how the certificate was recognised; give it with --client-cert to check it as the client certificate",
		Citation: "Conditional access for VPN connectivity using Microsoft Entra ID, https://learn.microsoft.com/windows-server/remote/remote-access/vpn/ad-ca-vpn-connectivity-windows10",
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, c := range in.Certs {
			byIssuer := c.Issuer.CommonName == EntraRootName
			byEKU := HasEKU(c.Certificate, OIDConditionalAccess)
			if !byIssuer && !byEKU || c.Role == RoleTrust && in.selfSigned(c.Certificate) {
				continue
			}
			why := "issued by Microsoft VPN root CA gen 1"
			switch {
			case byIssuer && byEKU:
				why += ", with the AAD Conditional Access EKU (1.3.6.1.4.1.311.87)"
			case byEKU:
				why = "it has the AAD Conditional Access EKU (1.3.6.1.4.1.311.87)"
			}
			r.Reportf(c.Source.Pos, "the %s is an Entra Conditional Access certificate: %s", describe(c), why)
		}
	},
}

var entraClientAuth = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT063", Severity: lint.Error,
		Title:         "an Entra Conditional Access certificate allows Client Authentication",
		Fix:           "in the Entra ID VPN connectivity settings, make sure the VPN certificate is issued for Client Authentication; a certificate without it cannot be used for EAP-TLS",
		WindowsErrors: []string{"798"},
		Citation:      "Conditional access for VPN connectivity using Microsoft Entra ID, https://learn.microsoft.com/windows-server/remote/remote-access/vpn/ad-ca-vpn-connectivity-windows10",
		Doc:           "Entra ID issues its VPN certificate with Client Authentication and the AAD Conditional Access EKU; one without Client Authentication is not offered for EAP-TLS, so no certificate is found (798).",
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, c := range in.Certs {
			if c.Role == RoleTrust && in.selfSigned(c.Certificate) || !isEntra(c) || allows(c.Certificate, OIDClientAuth) {
				continue
			}
			r.Reportf(c.Source.Pos, "the %s is an Entra Conditional Access certificate but has %s; expected Client Authentication (1.3.6.1.5.5.7.3.2), without which it cannot be used for EAP-TLS", describe(c), ekuList(c))
		}
	},
}

// isEntra reports whether c was issued by Entra ID for Conditional
// Access: by the Entra VPN root, or with its EKU.
func isEntra(c *Cert) bool {
	return c.Issuer.CommonName == EntraRootName || HasEKU(c.Certificate, OIDConditionalAccess)
}

var classified = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT061", Severity: lint.Info,
		Title:    "certificates given without a role are classified by their content",
		Fix:      "nothing to fix when the classification is right; otherwise give the certificate with its role (--vpn-cert, --nps-cert, --client-cert or --trust)",
		Citation: "aovpnlint specification, section 2 Roles (README.md)",
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, c := range in.Certs {
			switch {
			case c.Classified != "":
				r.Reportf(c.Source.Pos, "the certificate %s was classified as %s: %s", subjectOf(c), c.Role, c.Classified)
			case c.Role == RoleUnknown:
				r.Reportf(c.Source.Pos, "the certificate %s could not be classified (not a CA, no Server or Client Authentication, no name the profile uses); only its validity, key and signature were checked", subjectOf(c))
			}
		}
	},
}
