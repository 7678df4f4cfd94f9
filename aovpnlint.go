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
	// the current time, read once when Check starts.
	Now time.Time
	// Limits bound the input; zero fields mean input.DefaultLimits.
	Limits input.Limits
}

// Check checks files that have already been read (see [input.Open] and
// [input.Read]) and returns the findings sorted by file, line, column and
// rule.
func Check(files []*input.File, opts Options) []lint.Finding {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	var out []lint.Finding
	for _, f := range files {
		out = append(out, checkFile(f)...)
	}
	lint.Sort(out)
	return out
}

// CheckBytes checks one file given as bytes: name is how findings refer to
// it.
func CheckBytes(name string, data []byte, opts Options) []lint.Finding {
	return Check([]*input.File{input.Read(name, data, opts.Limits)}, opts)
}

func checkFile(f *input.File) []lint.Finding {
	var out []lint.Finding
	if f.Kind == input.Certificate {
		certcheck.Load(f)
	}
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
	return append(out, input.Lint(f)...)
}

// Rules returns every rule aovpnlint checks, by family: IN, VPN, EAP, CERT.
func Rules() []*lint.Rule {
	var rules []*lint.Rule
	rules = append(rules, lint.Rules(input.Checks)...)
	rules = append(rules, lint.Rules(profile.Checks)...)
	rules = append(rules, lint.Rules(eapxml.Checks)...)
	return rules
}
