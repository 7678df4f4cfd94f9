package report

import (
	"bytes"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/owenrumney/go-sarif/v2/sarif"
)

// SRCROOT is the uriBaseId of every artifact location: the directory the
// check ran in, which code-scanning services map to the repository root.
const SRCROOT = "%SRCROOT%"

// sarifStart writes the SARIF log up to its first result: a log with
// one run, the tool with every rule (description, help with the fix and
// the Windows errors, a link into the rule reference, the default level),
// as the SARIF library writes it, cut where the results go; the rest is
// kept for Close.
func (w *Writer) sarifStart() error {
	log, err := sarif.New(sarif.Version210, true)
	if err != nil {
		return err
	}
	opts := w.opts
	run := sarif.NewRunWithInformationURI(opts.Tool.Name, opts.InformationURI)
	run.Tool.Driver.Version = &opts.Tool.Version
	w.sarifIndex = map[string]int{}
	for i, r := range opts.Rules {
		w.sarifIndex[r.ID] = i
		help := fmt.Sprintf("Fix: %s", r.Fix)
		if len(r.WindowsErrors) > 0 {
			help += fmt.Sprintf("\nWindows errors: %s", strings.Join(r.WindowsErrors, ", "))
		}
		help += "\nSource: " + r.Citation
		full := r.Title
		if r.Doc != "" {
			full = r.Doc
		}
		d := run.AddRule(r.ID).
			WithName(ruleName(r.Title)).
			WithShortDescription(sarif.NewMultiformatMessageString(r.Title)).
			WithFullDescription(sarif.NewMultiformatMessageString(full)).
			WithTextHelp(help).
			WithHelpURI(opts.HelpURI + "#" + strings.ToLower(r.ID)).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(level(r.Severity)))
		d.WithProperties(sarif.Properties{"windowsErrors": append([]string{}, r.WindowsErrors...)})
	}
	run.Results = []*sarif.Result{}
	log.AddRun(run)
	var b bytes.Buffer
	if err := log.PrettyWrite(&b); err != nil {
		return err
	}
	// A quotation mark in a string is escaped, so the key is found only
	// where it is the key of the run's results.
	head, tail, ok := strings.Cut(b.String(), "\n      \"results\": []")
	if !ok {
		return fmt.Errorf("report: the SARIF library wrote a log without the results of its run")
	}
	w.str(head + "\n      \"results\": [")
	w.tail = tail
	return nil
}

// sarifResult is the result of a finding of the rule at index i: its
// level, message, physical location and related locations, with the fix
// and the Windows errors as properties.
func sarifResult(f lint.Finding, i int, base string) *sarif.Result {
	res := sarif.NewRuleResult(f.Rule.ID).
		WithRuleIndex(i).
		WithLevel(level(f.Severity)).
		WithMessage(sarif.NewTextMessage(f.Message)).
		WithLocations([]*sarif.Location{location(f.Pos, base)})
	for n, rel := range f.Related {
		loc := location(rel.Pos, base).WithId(n + 1).WithMessage(sarif.NewTextMessage(rel.Message))
		res.AddRelatedLocation(loc)
	}
	res.Properties = sarif.Properties{"fix": f.Fix, "windowsErrors": append([]string{}, f.WindowsErrors...)}
	return res
}

// location is the physical location of a position: the file relative to
// base with the %SRCROOT% base, and a region when the line is known.
func location(p lint.Pos, base string) *sarif.Location {
	art := sarif.NewArtifactLocation().WithUri(fileURI(p.File, base)).WithUriBaseId(SRCROOT)
	phys := sarif.NewPhysicalLocation().WithArtifactLocation(art)
	if p.Line > 0 {
		reg := sarif.NewRegion().WithStartLine(p.Line)
		if p.Col > 0 {
			reg.WithStartColumn(p.Col)
		}
		phys.WithRegion(reg)
	}
	return sarif.NewLocationWithPhysicalLocation(phys)
}

// fileURI writes a file name as a relative URI reference with forward
// slashes, relative to base when base is given and the file is inside it.
// A first segment with a colon is written after "./", so that a file
// named "javascript:alert(1).xml" is a path, never a URI scheme.
func fileURI(name, base string) string {
	if base != "" && filepath.IsAbs(name) {
		if rel, err := filepath.Rel(base, name); err == nil && !strings.HasPrefix(rel, "..") {
			name = rel
		}
	}
	u := url.URL{Path: filepath.ToSlash(name)}
	return u.String()
}

// level maps a severity to a SARIF level.
func level(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "note"
}

// ruleName turns a rule title into the PascalCase name SARIF viewers show
// next to the ID: "TrustedRootCAListsTheNPSServersRoot".
func ruleName(title string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}
