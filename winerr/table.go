package winerr

import "sync"

// serverSide is the NoFile note of errors decided on the gateway, the NPS
// server or the network.
const serverSide = "the cause lies on the gateway, the NPS server or the network path, which no client file shows"

// table is the explanation of each code, from Microsoft's RAS error list
// (raserror.h), the Always On VPN troubleshooting page, and practitioners'
// field reports. Codes first (Win32 and RAS, then HRESULTs), then symptoms.
// The NPS entries join it when withNPS is on (see addNPS); the OpenVPN and
// AWS Client VPN messages come last (openvpnEntries). It is put together
// when first asked for, not at every start of the program.
var table = sync.OnceValue(func() []*Entry { return append(addNPS(withNPS, joinHandshake(base)), openvpnEntries...) })

// base is the table without the NPS entries.
var base = []*Entry{
	{Code: 691, Name: "ERROR_AUTHENTICATION_FAILURE",
		Messages: []string{"The remote connection was denied because the user name and password combination you provided is not recognized, or the selected authentication protocol is not permitted on the remote access server."},
		Meaning:  "the remote connection was denied: the credentials were not accepted, or the authentication protocol is not permitted on the server",
		Causes: []Cause{
			{"a password-based method (EAP-MSCHAPv2) where the server expects certificates", []string{"EAP016"}},
			{"SSTP with certificate authentication against Windows Server 2012 R2 with TLS 1.0 disabled (the server side)", nil},
		}},
	{Code: 798, Name: "ERROR_NO_EAPTLS_CERTIFICATE",
		Messages: []string{"A certificate could not be found that can be used with this Extensible Authentication Protocol."},
		Meaning:  "a certificate could not be found that can be used with this Extensible Authentication Protocol",
		Causes: []Cause{
			{"no client certificate satisfies the EAP-TLS certificate filter (CAHashList, ClientAuthEKUList)", []string{"EAP034"}},
			{"the Entra Conditional Access certificate lacks Client Authentication", []string{"CERT063"}},
			{"the filter references an EKU name that EKUMapping does not define, or a malformed OID", []string{"EAP020"}},
			{"the client certificate lacks Client Authentication", []string{"CERT012"}},
			{"Conditional Access is enabled but Entra ID issued no certificate (the Entra side)", nil},
		}},
	{Code: 800, Name: "ERROR_AUTOMATIC_VPN_FAILED",
		Messages: []string{"The remote connection was not made because the attempted VPN tunnels failed."},
		Meaning:  "the VPN connection could not be established with any protocol: NativeProtocolType Automatic tried them all",
		Causes: []Cause{
			{"NativeProtocolType Automatic hides the error of the protocol that matters", []string{"VPN012"}},
			{"the server is unreachable or its IPsec parameters differ", nil},
		}},
	{Code: 801, Name: "ERROR_VALIDATING_SERVER_CERT",
		Messages: []string{"This connection is configured to validate the identity of the access server, but Windows cannot verify the digital certificate sent by the server."},
		Meaning:  "the client could not validate the server's certificate",
		Causes: []Cause{
			{"server validation lists no TrustedRootCA", []string{"EAP011", "EAP023"}},
			{"TrustedRootCA names a root the client does not have", []string{"EAP030"}},
			{"the NPS certificate does not chain to a listed root", []string{"EAP031"}},
		}},
	{Code: 806, Name: "ERROR_VPN_GRE_BLOCKED",
		Messages: []string{"A connection between your computer and the VPN server has been started, but the VPN connection cannot be completed."},
		Meaning:  "a PPTP connection was started but GRE (IP protocol 47) is blocked between client and server",
		Causes:   []Cause{{"a firewall or NAT device drops GRE", nil}},
		NoFile:   serverSide},
	{Code: 809, Name: "ERROR_VPN_TIMEOUT",
		Messages: []string{"The network connection between your computer and the VPN server could not be established because the remote server is not responding."},
		Meaning:  "the remote server is not responding: IKEv2 (UDP 500 and 4500) or SSTP (TCP 443) does not get through",
		Causes: []Cause{
			{"IKEv2 fragmentation is disabled, so certificate exchanges are dropped as IP fragments", []string{"VPN052"}},
			{"a firewall blocks UDP 500/4500 or TCP 443, or a load balancer is misconfigured", nil},
		}},
	{Code: 810, Name: "ERROR_VPN_BAD_CERT",
		Meaning: "the certificate between client and server is incorrect or expired",
		Causes: []Cause{
			{"a certificate has expired or is not yet valid", []string{"CERT001", "CERT002"}},
			{"the server certificate lacks Server Authentication", []string{"CERT010"}},
		}},
	{Code: 811, Name: "ERROR_VPN_BAD_PSK",
		Meaning: "the L2TP pre-shared key was not accepted",
		Causes: []Cause{
			{"the profile carries an L2TP pre-shared key, which differs from the server's (and is stored in clear text)", []string{"VPN050"}},
		}},
	{Code: 812, Name: "ERROR_SERVER_POLICY",
		Messages: []string{"The connection was prevented because of a policy configured on your RAS/VPN server."},
		Meaning:  "the connection was prevented because of a policy configured on the RAS/VPN server (RRAS logs event 20276)",
		Causes: []Cause{
			{"the EAP method differs from what the NPS network policy requires (a password method against PEAP-TLS)", []string{"EAP016", "VPN011"}},
			{"MachineMethod Certificate with a protocol other than IKEv2", []string{"VPN017"}},
			{"ServerNames does not match the NPS certificate's name", []string{"EAP032"}},
			{"a ServerNames entry is malformed or a template placeholder, so it matches no certificate", []string{"EAP025"}},
			{"a CRL in the chain is out of date, or about to be, so revocation cannot be checked", []string{"CERT050", "CERT054"}},
			{"Entra Conditional Access certificates have no CRL and the NPS servers lack IgnoreNoRevocationCheck (NPS event 6273, reason 258)", nil},
		}},
	{Code: 823, Name: "ERROR_PEAP_CRYPTOBINDING_INVALID",
		Meaning: "the PEAP crypto binding TLV received from the server was not valid",
		Causes: []Cause{
			{"RequireCryptoBinding is set against a server whose crypto binding fails (or not set where it would protect)", []string{"EAP017"}},
		}},
	{Code: 824, Name: "ERROR_PEAP_CRYPTOBINDING_NOTRECEIVED",
		Meaning: "the client requires PEAP crypto binding but the server did not send it",
		Causes: []Cause{
			{"RequireCryptoBinding true against an NPS server without crypto binding", []string{"EAP017"}},
		}},
	{Code: 835, Name: "ERROR_INVALID_SERVER_CERT",
		Meaning: "the server's certificate name does not match the name the client connected to (L2TP/IPsec)",
		Causes: []Cause{
			{"a Servers host is not a name of the gateway certificate", []string{"VPN070", "CERT021"}},
		}},
	{Code: 850, Name: "ERROR_EAP_METHOD_NOT_INSTALLED",
		Meaning: "the EAP method the configuration names is not installed on the client",
		Causes: []Cause{
			{"EapMethod/Type, Eap/Type and the EapType namespace disagree", []string{"EAP003"}},
			{"the method is not one Windows ships for VPN (13, 25, 26)", []string{"EAP005"}},
		}},
	{Code: 853, Name: "ERROR_EAP_USER_CERT_INVALID",
		Meaning: "the client's certificate was rejected by the NPS server",
		Causes: []Cause{
			{"on Windows 11, ServerNames matches the NPS certificate's name only when case is ignored", []string{"EAP037"}},
			{"the issuing CA is not in the enterprise NTAuth store (the directory side)", nil},
		}},
	{Code: 854, Name: "ERROR_EAP_USER_CERT_EXPIRED",
		Meaning: "the client's certificate has expired",
		Causes:  []Cause{{"the user or device certificate has expired", []string{"CERT001"}}}},
	{Code: 855, Name: "ERROR_EAP_USER_CERT_REVOKED",
		Meaning: "the client's certificate has been revoked",
		Causes:  []Cause{{"the client certificate is listed in its issuer's CRL", []string{"CERT052"}}}},
	{Code: 856, Name: "ERROR_EAP_USER_CERT_OTHER_ERROR",
		Meaning: "the client's certificate could not be validated for another reason",
		Causes: []Cause{
			{"the client certificate's chain ends at a root that is not trusted, or an issuer is broken", []string{"CERT030", "CERT032"}},
		}},
	{Code: 857, Name: "ERROR_EAP_SERVER_CERT_INVALID",
		Meaning: "the NPS server's certificate is not valid",
		Causes: []Cause{
			{"the NPS certificate lacks Server Authentication", []string{"CERT010"}},
			{"the NPS certificate's Key Usage does not allow TLS", []string{"CERT013"}},
		}},
	{Code: 858, Name: "ERROR_EAP_SERVER_CERT_EXPIRED",
		Meaning: "the NPS server's certificate has expired",
		Causes:  []Cause{{"the NPS certificate has expired", []string{"CERT001"}}}},
	{Code: 859, Name: "ERROR_EAP_SERVER_CERT_REVOKED",
		Meaning: "the NPS server's certificate has been revoked",
		Causes:  []Cause{{"the NPS certificate is listed in its issuer's CRL", []string{"CERT052"}}}},
	{Code: 860, Name: "ERROR_EAP_SERVER_CERT_OTHER_ERROR",
		Meaning: "the NPS server's certificate could not be validated for another reason",
		Causes:  []Cause{{"an issuer on the chain is not a CA, has expired or violates path length", []string{"CERT032"}}}},
	{Code: 861, Name: "ERROR_EAP_USER_ROOT_CERT_NOT_FOUND",
		Meaning: "the root that validates the client's certificate was not found",
		Causes:  []Cause{{"the client certificate does not chain to a trusted root", []string{"CERT030", "CERT031"}}}},
	{Code: 862, Name: "ERROR_EAP_USER_ROOT_CERT_INVALID",
		Meaning: "the root that validates the client's certificate is not valid",
		Causes:  []Cause{{"an issuer on the client certificate's chain is broken", []string{"CERT032"}}}},
	{Code: 863, Name: "ERROR_EAP_USER_ROOT_CERT_EXPIRED",
		Meaning: "the root that validates the client's certificate has expired",
		Causes:  []Cause{{"an issuer on the client certificate's chain has expired", []string{"CERT032"}}}},
	{Code: 864, Name: "ERROR_EAP_SERVER_ROOT_CERT_NOT_FOUND",
		Meaning: "no trusted root validates the NPS server's certificate",
		Causes: []Cause{
			{"the NPS certificate was issued by a CA whose root TrustedRootCA does not list", []string{"EAP031"}},
			{"TrustedRootCA names a root that is not among the trusted roots", []string{"EAP030"}},
			{"TrustedRootCA lists the Entra cloud root instead of the NPS server's root", []string{"EAP033"}},
			{"server validation lists no TrustedRootCA at all", []string{"EAP011", "EAP023"}},
			{"the NPS certificate does not chain to a trusted root", []string{"CERT030"}},
			{"an intermediate of the NPS certificate's chain is missing or broken", []string{"CERT031", "CERT032"}},
			{"the NPS policy is bound to another certificate (the server side)", nil},
		}},
	{Code: 865, Name: "ERROR_EAP_SERVER_ROOT_CERT_INVALID",
		Meaning: "the root that validates the NPS server's certificate is not valid",
		Causes:  []Cause{{"an issuer on the NPS certificate's chain is broken", []string{"CERT032"}}}},
	{Code: 866, Name: "ERROR_EAP_SERVER_ROOT_CERT_NAME_REQUIRED",
		Meaning: "the NPS server's certificate carries no server name",
		Causes:  []Cause{{"the server certificate has no DNS subject alternative name", []string{"CERT020"}}}},
	{Code: 867, Name: "ERROR_PEAP_IDENTITY_MISMATCH",
		Meaning: "the PEAP identity differs from the identity in the inner authentication",
		Causes:  []Cause{{"the outer identity (identity privacy) and the certificate's identity disagree on the NPS side", nil}},
		NoFile:  "the identities are exchanged at connect time; the files do not show them"},
	{Code: 868, Name: "ERROR_DNSNAME_NOT_RESOLVABLE",
		Messages: []string{"The remote connection was not made because the name of the remote access server did not resolve."},
		Meaning:  "the VPN server's name does not resolve",
		Causes: []Cause{
			{"Servers is empty", []string{"VPN010"}},
			{"a Servers host is a single-label name, or under a suffix only internal DNS resolves (.local, .lan, .internal, .corp, .home.arpa)", []string{"VPN016"}},
			{"a Servers name that is not a well-formed DNS name (a space, an empty label, a label over 63 characters)", []string{"VPN009"}},
			{"a template placeholder left in Servers (<server>, YOUR VPN SERVER)", []string{"VPN019"}},
			{"a typo in the Servers name, or the public DNS record is missing (aovpnlint does not use the network)", nil},
		}},
	{Code: 13801, Name: "ERROR_IPSEC_IKE_AUTH_FAIL",
		Messages: []string{"IKE authentication credentials are unacceptable."},
		Meaning:  "IKE authentication credentials are unacceptable",
		Causes: []Cause{
			{"the gateway certificate is not issued for the name in Servers", []string{"VPN070", "VPN010", "CERT021"}},
			{"Servers names the gateway by IP address, which the certificate does not carry", []string{"VPN015"}},
			{"the name in Servers matches the gateway certificate only through a wildcard, with IKEv2", []string{"VPN071"}},
			{"the gateway certificate lacks Server Authentication", []string{"CERT010"}},
			{"a certificate has expired", []string{"CERT001"}},
			{"the client does not trust the gateway certificate's root", []string{"CERT030"}},
			{"an intermediate of the gateway certificate's chain is missing or broken", []string{"CERT031", "CERT032"}},
			{"the gateway holds several server certificates and this one lacks IP security IKE intermediate", []string{"CERT011"}},
			{"the certificate's Key Usage lacks digitalSignature", []string{"CERT013"}},
			{"a device tunnel that does not authenticate with the machine certificate over IKEv2", []string{"VPN030"}},
			{"a device picks the wrong one of several machine certificates, or RRAS accepts only another root (the server side)", nil},
		}},
	{Code: 13806, Name: "ERROR_IPSEC_IKE_NO_CERT",
		Messages: []string{"IKE failed to find valid machine certificate."},
		Meaning:  "IKE failed to find a valid machine certificate",
		Causes: []Cause{
			{"the device tunnel is not set up for machine certificate authentication", []string{"VPN030"}},
			{"the machine certificate lacks Client Authentication", []string{"CERT012"}},
			{"the machine certificate does not chain to a trusted root", []string{"CERT030"}},
			{"an intermediate of the machine certificate's chain is missing or broken", []string{"CERT031", "CERT032"}},
		}},
	{Code: 13868, Name: "ERROR_IPSEC_IKE_POLICY_MATCH",
		Messages: []string{"Policy match error."},
		Meaning:  "no IKE policy matched: the client's CryptographySuite differs from the gateway's IPsec policy",
		Causes: []Cause{
			{"a weak or inconsistent CryptographySuite, which the gateway does not offer", []string{"VPN051"}},
			{"the suite differs from Get-VpnServerIPsecConfiguration on the gateway", nil},
		}},
	{Code: 0x80070040, Name: "ERROR_NETNAME_DELETED",
		Messages: []string{"The specified network name is no longer available."},
		Meaning:  "the HRESULT of Win32 error 64; for IKEv2 Microsoft documents it as the gateway certificate lacking Server Authentication",
		Causes:   []Cause{{"the gateway certificate lacks Server Authentication", []string{"CERT010"}}}},
	{Code: 0x80092012, Name: "CRYPT_E_NO_REVOCATION_CHECK",
		Messages: []string{"The revocation function was unable to check revocation for the certificate."},
		Meaning:  "the revocation function was unable to check revocation for the certificate",
		Causes:   []Cause{{"the gateway certificate has no CRL distribution point the client can use", []string{"CERT053"}}}},
	{Code: 0x80092013, Name: "CRYPT_E_REVOCATION_OFFLINE",
		Messages: []string{"The revocation function was unable to check revocation because the revocation server was offline."},
		Meaning:  "the revocation function was unable to check revocation because the revocation server was offline",
		Causes: []Cause{
			{"SSTP: the gateway certificate's CRL is published only on internal hosts, or not over HTTP", []string{"CERT053"}},
		}},
	{Code: 0x800B0101, Name: "CERT_E_EXPIRED",
		Messages: []string{"A required certificate is not within its validity period when verifying against the current system clock or the timestamp in the signed file."},
		Meaning:  "a required certificate is not within its validity period",
		Causes: []Cause{
			{"a certificate has expired (an expired SSTP certificate fails while IKEv2 may still work)", []string{"CERT001"}},
			{"a certificate is not yet valid", []string{"CERT002"}},
		}},
	{Code: 0x800B0109, Name: "CERT_E_UNTRUSTEDROOT",
		Messages: []string{"A certificate chain processed, but terminated in a root certificate which is not trusted by the trust provider."},
		Meaning:  "a certificate chain processed correctly but terminated in a root certificate that is not trusted",
		Causes: []Cause{
			{"the certificate does not chain to a root the client trusts", []string{"CERT030"}},
			{"a self-signed root was taken as trusted without --trust, and the clients may not hold it", []string{"CERT033"}},
			{"a certificate on the chain has name constraints or an extension Windows cannot decode", []string{"CERT044"}},
			{"TrustedRootCA names a root the client does not have", []string{"EAP030"}},
			{"an issuer on the chain is broken", []string{"CERT032"}},
			{"a self-signed root was taken as trusted without --trust, and the clients may not hold it", []string{"CERT033"}},
		}},
	{Code: 0x800B010A, Name: "CERT_E_CHAINING",
		Messages: []string{"A certificate chain could not be built to a trusted root authority."},
		Meaning:  "a certificate chain could not be built to a trusted root",
		Causes:   []Cause{{"an intermediate CA certificate is missing", []string{"CERT031"}}}},
	{Code: 0x800B010F, Name: "CERT_E_CN_NO_MATCH",
		Messages: []string{"The certificate's CN name does not match the passed value."},
		Meaning:  "the certificate's name does not match the name the client connected to",
		Causes: []Cause{
			{"a Servers host is not a DNS name of the gateway certificate", []string{"VPN070"}},
			{"the certificate is not valid for the host given with cert --host", []string{"CERT021"}},
		}},
	{Code: 0x800B0110, Name: "CERT_E_WRONG_USAGE",
		Messages: []string{"The certificate is not valid for the requested usage."},
		Meaning:  "the certificate is not valid for the requested usage",
		Causes: []Cause{
			{"a server certificate lacks Server Authentication", []string{"CERT010"}},
			{"a client certificate lacks Client Authentication", []string{"CERT012"}},
		}},

	// Symptoms without a code.
	{Name: `Entra ID: "Oops, you can't get to this yet"`, Phrases: []string{"oops", "can't get to this yet", "cant get to this yet"},
		Meaning: "Conditional Access refused the device; closing the dialog with X still connects (with another certificate) and OK retries in a loop",
		Causes: []Cause{
			{"DeviceCompliance is enabled but the EAP-TLS filter does not require the Entra certificate's EKU 1.3.6.1.4.1.311.87", []string{"VPN041"}},
			{"several client certificates qualify, so Windows may present the on-premises one", []string{"EAP035"}},
			{"the NPS policy also accepts client certificates without the Conditional Access purpose", []string{"NPS022"}},
			{"the device is not compliant (the Entra side)", nil},
		}},
	{Name: "profile install fails", Phrases: []string{"install fails", "rejected at install", "unknown error", "profile won't install", "does not install"},
		Meaning: "Intune reports the VPN profile as failed, or the PowerShell/WMI deployment fails with an unknown error",
		Causes: []Cause{
			{"the ProfileXML is not well-formed", []string{"IN001"}},
			{"https:// in an EAP namespace", []string{"EAP001"}},
			{"the root element is not VPNProfile, or the profile has neither or both of NativeProfile and PluginProfile", []string{"VPN001", "VPN002"}},
			{"an invalid enumeration or value", []string{"VPN005"}},
			{"a plug-in profile without server list or package name", []string{"VPN014"}},
			{"an NRPT rule without DomainName", []string{"VPN065"}},
			{"an EapHostConfig without EapMethod or Config, or with template text in their place", []string{"EAP006"}},
		}},
	{Name: "a setting is silently ignored", Phrases: []string{"setting ignored", "settings ignored", "setting silently ignored", "partial profile", "partially applied profile", "ignored"},
		Meaning: "the profile installs, but Windows does not apply part of it",
		Causes: []Cause{
			{"an unknown or misspelt element", []string{"VPN003", "EAP002"}},
			{"an element name whose case differs from the CSP's (names are case-sensitive)", []string{"VPN066"}},
			{"an element under the wrong parent", []string{"VPN004"}},
			{"AlwaysOn or RememberCredentials not exactly lower-case true or false", []string{"VPN006"}},
			{"an invalid value", []string{"VPN005"}},
			{"routes or DisableClassBasedDefaultRoute on a force tunnel", []string{"VPN022"}},
		}},
	{Name: "internal hosts unreachable", Phrases: []string{"internal hosts unreachable", "cannot reach internal", "nothing reaches the vpn"},
		Meaning: "the tunnel is up but internal networks cannot be reached",
		Causes: []Cause{
			{"a split tunnel without the routes of the internal networks", []string{"VPN021", "VPN020"}},
		}},
	{Name: "local devices unreachable or VPN traffic misrouted", Phrases: []string{"local devices unreachable", "misrouted", "home network"},
		Meaning: "printers and other devices on the home or hotel network cannot be reached while connected, or traffic for the corporate network goes astray",
		Causes:  []Cause{{"a route covers address ranges common on home and hotel networks", []string{"VPN024"}}}},
	{Name: "credentials exposed to a rogue RADIUS server", Phrases: []string{"rogue radius", "radius impersonation", "credentials exposed"},
		Meaning: "the client authenticates to any server that answers, exposing credentials to an impostor",
		Causes: []Cause{
			{"server certificate validation switched off", []string{"EAP010"}},
			{"the server name is never compared with ServerNames", []string{"EAP019"}},
			{"ServerNames is empty while prompts are disabled", []string{"EAP013"}},
		}},
	{Name: "Always On cannot connect unattended", Phrases: []string{"cannot connect unattended", "prompt", "certificate picker"},
		Meaning: "the connection waits for the user: to trust a server, or to pick a certificate",
		Causes: []Cause{
			{"users are asked to trust the server", []string{"EAP014", "EAP011"}},
			{"users get a certificate picker", []string{"EAP015"}},
		}},
	{Name: "No such host is known", Phrases: []string{"no such host is known", "no such host"},
		Meaning: "names do not resolve: while a plug-in VPN is connected, or, in an OpenVPN client (\"Transport Error: DNS resolve error on ... No such host is known\"), the name of the server itself",
		Causes: []Cause{
			{"a plug-in profile sends DNS queries to a loopback address", []string{"VPN060"}},
			{"OpenVPN: the Client VPN endpoint name without a label in front, for a client that ignores remote-random-hostname", []string{"AWS001"}},
		}},
	{Name: "TLS handshake failure", Phrases: []string{"tls handshake failure", "handshake"},
		Meaning: "the TLS handshake (SSTP, PEAP or EAP-TLS; an OpenVPN or AWS Client VPN client's \"TLS Error: TLS handshake failed\") fails before authentication",
		Causes:  []Cause{{"a CRL on the chain is past its NextUpdate, so revocation cannot be checked", []string{"CERT050"}}}}, // and openvpnHandshake
	{Name: "chain rejected", Phrases: []string{"chain rejected"},
		Meaning: "Windows rejects a certificate chain that uses weak signatures",
		Causes:  []Cause{{"an SHA-1 or MD5 signature on a certificate other than the root", []string{"CERT041"}}}},
	{Name: "Intune compliance error", Phrases: []string{"compliance error", "intune reports", "intune error"},
		Meaning: "Intune reports the VPN profile as failed on Windows 11 although it works",
		Causes: []Cause{
			{"the profile differs from what Windows reads back: element order, Servers without host;host, MachineMethod Eap missing", []string{"VPN062"}},
		}},
	{Name: "the tunnel also connects on the corporate LAN", Phrases: []string{"connects on the corporate", "corporate lan", "connects inside"},
		Meaning: "the always-on tunnel comes up even when the device is on the internal network",
		Causes:  []Cause{{"AlwaysOn without TrustedNetworkDetection", []string{"VPN061"}}}},
}

// withNPS says whether the table explains the NPS reason codes and events
// and lists the NPS rules (package nps) among the causes of 812. It stays
// false until the root package runs package nps and lists its rules
// (issue 13): until then explain could not print the rules these entries
// name. Turning it on is the one change this file needs then.
const withNPS = true

// npsCauses812 are the causes of 812 that an NPS export shows.
var npsCauses812 = []Cause{
	{"no enabled NPS network policy grants access to VPN connections (NPS reason 48)", []string{"NPS010"}},
	{"an NPS policy that denies access is tried before the VPN policy and matches the same connections", []string{"NPS011"}},
	{"the NPS VPN policy allows neither EAP-TLS nor PEAP (NPS reason 66)", []string{"NPS012"}},
	{"no NPS VPN policy allows the profile's EAP method or PEAP inner method (NPS reason 66)", []string{"NPS020"}},
	{"no NPS connection request policy takes VPN requests (NPS reason 49)", []string{"NPS019"}},
	{"the user account's dial-in permission is Deny access and the NPS policy does not ignore dial-in properties (NPS reason 65)", []string{"NPS042"}},
	{"the EAP-TLS filter selects a certificate without Client Authentication (All Purpose, Any Purpose) and the NPS policy does not restrict client certificates to a purpose", []string{"NPS023"}},
}

// npsEntries explain the reason codes and events an administrator reads on
// the NPS server (NPS reason codes, dd197521; events 6273 and 6274 in the
// Security log) when the client shows 812.
var npsEntries = []*Entry{
	{Code: 48, Name: "IAS_NO_POLICY_MATCH", Phrases: []string{"reason code 48", "reason 48"},
		Meaning: "NPS reason code (event 6273): the connection request matched no network policy, so NPS denied it; the VPN client shows error 812",
		Causes: []Cause{
			{"no enabled network policy grants access to VPN connections, or the one meant for VPN is disabled", []string{"NPS010"}},
			{"the request does not meet the VPN policy's other conditions (the user is not in its group, the request comes from another RADIUS client)", nil},
		}},
	{Code: 49, Name: "no connection request policy matched", Phrases: []string{"reason code 49", "reason 49"},
		Meaning: "NPS reason code (event 6273): the connection request matched no connection request policy, so NPS denied it before trying a network policy; the VPN client shows error 812",
		Causes: []Cause{
			{"no enabled connection request policy takes VPN requests", []string{"NPS019"}},
		}},
	{Code: 65, Name: "IAS_DIALIN_DISABLED", Phrases: []string{"reason code 65", "reason 65"},
		Meaning: "NPS reason code (event 6273): the Network Access Permission in the dial-in properties of the user account is Deny access; the VPN client shows error 812",
		Causes: []Cause{
			{"the VPN policy does not ignore user account dial-in properties, and the account is set to Deny access", []string{"NPS042"}},
		}},
	{Code: 66, Name: "IAS_INVALID_AUTH_TYPE", Phrases: []string{"reason code 66", "reason 66"},
		Meaning: "NPS reason code (event 6273): the client used an authentication method the matching network policy does not allow; the VPN client shows error 812",
		Causes: []Cause{
			{"the VPN policy allows neither EAP-TLS nor PEAP, the methods Always On VPN uses", []string{"NPS012"}},
			{"no VPN policy allows the profile's EAP method or PEAP inner method", []string{"NPS020"}},
		}},
	{Code: 6273, Name: "Network Policy Server denied access to a user", Phrases: []string{"event 6273", "nps denied access"},
		Meaning: "the Security event the NPS server logs when it rejects a request; its Reason Code says why (48, 49, 65, 66 and others), and the VPN client shows error 812",
		Causes: []Cause{
			{"no network policy grants access to VPN connections (reason 48)", []string{"NPS010"}},
			{"a policy that denies access matches first", []string{"NPS011"}},
			{"the VPN policy allows neither EAP-TLS nor PEAP (reason 66)", []string{"NPS012"}},
			{"no connection request policy takes VPN requests (reason 49)", []string{"NPS019"}},
			{"the user account's dial-in permission is Deny access (reason 65)", []string{"NPS042"}},
			{"the password or certificate is rejected, or revocation cannot be checked (reasons 16, 258 and others)", nil},
		}},
	{Code: 6274, Name: "Network Policy Server discarded the request for a user", Phrases: []string{"event 6274", "nps discarded"},
		Meaning: "the Security event the NPS server logs when it drops a request without answering; the VPN client times out or shows a RADIUS error",
		Causes: []Cause{
			{"the RADIUS shared secret on the VPN server differs from the one NPS holds for that client", nil},
			{"the request is malformed or lacks an attribute NPS requires", nil},
		},
		NoFile: "discarded requests come from the RADIUS exchange between the VPN server and NPS, which the export alone does not show"},
}

// joinHandshake returns the entries of t with openvpnHandshake added to
// the causes of the TLS handshake failure (a copy: t is not changed). They
// are joined here, not in the table's literal, so that base needs no work
// at start-up.
func joinHandshake(t []*Entry) []*Entry {
	out := make([]*Entry, len(t))
	for i, e := range t {
		if e.Code == 0 && e.Name == "TLS handshake failure" {
			c := *e
			c.Causes = append(append([]Cause(nil), e.Causes...), openvpnHandshake...)
			e = &c
		}
		out[i] = e
	}
	return out
}

// addNPS returns the entries of t with, when on, the NPS causes added to
// the entry of 812 (a copy: t is not changed) and the NPS entries placed in
// code order.
func addNPS(on bool, t []*Entry) []*Entry {
	if !on {
		return t
	}
	out := make([]*Entry, 0, len(t)+len(npsEntries))
	for _, e := range t {
		if e.Code == 812 {
			c := *e
			c.Causes = append(append([]Cause(nil), e.Causes...), npsCauses812...)
			e = &c
		}
		out = append(out, e)
	}
	for _, n := range npsEntries {
		i := 0
		for i < len(out) && out[i].Code != 0 && !out[i].HRESULT() && out[i].Code < n.Code {
			i++
		}
		out = append(out[:i], append([]*Entry{n}, out[i:]...)...)
	}
	return out
}
