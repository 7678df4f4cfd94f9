package input

import (
	"cmp"
	"slices"
	"sort"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
	"github.com/aovpnlint/aovpnlint/lint"
)

// elements lists the elements of the file's parsed documents, escaped
// documents inside them included, sorted by where they start, an element
// before the elements inside it; each Parent is an index in the list.
// Document order already is that order, except that the elements of an
// escaped document come after the child elements of the element that
// holds it, and that documents may be found out of file order.
func (f *File) elements() []xmldoc.Element {
	var out []xmldoc.Element
	for _, d := range f.Docs {
		if d.XML == nil {
			continue
		}
		base := len(out)
		out = append(out, d.XML.Elements()...)
		for i := base; i < len(out); i++ {
			if out[i].Parent >= 0 {
				out[i].Parent += base
			}
		}
	}
	if slices.IsSortedFunc(out, compareElements) {
		return out
	}
	order := make([]int32, len(out))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return compareElements(out[a], out[b]) })
	at := make([]int32, len(out)) // at[i] is where out[i] goes
	sorted := make([]xmldoc.Element, len(out))
	for i, o := range order {
		sorted[i], at[o] = out[o], int32(i)
	}
	for i := range sorted {
		if p := sorted[i].Parent; p >= 0 {
			sorted[i].Parent = int(at[p])
		}
	}
	return sorted
}

// compareElements orders elements by start, the outer one first when two
// start at the same place.
func compareElements(a, b xmldoc.Element) int {
	if c := comparePos(a.Start, b.Start); c != 0 {
		return c
	}
	if c := comparePos(b.End, a.End); c != 0 {
		return c
	}
	// The same span twice (not seen in practice): the deeper one last,
	// so that it counts as the inner one, as it did before.
	return cmp.Compare(a.Depth, b.Depth)
}

// comparePos orders positions by line and column.
func comparePos(p, q lint.Pos) int {
	if c := cmp.Compare(p.Line, q.Line); c != 0 {
		return c
	}
	return cmp.Compare(p.Col, q.Col)
}

// Places is what configuration needs of a file once its documents are
// parsed: the inline suppressions and, when asked for, the span and path
// of every element. It keeps no document tree, so that a batch of files
// does not hold every tree in memory at once, and no path: ElementPath
// makes the one it returns.
type Places struct {
	Ignores []Ignore
	// elements is sorted as File.elements sorts it; parent[i] is the
	// index of the innermost element that contains elements[i], or -1.
	elements []xmldoc.Element
	parent   []int32
}

// Places returns the file's inline suppressions and, with elements, the
// element spans ElementPath needs. The elements are listed only when they
// are needed: with elements, or when the file has an inline suppression
// comment, whose element is looked up among them.
func (f *File) Places(elements bool) *Places {
	comments := f.ignoreComments()
	p := &Places{}
	if len(comments) == 0 && !elements {
		return p
	}
	elems := f.elements()
	p.Ignores = ignores(comments, elems)
	if elements {
		p.elements, p.parent = elems, parents(elems)
	}
	return p
}

// parents returns, for each element of the sorted list, the index of the
// innermost element before it whose span holds its whole span, or -1. A
// stack holds the elements that may still contain later ones; in a
// well-formed document it is never deeper than the nesting.
func parents(elems []xmldoc.Element) []int32 {
	parent := make([]int32, len(elems))
	var stack []int32
	for i, e := range elems {
		for len(stack) > 0 && elems[stack[len(stack)-1]].End.Before(e.End) {
			stack = stack[:len(stack)-1]
		}
		parent[i] = -1
		if len(stack) > 0 {
			parent[i] = stack[len(stack)-1]
		}
		stack = append(stack, int32(i))
	}
	return parent
}

// ElementPath returns the path of the innermost element that contains p
// ("VPNProfile/NativeProfile/Servers"), or "" when p is in no element of
// the file's documents. Configuration suppressions match it.
func (f *File) ElementPath(p lint.Pos) string { return f.Places(true).ElementPath(p) }

// ElementPath returns the path of the innermost element that contains
// pos, or "" (always "" when the places were made without elements). An
// element contains the positions from its start tag to the end of its end
// tag, both included. It takes a binary search and a walk up through the
// elements that contain the last element starting at or before pos, so
// its cost grows with the logarithm of the number of elements and with
// the nesting, not with the number of elements.
func (pl *Places) ElementPath(pos lint.Pos) string {
	p, _ := pl.ElementPathPrefix(pos, -1)
	return p
}

// ElementPathPrefix is [Places.ElementPath] cut to its first limit bytes
// (no cut when limit is negative): complete is false when the path is
// longer. Matching suppression paths of known length needs no more, so a
// hostile element name of a megabyte costs each finding inside it limit
// bytes, not a megabyte.
func (pl *Places) ElementPathPrefix(pos lint.Pos, limit int) (path string, complete bool) {
	if i := pl.innermost(pos); i >= 0 {
		return xmldoc.PathPrefix(pl.elements, i, limit)
	}
	return "", true
}

// innermost returns the index of the innermost element that contains pos,
// or -1: a binary search and a walk up through the elements that contain
// the last element starting at or before pos.
func (pl *Places) innermost(pos lint.Pos) int {
	i := sort.Search(len(pl.elements), func(i int) bool { return pos.Before(pl.elements[i].Start) }) - 1
	for ; i >= 0; i = int(pl.parent[i]) {
		if !pl.elements[i].End.Before(pos) {
			return i
		}
	}
	return -1
}

// Element returns the path of the innermost element that contains pos,
// cut to its first limit bytes as [Places.ElementPathPrefix] cuts it, and
// the position just after that element's end tag; "" and a zero position
// when pos is in no element (always, when the places were made without
// elements).
func (pl *Places) Element(pos lint.Pos, limit int) (path string, end lint.Pos) {
	i := pl.innermost(pos)
	if i < 0 {
		return "", lint.Pos{}
	}
	path, _ = xmldoc.PathPrefix(pl.elements, i, limit)
	return path, pl.elements[i].End
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
	comments := f.ignoreComments()
	if len(comments) == 0 {
		return nil
	}
	return ignores(comments, f.elements())
}

// ignoreComments returns the comments of the file's documents that are
// inline suppressions, in file order, with the text after IgnorePrefix.
func (f *File) ignoreComments() []xmldoc.Comment {
	var comments []xmldoc.Comment
	var add func(d *xmldoc.Doc)
	add = func(d *xmldoc.Doc) {
		for _, c := range d.Comments {
			text, ok := strings.CutPrefix(strings.TrimSpace(c.Text), IgnorePrefix)
			if ok && (text == "" || text[0] == ' ' || text[0] == '\t') {
				comments = append(comments, xmldoc.Comment{Text: text, Pos: c.Pos})
			}
		}
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
	return comments
}

// ignores returns the inline suppressions of the comments ignoreComments
// found; elems are the file's elements sorted by start, in which the
// element that follows each comment is found by binary search.
func ignores(comments []xmldoc.Comment, elems []xmldoc.Element) []Ignore {
	var out []Ignore
	for _, c := range comments {
		ids, reason, _ := strings.Cut(strings.TrimSpace(c.Text), " ")
		ig := Ignore{Reason: strings.TrimSpace(reason), Pos: c.Pos}
		for _, id := range strings.Split(ids, ",") {
			if id = strings.TrimSpace(id); id != "" {
				ig.Rules = append(ig.Rules, id)
			}
		}
		if i := sort.Search(len(elems), func(i int) bool { return c.Pos.Before(elems[i].Start) }); i < len(elems) {
			ig.Start, ig.End = elems[i].Start, elems[i].End
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
