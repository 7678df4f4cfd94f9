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

import (
	"time"

	"github.com/aovpnlint/aovpnlint/certcheck"
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
// their rules, certificates with the certificate rules for their role,
// and returns the findings sorted by file, line, column and rule.
func Run(inputs []Input, opts Options) []lint.Finding {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	certs := &certcheck.Input{Opts: certcheck.Options{Now: opts.Now, Warn: opts.Warn, Host: opts.Host}}
	var out []lint.Finding
	for _, in := range inputs {
		f := in.File
		if f.Kind == input.Certificate {
			b := certcheck.Load(f, certcheck.LoadOptions{Passwords: opts.Passwords})
			b.SetRole(in.Role)
			certs.Certs = append(certs.Certs, b.Certs...)
			certs.CRLs = append(certs.CRLs, b.CRLs...)
		}
		out = append(out, checkDocs(f)...)
	}
	for _, c := range certs.Certs {
		if c.Role == certcheck.RoleUnknown {
			if role, why, ok := certcheck.Classify(c.Certificate, certcheck.Hints{}); ok {
				c.Role, c.Classified = role, why
			}
		}
	}
	if len(certs.Certs)+len(certs.CRLs) > 0 {
		out = append(out, certcheck.Check(certs)...)
	}
	for _, in := range inputs {
		out = append(out, input.Lint(in.File)...)
	}
	lint.Sort(out)
	return out
}

// CheckBytes checks one file given as bytes: name is how findings refer to
// it.
func CheckBytes(name string, data []byte, opts Options) []lint.Finding {
	return Check([]*input.File{input.Read(name, data, opts.Limits)}, opts)
}

// checkDocs checks the profiles and EAP configurations of a file.
func checkDocs(f *input.File) []lint.Finding {
	var out []lint.Finding
	for _, d := range f.Docs {
		if d.XML == nil {
			continue // not well-formed: IN001 says where
		}
		switch d.Kind {
		case input.Profile:
			out = append(out, profile.Lint(profile.Parse(d.XML))...)
		case input.EAP:
			out = append(out, eapxml.Lint(eapxml.Parse(d.XML, d.XML.Root))...)
		}
	}
	return out
}

// Rules returns every rule aovpnlint checks, by family: IN, VPN, EAP, CERT.
func Rules() []*lint.Rule {
	var rules []*lint.Rule
	rules = append(rules, lint.Rules(input.Checks)...)
	rules = append(rules, lint.Rules(profile.Checks)...)
	rules = append(rules, lint.Rules(eapxml.Checks)...)
	rules = append(rules, lint.Rules(certcheck.Checks)...)
	return rules
}
