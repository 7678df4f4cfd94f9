package lint

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Check pairs a [Rule] with the function that looks for it in an input of
// type T (a parsed profile, an EAP configuration, a set of certificates).
// Checks are declared as package-level values and collected in explicit
// lists; nothing registers itself.
type Check[T any] struct {
	Rule
	// Run inspects the input and reports each problem through r. It reports
	// problems only: a clean input reports nothing.
	Run func(in T, r *Reporter)
}

// Run runs every check on in and returns the findings in the order they were
// reported. A check that panics is a bug in aovpnlint; the panic is not
// recovered, so tests and fuzzing find it.
func Run[T any](checks []*Check[T], in T) []Finding {
	var out []Finding
	var r Reporter // one for the checks in turn: one each was an allocation per check and document
	for _, c := range checks {
		r = Reporter{rule: &c.Rule, out: &out}
		c.Run(in, &r)
		r.Done()
	}
	return out
}

// Rules returns the rule of each check, in list order.
func Rules[T any](checks []*Check[T]) []*Rule {
	rules := make([]*Rule, len(checks))
	for i, c := range checks {
		rules[i] = &c.Rule
	}
	return rules
}

// Reporter collects the findings of one rule. The rule's ID, default
// severity, Windows errors and fix are stamped on every finding, so a check
// never repeats them.
//
// A reporter keeps at most [MaxPerRule] findings of its rule for each file;
// the others are counted in one summary finding per file (see [Omitted]),
// so that a hostile file cannot make a rule report millions of findings.
type Reporter struct {
	rule    *Rule
	out     *[]Finding
	counts  map[string]int
	summary map[string]*Finding
	files   []string // files with a summary, in the order they got one
}

// NewReporter returns a reporter that appends findings of rule to out. It is
// for code that reports outside [Run], such as the configuration layer;
// call [Reporter.Done] when the rule has reported everything.
func NewReporter(rule *Rule, out *[]Finding) *Reporter {
	return &Reporter{rule: rule, out: out}
}

// Reportf reports a finding at pos with the rule's default severity.
func (r *Reporter) Reportf(at Pos, format string, args ...any) {
	r.Report(Finding{Pos: at, Message: fmt.Sprintf(format, args...)})
}

// Report reports f after filling in what it leaves empty: the rule, the
// Windows errors and the fix come from the rule. The severity is always
// the rule's: a fault of another severity is another rule, so that a
// severity override in the configuration means one thing. A position's
// Within note is appended to the message.
func (r *Reporter) Report(f Finding) {
	f.Rule = r.rule
	f.Severity = r.rule.Severity
	if f.WindowsErrors == nil {
		f.WindowsErrors = r.rule.WindowsErrors
	}
	if f.Fix == "" {
		f.Fix = r.rule.Fix
	}
	if r.counts == nil {
		r.counts = map[string]int{}
	}
	if r.counts[f.Pos.File] >= MaxPerRule || f.Omitted > 0 {
		r.omit(f)
		return
	}
	r.counts[f.Pos.File]++
	if f.Pos.Within != "" {
		f.Message += " (" + f.Pos.Within + ")"
	}
	for i := range f.Related {
		if w := f.Related[i].Pos.Within; w != "" {
			f.Related[i].Message += " (" + w + ")"
		}
	}
	*r.out = append(*r.out, f)
}

// omit counts f in its file's summary finding instead of keeping it.
func (r *Reporter) omit(f Finding) {
	if r.summary == nil {
		r.summary = map[string]*Finding{}
	}
	s := r.summary[f.Pos.File]
	if s == nil {
		s = &Finding{Rule: r.rule, Severity: f.Severity, Pos: f.Pos, WindowsErrors: r.rule.WindowsErrors, Fix: r.rule.Fix}
		s.Pos.Within = ""
		r.summary[f.Pos.File] = s
		r.files = append(r.files, f.Pos.File)
	}
	s.Severity = max(s.Severity, f.Severity)
	s.Omitted += max(f.Omitted, 1)
}

// Done appends the summary findings of the files for which more than
// [MaxPerRule] findings were reported. [Run] calls it after each check.
func (r *Reporter) Done() {
	for _, file := range r.files {
		s := r.summary[file]
		s.Message = OmittedMessage(s.Omitted)
		*r.out = append(*r.out, *s)
	}
	r.summary, r.files = nil, nil
}

// MaxPerRule is the largest number of findings one rule reports for one
// file; the rest are counted in a single summary finding.
const MaxPerRule = 1000

// OmittedMessage is the message of a summary finding standing for n
// findings that were not listed.
func OmittedMessage(n int) string {
	return fmt.Sprintf("and %s more findings of this rule in this file, not listed: at most %s are reported per rule and file", thousands(n), thousands(MaxPerRule))
}

// thousands writes n with comma separators: 4,998,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Cap limits findings, sorted with [Sort], to [MaxPerRule] per rule and
// file: the first ones are kept and the others, summary findings
// included, are merged into one summary finding at the position of the
// first one left out. It is for findings gathered from several runs, such
// as every document of one file. Suppressed findings (see
// [Finding.Suppressed]) are counted and summarised apart from the
// others, so that a summary is either suppressed or not.
func Cap(fs []Finding) []Finding {
	type key struct {
		file, rule string
		suppressed bool
	}
	kept := map[key]int{}
	summary := map[key]int{} // index in out
	out := fs[:0:0]
	for _, f := range fs {
		k := key{f.Pos.File, f.Rule.ID, f.Suppressed != nil}
		if f.Omitted == 0 && kept[k] < MaxPerRule {
			kept[k]++
			out = append(out, f)
			continue
		}
		i, ok := summary[k]
		if !ok {
			s := f
			s.Omitted, s.Related, s.Edits = 0, nil, nil
			s.Fix = f.Rule.Fix
			out = append(out, s)
			i = len(out) - 1
			summary[k] = i
		}
		out[i].Severity = max(out[i].Severity, f.Severity)
		out[i].Omitted += max(f.Omitted, 1)
	}
	for _, i := range summary {
		out[i].Message = OmittedMessage(out[i].Omitted)
	}
	return out
}

// Sort orders findings by file, line, column, rule ID and message, the
// order every output format uses.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Rule.ID, b.Rule.ID),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// lowerStart reports whether a title starts in lower case, or with a word
// that is a name: an acronym (PEAP) or an identifier with an upper-case
// letter inside it (EapMethod, AlwaysOn).
func lowerStart(title string) bool {
	word, _, _ := strings.Cut(title, " ")
	if word == "" || word[:1] == strings.ToLower(word[:1]) {
		return true
	}
	return word == strings.ToUpper(word) || strings.ToLower(word[1:]) != word[1:]
}

// Families lists the rule ID prefixes in catalog order.
var Families = []string{"IN", "VPN", "EAP", "CERT", "NPS", "OVPN", "AWS"}

// CompareIDs orders rule IDs the way the catalog lists them: by family
// (IN, VPN, EAP, CERT, NPS, OVPN, AWS), then by number.
func CompareIDs(a, b string) int {
	return cmp.Or(cmp.Compare(family(a), family(b)), cmp.Compare(a, b))
}

// SortRules sorts rules in place by ID, as [CompareIDs] orders them,
// keeping the order of equal IDs; each ID's family is found once.
func SortRules(rules []*Rule) {
	type keyed struct {
		family int
		rule   *Rule
	}
	ks := make([]keyed, len(rules))
	for i, r := range rules {
		ks[i] = keyed{family(r.ID), r}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.family, b.family), cmp.Compare(a.rule.ID, b.rule.ID))
	})
	for i, k := range ks {
		rules[i] = k.rule
	}
}

// family returns the index in Families of a well-formed ID's family, and
// len(Families) for an ID that is not well formed.
func family(id string) int {
	for i, f := range Families {
		if strings.HasPrefix(id, f) && validID(id) {
			return i
		}
	}
	return len(Families)
}

// validID reports whether id is a family prefix followed by three digits.
func validID(id string) bool {
	for _, fam := range Families {
		if digits, ok := strings.CutPrefix(id, fam); ok && len(digits) == 3 {
			return strings.Trim(digits, "0123456789") == ""
		}
	}
	return false
}

// Validate checks a rule list the way go/analysis's Validate checks
// analyzers: every ID well formed and unique, every rule with a valid
// severity, a title, a fix and a citation.
func Validate(rules []*Rule) error {
	var errs []string
	seen := map[string]bool{}
	for _, r := range rules {
		if !validID(r.ID) {
			errs = append(errs, fmt.Sprintf("rule %q: ID is not IN###, VPN###, EAP###, CERT###, NPS###, OVPN### or AWS###", r.ID))
		}
		if seen[r.ID] {
			errs = append(errs, fmt.Sprintf("rule %s: duplicate ID", r.ID))
		}
		seen[r.ID] = true
		if r.Severity < Info || r.Severity > Error {
			errs = append(errs, fmt.Sprintf("rule %s: invalid severity %d", r.ID, int(r.Severity)))
		}
		if strings.TrimSpace(r.Title) == "" {
			errs = append(errs, fmt.Sprintf("rule %s: no title", r.ID))
		} else if strings.HasSuffix(r.Title, ".") || !lowerStart(r.Title) {
			errs = append(errs, fmt.Sprintf("rule %s: title %q must start lower case (or with a name such as EapMethod or PEAP) and have no final period", r.ID, r.Title))
		}
		if strings.TrimSpace(r.Fix) == "" {
			errs = append(errs, fmt.Sprintf("rule %s: no fix", r.ID))
		}
		if strings.TrimSpace(r.Citation) == "" {
			errs = append(errs, fmt.Sprintf("rule %s: no citation", r.ID))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("invalid rule list:\n%s", strings.Join(errs, "\n"))
	}
	return nil
}
