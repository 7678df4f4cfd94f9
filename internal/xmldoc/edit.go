package xmldoc

import (
	"bytes"

	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/beevik/etree"
)

// The edits `aovpnlint fix` makes to the markup of a document, built from
// the offsets the parser recorded: a namespace URI written in an
// attribute, an element's name in its start and end tags, an element
// moved under another. Each is a [lint.Edit] of the document's text
// (Src); an edit of an element's text is made from [Doc.Text].

// AttrValue returns the offsets in d.Src of the value of e's attribute
// qname as written between its quotes (references not decoded), and
// whether e has it.
func (d *Doc) AttrValue(e *etree.Element, qname string) (start, end int, ok bool) {
	n := d.node(e)
	if n == nil {
		return 0, 0, false
	}
	data := d.Src.Data
	for _, a := range d.attrSpans(n) {
		if string(data[a.nameOff:a.nameEnd]) != qname || a.value < 1 || a.value > n.close {
			continue
		}
		q := data[a.value-1]
		close := bytes.IndexByte(data[a.value:n.close], q)
		if close < 0 {
			return 0, 0, false
		}
		return a.value, a.value + close, true
	}
	return 0, 0, false
}

// RenameEdits returns the edits that give e the local name local in its
// start tag and, unless it is empty (<a/>), its end tag, keeping a prefix
// as written; nil when e was not built by the parser.
func (d *Doc) RenameEdits(e *etree.Element, local string) []lint.Edit {
	n := d.node(e)
	if n == nil {
		return nil
	}
	data := d.Src.Data
	prefix := 0
	if e.Space != "" {
		prefix = len(e.Space) + 1
	}
	at := n.start + 1 + prefix
	if at+len(e.Tag) > len(data) || string(data[at:at+len(e.Tag)]) != e.Tag {
		return nil
	}
	edits := []lint.Edit{{In: d.Src, Start: at, End: at + len(e.Tag), New: local}}
	if d.empty(n) {
		return edits // <a/>: no end tag
	}
	nameStart, ok := d.endTagName(e)
	if !ok {
		return nil
	}
	at = nameStart + prefix
	return append(edits, lint.Edit{In: d.Src, Start: at, End: at + len(e.Tag), New: local})
}

// endTagName returns the offset of the qualified name in e's end tag,
// read back from the end of the tag the parser recorded: "</", the name,
// white space, ">".
func (d *Doc) endTagName(e *etree.Element) (int, bool) {
	n := d.node(e)
	if n == nil || d.empty(n) {
		return 0, false
	}
	data := d.Src.Data
	j := n.close - 1
	if j < 0 || data[j] != '>' {
		return 0, false
	}
	for j > n.start && isSpace(data[j-1]) {
		j--
	}
	start := j - len(e.FullTag())
	if start-2 <= n.start || string(data[start-2:start]) != "</" || string(data[start:j]) != e.FullTag() {
		return 0, false
	}
	return start, true
}

// MoveEdits returns the edits that move e, with everything inside it,
// to the end of into: a deletion and an insertion, whose text is copied
// from the document so that it keeps the wrapper's escaping. When e is
// alone on its line, the whole line is removed; otherwise e alone (and
// the blanks after it). When into's end tag is alone on its line, e is
// put on a line of its own before it, with the indentation of into's last
// child element (a multi-line element keeps its own, so that its lines
// stay aligned) and the line end written before the end tag; otherwise it
// is put just before into's end tag. It returns nil when into has no end
// tag (<a/>) or lies inside e.
func (d *Doc) MoveEdits(e, into *etree.Element) []lint.Edit {
	n, target := d.node(e), d.node(into)
	if n == nil || target == nil {
		return nil
	}
	closeAt, ok := d.endTagName(into)
	if !ok {
		return nil
	}
	closeAt -= 2 // the end tag's '<'
	if closeAt >= n.start && closeAt < n.close {
		return nil // into is inside e
	}
	data := d.Src.Data
	elem := lint.Range{Start: n.start, End: n.close}
	// What is removed.
	del := elem
	lineStart, ownLine := d.lineAround(n.start, n.close)
	if ownLine {
		del.Start = lineStart
		del.End = bytes.IndexByte(data[n.close:], '\n') + n.close + 1
	} else {
		for del.End < len(data) && (data[del.End] == ' ' || data[del.End] == '\t') {
			del.End++
		}
	}
	// What is inserted, and where.
	at, pieces := closeAt, []lint.Range{elem}
	if tStart, tOwn := d.lineAround(closeAt, closeAt); tOwn && tStart > 0 {
		eol := tStart - 1 // the line end before the end tag's line
		if eol > 0 && data[eol-1] == '\r' {
			eol--
		}
		indent := lint.Range{Start: tStart, End: closeAt}
		if s, own := d.lineAround(n.start, n.start); own && bytes.IndexByte(data[n.start:n.close], '\n') >= 0 {
			indent = lint.Range{Start: s, End: n.start}
		} else if last := lastChildElement(into); last != nil && last != e {
			if c := d.node(last); c != nil {
				if s, own := d.lineAround(c.start, c.start); own {
					indent = lint.Range{Start: s, End: c.start}
				}
			}
		}
		at, pieces = tStart, []lint.Range{indent, elem, {Start: eol, End: tStart}}
	}
	var text []byte
	var from []lint.Range
	for _, r := range pieces {
		if r.End > r.Start {
			text = append(text, data[r.Start:r.End]...)
			from = append(from, r)
		}
	}
	if at > del.Start && at < del.End {
		return nil
	}
	return []lint.Edit{
		{In: d.Src, Start: del.Start, End: del.End},
		{In: d.Src, Start: at, End: at, New: string(text), From: from},
	}
}

// empty reports whether the element n was written empty (<a/>), without
// an end tag.
func (d *Doc) empty(n *node) bool {
	return n.close >= 2 && d.Src.Data[n.close-2] == '/' && d.Src.Data[n.close-1] == '>'
}

// lineAround returns the start of the line holding the bytes start to
// end, and whether only spaces and tabs precede them on it and only
// spaces, tabs and a CR follow them up to a line feed.
func (d *Doc) lineAround(start, end int) (int, bool) {
	data := d.Src.Data
	s := start
	for s > 0 && (data[s-1] == ' ' || data[s-1] == '\t') {
		s--
	}
	if s > 0 && data[s-1] != '\n' {
		return s, false
	}
	if end == start {
		return s, true // a point: the end tag follows it
	}
	e := end
	for e < len(data) && (data[e] == ' ' || data[e] == '\t' || data[e] == '\r') {
		e++
	}
	return s, e < len(data) && data[e] == '\n'
}

// lastChildElement returns e's last child element, or nil.
func lastChildElement(e *etree.Element) *etree.Element {
	kids := e.ChildElements()
	if len(kids) == 0 {
		return nil
	}
	return kids[len(kids)-1]
}
