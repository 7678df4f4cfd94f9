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
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/config"
	"github.com/aovpnlint/aovpnlint/crosscheck"
	"github.com/aovpnlint/aovpnlint/eapxml"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/profile"
)

// Options configure a check. The zero value is usable.
type Options struct {
	// Now is the time certificates are evaluated at. The zero value means
	// the current time, read once for the run (by certcheck.Set.Now).
	Now time.Time
	// Warn is how long before expiry certificates and CRLs are reported
	// as expiring; zero reports only what has expired. The command line
	// uses certcheck.DefaultWarn, 30 days.
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
	return run(len(inputs), func(i int) (*input.File, certcheck.Role) { return inputs[i].File, inputs[i].Role }, opts)
}

// Source is a file to check: its bytes, or the path it is read from when it
// is checked, with the role of its certificates (see [Input]).
type Source struct {
	Name string
	Data []byte
	// Path, when not empty, is read when the file is checked (only a
	// regular file, and never past Options.Limits.MaxBytes; see
	// input.Open); Name and Data are then not used.
	Path string
	Role certcheck.Role
	// File, when not nil, is the file already read (such as one refused
	// for its size by input.Open); Name, Data and Path are then not used.
	File *input.File
	// Optional leaves the file out, findings and all, when it turns out
	// to be of no supported kind: a README next to the profiles of a
	// folder.
	Optional bool
}

// name is how findings refer to the source.
func (s Source) name() string {
	switch {
	case s.File != nil:
		return s.File.Name
	case s.Path != "":
		return s.Path
	}
	return s.Name
}

// RunSources checks files given as bytes or paths, as [Run] does. Each
// file is read, parsed and checked by a bounded pool of workers (one per
// CPU) when its turn comes, and only the parsed models are kept, never the
// bytes or the document trees, so that a batch of thousands of profiles
// runs in little memory; the findings are the same, in the same order, as
// with Run. It also returns the names of the files checked (optional files
// of no supported kind left out). The error is for a path that cannot be
// read at all (gone, unreadable, not a regular file); the findings are
// then incomplete.
func RunSources(srcs []Source, opts Options) (findings []lint.Finding, checked []string, err error) {
	skipped := make([]bool, len(srcs))
	errs := make([]error, len(srcs))
	findings = run(len(srcs), func(i int) (*input.File, certcheck.Role) {
		s := srcs[i]
		f := s.File
		switch {
		case f != nil:
		case s.Path != "":
			f, errs[i] = input.Open(s.Path, nil, opts.Limits)
			if errs[i] != nil {
				return nil, 0
			}
		default:
			f = input.Read(s.Name, s.Data, opts.Limits)
		}
		if s.Optional && f.Kind == input.Unknown {
			skipped[i] = true
			return nil, 0
		}
		return f, s.Role
	}, opts)
	for i, s := range srcs {
		if errs[i] != nil {
			return findings, checked, errs[i]
		}
		if !skipped[i] {
			checked = append(checked, s.name())
		}
	}
	return findings, checked, nil
}

// prepared is what the first pass keeps of a file.
type prepared struct {
	name     string
	bundle   *certcheck.Bundle
	docs     []document
	findings []lint.Finding // the IN rules
	places   *input.Places
}

// run checks n files that file(i) reads (a nil file is left out): first
// each file on its own (parsing, certificate loading, the IN rules), in
// parallel; then the certificates together; then each document with its
// rules and against the certificates, in parallel. A panic while checking
// a file is a bug in aovpnlint: it becomes an [InternalError] finding for
// that file, and the other files are still checked.
func run(n int, file func(i int) (*input.File, certcheck.Role), opts Options) []lint.Finding {
	elements := opts.Config.NeedsElements()
	files := make([]prepared, n)
	parallel(n, func(i int) {
		name := fmt.Sprintf("input %d", i+1)
		defer recoverInto(&files[i].findings, &name, "reading")
		f, role := file(i)
		if f == nil {
			return
		}
		name = f.Name
		p := prepared{name: f.Name}
		p.findings = input.Lint(f)
		if f.Kind == input.Certificate {
			p.bundle = certcheck.Load(certcheck.File{Name: f.Name, Raw: f.Raw, Text: f.Text}, certcheck.LoadOptions{Passwords: opts.Passwords})
			p.bundle.SetRole(role)
			p.findings = append(p.findings, certcheck.LintBundle(p.bundle)...)
		}
		p.docs = parseDocs(f)
		p.places = f.Places(elements)
		files[i] = p
	})

	certs := &certcheck.Set{Opts: certcheck.Options{Now: opts.Now, Warn: opts.Warn, Host: opts.Host}}
	var docs []document
	places := make(map[string]*input.Places, n)
	var out []lint.Finding
	certFile := ""
	for _, p := range files {
		out = append(out, p.findings...)
		if p.places == nil {
			continue // left out, or failed
		}
		if p.bundle != nil {
			certs.Certs = append(certs.Certs, p.bundle.Certs...)
			certs.CRLs = append(certs.CRLs, p.bundle.CRLs...)
			if certFile == "" {
				certFile = p.name
			}
		}
		docs = append(docs, p.docs...)
		places[p.name] = p.places
	}
	classifier := certs.Classifier(hintsOf(docs))
	for _, c := range certs.Certs {
		if c.Role == certcheck.RoleUnknown {
			if role, why, ok := classifier.Classify(c.Certificate); ok {
				c.Role, c.Classified = role, why
			}
		}
	}
	certs.Opts.Protocol = protocolOf(docs)
	if len(certs.Certs)+len(certs.CRLs) > 0 {
		func() {
			defer recoverInto(&out, &certFile, "checking the certificates")
			out = append(out, certcheck.Lint(certs)...)
		}()
	}
	supplied := certs
	if len(certs.Certs) == 0 {
		supplied = nil
	}
	perDoc := make([][]lint.Finding, len(docs))
	parallel(len(docs), func(i int) {
		d := docs[i]
		defer recoverInto(&perDoc[i], &d.file, "checking the document")
		if d.profile != nil {
			perDoc[i] = append(profile.Lint(d.profile, profile.Options{Target: opts.Target}), crosscheck.Lint(crosscheck.ForProfile(d.profile, supplied))...)
			return
		}
		perDoc[i] = append(eapxml.Lint(d.eap), crosscheck.Lint(&crosscheck.Input{EAP: d.eap, Certs: supplied})...)
	})
	for _, fs := range perDoc {
		out = append(out, fs...)
	}
	return lint.Cap(config.Apply(opts.Config, places, out))
}

// InternalError is IN009: aovpnlint itself failed on a file. The command
// line exits with status 2 when it is reported.
var InternalError = &lint.Rule{
	ID: "IN009", Severity: lint.Error,
	Title:    "aovpnlint checked the file without an internal error",
	Fix:      "report the problem to the aovpnlint project with the file, or the smallest part of it that shows the problem; the other files were checked",
	Citation: "aovpnlint specification, section 3 Findings (tool failures exit with status 2)",
	Doc: "A panic while reading or checking one file is a bug in aovpnlint. It is recovered, reported as this " +
		"finding at the start of the file, and the file's other findings may be missing; the other files are still checked.",
}

// recoverInto turns a panic into an IN009 finding for the file *name,
// appended to out. It must be deferred.
func recoverInto(out *[]lint.Finding, name *string, doing string) {
	v := recover()
	if v == nil {
		return
	}
	r := lint.NewReporter(InternalError, out)
	r.Reportf(lint.Pos{File: *name, Line: 1, Col: 1}, "internal error while %s: %s; the findings of this file may be incomplete", doing, wording.Quote(fmt.Sprint(v)))
	r.Done()
}

// parallelFrom is the number of items from which parallel uses workers.
const parallelFrom = 16

// parallel calls work(0) … work(n-1) on a pool of one goroutine per CPU,
// or in turn when there are fewer than parallelFrom items: for the few
// files of a single check, starting threads costs more than it saves.
func parallel(n int, work func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 || n < parallelFrom {
		for i := range n {
			work(i)
		}
		return
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				work(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// CheckBytes checks one file given as bytes: name is how findings refer to
// it.
func CheckBytes(name string, data []byte, opts Options) []lint.Finding {
	return Check([]*input.File{input.Read(name, data, opts.Limits)}, opts)
}

// document is a parsed profile or bare EapHostConfig, and the name of its
// file.
type document struct {
	file    string
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
			out = append(out, document{file: f.Name, profile: profile.Parse(d.XML)})
		case input.EAP:
			out = append(out, document{file: f.Name, eap: eapxml.Parse(d.XML, d.XML.Root)})
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
	rules = append(rules, lint.Rules(certcheck.BundleChecks)...)
	rules = append(rules, config.Rules()...)
	rules = append(rules, InternalError)
	rules = append(rules, lint.Rules(profile.Checks)...)
	rules = append(rules, lint.Rules(eapxml.Checks)...)
	rules = append(rules, lint.Rules(certcheck.Checks)...)
	rules = append(rules, lint.Rules(profile.DeploymentChecks)...)
	rules = append(rules, lint.Rules(crosscheck.Checks)...)
	slices.SortStableFunc(rules, func(a, b *lint.Rule) int { return lint.CompareIDs(a.ID, b.ID) })
	return rules
}
