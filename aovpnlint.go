// Package aovpnlint validates Windows Always On VPN configuration offline:
// the VPNv2 ProfileXML, the EapHostConfig inside it, and the certificates
// involved. It reports every fault it can prove as a [lint.Finding] with a
// stable rule ID, a severity, a file:line:col position, the Windows error
// the fault would cause, and a fix.
//
// The package is a thin facade over the packages that do the work:
// package input reads files in every wrapper a profile comes in, package
// profile and package eapxml model and check the documents, package
// certcheck loads and checks certificates. [Check] runs them all on a set
// of files; [Rules] lists every rule.
//
// Nothing here prints, reads the clock or the system's trusted roots
// implicitly, or touches the network.
package aovpnlint

//go:generate go run ./internal/ruledoc/gen

import (
	"slices"
	"strings"
	"time"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/config"
	"github.com/aovpnlint/aovpnlint/eapxml"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/profile"
)

// Options configure a check. The zero value is usable.
type Options struct {
	// Now is the time certificates are evaluated at. The zero value means
	// the current time, read once when the check starts.
	Now time.Time
	// Warn is how long before expiry certificates and CRLs are reported
	// as expiring. Zero means 30 days.
	Warn time.Duration
	// Host, when set, is the name the VPN server certificates must be
	// valid for (`aovpnlint cert --host`).
	Host string
	// Passwords are tried on PFX files after the empty password. They are
	// never printed.
	Passwords []string
	// Limits bound the input; zero fields mean input.DefaultLimits.
	Limits input.Limits
	// Target is where profiles are deployed: "intune" turns on the
	// comparison with how Windows reads a profile back (VPN062);
	// "powershell", "any" and "" do not.
	Target string
	// Config holds severity overrides, disabled rules and suppressions
	// (see package config); nil applies only the inline suppressions
	// written in the profiles.
	Config *config.Config
}

// Input is a file to check and the role its certificates are given for.
// Role is ignored for profiles; certcheck.RoleUnknown has certificates
// classified by their content and the profiles checked with them.
type Input struct {
	File *input.File
	Role certcheck.Role
}

// Check checks files that have already been read (see [input.Open] and
// [input.Read]), certificates among them classified by their content, and
// returns the findings sorted by file, line, column and rule.
func Check(files []*input.File, opts Options) []lint.Finding {
	inputs := make([]Input, len(files))
	for i, f := range files {
		inputs[i] = Input{File: f}
	}
	return Run(inputs, opts)
}

// Run checks files given with roles: profiles and EAP configurations with
// their rules, certificates with the certificate rules for their role, and
// the documents against each other (the gateway certificate against
// Servers, the NPS certificate and the roots against the EAP server
// validation, the client certificates against the EAP certificate filter).
// The configuration (and the inline suppressions in the profiles) is
// applied last. It returns the findings sorted by file, line, column and
// rule.
//
// Certificates given without a role are classified by their content and
// what the profiles say: a certificate valid for a Servers host is the VPN
// server's, one valid for a ServerNames entry the NPS server's.
func Run(inputs []Input, opts Options) []lint.Finding {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	certs := &certcheck.Input{Opts: certcheck.Options{Now: opts.Now, Warn: opts.Warn, Host: opts.Host}}
	var docs []document
	for _, in := range inputs {
		f := in.File
		if f.Kind == input.Certificate {
			b := certcheck.Load(f, certcheck.LoadOptions{Passwords: opts.Passwords})
			b.SetRole(in.Role)
			certs.Certs = append(certs.Certs, b.Certs...)
			certs.CRLs = append(certs.CRLs, b.CRLs...)
		}
		docs = append(docs, parseDocs(f)...)
	}
	hints := hintsOf(docs)
	for _, c := range certs.Certs {
		if c.Role == certcheck.RoleUnknown {
			if role, why, ok := certcheck.Classify(c.Certificate, hints); ok {
				c.Role, c.Classified = role, why
			}
		}
	}
	certs.Opts.Protocol = protocolOf(docs)
	var out []lint.Finding
	if len(certs.Certs)+len(certs.CRLs) > 0 {
		out = append(out, certcheck.Check(certs)...)
	}
	supplied := certs
	if len(certs.Certs) == 0 {
		supplied = nil
	}
	for _, d := range docs {
		if d.profile != nil {
			out = append(out, profile.Lint(d.profile)...)
			out = append(out, profile.CrossLint(profile.NewInput(d.profile, supplied, opts.Target))...)
			continue
		}
		out = append(out, eapxml.Lint(d.eap)...)
		out = append(out, profile.CrossLint(&profile.Input{EAP: d.eap, Certs: supplied, Target: opts.Target})...)
	}
	files := make([]*input.File, len(inputs))
	for i, in := range inputs {
		out = append(out, input.Lint(in.File)...)
		files[i] = in.File
	}
	return config.Apply(opts.Config, files, out)
}

// CheckBytes checks one file given as bytes: name is how findings refer to
// it.
func CheckBytes(name string, data []byte, opts Options) []lint.Finding {
	return Check([]*input.File{input.Read(name, data, opts.Limits)}, opts)
}

// document is a parsed profile or bare EapHostConfig.
type document struct {
	profile *profile.Profile
	eap     *eapxml.Config
}

// parseDocs parses the well-formed profiles and EAP configurations of a
// file; IN001 reports the others.
func parseDocs(f *input.File) []document {
	var out []document
	for _, d := range f.Docs {
		if d.XML == nil {
			continue
		}
		switch d.Kind {
		case input.Profile:
			out = append(out, document{profile: profile.Parse(d.XML)})
		case input.EAP:
			out = append(out, document{eap: eapxml.Parse(d.XML, d.XML.Root)})
		}
	}
	return out
}

// hintsOf collects what the documents say about their certificates: the
// gateway hosts and the NPS server names.
func hintsOf(docs []document) certcheck.Hints {
	var h certcheck.Hints
	for _, d := range docs {
		c := d.eap
		if d.profile != nil {
			for _, s := range d.profile.ServerHosts() {
				h.Servers = append(h.Servers, s.Name)
			}
			c = d.profile.EAP()
		}
		if c == nil {
			continue
		}
		for _, v := range c.Validations() {
			h.NPSNames = append(h.NPSNames, eapxml.ServerNames(v.Block.ServerNames)...)
		}
	}
	return h
}

// protocolOf returns the protocol the profiles agree on, or "" when they
// name none or several.
func protocolOf(docs []document) string {
	proto := ""
	for _, d := range docs {
		if d.profile == nil || d.profile.Protocol() == "" {
			continue
		}
		if proto != "" && !strings.EqualFold(proto, d.profile.Protocol()) {
			return ""
		}
		proto = d.profile.Protocol()
	}
	return proto
}

// Rules returns every rule aovpnlint checks, by family (IN, VPN, EAP,
// CERT) and number.
func Rules() []*lint.Rule {
	var rules []*lint.Rule
	rules = append(rules, lint.Rules(input.Checks)...)
	rules = append(rules, config.Rules()...)
	rules = append(rules, lint.Rules(profile.Checks)...)
	rules = append(rules, lint.Rules(eapxml.Checks)...)
	rules = append(rules, lint.Rules(certcheck.Checks)...)
	rules = append(rules, lint.Rules(profile.CrossChecks)...)
	slices.SortStableFunc(rules, func(a, b *lint.Rule) int { return lint.CompareIDs(a.ID, b.ID) })
	return rules
}
