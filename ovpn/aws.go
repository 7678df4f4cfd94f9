package ovpn

import (
	"net/netip"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

// Auths are the values of Options.Auth besides "": how an AWS Client VPN
// endpoint authenticates clients.
var Auths = []string{"mutual", "ad", "ad-mfa", "saml"}

// aws reports whether the AWS rules apply: the profile is for AWS Client
// VPN, or the administrator said how the endpoint authenticates.
func (in *Input) aws() bool { return in.Opts.Auth != "" || in.Profile.AWS() }

// userPassAuth reports an endpoint that asks for a user name and password:
// Active Directory (with or without MFA) or SAML.
func (o Options) userPassAuth() bool {
	return o.Auth == "ad" || o.Auth == "ad-mfa" || o.Auth == "saml"
}

// The AWS documents the rules cite: constants, so that the citations built
// from them are laid out when the program is built.
const (
	citeTroubleshooting = adminTroubleshooting
	citeExport          = adminCvpnWorkingEndpointExport
	citeClientAuth      = adminClientAuthentication
	citeBestPractices   = adminWhatIsBestPractices
	citeWhatIs          = adminWhatIs
)

// awsRemotes returns the remote options of the profile with a host.
func awsRemotes(p *Profile) []*Directive {
	var out []*Directive
	for _, d := range p.All("remote") {
		if len(d.Args) > 0 && !d.Setenv {
			out = append(out, d)
		}
	}
	return out
}

var noPrefix = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "AWS001", Severity: lint.Warning,
		Title:         "the Client VPN endpoint name has a label in front, for clients that ignore remote-random-hostname",
		Fix:           "put any random label and a dot in front of the host name: remote asdfa.cvpn-endpoint-...",
		WindowsErrors: []string{"DNS resolve error on", "No such host is known", "Host not found (authoritative)", "CONNECTION_TIMEOUT [FATAL-ERR]"},
		Citation:      citeTroubleshooting + " (\"Unable to resolve Client VPN endpoint DNS name\"); " + userWindowsTroubleshooting,
		Doc: "The endpoint's name, cvpn-endpoint-<id>.prod.clientvpn.<region>.amazonaws.com, resolves only with a label in front; " +
			"remote-random-hostname adds a random one, but some clients ignore it (OpenVPN Connect on Windows and macOS, " +
			"according to AWS) and fail with \"Transport Error: DNS resolve error on '<host>' for UDP session: No such host is " +
			"known.\" or \"Host not found (authoritative)\". AWS's fix is to write a label in front yourself.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		if !in.aws() {
			return
		}
		for _, d := range awsRemotes(in.Profile) {
			host := strings.ToLower(d.Args[0].Value)
			if AWSHost(host) && strings.HasPrefix(host, "cvpn-endpoint-") {
				r.Reportf(d.Args[0].Pos, "remote host %s has no label in front, so clients that ignore remote-random-hostname fail with \"DNS resolve error ... No such host is known\"; expected a random label in front, e.g. asdfa.%s",
					d.QuoteArg(0), wording.InlineN(d.Args[0].Value, 100))
			}
		}
	},
}

var noRandomHostname = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "AWS002", Severity: lint.Warning,
		Title:    "an AWS Client VPN profile has remote-random-hostname",
		Fix:      "add remote-random-hostname, as AWS exports it",
		Citation: citeExport + "; " + manClientOptions + " (--remote-random-hostname)",
		Doc: "AWS exports every profile with remote-random-hostname: the client puts a random label in front of the endpoint's " +
			"name at each connection, which defeats DNS caching of the endpoint's changing addresses. Without it, a client keeps " +
			"using a cached address.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		p := in.Profile
		if !in.aws() || p.Has("remote-random-hostname") {
			return
		}
		for _, d := range awsRemotes(p) {
			if AWSHost(d.Args[0].Value) {
				r.Reportf(d.Pos, "the profile has no remote-random-hostname, which AWS exports with every profile to defeat DNS caching of the endpoint's name; expected remote-random-hostname")
				return
			}
		}
	},
}

var notEndpointName = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "AWS003", Severity: lint.Warning,
		Title:    "remote names the Client VPN endpoint by its DNS name",
		Fix:      "write the endpoint's DNS name (from the console or the exported file) in remote, not an IP address or a name of your own",
		Citation: citeBestPractices + " (\"Connection and DNS requirements\")",
		Doc: "Recent AWS provided clients check that the address they connect to is one the endpoint's own name resolves to " +
			"(a TunnelCrack mitigation); an IP address, a CNAME of your own or a proxy in front of the endpoint fails that check. " +
			"The endpoint's addresses also change, so an address written in the profile stops working.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		if !in.aws() {
			return
		}
		for _, d := range awsRemotes(in.Profile) {
			host := d.Args[0].Value
			if AWSHost(host) || host == "" {
				continue
			}
			if _, err := netip.ParseAddr(host); err == nil {
				r.Reportf(d.Args[0].Pos, "remote is the IP address %s; recent AWS clients refuse an address that the endpoint's name does not resolve to, and the endpoint's addresses change; expected the endpoint's DNS name", d.QuoteArg(0))
				continue
			}
			r.Reportf(d.Args[0].Pos, "remote host %s is not a Client VPN endpoint name (…clientvpn.<region>.amazonaws.com); recent AWS clients refuse a connection to an address the endpoint's own name does not resolve to; expected the endpoint's DNS name", d.QuoteArg(0))
		}
	},
}

// remotePort returns the port a remote connects to, and the parameter
// or option that sets it (nil for OpenVPN's default, 1194).
func remotePort(p *Profile, d *Directive) (string, *Arg) {
	if len(d.Args) >= 2 {
		return d.Args[1].Value, &d.Args[1]
	}
	for _, name := range []string{"rport", "port"} {
		if pd := p.Last(name); pd != nil && len(pd.Args) > 0 {
			return pd.Args[0].Value, &pd.Args[0]
		}
	}
	return "1194", nil
}

var badPort = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "AWS004", Severity: lint.Error,
		Title:    "the Client VPN port is 443 or 1194",
		Fix:      "use the port the endpoint listens on: 443 (the default) or 1194, as the exported file has it",
		Citation: citeWhatIs + " (ports 443 and 1194, TCP or UDP)",
		WindowsErrors: []string{"TLS Error: TLS key negotiation failed to occur within 60 seconds (check your network connectivity)",
			"Connection failed because of a TLS handshake error."},
		Doc: "A Client VPN endpoint listens on 443 or 1194 only (TCP or UDP, as configured). A client sent to another port never " +
			"reaches it, and waits until \"TLS key negotiation failed to occur within 60 seconds\".",
	},
	Run: func(in *Input, r *lint.Reporter) {
		if !in.aws() {
			return
		}
		for _, d := range awsRemotes(in.Profile) {
			if !AWSHost(d.Args[0].Value) {
				continue
			}
			port, at := remotePort(in.Profile, d)
			if port == "443" || port == "1194" || at == nil {
				continue
			}
			r.Reportf(at.Pos, "the endpoint's port is %s; a Client VPN endpoint listens on 443 or 1194 only; expected 443 or 1194", wording.Quote(port))
		}
	},
}

var tapDevice = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "AWS005", Severity: lint.Error,
		Title:         "an AWS Client VPN profile uses dev tun",
		Fix:           "write dev tun, as AWS exports it",
		WindowsErrors: []string{"WARNING: 'dev-type' is used inconsistently, local='dev-type tap', remote='dev-type tun'"},
		Citation:      citeExport + "; " + manVpnNetworkOptions + " (--dev)",
		Doc: "AWS Client VPN endpoints are layer-3 (tun) servers and every export says dev tun. A tap client against a tun " +
			"server gets an options-consistency warning (\"'dev-type' is used inconsistently\") and a tunnel that carries no " +
			"traffic. No AWS page says tap is refused; the failure is inferred from how OpenVPN pairs tun and tap, hence the " +
			"decision to report it as an error: the profile was edited away from what AWS exports and cannot pass traffic.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		if !in.aws() {
			return
		}
		if d := in.Profile.Last("dev"); d != nil && len(d.Args) == 1 && strings.HasPrefix(d.Args[0].Value, "tap") {
			r.Reportf(d.Args[0].Pos, "dev %s is a layer-2 device, but Client VPN endpoints are tun (layer-3) servers and the tunnel carries no traffic; expected dev tun", d.QuoteArg(0))
		}
	},
}

var awsNoCredentials = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "AWS010", Severity: lint.Warning,
		Title:         "an AWS Client VPN profile carries the client's certificate and key, or auth-user-pass",
		Fix:           "for a mutual-authentication endpoint, add <cert> and <key> with the client's certificate and key; for Active Directory or SAML, export the profile again (it then has auth-user-pass); --aws-auth tells aovpnlint which",
		WindowsErrors: []string{awsNoCreds, "TLS Error: TLS key negotiation failed to occur within 60 seconds (check your network connectivity)", noClientAuth},
		Citation: userWindowsTroubleshooting + "; " + citeTroubleshooting +
			" (\"Clients cannot connect (mutual authentication)\"); " + citeExport,
		Doc: "AWS exports the profile of a mutual-authentication endpoint with the CA only: the administrator is to add the " +
			"client's certificate and key. Until then the AWS client refuses it (\"The config should have either cert and key or " +
			"auth-user-pass specified.\") and OpenVPN stops or times out. The file alone cannot tell a mutual-authentication " +
			"endpoint from a file whose auth-user-pass was deleted, so this is a question (a warning) until --aws-auth says how " +
			"the endpoint authenticates; then AWS020 reports the missing credentials as an error.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		p := in.Profile
		if !in.aws() || in.Opts.Auth != "" || p.certSource() || p.keySource() || p.Has("auth-user-pass") {
			return
		}
		r.Reportf(p.anchor("remote", "client"), "the profile has neither the client's certificate and key nor auth-user-pass, as AWS exports it for a mutual-authentication endpoint before the certificate is added: the AWS client refuses it; expected <cert> and <key> if the endpoint uses mutual authentication (or auth-user-pass for Active Directory or SAML)")
	},
}

var awsMissingCredentials = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "AWS020", Severity: lint.Error,
		Title:         "the profile carries the credentials the endpoint's authentication needs",
		Fix:           "for mutual authentication add <cert> and <key> with the client's certificate and key; for Active Directory or SAML add auth-user-pass (export the profile again)",
		WindowsErrors: []string{awsNoCreds, "TLS Error: TLS key negotiation failed to occur within 60 seconds (check your network connectivity)", noClientAuth},
		Citation:      citeClientAuth + "; " + citeExport + "; " + userWindowsTroubleshooting,
		Doc: "With --aws-auth the administrator says how the endpoint authenticates: mutual (a client certificate), ad or " +
			"ad-mfa (Active Directory), saml (federated). A mutual-authentication endpoint needs the client's certificate and key " +
			"in the profile; an Active Directory or SAML endpoint needs auth-user-pass, which makes the client ask for the user's " +
			"credentials. Without them the AWS client refuses the profile and the connection fails. Split from AWS010, which asks " +
			"the question when the endpoint's authentication is not known.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		p := in.Profile
		switch auth := in.Opts.Auth; {
		case auth == "mutual" && !(p.certSource() && p.keySource()):
			r.Reportf(p.anchor("cert", "key", "remote", "client"), "the endpoint uses mutual authentication (--aws-auth mutual) but the profile lacks the client's %s; expected <cert> and <key> with the client's certificate and its key", missingHalf(p))
		case in.Opts.userPassAuth() && !p.Has("auth-user-pass"):
			r.Reportf(p.anchor("remote", "client"), "the endpoint uses %s (--aws-auth %s) but the profile has no auth-user-pass, so the client never asks for the user's credentials; expected auth-user-pass", authName(auth), auth)
		}
	},
}

// missingHalf says which of certificate and key a profile lacks.
func missingHalf(p *Profile) string {
	switch {
	case !p.certSource() && !p.keySource():
		return "certificate and key"
	case !p.certSource():
		return "certificate"
	}
	return "private key"
}

// authName names an endpoint's authentication.
func authName(auth string) string {
	switch auth {
	case "ad":
		return "Active Directory authentication"
	case "ad-mfa":
		return "Active Directory authentication with MFA"
	case "saml":
		return "SAML federated authentication"
	}
	return "mutual authentication"
}

// mfaPrompt is the static-challenge line AWS documents for Active
// Directory with MFA (with the space inside the quotes).
const mfaPrompt = `static-challenge "Enter MFA code " 1`

var noStaticChallenge = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "AWS011", Severity: lint.Error,
		Title:         "an Active Directory profile for an endpoint with MFA has static-challenge",
		Fix:           "add the line " + mfaPrompt + " after auth-user-pass, or export the profile again",
		WindowsErrors: []string{"invalid user name and password"},
		Citation:      citeTroubleshooting + " (\"Client software returns user name and password errors\"); " + citeExport,
		Doc: "When MFA is enabled on the Active Directory of an endpoint, the client must send the MFA code with the password; " +
			"the export then has " + mfaPrompt + ". A profile exported before MFA was enabled lacks it, and every sign-in fails " +
			"with user name and password errors. The file cannot tell whether MFA is on: the rule applies with --aws-auth ad-mfa.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		p := in.Profile
		if in.Opts.Auth != "ad-mfa" || p.Has("static-challenge") {
			return
		}
		if d := p.Last("auth-user-pass"); d != nil {
			r.Reportf(d.Pos, "the endpoint uses Active Directory with MFA (--aws-auth ad-mfa) but the profile has no static-challenge, so the client never asks for the MFA code and sign-in fails as if the password were wrong; expected %s", mfaPrompt)
		}
	},
}

var badStaticChallenge = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "AWS012", Severity: lint.Error,
		Title:         "static-challenge has its prompt in quotes and an echo flag",
		Fix:           "write " + mfaPrompt + ": the prompt in double quotes, then 1 to show the code as it is typed or 0 to hide it",
		WindowsErrors: []string{unrecognized},
		Citation:      manClientOptions + " (--static-challenge); " + citeExport,
		Doc: "static-challenge takes two parameters: the prompt and the echo flag. A prompt with spaces left unquoted " +
			"(static-challenge Enter MFA code 1) makes more parameters, and OpenVPN stops with \"Unrecognized option or missing or " +
			"extra parameter(s)\". OpenVPN 2.6 reads the echo flag as a number (anything else is 0, hidden) and does not refuse it, " +
			"so an echo flag other than 0 or 1 is not reported.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		if !in.aws() {
			return
		}
		for _, d := range in.Profile.All("static-challenge") {
			if len(d.Args) == 2 || d.Setenv {
				continue
			}
			r.Reportf(d.Pos, "static-challenge has %s%s; expected 2, the prompt in double quotes and the echo flag: %s", wording.Plural(len(d.Args), "parameter"), shownArgs(d), mfaPrompt)
		}
	},
}

var samlWithoutFederate = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "AWS013", Severity: lint.Error,
		Title:    "a profile for a SAML endpoint has auth-federate",
		Fix:      "add auth-federate after auth-user-pass, or export the profile again from the SAML endpoint",
		Citation: citeTroubleshooting + " (\"Client does not open browser\"); " + citeClientAuth,
		Doc: "The AWS provided client starts SAML sign-in in the browser only when the profile has auth-federate. A profile " +
			"with auth-user-pass alone makes it show a user name and password box instead, which a SAML endpoint does not accept. " +
			"The file cannot tell that the endpoint uses SAML: the rule applies with --aws-auth saml.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		p := in.Profile
		if in.Opts.Auth != "saml" || p.Has("auth-federate") {
			return
		}
		r.Reportf(p.anchor("auth-user-pass", "remote", "client"), "the endpoint uses SAML (--aws-auth saml) but the profile has no auth-federate, so the AWS client asks for a user name and password instead of opening the browser; expected auth-federate")
	},
}

var samlPort = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "AWS014", Severity: lint.Info,
		Title:         "SAML sign-in needs TCP port 35001 free on the device",
		Fix:           "make sure no other program listens on TCP 127.0.0.1:35001 on the users' devices",
		WindowsErrors: []string{"The authentication flow could not be initiated. There are no available ports."},
		Citation:      citeTroubleshooting + "; " + citeClientAuth + " (SAML requirements)",
		Doc: "For SAML the AWS client receives the identity provider's response on http://127.0.0.1:35001. If another program " +
			"holds that port, sign-in fails with \"The authentication flow could not be initiated. There are no available ports.\"",
	},
	Run: func(in *Input, r *lint.Reporter) {
		p := in.Profile
		if !p.Has("auth-federate") && in.Opts.Auth != "saml" {
			return
		}
		r.Reportf(p.anchor("auth-federate", "auth-user-pass", "remote", "client"), "SAML sign-in: the AWS client receives the identity provider's answer on TCP 127.0.0.1:35001, which must be free on the device; otherwise \"There are no available ports\"")
	},
}

var renegotiation = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "AWS015", Severity: lint.Info,
		Title:    "a profile that asks for a password has reneg-sec 0",
		Fix:      "add reneg-sec 0, as AWS exports it",
		Citation: manRenegotiation + " (--reneg-sec); " + citeExport,
		Doc: "OpenVPN renegotiates the data channel every hour by default (reneg-sec 3600); with Active Directory or SAML " +
			"authentication each renegotiation may ask the user for the password or the browser sign-in again. AWS exports set " +
			"reneg-sec 0 on the client, leaving the interval to the endpoint.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		p := in.Profile
		if !in.aws() || !p.Has("auth-user-pass") && !in.Opts.userPassAuth() {
			return
		}
		d := p.Last("reneg-sec")
		switch {
		case d == nil:
			r.Reportf(p.anchor("auth-user-pass", "remote", "client"), "the profile asks for a password but has no reneg-sec, so the client renegotiates every hour and may ask for the credentials again; expected reneg-sec 0, as AWS exports it")
		case len(d.Args) > 0 && d.Args[0].Value != "0":
			r.Reportf(d.Args[0].Pos, "reneg-sec %s makes the client renegotiate during the session and may ask for the credentials again; expected reneg-sec 0, as AWS exports it", d.QuoteArg(0))
		}
	},
}

// udp reports whether a remote connects over UDP.
func udp(p *Profile, d *Directive) bool {
	proto := "udp"
	if pd := p.Last("proto"); pd != nil && len(pd.Args) > 0 {
		proto = pd.Args[0].Value
	}
	if len(d.Args) >= 3 {
		proto = d.Args[2].Value
	}
	return strings.HasPrefix(proto, "udp")
}

var noMSSFix = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "AWS016", Severity: lint.Info,
		Title:    "a UDP profile that loses large packets has mssfix 1328",
		Fix:      "if large packets (ping -s 1400, file transfers) fail through the tunnel, add mssfix 1328",
		Citation: citeTroubleshooting + " (\"Clients can't access a peered VPC, Amazon S3, or the internet\"); " + manLinkOptions + " (--mssfix)",
		Doc: "AWS's troubleshooting guide: when pings larger than about 1400 bytes, or large transfers, fail through the " +
			"tunnel, add mssfix 1328 to the profile, which lowers the TCP segment size inside the tunnel. It matters over UDP " +
			"only. A reminder: the file cannot show whether packets are lost.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		p := in.Profile
		if !in.aws() || p.Has("mssfix") {
			return
		}
		for _, d := range awsRemotes(p) {
			if udp(p, d) {
				r.Reportf(d.Pos, "the profile connects over UDP without mssfix; if large packets fail through the tunnel, AWS recommends mssfix 1328")
				return
			}
		}
	},
}

var fullTunnel = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "AWS018", Severity: lint.Info,
		Title:    "full-tunnel profiles: the local network is in a private range and DNS is reachable through the tunnel",
		Fix:      "make sure users' local networks are in 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 169.254.0.0/16, and that the DNS servers the endpoint gives are reachable through it",
		Citation: citeBestPractices + "; " + adminRoutingToLan,
		Doc: "A full-tunnel endpoint pushes redirect-gateway block-local (a TunnelCrack mitigation): the device reaches its " +
			"local network only when that network is in 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 169.254.0.0/16. On " +
			"Windows all DNS queries then go through the tunnel, so the DNS servers must be reachable there. Whether the endpoint " +
			"is full-tunnel is not in the file; the rule speaks when the profile itself has redirect-gateway.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		if !in.aws() {
			return
		}
		for _, d := range in.Profile.All("redirect-gateway") {
			r.Reportf(d.Pos, "%s sends all traffic through the tunnel: a local network outside 10/8, 172.16/12, 192.168/16 and 169.254/16 becomes unreachable while connected, and DNS must be reachable through the tunnel", describe(d))
			return
		}
	},
}

var federate = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "AWS019", Severity: lint.Info,
		Title:         "auth-federate profiles are for the AWS provided client 1.2.0 or later",
		Fix:           "import the profile into the AWS provided client (1.2.0 or later); OpenVPN and OpenVPN Connect cannot use a SAML profile",
		WindowsErrors: []string{unrecognized},
		Citation:      citeClientAuth + " (SAML requirements); " + srcOptionsC,
		Doc: "auth-federate is AWS's own option: the AWS provided client 1.2.0 and later read it and sign in through the " +
			"browser; stock OpenVPN stops with \"Unrecognized option or missing or extra parameter(s) in <file>:<line>: " +
			"auth-federate\". Split from AWS013 (the option missing), as a reminder of which client the profile needs.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		if d := in.Profile.Last("auth-federate"); d != nil && !d.Setenv {
			r.Reportf(d.Pos, "auth-federate makes this a SAML profile for the AWS provided client 1.2.0 or later; OpenVPN and OpenVPN Connect refuse the option")
		}
	},
}
