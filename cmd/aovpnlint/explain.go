package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/internal/ruledoc"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/winerr"
	"github.com/urfave/cli/v2"
)

func explainCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "explain",
		Usage:     "explain a Windows error (its code, name or text) or a rule: its meaning, usual causes, and the rules that detect them",
		ArgsUsage: "CODE|NAME|TEXT|RULE...",
		Description: `Explains the errors an Always On VPN client shows (RasClient event 20227, the
IKEv2 and certificate errors, Entra's "Oops" page, NPS events and reason codes, the
OpenVPN client's messages) and names the rules that find each cause in the files. A code
may be decimal, hexadecimal, or negative decimal as the event log shows certificate
errors; the text of the error as the event log or the dialog shows it may be pasted
(quoted, or as separate words), the whole event 20227 included; a rule ID prints the
rule's full documentation. Several codes or rule IDs are explained one after the other;
each must name something.

EXAMPLES:
   aovpnlint explain 13801
   aovpnlint explain 0x800B0109
   aovpnlint explain -2146762487
   aovpnlint explain CERT_E_UNTRUSTEDROOT
   aovpnlint explain "IKE authentication credentials are unacceptable"
   aovpnlint explain oops
   aovpnlint explain VPN041
   aovpnlint explain --format json 812 VPN011

EXIT CODES:
   0  everything asked about was explained
   2  bad usage, or an argument that matches no error, text or rule`,
		Flags: []cli.Flag{
			&choiceFlag{StringFlag: &cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output format: text, or json (one object per error or rule explained)"}, values: []string{"text", "json"}},
		},
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
	format, err := choose(c, findFlag(c.Command, "format").(*choiceFlag))
	if err != nil {
		return err
	}
	args := c.Args().Slice()
	if len(args) == 0 {
		return usagef("explain needs a Windows error code, a symbolic name, the text of an error, a phrase such as oops, or a rule ID such as VPN041")
	}
	rules := map[string]*lint.Rule{}
	for _, r := range aovpnlint.Rules() {
		rules[r.ID] = r
	}
	all, err := explanations(args, rules)
	if err != nil {
		return err
	}
	if format == "json" {
		return explainJSON(e.stdout, all, rules)
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

// explanations resolves the arguments of explain: each on its own when
// each names something (explain 13801 812 VPN041); otherwise the words
// are one text (explain IKE authentication credentials are unacceptable),
// in which a number at the start is not read as a code; when that names
// nothing either, the first argument that names nothing on its own is the
// error, whatever its place (explain 13801 nonsense, explain nonsense
// 13801). Each error or rule is explained once.
func explanations(args []string, rules map[string]*lint.Rule) ([]explanation, error) {
	var all []explanation
	missing := ""
	for _, a := range args {
		x := resolve(a, rules)
		if len(x) == 0 && missing == "" {
			missing = a
		}
		all = append(all, x...)
	}
	if missing != "" && len(args) > 1 {
		all = nil
		for _, en := range winerr.LookupText(strings.Join(args, " ")) {
			all = append(all, explanation{entry: en})
		}
		if len(all) > 0 {
			missing = ""
		}
	}
	if missing != "" {
		return nil, usagef("explain: nothing matches %s; give a code (812, 0x800B0109, -2146762487), a symbolic name (CERT_E_UNTRUSTEDROOT), the text of the error (\"IKE authentication credentials are unacceptable\"), a phrase (oops) or a rule ID (VPN041)", quoteArg(missing))
	}
	var out []explanation
	for _, x := range all {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out, nil
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

// The JSON of explain: {"version": 1, "explanations": [...]}, each an
// error (kind "error") or a rule (kind "rule").
type (
	explainDoc struct {
		Version      int          `json:"version"`
		Explanations []explainOne `json:"explanations"`
	}
	explainOne struct {
		Kind string `json:"kind"`
		// An error: its code as Windows shows it ("812", "0x800B0109";
		// "" for a symptom), its name, what Windows says, what it means,
		// its causes, and why no file shows it.
		Code     string         `json:"code,omitempty"`
		Name     string         `json:"name,omitempty"`
		Messages []string       `json:"messages,omitempty"`
		Meaning  string         `json:"meaning,omitempty"`
		Causes   []explainCause `json:"causes,omitempty"`
		NoFile   string         `json:"noFile,omitempty"`
		// A rule, as rules --format json lists it.
		Rule *ruleJSON `json:"rule,omitempty"`
	}
	explainCause struct {
		Text  string         `json:"text"`
		Rules []explainRules `json:"rules"`
	}
	explainRules struct {
		ID       string `json:"id"`
		Severity string `json:"severity"`
		Title    string `json:"title"`
	}
)

// explainJSON writes the explanations as one JSON document.
func explainJSON(w io.Writer, all []explanation, rules map[string]*lint.Rule) error {
	doc := explainDoc{Version: 1, Explanations: []explainOne{}}
	for _, x := range all {
		if x.rule != nil {
			r := toRuleJSON(x.rule)
			doc.Explanations = append(doc.Explanations, explainOne{Kind: "rule", Rule: &r})
			continue
		}
		en := x.entry
		one := explainOne{Kind: "error", Name: en.Name, Messages: en.Messages, Meaning: en.Meaning, NoFile: en.NoFile}
		if en.Code != 0 {
			one.Code = strings.Fields(en.Display())[0]
		}
		for _, c := range en.Causes {
			ec := explainCause{Text: c.Text, Rules: []explainRules{}}
			for _, id := range c.Rules {
				r := rules[id]
				ec.Rules = append(ec.Rules, explainRules{ID: r.ID, Severity: r.Severity.String(), Title: r.Title})
			}
			one.Causes = append(one.Causes, ec)
		}
		doc.Explanations = append(doc.Explanations, one)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func printEntry(w io.Writer, en *winerr.Entry, rules map[string]*lint.Rule) {
	if en.Code != 0 {
		fmt.Fprintf(w, "%s  %s\n", en.Display(), en.Name)
	} else {
		fmt.Fprintln(w, en.Name)
	}
	for _, m := range en.Messages {
		if !strings.EqualFold(strings.TrimSuffix(m, "."), en.Meaning) {
			wrap(w, "", "Windows says: "+m)
		}
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
	if file := ruledoc.Defined()[r.ID]; file != "" {
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
