package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aovpnlint/aovpnlint/lint"
)

// Format names an output format.
type Format string

// The formats, as the command line's --format names them.
const (
	Text       Format = "text"       // one line per finding, for people
	JSON       Format = "json"       // the stable JSON document of the specification
	SARIF      Format = "sarif"      // SARIF 2.1.0, for code scanning (GitHub, Azure DevOps)
	JUnit      Format = "junit"      // JUnit XML, for test result viewers (Azure DevOps, Jenkins, GitLab)
	GitHub     Format = "github"     // GitHub Actions workflow commands: annotations on a pull request
	Azure      Format = "azure"      // Azure Pipelines logging commands: issues on a run
	GitLab     Format = "gitlab"     // a GitLab Code Quality report
	Checkstyle Format = "checkstyle" // Checkstyle XML, for Jenkins warnings-ng and SonarQube
)

// Formats lists every format, the default first.
var Formats = []Format{Text, JSON, SARIF, JUnit, GitHub, Azure, GitLab, Checkstyle}

// FormatNames is the list of formats as a usage message writes it:
// "text, json, sarif, junit, github, azure, gitlab or checkstyle".
func FormatNames() string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// ParseFormat returns the format called name.
func ParseFormat(name string) (Format, error) {
	if slices.Contains(Formats, Format(name)) {
		return Format(name), nil
	}
	return "", fmt.Errorf("unknown format %q: expected %s", name, FormatNames())
}

// ProjectURI is the project's home page, SARIF's informationUri; RulesURI
// is the rule reference, to which "#" and the lower-case rule ID are
// appended for each rule's helpUri.
const (
	ProjectURI = "https://github.com/aovpnlint/aovpnlint"
	RulesURI   = ProjectURI + "/blob/main/docs/rules.md"
)

// Options configure a report. Each format reads the fields it needs; the
// zero value of a field is the command line's default, except Rules,
// which SARIF needs (aovpnlint.Rules()).
type Options struct {
	// Tool names the program in JSON and SARIF.
	Tool Tool
	// Color marks severities with ANSI colours in text. Use it only on a
	// terminal, and never when NO_COLOR is set.
	Color bool
	// Rules are every rule of the tool, in catalog order: SARIF lists
	// them, and its results refer to them by index.
	Rules []*lint.Rule
	// InformationURI and HelpURI are SARIF's tool home page and rule
	// reference; empty means ProjectURI and RulesURI.
	InformationURI, HelpURI string
	// BaseDir is the directory file names are made relative to (the
	// working directory, which CI systems make the repository root): SARIF
	// artifact URIs (relative to %SRCROOT%), annotation paths, GitLab and
	// Checkstyle paths. A file outside it keeps its absolute name.
	BaseDir string
	// FailOn is the lowest severity that fails a JUnit test; zero, or any
	// value above lint.Error (--fail-on none), fails nothing.
	FailOn lint.Severity
	// Category is SARIF's automationDetails.id without its run part:
	// code scanning keeps the latest results of each category apart from
	// the others'. Empty means "aovpnlint".
	Category string
	// Pipeline, when not nil, is the Azure Pipelines job the report is
	// written in (see AzurePipelineFromEnv): SARIF identifies its run by
	// it, as GitHub Advanced Security for Azure DevOps requires, instead
	// of by Category.
	Pipeline *AzurePipeline
	// Clock, when not nil, gives the time JUnit records: each test
	// suite's timestamp and the time its file took (see
	// [Writer.FileDone]). Nil leaves times out.
	Clock func() time.Time
	// Start is when the run began, the start of the first file's time;
	// zero means when the writer was made.
	Start time.Time
	// Replacements, when not nil, gives the edits of a finding that
	// carries some (lint.Finding.Edits) as they are made in the file
	// (package input's Replacements), for the fixes of its SARIF result,
	// so that a SARIF viewer can offer the change `aovpnlint fix` makes.
	// An error leaves the result without fixes.
	Replacements func(lint.Finding) ([]lint.Replacement, error)
}

// withDefaults fills in the fields whose zero value means a default.
func (opts Options) withDefaults() Options {
	if opts.InformationURI == "" {
		opts.InformationURI = ProjectURI
	}
	if opts.HelpURI == "" {
		opts.HelpURI = RulesURI
	}
	if opts.Category == "" {
		opts.Category = "aovpnlint"
	}
	if opts.Start.IsZero() && opts.Clock != nil {
		opts.Start = opts.Clock()
	}
	return opts
}

// Writer writes a report as its findings arrive: text, JSON, SARIF,
// GitHub and Azure commands, GitLab and Checkstyle are written finding by
// finding, so that a large run is never held in memory; JUnit, whose
// counts come first, is written when the writer is closed. Findings must
// arrive in the order of [lint.Sort] for each file (the order of
// aovpnlint's results), files one after the other.
//
// A suppressed finding (lint.Finding.Suppressed) is written by SARIF
// only, with its suppression; the other formats leave it out and do not
// count it.
//
// A Writer is not safe for concurrent use.
type Writer struct {
	out    *bufio.Writer
	format Format
	opts   Options
	counts Counts
	n      int    // findings written
	file   string // the file of the last finding, for text and Checkstyle
	err    error  // the first write error; later writes do nothing

	sarif  *sarifState
	fp     fingerprints
	junit  *junitState
	toolOK bool // no tool error was reported (see ToolError)

	// buf and enc encode the JSON values of value, reused from one to the
	// next; enc is made with the first.
	buf bytes.Buffer
	enc *json.Encoder
}

// NewWriter starts a report in the given format on w.
func NewWriter(w io.Writer, format Format, opts Options) (*Writer, error) {
	if _, err := ParseFormat(string(format)); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	rw := &Writer{out: bufio.NewWriter(w), format: format, opts: opts, toolOK: true}
	switch format {
	case JSON:
		rw.jsonStart()
	case SARIF:
		if err := rw.sarifStart(); err != nil {
			return nil, err
		}
	case JUnit:
		rw.junit = newJUnit(opts)
	case GitLab:
		rw.str("[")
	case Checkstyle:
		rw.str(xmlHeader + "<checkstyle version=\"4.3\">\n")
	}
	return rw, rw.err
}

// Write adds one finding to the report.
func (w *Writer) Write(f lint.Finding) error {
	if w.err != nil {
		return w.err
	}
	if f.Suppressed != nil {
		if w.format == SARIF {
			w.sarifResult(f)
		}
		return w.err
	}
	switch f.Severity {
	case lint.Error:
		w.counts.Error++
	case lint.Warning:
		w.counts.Warning++
	case lint.Info:
		w.counts.Info++
	}
	switch w.format {
	case JSON:
		w.jsonFinding(f)
	case SARIF:
		w.sarifResult(f)
	case JUnit:
		w.junit.add(f)
	case GitHub:
		w.githubCommand(f)
	case Azure:
		w.azureCommand(f)
	case GitLab:
		w.gitlabIssue(f)
	case Checkstyle:
		w.checkstyleError(f)
	default:
		w.text(f)
	}
	w.n++
	return w.err
}

// FileDone says that every finding of the file called name has been
// written (none, for a clean file): JUnit times each file from the
// previous call (or the start of the run) to this one, as the report
// received them. aovpnlint.Options.Checked is the place to call it.
func (w *Writer) FileDone(name string) {
	if w.junit != nil {
		w.junit.done(name)
	}
}

// ToolError records an error of aovpnlint itself at pos, such as an
// internal error while checking a file (whose finding is written too):
// SARIF lists it among the invocation's tool execution notifications and
// marks the invocation as not successful; the other formats rely on the
// finding.
func (w *Writer) ToolError(pos lint.Pos, message string) {
	w.toolOK = false
	if w.sarif != nil {
		w.sarif.notify("error", pos, message, w.opts.BaseDir)
	}
}

// Close ends the report and flushes it. files are the input files in the
// order given: JUnit makes each a test suite, even one without a finding;
// the other formats do not use them.
func (w *Writer) Close(files []string) error {
	if w.err != nil {
		return w.err
	}
	switch w.format {
	case JSON:
		w.jsonEnd()
	case SARIF:
		w.sarifEnd()
	case JUnit:
		w.junit.write(w, files)
	case GitLab:
		if w.n > 0 {
			w.str("\n")
		}
		w.str("]\n")
	case Checkstyle:
		if w.n > 0 {
			w.str("  </file>\n")
		}
		w.str("</checkstyle>\n")
	}
	if w.err == nil {
		w.err = w.out.Flush()
	}
	return w.err
}

// Counts returns the findings written so far by severity.
func (w *Writer) Counts() Counts { return w.counts }

// Write writes a whole report of fs (see [Writer]).
func Write(w io.Writer, format Format, fs []lint.Finding, files []string, opts Options) error {
	rw, err := NewWriter(w, format, opts)
	if err != nil {
		return err
	}
	for _, f := range fs {
		if err := rw.Write(f); err != nil {
			return err
		}
	}
	return rw.Close(files)
}

// str writes s unless a write has failed.
func (w *Writer) str(s string) {
	if w.err == nil {
		_, w.err = w.out.WriteString(s)
	}
}

// encoded is v as indented JSON, every line but the first after prefix,
// without HTML escaping, with the second # of "##[" and "##vso[" written
// \u0023 (see defuse): the same value, which no CI runner reading the
// output as a log takes for a command.
func encoded(v any, prefix string) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return defuse(strings.TrimSuffix(b.String(), "\n"), `\u0023`), nil
}

// value writes v encoded (see encoded), with the Writer's buffer and
// encoder: a finding of the JSON report is one value.
func (w *Writer) value(v any, prefix string) {
	if w.err != nil {
		return
	}
	if w.enc == nil {
		w.enc = json.NewEncoder(&w.buf)
		w.enc.SetEscapeHTML(false)
	}
	w.buf.Reset()
	w.enc.SetIndent(prefix, "  ")
	if err := w.enc.Encode(v); err != nil {
		w.err = err
		return
	}
	b := bytes.TrimSuffix(w.buf.Bytes(), []byte("\n"))
	if bytes.Contains(b, []byte("##")) {
		w.str(defuse(string(b), `\u0023`))
		return
	}
	_, w.err = w.out.Write(b)
}

// jsonStart writes the JSON document up to its first finding: what
// encoding/json writes for the whole document with two-space indents.
func (w *Writer) jsonStart() {
	w.str("{\n  \"version\": " + strconv.Itoa(JSONVersion) + ",\n  \"tool\": ")
	w.value(w.opts.Tool, "  ")
	w.str(",\n  \"findings\": [")
}

func (w *Writer) jsonFinding(f lint.Finding) {
	if w.n > 0 {
		w.str(",")
	}
	w.str("\n    ")
	w.value(toJSON(f), "    ")
}

func (w *Writer) jsonEnd() {
	if w.n > 0 {
		w.str("\n  ")
	}
	w.str("],\n  \"summary\": ")
	w.value(w.counts, "  ")
	w.str("\n}\n")
}

func (w *Writer) text(f lint.Finding) {
	if w.n > 0 && f.Pos.File != w.file {
		w.str("\n")
		// A file's findings reach the reader as soon as they are all
		// written.
		if w.err == nil {
			w.err = w.out.Flush()
		}
	}
	w.file = f.Pos.File
	sev := f.Severity.String()
	id := "[" + f.Rule.ID + "]"
	if w.opts.Color {
		sev = colour(f.Severity) + sev + reset
		id = dim + id + reset
	}
	w.str(lineStart(Printable(at(f.Pos).String()), `\x3a`) + ": " + sev + ": " + Printable(f.Message) + " " + id + "\n")
	if f.Fix != "" {
		w.str("    fix: " + Printable(f.Fix) + "\n")
	}
	for _, r := range f.Related {
		w.str("    see " + Printable(at(r.Pos).String()) + ": " + Printable(r.Message) + "\n")
	}
}
