package report

import (
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/owenrumney/go-sarif/v2/sarif"
)

// SARIFOptions describe the tool and where its rules are documented, for
// [SARIF].
type SARIFOptions struct {
	Tool Tool
	// Rules are every rule of the tool, in catalog order; results refer
	// to them by index.
	Rules []*lint.Rule
	// InformationURI is the tool's home page; HelpURI is the rule
	// reference, to which "#" and the lower-case rule ID are appended.
	InformationURI, HelpURI string
	// BaseDir is the directory artifact URIs are made relative to (the
	// working directory); their uriBaseId is %SRCROOT%.
	BaseDir string
}

// SRCROOT is the uriBaseId of every artifact location: the directory the
// check ran in, which code-scanning services map to the repository root.
const SRCROOT = "%SRCROOT%"

// SARIF writes the findings as a SARIF 2.1.0 log with one run: the tool
// with every rule (description, help with the fix and the Windows errors,
// a link into the rule reference, the default level) and one result per
// finding, with its physical location and its related locations.
func SARIF(w io.Writer, fs []lint.Finding, opts SARIFOptions) error {
	log, err := sarif.New(sarif.Version210, true)
	if err != nil {
		return err
	}
	run := sarif.NewRunWithInformationURI(opts.Tool.Name, opts.InformationURI)
	run.Tool.Driver.Version = &opts.Tool.Version
	index := map[string]uint{}
	for i, r := range opts.Rules {
		index[r.ID] = uint(i)
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
	for _, f := range fs {
		i, ok := index[f.Rule.ID]
		if !ok {
			return fmt.Errorf("report: finding of rule %s, which is not among the rules given", f.Rule.ID)
		}
		res := sarif.NewRuleResult(f.Rule.ID).
			WithRuleIndex(int(i)).
			WithLevel(level(f.Severity)).
			WithMessage(sarif.NewTextMessage(f.Message)).
			WithLocations([]*sarif.Location{location(f.Pos, opts.BaseDir)})
		for n, rel := range f.Related {
			loc := location(rel.Pos, opts.BaseDir).WithId(n + 1).WithMessage(sarif.NewTextMessage(rel.Message))
			res.AddRelatedLocation(loc)
		}
		res.Properties = sarif.Properties{"fix": f.Fix, "windowsErrors": append([]string{}, f.WindowsErrors...)}
		run.AddResult(res)
	}
	log.AddRun(run)
	return log.PrettyWrite(w)
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
