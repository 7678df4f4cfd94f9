package main

import (
	"fmt"
	"time"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/report"
	"github.com/urfave/cli/v2"
)

func checkCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "validate profiles, EAP configurations and certificates",
		ArgsUsage: "FILE...",
		Description: `Reads each FILE ("-" for standard input), finds the ProfileXML and EapHostConfig
documents in it, whatever wraps them (raw XML in UTF-8 or UTF-16, a PowerShell deploy
script, a WMI listing, an Intune Graph export, a SyncML message), and reports every
problem with its rule ID, severity, position, the Windows error it predicts and a fix.

EXAMPLES:
   aovpnlint check ProfileXML_User.xml
   aovpnlint check --format json VPN_Profile.ps1 intune-export.json
   aovpnlint check --fail-on warning --at 2027-06-01T00:00:00Z profile.xml

EXIT CODES:
   0  no finding at or above --fail-on
   1  at least one finding at or above --fail-on
   2  bad usage, or a file that cannot be opened or read`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output format: text or json"},
			&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "lowest severity that makes the exit code 1: error, warning, info or none"},
			&cli.StringFlag{Name: "at", Usage: "evaluate certificate validity at this RFC 3339 time instead of now"},
		},
		Action: func(c *cli.Context) error { return check(c, e) },
	}
}

func check(c *cli.Context, e *env) error {
	format := c.String("format")
	if format != "text" && format != "json" {
		return usagef("--format %q: expected text or json", format)
	}
	failOn, err := parseFailOn(c.String("fail-on"))
	if err != nil {
		return err
	}
	opts := aovpnlint.Options{Now: time.Now()}
	if at := c.String("at"); at != "" {
		t, err := time.Parse(time.RFC3339, at)
		if err != nil {
			return usagef("--at %q: expected an RFC 3339 time such as 2027-06-01T00:00:00Z", at)
		}
		opts.Now = t
	}
	if c.NArg() == 0 {
		return usagef("check needs at least one FILE (use - for standard input)")
	}
	files, err := readAll(c.Args().Slice(), e)
	if err != nil {
		return err
	}
	findings := aovpnlint.Check(files, opts)
	switch format {
	case "json":
		err = report.JSON(e.stdout, findings, report.Tool{Name: "aovpnlint", Version: version(e)})
	default:
		color := e.terminal(e.stdout) && e.getenv("NO_COLOR") == ""
		err = report.Text(e.stdout, findings, report.TextOptions{Color: color})
		fmt.Fprintln(e.stderr, report.Summary(findings, len(files)))
	}
	if err != nil {
		return err
	}
	if failing(findings, failOn) {
		return errFindings
	}
	return nil
}

// readAll reads every file before any is checked, so that a missing file
// stops the run with one line and no partial output.
func readAll(names []string, e *env) ([]*input.File, error) {
	files := make([]*input.File, 0, len(names))
	for _, name := range names {
		f, err := input.Open(name, e.stdin, input.Limits{})
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

// parseFailOn reads --fail-on; none becomes a severity above error, which
// no finding reaches.
func parseFailOn(s string) (lint.Severity, error) {
	if s == "none" {
		return lint.Error + 1, nil
	}
	sev, err := lint.ParseSeverity(s)
	if err != nil {
		return 0, usagef("--fail-on %q: expected error, warning, info or none", s)
	}
	return sev, nil
}

func failing(fs []lint.Finding, failOn lint.Severity) bool {
	for _, f := range fs {
		if f.Severity >= failOn {
			return true
		}
	}
	return false
}
