package config

import (
	"cmp"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/lint"
)

// Apply applies the configuration c (which may be nil) and the inline
// suppressions of the files to findings: disabled rules and suppressed
// findings are dropped, severities overridden, and an IN008 finding added
// for each suppression that matched nothing or lacks a reason. places
// holds each file's [input.Places] by file name (element paths are needed
// when c.NeedsElements). The result is sorted. It is an [Applier] given
// every file.
func Apply(c *Config, places map[string]*input.Places, findings []lint.Finding) []lint.Finding {
	byFile := map[string][]lint.Finding{}
	for _, f := range findings {
		byFile[f.Pos.File] = append(byFile[f.Pos.File], f)
	}
	names := make([]string, 0, len(byFile)+len(places))
	for name := range byFile {
		names = append(names, name)
	}
	for name := range places {
		if _, ok := byFile[name]; !ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	a := NewApplier(c)
	var out []lint.Finding
	for _, name := range names {
		out = append(out, a.File(name, places[name], byFile[name])...)
	}
	out = append(out, a.Unused()...)
	lint.Sort(out)
	return out
}

// Applier applies a configuration one file at a time, so that a run
// holds the findings of one file, not of all: [Applier.File] for each
// file, then [Applier.Unused] once for the suppressions of the
// configuration that matched nothing. Its memory is that of the
// configuration, whatever the number of files.
//
// The work is close to linear in the findings, suppressions and inline
// suppressions: a finding is compared only with the suppressions of its
// rule, each glob is matched once per file, element paths and inline
// suppressions are found by binary search.
type Applier struct {
	// KeepSuppressed keeps the findings a suppression matched, with
	// lint.Finding.Suppressed saying which one (an inline suppression
	// before a configuration entry), instead of dropping them; disabled
	// rules are dropped all the same. For reports that list suppressed
	// findings as such (SARIF).
	KeepSuppressed bool

	c     *Config
	files *fileIndex
	used  []bool // by suppression of c: it matched a finding
}

// NewApplier returns an applier of c; nil applies only the inline
// suppressions.
func NewApplier(c *Config) *Applier {
	if c == nil {
		c = &Config{}
	}
	return &Applier{c: c, files: newFileIndex(c), used: make([]bool, len(c.Suppress))}
}

// File applies the configuration and the inline suppressions of the file
// called name (places, which may be nil, are its [input.Places]) to the
// file's findings, all at positions in that file, and returns them with
// an IN008 finding for each inline suppression that matched nothing and
// an IN010 finding for each that lacks a reason, sorted. Each file is given once.
func (a *Applier) File(name string, places *input.Places, findings []lint.Finding) []lint.Finding {
	one := map[string]*input.Places{}
	if places != nil {
		one[name] = places
	}
	inline := newInlineIndex(one)
	a.files.places = one
	var out []lint.Finding
	for _, f := range findings {
		id := f.Rule.ID
		if a.c.Disabled[id] {
			continue
		}
		inline.found(id, f.Pos)
		// Both are asked, so that both mark what they used.
		byInline := inline.covers(id, f.Pos)
		byConfig := a.files.suppresses(id, f.Pos)
		if byConfig >= 0 || byInline {
			if !a.KeepSuppressed {
				continue
			}
			if byInline {
				ig := inline.coveredBy(id, f.Pos)
				f.Suppressed = &lint.Suppression{Reason: ig.Reason, Pos: ig.Pos, InSource: true}
			} else {
				s := a.c.Suppress[byConfig]
				f.Suppressed = &lint.Suppression{Reason: s.Reason, Pos: s.Pos}
			}
		}
		if sev, ok := a.c.Severity[id]; ok {
			f.Severity = sev
		}
		out = append(out, f)
	}
	a.files.collect(a.used)
	unused, unreasoned := lint.NewReporter(unusedRule, &out), lint.NewReporter(unreasonedRule, &out)
	for i, ig := range inline.all {
		switch {
		case ig.Reason == "":
			unreasoned.Reportf(ig.Pos, "the inline suppression of %s has no reason, so it is not applied; expected <!-- %s %s why the risk is accepted -->", strings.Join(ig.Rules, ","), input.IgnorePrefix, strings.Join(ig.Rules, ","))
		case !inline.used(i):
			unused.Reportf(ig.Pos, "the inline suppression of %s matches no finding in the element that follows it; expected it to match one, or to be removed", strings.Join(ig.Rules, ","))
		}
	}
	unused.Done()
	unreasoned.Done()
	lint.Sort(out)
	return out
}

// Unused returns an IN008 finding, at its place in the configuration
// file, for each suppression of the configuration that matched no finding
// of the files given so far, sorted.
func (a *Applier) Unused() []lint.Finding {
	var out []lint.Finding
	rep := lint.NewReporter(unusedRule, &out)
	for i, s := range a.c.Suppress {
		if !a.used[i] {
			rep.Reportf(s.Pos, "the suppression of %s (%s) matches no finding; expected it to match one, or to be removed", s.Rule, s.Reason)
		}
	}
	rep.Done()
	lint.Sort(out)
	return out
}

// ruleFile is a rule ID and a file name: the findings of one rule in one
// file, against which suppressions are matched together.
type ruleFile struct{ rule, file string }

// span is the positions from start to end, both included.
type span struct{ start, end lint.Pos }

// comparePos orders positions by line and column.
func comparePos(p, q lint.Pos) int {
	if c := cmp.Compare(p.Line, q.Line); c != 0 {
		return c
	}
	return cmp.Compare(p.Col, q.Col)
}

// inlineIndex holds the inline suppressions of every file. A finding is
// suppressed when it lies in an element that an applicable suppression of
// its rule covers; the covered positions of each rule and file are kept as
// sorted, disjoint spans, so that this takes a binary search. A
// suppression is used when a finding of one of its rules lies in its
// element; the positions of the findings are collected and sorted, and
// used answers by binary search too.
type inlineIndex struct {
	// all lists the suppressions by file name, then in file order.
	all []input.Ignore
	// covered holds the merged spans of the applicable suppressions.
	covered map[ruleFile][]span
	// positions holds the positions of the findings of the rules and
	// files that have a suppression, sorted before the first call to
	// used.
	positions map[ruleFile][]lint.Pos
	sorted    bool
	// owners holds, by rule and file, the spans of the applicable
	// suppressions with the suppression of each, for coveredBy; made on
	// its first call.
	owners map[ruleFile]*owned
}

// owned is the spans of the applicable inline suppressions of one rule
// and file, sorted by start (the outer first), each with its suppression
// (an index in all) and the innermost span before it that contains it,
// or -1. Element spans nest, so the spans containing a position are
// found by walking up from the last one that starts at or before it.
type owned struct {
	spans  []span
	ignore []int
	parent []int
}

func newInlineIndex(places map[string]*input.Places) *inlineIndex {
	x := &inlineIndex{covered: map[ruleFile][]span{}, positions: map[ruleFile][]lint.Pos{}}
	names := make([]string, 0, len(places))
	for name := range places {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		x.all = append(x.all, places[name].Ignores...)
	}
	for _, ig := range x.all {
		if !applies(ig) {
			continue
		}
		for _, id := range ig.Rules {
			key := ruleFile{id, ig.Pos.File}
			x.covered[key] = append(x.covered[key], span{ig.Start, ig.End})
		}
	}
	for key, spans := range x.covered {
		x.covered[key] = merge(spans)
	}
	return x
}

// applies reports whether an inline suppression is applied: it has a
// reason and an element follows it.
func applies(ig input.Ignore) bool { return ig.Reason != "" && ig.Start.Line > 0 }

// merge sorts spans and joins those that overlap.
func merge(spans []span) []span {
	if len(spans) < 2 {
		return spans
	}
	slices.SortFunc(spans, func(a, b span) int { return comparePos(a.start, b.start) })
	out := spans[:1]
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if comparePos(s.start, last.end) <= 0 {
			if last.end.Before(s.end) {
				last.end = s.end
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// found records a finding of rule id at pos.
func (x *inlineIndex) found(id string, pos lint.Pos) {
	key := ruleFile{id, pos.File}
	if _, ok := x.covered[key]; ok {
		x.positions[key] = append(x.positions[key], pos)
	}
}

// covers reports whether an applicable inline suppression of rule id
// covers pos.
func (x *inlineIndex) covers(id string, pos lint.Pos) bool {
	spans := x.covered[ruleFile{id, pos.File}]
	i := sort.Search(len(spans), func(i int) bool { return pos.Before(spans[i].start) }) - 1
	return i >= 0 && !spans[i].end.Before(pos)
}

// coveredBy returns the applicable inline suppression of rule id whose
// element is the innermost that contains pos (when covers reports one):
// a binary search and a walk up through the suppressions that contain
// the last one starting at or before pos, so its cost grows with the
// nesting, not with the number of suppressions.
func (x *inlineIndex) coveredBy(id string, pos lint.Pos) input.Ignore {
	if x.owners == nil {
		x.owners = map[ruleFile]*owned{}
		for i, ig := range x.all {
			if !applies(ig) {
				continue
			}
			for _, rule := range ig.Rules {
				key := ruleFile{rule, ig.Pos.File}
				o := x.owners[key]
				if o == nil {
					o = &owned{}
					x.owners[key] = o
				}
				o.spans = append(o.spans, span{ig.Start, ig.End})
				o.ignore = append(o.ignore, i)
			}
		}
		for _, o := range x.owners {
			o.sort()
		}
	}
	o := x.owners[ruleFile{id, pos.File}]
	if o == nil {
		return input.Ignore{}
	}
	last := sort.Search(len(o.spans), func(i int) bool { return pos.Before(o.spans[i].start) }) - 1
	for i := last; i >= 0; i = o.parent[i] {
		if !o.spans[i].end.Before(pos) {
			return x.all[o.ignore[i]]
		}
	}
	if last >= 0 {
		return x.all[o.ignore[last]] // spans that overlap without nesting: not made by XML
	}
	return input.Ignore{}
}

// sort orders the spans by start, the outer first, and links each to
// the innermost earlier span that contains it, with a stack of the spans
// that may still contain later ones.
func (o *owned) sort() {
	order := make([]int, len(o.spans))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := comparePos(o.spans[a].start, o.spans[b].start); c != 0 {
			return c
		}
		return comparePos(o.spans[b].end, o.spans[a].end)
	})
	spans, ignore := make([]span, len(order)), make([]int, len(order))
	for i, j := range order {
		spans[i], ignore[i] = o.spans[j], o.ignore[j]
	}
	o.spans, o.ignore, o.parent = spans, ignore, make([]int, len(spans))
	var stack []int
	for i, sp := range spans {
		for len(stack) > 0 && spans[stack[len(stack)-1]].end.Before(sp.end) {
			stack = stack[:len(stack)-1]
		}
		o.parent[i] = -1
		if len(stack) > 0 {
			o.parent[i] = stack[len(stack)-1]
		}
		stack = append(stack, i)
	}
}

// used reports whether a finding recorded by found lies in the element of
// the i-th suppression, for one of its rules.
func (x *inlineIndex) used(i int) bool {
	if !x.sorted {
		for _, ps := range x.positions {
			slices.SortFunc(ps, comparePos)
		}
		x.sorted = true
	}
	ig := x.all[i]
	if !applies(ig) {
		return false
	}
	for _, id := range ig.Rules {
		ps := x.positions[ruleFile{id, ig.Pos.File}]
		j := sort.Search(len(ps), func(j int) bool { return !ps[j].Before(ig.Start) })
		if j < len(ps) && !ig.End.Before(ps[j]) {
			return true
		}
	}
	return false
}

// fileIndex holds the suppressions of the configuration by rule. The
// suppressions of a rule whose globs match a file are worked out once per
// rule and file (a group); within a group, those with a path are kept by
// path, so that a finding looks up its element path and each path that
// contains it, not every suppression.
type fileIndex struct {
	c       *Config
	places  map[string]*input.Places
	byRule  map[string][]int
	groups  map[ruleFile]*group
	matches globCache
	// longestPath is the length of the longest suppression path.
	longestPath int
}

// group holds the suppressions of one rule that apply to one file and
// which of them matched a finding.
type group struct {
	any    []int            // without a path
	byPath map[string][]int // with a path, by path
	// anyUsed and pathUsed record a finding matched by any, or by the
	// suppressions of a path.
	anyUsed  bool
	pathUsed map[string]bool
}

func newFileIndex(c *Config) *fileIndex {
	x := &fileIndex{c: c, byRule: map[string][]int{}, groups: map[ruleFile]*group{}, matches: globCache{}}
	for i, s := range c.Suppress {
		x.byRule[s.Rule] = append(x.byRule[s.Rule], i)
		x.longestPath = max(x.longestPath, len(s.Path))
	}
	return x
}

// group returns the group of rule id in file, made on first use.
func (x *fileIndex) group(id, file string) *group {
	key := ruleFile{id, file}
	if g := x.groups[key]; g != nil {
		return g
	}
	g := &group{byPath: map[string][]int{}, pathUsed: map[string]bool{}}
	clean := filepath.ToSlash(filepath.Clean(file))
	for _, i := range x.byRule[id] {
		s := x.c.Suppress[i]
		switch {
		case !s.inFile(clean, x.matches.match):
		case s.Path == "":
			g.any = append(g.any, i)
		default:
			g.byPath[s.Path] = append(g.byPath[s.Path], i)
		}
	}
	x.groups[key] = g
	return g
}

// suppresses returns the index in the configuration of a suppression
// that matches a finding of rule id at pos, or -1, and records which
// matched.
func (x *fileIndex) suppresses(id string, pos lint.Pos) int {
	if len(x.byRule[id]) == 0 {
		return -1
	}
	g := x.group(id, pos.File)
	hit := -1
	if len(g.any) > 0 {
		g.anyUsed, hit = true, g.any[0]
	}
	pl := x.places[pos.File]
	if len(g.byPath) == 0 || pl == nil {
		return hit
	}
	// The suppressions whose path is the element path or one of the
	// paths that contain it.
	// Only a prefix as long as the longest suppression path can match,
	// however long the element names.
	path, complete := pl.ElementPathPrefix(pos, x.longestPath+1)
	for i := 0; i <= len(path); i++ {
		if path != "" && (i == len(path) && complete || i < len(path) && path[i] == '/') {
			if ids, ok := g.byPath[path[:i]]; ok {
				g.pathUsed[path[:i]] = true
				if hit < 0 {
					hit = ids[0]
				}
			}
		}
	}
	return hit
}

// collect marks in used the suppressions that matched a finding of the
// file given, and forgets the file's groups and glob matches.
func (x *fileIndex) collect(used []bool) {
	for _, g := range x.groups {
		if g.anyUsed {
			for _, i := range g.any {
				used[i] = true
			}
		}
		for p := range g.pathUsed {
			for _, i := range g.byPath[p] {
				used[i] = true
			}
		}
	}
	clear(x.groups)
	clear(x.matches)
}
