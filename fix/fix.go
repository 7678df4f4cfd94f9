// Package fix makes the corrections aovpnlint is certain of, in the file
// an administrator deploys, without touching anything else: it is
// `aovpnlint fix`.
//
// A rule that can repair its findings says so in its metadata
// ([lint.Rule].Fixable), and each finding it can repair with certainty
// carries the edits that do it ([lint.Finding].Edits), made in the decoded
// text of the document at the positions the parser recorded. [File] reads
// a file as the check does, collects those edits and has package input
// make them where the text is written ([input.File.Rewrite]): inside a
// PowerShell literal, a here-string, a JSON string, SyncML character data
// or CDATA, an HTML-escaped EapHostConfig, in the wrapper's own escaping,
// with a base64 value encoded again and the file written in its own
// encoding and byte order mark. Comments, indentation, attribute order and
// line ends outside the corrected values keep their bytes.
//
// Every pass is checked: the result must read back as the same documents
// with exactly the corrected text, the check must no longer report the
// findings it repaired, and it must report nothing it did not report
// before (a change that would let Windows read a setting it ignores now,
// and so bring up a finding, is left to the administrator). Edits that
// overlap are made one after the other, in further passes, until none is
// left.
//
// Nothing the package returns shows a secret: the descriptions of changes
// quote through srctext's Quote, and [Result.Diff] withholds every line
// part that is a secret (see package secret).
package fix

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/config"
	"github.com/aovpnlint/aovpnlint/eapxml"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/profile"
)

// MaxPasses is the most passes [File] makes over one file. A pass makes
// every edit that overlaps no other; only edits of one element (a name
// corrected in an element that is then moved) wait for a second pass, so
// a third is rare. A file still holding edits after MaxPasses (more than
// lint.MaxPerRule findings of one rule per pass, in a generated file) is
// reported as such, and another run goes on.
const MaxPasses = 8

// Result is what [File] did to one file, or would do.
type Result struct {
	// Name is the file's name, as findings give it.
	Name string
	// Kind is what the file is, as package input read it.
	Kind input.Kind
	// Before is the file's content as read; After its content with the
	// corrections made, nil when there is none.
	Before, After []byte
	// Fixed lists the findings repaired, in the order they were, each
	// with its position in the file as it was when its pass ran (the
	// file as read, for the first pass).
	Fixed []Change
	// Unfixed lists the findings that carry edits but were not repaired,
	// and why.
	Unfixed []Change
	// Refused, when not empty, says why nothing can be changed in the
	// file (a WMI listing, an encoding that does not read back).
	Refused string
	// Remaining are the findings the check reports for After (for Before
	// when nothing changed), as `aovpnlint check` would report them.
	Remaining []lint.Finding

	hiddenBefore, hiddenAfter []lint.Range
	textBefore, textAfter     []byte
}

// Change is a finding repaired, or not, and what the repair is: a short
// description such as `"True" → "true"`, or why it was not made.
type Change struct {
	// Finding is the finding as reported, without its edits (which hold
	// the decoded text of the file as it was; Spans say where they lay).
	Finding lint.Finding
	// Pass is the pass, from 1, the finding was reported in.
	Pass int
	// What describes the change; for an unfixed finding, why it was not
	// made.
	What string
	// Spans are where the finding's edits lay in the file as it was when
	// the pass ran, one for each edit.
	Spans []Span
}

// Span is where an edit lay in a file: from Start to End, the position
// after the last byte it changed (Start itself for an insertion).
type Span struct{ Start, End lint.Pos }

// newChange records a finding of a pass and what became of it, keeping
// where its edits lay but not the edits.
func newChange(f lint.Finding, pass int, what string) Change {
	c := Change{Pass: pass, What: what}
	for _, e := range f.Edits {
		if e.In != nil {
			c.Spans = append(c.Spans, Span{e.In.Pos(e.Start), e.In.Pos(e.End)})
		}
	}
	f.Edits = nil
	c.Finding = f
	return c
}

// File corrects the file called name, whose content is data, with the
// options of the check (its configuration's disabled rules and
// suppressions are respected: a finding the check does not report is not
// repaired). It never writes anything. The error is for a file the check
// cannot read at all.
func File(name string, data []byte, opts aovpnlint.Options) (*Result, error) {
	res := &Result{Name: name, Before: data}
	before, err := check(name, data, opts)
	if err != nil {
		return nil, err
	}
	cur := data
	var f, next *input.File
	refused := map[string]bool{} // keys of findings not to try again
	trials := 0                  // changes tried one by one, of maxTrials
	for pass := 1; ; pass++ {
		if f = next; f == nil {
			f = input.Read(name, cur, opts.Limits)
		}
		next = nil
		if pass == 1 {
			// What the diff needs of the file as read; not the file,
			// whose tree would stay in memory through every pass.
			res.Kind = f.Kind
			res.textBefore, res.hiddenBefore = hidden(f)
			res.Refused = unreadable(f)
		}
		var found []lint.Finding
		for _, fd := range fixable(f, opts) {
			if !refused[key(fd)] {
				found = append(found, fd)
			}
		}
		if len(found) == 0 {
			break
		}
		if pass > MaxPasses {
			for _, fd := range found {
				res.Unfixed = append(res.Unfixed, newChange(fd, pass, fmt.Sprintf("left for another run of fix: %d passes were made", MaxPasses)))
			}
			break
		}
		p := &passState{f: f, found: found, before: before, opts: opts}
		all := make([]int, len(found))
		for i := range all {
			all[i] = i
		}
		t, err := p.attempt(all)
		if err != nil {
			return nil, err
		}
		if t.notRewritable != "" {
			res.Refused = t.notRewritable
			for _, fd := range found {
				res.Unfixed = append(res.Unfixed, newChange(fd, pass, "the file cannot be rewritten: "+t.notRewritable))
			}
			break
		}
		for _, r := range t.rw.Refused {
			refused[key(found[r.Group])] = true
			res.Unfixed = append(res.Unfixed, newChange(found[r.Group], pass, "the change cannot be made exactly in this file: "+r.Why))
		}
		if t.rw.Data == nil {
			break
		}
		if t.still != nil {
			res.Refused = fmt.Sprintf("after the change the check still reports %s at %s; the file is left as it is (please report this to the aovpnlint project)", t.still.Rule.ID, t.still.Pos)
			break
		}
		if t.fresh != nil {
			// Some change brings up a finding the check did not report:
			// find which, trying each alone, and make the others.
			var ok []int
			for _, g := range t.rw.Made {
				if trials == maxTrials {
					break // the rest are left for another run (listed below)
				}
				trials++
				one, err := p.attempt([]int{g})
				if err != nil {
					return nil, err
				}
				switch {
				case one.rw.Data == nil || one.still != nil:
					refused[key(found[g])] = true
					res.Unfixed = append(res.Unfixed, newChange(found[g], pass, "the change could not be checked on its own"))
				case one.fresh != nil:
					refused[key(found[g])] = true
					res.Unfixed = append(res.Unfixed, newChange(found[g], pass, "the change would bring up "+brief(*one.fresh)+", which the check does not report now; make it by hand once that is dealt with"))
				default:
					ok = append(ok, g)
				}
			}
			if len(ok) == 0 {
				continue
			}
			if t, err = p.attempt(ok); err != nil {
				return nil, err
			}
			if t.rw.Data == nil || t.still != nil || t.fresh != nil {
				// Changes fine alone clash together: one now, the others in
				// the next pass.
				if t, err = p.attempt(ok[:1]); err != nil {
					return nil, err
				}
			}
		}
		for _, g := range t.rw.Made {
			res.Fixed = append(res.Fixed, newChange(found[g], pass, describe(found[g])))
		}
		cur, before, next = t.rw.Data, t.after, t.rw.File
	}
	res.Remaining = before
	if len(res.Fixed) > 0 {
		res.After = cur
		res.textAfter, res.hiddenAfter = hidden(f)
	}
	return res, nil
}

// maxTrials bounds the changes tried one by one, over every pass of a
// file, when a pass as a whole brings up a new finding: each trial is a
// check of the file, so a hostile file with thousands of such changes
// costs at most this many checks more than the passes themselves.
const maxTrials = 32

// passState is one pass over a file: the file as read, the findings that
// carry edits, and what the check reported before the pass.
type passState struct {
	f      *input.File
	found  []lint.Finding
	before []lint.Finding
	opts   aovpnlint.Options
}

// trial is the outcome of making some of a pass's changes.
type trial struct {
	rw            *input.Rewritten
	after         []lint.Finding // the check of rw.Data
	still         *lint.Finding  // a finding made that the check still reports
	fresh         *lint.Finding  // a finding the check did not report before
	notRewritable string
}

// attempt makes the changes of the findings idx (indexes in p.found) and
// checks the result.
func (p *passState) attempt(idx []int) (trial, error) {
	groups := make([][]lint.Edit, len(idx))
	for i, g := range idx {
		groups[i] = p.found[g].Edits
	}
	rw, err := p.f.Rewrite(groups, p.opts.Limits)
	var nr *input.NotRewritable
	if errors.As(err, &nr) {
		return trial{rw: rw, notRewritable: nr.Why}, nil
	}
	// Back to indexes in p.found.
	for i := range rw.Made {
		rw.Made[i] = idx[rw.Made[i]]
	}
	for i := range rw.Deferred {
		rw.Deferred[i] = idx[rw.Deferred[i]]
	}
	for i := range rw.Refused {
		rw.Refused[i].Group = idx[rw.Refused[i].Group]
	}
	t := trial{rw: rw}
	if rw.Data == nil {
		return t, nil
	}
	if t.after, err = check(p.f.Name, rw.Data, p.opts); err != nil {
		return t, err
	}
	t.still, t.fresh = compare(p.found, rw.Made, p.before, t.after)
	return t, nil
}

// check runs the check on one file as the command line does. The edits
// of its findings are dropped: they would keep that run's texts alive,
// and fix works with the edits of its own reading of the file.
func check(name string, data []byte, opts aovpnlint.Options) ([]lint.Finding, error) {
	fs, err := aovpnlint.Lint([]aovpnlint.File{{Name: name, Data: data}}, opts)
	for i := range fs {
		fs[i].Edits = nil
	}
	return fs, err
}

// fixable returns the findings of f's documents that carry edits and
// that the check reports (the configuration's disabled rules and
// suppressions applied), in the check's order.
func fixable(f *input.File, opts aovpnlint.Options) []lint.Finding {
	var all []lint.Finding
	for _, d := range f.Docs {
		if d.XML == nil {
			continue
		}
		switch d.Kind {
		case input.Profile:
			all = append(all, profile.Lint(profile.Parse(d.XML), profile.Options{Target: opts.Target})...)
		case input.EAP:
			all = append(all, eapxml.Lint(eapxml.Parse(d.XML, d.XML.Root))...)
		}
	}
	if !slices.ContainsFunc(all, func(fd lint.Finding) bool { return len(fd.Edits) > 0 }) {
		return nil
	}
	kept := config.NewApplier(opts.Config).File(f.Name, f.Places(opts.Config.NeedsElements()), all)
	var out []lint.Finding
	for _, fd := range kept {
		if len(fd.Edits) > 0 && fd.Omitted == 0 && fd.Suppressed == nil {
			out = append(out, fd)
		}
	}
	return out
}

// positional matches the numbers in messages that say where something
// else is ("first at line 3"), which a change above them shifts.
// It is compiled when first used, not at every start of the program.
var positional = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b(line|column|entry) [0-9]+`) })

// key identifies a finding across a change of the file: its file, rule
// and message, without line numbers.
func key(f lint.Finding) string {
	msg := f.Message
	if strings.Contains(msg, "line ") || strings.Contains(msg, "column ") || strings.Contains(msg, "entry ") {
		msg = positional().ReplaceAllString(msg, "$1 #")
	}
	return f.Pos.File + "\x00" + f.Rule.ID + "\x00" + msg
}

// compare returns a finding of found that was made (by index in made)
// and that the check reports as often after the change as before, and a
// finding the check reports after the change that it did not before; nil
// for none. Findings are told apart by key. Where the check lists only the
// first lint.MaxPerRule findings of a rule in a file and counts the others
// in a summary (before or after the change), the findings of that rule are
// compared by number only: the change must take as many away as it made.
func compare(found []lint.Finding, made []int, before, after []lint.Finding) (still, fresh *lint.Finding) {
	type ruleKey struct{ file, rule string }
	count := map[string]int{}    // listed findings by key: before, less made, less after
	total := map[ruleKey]int{}   // findings by rule, omitted ones included, the same way
	capped := map[ruleKey]bool{} // rules with a summary, before or after
	tally := func(f lint.Finding, sign int) {
		rk := ruleKey{f.Pos.File, f.Rule.ID}
		if f.Omitted > 0 {
			capped[rk] = true
			total[rk] += sign * f.Omitted
			return
		}
		count[key(f)] += sign
		total[rk] += sign
	}
	for _, f := range before {
		tally(f, 1)
	}
	for _, g := range made {
		tally(found[g], -1)
	}
	for _, f := range after {
		tally(f, -1)
	}
	for _, g := range made {
		f := found[g]
		rk := ruleKey{f.Pos.File, f.Rule.ID}
		if capped[rk] && total[rk] < 0 || !capped[rk] && count[key(f)] < 0 {
			return &found[g], nil
		}
	}
	for i, f := range after {
		rk := ruleKey{f.Pos.File, f.Rule.ID}
		if capped[rk] && total[rk] < 0 || !capped[rk] && count[key(f)] < 0 {
			return nil, &after[i]
		}
	}
	return nil, nil
}

// brief names a finding for a message: its rule, position and message.
func brief(f lint.Finding) string {
	return fmt.Sprintf("%s at %s (%s)", f.Rule.ID, f.Pos, f.Message)
}

// describe says what the edits of f change, for the listing: the old and
// new text of each replacement, quoted (never a secret), or where an
// element moves.
func describe(f lint.Finding) string {
	var parts []string
	for _, e := range f.Edits {
		if len(e.From) > 0 {
			return fmt.Sprintf("moved to line %d", e.In.Pos(e.Start).Line)
		}
	}
	for _, e := range f.Edits {
		t, ok := e.In.(*srctext.Text)
		if !ok {
			continue
		}
		var s string
		switch {
		case e.Start == e.End:
			s = "inserted " + quote(t, e.Start, e.End, e.New)
		case e.New == "":
			s = "removed " + quote(t, e.Start, e.End, "")
		default:
			if _, secret := t.Secret(e.Start, e.End); secret {
				s = "changed " + t.Quote(e.Start, e.End)
			} else {
				s = quote(t, e.Start, e.End, "") + " → " + quote(t, e.Start, e.Start, e.New)
			}
		}
		if !slices.Contains(parts, s) {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "; ")
}

// quote shows the text start to end of t, or the literal lit when it is
// not empty, in quotes: withheld when it touches a secret.
func quote(t *srctext.Text, start, end int, lit string) string {
	if s, ok := t.Secret(start, max(end, start+1)); ok {
		return "(" + s.Withheld() + ")"
	}
	if lit != "" {
		return `"` + wording.Inline(lit) + `"`
	}
	return `"` + t.Quote(start, end) + `"`
}

// unreadable says why a file holds no document to change although it
// should (a script that builds its profile at run time: IN004), or "".
func unreadable(f *input.File) string {
	if len(f.Docs) > 0 {
		return ""
	}
	for _, p := range f.Problems {
		if p.Kind == input.NotExtractable {
			return p.Message
		}
	}
	return ""
}

// hidden returns the decoded text of f and the ranges of it never shown.
func hidden(f *input.File) ([]byte, []lint.Range) {
	if f.Text == nil {
		return nil, nil
	}
	return f.Text.Data, f.Withheld()
}
