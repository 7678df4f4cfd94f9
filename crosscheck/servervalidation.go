package crosscheck

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/eapxml"
	"github.com/aovpnlint/aovpnlint/internal/cite"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

var trustedRootSupplied = &lint.Check[*Documents]{
	Rule: lint.Rule{
		ID: "EAP030", Severity: lint.Error,
		Title:         "every TrustedRootCA is one of the trusted roots supplied",
		Fix:           "put the thumbprint of the root that issued the NPS server certificate in TrustedRootCA, and deploy that root to the clients",
		WindowsErrors: []string{"864", "0x800B0109", "801"},
		Citation:      "ServerValidationParameters complex type (TrustedRootCA), https://learn.microsoft.com/windows/win32/eaphost/eaptlsconnectionpropertiesv1schema-servervalidationparameters-complextype",
		Doc: "Compared only when trusted roots are given (--trust): a thumbprint that matches none of them names a " +
			"root the clients are not known to have, so the NPS server certificate cannot be validated against it.",
	},
	Run: func(in *Documents, r *lint.Reporter) {
		trust := in.certs(certcheck.RoleTrust)
		if in.EAP == nil || len(trust) == 0 {
			return
		}
		known := map[string]bool{}
		var names []string // the first ones, as messages show them
		for _, c := range trust {
			known[thumb(c.Certificate)] = true
			if len(names) < wording.MaxListed {
				names = append(names, describeCert(c.Certificate))
			}
		}
		for _, v := range in.EAP.Validations() {
			for _, t := range v.Block.TrustedRootCA {
				h, err := eapxml.Thumbprint(t.Value)
				if err != nil || known[h] {
					continue // EAP012 reports a malformed thumbprint
				}
				r.Reportf(t.ValuePos, "%s TrustedRootCA %s matches none of the trusted roots supplied (%s); expected the thumbprint of one of them", v.Method, h, wording.SomeN(names, len(trust), ", "))
			}
		}
	},
}

var npsChainListed = &lint.Check[*Documents]{
	Rule: lint.Rule{
		ID: "EAP031", Severity: lint.Error,
		Title:         "the NPS certificate chains to a root listed in TrustedRootCA",
		Fix:           "add the thumbprint of the NPS server certificate's root to TrustedRootCA, or bind the NPS policy to a certificate from a listed root",
		WindowsErrors: []string{"864", "801"},
		Citation:      cite.Troubleshoot + " (864: ERROR_EAP_SERVER_ROOT_CERT_NOT_FOUND)",
		Doc: "Checked for each ServerValidation block that validates the server and lists roots, against each NPS " +
			"certificate whose chain reaches a self-signed root among the certificates supplied (a chain that stops " +
			"early is CERT031's concern).",
	},
	Run: func(in *Documents, r *lint.Reporter) {
		nps := in.certs(certcheck.RoleNPS)
		if in.EAP == nil || len(nps) == 0 {
			return
		}
		for _, v := range in.EAP.Validations() {
			listed := thumbprintSet(v.Block.TrustedRootCA)
			if !v.On() || len(listed) == 0 {
				continue
			}
			var bad []*certcheck.Cert
			var roots []string // of the first of bad
			for _, c := range nps {
				ch := in.Certs.ChainOf(c)
				if !ch.Complete() {
					continue
				}
				found := false
				for _, x := range ch.Path {
					found = found || listed[thumb(x)]
				}
				if !found {
					if len(bad) < wording.MaxListed {
						roots = append(roots, describeCert(ch.Top()))
					}
					bad = append(bad, c)
				}
			}
			switch {
			case len(bad) == 1:
				r.Report(lint.Finding{Pos: v.Block.Pos, Related: []lint.Related{related(bad[0])},
					Message: fmt.Sprintf("the NPS server certificate %s chains to root %s, which %s TrustedRootCA does not list; expected that root's thumbprint in TrustedRootCA", describeCert(bad[0].Certificate), roots[0], v.Method)})
			case len(bad) > 1:
				items := make([]string, len(roots))
				for i, root := range roots {
					items[i] = fmt.Sprintf("%s (root %s)", describeCert(bad[i].Certificate), root)
				}
				r.Report(lint.Finding{Pos: v.Block.Pos, Related: relatedFirst(bad),
					Message: fmt.Sprintf("%d NPS server certificates chain to roots that %s TrustedRootCA does not list: %s; expected those roots' thumbprints in TrustedRootCA", len(bad), v.Method, wording.SomeOf(items, len(bad)))})
			}
		}
	},
}

// relatedFirst points at the first certificates of cs, at most
// wording.MaxListed of them: a finding about many certificates names a
// few and counts the others.
func relatedFirst(cs []*certcheck.Cert) []lint.Related {
	var out []lint.Related
	for _, c := range cs[:min(len(cs), wording.MaxListed)] {
		out = append(out, related(c))
	}
	return out
}

// byServerNames gathers, for each server validation, the NPS certificates
// whose names match its ServerNames as wanted (noMatch for EAP032,
// caseOnlyMatch for EAP037), in order, with the names of the first ones:
// one finding per ServerNames, however many certificates are given.
func byServerNames(in *Documents, want nameMatch, report func(v eapxml.Validation, certs []*certcheck.Cert, names [][]string)) {
	var cur *eapxml.Validation
	var certs []*certcheck.Cert
	var names [][]string
	flush := func() {
		if cur != nil && len(certs) > 0 {
			report(*cur, certs, names)
		}
		certs, names = nil, nil
	}
	eachServerNameMatch(in, func(v eapxml.Validation, c *certcheck.Cert, ns []string, match nameMatch) {
		if cur == nil || cur.At != v.At || cur.Block.Pos != v.Block.Pos {
			flush()
			cur = &v
		}
		if match == want {
			if len(names) < wording.MaxListed {
				names = append(names, ns)
			}
			certs = append(certs, c)
		}
	})
	flush()
}

func thumbprintSet(ts []eapxml.Text) map[string]bool {
	out := map[string]bool{}
	for _, h := range eapxml.Thumbprints(ts) {
		out[h] = true
	}
	return out
}

var npsName = &lint.Check[*Documents]{
	Rule: lint.Rule{
		ID: "EAP032", Severity: lint.Error,
		Title:         "a DNS name of the NPS certificate matches a ServerNames entry",
		Fix:           "list the NPS server certificate's DNS name in ServerNames exactly, case included, or issue the certificate for a listed name",
		WindowsErrors: []string{"812"},
		Citation:      "ServerValidationParameters complex type (ServerNames), https://learn.microsoft.com/windows/win32/eaphost/eaptlsconnectionpropertiesv1schema-servervalidationparameters-complextype",
		Doc: "ServerNames is a list of names separated by semicolons; an entry may be a regular expression, matched " +
			"against the whole name. A name that matches only when case is ignored is EAP037.",
	},
	Run: func(in *Documents, r *lint.Reporter) {
		byServerNames(in, noMatch, func(v eapxml.Validation, certs []*certcheck.Cert, names [][]string) {
			if len(certs) == 1 {
				r.Report(lint.Finding{Pos: v.Block.ServerNames.ValuePos, Related: []lint.Related{related(certs[0])},
					Message: fmt.Sprintf("no DNS name of the NPS server certificate (%s) matches %s ServerNames %s; expected one that does", nameList(names[0]), v.Method, wording.Quote(v.Block.ServerNames.Value))})
				return
			}
			items := make([]string, len(names))
			for i, ns := range names {
				items[i] = fmt.Sprintf("%s (%s)", describeCert(certs[i].Certificate), nameList(ns))
			}
			r.Report(lint.Finding{Pos: v.Block.ServerNames.ValuePos, Related: relatedFirst(certs),
				Message: fmt.Sprintf("no DNS name of %d NPS server certificates matches %s ServerNames %s: %s; expected one that does on each", len(certs), v.Method, wording.Quote(v.Block.ServerNames.Value), wording.SomeOf(items, len(certs)))})
		})
	},
}

var serverNamesCase = &lint.Check[*Documents]{
	Rule: lint.Rule{
		ID: "EAP037", Severity: lint.Warning,
		Title:         "ServerNames matches the NPS certificate's name with its case",
		Fix:           "write the NPS server certificate's DNS name in ServerNames exactly, case included",
		WindowsErrors: []string{"853"},
		Citation:      "ServerValidationParameters complex type (ServerNames), https://learn.microsoft.com/windows/win32/eaphost/eaptlsconnectionpropertiesv1schema-servervalidationparameters-complextype",
		Doc: "Windows 11 compares ServerNames with the certificate's names case-sensitively, so a name that matches only " +
			"when case is ignored fails there with 853, while older clients accept it.",
	},
	Run: func(in *Documents, r *lint.Reporter) {
		byServerNames(in, caseOnlyMatch, func(v eapxml.Validation, certs []*certcheck.Cert, names [][]string) {
			if len(certs) == 1 {
				r.Report(lint.Finding{Pos: v.Block.ServerNames.ValuePos, Related: []lint.Related{related(certs[0])},
					Message: fmt.Sprintf("%s ServerNames matches the NPS certificate's name (%s) only when case is ignored; Windows 11 compares case, so expected the name as the certificate writes it", v.Method, nameList(names[0]))})
				return
			}
			items := make([]string, len(names))
			for i, ns := range names {
				items[i] = fmt.Sprintf("%s (%s)", describeCert(certs[i].Certificate), nameList(ns))
			}
			r.Report(lint.Finding{Pos: v.Block.ServerNames.ValuePos, Related: relatedFirst(certs),
				Message: fmt.Sprintf("%s ServerNames matches the names of %d NPS certificates only when case is ignored: %s; Windows 11 compares case, so expected the names as the certificates write them", v.Method, len(certs), wording.SomeOf(items, len(certs)))})
		})
	},
}

// eachServerNameMatch calls f with how each NPS server certificate's DNS
// names match the ServerNames of each server validation that uses them.
// The matches are worked out once for the documents: compiling and
// matching many patterns against many names is the costly part.
func eachServerNameMatch(in *Documents, f func(v eapxml.Validation, c *certcheck.Cert, names []string, match nameMatch)) {
	if !in.nameMatchOK {
		in.nameMatch, in.nameMatchOK = serverNameMatches(in), true
	}
	for _, m := range in.nameMatch {
		f(m.v, m.c, m.names, m.match)
	}
}

// serverNameMatch is how one NPS certificate's names match one server
// validation's ServerNames.
type serverNameMatch struct {
	v     eapxml.Validation
	c     *certcheck.Cert
	names []string
	match nameMatch
}

func serverNameMatches(in *Documents) []serverNameMatch {
	nps := in.certs(certcheck.RoleNPS)
	if in.EAP == nil || len(nps) == 0 {
		return nil
	}
	var out []serverNameMatch
	for _, v := range in.EAP.Validations() {
		entries := eapxml.ServerNames(v.Block.ServerNames)
		if !v.On() || v.Accept.False() || len(entries) == 0 {
			continue
		}
		patterns := compileServerNames(entries)
		for _, c := range nps {
			names := certcheck.DNSNames(c.Certificate)
			out = append(out, serverNameMatch{v, c, names, patterns.match(names)})
		}
	}
	return out
}

type nameMatch int

const (
	noMatch nameMatch = iota
	caseOnlyMatch
	exactMatch
)

// serverNames are ServerNames entries, each a literal name or a regular
// expression for the whole name, compiled once: a list of entries is
// compared with every name of every NPS certificate.
type serverNames struct {
	literal map[string]bool
	folded  map[string]bool
	// dotted are the expressions whose only special character is '.'
	// (most entries: DNS names, their dots unescaped), matched rune by
	// rune by dotMatch as their programs would match them, without
	// compiling one: a program costs more than the whole comparison.
	dotted      []string
	exact, fold []*regexp.Regexp
}

// maxDotted bounds the entries dotMatch matches; a longer one is compiled,
// as before, so that one refused as too large is still refused.
const maxDotted = 1024

// MaxServerNamePatterns bounds the ServerNames entries of one block
// compiled as regular expressions (real profiles list a handful); the
// others, identical entries aside, are compared as literal names only, so
// that a block of a million entries costs a map, not a million programs.
const MaxServerNamePatterns = 1000

func compileServerNames(entries []string) serverNames {
	p := serverNames{literal: map[string]bool{}, folded: map[string]bool{}}
	for _, e := range entries {
		if p.literal[e] {
			continue // the same entry again
		}
		p.literal[e] = true
		p.folded[strings.ToLower(e)] = true
		if !strings.ContainsAny(e, `\.+*?()|[]{}^$`) || len(p.exact)+len(p.dotted) >= MaxServerNamePatterns {
			continue // a plain name, or past the bound: the maps decide
		}
		if len(e) <= maxDotted && !strings.ContainsAny(e, `\+*?()|[]{}^$`) && utf8.ValidString(e) {
			p.dotted = append(p.dotted, e)
			continue
		}
		if re, err := regexp.Compile("^(?:" + e + ")$"); err == nil {
			p.exact = append(p.exact, re)
		}
		if re, err := regexp.Compile("(?i)^(?:" + e + ")$"); err == nil {
			p.fold = append(p.fold, re)
		}
	}
	return p
}

// match compares certificate names with the entries.
func (p serverNames) match(names []string) nameMatch {
	best := noMatch
	for _, n := range names {
		if p.literal[n] || matchAny(p.exact, n) || dottedAny(p.dotted, n, false) {
			return exactMatch
		}
		if p.folded[strings.ToLower(n)] || matchAny(p.fold, n) || dottedAny(p.dotted, n, true) {
			best = caseOnlyMatch
		}
	}
	return best
}

// dottedAny reports whether one of the dotted entries matches name.
func dottedAny(patterns []string, name string, fold bool) bool {
	for _, p := range patterns {
		if dotMatch(p, name, fold) {
			return true
		}
	}
	return false
}

// dotMatch reports whether the whole of name matches pattern, valid UTF-8
// whose only special character is '.', as regexp matches ^(?:pattern)$
// (or (?i)^(?:pattern)$ when fold): '.' is any one rune but a newline,
// each byte of invalid UTF-8 in name is one rune (U+FFFD), and with fold
// a rune matches the runes of its Unicode simple case folding orbit.
func dotMatch(pattern, name string, fold bool) bool {
	for pattern != "" {
		if name == "" {
			return false
		}
		pr, pn := utf8.DecodeRuneInString(pattern)
		nr, nn := utf8.DecodeRuneInString(name)
		pattern, name = pattern[pn:], name[nn:]
		switch {
		case pr == '.':
			if nr == '\n' {
				return false
			}
		case pr == nr:
		case fold && sameFold(pr, nr):
		default:
			return false
		}
	}
	return name == ""
}

// sameFold reports whether a and b are in one Unicode simple case folding
// orbit, as regexp's case-insensitive literals compare runes.
func sameFold(a, b rune) bool {
	for r := unicode.SimpleFold(a); r != a; r = unicode.SimpleFold(r) {
		if r == b {
			return true
		}
	}
	return false
}

func matchAny(res []*regexp.Regexp, name string) bool {
	for _, re := range res {
		if re.MatchString(name) {
			return true
		}
	}
	return false
}

var cloudRootListed = &lint.Check[*Documents]{
	Rule: lint.Rule{
		ID: "EAP033", Severity: lint.Error,
		Title:         "TrustedRootCA lists the NPS server's root, not the Entra cloud root",
		Fix:           "replace the thumbprint of Microsoft VPN root CA gen 1 in TrustedRootCA with the root of the NPS server certificate",
		WindowsErrors: []string{"864"},
		Citation:      cite.ConditionalAccess + " (do not use the thumbprint of the cloud root certificate in TrustedRootCA)",
		Doc: "The Entra root (Microsoft VPN root CA gen 1) issues the client's Conditional Access certificate; the " +
			"client validates the NPS server, whose certificate comes from the internal PKI. Recognised when the Entra " +
			"root is among the certificates supplied.",
	},
	Run: func(in *Documents, r *lint.Reporter) {
		if in.EAP == nil || in.Certs == nil {
			return
		}
		cloud := map[string]*certcheck.Cert{}
		for _, c := range in.Certs.Certs {
			if certcheck.IsEntraRoot(c.Certificate) {
				cloud[thumb(c.Certificate)] = c
			}
		}
		if len(cloud) == 0 {
			return
		}
		for _, v := range in.EAP.Validations() {
			for _, t := range v.Block.TrustedRootCA {
				h, err := eapxml.Thumbprint(t.Value)
				if c := cloud[h]; err == nil && c != nil {
					r.Report(lint.Finding{Pos: t.ValuePos, Related: []lint.Related{related(c)},
						Message: fmt.Sprintf("%s TrustedRootCA %s is the Entra cloud root %q, which issues client certificates; expected the root of the NPS server certificate", v.Method, h, certcheck.EntraRootName)})
				}
			}
		}
	},
}
