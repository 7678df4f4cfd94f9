package input

import (
	"sort"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
	"github.com/aovpnlint/aovpnlint/lint"
)

// elements lists the elements of the file's parsed documents, escaped
// documents inside them included, in document order.
func (f *File) elements() []xmldoc.Element {
	var out []xmldoc.Element
	for _, d := range f.Docs {
		if d.XML != nil {
			out = append(out, d.XML.Elements("")...)
		}
	}
	return out
}

// Places is what configuration needs of a file once its documents are
// parsed: the inline suppressions and, when asked for, the span and path
// of every element. It keeps no document tree, so that a batch of files
// does not hold every tree in memory at once.
type Places struct {
	Ignores  []Ignore
	elements []xmldoc.Element
}

// Places returns the file's inline suppressions and, with elements, the
// element spans ElementPath needs.
func (f *File) Places(elements bool) *Places {
	p := &Places{Ignores: f.Ignores()}
	if elements {
		p.elements = f.elements()
	}
	return p
}

// ElementPath returns the path of the innermost element that contains p
// ("VPNProfile/NativeProfile/Servers"), or "" when p is in no element of
// the file's documents. Configuration suppressions match it.
func (f *File) ElementPath(p lint.Pos) string { return f.Places(true).ElementPath(p) }

// ElementPath returns the path of the innermost element that contains
// pos, or "" (always "" when the places were made without elements).
func (pl *Places) ElementPath(pos lint.Pos) string {
	path, depth := "", -1
	for _, e := range pl.elements {
		if !pos.Before(e.Start) && !e.End.Before(pos) {
			if d := strings.Count(e.Path, "/"); d >= depth {
				path, depth = e.Path, d
			}
		}
	}
	return path
}

// Ignore is an inline suppression: a comment
// <!-- aovpnlint:ignore RULE[,RULE...] reason --> on the line before an
// element, which suppresses those rules' findings inside the element.
type Ignore struct {
	Rules  []string
	Reason string
	// Pos is the comment; Start and End span the element it applies to
	// (zero when no element follows it).
	Pos, Start, End lint.Pos
}

// IgnorePrefix starts the text of an inline suppression comment.
const IgnorePrefix = "aovpnlint:ignore"

// Ignores returns the inline suppressions of the file's documents, in
// file order.
func (f *File) Ignores() []Ignore {
	var comments []xmldoc.Comment
	var add func(d *xmldoc.Doc)
	add = func(d *xmldoc.Doc) {
		comments = append(comments, d.Comments...)
		for _, inner := range d.Embedded {
			add(inner)
		}
	}
	for _, d := range f.Docs {
		if d.XML != nil {
			add(d.XML)
		}
	}
	sort.SliceStable(comments, func(i, j int) bool { return comments[i].Pos.Before(comments[j].Pos) })
	var out []Ignore
	elems := f.elements()
	for _, c := range comments {
		text, ok := strings.CutPrefix(strings.TrimSpace(c.Text), IgnorePrefix)
		if !ok || (text != "" && text[0] != ' ' && text[0] != '\t') {
			continue
		}
		ids, reason, _ := strings.Cut(strings.TrimSpace(text), " ")
		ig := Ignore{Reason: strings.TrimSpace(reason), Pos: c.Pos}
		for _, id := range strings.Split(ids, ",") {
			if id = strings.TrimSpace(id); id != "" {
				ig.Rules = append(ig.Rules, id)
			}
		}
		for _, e := range elems {
			if c.Pos.Before(e.Start) {
				ig.Start, ig.End = e.Start, e.End
				break
			}
		}
		out = append(out, ig)
	}
	return out
}

// Covers reports whether p lies inside the element the suppression
// applies to.
func (ig Ignore) Covers(p lint.Pos) bool {
	return ig.Start.Line > 0 && !p.Before(ig.Start) && !ig.End.Before(p)
}
