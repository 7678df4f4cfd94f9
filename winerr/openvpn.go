package winerr

// openvpnHandshake are the causes of an OpenVPN client's "TLS Error: TLS
// handshake failed" that its profile and certificates show; they join the
// entry of TLS handshake failures.
var openvpnHandshake = []Cause{
	{"OpenVPN: the client certificate has expired or is not yet valid", []string{"OVPN042"}},
	{"OpenVPN: the client certificate was issued by another CA than the one the server trusts", []string{"OVPN044"}},
	{"OpenVPN: a CA certificate of <ca> has expired", []string{"OVPN045"}},
	{"AWS Client VPN: the client certificate's key or subject is not what AWS accepts", []string{"OVPN048"}},
	{"OpenVPN: a CRL is past its next update (the one imported on the Client VPN endpoint, or <crl-verify>)", []string{"OVPN049"}},
	{"OpenVPN: the client certificate is revoked", []string{"OVPN052"}},
	{"OpenVPN: the server certificate does not have the name verify-x509-name asks for", []string{"OVPN053"}},
	{"OpenVPN: the server certificate was not issued by a CA of <ca>", []string{"OVPN054"}},
	{"OpenVPN: the server certificate is not for TLS server authentication (remote-cert-tls server)", []string{"OVPN055"}},
}

// openvpnEntries explain the messages OpenVPN clients (OpenVPN 2.x and
// Connect, Tunnelblick, the AWS provided client) show, as users paste them
// from the client's log. Sources: the OpenVPN 2.6 manual and sources
// (options.c, ssl_verify.c, ssl_openssl.c), the AWS Client VPN
// troubleshooting pages; see ../shared/reference/ovpn.md.
var openvpnEntries = []*Entry{
	{Name: "TLS key negotiation failed to occur within 60 seconds", Phrases: []string{"tls key negotiation failed", "key negotiation failed"},
		Meaning: "OpenVPN: the control channel's TLS session did not come up in time: the server dropped the client's handshake (it refused the client certificate, or the CRL it checks is stale), or the packets never arrived",
		Causes: []Cause{
			{"the client certificate was issued by another CA than the one the server trusts", []string{"OVPN044"}},
			{"the CRL imported on the Client VPN endpoint is past its next update", []string{"OVPN049"}},
			{"UDP or the port is blocked on the path, or the endpoint is not associated with a subnet", nil},
		}},
	{Name: "Connection reset, restarting", Phrases: []string{"connection reset restarting", "connection-reset", "sigusr1[soft"},
		Meaning: "OpenVPN (Tunnelblick, OpenVPN 2.x): the server closed the connection during the TLS handshake and the client retries without end; the server refused the client certificate",
		Causes: []Cause{
			{"the client certificate has expired or is not yet valid", []string{"OVPN042"}},
			{"the client certificate is not for TLS client authentication (a server certificate in <cert>)", []string{"OVPN043"}},
			{"the client certificate is revoked by the endpoint's CRL", []string{"OVPN052"}},
		}},
	{Name: "Private key does not match the certificate", Phrases: []string{"private key does not match", "cannot load private key"},
		Meaning: "OpenVPN: the key in <key> (or the key file) is not the client certificate's; the client stops before connecting",
		Causes:  []Cause{{"the key and the certificate were pasted from different pairs", []string{"OVPN040"}}}},
	{Name: "Options error: file not found", Phrases: []string{"options error", "no such file or directory"},
		Meaning: "OpenVPN: a file the profile names (ca, cert, key, tls-auth...) cannot be opened",
		Causes:  []Cause{{"the profile names a file that is not beside it", []string{"OVPN014"}}}},
	{Name: "VERIFY ERROR: certificate has expired", Phrases: []string{"certificate has expired"},
		Meaning: "OpenVPN: a certificate of the server's chain is out of its validity period",
		Causes:  []Cause{{"a CA certificate in <ca> has expired", []string{"OVPN045"}}}},
	{Name: "VERIFY ERROR: unable to get local issuer certificate", Phrases: []string{"unable to get local issuer"},
		Meaning: "OpenVPN: the server certificate does not chain to a CA of <ca>",
		Causes:  []Cause{{"<ca> does not hold the CA that issued the server certificate", []string{"OVPN054"}}}},
	{Name: "ca md too weak", Phrases: []string{"ca md too weak", "cannot load certificate file"},
		Meaning: "OpenSSL 3 (OpenVPN 2.6, current clients) refuses a certificate signed with SHA-1 or MD5",
		Causes:  []Cause{{"a certificate of the profile is signed with SHA-1 or MD5", []string{"OVPN046"}}}},
	{Name: "ee key too small", Phrases: []string{"ee key too small", "key too small"},
		Meaning: "OpenSSL 3 (OpenVPN 2.6, current clients) refuses an RSA key under 2048 bits",
		Causes:  []Cause{{"a certificate of the profile has an RSA key under 2048 bits", []string{"OVPN047"}}}},
	{Name: "VERIFY X509NAME ERROR", Phrases: []string{"verify x509name error", "x509name"},
		Meaning: "OpenVPN: the server certificate's name is not the one verify-x509-name asks for",
		Causes:  []Cause{{"verify-x509-name names another server", []string{"OVPN053"}}}},
	{Name: "VERIFY EKU ERROR", Phrases: []string{"verify eku error", "verify ku error"},
		Meaning: "OpenVPN: with remote-cert-tls server, the server certificate's key usage or extended key usage is not that of a TLS server",
		Causes:  []Cause{{"the server certificate is not for TLS server authentication", []string{"OVPN055"}}}},
}
