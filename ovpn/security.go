package ovpn

import (
	"fmt"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

// defaultDataCiphers is OpenVPN 2.6's default data-ciphers.
const defaultDataCiphers = "AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305"

var noServerCheck = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN060", Severity: lint.Warning,
		Title:    "the client checks that the server's certificate is a server's",
		Fix:      "add remote-cert-tls server (and verify-x509-name with the server certificate's name where it is known)",
		Citation: manTlsOptions + " (--remote-cert-tls, --verify-x509-name)",
		Doc: "Every certificate the CA issued passes the chain check, client certificates included: without remote-cert-tls " +
			"server (key usage and the TLS Web Server Authentication purpose), verify-x509-name, peer-fingerprint, tls-verify or " +
			"remote-cert-eku, another client holding a certificate from the same CA can pose as the server (a man in the middle). " +
			"ns-cert-type also checks the server, and is reported by OVPN065.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		p := in.Profile
		if !p.hasAny("client", "tls-client") || p.hasAny("remote-cert-tls", "verify-x509-name", "peer-fingerprint", "tls-verify", "remote-cert-eku", "ns-cert-type", "verify-hash") {
			return
		}
		r.Reportf(p.anchor("client", "tls-client"), "the client does not check that the server's certificate is a server's (no remote-cert-tls, verify-x509-name or peer-fingerprint), so another client of the same CA can pose as the server; expected remote-cert-tls server")
	},
}

// cipherList returns the ciphers of a data-ciphers value, as written.
func cipherList(v string) []string { return strings.Split(v, ":") }

// dataCiphers returns the data-ciphers (or ncp-ciphers) that take effect.
func (p *Profile) dataCiphers() *Directive {
	d := p.Last("data-ciphers")
	if nd := p.Last("ncp-ciphers"); nd != nil && (d == nil || d.Pos.Before(nd.Pos)) {
		d = nd
	}
	return d
}

var blowfish = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN061", Severity: lint.Warning,
		Title:    "no data cipher is BF-CBC",
		Fix:      "use AES-256-GCM (delete cipher BF-CBC, or replace it); if the server is older than OpenVPN 2.4, upgrade it",
		Citation: manCipherNegotiation + "; " + citeChanges + " (2.5 \"Removal of BF-CBC support in default configuration\", 2.6 \"Common errors with OpenSSL 3.0\")",
		WindowsErrors: []string{"Cipher algorithm 'BF-CBC' not found", "Unsupported cipher in --data-ciphers: BF-CBC",
			"OPTIONS ERROR: failed to negotiate cipher with server.  Add the server's cipher ('BF-CBC') to --data-ciphers"},
		Doc: "BF-CBC, OpenVPN's default before 2.5, has a 64-bit block (SWEET32). OpenSSL 3 builds, as OpenVPN 2.6 ships on " +
			"Windows, leave it out unless the legacy provider is loaded, and then stop with \"Cipher algorithm 'BF-CBC' not found\" " +
			"or \"Unsupported cipher in --data-ciphers: BF-CBC\"; against a server that only speaks BF-CBC the client says " +
			"\"failed to negotiate cipher with server\". Whether the server is such a legacy server cannot be seen in the file, so a " +
			"profile without any cipher is not reported.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		for _, name := range []string{"cipher", "data-ciphers", "ncp-ciphers", "data-ciphers-fallback"} {
			for _, d := range in.Profile.All(name) {
				if len(d.Args) == 0 {
					continue
				}
				for _, c := range cipherList(d.Args[0].Value) {
					if strings.EqualFold(c, "BF-CBC") {
						r.Reportf(d.Args[0].Pos, "%s names BF-CBC, a 64-bit block cipher that OpenSSL 3 builds of OpenVPN 2.6 leave out (\"Cipher algorithm 'BF-CBC' not found\"); expected AES-256-GCM", name)
						break
					}
				}
			}
		}
	},
}

var cipherIgnored = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN062", Severity: lint.Warning,
		Title:         "a cipher outside OpenVPN 2.6's default data-ciphers is listed in data-ciphers",
		Fix:           "add data-ciphers with the cipher the server uses, e.g. data-ciphers AES-256-GCM:AES-128-GCM:AES-256-CBC, or delete the cipher line",
		WindowsErrors: []string{"DEPRECATED OPTION: --cipher set to", "but missing in --data-ciphers"},
		Citation:      manProtocolOptions + " (--cipher); " + manCipherNegotiation + "; " + srcOptionsC,
		Doc: "OpenVPN 2.6 negotiates the data cipher from data-ciphers (default " + defaultDataCiphers + ") and ignores cipher " +
			"for negotiation, with \"DEPRECATED OPTION: --cipher set to '<cipher>' but missing in --data-ciphers (...). OpenVPN " +
			"ignores --cipher for cipher negotiations.\" A profile written for an older client (cipher AES-256-CBC) therefore no " +
			"longer offers that cipher; a server that accepts only it refuses the client. BF-CBC is OVPN061.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		p := in.Profile
		d := p.Last("cipher")
		if d == nil || len(d.Args) != 1 || p.dataCiphers() != nil {
			return
		}
		c := d.Args[0].Value
		if strings.EqualFold(c, "BF-CBC") || strings.EqualFold(c, "none") {
			return
		}
		for _, def := range cipherList(defaultDataCiphers) {
			if strings.EqualFold(c, def) {
				return
			}
		}
		r.Reportf(d.Args[0].Pos, "cipher %s is not among OpenVPN 2.6's default data-ciphers (%s) and the profile has no data-ciphers, so OpenVPN 2.6 ignores it (\"DEPRECATED OPTION: --cipher set to ... but missing in --data-ciphers\"); expected data-ciphers listing it, or no cipher line",
			d.QuoteArg(0), defaultDataCiphers)
	},
}

var compression = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN063", Severity: lint.Warning,
		Title:    "the profile does not enable compression",
		Fix:      "delete comp-lzo, compress and allow-compression yes, on the server too; if the server still pushes compression, remove it there",
		Citation: manProtocolOptions + " (--compress, --comp-lzo, --allow-compression); " + citeChanges,
		WindowsErrors: []string{"WARNING: Compression for receiving enabled. Compression has been used in the past to break encryption.",
			"OPTIONS ERROR: server pushed compression settings that are not allowed and will result in a non-working connection."},
		Doc: "Compression inside the tunnel lets an attacker who controls part of the traffic learn the rest (VORACLE). OpenVPN " +
			"2.5 deprecated comp-lzo and compress; 2.6 sets allow-compression no unless a compression option is present, then " +
			"receives compressed packets only, with \"WARNING: Compression for receiving enabled\". A server that pushes compression " +
			"the client does not allow ends the connection with \"OPTIONS ERROR: server pushed compression settings that are not " +
			"allowed and will result in a non-working connection.\"",
	},
	Run: func(in *Input, r *lint.Reporter) {
		for _, name := range []string{"comp-lzo", "compress", "allow-compression"} {
			for _, d := range in.Profile.All(name) {
				if name == "allow-compression" && (len(d.Args) == 0 || d.Args[0].Value == "no") {
					continue
				}
				r.Reportf(d.Pos, "%s enables compression, which OpenVPN 2.5 deprecated (it weakens the encryption, VORACLE) and 2.6 allows only for receiving; expected no compression option", describe(d))
			}
		}
	},
}

// describe shows an option with its first parameter: "comp-lzo yes".
func describe(d *Directive) string {
	if len(d.Args) == 0 {
		return d.Name
	}
	return d.Name + " " + wording.Inline(d.Args[0].Value)
}

var removedOption = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN064", Severity: lint.Error,
		Title:         "no option OpenVPN 2.5 or 2.6 removed",
		Fix:           "delete the option, or replace it as the finding says",
		WindowsErrors: []string{unrecognized, "REMOVED OPTION"},
		Citation:      manUnsupportedOptions + "; " + citeChanges,
		Doc: "OpenVPN 2.5 and 2.6 removed options that current clients now refuse with \"Unrecognized option or missing or extra " +
			"parameter(s)\": ncp-disable, tls-remote, key-method, no-iv, ifconfig-pool-linear, keysize, management-client-pf " +
			"(client-cert-not-required stops with \"REMOVED OPTION\"). The manual also lists prng and no-replay as removed, but " +
			"2.6.22 still accepts them (prng is ignored with a notice), so they are not reported; ns-cert-type is OVPN065.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		for _, d := range in.Profile.Directives {
			rm, ok := removed()[d.Name]
			if !ok || d.Setenv || d.Inline != nil {
				continue
			}
			r.Reportf(d.Pos, "%s was removed in OpenVPN %s and current clients refuse the file; expected %s", d.Name, rm.release, rm.instead)
		}
	},
}

var nsCertType = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN065", Severity: lint.Warning,
		Title:         "the server's certificate is checked with remote-cert-tls, not ns-cert-type",
		Fix:           "replace ns-cert-type server with remote-cert-tls server (the server's certificate must then carry key usage and the TLS Web Server Authentication purpose)",
		WindowsErrors: []string{"--ns-cert-type is not available with mbedtls."},
		Citation:      manUnsupportedOptions + "; " + srcOptionsC,
		Doc: "ns-cert-type checks the Netscape certificate type extension, which current certificate authorities no longer write. " +
			"The manual lists it as removed in 2.5; 2.6 builds on OpenSSL still accept it as deprecated, builds on mbed TLS stop " +
			"with \"--ns-cert-type is not available with mbedtls.\", and clients based on OpenVPN 3 were not checked.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		for _, d := range in.Profile.All("ns-cert-type") {
			if !d.Setenv {
				r.Reportf(d.Pos, "ns-cert-type is deprecated: OpenVPN builds on mbed TLS refuse it and current CAs do not write the extension it checks; expected remote-cert-tls server")
			}
		}
	},
}

var tlsAuthDirection = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN066", Severity: lint.Warning,
		Title:    "tls-auth has a key direction",
		Fix:      "add key-direction 1 (the usual client value, the server using 0), or the direction after the file name: tls-auth ta.key 1",
		Citation: manProtocolOptions + " (--key-direction, --secret); " + srcSslPktC,
		WindowsErrors: []string{"TLS Error: cannot locate HMAC in incoming packet from",
			"TLS Error: incoming packet authentication failed from"},
		Doc: "The two sides of tls-auth must use complementary key directions (the server 0, the client 1) or both none. An " +
			"inline <tls-auth> block cannot carry the direction, so key-direction gives it. A client without a direction talks to " +
			"a server with one only to see \"TLS Error: cannot locate HMAC in incoming packet\" or \"TLS Error: incoming packet " +
			"authentication failed\". The server's side cannot be seen in the file, hence a warning.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		p := in.Profile
		if p.Has("key-direction") {
			return
		}
		for _, d := range p.All("tls-auth") {
			if d.Setenv || len(d.Args) >= 2 {
				continue
			}
			how := "an inline <tls-auth> block"
			if d.Inline == nil {
				how = fmt.Sprintf("tls-auth %s", d.QuoteArg(0))
			}
			r.Reportf(d.Pos, "%s without a key direction and no key-direction option: if the server uses direction 0, as servers usually do, every packet fails its HMAC check; expected key-direction 1", how)
		}
	},
}

var strayDirection = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN067", Severity: lint.Info,
		Title:    "key-direction comes with tls-auth or secret",
		Fix:      "delete key-direction, or add the <tls-auth> block the profile was meant to carry",
		Citation: manProtocolOptions + " (--key-direction); [observed] a template of ../shared/reference/ovpn.md",
		Doc: "key-direction only gives the direction of a tls-auth or secret key. Without either it does nothing, which often " +
			"means that the <tls-auth> block a template meant to carry was left out.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		p := in.Profile
		if p.hasAny("tls-auth", "secret") {
			return
		}
		for _, d := range p.All("key-direction") {
			r.Reportf(d.Pos, "key-direction without tls-auth or secret has no effect; expected the <tls-auth> block it is for, or no key-direction")
		}
	},
}

var tlsAuthAndCrypt = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN068", Severity: lint.Error,
		Title:         "only one of tls-auth, tls-crypt and tls-crypt-v2",
		Fix:           "keep the one the server uses (tls-crypt or tls-crypt-v2 on current servers) and delete the others",
		WindowsErrors: []string{"--tls-auth and --tls-crypt are mutually exclusive", "--tls-crypt-v2, --tls-auth and --tls-crypt are mutually exclusive in client mode"},
		Citation:      manTlsOptions + " (--tls-auth, --tls-crypt, --tls-crypt-v2); " + srcOptionsC,
		Doc: "tls-auth authenticates the control channel, tls-crypt authenticates and encrypts it, tls-crypt-v2 does so with a " +
			"key per client. OpenVPN stops when a profile has two of them: \"--tls-auth and --tls-crypt are mutually exclusive\".",
	},
	Run: func(in *Input, r *lint.Reporter) {
		p := in.Profile
		var have []*Directive
		for _, name := range []string{"tls-auth", "tls-crypt", "tls-crypt-v2"} {
			if d := p.Last(name); d != nil && !d.Setenv {
				have = append(have, d)
			}
		}
		if len(have) < 2 {
			return
		}
		f := lint.Finding{Pos: have[1].Pos, Message: fmt.Sprintf("the profile has both %s and %s, which OpenVPN refuses (\"mutually exclusive\"); expected only the one the server uses", have[0].Name, have[1].Name)}
		for _, d := range have {
			if d != have[1] {
				f.Related = append(f.Related, lint.Related{Pos: d.Pos, Message: d.Name + " is here"})
			}
		}
		r.Report(f)
	},
}

var weakTLS = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN069", Severity: lint.Warning,
		Title:         "TLS 1.2 or later, with AEAD cipher suites",
		Fix:           "use tls-version-min 1.2 (or delete it: 1.2 is OpenVPN 2.6's default) and delete tls-version-max and a tls-cipher that lists only CBC suites",
		WindowsErrors: []string{"TLS error: Unsupported protocol. This typically indicates that client and server have no common TLS version enabled."},
		Citation:      manTlsOptions + " (--tls-version-min, --tls-cipher); " + citeChanges + " (2.6: default minimum TLS 1.2)",
		Doc: "OpenVPN 2.6 requires TLS 1.2 by default and OpenSSL 3 refuses older protocols at its default security level; a " +
			"profile that allows only TLS 1.0 or 1.1, or only CBC suites, fails against current servers with \"TLS error: " +
			"Unsupported protocol\" or a handshake failure, and weakens the connection where it still works.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		p := in.Profile
		for _, name := range []string{"tls-version-min", "tls-version-max"} {
			if d := p.Last(name); d != nil && len(d.Args) > 0 && (d.Args[0].Value == "1.0" || d.Args[0].Value == "1.1") {
				r.Reportf(d.Args[0].Pos, "%s %s allows TLS below 1.2, which OpenVPN 2.6 and OpenSSL 3 peers refuse; expected 1.2 or later", name, d.QuoteArg(0))
			}
		}
		if d := p.Last("tls-cipher"); d != nil && len(d.Args) == 1 {
			if legacyOnly(cipherList(d.Args[0].Value)) {
				r.Reportf(d.Args[0].Pos, "tls-cipher lists only CBC or legacy suites, which current servers no longer offer; expected GCM or CHACHA20-POLY1305 suites, or no tls-cipher")
			}
		}
	},
}

// legacyOnly reports a tls-cipher list whose suites are all CBC or older
// (by their names: CBC, RC4, DES, MD5, NULL, EXPORT, or an OpenSSL name
// ending in -SHA, -SHA256 or -SHA384 without GCM, CCM or CHACHA20).
// Exclusions (!x, -x), additions (+x), @SECLEVEL and keywords such as
// DEFAULT or HIGH make the list not judged.
func legacyOnly(suites []string) bool {
	legacy := 0
	for _, s := range suites {
		if s == "" || strings.ContainsAny(s[:1], "!-+@") {
			continue
		}
		u := strings.ToUpper(s)
		switch {
		case strings.Contains(u, "GCM") || strings.Contains(u, "CHACHA20") || strings.Contains(u, "CCM"):
			return false
		case strings.Contains(u, "CBC") || strings.Contains(u, "RC4") || strings.Contains(u, "DES") || strings.Contains(u, "MD5") ||
			strings.Contains(u, "NULL") || strings.Contains(u, "EXPORT") ||
			strings.HasSuffix(u, "-SHA") || strings.HasSuffix(u, "-SHA256") || strings.HasSuffix(u, "-SHA384"):
			legacy++
		default:
			return false
		}
	}
	return legacy > 0
}
