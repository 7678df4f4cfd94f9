package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/urfave/cli/v2"
)

func rulesCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "rules",
		Usage: "list every rule with its ID, severity, title, Windows errors and fix",
		Description: `Lists the rules in the order of their families (IN, VPN, EAP, CERT, NPS, OVPN, AWS):
ID, default severity and title; with --format json, also the Windows errors each
predicts, its fix, citation and documentation. aovpnlint explain RULE prints one rule
in full.

EXAMPLES:
   aovpnlint rules
   aovpnlint rules --format json

EXIT CODES:
   0  the rules were listed
   2  bad usage`,
		Flags: []cli.Flag{
			&choiceFlag{StringFlag: &cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output format: text or json"}, values: []string{"text", "json"}},
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

// toRuleJSON is the JSON of a rule.
func toRuleJSON(r *lint.Rule) ruleJSON {
	return ruleJSON{ID: r.ID, Severity: r.Severity.String(), Title: r.Title,
		WindowsErrors: append([]string{}, r.WindowsErrors...), Fix: r.Fix, Citation: r.Citation, Doc: r.Doc}
}

func rules(c *cli.Context, e *env) error {
	format, err := choose(c, findFlag(c.Command, "format").(*choiceFlag))
	if err != nil {
		return err
	}
	if c.NArg() > 0 {
		arg := c.Args().First()
		for _, r := range aovpnlint.Rules() {
			if strings.EqualFold(r.ID, arg) {
				return usagef("rules takes no argument, but was given %s; to see that rule in full: aovpnlint explain %s", quoteArg(arg), r.ID)
			}
		}
		return usagef("rules takes no argument, but was given %s; expected none, or --format json", quoteArg(arg))
	}
	switch format {
	case "json":
		out := []ruleJSON{}
		for _, r := range aovpnlint.Rules() {
			out = append(out, toRuleJSON(r))
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
	}
	return nil
}
