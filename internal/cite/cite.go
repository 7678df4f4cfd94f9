// Package cite names the documents rules rest on, once: a rule's
// Citation is one of these, followed by the section it relies on.
package cite

// Microsoft's documentation of the VPNv2 CSP and of Always On VPN.
const (
	CSP              = "VPNv2 CSP, https://learn.microsoft.com/windows/client-management/mdm/vpnv2-csp"
	XSD              = "VPNv2 CSP, ProfileXML XSD schema, https://learn.microsoft.com/windows/client-management/mdm/vpnv2-csp#profilexml-xsd-schema"
	ProfileOptions   = "VPN profile options, https://learn.microsoft.com/windows/security/operating-system-security/network-security/vpn/vpn-profile-options"
	Routing          = "VPN routing decisions, https://learn.microsoft.com/windows/security/operating-system-security/network-security/vpn/vpn-routing"
	DeviceTunnel     = "Configure VPN device tunnels in Windows client, https://learn.microsoft.com/windows-server/remote/remote-access/vpn/vpn-device-tunnel-config"
	SecurityFeatures = "VPN security features, https://learn.microsoft.com/windows/security/operating-system-security/network-security/vpn/vpn-security-features"
	Troubleshoot     = "Troubleshoot Always On VPN, https://learn.microsoft.com/troubleshoot/windows-server/networking/troubleshoot-always-on-vpn"
	Authentication   = "Always On VPN authentication options, https://learn.microsoft.com/windows/security/operating-system-security/network-security/vpn/vpn-authentication"
	CertRequirements = "Always On VPN certificate requirements, https://learn.microsoft.com/windows-server/remote/remote-access/vpn/always-on-vpn/deploy/tutorial-aovpn-certificates"
	// ConditionalAccess is the pair of pages on Entra Conditional Access
	// for VPN: the Entra side and the Always On VPN deployment.
	ConditionalAccess = "Conditional Access for VPN connectivity, https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-vpn; " +
		"Configure Conditional Access for VPN connectivity, https://learn.microsoft.com/windows-server/remote/remote-access/vpn/always-on-vpn/deploy/always-on-vpn-deploy-conditional-access"
	VPNConditionalAccess = "VPN and conditional access, https://learn.microsoft.com/windows/security/operating-system-security/network-security/vpn/vpn-conditional-access"
)

// The EAP configuration documentation and the EapHost schemas.
const (
	EAPConfiguration = "EAP configuration, https://learn.microsoft.com/windows/client-management/mdm/eap-configuration"
	EAPHostSchemas   = "EAPHost schemas, https://learn.microsoft.com/windows/win32/eaphost/eaphost-schemas"
	ServerValidation = "ServerValidationParameters complex type, https://learn.microsoft.com/windows/win32/eaphost/eaptlsconnectionpropertiesv1schema-servervalidationparameters-complextype"
	PEAPSchema       = "MsPeapConnectionPropertiesV1 schema, https://learn.microsoft.com/windows/win32/eaphost/mspeapconnectionpropertiesv1schema-schema"
	FilterInfo       = "FilterInfoParams complex type, https://learn.microsoft.com/windows/win32/eaphost/eaptlsconnectionpropertiesv3schema-filterinfoparams-complextype"
	EKUList          = "EKUListParams complex type, https://learn.microsoft.com/windows/win32/eaphost/eaptlsconnectionpropertiesv3schema-ekulistparams-complextype"
)

// The standards certificates and CRLs are judged by.
const (
	RFC5280 = "RFC 5280, Internet X.509 Public Key Infrastructure Certificate and CRL Profile"
	// CRL is RFC 5280's section on CRLs with the project's notes on reading
	// them (formats.md of the shared reference).
	CRL = "RFC 5280 5.1 (CRLs); ../shared/reference/formats.md section 7"
)

// How Windows' CryptoAPI judges a certificate chain.
const (
	// TrustStatus lists the errors CryptoAPI records on a chain
	// (CERT_TRUST_INVALID_EXTENSION, CERT_TRUST_INVALID_NAME_CONSTRAINTS...).
	TrustStatus = "CERT_TRUST_STATUS structure (wincrypt.h), https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_trust_status"
	// TrustReturnValues lists the certificate HRESULTs, among them
	// CERT_E_CRITICAL, "an unknown extension that is marked critical".
	TrustReturnValues = "Certificate and trust return values, https://learn.microsoft.com/windows/win32/seccrypto/certificate-and-trust-return-values"
)
