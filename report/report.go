// Package report writes findings in the formats aovpnlint offers: text
// for people; JSON, SARIF 2.1.0 (code scanning) and JUnit XML (test
// result viewers) for pipelines, with [Write], or finding by finding with
// a [Writer]. The command line uses the same writer and the same
// defaults, so a Go program holding findings gets identical output.
package report

import (
	"fmt"

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
func Summary(c Counts, files int) string {
	return fmt.Sprintf("%s, %s, %d info in %s", wording.Plural(c.Error, "error"), wording.Plural(c.Warning, "warning"), c.Info, wording.Plural(files, "file"))
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

// toJSON is a finding as the JSON document writes it; lists are never
// null.
func toJSON(f lint.Finding) jsonFinding {
	jf := jsonFinding{
		Rule: f.Rule.ID, Severity: f.Severity.String(), Message: f.Message,
		File: f.Pos.File, Line: f.Pos.Line, Column: f.Pos.Col,
		WindowsErrors: append([]string{}, f.WindowsErrors...), Fix: f.Fix,
		Related: make([]jsonRelated, 0, len(f.Related)),
	}
	for _, r := range f.Related {
		jf.Related = append(jf.Related, jsonRelated{File: r.Pos.File, Line: r.Pos.Line, Column: r.Pos.Col, Message: r.Message})
	}
	return jf
}
