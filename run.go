package aovpnlint

import (
	"bytes"
	"crypto/sha1"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/config"
	"github.com/aovpnlint/aovpnlint/crosscheck"
	"github.com/aovpnlint/aovpnlint/eapxml"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/fsread"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/nps"
	"github.com/aovpnlint/aovpnlint/profile"
)

// A run checks its files in three steps (see [Stream]):
//
//  1. survey: every file is looked at; certificate files are read and
//     loaded and kept, with their own findings; other files are read and
//     kept within keepBytes, and let go beyond it.
//  2. certificates: when there are certificates, what the profiles say
//     about them (hosts, NPS names, protocol) is read from every other
//     file, the certificates without a role are classified, and the
//     certificate rules run on them all.
//  3. check: the files, grouped by name and in name order, are read,
//     parsed and checked by a pool of workers, and each file's findings,
//     with the configuration applied, are emitted in that order.
type run struct {
	opts     Options
	lim      input.Limits
	elements bool // the configuration needs element paths
	entries  []*entry

	// supplied are the certificates the documents are checked against;
	// nil when none was given.
	supplied *certcheck.Set
	// certFindings are the findings of the certificate rules, by file.
	certFindings map[string][]lint.Finding
	// npsExports are the NPS configuration exports given, read in step 1.
	npsExports []*nps.Export
	// now is the time certificates are judged at: Options.Now, or the
	// current time, read once for the run.
	now time.Time
	// keptBytes is the size of the document files kept read (and parsed)
	// from one step to the next, at most keepBytes.
	keptBytes atomic.Int64
	// refs shares the files OpenVPN profiles name among them.
	refs refShare
}

// keepBytes bounds the document files a run keeps read between its steps
// (entry.kept, entry.docs): up to this many bytes of them are read and
// parsed once, in step 1, instead of once for step 2's hints and once more
// for step 3. A check of a profile and its certificates fits; a folder of
// thousands of profiles keeps its first ones only, so that its memory does
// not grow with the folder. A document read and parsed holds about 20
// times its size (the 5.6 KB scenario profile 134 KB, a 253 KB profile
// 4.3 MB), so 64 KiB of them hold a few MB. A var for the tests.
var keepBytes int64 = 64 << 10

// keep reserves n bytes of keepBytes, and reports whether there were.
func (r *run) keep(n int) bool {
	if r.keptBytes.Add(int64(n)) <= keepBytes {
		return true
	}
	r.keptBytes.Add(-int64(n))
	return false
}

// entry is one file of a run and what the run keeps of it.
type entry struct {
	index int // in the files given
	src   File
	name  string
	// kept is the file read once: a Reader's, or a document file read in
	// step 1 within keepBytes. It is let go once the file is checked.
	kept *input.File
	// docs are kept's documents, parsed in step 2 when kept is within
	// keepBytes (parsed says so), for step 3.
	docs   []document
	parsed bool
	small  bool // kept is within keepBytes
	// bundle is a certificate file's certificates and CRLs.
	bundle *certcheck.Bundle
	// findings are those found before the file is checked: a certificate
	// file's IN rules and bundle, and any internal error.
	findings []lint.Finding
	// places are a certificate file's places, for the configuration.
	places *input.Places
	// export is an NPS configuration export, read in step 1 so that the
	// documents can be checked against it.
	export *nps.Export
	// hints and protocols are what a document file says about the
	// certificates (step 2).
	hints     certcheck.Hints
	protocols []string
	// openvpn and windows say, in step 2, whether the file is an OpenVPN
	// profile, or holds a ProfileXML or EapHostConfig.
	openvpn, windows bool
	failed           bool  // an internal error: the file is not read again
	skipped          bool  // optional, of no supported kind (set in step 3)
	err              error // the file cannot be read
}

func newRun(files []File, opts Options) *run {
	lim := opts.Limits
	if lim.MaxBytes <= 0 {
		lim.MaxBytes = input.DefaultLimits.MaxBytes
	}
	r := &run{opts: opts, lim: lim, elements: opts.Config.NeedsElements() || opts.ElementPaths, certFindings: map[string][]lint.Finding{}, now: opts.Now}
	if r.now.IsZero() {
		r.now = time.Now()
	}
	for i, f := range files {
		name := f.Name
		if f.Path != "" {
			name = f.Path
		}
		r.entries = append(r.entries, &entry{index: i, src: f, name: name})
	}
	return r
}

// survey is step 1. The error is that of the first file, in the order
// given, that cannot be read.
func (r *run) survey() error {
	parallel(len(r.entries), func(i int, help func()) {
		e := r.entries[i]
		n := len(e.findings)
		defer func() { e.failed = e.failed || len(e.findings) > n }()
		defer recoverInto(&e.findings, &e.name, "reading")
		f, err := r.peek(e)
		if err != nil {
			e.err = err
			return
		}
		if f != nil && len(f.Raw) >= helpFrom {
			help()
		}
		if f != nil && f.Kind == input.NPSExport && !e.src.CRL {
			// Read once: its findings and places now, its model kept for the
			// documents (step 3 does not read it again).
			e.findings = input.Lint(f)
			e.places = f.Places(r.elements)
			for _, d := range f.Docs {
				if d.Kind == input.NPS && d.XML != nil {
					e.export = nps.Parse(d.XML)
				}
			}
			return
		}
		if f == nil || (f.Kind != input.Certificate && !(e.src.CRL && f.Kind != input.TooLarge)) {
			return
		}
		file := certcheck.File{Name: f.Name, Raw: f.Raw, Text: f.Text}
		if f.Kind == input.Certificate {
			e.findings = input.Lint(f)
		} else {
			file.Text = nil // given as a CRL but of another kind: read as DER, which says what it is not
		}
		e.bundle = certcheck.Load(file, certcheck.LoadOptions{Passwords: r.opts.Passwords, CRL: e.src.CRL})
		e.bundle.SetRole(e.src.Role)
		e.findings = append(e.findings, certcheck.LintBundle(e.bundle)...)
		e.places = f.Places(r.elements)
	})
	for _, e := range r.entries {
		if e.err != nil {
			return e.err
		}
		if e.export != nil {
			r.npsExports = append(r.npsExports, e.export)
		}
	}
	return nil
}

// peek looks at a file for step 1: it returns the file read when it is a
// certificate file (or came from a Reader), nil otherwise.
func (r *run) peek(e *entry) (*input.File, error) {
	switch {
	case e.src.Path != "":
		data, err := fsread.File(e.src.Path, r.lim.MaxBytes)
		var tl *fsread.TooLargeError
		if errors.As(err, &tl) {
			return nil, nil // refused when it is checked (IN006)
		}
		if err != nil {
			return nil, err
		}
		if !e.src.CRL && !input.IsCertificate(data, r.lim) && !mayBeNPSExport(data) {
			r.keepRead(e, e.src.Path, data)
			return nil, nil
		}
		return input.Read(e.src.Path, data, r.lim), nil
	case e.src.Reader != nil:
		f, err := input.ReadFrom(e.name, e.src.Reader, r.lim)
		e.kept = f
		return f, err
	case e.src.CRL || input.IsCertificate(e.src.Data, r.lim) || mayBeNPSExport(e.src.Data):
		return input.Read(e.name, e.src.Data, r.lim), nil
	}
	r.keepRead(e, e.name, e.src.Data)
	return nil, nil
}

// keepRead reads a document file in step 1 and keeps it for the next
// steps, when it fits in keepBytes; otherwise it is read when needed.
func (r *run) keepRead(e *entry, name string, data []byte) {
	if r.keep(len(data)) {
		e.kept, e.small = input.Read(name, data, r.lim), true
	}
}

// mayBeNPSExport reports whether data may be an NPS configuration export,
// whose root Root appears in its first kilobytes, in UTF-8 or UTF-16: such
// a file is read in step 1, so that the documents can be compared with it.
func mayBeNPSExport(data []byte) bool {
	head := data[:min(len(data), 4096)]
	return bytes.Contains(head, []byte("<Root")) || bytes.Contains(head, []byte("<\x00R\x00o\x00o\x00t\x00"))
}

// read reads a file that is not a certificate file, for steps 2 and 3.
func (r *run) read(e *entry) (*input.File, error) {
	switch {
	case e.kept != nil:
		return e.kept, nil
	case e.src.Path != "":
		return input.Open(e.src.Path, nil, r.lim)
	}
	return input.Read(e.name, e.src.Data, r.lim), nil
}

// certificates is step 2.
func (r *run) certificates() {
	set := &certcheck.Set{Opts: certcheck.Options{Now: r.now, Warn: r.opts.Warn, Host: r.opts.Host}}
	certFile := ""
	for _, e := range r.entries {
		if e.bundle == nil {
			continue
		}
		set.Certs = append(set.Certs, e.bundle.Certs...)
		set.CRLs = append(set.CRLs, e.bundle.CRLs...)
		if certFile == "" {
			certFile = e.name
		}
	}
	if len(set.Certs)+len(set.CRLs) == 0 {
		return
	}
	r.readHints()
	if r.openVPNOnly() {
		// The certificates are given for OpenVPN profiles: the rules that
		// judge them for Windows (and the classification for Windows
		// roles) do not apply; the OpenVPN rules use them with each
		// profile (checkOpenVPN).
		r.supplied = set
		return
	}
	var hints certcheck.Hints
	var protocols []string
	for _, e := range r.entries {
		hints.Servers = append(hints.Servers, e.hints.Servers...)
		hints.NPSNames = append(hints.NPSNames, e.hints.NPSNames...)
		protocols = append(protocols, e.protocols...)
	}
	r.presentedByNPS(set)
	classifier := set.Classifier(hints)
	for _, c := range set.Certs {
		if c.Role == certcheck.RoleUnknown {
			if role, why, ok := classifier.Classify(c.Certificate); ok {
				c.Role, c.Classified = role, why
			}
		}
	}
	set.Opts.Protocol = agreed(protocols)
	var out []lint.Finding
	func() {
		defer recoverInto(&out, &certFile, "checking the certificates")
		out = append(out, certcheck.Lint(set)...)
	}()
	for _, f := range out {
		r.certFindings[f.Pos.File] = append(r.certFindings[f.Pos.File], f)
	}
	if len(set.Certs) > 0 {
		r.supplied = set
	}
}

// presentedByNPS gives the certificates given without a role that an NPS
// export's VPN policy names by thumbprint (the certificate NPS presents)
// the role of the NPS server certificate, and says why.
func (r *run) presentedByNPS(set *certcheck.Set) {
	if len(r.npsExports) == 0 {
		return
	}
	byHash := map[string]*certcheck.Cert{}
	for _, c := range set.Certs {
		if c.Role == certcheck.RoleUnknown {
			byHash[fmt.Sprintf("%x", sha1.Sum(c.Raw))] = c
		}
	}
	for _, e := range r.npsExports {
		for _, p := range e.VPNPolicies() {
			for _, t := range p.Thumbprints() {
				if c := byHash[t.Hex]; c != nil && c.Role == certcheck.RoleUnknown {
					c.Role = certcheck.RoleNPS
					c.Classified = fmt.Sprintf("the certificate NPS presents: network policy %s names its thumbprint (%s)", wording.Quote(p.Name.Value), t.Pos)
				}
			}
		}
	}
}

// readHints reads what the documents say about the certificates, from
// every file that is not a certificate file.
func (r *run) readHints() {
	parallel(len(r.entries), func(i int, _ func()) {
		e := r.entries[i]
		if e.bundle != nil || e.failed {
			return
		}
		defer recoverInto(&e.findings, &e.name, "reading what the file says about the certificates")
		f, err := r.read(e)
		if err != nil {
			return // reported when the file is checked
		}
		e.openvpn = f.Kind == input.OpenVPN
		docs := parseDocs(f)
		if e.small {
			e.docs, e.parsed = docs, true
		}
		for _, d := range docs {
			e.windows = true
			c := d.eap
			if d.profile != nil {
				for _, s := range d.profile.ServerHosts() {
					e.hints.Servers = append(e.hints.Servers, s.Name)
				}
				if p := d.profile.Protocol(); p != "" {
					e.protocols = append(e.protocols, p)
				}
				c = d.profile.EAP()
			}
			if c == nil {
				continue
			}
			for _, v := range c.Validations() {
				e.hints.NPSNames = append(e.hints.NPSNames, eapxml.ServerNames(v.Block.ServerNames)...)
			}
		}
	})
}

// openVPNOnly reports whether the documents given with the certificates
// are OpenVPN profiles only: no ProfileXML, EapHostConfig or NPS export.
func (r *run) openVPNOnly() bool {
	openvpn := false
	for _, e := range r.entries {
		if e.windows || e.export != nil {
			return false
		}
		openvpn = openvpn || e.openvpn
	}
	return openvpn
}

// agreed returns the protocol the profiles agree on, or "" when they name
// none or several.
func agreed(protocols []string) string {
	proto := ""
	for _, p := range protocols {
		if proto != "" && !strings.EqualFold(proto, p) {
			return ""
		}
		proto = p
	}
	return proto
}

// unit is the files of one name, checked and reported together.
type unit struct {
	name    string
	entries []*entry // in the order given
	certs   bool     // one of them is a certificate file
}

// checkedUnit is what checking a unit found.
type checkedUnit struct {
	own     []lint.Finding // in the file, in the order of today's report
	places  *input.Places
	foreign []foreign // in other files (CERT053 at a certificate)
	err     error
}

// foreign is a finding a document's rules made in another file, with
// where it came from, so that such findings are put in the order of the
// files given.
type foreign struct {
	f        lint.Finding
	from, at int // entry index, and position among its findings
}

// check is step 3.
func (r *run) check(emit func(lint.Finding) error) error {
	units := r.units()
	s := newScheduler(len(units), func(i int) checkedUnit { return r.checkUnit(units[i]) }, r.supplied == nil)
	defer s.stop()
	applier := config.NewApplier(r.opts.Config)
	applier.KeepSuppressed = r.opts.KeepSuppressed
	held := map[string]*heldForeign{} // foreign findings by file, until it is reported
	taken := 0                        // the units whose foreign findings are held
	take := func(j int) error {
		for ; taken <= j; taken++ {
			c := s.get(taken)
			if c.err != nil {
				return c.err
			}
			for _, f := range c.foreign {
				h := held[f.f.Pos.File]
				if h == nil {
					h = &heldForeign{}
					held[f.f.Pos.File] = h
				}
				h.add(f)
			}
			s.taken(taken)
		}
		return nil
	}
	for i, u := range units {
		if err := take(i); err != nil {
			return err
		}
		if u.certs && r.supplied != nil {
			// The documents' rules may report at this certificate file:
			// every document is checked first.
			if err := take(len(units) - 1); err != nil {
				return err
			}
		}
		c := s.get(i)
		own := c.own
		if u.certs && r.supplied != nil {
			own = append(own, held[u.name].sorted()...)
			delete(held, u.name)
		}
		for _, f := range lint.Cap(applier.File(u.name, c.places, own)) {
			if r.opts.ElementPaths && c.places != nil {
				f.Path, f.End = c.places.Element(f.Pos, maxPath)
			}
			if err := emit(f); err != nil {
				return err
			}
		}
		if r.opts.Checked != nil {
			r.opts.Checked(u.name)
		}
		s.done(i)
	}
	// The configuration's own findings, and any a document's rules made
	// in a file other than its own and not a certificate file (none do
	// today).
	last := applier.Unused()
	names := slices.Sorted(maps.Keys(held))
	for _, name := range names {
		last = append(last, held[name].sorted()...)
	}
	lint.Sort(last)
	for _, f := range lint.Cap(last) {
		if err := emit(f); err != nil {
			return err
		}
	}
	return nil
}

// maxPath bounds the element path set on a finding (Options.ElementPaths):
// a path is for fingerprints and logical locations, and a hostile element
// name of a megabyte costs each finding inside it this much, not a
// megabyte.
const maxPath = 1024

// sortedForeign returns the findings in the order the files were given.
func sortedForeign(fs []foreign) []lint.Finding {
	slices.SortStableFunc(fs, func(a, b foreign) int { return a.before(b) })
	out := make([]lint.Finding, len(fs))
	for i, f := range fs {
		out[i] = f.f
	}
	return out
}

// before orders foreign findings by where they come from: the entry, then
// the place among its findings.
func (f foreign) before(g foreign) int {
	if f.from != g.from {
		return f.from - g.from
	}
	return f.at - g.at
}

// heldForeign holds the foreign findings of one file until it is
// reported. A finding that several documents make alike (the same rule,
// place and message: CERT053 at a VPN server certificate, for each SSTP
// profile) is held once, with the related places of the first documents
// in the order of the files given, at most wording.MaxListed of them: the
// findings of a certificate file do not grow with the documents checked
// against it, nor does what is held.
type heldForeign struct {
	list  []*alike
	index map[alikeKey]*alike
}

// alikeKey is what makes findings alike.
type alikeKey struct {
	rule string
	pos  lint.Pos
	msg  string
}

// alike is a finding made by one document or more: its makers, first the
// earliest, as long as their related places number at most
// wording.MaxListed.
type alike struct {
	makers []foreign
}

// add holds f.
func (h *heldForeign) add(f foreign) {
	k := alikeKey{f.f.Rule.ID, f.f.Pos, f.f.Message}
	a := h.index[k]
	if a == nil {
		if h.index == nil {
			h.index = map[alikeKey]*alike{}
		}
		a = &alike{makers: []foreign{f}}
		h.index[k] = a
		h.list = append(h.list, a)
		return
	}
	i, _ := slices.BinarySearchFunc(a.makers, f, foreign.before)
	a.makers = slices.Insert(a.makers, i, f)
	n := 0
	for j, m := range a.makers { // the makers whose related places are shown
		if j > 0 && n >= wording.MaxListed {
			a.makers = a.makers[:j]
			break
		}
		n += max(1, len(m.f.Related)) // one without any counts too, so that at most MaxListed are kept
	}
}

// sorted returns the findings held, in the order of the files given, each
// finding made alike by several documents once, with their related places
// (at most wording.MaxListed).
func (h *heldForeign) sorted() []lint.Finding {
	if h == nil {
		return nil
	}
	fs := make([]foreign, len(h.list))
	for i, a := range h.list {
		fs[i] = a.makers[0]
		if len(a.makers) > 1 {
			var rel []lint.Related
			for _, m := range a.makers {
				rel = append(rel, m.f.Related...)
			}
			fs[i].f.Related = rel[:min(len(rel), wording.MaxListed)]
		}
	}
	return sortedForeign(fs)
}

// units groups the entries by name, in name order.
func (r *run) units() []*unit {
	var units []*unit
	byName := map[string]*unit{}
	for _, e := range r.entries {
		u := byName[e.name]
		if u == nil {
			u = &unit{name: e.name}
			byName[e.name] = u
			units = append(units, u)
		}
		u.entries = append(u.entries, e)
		u.certs = u.certs || e.bundle != nil
	}
	slices.SortFunc(units, func(a, b *unit) int { return strings.Compare(a.name, b.name) })
	return units
}

// checkUnit reads, parses and checks the files of a unit, certificate
// files aside, and gathers the unit's findings in the order of the old
// whole-run report, which sorting keeps for findings at the same place:
// the IN rules of each file, then the certificate rules, then each
// document's rules.
func (r *run) checkUnit(u *unit) checkedUnit {
	var c checkedUnit
	var docFindings []lint.Finding
	for _, e := range u.entries {
		c.own = append(c.own, e.findings...)
		if e.bundle != nil {
			c.places = e.places
			continue
		}
		if e.export != nil {
			c.places = e.places
			docFindings = append(docFindings, r.checkDoc(document{file: e.name, nps: e.export})...)
			continue
		}
		if e.failed {
			continue
		}
		in, docs, places, err := r.checkFile(e)
		if err != nil {
			c.err = err
			return c
		}
		c.own = append(c.own, in...)
		if places != nil {
			c.places = places
		}
		for _, f := range docs {
			if f.Pos.File == u.name {
				docFindings = append(docFindings, f)
			} else {
				c.foreign = append(c.foreign, foreign{f: f, from: e.index, at: len(c.foreign)})
			}
		}
	}
	c.own = append(c.own, r.certFindings[u.name]...)
	c.own = append(c.own, docFindings...)
	return c
}

// checkFile reads, parses and checks one file that is not a certificate
// file: the findings of the IN rules, those of its documents, and its
// places; nil places for an optional file of no supported kind.
func (r *run) checkFile(e *entry) (in, docs []lint.Finding, places *input.Places, err error) {
	defer recoverInto(&in, &e.name, "reading")
	f, err := r.read(e)
	if err != nil {
		return nil, nil, nil, err
	}
	parsed, kept := e.docs, e.parsed
	e.kept, e.docs, e.parsed = nil, nil, false // let go: the file is not read again
	if e.src.Optional && f.Kind == input.Unknown {
		e.skipped = true
		return nil, nil, nil, nil
	}
	in = input.Lint(f)
	places = f.Places(r.elements)
	if f.Kind == input.OpenVPN {
		return in, r.checkOpenVPN(e, f), places, nil
	}
	if !kept {
		parsed = parseDocs(f)
	}
	for _, d := range parsed {
		docs = append(docs, r.checkDoc(d)...)
	}
	return in, docs, places, nil
}

// checkDoc runs a document's rules and compares it with the
// certificates.
func (r *run) checkDoc(d document) (out []lint.Finding) {
	defer recoverInto(&out, &d.file, "checking the document")
	if d.nps != nil {
		return nps.Lint(d.nps)
	}
	if d.profile != nil {
		docs := crosscheck.ForProfile(d.profile, r.supplied)
		docs.NPS = r.npsExports
		return append(profile.Lint(d.profile, profile.Options{Target: r.opts.Target}), crosscheck.Lint(docs)...)
	}
	return append(eapxml.Lint(d.eap), crosscheck.Lint(&crosscheck.Documents{EAP: d.eap, Certs: r.supplied, NPS: r.npsExports})...)
}

// checked returns the names of the files checked, in the order given.
func (r *run) checked() []string {
	var names []string
	for _, e := range r.entries {
		if !e.skipped {
			names = append(names, e.name)
		}
	}
	return names
}

// document is a parsed profile or bare EapHostConfig, and the name of its
// file.
type document struct {
	file    string
	profile *profile.Profile
	eap     *eapxml.Config
	nps     *nps.Export
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
		case input.NPS:
			out = append(out, document{file: f.Name, nps: nps.Parse(d.XML)})
		}
	}
	return out
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

// parallelFrom is the number of items from which the work is shared
// among workers.
const parallelFrom = 16

// workers returns the number of goroutines for n items: one per CPU, or
// none (the work is done in turn) when there are fewer than parallelFrom
// items: for the few files of a single check, starting threads costs
// more than it saves.
func workers(n int) int {
	w := min(runtime.GOMAXPROCS(0), n)
	if w <= 1 || n < parallelFrom {
		return 0
	}
	return w
}

// parallel calls work(0) … work(n-1), on workers (see workers). Below
// parallelFrom items the caller takes them in turn, unless an item turns
// out to be large and calls help (step 1 does for a certificate file, CRL,
// NPS export or reader's file of helpFrom bytes or more): the other
// workers then join, for the items not yet taken. A check of a profile
// with its certificates stays on one goroutine; two files of 5,000
// certificates each are read at once.
func parallel(n int, work func(i int, help func())) {
	var next atomic.Int64
	var wg sync.WaitGroup
	var take func()
	w := workers(n)
	var join sync.Once
	help := func() {
		join.Do(func() {
			for range min(runtime.GOMAXPROCS(0), n) - 1 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					take()
				}()
			}
		})
	}
	if w > 0 {
		help = func() {}
	}
	take = func() {
		for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
			work(i, help)
		}
	}
	for range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			take()
		}()
	}
	if w == 0 {
		take()
	}
	wg.Wait()
}

// helpFrom is the size of a certificate file, CRL, NPS export or reader's
// file from which reading it in step 1 has the other files of a small run
// read on other workers (see parallel): 256 KiB, a few hundred
// certificates. Profiles are only read in step 1, not parsed, so a large
// one asks for no help.
const helpFrom = 256 << 10

// scheduler computes work(0) … work(n-1) ahead of the one reading the
// results in order: on workers (see workers) that take the items in
// order and stay at most a window of items ahead of the reader when
// bounded, or in turn when get asks. Only the results not yet let go are
// held, so that its memory does not grow with n.
type scheduler struct {
	work    func(i int) checkedUnit
	workers bool
	mu      sync.Mutex
	cond    *sync.Cond
	results map[int]checkedUnit // finished and not yet let go
	window  chan struct{}       // a token per item worked on or waiting; nil when not bounded
	quit    chan struct{}
	wg      sync.WaitGroup
}

// windowPerWorker is how many items workers may be ahead of the reader,
// per worker.
const windowPerWorker = 8

func newScheduler(n int, work func(i int) checkedUnit, bounded bool) *scheduler {
	s := &scheduler{work: work, results: map[int]checkedUnit{}, quit: make(chan struct{})}
	s.cond = sync.NewCond(&s.mu)
	w := workers(n)
	if w == 0 {
		return s
	}
	s.workers = true
	if bounded {
		s.window = make(chan struct{}, w*windowPerWorker)
	}
	var next atomic.Int64
	for range w {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			for {
				// The token is taken before the item, so the items being
				// worked on are always the first ones not yet let go.
				if s.window != nil {
					select {
					case s.window <- struct{}{}:
					case <-s.quit:
						return
					}
				}
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				select {
				case <-s.quit:
					return
				default:
				}
				r := work(i)
				s.mu.Lock()
				s.results[i] = r
				s.cond.Broadcast()
				s.mu.Unlock()
			}
		}()
	}
	return s
}

// get returns the result of item i, waiting for it or computing it; it
// is kept until done(i).
func (s *scheduler) get(i int) checkedUnit {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if r, ok := s.results[i]; ok {
			return r
		}
		if !s.workers {
			r := s.work(i)
			s.results[i] = r
			return r
		}
		s.cond.Wait()
	}
}

// done lets go of item i once its result is used.
func (s *scheduler) done(i int) {
	s.mu.Lock()
	delete(s.results, i)
	s.mu.Unlock()
	if s.window != nil {
		<-s.window
	}
}

// taken lets go of item i's foreign findings, once the reader holds them
// (see heldForeign): the rest of the item is kept until done.
func (s *scheduler) taken(i int) {
	s.mu.Lock()
	if r, ok := s.results[i]; ok {
		r.foreign = nil
		s.results[i] = r
	}
	s.mu.Unlock()
}

// stop ends the workers and waits for them.
func (s *scheduler) stop() {
	close(s.quit)
	s.wg.Wait()
}
