package main

import (
	"os"
	"strings"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/report"
	"github.com/urfave/cli/v2"
)

// The flags of the output formats, beside --format and --output.

// sarifCategoryFlag names the SARIF run's automationDetails.id.
var sarifCategoryFlag = &cli.StringFlag{
	Name:  "sarif-category",
	Usage: "SARIF: the category of the results (automationDetails.id), which code scanning keeps apart from other categories' (default: aovpnlint/ and the command, such as aovpnlint/check)",
}

// formatUsage is the usage of --format.
func formatUsage() string {
	return "output format: " + report.FormatNames() +
		" (github and azure write workflow or logging commands that annotate a pull request or a run; gitlab a Code Quality report; checkstyle XML for Jenkins and SonarQube)"
}

// reportOptions are the options of the report a check writes: the tool
// and its version, the rules, the working directory that file names are
// made relative to, --fail-on for JUnit, the SARIF category (by default
// aovpnlint/ and the command: aovpnlint/check, aovpnlint/cert) and the
// clock JUnit times files with, started now.
func reportOptions(c *cli.Context, e *env, failOn lint.Severity, color bool) report.Options {
	base, _ := os.Getwd()
	category := c.String(sarifCategoryFlag.Name)
	if category == "" {
		category = "aovpnlint/" + c.Command.Name
	}
	opts := report.Options{Tool: report.Tool{Name: "aovpnlint", Version: version(e)},
		Color: color, Rules: aovpnlint.Rules(), BaseDir: base, FailOn: failOn,
		Category: strings.TrimSpace(category), Pipeline: report.AzurePipelineFromEnv(e.getenv), Clock: e.now,
		Replacements: replacements}
	if e.now != nil {
		opts.Start = e.now()
	}
	return opts
}

// forFormat asks the run for what the format writes beyond the findings:
// SARIF lists suppressed findings with their justification; SARIF, GitHub
// annotations and GitLab use element paths and extents (fingerprints,
// end columns). fileDone is called after each file's findings.
func forFormat(opts *aovpnlint.Options, format report.Format, fileDone func(string)) {
	opts.KeepSuppressed = format == report.SARIF
	opts.ElementPaths = format == report.SARIF || format == report.GitHub || format == report.GitLab
	if format == report.JUnit {
		opts.Checked = fileDone
	}
}

// toolError reports an internal error of aovpnlint (IN009) to the report
// as a tool error too, which SARIF lists as a notification of an
// unsuccessful invocation.
func toolError(w *report.Writer, f lint.Finding) {
	if f.Rule == aovpnlint.InternalError {
		w.ToolError(f.Pos, f.Message)
	}
}
