package engine

import (
	"strings"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/internal/ruledoc"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/winerr"
)

// Explanation is one thing `aovpnlint explain` prints: an entry of the
// Windows error table (Error) or a rule (Rule); exactly one is set.
type Explanation struct {
	Error *ErrorEntry `json:"error,omitempty"`
	Rule  *RuleDoc    `json:"rule,omitempty"`
}

// ErrorEntry is an entry of the Windows error table (package winerr).
type ErrorEntry struct {
	// Code is the code as the event log writes it ("812", "0x800B0109
	// (-2146762487)"), or the symptom for an entry without a code.
	Code    string  `json:"code"`
	Name    string  `json:"name"`
	Meaning string  `json:"meaning"`
	Causes  []Cause `json:"causes"`
	// NoFile says why no rule can detect the error, when none can.
	NoFile string `json:"noFile"`
}

// Cause is a usual cause of an error and the rules that detect it.
type Cause struct {
	Text  string    `json:"text"`
	Rules []RuleRef `json:"rules"`
}

// RuleRef names a rule.
type RuleRef struct {
	ID       string `json:"id"`
	Severity string `json:"severity"`
	Title    string `json:"title"`
}

// RuleDoc is a rule's documentation, as `aovpnlint explain RULE` prints
// it.
type RuleDoc struct {
	RuleRef
	WindowsErrors []string `json:"windowsErrors"`
	Fix           string   `json:"fix"`
	Citation      string   `json:"citation"`
	// DefinedIn is the file of the module that defines the rule.
	DefinedIn string `json:"definedIn"`
	// Doc is the rule's long documentation: paragraphs separated by blank
	// lines, code blocks indented by four spaces.
	Doc string `json:"doc"`
}

// Explain explains a query as `aovpnlint explain` does with the query's
// words as its arguments: each word on its own when each names exactly
// one thing (13801 812), otherwise the words as one phrase (no such
// host). A word may be a code (decimal, hexadecimal or negative decimal),
// a symbolic name, a phrase or a rule ID. Nothing matching is an empty
// list.
func Explain(query string) []Explanation {
	rules := map[string]*lint.Rule{}
	for _, r := range aovpnlint.Rules() {
		rules[r.ID] = r
	}
	args := strings.Fields(query)
	var all []Explanation
	for _, a := range args {
		x := resolve(a, rules)
		if len(x) != 1 {
			all = nil
			break
		}
		all = append(all, x...)
	}
	if all == nil && len(args) > 0 {
		all = resolve(strings.Join(args, " "), rules)
	}
	return all
}

// resolve is a rule named by its ID, or the entries of the error table
// the query finds.
func resolve(q string, rules map[string]*lint.Rule) []Explanation {
	if r := rules[strings.ToUpper(strings.TrimSpace(q))]; r != nil {
		return []Explanation{{Rule: &RuleDoc{RuleRef: ref(r), WindowsErrors: append([]string{}, r.WindowsErrors...),
			Fix: r.Fix, Citation: r.Citation, DefinedIn: ruledoc.Defined()[r.ID], Doc: r.Doc}}}
	}
	var out []Explanation
	for _, en := range winerr.Lookup(q) {
		e := &ErrorEntry{Code: en.Display(), Name: en.Name, Meaning: en.Meaning, NoFile: en.NoFile, Causes: []Cause{}}
		for _, c := range en.Causes {
			cause := Cause{Text: c.Text, Rules: []RuleRef{}}
			for _, id := range c.Rules {
				if r := rules[id]; r != nil {
					cause.Rules = append(cause.Rules, ref(r))
				}
			}
			e.Causes = append(e.Causes, cause)
		}
		out = append(out, Explanation{Error: e})
	}
	return out
}

func ref(r *lint.Rule) RuleRef {
	return RuleRef{ID: r.ID, Severity: r.Severity.String(), Title: r.Title}
}
