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

	"github.com/aovpnlint/aovpnlint/lint"
)

// Format names an output format.
type Format string

// The formats, as the command line's --format names them.
const (
	Text  Format = "text"  // one line per finding, for people
	JSON  Format = "json"  // the stable JSON document of the specification
	SARIF Format = "sarif" // SARIF 2.1.0, for code scanning
	JUnit Format = "junit" // JUnit XML, for test result viewers
)

// Formats lists every format, the default first.
var Formats = []Format{Text, JSON, SARIF, JUnit}

// ParseFormat returns the format called name.
func ParseFormat(name string) (Format, error) {
	if slices.Contains(Formats, Format(name)) {
		return Format(name), nil
	}
	return "", fmt.Errorf("unknown format %q: expected text, json, sarif or junit", name)
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
	// BaseDir is the directory SARIF artifact URIs are made relative to
	// (the working directory); their uriBaseId is %SRCROOT%.
	BaseDir string
	// FailOn is the lowest severity that fails a JUnit test; zero, or any
	// value above lint.Error (--fail-on none), fails nothing.
	FailOn lint.Severity
}

// Writer writes a report as its findings arrive: text, JSON and SARIF
// are written finding by finding, so that a large run is never held in
// memory; JUnit, whose counts come first, is written when the writer is
// closed. Findings must arrive in the order of [lint.Sort] for each file
// (the order of aovpnlint's results), files one after the other.
//
// A Writer is not safe for concurrent use.
type Writer struct {
	out    *bufio.Writer
	format Format
	opts   Options
	counts Counts
	n      int    // findings written
	file   string // the file of the last finding, for text
	err    error  // the first write error; later writes do nothing

	sarifIndex map[string]int // SARIF: rule ID to index in Options.Rules
	tail       string         // JSON and SARIF: what follows the findings
	junit      []lint.Finding // JUnit: the findings, kept until Close
}

// NewWriter starts a report in the given format on w.
func NewWriter(w io.Writer, format Format, opts Options) (*Writer, error) {
	if _, err := ParseFormat(string(format)); err != nil {
		return nil, err
	}
	if opts.InformationURI == "" {
		opts.InformationURI = ProjectURI
	}
	if opts.HelpURI == "" {
		opts.HelpURI = RulesURI
	}
	rw := &Writer{out: bufio.NewWriter(w), format: format, opts: opts}
	switch format {
	case JSON:
		rw.jsonStart()
	case SARIF:
		if err := rw.sarifStart(); err != nil {
			return nil, err
		}
	}
	return rw, rw.err
}

// Write adds one finding to the report.
func (w *Writer) Write(f lint.Finding) error {
	if w.err != nil {
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
		w.junit = append(w.junit, f)
	default:
		w.text(f)
	}
	w.n++
	return w.err
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
		if w.n > 0 {
			w.str("\n" + strings.Repeat(" ", 6))
		}
		w.str("]" + w.tail)
	case JUnit:
		w.err = junit(w.out, w.junit, files, w.opts.FailOn)
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
// without HTML escaping (the JSON document's encoding) or with it
// (encoding/json.MarshalIndent's, which the SARIF library uses).
func encoded(v any, prefix string, html bool) (string, error) {
	if html {
		b, err := json.MarshalIndent(v, prefix, "  ")
		return string(b), err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// value writes v encoded (see encoded).
func (w *Writer) value(v any, prefix string, html bool) {
	if w.err != nil {
		return
	}
	s, err := encoded(v, prefix, html)
	if err != nil {
		w.err = err
		return
	}
	w.str(s)
}

// jsonStart writes the JSON document up to its first finding: what
// encoding/json writes for the whole document with two-space indents.
func (w *Writer) jsonStart() {
	w.str("{\n  \"version\": " + strconv.Itoa(JSONVersion) + ",\n  \"tool\": ")
	w.value(w.opts.Tool, "  ", false)
	w.str(",\n  \"findings\": [")
}

func (w *Writer) jsonFinding(f lint.Finding) {
	if w.n > 0 {
		w.str(",")
	}
	w.str("\n    ")
	w.value(toJSON(f), "    ", false)
}

func (w *Writer) jsonEnd() {
	if w.n > 0 {
		w.str("\n  ")
	}
	w.str("],\n  \"summary\": ")
	w.value(w.counts, "  ", false)
	w.str("\n}\n")
}

func (w *Writer) sarifResult(f lint.Finding) {
	i, ok := w.sarifIndex[f.Rule.ID]
	if !ok {
		w.err = fmt.Errorf("report: finding of rule %s, which is not among the rules given", f.Rule.ID)
		return
	}
	if w.n > 0 {
		w.str(",")
	}
	w.str("\n" + strings.Repeat(" ", 8))
	w.value(sarifResult(f, i, w.opts.BaseDir), strings.Repeat(" ", 8), true)
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
	w.str(Printable(f.Pos.String()) + ": " + sev + ": " + Printable(f.Message) + " " + id + "\n")
	if f.Fix != "" {
		w.str("    fix: " + Printable(f.Fix) + "\n")
	}
	for _, r := range f.Related {
		w.str("    see " + Printable(r.Pos.String()) + ": " + Printable(r.Message) + "\n")
	}
}
