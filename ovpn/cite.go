package ovpn

// The documents the OVPN and AWS rules rest on, in the notation of
// ../shared/reference/ovpn.md, which names every source.
const (
	manualURL = "https://openvpn.net/community-resources/reference-manual-for-openvpn-2-6/"
	sourceURL = "https://github.com/OpenVPN/openvpn/blob/v2.6.22/"
	adminURL  = "https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/"
	userURL   = "https://docs.aws.amazon.com/vpn/latest/clientvpn-user/"

	citeChanges = "[Changes] OpenVPN release notes 2.4 to 2.6, " + sourceURL + "Changes.rst"
)

// The sections of the OpenVPN 2.6 reference manual (doc/man-sections),
// the files of OpenVPN 2.6.22's source (for the messages they print) and
// the pages of the AWS Client VPN Administrator and User Guides the rules
// cite, as constants: the rules are then laid out when the program is
// built, not built when it starts.
const (
	adminClientAuthentication      = "[aws-admin client-authentication] AWS Client VPN Administrator Guide, Client authentication, " + adminURL + "client-authentication.html"
	adminCvpnWorkingEndpointExport = "[aws-admin cvpn-working-endpoint-export] AWS Client VPN Administrator Guide, Export the client configuration, " + adminURL + "cvpn-working-endpoint-export.html"
	adminRoutingToLan              = "[aws-admin routing-to-lan] AWS Client VPN Administrator Guide, Access to the local network, " + adminURL + "routing-to-lan.html"
	adminTroubleshooting           = "[aws-admin troubleshooting] AWS Client VPN Administrator Guide, Troubleshooting Client VPN, " + adminURL + "troubleshooting.html"
	adminWhatIs                    = "[aws-admin what-is] AWS Client VPN Administrator Guide, What is AWS Client VPN, " + adminURL + "what-is.html"
	adminWhatIsBestPractices       = "[aws-admin what-is-best-practices] AWS Client VPN Administrator Guide, Rules and best practices, " + adminURL + "what-is-best-practices.html"
	manCipherNegotiation           = "[man cipher-negotiation] OpenVPN 2.6 reference manual, cipher-negotiation, " + manualURL
	manClientOptions               = "[man client-options] OpenVPN 2.6 reference manual, client-options, " + manualURL
	manConnectionProfiles          = "[man connection-profiles] OpenVPN 2.6 reference manual, connection-profiles, " + manualURL
	manGenericOptions              = "[man generic-options] OpenVPN 2.6 reference manual, generic-options, " + manualURL
	manInlineFiles                 = "[man inline-files] OpenVPN 2.6 reference manual, inline-files, " + manualURL
	manLinkOptions                 = "[man link-options] OpenVPN 2.6 reference manual, link-options, " + manualURL
	manProtocolOptions             = "[man protocol-options] OpenVPN 2.6 reference manual, protocol-options, " + manualURL
	manRenegotiation               = "[man renegotiation] OpenVPN 2.6 reference manual, renegotiation, " + manualURL
	manScriptOptions               = "[man script-options] OpenVPN 2.6 reference manual, script-options, " + manualURL
	manTlsOptions                  = "[man tls-options] OpenVPN 2.6 reference manual, tls-options, " + manualURL
	manUnsupportedOptions          = "[man unsupported-options] OpenVPN 2.6 reference manual, unsupported-options, " + manualURL
	manVpnNetworkOptions           = "[man vpn-network-options] OpenVPN 2.6 reference manual, vpn-network-options, " + manualURL
	srcOptionsC                    = "[src options.c] OpenVPN 2.6.22, src/openvpn/options.c, " + sourceURL + "src/openvpn/options.c"
	srcSslOpensslC                 = "[src ssl_openssl.c] OpenVPN 2.6.22, src/openvpn/ssl_openssl.c, " + sourceURL + "src/openvpn/ssl_openssl.c"
	srcSslPktC                     = "[src ssl_pkt.c] OpenVPN 2.6.22, src/openvpn/ssl_pkt.c, " + sourceURL + "src/openvpn/ssl_pkt.c"
	userWindowsTroubleshooting     = "[aws-user windows-troubleshooting] AWS Client VPN User Guide, Troubleshoot Windows clients, " + userURL + "windows-troubleshooting.html"
)
