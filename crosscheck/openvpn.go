package crosscheck

import (
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"slices"
	"strings"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/ovpn"
)

// OpenVPN is what the rules that compare an OpenVPN profile with
// certificates look at: the profile, the certificates it carries (inline
// or in the files it names) and those given with it.
type OpenVPN struct {
	Profile *ovpn.Profile
	// Certs holds the profile's certificates with their roles — <ca>
	// RoleTrust (the CAs the client trusts for the server), the first
	// certificate of <cert> RoleClient, the others and <extra-certs>
	// RoleChain —, the server certificates given with the profile
	// (RoleVPN), every CRL (<crl-verify> and those given), and the time
	// they are judged at. Never nil.
	Certs *certcheck.Set
	// Client is the client certificate: the first of <cert> (or of the
	// file cert names); nil when there is none.
	Client *certcheck.Cert
	// Key is the client's private key (<key> or the file key names); nil
	// when there is none.
	Key *ovpn.Key
	// Missing are the files the profile names that could not be read
	// beside it.
	Missing []Reference
}

// Reference is a file an OpenVPN profile names (cert client.crt).
type Reference struct {
	// Directive names the file: its first argument is the path.
	Directive *ovpn.Directive
	// Why says why it was not read: "not beside the profile", "beside the
	// profile but too large to be read".
	Why string
}

// OpenVPNChecks lists the rules that compare an OpenVPN profile with its
// certificates, each with its ID. The rules on the profile alone are
// ovpn.Checks.
var OpenVPNChecks = []*lint.Check[*OpenVPN]{
	ovpnMissingFile,    // OVPN014
	ovpnKeyMatch,       // OVPN040
	ovpnClientValidity, // OVPN042
	ovpnClientEKU,      // OVPN043
	ovpnClientIssuer,   // OVPN044
	ovpnCAValidity,     // OVPN045
	ovpnWeakSignature,  // OVPN046
	ovpnSmallKey,       // OVPN047
	ovpnAWSClientCert,  // OVPN048
	ovpnCRLCurrent,     // OVPN049
	ovpnClientRevoked,  // OVPN052
	ovpnServerName,     // OVPN053
	ovpnServerIssuer,   // OVPN054
	ovpnServerEKU,      // OVPN055
}

// LintOpenVPN runs OpenVPNChecks.
func LintOpenVPN(in *OpenVPN) []lint.Finding { return lint.Run(OpenVPNChecks, in) }

const (
	citeTLSOptions = "OpenVPN 2.6 reference manual, TLS mode options (--ca, --cert, --key, --remote-cert-tls, --verify-x509-name, --crl-verify), https://openvpn.net/community-resources/reference-manual-for-openvpn-2-6/"
	citeOpenSSL3   = "OpenVPN 2.6 release notes, \"Common errors with OpenSSL 3.0\" (Changes.rst)"
	citeAWSAuth    = "AWS Client VPN Administrator Guide, Client authentication (mutual authentication), https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/client-authentication.html"
	citeAWSTrouble = "AWS Client VPN Administrator Guide, Troubleshooting Client VPN, https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/troubleshooting.html"
	citeAWSUserMac = "AWS Client VPN User Guide, Troubleshooting on macOS (Tunnelblick: extended key usage, expired certificate), https://docs.aws.amazon.com/vpn/latest/clientvpn-user/macos-troubleshooting.html"
)

var ovpnMissingFile = &lint.Check[*OpenVPN]{
	Rule: lint.Rule{
		ID: "OVPN014", Severity: lint.Warning,
		Title:         "the files the profile names are beside it",
		Fix:           "put the file beside the profile (paths are relative to the folder OpenVPN runs in, usually the profile's), or paste its content inline (<cert>…</cert>), which every client, the AWS client included, reads",
		WindowsErrors: []string{"Options error: --cert fails with", "No such file or directory"},
		Citation:      "OpenVPN 2.6 reference manual, inline files and --cd, https://openvpn.net/community-resources/reference-manual-for-openvpn-2-6/",
		Doc: "A relative path in the profile (cert client.crt) is read from the profile's folder, as a client started " +
			"there reads it. When it is not there, the certificates and keys it holds cannot be checked, and a client " +
			"that receives the profile alone cannot load it. Absolute paths are never read (they name the user's " +
			"machine, not this one); OVPN013 reminds of them. A file too large to be read is reported too, and so is " +
			"one the profile names when the files it already read hold, with it, more than one file may (32 MiB, or " +
			"10,000 certificates and CRLs; README, Hostile input).",
	},
	Run: func(in *OpenVPN, r *lint.Reporter) {
		for _, m := range in.Missing {
			d := m.Directive
			r.Report(lint.Finding{Pos: d.Args[0].Pos,
				Message: fmt.Sprintf("%s names the file %s, which is %s; expected the file, or its content inline as <%s>", d.Name, wording.Quote(d.Args[0].Value), m.Why, d.Name)})
		}
	},
}

var ovpnKeyMatch = &lint.Check[*OpenVPN]{
	Rule: lint.Rule{
		ID: "OVPN040", Severity: lint.Error,
		Title:         "the private key belongs to the client certificate",
		Fix:           "put in <key> the private key the client certificate was issued for (the one its request was made with), or issue a certificate for this key",
		WindowsErrors: []string{"Private key does not match the certificate", "Cannot load private key file"},
		Citation:      citeTLSOptions,
		Doc:           "The public key of the private key is compared with the client certificate's. OpenVPN checks the pair when it loads them and stops before connecting.",
	},
	Run: func(in *OpenVPN, r *lint.Reporter) {
		if in.Client == nil || in.Key == nil || in.Key.Public == nil {
			return
		}
		pub, ok := in.Key.Public.(interface{ Equal(crypto.PublicKey) bool })
		if !ok || pub.Equal(in.Client.PublicKey) {
			return
		}
		r.Report(lint.Finding{Pos: in.Key.Pos, Related: []lint.Related{relatedOVPN(in.Client, "client certificate")},
			Message: fmt.Sprintf("the private key does not belong to the client certificate %s: their public keys differ; expected the key the certificate was issued for", describeCert(in.Client.Certificate))})
	},
}

var ovpnClientValidity = &lint.Check[*OpenVPN]{
	Rule: lint.Rule{
		ID: "OVPN042", Severity: lint.Error,
		Title:         "the client certificate is valid at the evaluation time",
		Fix:           "issue a new client certificate (easyrsa build-client-full, or your CA) and put it and its key in the profile",
		WindowsErrors: []string{"Connection reset, restarting [0]", "SIGUSR1[soft,connection-reset] received, process restarting", "TLS Error: TLS handshake failed"},
		Citation:      citeAWSUserMac + "; " + citeAWSTrouble,
		Doc:           "The server refuses a client certificate outside its validity period; the client sees the connection reset and retries forever.",
	},
	Run: func(in *OpenVPN, r *lint.Reporter) {
		if in.Client == nil {
			return
		}
		if msg := validity(in.Client.Certificate, in.Certs); msg != "" {
			r.Report(lint.Finding{Pos: in.Client.Source.Pos,
				Message: fmt.Sprintf("the client certificate %s %s", describeCert(in.Client.Certificate), msg)})
		}
	},
}

// validity says how a certificate is out of its validity period at the
// set's time ("expired on 2026-01-01 00:00 UTC, ..."), or "" when it is
// valid.
func validity(c *x509.Certificate, s *certcheck.Set) string {
	now := s.Now()
	switch {
	case now.After(c.NotAfter):
		return fmt.Sprintf("expired on %s; expected valid at %s", c.NotAfter.UTC().Format(stamp), now.UTC().Format(stamp))
	case now.Before(c.NotBefore):
		return fmt.Sprintf("is valid only from %s; expected valid at %s", c.NotBefore.UTC().Format(stamp), now.UTC().Format(stamp))
	}
	return ""
}

const stamp = "2006-01-02 15:04 UTC"

var ovpnClientEKU = &lint.Check[*OpenVPN]{
	Rule: lint.Rule{
		ID: "OVPN043", Severity: lint.Error,
		Title:         "the client certificate is for TLS client authentication",
		Fix:           "issue the client certificate with the extended key usage TLS Web Client Authentication (easyrsa build-client-full, not build-server-full)",
		WindowsErrors: []string{"Connection reset, restarting [0]", "SIGUSR1[soft,connection-reset] received, process restarting"},
		Citation:      citeAWSUserMac + " (Extended key usage)",
		Doc: "A certificate whose extended key usage names purposes without TLS Web Client Authentication (a server " +
			"certificate put in <cert>) is refused by the server when it checks the client's purpose, as AWS Client VPN " +
			"and servers with remote-cert-tls client do. A certificate without the extension is not reported.",
	},
	Run: func(in *OpenVPN, r *lint.Reporter) {
		c := in.Client
		if c == nil || len(certcheck.EKUs(c.Certificate)) == 0 || certcheck.HasEKU(c.Certificate, certcheck.OIDClientAuth) || certcheck.HasEKU(c.Certificate, certcheck.OIDAllPurpose) {
			return
		}
		r.Report(lint.Finding{Pos: c.Source.Pos,
			Message: fmt.Sprintf("the client certificate %s is for %s, not TLS Web Client Authentication; expected a client certificate", describeCert(c.Certificate), ekuList(c.Certificate))})
	},
}

var ovpnClientIssuer = &lint.Check[*OpenVPN]{
	Rule: lint.Rule{
		ID: "OVPN044", Severity: lint.Warning,
		Title:         "the client certificate was issued by a CA of <ca>",
		Fix:           "put in <cert> a certificate issued by the CA the server trusts for clients; when the server (the Client VPN endpoint) trusts a separate client CA, this is expected and the finding can be suppressed",
		WindowsErrors: []string{"TLS Error: TLS key negotiation failed to occur within 60 seconds (check your network connectivity)", "TLS Error: TLS handshake failed"},
		Citation:      citeAWSAuth,
		Doc: "In most deployments (AWS Client VPN's mutual authentication with one CA, easy-rsa, openvpn-install) one " +
			"CA issues both the server and the client certificates, and <ca> holds it. A client certificate that " +
			"chains to none of <ca>'s certificates is refused by a server trusting only that CA. The server's client " +
			"CA is not in the file, so this is a warning.",
	},
	Run: func(in *OpenVPN, r *lint.Reporter) {
		c := in.Client
		if c == nil || !hasProfileRole(in.Certs, certcheck.RoleTrust) {
			return
		}
		ch := in.Certs.ChainOf(c)
		if ch == nil || ch.Trusted || ch.Stopped != "" || ch.Unchecked != "" {
			return
		}
		r.Report(lint.Finding{Pos: c.Source.Pos,
			Message: fmt.Sprintf("the client certificate %s, issued by %s, chains to no certificate of <ca>; expected one issued by the CA the server trusts", describeCert(c.Certificate), wording.Quote(certcheck.IssuerDN(c.Certificate)))})
	},
}

var ovpnCAValidity = &lint.Check[*OpenVPN]{
	Rule: lint.Rule{
		ID: "OVPN045", Severity: lint.Warning,
		Title:         "the CA certificates of the profile are valid at the evaluation time",
		Fix:           "download the profile again from the AWS console (or export it again) so that <ca> holds the current chain, or remove the expired certificate",
		WindowsErrors: []string{"VERIFY ERROR: depth=1, error=certificate has expired", "TLS Error: TLS handshake failed"},
		Citation:      citeAWSTrouble + " (server certificate expired)",
		Doc: "An expired CA in <ca> or <extra-certs> breaks the chain when the server's chain goes through it; a " +
			"profile may also hold an old intermediate the server no longer uses, hence a warning.",
	},
	Run: func(in *OpenVPN, r *lint.Reporter) {
		for _, c := range in.Certs.Certs {
			if c.Role != certcheck.RoleTrust && c.Role != certcheck.RoleChain || !fromProfile(in, c) {
				continue
			}
			if msg := validity(c.Certificate, in.Certs); msg != "" {
				r.Report(lint.Finding{Pos: c.Source.Pos,
					Message: fmt.Sprintf("the CA certificate %s %s", describeCert(c.Certificate), msg)})
			}
		}
	},
}

var ovpnWeakSignature = &lint.Check[*OpenVPN]{
	Rule: lint.Rule{
		ID: "OVPN046", Severity: lint.Error,
		Title:         "the profile's certificates are not signed with SHA-1 or MD5",
		Fix:           "issue the certificate again with SHA-256 (easyrsa: EASYRSA_DIGEST sha256)",
		WindowsErrors: []string{"OpenSSL: error:0A00018E:SSL routines::ca md too weak", "Cannot load certificate file"},
		Citation:      citeOpenSSL3,
		Doc: "OpenSSL 3, which OpenVPN 2.6 and current clients use, refuses at its default security level a " +
			"certificate signed with SHA-1 or MD5. Self-signed roots are not reported: their own signature is not checked.",
	},
	Run: func(in *OpenVPN, r *lint.Reporter) {
		for _, c := range in.Certs.Certs {
			if !fromProfile(in, c) || selfSigned(c.Certificate) || !certcheck.WeakSignature(c.SignatureAlgorithm) {
				continue
			}
			r.Report(lint.Finding{Pos: c.Source.Pos,
				Message: fmt.Sprintf("the %s certificate %s is signed with %s, which OpenSSL 3 refuses; expected SHA-256 or stronger", ovpnRole(c), describeCert(c.Certificate), c.SignatureAlgorithm)})
		}
	},
}

func selfSigned(c *x509.Certificate) bool {
	return string(c.RawSubject) == string(c.RawIssuer)
}

var ovpnSmallKey = &lint.Check[*OpenVPN]{
	Rule: lint.Rule{
		ID: "OVPN047", Severity: lint.Warning,
		Title:         "the profile's RSA keys have at least 2048 bits",
		Fix:           "issue the certificate again with a 2048-bit (or larger) RSA key",
		WindowsErrors: []string{"OpenSSL: error:0A00018F:SSL routines::ee key too small"},
		Citation:      citeOpenSSL3 + "; " + citeAWSAuth,
		Doc: "OpenSSL 3 at its default security level refuses RSA keys under 2048 bits; AWS Client VPN still lists " +
			"1024-bit keys as supported, so which side complains depends on the client: a warning.",
	},
	Run: func(in *OpenVPN, r *lint.Reporter) {
		for _, c := range in.Certs.Certs {
			if !fromProfile(in, c) {
				continue
			}
			if k, ok := c.PublicKey.(*rsa.PublicKey); ok && k.N.BitLen() < 2048 {
				r.Report(lint.Finding{Pos: c.Source.Pos,
					Message: fmt.Sprintf("the %s certificate %s has an RSA key of %d bits, which OpenSSL 3 refuses; expected 2048 bits or more", ovpnRole(c), describeCert(c.Certificate), k.N.BitLen())})
			}
		}
	},
}

var ovpnAWSClientCert = &lint.Check[*OpenVPN]{
	Rule: lint.Rule{
		ID: "OVPN048", Severity: lint.Warning,
		Title:         "the client certificate meets AWS Client VPN's requirements",
		Fix:           "issue the client certificate with an RSA 2048-bit key and a common name (CN) in its subject",
		WindowsErrors: []string{"TLS Error: TLS handshake failed"},
		Citation:      citeAWSAuth,
		Doc: "AWS Client VPN documents client certificates with RSA keys of 1024 or 2048 bits and a subject with a " +
			"common name. Checked for AWS Client VPN profiles only; other keys may work today, hence a warning.",
	},
	Run: func(in *OpenVPN, r *lint.Reporter) {
		c := in.Client
		if c == nil || !in.Profile.AWS() {
			return
		}
		var why []string
		if k, ok := c.PublicKey.(*rsa.PublicKey); !ok {
			why = append(why, "its key is "+certcheck.PublicKeyInfo(c.Certificate).String()+", not RSA")
		} else if b := k.N.BitLen(); b != 1024 && b != 2048 {
			why = append(why, fmt.Sprintf("its RSA key has %d bits, not 1024 or 2048", b))
		}
		if c.Subject.CommonName == "" {
			why = append(why, "its subject has no common name (CN)")
		}
		if len(why) > 0 {
			r.Report(lint.Finding{Pos: c.Source.Pos,
				Message: fmt.Sprintf("the client certificate %s does not meet AWS Client VPN's requirements: %s; expected an RSA 1024- or 2048-bit key and a CN", describeCert(c.Certificate), strings.Join(why, ", "))})
		}
	},
}

var ovpnCRLCurrent = &lint.Check[*OpenVPN]{
	Rule: lint.Rule{
		ID: "OVPN049", Severity: lint.Error,
		Title:         "the CRLs are current at the evaluation time",
		Fix:           "publish a new CRL (easyrsa gen-crl) and import it again (aws ec2 import-client-vpn-client-certificate-revocation-list), or put the new one in <crl-verify>",
		WindowsErrors: []string{"TLS Error: TLS key negotiation failed to occur within 60 seconds (check your network connectivity)", "TLS Error: TLS handshake failed", "Connection failed because of a TLS handshake error."},
		Citation:      citeAWSTrouble + " (client CRL expired: openssl crl -nextupdate)",
		Doc: "A CRL past its nextUpdate makes the side that checks it refuse every certificate of its CA: the Client " +
			"VPN endpoint with an expired client CRL (given with --crl), the client with an expired <crl-verify>.",
	},
	Run: func(in *OpenVPN, r *lint.Reporter) {
		now := in.Certs.Now()
		for _, l := range in.Certs.CRLs {
			if l.NextUpdate.IsZero() || !now.After(l.NextUpdate) {
				continue
			}
			r.Report(lint.Finding{Pos: l.Source.Pos,
				Message: fmt.Sprintf("the CRL of %s was due to be replaced on %s; expected a CRL current at %s", wording.Quote(certcheck.CRLIssuerDN(l.RevocationList)), l.NextUpdate.UTC().Format(stamp), now.UTC().Format(stamp))})
		}
	},
}

var ovpnClientRevoked = &lint.Check[*OpenVPN]{
	Rule: lint.Rule{
		ID: "OVPN052", Severity: lint.Error,
		Title:         "the client certificate is not revoked by the CRLs given",
		Fix:           "issue a new client certificate and put it and its key in the profile",
		WindowsErrors: []string{"TLS Error: TLS handshake failed", "Connection reset, restarting [0]"},
		Citation:      citeAWSTrouble + "; " + citeTLSOptions,
		Doc:           "A CRL of the client certificate's issuer (given with --crl, as imported on the Client VPN endpoint) that lists its serial number makes the server refuse it.",
	},
	Run: func(in *OpenVPN, r *lint.Reporter) {
		c := in.Client
		if c == nil {
			return
		}
		for _, l := range in.Certs.CRLs {
			if string(l.RawIssuer) != string(c.RawIssuer) {
				continue
			}
			for _, e := range l.RevokedCertificateEntries {
				if e.SerialNumber != nil && e.SerialNumber.Cmp(c.SerialNumber) == 0 {
					r.Report(lint.Finding{Pos: c.Source.Pos, Related: []lint.Related{{Pos: l.Source.Pos, Message: "the CRL that lists it"}},
						Message: fmt.Sprintf("the client certificate %s is revoked: the CRL of %s lists its serial number, revoked on %s; expected a certificate that is not revoked", describeCert(c.Certificate), wording.Quote(certcheck.CRLIssuerDN(l.RevocationList)), e.RevocationTime.UTC().Format(stamp))})
					return
				}
			}
		}
	},
}

var ovpnServerName = &lint.Check[*OpenVPN]{
	Rule: lint.Rule{
		ID: "OVPN053", Severity: lint.Error,
		Title:         "the server certificate has the name verify-x509-name asks for",
		Fix:           "write in verify-x509-name the common name of the server certificate (AWS exports write the CN of the endpoint's server certificate), or issue the server certificate with that name",
		WindowsErrors: []string{"VERIFY X509NAME ERROR", "TLS Error: TLS handshake failed"},
		Citation:      citeTLSOptions + " (--verify-x509-name name type)",
		Doc: "Checked when the server certificate is given (--vpn-cert). With type name the common name must equal " +
			"the value, with name-prefix start with it. The type subject (the default) compares the whole subject " +
			"in OpenVPN's own format, which is not reproduced here; it is not checked.",
	},
	Run: func(in *OpenVPN, r *lint.Reporter) {
		d := in.Profile.Last("verify-x509-name")
		if d == nil || len(d.Args) < 2 {
			return
		}
		want, kind := d.Args[0].Value, d.Args[1].Value
		if kind != "name" && kind != "name-prefix" {
			return
		}
		for _, s := range in.Certs.WithRole(certcheck.RoleVPN) {
			cn := s.Subject.CommonName
			if cn == want || kind == "name-prefix" && strings.HasPrefix(cn, want) {
				continue
			}
			r.Report(lint.Finding{Pos: d.Args[0].Pos, Related: []lint.Related{relatedOVPN(s, "server certificate")},
				Message: fmt.Sprintf("verify-x509-name asks for a server certificate whose common name %s %s, but the server certificate's is %s; expected the names to agree", map[string]string{"name": "is", "name-prefix": "starts with"}[kind], wording.Quote(want), wording.Quote(cn))})
		}
	},
}

var ovpnServerIssuer = &lint.Check[*OpenVPN]{
	Rule: lint.Rule{
		ID: "OVPN054", Severity: lint.Error,
		Title:         "the server certificate chains to a CA of <ca>",
		Fix:           "put in <ca> the CA that issued the server certificate (for an ACM-issued certificate, the Amazon chain; download the profile again from the console)",
		WindowsErrors: []string{"VERIFY ERROR: depth=0, error=unable to get local issuer certificate", "TLS Error: TLS handshake failed"},
		Citation:      citeTLSOptions + " (--ca)",
		Doc:           "Checked when the server certificate is given (--vpn-cert): the client verifies it against <ca> (and <extra-certs>) only, never against the system's store.",
	},
	Run: func(in *OpenVPN, r *lint.Reporter) {
		ca := in.Profile.Last("ca")
		if ca == nil {
			return
		}
		for _, s := range in.Certs.WithRole(certcheck.RoleVPN) {
			ch := in.Certs.ChainOf(s)
			if ch == nil || ch.Trusted || ch.Stopped != "" || ch.Unchecked != "" {
				continue
			}
			r.Report(lint.Finding{Pos: ca.Pos, Related: []lint.Related{relatedOVPN(s, "server certificate")},
				Message: fmt.Sprintf("the server certificate %s, issued by %s, chains to no certificate of <ca>; expected <ca> to hold its CA", describeCert(s.Certificate), wording.Quote(certcheck.IssuerDN(s.Certificate)))})
		}
	},
}

var ovpnServerEKU = &lint.Check[*OpenVPN]{
	Rule: lint.Rule{
		ID: "OVPN055", Severity: lint.Error,
		Title:         "with remote-cert-tls server, the server certificate is for TLS server authentication",
		Fix:           "issue the server certificate with the extended key usage TLS Web Server Authentication and the key usage digitalSignature (and keyEncipherment for RSA), as easyrsa build-server-full does",
		WindowsErrors: []string{"VERIFY EKU ERROR", "VERIFY KU ERROR", "TLS Error: TLS handshake failed"},
		Citation:      citeTLSOptions + " (--remote-cert-tls)",
		Doc:           "Checked when the server certificate is given (--vpn-cert): remote-cert-tls server requires TLS Web Server Authentication in its extended key usage.",
	},
	Run: func(in *OpenVPN, r *lint.Reporter) {
		d := in.Profile.Last("remote-cert-tls")
		if d == nil || len(d.Args) == 0 || d.Args[0].Value != "server" {
			return
		}
		for _, s := range in.Certs.WithRole(certcheck.RoleVPN) {
			if certcheck.HasEKU(s.Certificate, certcheck.OIDServerAuth) {
				continue
			}
			what := "no extended key usage"
			if len(certcheck.EKUs(s.Certificate)) > 0 {
				what = "the extended key usage " + ekuList(s.Certificate)
			}
			r.Report(lint.Finding{Pos: d.Pos, Related: []lint.Related{relatedOVPN(s, "server certificate")},
				Message: fmt.Sprintf("remote-cert-tls server asks for a certificate for TLS Web Server Authentication, but the server certificate %s has %s; expected TLS Web Server Authentication", describeCert(s.Certificate), what)})
		}
	},
}

// hasProfileRole reports whether the set holds a certificate of the role.
func hasProfileRole(s *certcheck.Set, role certcheck.Role) bool {
	return slices.ContainsFunc(s.Certs, func(c *certcheck.Cert) bool { return c.Role == role })
}

// fromProfile reports whether a certificate came with the profile (inline
// or from a file it names) rather than with --vpn-cert.
func fromProfile(_ *OpenVPN, c *certcheck.Cert) bool { return c.Role != certcheck.RoleVPN }

// ovpnRole names a certificate's place in an OpenVPN profile.
func ovpnRole(c *certcheck.Cert) string {
	switch c.Role {
	case certcheck.RoleTrust:
		return "CA"
	case certcheck.RoleChain:
		return "intermediate"
	case certcheck.RoleClient:
		return "client"
	}
	return "server"
}

// relatedOVPN points at a certificate the finding is about.
func relatedOVPN(c *certcheck.Cert, what string) lint.Related {
	return lint.Related{Pos: c.Source.Pos, Message: what + " " + describeCert(c.Certificate)}
}

// ekuList names a certificate's extended key usages with their OIDs, as
// OpenVPN's log shows them, for messages.
func ekuList(c *x509.Certificate) string {
	var names []string
	for _, o := range certcheck.EKUs(c) {
		names = append(names, certcheck.EKUName(o))
	}
	return wording.Some(names, ", ")
}
