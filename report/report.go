// Package report writes findings in the formats aovpnlint offers, with
// [Write], or finding by finding with a [Writer]: text for people; JSON,
// the stable document of the specification; SARIF 2.1.0 for code scanning
// (GitHub, GitHub Advanced Security for Azure DevOps); JUnit XML for test
// result viewers (Azure DevOps, Jenkins, GitLab); GitHub Actions workflow
// commands and Azure Pipelines logging commands, which put findings on a
// pull request or a run without any upload; a GitLab Code Quality report;
// Checkstyle XML for Jenkins warnings-ng and SonarQube. The command line
// uses the same writer and the same defaults, so a Go program holding
// findings gets identical output.
//
// Positions. A finding about a whole file (line 0: an empty file, a DER
// certificate, a PFX, a missing element with no better place) is written
// at line 1, column 1 in every format, and a line without a column at
// column 1, so that problem matchers, annotations and code scanning never
// skip it. Where a finding lies in an XML element written on one line
// (lint.Finding.End), SARIF and GitHub annotations give the end of its
// extent too. File names are relative to [Options.BaseDir] when inside it.
//
// Security severity. Every rule is tagged "security" in SARIF, with
// "weakness" or "misconfiguration" and its family, and has a
// security-severity that code scanning shows as High, Medium or Low: see
// [SecuritySeverity] and [IsWeakness].
//
// Fingerprints. SARIF results carry partialFingerprints and GitLab issues
// a fingerprint that do not change when lines above a finding move: a
// hash of the rule, the file, the element path (lint.Finding.Path) and
// the message without the line numbers it quotes, and the finding's
// number among its equals.
//
// Suppressions. A finding a suppression accepted (lint.Finding.Suppressed)
// is written by SARIF only, as a result with its suppression and
// justification; every other format leaves it out.
//
// Input text. Every text from the input is made printable (see
// [Printable]) and then escaped as each format needs, so that no message
// ends its line, command or element early, or starts another: no format
// lets a hostile value forge a finding, an annotation or a CI command.
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

// Count counts fs by severity, leaving out suppressed findings.
func Count(fs []lint.Finding) Counts {
	var c Counts
	for _, f := range fs {
		if f.Suppressed != nil {
			continue
		}
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

// toJSON is a finding as the JSON document writes it, whole-file
// positions at 1:1 (see at); lists are never null.
func toJSON(f lint.Finding) jsonFinding {
	p := at(f.Pos)
	jf := jsonFinding{
		Rule: f.Rule.ID, Severity: f.Severity.String(), Message: f.Message,
		File: p.File, Line: p.Line, Column: p.Col,
		WindowsErrors: append([]string{}, f.WindowsErrors...), Fix: f.Fix,
		Related: make([]jsonRelated, 0, len(f.Related)),
	}
	for _, r := range f.Related {
		rp := at(r.Pos)
		jf.Related = append(jf.Related, jsonRelated{File: rp.File, Line: rp.Line, Column: rp.Col, Message: r.Message})
	}
	return jf
}
