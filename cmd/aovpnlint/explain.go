package main

import (
	"fmt"
	"github.com/aovpnlint/aovpnlint/internal/ruledoc"
	"io"
	"strings"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/winerr"
	"github.com/urfave/cli/v2"
)

func explainCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "explain",
		Usage:     "explain a Windows error code or a rule: its meaning, usual causes, and the rules that detect them",
		ArgsUsage: "CODE|NAME|PHRASE|RULE...",
		Description: `Explains the errors an Always On VPN client shows (RasClient event 20227, the
IKEv2 and certificate errors, Entra's "Oops" page) and names the rules that find each
cause in the files. A code may be decimal, hexadecimal, or negative decimal as the event
log shows certificate errors; a rule ID prints the rule's full documentation.

EXAMPLES:
   aovpnlint explain 13801
   aovpnlint explain 0x800B0109
   aovpnlint explain -2146762487
   aovpnlint explain CERT_E_UNTRUSTEDROOT
   aovpnlint explain oops
   aovpnlint explain VPN041`,
		Action: func(c *cli.Context) error { return explain(c, e) },
	}
}

// explanation is one thing to print: an entry of the Windows error table
// or a rule.
type explanation struct {
	entry *winerr.Entry
	rule  *lint.Rule
}

func explain(c *cli.Context, e *env) error {
	args := c.Args().Slice()
	if len(args) == 0 {
		return usagef("explain needs a Windows error code, a symbolic name, a phrase such as oops, or a rule ID such as VPN041")
	}
	rules := map[string]*lint.Rule{}
	for _, r := range aovpnlint.Rules() {
		rules[r.ID] = r
	}
	// Each argument on its own when each names one thing (explain 13801
	// 812); otherwise the words are one phrase (explain no such host).
	var all []explanation
	for _, a := range args {
		x := resolve(a, rules)
		if len(x) != 1 {
			all = nil
			break
		}
		all = append(all, x...)
	}
	if all == nil {
		all = resolve(strings.Join(args, " "), rules)
	}
	if len(all) == 0 {
		return usagef("explain: nothing matches %q; give a code (812, 0x800B0109, -2146762487), a symbolic name (CERT_E_UNTRUSTEDROOT), a phrase (oops) or a rule ID (VPN041)", strings.Join(args, " "))
	}
	for i, x := range all {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		if x.rule != nil {
			printRule(e.stdout, x.rule)
		} else {
			printEntry(e.stdout, x.entry, rules)
		}
	}
	return nil
}

func resolve(q string, rules map[string]*lint.Rule) []explanation {
	if r := rules[strings.ToUpper(strings.TrimSpace(q))]; r != nil {
		return []explanation{{rule: r}}
	}
	var out []explanation
	for _, en := range winerr.Lookup(q) {
		out = append(out, explanation{entry: en})
	}
	return out
}

func printEntry(w io.Writer, en *winerr.Entry, rules map[string]*lint.Rule) {
	if en.Code != 0 {
		fmt.Fprintf(w, "%s  %s\n", en.Display(), en.Name)
	} else {
		fmt.Fprintln(w, en.Name)
	}
	wrap(w, "", capitalise(en.Meaning)+".")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usual causes, and the rules that detect them:")
	for _, c := range en.Causes {
		wrap(w, "  - ", c.Text)
		if len(c.Rules) == 0 {
			fmt.Fprintln(w, "      (not visible in the files aovpnlint reads)")
		}
		for _, id := range c.Rules {
			r := rules[id]
			fmt.Fprintf(w, "      %-7s %-7s %s\n", r.ID, r.Severity, r.Title)
		}
	}
	if en.NoFile != "" {
		fmt.Fprintln(w)
		wrap(w, "", "No rule can detect this: "+en.NoFile+".")
	}
}

func printRule(w io.Writer, r *lint.Rule) {
	fmt.Fprintf(w, "%s  %s  %s\n", r.ID, r.Severity, r.Title)
	if len(r.WindowsErrors) > 0 {
		wrap(w, "", "Windows errors: "+strings.Join(r.WindowsErrors, ", "))
	}
	wrap(w, "", "Fix: "+r.Fix)
	wrap(w, "", "See: "+r.Citation)
	if file := ruledoc.Defined[r.ID]; file != "" {
		wrap(w, "", "Defined in: "+file)
	}
	if r.Doc != "" {
		fmt.Fprintln(w)
		for i, para := range strings.Split(r.Doc, "\n\n") {
			if i > 0 {
				fmt.Fprintln(w)
			}
			if strings.HasPrefix(para, "    ") {
				fmt.Fprintln(w, para) // a code block, as written
			} else {
				wrap(w, "", para)
			}
		}
	}
}

// wrap writes text wrapped at 88 columns, the first line after prefix and
// the others indented to match.
func wrap(w io.Writer, prefix, text string) {
	const width = 88
	indent := strings.Repeat(" ", len(prefix))
	line, empty := prefix, true
	for _, word := range strings.Fields(text) {
		if !empty && len(line)+1+len(word) > width {
			fmt.Fprintln(w, line)
			line, empty = indent, true
		}
		if !empty {
			line += " "
		}
		line, empty = line+word, false
	}
	fmt.Fprintln(w, line)
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
