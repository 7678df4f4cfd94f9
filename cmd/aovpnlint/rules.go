package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/aovpnlint/aovpnlint"
	"github.com/urfave/cli/v2"
)

func rulesCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "rules",
		Usage: "list every rule with its ID, severity, title, Windows errors and fix",
		Description: `EXAMPLES:
   aovpnlint rules
   aovpnlint rules --format json`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output format: text or json"},
		},
		Action: func(c *cli.Context) error { return rules(c, e) },
	}
}

type ruleJSON struct {
	ID            string   `json:"id"`
	Severity      string   `json:"severity"`
	Title         string   `json:"title"`
	WindowsErrors []string `json:"windowsErrors"`
	Fix           string   `json:"fix"`
	Citation      string   `json:"citation"`
	Doc           string   `json:"doc,omitempty"`
}

func rules(c *cli.Context, e *env) error {
	switch format := c.String("format"); format {
	case "json":
		out := []ruleJSON{}
		for _, r := range aovpnlint.Rules() {
			out = append(out, ruleJSON{ID: r.ID, Severity: r.Severity.String(), Title: r.Title,
				WindowsErrors: append([]string{}, r.WindowsErrors...), Fix: r.Fix, Citation: r.Citation, Doc: r.Doc})
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	case "text":
		w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tSEVERITY\tTITLE")
		for _, r := range aovpnlint.Rules() {
			fmt.Fprintf(w, "%s\t%s\t%s\n", r.ID, r.Severity, r.Title)
		}
		return w.Flush()
	default:
		return usagef("--format %q: expected text or json", format)
	}
}
