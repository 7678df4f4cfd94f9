package ovpn

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/aovpnlint/aovpnlint/internal/hostname"
	"github.com/aovpnlint/aovpnlint/internal/suggest"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

// reportProblems reports the reader's problems of one kind.
func reportProblems(p *Profile, kind ProblemKind, r *lint.Reporter) {
	for _, pr := range p.Problems {
		if pr.Kind == kind {
			r.Reportf(pr.Pos, "%s", pr.Message)
		}
	}
}

// unrecognized is the message OpenVPN stops with for an unknown option or
// a wrong parameter count.
const unrecognized = "Unrecognized option or missing or extra parameter(s) in"

var unknownOption = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN001", Severity: lint.Error,
		Title:         "every option is one OpenVPN 2.6 knows, with a parameter count it accepts",
		Fix:           "correct the option's name or parameters (quote a parameter that holds spaces), delete an option the client does not need, or write setenv opt before an option only some clients know",
		WindowsErrors: []string{unrecognized},
		Citation:      srcOptionsC + "; " + manGenericOptions + " (--config, --ignore-unknown-option); " + manScriptOptions + " (--setenv opt)",
		Doc: "OpenVPN stops at the first option it does not know, and at a known option with too few or too many parameters, with " +
			"\"Unrecognized option or missing or extra parameter(s) in <file>:<line>: <option> (<version>)\". The rule knows the options " +
			"OpenVPN 2.6.22 accepts in any build and their parameter counts, as add_option checks them. Option names are case-sensitive. " +
			"A line written `setenv opt <option> ...`, and an option that an earlier ignore-unknown-option names, only draw a warning " +
			"from OpenVPN and are not reported. Options 2.5 and 2.6 removed are reported by OVPN064, auth-federate by AWS019, and " +
			"static-challenge in an AWS profile by AWS012. A PEM block outside any inline block is reported here too: OpenVPN reads " +
			"its -----BEGIN line as an option.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		p := in.Profile
		reportProblems(p, StrayPEM, r)
		aws := in.aws()
		ignored := map[string]bool{}
		var sug suggester
		for _, d := range p.Directives {
			if d.Setenv || ignored[d.Name] {
				continue
			}
			if _, gone := removed()[d.Name]; gone {
				continue
			}
			if _, ok := awsOptions()[d.Name]; ok {
				continue
			}
			pr, known := options()[d.Name]
			if d.Inline != nil {
				if !known && !inlineCapable()[d.Name] {
					r.Reportf(d.Pos, "inline block <%s> of an unknown option %s, which OpenVPN 2.6 refuses%s", wording.Inline(d.Name), d.QuoteName(), sug.hint(d.Name))
				}
				continue
			}
			if !known && looksEncoded(d.Name) {
				r.Reportf(d.Pos, "a line of encoded data outside any inline block (not shown: it may be key material), which OpenVPN reads as an unknown option and refuses; expected it inside the block it belongs to, such as <tls-auth> or <key>")
				continue
			}
			if !known {
				r.Reportf(d.Pos, "unknown option %s, which OpenVPN 2.6 refuses%s", d.QuoteName(), sug.hint(d.Name))
				continue
			}
			if d.Name == "ignore-unknown-option" {
				for _, a := range d.Args {
					ignored[a.Value] = true
				}
			}
			if d.Name == "static-challenge" && aws {
				continue
			}
			n := len(d.Args)
			switch {
			case n < pr.min || pr.max != many && n > pr.max:
				r.Reportf(d.Pos, "%s takes %s and has %d%s, so OpenVPN refuses the line; expected %s (a parameter that holds spaces goes in quotes)",
					d.Name, paramWords(pr), n, shownArgs(d), paramWords(pr))
			case d.Name == "verify-x509-name" && d.Args[0].Value == "":
				r.Reportf(d.Args[0].Pos, "verify-x509-name has an empty name, which OpenVPN refuses; expected the server certificate's name")
			}
		}
	},
}

// paramWords says how many parameters an option takes: "no parameter",
// "1 parameter", "1 or 2 parameters", "1 to 3 parameters", "at least 1
// parameter".
func paramWords(pr params) string {
	switch {
	case pr.max == many:
		return "at least " + wording.Plural(pr.min, "parameter")
	case pr.max == 0:
		return "no parameter"
	case pr.min == pr.max:
		return wording.Plural(pr.min, "parameter")
	case pr.max == pr.min+1:
		return fmt.Sprintf("%d or %d parameters", pr.min, pr.max)
	}
	return fmt.Sprintf("%d to %d parameters", pr.min, pr.max)
}

// shownArgs lists a directive's parameters for a message: " (\"a\", \"b\")".
func shownArgs(d *Directive) string {
	if len(d.Args) == 0 {
		return ""
	}
	var qs []string
	for i := range d.Args {
		qs = append(qs, d.QuoteArg(i))
	}
	return " (" + wording.Some(qs, ", ") + ")"
}

// maxSuggestions is how many unknown names of one file get a "did you
// mean": the reporter lists at most lint.MaxPerRule findings, and each
// suggestion compares the name with every option.
const maxSuggestions = lint.MaxPerRule

// suggester finds the known option nearest an unknown name, remembering
// its answers, for at most maxSuggestions names.
type suggester struct {
	names []string
	seen  map[string]string
}

// hint returns "; did you mean ..." for name, or a general hint.
func (s *suggester) hint(name string) string {
	if s.seen == nil {
		s.seen = map[string]string{}
		for n := range options() {
			s.names = append(s.names, n)
		}
		slices.Sort(s.names)
	}
	if h, ok := s.seen[name]; ok {
		return h
	}
	h := "; expected an OpenVPN option, or setenv opt before an option only some clients know"
	if len(s.seen) < maxSuggestions {
		if best, caseOnly, ok := suggest.Closest(name, s.names); ok && caseOnly {
			h = fmt.Sprintf(": option names are case-sensitive; expected %s", wording.Quote(best))
		} else if ok {
			h = fmt.Sprintf("; did you mean %s", wording.Quote(best))
		}
		s.seen[name] = h
	}
	return h
}

var notInline = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN003", Severity: lint.Error,
		Title:         "every inline block is for an option that takes its file inline, in a place that accepts it",
		Fix:           "write the option on one line with its parameters, or move the <connection> block out of the other one",
		WindowsErrors: []string{"is not expected to be inline", "cannot be used in this context"},
		Citation:      manInlineFiles + "; " + manConnectionProfiles + "; " + srcOptionsC,
		Doc: "Only options that read a file take it inline as <option>...</option>: ca, cert, key, extra-certs, dh, pkcs12, " +
			"secret, crl-verify, tls-auth, tls-crypt, tls-crypt-v2, auth-user-pass, http-proxy-user-pass, auth-gen-token-secret, " +
			"peer-fingerprint, verify-hash, and connection. For a known option that takes no file OpenVPN stops with " +
			"\"option '<name>' is not expected to be inline (<file>:<line>)\"; a <connection> block inside another stops it with " +
			"\"option 'connection' cannot be used in this context\". A block of an unknown option is OVPN001.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		for _, d := range in.Profile.Directives {
			if d.Inline == nil {
				continue
			}
			_, known := options()[d.Name]
			switch {
			case d.Name == "connection" && d.Connection > 0:
				r.Reportf(d.Pos, "a <connection> block inside <connection> block %d; OpenVPN stops with \"option 'connection' cannot be used in this context\"; expected the connection blocks one after another", d.Connection)
			case known && !inlineCapable()[d.Name]:
				r.Reportf(d.Pos, "<%s> is an inline block, but %s takes no file and OpenVPN stops with \"option '%s' is not expected to be inline\"; expected the option on one line with its parameters",
					wording.Inline(d.Name), d.Name, d.Name)
			}
		}
	},
}

var unterminated = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN002", Severity: lint.Error,
		Title:         "every inline block has its end tag",
		Fix:           "add the </tag> line after the block's content",
		WindowsErrors: []string{"ERROR: Endtag"},
		Citation:      manInlineFiles + "; " + srcOptionsC,
		Doc: "An inline block <tag> ends at the first line whose text, after leading white space, begins with </tag>. Without one " +
			"OpenVPN reads the rest of the file into the block and stops with \"ERROR: Endtag </tag> missing\". The options after the " +
			"block's start are therefore not read by OpenVPN; aovpnlint reads them as part of the block too.",
	},
	Run: func(in *Input, r *lint.Reporter) { reportProblems(in.Profile, Unterminated, r) },
}

var longLine = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN004", Severity: lint.Error,
		Title:         "every line outside inline blocks is shorter than 256 bytes",
		Fix:           "shorten the line: split a long list over several options (route, dhcp-option), or delete a long comment",
		WindowsErrors: []string{"Maximum option line length (256) exceeded, line starts with"},
		Citation:      srcOptionsC + " (read_config_file, OPTION_LINE_SIZE)",
		Doc: "OpenVPN reads the configuration in lines of at most 255 bytes with their newline; a line of 256 bytes or more, " +
			"comment lines included (and the first line's BOM counted), makes it stop with \"In <file>:<line>: Maximum option line " +
			"length (256) exceeded, line starts with ...\". Lines inside inline blocks have no such limit.",
	},
	Run: func(in *Input, r *lint.Reporter) { reportProblems(in.Profile, LongLine, r) },
}

var badToken = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN005", Severity: lint.Error,
		Title:    "every line tokenizes: backslashes escape only \\, \" and spaces, and quotes are closed",
		Fix:      "double each backslash of a Windows path (C:\\\\Users\\\\me\\\\client.crt) or put the path in single quotes, and close every quote on its line",
		Citation: manGenericOptions + " (--config); " + srcOptionsC + " (parse_line)",
		WindowsErrors: []string{"Options warning: Bad backslash ('\\') usage in", "Options error: No closing quotation (\") in",
			"Options error: No closing single quotation (') in"},
		Doc: "Outside single quotes OpenVPN reads a backslash as an escape: \\\\ is one backslash, \\\" a quote and \\ followed by a " +
			"space a space. A backslash before any other character, as in a Windows path written with single backslashes, makes it stop " +
			"with \"Options warning: Bad backslash ('\\') usage in <file>:<line>: remember that backslashes are treated as shell-escapes " +
			"and if you need to pass backslash characters as part of a Windows filename, you should use double backslashes such as " +
			"\"c:\\\\openvpn\\\\static.key\"\", and a quote not closed on its line with \"Options error: No closing quotation\". The other " +
			"rules read such a line as if each lone backslash were doubled and the quote closed.",
	},
	Run: func(in *Input, r *lint.Reporter) { reportProblems(in.Profile, BadToken, r) },
}

var readerLimit = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN007", Severity: lint.Warning,
		Title:    "the file is small enough to be read whole",
		Fix:      "check that the file is the client profile you meant: real profiles have tens of options",
		Citation: "aovpnlint's reader limits (package ovpn: 100,000 options and 10,000 problems per file)",
		Doc: "aovpnlint records at most 100,000 options and 10,000 reading problems of one file, so that a hostile file cannot hold " +
			"it up; the options after the limit are not checked. OpenVPN itself has no such limit, but stops at the first problem.",
	},
	Run: func(in *Input, r *lint.Reporter) { reportProblems(in.Profile, Limit, r) },
}

// placeholderArgs are the options whose parameters name hosts, networks
// or files, where a template leaves placeholders.
var placeholderArgs = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"remote": true, "route": true, "route-ipv6": true, "dhcp-option": true, "ifconfig": true, "ifconfig-ipv6": true,
		"http-proxy": true, "socks-proxy": true, "port": true, "rport": true, "verify-x509-name": true,
		"ca": true, "cert": true, "key": true, "pkcs12": true, "tls-auth": true, "tls-crypt": true, "tls-crypt-v2": true,
		"secret": true, "auth-user-pass": true, "crl-verify": true, "extra-certs": true, "dh": true,
	}
})

var placeholder = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN006", Severity: lint.Error,
		Title:         "hosts, ports, routes and file names are real values, not placeholders left from a template",
		Fix:           "replace the placeholder with the real value: the VPN server's DNS name or address, its port, the network to route, the file's path",
		Citation:      "[observed] five samples of ../shared/reference/ovpn.md section 0; " + manClientOptions + " (--remote)",
		WindowsErrors: []string{"RESOLVE: Cannot resolve host address", "DNS resolve error"},
		Doc: "Templates and examples ship with placeholders: an empty host (remote  443, which OpenVPN reads as a host named 443), " +
			"<<REMOTE_IP>>, x.x.x.x, YOUR..., a wildcard name such as *.vpn.azure.com, a host that is no DNS name (192.168.0/xx). " +
			"Such a file cannot work as shipped. PEM blocks left empty or with template text are OVPN020.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		for _, d := range in.Profile.Directives {
			if d.Setenv || !placeholderArgs()[d.Name] || len(d.Args) == 0 {
				continue
			}
			if d.Name == "remote" && len(d.Args) <= 3 {
				if why := remoteProblem(d); why != "" {
					r.Reportf(d.Args[0].Pos, "%s", why)
					continue
				}
			}
			for i, a := range d.Args {
				if ph := hostname.Placeholder(a.Value); ph != "" {
					r.Reportf(a.Pos, "%s has %s, which holds the template placeholder %s; expected the real value", d.Name, d.QuoteArg(i), wording.Quote(ph))
					break
				}
			}
		}
	},
}

// remoteProblem says why a remote's host or port cannot be the server's,
// or returns "".
func remoteProblem(d *Directive) string {
	host := d.Args[0].Value
	if ph := hostname.Placeholder(host); ph != "" {
		return fmt.Sprintf("remote host %s holds the template placeholder %s; expected the VPN server's DNS name or address", d.QuoteArg(0), wording.Quote(ph))
	}
	switch {
	case host == "":
		return "remote host is empty; expected the VPN server's DNS name or address"
	case isPort(host) && (len(d.Args) == 1 || isProto(d.Args[1].Value)):
		return fmt.Sprintf("remote host is %s, a port number: the host was left empty (OpenVPN looks up a host named %s); expected remote <server> %s", d.QuoteArg(0), d.QuoteArg(0), host)
	case strings.Contains(host, "*"):
		return fmt.Sprintf("remote host %s is a wildcard name, which no DNS lookup resolves; expected the VPN server's own name", d.QuoteArg(0))
	}
	if _, err := netip.ParseAddr(host); err != nil {
		if why := hostname.Problem(host); why != "" {
			return fmt.Sprintf("remote host %s %s; expected the VPN server's DNS name or address", d.QuoteArg(0), why)
		}
	}
	return ""
}

// isPort reports a port number from 1 to 65535.
func isPort(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 1 && n <= 65535 && s[0] != '+'
}

var notUTF8 = &lint.Check[*Input]{
	Rule: lint.Rule{
		ID: "OVPN008", Severity: lint.Error,
		Title:         "the profile is saved as UTF-8 (or ASCII), not UTF-16",
		Fix:           "save the profile as UTF-8 without a byte order mark (Notepad: Save as, Encoding UTF-8; PowerShell: Set-Content -Encoding utf8NoBOM, or Out-File -Encoding ascii in Windows PowerShell 5.1)",
		WindowsErrors: []string{"Unrecognized option or missing or extra parameter(s) in"},
		Citation:      srcOptionsC + " (read_config_file: the file is read as bytes; only a UTF-8 byte order mark is skipped)",
		Doc: "OpenVPN reads the configuration as bytes and skips only a UTF-8 byte order mark. A file saved as UTF-16 " +
			"(as Windows PowerShell 5.1's Out-File and > write it) has a NUL byte after every character, so the first " +
			"option is already unknown and the client refuses the file. aovpnlint decodes it to check the rest.",
	},
	Run: func(in *Input, r *lint.Reporter) {
		if strings.HasPrefix(in.Opts.Encoding, "UTF-16") {
			r.Report(lint.Finding{Pos: lint.Pos{File: in.Profile.File, Line: 1, Col: 1},
				Message: fmt.Sprintf("the profile is saved as %s, which OpenVPN reads as bytes with a NUL after every character; expected UTF-8", in.Opts.Encoding)})
		}
	},
}
