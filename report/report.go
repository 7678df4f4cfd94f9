// Package report writes findings in the formats aovpnlint offers: text
// for people; JSON, SARIF 2.1.0 (code scanning) and JUnit XML (test
// result viewers) for pipelines. The command line uses these same
// functions, so a Go program holding findings gets identical output.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

// Tool identifies the program in machine output.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Counts counts findings by severity.
type Counts struct {
	Error   int `json:"error"`
	Warning int `json:"warning"`
	Info    int `json:"info"`
}

// Count counts fs by severity.
func Count(fs []lint.Finding) Counts {
	var c Counts
	for _, f := range fs {
		switch f.Severity {
		case lint.Error:
			c.Error++
		case lint.Warning:
			c.Warning++
		case lint.Info:
			c.Info++
		}
	}
	return c
}

// Summary is the one-line summary of a run: "3 errors, 2 warnings, 1 info
// in 2 files".
func Summary(fs []lint.Finding, files int) string {
	c := Count(fs)
	return fmt.Sprintf("%s, %s, %d info in %s", wording.Plural(c.Error, "error"), wording.Plural(c.Warning, "warning"), c.Info, wording.Plural(files, "file"))
}

// TextOptions configure [Text].
type TextOptions struct {
	// Color marks severities with ANSI colours. Use it only on a terminal,
	// and never when NO_COLOR is set.
	Color bool
}

// Text writes one line per finding, file:line:col: severity: message [ID],
// with the fix and any related locations indented on the lines below, and
// an empty line between files. Control characters in file names and
// messages are escaped (see [Printable]), so each finding is one line and
// nothing from an input file reaches the terminal raw. The findings are written in the order
// given; sort them with lint.Sort so that each file's are together.
func Text(w io.Writer, fs []lint.Finding, opts TextOptions) error {
	var b strings.Builder
	for i, f := range fs {
		if i > 0 && f.Pos.File != fs[i-1].Pos.File {
			b.WriteString("\n")
		}
		sev := f.Severity.String()
		id := "[" + f.Rule.ID + "]"
		if opts.Color {
			sev = colour(f.Severity) + sev + reset
			id = dim + id + reset
		}
		fmt.Fprintf(&b, "%s: %s: %s %s\n", Printable(f.Pos.String()), sev, Printable(f.Message), id)
		if f.Fix != "" {
			fmt.Fprintf(&b, "    fix: %s\n", Printable(f.Fix))
		}
		for _, r := range f.Related {
			fmt.Fprintf(&b, "    see %s: %s\n", Printable(r.Pos.String()), Printable(r.Message))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

const (
	reset = "\x1b[0m"
	dim   = "\x1b[2m"
)

func colour(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "\x1b[1;31m"
	case lint.Warning:
		return "\x1b[1;33m"
	}
	return "\x1b[1;36m"
}

// JSONVersion is the version of the JSON document; it changes only when
// the format changes incompatibly.
const JSONVersion = 1

type jsonDoc struct {
	Version  int           `json:"version"`
	Tool     Tool          `json:"tool"`
	Findings []jsonFinding `json:"findings"`
	Summary  Counts        `json:"summary"`
}

type jsonFinding struct {
	Rule          string        `json:"rule"`
	Severity      string        `json:"severity"`
	Message       string        `json:"message"`
	File          string        `json:"file"`
	Line          int           `json:"line"`
	Column        int           `json:"column"`
	WindowsErrors []string      `json:"windowsErrors"`
	Fix           string        `json:"fix"`
	Related       []jsonRelated `json:"related"`
}

type jsonRelated struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// JSON writes the findings as the stable JSON document of the
// specification: version, tool, findings and a summary by severity.
// Lists are never null.
func JSON(w io.Writer, fs []lint.Finding, tool Tool) error {
	doc := jsonDoc{Version: JSONVersion, Tool: tool, Findings: make([]jsonFinding, 0, len(fs)), Summary: Count(fs)}
	for _, f := range fs {
		jf := jsonFinding{
			Rule: f.Rule.ID, Severity: f.Severity.String(), Message: f.Message,
			File: f.Pos.File, Line: f.Pos.Line, Column: f.Pos.Col,
			WindowsErrors: append([]string{}, f.WindowsErrors...), Fix: f.Fix,
			Related: make([]jsonRelated, 0, len(f.Related)),
		}
		for _, r := range f.Related {
			jf.Related = append(jf.Related, jsonRelated{File: r.Pos.File, Line: r.Pos.Line, Column: r.Pos.Col, Message: r.Message})
		}
		doc.Findings = append(doc.Findings, jf)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
