package report

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/aovpnlint/aovpnlint/lint"
)

// SRCROOT is the uriBaseId of every artifact location inside the base
// directory: the directory the check ran in, which code-scanning services
// map to the repository root.
const SRCROOT = "%SRCROOT%"

// SARIFSchema is the $schema of the SARIF log: the SARIF 2.1.0 schema as
// JSON Schema Store publishes it (the URI Microsoft's SARIF tools write).
const SARIFSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// MaxSARIFResults is the most results a SARIF run holds: GitHub code
// scanning refuses a run with more. The findings after it are counted in
// a warning notification of the invocation instead.
const MaxSARIFResults = 25000

// The SARIF objects aovpnlint writes, in the order their properties are
// written: a run's results come before its invocation, which is known
// only once every finding has been written.
type (
	sarifLog struct {
		Version string     `json:"version"`
		Schema  string     `json:"$schema"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool              sarifTool         `json:"tool"`
		AutomationDetails sarifAutomation   `json:"automationDetails"`
		Results           []sarifResult     `json:"results"`
		Invocations       []sarifInvocation `json:"invocations"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name            string      `json:"name"`
		FullName        string      `json:"fullName"`
		Version         string      `json:"version"`
		SemanticVersion string      `json:"semanticVersion,omitempty"`
		InformationURI  string      `json:"informationUri"`
		Rules           []sarifRule `json:"rules"`
	}
	sarifAutomation struct {
		ID          string            `json:"id"`
		Description *sarifText        `json:"description,omitempty"`
		Properties  map[string]string `json:"properties,omitempty"`
	}
	sarifRule struct {
		ID                   string           `json:"id"`
		Name                 string           `json:"name"`
		ShortDescription     sarifText        `json:"shortDescription"`
		FullDescription      sarifText        `json:"fullDescription"`
		DefaultConfiguration sarifConfig      `json:"defaultConfiguration"`
		HelpURI              string           `json:"helpUri"`
		Help                 sarifMultiformat `json:"help"`
		Properties           sarifRuleProps   `json:"properties"`
	}
	sarifRuleProps struct {
		Tags             []string `json:"tags"`
		SecuritySeverity string   `json:"security-severity"`
		WindowsErrors    []string `json:"windowsErrors"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifMultiformat struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifText         `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
		Suppressions        []sarifSuppress   `json:"suppressions,omitempty"`
		Fixes               []sarifFix        `json:"fixes,omitempty"`
		Properties          sarifResultProps  `json:"properties"`
	}
	sarifFix struct {
		Description     sarifText             `json:"description"`
		ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	}
	sarifArtifactChange struct {
		ArtifactLocation sarifAL            `json:"artifactLocation"`
		Replacements     []sarifReplacement `json:"replacements"`
	}
	sarifReplacement struct {
		DeletedRegion   sarifRegion `json:"deletedRegion"`
		InsertedContent *sarifText  `json:"insertedContent,omitempty"`
	}
	sarifResultProps struct {
		Fix           string   `json:"fix"`
		WindowsErrors []string `json:"windowsErrors"`
		Omitted       int      `json:"omitted,omitempty"`
	}
	sarifLocation struct {
		ID               int                    `json:"id,omitempty"`
		PhysicalLocation sarifPhysical          `json:"physicalLocation"`
		LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
		Message          *sarifText             `json:"message,omitempty"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifAL     `json:"artifactLocation"`
		Region           sarifRegion `json:"region"`
	}
	sarifAL struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
	sarifLogicalLocation struct {
		FullyQualifiedName string `json:"fullyQualifiedName"`
		Kind               string `json:"kind"`
	}
	sarifSuppress struct {
		Kind          string         `json:"kind"`
		Status        string         `json:"status"`
		Justification string         `json:"justification"`
		Location      *sarifLocation `json:"location,omitempty"`
	}
	sarifInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications"`
	}
	sarifNotification struct {
		Level     string          `json:"level"`
		Message   sarifText       `json:"message"`
		Locations []sarifLocation `json:"locations,omitempty"`
	}
)

// sarifState is what the SARIF writer keeps between findings: the rule
// index, the notifications (known at the end) and the count of results
// left out over MaxSARIFResults.
type sarifState struct {
	index         map[string]int
	notifications []sarifNotification
	results       int
	omitted       int
}

// notify records a tool execution notification.
func (s *sarifState) notify(level string, pos lint.Pos, message, base string) {
	n := sarifNotification{Level: level, Message: sarifText{Printable(message)}}
	if pos.File != "" {
		n.Locations = []sarifLocation{{PhysicalLocation: physical(pos, base)}}
	}
	s.notifications = append(s.notifications, n)
}

// sarifStart writes the SARIF log up to its first result: a log with one
// run, the tool with every rule (see sarifRules) and the automation
// details, written as the whole log would be and cut where the results
// go.
func (w *Writer) sarifStart() error {
	w.sarif = &sarifState{index: map[string]int{}}
	for i, r := range w.opts.Rules {
		w.sarif.index[r.ID] = i
	}
	head, err := encoded(w.sarifLog(nil, nil, true), "")
	if err != nil {
		return err
	}
	// A quotation mark in a string is escaped, so the key is found only
	// where it is the key of the run's results.
	head, _, ok := strings.Cut(head, "\n      \"results\": [")
	if !ok {
		return fmt.Errorf("report: the SARIF log was written without the results of its run")
	}
	w.str(head + "\n      \"results\": [")
	return nil
}

// sarifLog is the whole log with the results and invocation given, and
// the rules when rules is true (the part after the results, which Close
// writes, is the same without them).
func (w *Writer) sarifLog(results []sarifResult, inv []sarifInvocation, rules bool) sarifLog {
	opts := w.opts
	version, semantic := sarifVersion(opts.Tool.Version)
	d := sarifDriver{
		Name: opts.Tool.Name, FullName: opts.Tool.Name + " " + version + ", Always On VPN configuration linter",
		Version: version, SemanticVersion: semantic, InformationURI: opts.InformationURI,
		Rules: []sarifRule{},
	}
	if rules {
		d.Rules = sarifRules(opts.Rules, opts.HelpURI)
	}
	if results == nil {
		results = []sarifResult{{}} // cut away: makes the writer write "results": [
	}
	if inv == nil {
		inv = []sarifInvocation{}
	}
	return sarifLog{Version: "2.1.0", Schema: SARIFSchema, Runs: []sarifRun{{
		Tool:              sarifTool{Driver: d},
		AutomationDetails: automation(opts),
		Results:           results,
		Invocations:       inv,
	}}}
}

// automation is the run's automationDetails: in an Azure Pipelines job
// (Options.Pipeline), the pipeline's identity as GHAzDO requires it, with
// the category as its description; elsewhere the category followed by
// "/" (an empty run part), as GitHub code scanning reads it and as its
// upload action writes it.
func automation(opts Options) sarifAutomation {
	category := strings.TrimSuffix(opts.Category, "/")
	if p := opts.Pipeline; p != nil {
		return sarifAutomation{ID: p.id(), Description: &sarifText{"category " + category}, Properties: p.properties()}
	}
	return sarifAutomation{ID: category + "/"}
}

// sarifRules describes every rule: its ID and a PascalCase name, the
// title as short description, a different full description of at most
// 1,024 characters (see FullDescription), the default level, help as
// text and as Markdown with a link into the rule reference, and the
// properties code scanning reads: tags and security-severity (see
// SecuritySeverity), with the Windows errors the rule predicts.
func sarifRules(rules []*lint.Rule, helpURI string) []sarifRule {
	out := make([]sarifRule, 0, len(rules))
	for _, r := range rules {
		uri := helpURI + "#" + strings.ToLower(r.ID)
		out = append(out, sarifRule{
			ID: r.ID, Name: ruleName(r.Title),
			ShortDescription:     sarifText{cut(r.Title, MaxDescription)},
			FullDescription:      sarifText{FullDescription(r)},
			DefaultConfiguration: sarifConfig{level(r.Severity)},
			HelpURI:              uri,
			Help:                 sarifMultiformat{Text: helpText(r, uri), Markdown: helpMarkdown(r, uri)},
			Properties: sarifRuleProps{Tags: Tags(r), SecuritySeverity: SecuritySeverity(r),
				WindowsErrors: append([]string{}, r.WindowsErrors...)},
		})
	}
	return out
}

// numericVersion finds the semantic version in a module version: v1.2.3,
// v0.0.0-20240101120000-abcdef123456, v2.0.0+incompatible.
var numericVersion = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^v?([0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?)$`)
})

// sarifVersion is the tool's version as SARIF wants it: starting with a
// digit (the module version without its "v"; "0.0.0-" and the version
// for a build without one, such as "devel"), and the same as a semantic
// version when it is one.
func sarifVersion(v string) (version, semantic string) {
	if m := numericVersion().FindStringSubmatch(v); m != nil {
		return m[1], m[1]
	}
	var b strings.Builder
	for _, r := range v {
		if r < 0x80 && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '.' || r == '-') {
			b.WriteRune(r)
		}
	}
	v = strings.Trim(b.String(), ".-")
	if v == "" {
		v = "unknown"
	}
	return "0.0.0-" + v, "0.0.0-" + v
}

// sarifResult writes the result of a finding, or counts it when the run
// already holds MaxSARIFResults.
func (w *Writer) sarifResult(f lint.Finding) {
	s := w.sarif
	i, ok := s.index[f.Rule.ID]
	if !ok {
		w.err = fmt.Errorf("report: finding of rule %s, which is not among the rules given", f.Rule.ID)
		return
	}
	if s.results >= MaxSARIFResults {
		s.omitted++
		return
	}
	if s.results > 0 {
		w.str(",")
	}
	s.results++
	w.str("\n" + strings.Repeat(" ", 8))
	w.value(w.toSARIF(f, i), strings.Repeat(" ", 8))
}

// toSARIF is the result of a finding of the rule at index i: its level;
// its message, which links each related location ("see [the
// certificate](1)"); its location with a region (1:1 for a whole file,
// an end where the extent is known) and the element it lies in; its
// fingerprints (see fingerprints); its related locations; the
// suppression that accepted it; the fix and the Windows errors as
// properties.
func (w *Writer) toSARIF(f lint.Finding, i int) sarifResult {
	base := w.opts.BaseDir
	loc := sarifLocation{PhysicalLocation: physical(f.Pos, base)}
	if e, ok := end(f); ok {
		loc.PhysicalLocation.Region.EndLine, loc.PhysicalLocation.Region.EndColumn = e.Line, e.Col
	}
	if f.Path != "" {
		loc.LogicalLocations = []sarifLogicalLocation{{FullyQualifiedName: Printable(f.Path), Kind: "element"}}
	}
	uri := loc.PhysicalLocation.ArtifactLocation.URI
	full, local := w.fp.of(f, uri)
	msg := linkEscape(Printable(f.Message))
	var related []sarifLocation
	var links []string
	for n, r := range f.Related {
		text := Printable(r.Message)
		related = append(related, sarifLocation{ID: n + 1, PhysicalLocation: physical(r.Pos, base), Message: &sarifText{text}})
		if text == "" {
			text = "related location"
		}
		links = append(links, "["+linkEscape(text)+"]("+strconv.Itoa(n+1)+")")
	}
	if len(links) > 0 {
		msg += " (see " + strings.Join(links, ", ") + ")"
	}
	res := sarifResult{
		RuleID: f.Rule.ID, RuleIndex: i, Level: level(f.Severity),
		Message:             sarifText{msg},
		Locations:           []sarifLocation{loc},
		PartialFingerprints: map[string]string{FingerprintKey: full, "primaryLocationLineHash": local},
		RelatedLocations:    related,
		Properties: sarifResultProps{Fix: Printable(f.Fix), WindowsErrors: append([]string{}, f.WindowsErrors...),
			Omitted: f.Omitted},
	}
	res.Fixes = w.sarifFixes(f, loc.PhysicalLocation.ArtifactLocation)
	if s := f.Suppressed; s != nil {
		sup := sarifSuppress{Kind: "external", Status: "accepted", Justification: Printable(s.Reason)}
		if s.InSource {
			sup.Kind = "inSource"
		}
		if s.Pos.File != "" {
			sup.Location = &sarifLocation{PhysicalLocation: physical(s.Pos, base)}
		}
		res.Suppressions = []sarifSuppress{sup}
	}
	return res
}

// sarifFixes is the fix of a finding that carries edits, when
// Options.Replacements works them out: one change of the finding's file,
// described by what the rule's fix does. A replacement's text is the
// file's own (escaped as the file escapes it), so it is written as it
// is; its region is in the columns of every other region.
func (w *Writer) sarifFixes(f lint.Finding, file sarifAL) []sarifFix {
	if w.opts.Replacements == nil || len(f.Edits) == 0 || f.Omitted > 0 {
		return nil
	}
	rs, err := w.opts.Replacements(f)
	if err != nil || len(rs) == 0 {
		return nil
	}
	change := sarifArtifactChange{ArtifactLocation: file}
	for _, r := range rs {
		if r.Start.File != f.Pos.File || r.End.File != f.Pos.File || r.Start.Line <= 0 || r.End.Line <= 0 {
			return nil
		}
		rep := sarifReplacement{DeletedRegion: sarifRegion{StartLine: r.Start.Line, StartColumn: r.Start.Col, EndLine: r.End.Line, EndColumn: r.End.Col}}
		if r.Text != "" {
			rep.InsertedContent = &sarifText{r.Text}
		}
		change.Replacements = append(change.Replacements, rep)
	}
	what := f.Rule.Fixable
	if what == "" {
		what = f.Fix
	}
	return []sarifFix{{Description: sarifText{Printable(what)}, ArtifactChanges: []sarifArtifactChange{change}}}
}

// linkEscape escapes the square brackets (and a backslash before one) of
// a SARIF message's plain text, which would otherwise read as an embedded
// link.
func linkEscape(s string) string {
	if !strings.ContainsAny(s, "[]") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) && (s[i+1] == '[' || s[i+1] == ']' || s[i+1] == '\\') {
			b.WriteString(`\\`)
			continue
		}
		if c == '[' || c == ']' {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// physical is the physical location of a position: the file relative to
// the base with the %SRCROOT% base (or an absolute file: URI outside it),
// and a region, at 1:1 for a whole file.
func physical(p lint.Pos, base string) sarifPhysical {
	uri, relative := artifactURI(p.File, base)
	al := sarifAL{URI: uri}
	if relative {
		al.URIBaseID = SRCROOT
	}
	p = at(p)
	return sarifPhysical{ArtifactLocation: al, Region: sarifRegion{StartLine: p.Line, StartColumn: p.Col}}
}

// sarifEnd writes the rest of the log: the invocation, successful unless
// a tool error was reported, with the tool errors and the count of
// results left out as notifications.
func (w *Writer) sarifEnd() {
	s := w.sarif
	if s.omitted > 0 {
		s.notify("warning", lint.Pos{}, fmt.Sprintf("%d more findings are not in this SARIF log: code scanning accepts at most %d results per run; the other formats list every finding",
			s.omitted, MaxSARIFResults), "")
	}
	notes := s.notifications
	if notes == nil {
		notes = []sarifNotification{}
	}
	whole, err := encoded(w.sarifLog([]sarifResult{}, []sarifInvocation{{ExecutionSuccessful: w.toolOK, ToolExecutionNotifications: notes}}, false), "")
	if err != nil {
		w.err = err
		return
	}
	_, tail, ok := strings.Cut(whole, "\n      \"results\": []")
	if !ok {
		w.err = fmt.Errorf("report: the SARIF log was written without the results of its run")
		return
	}
	if s.results > 0 {
		w.str("\n" + strings.Repeat(" ", 6))
	}
	w.str("]" + tail + "\n")
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
