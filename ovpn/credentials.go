package ovpn

import (
	"fmt"

	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

// The messages clients show for a profile without credentials.
const (
	noClientAuth = "No client-side authentication method is specified.  You must use either --cert/--key, --pkcs12, or --auth-user-pass"
	awsNoCreds   = "The config should have either cert and key or auth-user-pass specified."
)

// isClient reports a client profile: client, or pull (what OpenVPN
// checks credentials under).
func (p *Profile) isClient() bool { return p.Has("client") || p.Has("pull") }

// anchor returns where a finding about the whole profile points: the
// first of the options named that occurs, else the first directive, else
// the file's start.
func (p *Profile) anchor(names ...string) lint.Pos {
	for _, n := range names {
		if all := p.All(n); len(all) > 0 {
			return all[0].Pos
		}
	}
	if len(p.Directives) > 0 {
		return p.Directives[0].Pos
	}
	return lint.Pos{File: p.File, Line: 1, Col: 1}
}

// hasAny reports whether one of the options occurs.
func (p *Profile) hasAny(names ...string) bool {
	for _, n := range names {
		if p.Has(n) {
			return true
		}
	}
	return false
}

// certSource and keySource report whether the profile gives the client
// certificate and its key some way: inline or as a file, from the
// management interface, from the Windows store, a PKCS#11 token or a
// PKCS#12 file.
func (p *Profile) certSource() bool {
	return p.hasAny("cert", "management-external-cert", "pkcs12", "cryptoapicert", "pkcs11-id", "pkcs11-id-management")
}

func (p *Profile) keySource() bool {
	return p.hasAny("key", "management-external-key", "pkcs12", "cryptoapicert", "pkcs11-id", "pkcs11-id-management")
}

var noCredentials = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN010", Severity: lint.Error,
		Title:         "a client profile carries client credentials: cert and key, pkcs12 or auth-user-pass",
		Fix:           "add the client's certificate and key (<cert> and <key> blocks), a pkcs12 file, or auth-user-pass if the server checks user names and passwords",
		WindowsErrors: []string{noClientAuth, awsNoCreds},
		Citation:      srcOptionsC + "; " + manClientOptions + "; " + userWindowsTroubleshooting,
		Doc: "A client (client or pull) must authenticate itself: with a certificate and its key (cert and key, pkcs12, " +
			"cryptoapicert, a PKCS#11 token, or the management interface), or with a user name and password (auth-user-pass). " +
			"Without any, OpenVPN stops with \"No client-side authentication method is specified.  You must use either " +
			"--cert/--key, --pkcs12, or --auth-user-pass\" and the AWS client refuses to import the file with \"The config should " +
			"have either cert and key or auth-user-pass specified.\" AWS Client VPN profiles are judged by AWS010 and AWS020, which " +
			"know how the endpoint authenticates.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		p := in.Profile
		if in.aws() || !p.isClient() || p.certSource() || p.keySource() || p.Has("auth-user-pass") {
			return
		}
		r.Reportf(p.anchor("client", "pull"), "the client profile has no credentials: no cert and key, no pkcs12 and no auth-user-pass, so OpenVPN stops with \"No client-side authentication method is specified\"; expected <cert> and <key> blocks, a pkcs12 file or auth-user-pass")
	},
}

var halfPair = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN011", Severity: lint.Error,
		Title:         "cert and key come together",
		Fix:           "add the missing one: the client certificate (cert or <cert>) and its private key (key or <key>)",
		WindowsErrors: []string{"If you use one of --cert or --key, you must use them both"},
		Citation:      srcOptionsC + "; " + manTlsOptions + " (--cert, --key)",
		Doc: "A client that authenticates with a certificate needs the certificate and its private key. With only one of them " +
			"OpenVPN stops with \"If you use one of --cert or --key, you must use them both\". A pkcs12 file, cryptoapicert or a " +
			"PKCS#11 token provides both and is not judged here.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		p := in.Profile
		if !p.isClient() || p.hasAny("pkcs12", "cryptoapicert", "pkcs11-id", "pkcs11-id-management") {
			return
		}
		cert, key := p.Last("cert"), p.Last("key")
		switch {
		case cert != nil && key == nil && !p.Has("management-external-key"):
			r.Reportf(cert.Pos, "the profile gives the client certificate (cert) but no private key, so OpenVPN stops with \"If you use one of --cert or --key, you must use them both\"; expected a key or <key> with the certificate's private key")
		case key != nil && cert == nil && !p.Has("management-external-cert"):
			r.Reportf(key.Pos, "the profile gives a private key (key) but no client certificate, so OpenVPN stops with \"If you use one of --cert or --key, you must use them both\"; expected a cert or <cert> with the key's certificate")
		}
	},
}

var noCA = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN012", Severity: lint.Error,
		Title:         "a TLS client names the CA that issued the server's certificate",
		Fix:           "add a <ca> block with the certificate of the CA that issued the server's certificate (for AWS Client VPN, the CA chain of the server certificate)",
		WindowsErrors: []string{"You must define CA file (--ca) or CA path (--capath) and/or peer fingerprint verification (--peer-fingerprint)"},
		Citation:      srcOptionsC + " (check_ca_required); " + manTlsOptions + " (--ca, --peer-fingerprint)",
		Doc: "A TLS client verifies the server's certificate against the CA it is given (ca, capath, or the CA inside a pkcs12 " +
			"file) or against fingerprints (peer-fingerprint). Without any, OpenVPN stops with \"You must define CA file (--ca) or " +
			"CA path (--capath) and/or peer fingerprint verification (--peer-fingerprint)\".",
	},
	Run: func(in *Input, r *lint.Reporter) {
		p := in.Profile
		if !p.hasAny("client", "tls-client") || p.hasAny("ca", "capath", "pkcs12", "peer-fingerprint", "verify-hash") {
			return
		}
		r.Reportf(p.anchor("client", "tls-client"), "the TLS client names no CA: no ca, capath, pkcs12 or peer-fingerprint, so OpenVPN stops with \"You must define CA file (--ca)\"; expected a <ca> block with the CA that issued the server's certificate")
	},
}

// fileOptions are the options that read a certificate or key file, which
// a profile may instead carry inline.
var fileOptions = []string{"ca", "cert", "key", "pkcs12", "extra-certs", "tls-auth", "tls-crypt", "tls-crypt-v2", "secret", "crl-verify", "dh"}

var filePaths = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN013", Severity: lint.Info,
		Title:    "certificates and keys are inline, so the profile carries them wherever it is imported",
		Fix:      "paste the file's content into the profile as <ca>...</ca>, <cert>...</cert>, <key>...</key> (and so on), and delete the line that names the file",
		Citation: adminCvpnWorkingEndpointExport + "; " + manInlineFiles,
		Doc: "A profile that names its certificates and keys by path works only on the device where those files are, at those " +
			"paths. The AWS provided client and mobile clients import the profile alone, so the AWS guide has the certificate and " +
			"key pasted inline. aovpnlint reads a named file when it finds it next to the profile; this note says the profile depends on it.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		for _, name := range fileOptions {
			for _, d := range in.Profile.All(name) {
				if d.Inline != nil || d.Setenv || len(d.Args) == 0 {
					continue
				}
				r.Reportf(d.Args[0].Pos, "%s names the file %s, which the profile depends on wherever it is imported; expected <%s>...</%s> with the file's content, as the AWS client and mobile clients need",
					name, d.QuoteArg(0), name, name)
			}
		}
	},
}

var emptyPEM = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN020", Severity: lint.Error,
		Title:         "every inline certificate and key block holds PEM data, not a placeholder",
		Fix:           "paste the certificate, key or static key file into the block, from its -----BEGIN line to its -----END line",
		WindowsErrors: []string{"Cannot load inline certificate file", "Cannot load private key file"},
		Citation:      manInlineFiles + "; " + srcSslOpensslC + "; [observed] four samples of ../shared/reference/ovpn.md section 6",
		Doc: "Templates ship inline blocks to be filled in: empty, with empty PEM armour, or with template text between the BEGIN " +
			"and END lines (\"...\", \"# Paste contents of ca.crt here\", \"... provided by azure\"). OpenVPN then stops with " +
			"\"Cannot load inline certificate file\" or its equivalent for a key. The rule looks at the blocks whose content is PEM " +
			"(ca, cert, extra-certs, key, dh, crl-verify, tls-auth, tls-crypt, tls-crypt-v2, secret) and at pkcs12; whether a " +
			"certificate that is present decodes is the certificate checks' business.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		for _, d := range in.Profile.Directives {
			b := d.Inline
			if b == nil || !pemBlocks()[d.Name] && d.Name != "pkcs12" {
				continue
			}
			switch {
			case b.Blank:
				r.Reportf(b.Pos, "the <%s> block is empty; expected %s", d.Name, blockContent(d.Name))
				continue
			case d.Name == "pkcs12":
				continue
			case len(b.PEM) == 0 && b.MorePEM == 0:
				r.Reportf(b.Pos, "the <%s> block holds no PEM block (no -----BEGIN line); expected %s", d.Name, blockContent(d.Name))
				continue
			}
			for _, pb := range b.PEM {
				switch {
				case pb.Empty:
					r.Reportf(pb.Pos, "the %s block in <%s> is empty between its BEGIN and END lines; expected %s", pemName(pb.Label), d.Name, blockContent(d.Name))
				case pb.Placeholder.Line > 0:
					r.Reportf(pb.Placeholder, "the %s block in <%s> holds template text (%s) instead of encoded data; expected %s", pemName(pb.Label), d.Name, pb.PlaceholderText, blockContent(d.Name))
				}
			}
		}
	},
}

// pemName names a PEM block by its label when the label is plain, as a
// message shows it.
func pemName(label string) string {
	if isPlainLabel(label) || label == "OpenVPN Static key V1" {
		return label
	}
	return "PEM"
}

// blockContent says what an inline block should hold.
func blockContent(tag string) string {
	switch tag {
	case "ca":
		return "the certificate of the CA that issued the server's certificate, in PEM"
	case "cert":
		return "the client certificate in PEM"
	case "extra-certs":
		return "the intermediate CA certificates in PEM"
	case "key":
		return "the client certificate's private key in PEM"
	case "tls-auth", "tls-crypt", "secret":
		return "the OpenVPN static key the server uses (-----BEGIN OpenVPN Static key V1-----)"
	case "tls-crypt-v2":
		return "the client's tls-crypt-v2 key"
	case "crl-verify":
		return "the CRL in PEM"
	case "dh":
		return "the Diffie-Hellman parameters in PEM"
	case "pkcs12":
		return "the base64 of the PKCS#12 file"
	}
	return "its file's content"
}

var encryptedKey = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN041", Severity: lint.Info,
		Title:    "the inline private key is not encrypted, or someone is there to type its passphrase",
		Fix:      "keep the encrypted key if a user starts every connection and knows the passphrase; for unattended or AWS client use, decrypt it (openssl pkey -in key.pem -out key-plain.pem) and protect the profile instead",
		Citation: manTlsOptions + " (--key, --askpass); [observed] ../shared/reference/ovpn.md section 6",
		Doc: "An encrypted private key (-----BEGIN ENCRYPTED PRIVATE KEY-----, or a legacy key with Proc-Type: 4,ENCRYPTED) makes " +
			"OpenVPN ask for its passphrase at every start (or read it from askpass). A client started unattended cannot answer, " +
			"and whether the AWS provided client asks is not documented. This is a reminder, not a fault.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		k := in.Profile.Key
		if k == nil || !k.Encrypted {
			return
		}
		r.Reportf(k.Pos, "the private key in <key> is encrypted (%s): OpenVPN asks for its passphrase at every connection, which an unattended client cannot answer; expected an unencrypted key where no one types the passphrase", wording.Inline(encryptedKind(k)))
	},
}

// encryptedKind says how a key is encrypted.
func encryptedKind(k *Key) string {
	if k.Label == "ENCRYPTED PRIVATE KEY" {
		return "PKCS#8 ENCRYPTED PRIVATE KEY"
	}
	return fmt.Sprintf("%s with Proc-Type: 4,ENCRYPTED", k.Label)
}
