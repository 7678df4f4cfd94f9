package xmldoc

import (
	"bytes"
	"iter"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/beevik/etree"
)

// node returns where the parser found e, nil for an element it did not
// build.
func (d *Doc) node(e *etree.Element) *node {
	if i := d.index(e); i >= 0 {
		return &d.info[i]
	}
	return nil
}

// index returns the index of e in d.info, or -1 for an element the parser
// did not build. It finds e by its place in the tree: the root is first,
// and every other element is among its parent's children, at the index
// etree keeps for it, as the parser recorded them. An element that is not
// where the parser put it (the tree was changed) is looked up in a map of
// every element, made the first time one is needed.
func (d *Doc) index(e *etree.Element) int32 {
	if e == nil || len(d.elems) == 0 {
		return -1
	}
	if e == d.elems[0] {
		return 0
	}
	if p := e.Parent(); p != nil {
		// The parent of the last element found here, remembered: elements
		// are mostly looked up one after another among the same parent's
		// children. A stale or torn value fails the check.
		pi := d.lastParent.Load()
		if pi <= 0 || int(pi) >= len(d.elems) || d.elems[pi] != p {
			if pi = d.index(p); pi > 0 {
				d.lastParent.Store(pi)
			}
		}
		if pi >= 0 {
			n := &d.info[pi]
			if k := e.Index(); k >= 0 && k < int(n.nkids) {
				if i := d.kids[int(n.kids)+k]; i >= 0 && d.elems[i] == e {
					return i
				}
			}
		}
	}
	d.byElemOnce.Do(func() {
		d.byElem = make(map[*etree.Element]int32, len(d.elems))
		for i, el := range d.elems {
			d.byElem[el] = int32(i)
		}
	})
	if i, ok := d.byElem[e]; ok {
		return i
	}
	return -1
}

// attrSpans returns the positions of n's attributes, in order.
func (d *Doc) attrSpans(n *node) []attrSpan { return d.attrs[n.attr : n.attr+n.nattr] }

// Pos returns the position of e's start tag (its '<').
func (d *Doc) Pos(e *etree.Element) lint.Pos {
	if n := d.node(e); n != nil {
		return d.Src.Pos(n.start)
	}
	return d.Src.Pos(0)
}

// QuoteName returns the name of e (its local part, as etree's Tag) for a
// message: quoted from its start tag through srctext's Quote, so that a
// name inside a secret is never shown and a long or strange one is cut and
// escaped.
func (d *Doc) QuoteName(e *etree.Element) string {
	n := d.node(e)
	if n == nil {
		return wording.Inline(e.Tag)
	}
	start := n.start + 1
	end := start + len(e.FullTag())
	if e.Space != "" {
		start += len(e.Space) + 1
	}
	return d.Src.Quote(start, end)
}

// Space returns the namespace URI of e, resolved the way the XML namespaces
// recommendation says (prefix or default namespace in scope).
func (d *Doc) Space(e *etree.Element) string {
	if n := d.node(e); n != nil {
		return d.uris[n.uri]
	}
	return e.NamespaceURI()
}

// Attr returns the value of e's attribute with the given qualified name as
// written (for example "Enabled" or "xmlns:eap"), its position, and
// whether it is present.
func (d *Doc) Attr(e *etree.Element, qname string) (string, lint.Pos, bool) {
	space, key, ok := strings.Cut(qname, ":")
	if !ok {
		space, key = "", qname
	}
	for _, a := range d.attrsOf(e) {
		if a.Space == space && a.Key == key {
			return a.Value, d.AttrPos(e, qname), true
		}
	}
	return "", lint.Pos{}, false
}

// Attrs yields the qualified name as written ("xmlns:dt", "name") and the
// value of each attribute of e, in order: those of etree's Attr, or, in a
// bare tree (see Limits.Bare), those read from the document.
func (d *Doc) Attrs(e *etree.Element) iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		for _, a := range d.attrsOf(e) {
			if !yield(a.FullKey(), a.Value) {
				return
			}
		}
	}
}

// attrsOf returns e's attributes: e.Attr, or, in a bare tree, attributes
// made from the positions and the document's bytes, which name no
// element.
func (d *Doc) attrsOf(e *etree.Element) []etree.Attr {
	if !d.bare {
		return e.Attr
	}
	n := d.node(e)
	if n == nil {
		return nil
	}
	spans := d.attrSpans(n)
	out := make([]etree.Attr, len(spans))
	for i, s := range spans {
		qname := string(d.Src.Data[s.nameOff:s.nameEnd])
		if space, key, ok := strings.Cut(qname, ":"); ok {
			out[i].Space, out[i].Key = space, key
		} else {
			out[i].Key = qname
		}
		out[i].Value = d.attrValue(s)
	}
	return out
}

// attrValue decodes the value of the attribute at s as the lexer decoded
// it when the tag was read: the value starts at s.value, after its quote.
func (d *Doc) attrValue(s attrSpan) string {
	l := lexer{data: d.Src.Data, i: s.value}
	v, _, err := l.charData(int(d.Src.Data[s.value-1]), false)
	if err != nil {
		return "" // not reached: the document was read
	}
	return string(v)
}

// AttrPos returns the position of the attribute's name in e's start tag,
// or the start tag's position when e has no such attribute.
func (d *Doc) AttrPos(e *etree.Element, qname string) lint.Pos {
	if n := d.node(e); n != nil {
		for _, a := range d.attrSpans(n) {
			if string(d.Src.Data[a.nameOff:a.nameEnd]) == qname {
				return d.Src.Pos(a.nameOff)
			}
		}
	}
	return d.Pos(e)
}

// NamespaceDecl is a namespace declaration (xmlns or xmlns:prefix) on an
// element.
type NamespaceDecl struct {
	Prefix string // empty for a default namespace
	URI    string
	Pos    lint.Pos // of the attribute
}

// Decls returns the namespace declarations written on e, in linear time
// however many attributes e has.
func (d *Doc) Decls(e *etree.Element) []NamespaceDecl {
	n := d.node(e)
	var spans []attrSpan
	if n != nil {
		spans = d.attrSpans(n)
	}
	if d.bare {
		return d.bareDecls(spans)
	}
	attrs := d.attrsOf(e)
	count := 0
	for _, a := range attrs {
		if a.Space == "" && a.Key == "xmlns" || a.Space == "xmlns" {
			count++
		}
	}
	if count == 0 {
		return nil
	}
	out := make([]NamespaceDecl, 0, count)
	for i, a := range attrs {
		var decl NamespaceDecl
		switch {
		case a.Space == "" && a.Key == "xmlns":
			decl = NamespaceDecl{URI: a.Value}
		case a.Space == "xmlns":
			decl = NamespaceDecl{Prefix: a.Key, URI: a.Value}
		default:
			continue
		}
		// The parser gives e its attributes in the order of the spans.
		qname := a.FullKey()
		if i < len(spans) && string(d.Src.Data[spans[i].nameOff:spans[i].nameEnd]) == qname {
			decl.Pos = d.Src.Pos(spans[i].nameOff)
		} else {
			decl.Pos = d.AttrPos(e, qname)
		}
		out = append(out, decl)
	}
	return out
}

// bareDecls is Decls in a bare tree, read from the spans of e's
// attributes: only the declarations' names and values are made strings,
// where attrsOf would make every attribute's.
func (d *Doc) bareDecls(spans []attrSpan) []NamespaceDecl {
	count := 0
	for _, s := range spans {
		if isDecl(d.Src.Data[s.nameOff:s.nameEnd]) {
			count++
		}
	}
	if count == 0 {
		return nil
	}
	out := make([]NamespaceDecl, 0, count)
	for _, s := range spans {
		name := d.Src.Data[s.nameOff:s.nameEnd]
		if !isDecl(name) {
			continue
		}
		decl := NamespaceDecl{URI: d.attrValue(s), Pos: d.Src.Pos(s.nameOff)}
		if len(name) > len(xmlnsPrefix) {
			decl.Prefix = string(name[len(xmlnsPrefix)+1:])
		}
		out = append(out, decl)
	}
	return out
}

// isDecl reports whether an attribute's qualified name declares a
// namespace: xmlns, or xmlns: and a prefix (what follows the first colon,
// as attrsOf splits a name).
func isDecl(qname []byte) bool {
	return string(qname) == xmlnsPrefix || len(qname) > len(xmlnsPrefix) && string(qname[:len(xmlnsPrefix)+1]) == xmlnsPrefix+":"
}

// Text returns the character data written directly inside e (not inside
// its children), decoded as an XML parser decodes it (entities, character
// references, CDATA, line ends), as a text that maps back to the file.
func (d *Doc) Text(e *etree.Element) *srctext.Text {
	if raw, off, ok := d.PlainText(e); ok && len(raw) > 0 {
		// One run that decodes to itself: the text is its bytes, mapped
		// by one run, as the builder below would make it, without a copy.
		return d.Src.Derive(raw, []srctext.Run{{Dst: 0, Src: off, Len: len(raw), Step: 1}})
	}
	n := d.node(e)
	var b srctext.Builder
	if n != nil {
		// The bytes and the map made once, at their size: a run of its
		// own for each run of text (the indentation between an element's
		// children), two more for each reference or CR in it.
		size, runs := 0, 0
		for k := n.text; k >= 0; k = d.texts[k].next {
			raw := d.Src.Data[d.texts[k].start:d.texts[k].end]
			size += len(raw)
			runs += 1 + 2*(bytes.Count(raw, []byte{'&'})+bytes.Count(raw, []byte{'\r'}))
		}
		b.Grow(size)
		b.GrowRuns(runs)
		for k := n.text; k >= 0; k = d.texts[k].next {
			decodeCharData(&b, d.Src.Data, d.texts[k].start, d.texts[k].end)
		}
	}
	return b.Text(d.Src)
}

// Len returns the number of elements the parser built: every element of
// the document but those nested inside a secret.
func (d *Doc) Len() int { return len(d.elems) }

// Bare reports whether the etree tree was built bare (see Limits.Bare):
// without attributes and character data, which are then read only through
// Doc (Doc.Attr, Doc.Attrs, Doc.Text and the like).
func (d *Doc) Bare() bool { return d.bare }

// Whole returns d when its tree is whole; for a bare one, the document
// parsed again from d.Src with its whole tree, within the limits and the
// nodes d was parsed with, and with the documents embedded in d's
// elements, made whole too, attached to the same elements of the new
// tree. It is for printing a document as it is written (extract); the
// error is not expected, since the same bytes were read once.
func (d *Doc) Whole() (*Doc, *Error) {
	if !d.bare {
		return d, nil
	}
	w, err := Parse(d.Src, Limits{MaxDepth: d.maxDepth, Budget: NewBudget(d.drawn)})
	if err != nil {
		return nil, err
	}
	for e, nested := range d.Embedded {
		i := d.index(e)
		if i < 0 || int(i) >= len(w.elems) {
			continue
		}
		whole, err := nested.Whole()
		if err != nil {
			return nil, err
		}
		if w.Embedded == nil {
			w.Embedded = map[*etree.Element]*Doc{}
		}
		w.Embedded[w.elems[i]] = whole
	}
	return w, nil
}

// Descendants returns the number of elements the parser built inside e,
// at any depth (those nested in a secret are not built): 0 for an element
// not in the document. It counts without visiting them: the elements
// are in document order, and e's are those that start before its end.
func (d *Doc) Descendants(e *etree.Element) int {
	i := d.index(e)
	if i < 0 {
		return 0
	}
	end, rest := d.info[i].close, d.info[i+1:]
	return sort.Search(len(rest), func(k int) bool { return rest[k].start >= end })
}

// PlainText returns the text of e without the copy and map [Doc.Text]
// makes, when its text is one run of character data that decodes to itself
// (no reference, CDATA section or carriage return) or none at all: the
// bytes, which alias d.Src.Data and must not be changed, and the offset of
// the first in d.Src. ok is false otherwise, and for an element not in
// the document; Text reads those.
func (d *Doc) PlainText(e *etree.Element) (text []byte, off int, ok bool) {
	n := d.node(e)
	switch {
	case n == nil:
		return nil, 0, false
	case n.text < 0:
		return nil, 0, true
	case n.text != n.last:
		return nil, 0, false
	}
	s := d.texts[n.text]
	raw := d.Src.Data[s.start:s.end:s.end]
	if bytes.HasPrefix(raw, cdataOpen) || bytes.IndexByte(raw, '&') >= 0 || bytes.IndexByte(raw, '\r') >= 0 {
		return nil, 0, false
	}
	return raw, s.start, true
}

// PlainString is [Doc.PlainText] as a string: the string the tree holds
// for e's character data (etree's CharData, shared, not copied) when it
// holds the run's bytes, a copy of them otherwise (a bare tree, a tree
// changed since the parse). off and ok are PlainText's; the string is ""
// for an element without text.
func (d *Doc) PlainString(e *etree.Element) (text string, off int, ok bool) {
	raw, off, ok := d.PlainText(e)
	if !ok || len(raw) == 0 {
		return "", off, ok
	}
	for _, t := range e.Child {
		if c, isData := t.(*etree.CharData); isData {
			if c.Data == string(raw) {
				return c.Data, off, true
			}
			break
		}
	}
	return string(raw), off, true
}

// JoinedText returns the text of e as [Doc.Text] decodes it, without its
// copy and map, when every run of character data written directly inside
// e decodes to itself (no reference, CDATA section or carriage return):
// the runs joined into one string, made at its size. It is meant for an
// element with children (a container), whose text is the indentation
// between them: "" for an element without text. ok is false otherwise,
// and for an element not in the document. [Doc.JoinedOffset] maps the
// string's offsets to d.Src as Text's map would.
func (d *Doc) JoinedText(e *etree.Element) (text string, ok bool) {
	n := d.node(e)
	if n == nil {
		return "", false
	}
	size := 0
	for k := n.text; k >= 0; k = d.texts[k].next {
		raw := d.Src.Data[d.texts[k].start:d.texts[k].end]
		if bytes.HasPrefix(raw, cdataOpen) || bytes.IndexByte(raw, '&') >= 0 || bytes.IndexByte(raw, '\r') >= 0 {
			return "", false
		}
		size += len(raw)
	}
	if n.text < 0 || size == 0 {
		return "", true
	}
	var b strings.Builder
	b.Grow(size)
	for k := n.text; k >= 0; k = d.texts[k].next {
		b.Write(d.Src.Data[d.texts[k].start:d.texts[k].end])
	}
	return b.String(), true
}

// JoinedOffset returns the offset in d.Src of byte i of the text
// [Doc.JoinedText] returned for e, as the map of [Doc.Text] maps it: i
// from 0 to the text's length, which maps just after the last byte of its
// last run (the start of the document for an element without text).
func (d *Doc) JoinedOffset(e *etree.Element, i int) int {
	n := d.node(e)
	if n == nil {
		return 0
	}
	at, last := 0, -1
	for k := n.text; k >= 0; k = d.texts[k].next {
		s := d.texts[k]
		if s.end == s.start {
			continue
		}
		if i < at+s.end-s.start {
			return s.start + i - at
		}
		at += s.end - s.start
		last = s.end
	}
	if last < 0 {
		return 0
	}
	return last
}

// SharedText returns [Doc.Text] of e, made the first time it is asked
// for and the same text for every later call: a reader that makes the
// text only when it needs it (an edit of it, the position of one of its
// bytes) gets one text for the element, as if it had been made once
// ahead. Safe for concurrent use.
func (d *Doc) SharedText(e *etree.Element) *srctext.Text {
	d.sharedMu.Lock()
	defer d.sharedMu.Unlock()
	if t, ok := d.shared[e]; ok {
		return t
	}
	t := d.Text(e)
	if d.shared == nil {
		d.shared = map[*etree.Element]*srctext.Text{}
	}
	d.shared[e] = t
	return t
}

// TextCost returns at most the bytes of memory Text(e) will hold (see
// srctext's Own), counted without decoding, so that a copy that does not
// fit a budget is refused before it is made.
func (d *Doc) TextCost(e *etree.Element) int64 {
	n := d.node(e)
	if n == nil {
		return 0
	}
	var c int64
	for k := n.text; k >= 0; k = d.texts[k].next {
		c += UnescapeCost(d.Src.Data[d.texts[k].start:d.texts[k].end])
	}
	return c
}

// UnescapeCost returns at most the bytes of memory Unescape will hold for
// data: its bytes, and two runs of its map for each reference or CR.
func UnescapeCost(data []byte) int64 {
	escapes := bytes.Count(data, []byte{'&'}) + bytes.Count(data, []byte{'\r'})
	return srctext.Cost(len(data), 2*escapes+1)
}

// TextPos returns the position of the first non-space character written
// directly inside e, or of e's start tag when there is none.
func (d *Doc) TextPos(e *etree.Element) lint.Pos {
	t := d.Text(e)
	trimmed := bytes.TrimLeft(t.Data, " \t\r\n")
	if len(trimmed) == 0 {
		return d.Pos(e)
	}
	return t.Pos(len(t.Data) - len(trimmed))
}

// HasText reports whether e holds non-space character data directly.
func (d *Doc) HasText(e *etree.Element) bool {
	n := d.node(e)
	if n == nil {
		return false
	}
	for k := n.text; k >= 0; k = d.texts[k].next {
		raw := d.Src.Data[d.texts[k].start:d.texts[k].end]
		if bytes.HasPrefix(raw, cdataOpen) || len(bytes.TrimSpace(raw)) > 0 {
			return true
		}
	}
	return false
}

// Span returns the offsets in d.Src of e's start tag and of the end of its
// end tag.
func (d *Doc) Span(e *etree.Element) (start, end int) {
	if n := d.node(e); n != nil {
		return n.start, n.close
	}
	return 0, 0
}

// Escaped reports whether the character data written directly inside e
// uses entity or character references, so that decoding it changed bytes.
func (d *Doc) Escaped(e *etree.Element) bool {
	n := d.node(e)
	if n == nil {
		return false
	}
	for k := n.text; k >= 0; k = d.texts[k].next {
		raw := d.Src.Data[d.texts[k].start:d.texts[k].end]
		if !bytes.HasPrefix(raw, cdataOpen) && bytes.IndexByte(raw, '&') >= 0 {
			return true
		}
	}
	return false
}

// Unescape decodes XML escapes in t as if t were character data: a
// document that was HTML-escaped as a whole ("&lt;VPNProfile&gt;...").
func Unescape(t *srctext.Text) *srctext.Text {
	var b srctext.Builder
	b.Grow(len(t.Data))
	decodeCharData(&b, t.Data, 0, len(t.Data))
	return b.Text(t)
}

var (
	cdataOpen  = []byte("<![CDATA[")
	cdataClose = []byte("]]>")
)

// decodeCharData decodes the raw character data data[start:end] into b,
// recording where each byte came from. It mirrors encoding/xml: the five
// predefined entities, decimal and hexadecimal character references, CDATA
// sections copied verbatim, and CR LF or a lone CR read as LF.
func decodeCharData(b *srctext.Builder, data []byte, start, end int) {
	raw := data[start:end]
	if bytes.HasPrefix(raw, cdataOpen) && bytes.HasSuffix(raw, cdataClose) {
		copyNormalised(b, data, start+len(cdataOpen), end-len(cdataClose))
		return
	}
	plain := start
	for i := start; i < end; i++ {
		switch data[i] {
		case '&':
			semi := bytes.IndexByte(data[i:end], ';')
			if semi < 0 {
				continue
			}
			rep, ok := entityValue(string(data[i+1 : i+semi]))
			if !ok {
				continue
			}
			copyNormalised(b, data, plain, i)
			b.Decoded(rep, i)
			i += semi
			plain = i + 1
		case '\r':
			copyNormalised(b, data, plain, i)
			if i+1 < end && data[i+1] == '\n' {
				b.Copy(data[i+1:i+2], i+1)
				i++
			} else {
				b.Decoded([]byte{'\n'}, i)
			}
			plain = i + 1
		}
	}
	copyNormalised(b, data, plain, end)
}

// copyNormalised copies data[start:end] into b, reading CR LF and lone CR
// as LF.
func copyNormalised(b *srctext.Builder, data []byte, start, end int) {
	for i := start; i < end; i++ {
		if data[i] != '\r' {
			continue
		}
		b.Copy(data[start:i], start)
		if i+1 < end && data[i+1] == '\n' {
			start = i + 1
		} else {
			b.Decoded([]byte{'\n'}, i)
			start = i + 1
		}
	}
	b.Copy(data[start:end], start)
}

func entityValue(name string) ([]byte, bool) {
	switch name {
	case "lt":
		return []byte{'<'}, true
	case "gt":
		return []byte{'>'}, true
	case "amp":
		return []byte{'&'}, true
	case "apos":
		return []byte{'\''}, true
	case "quot":
		return []byte{'"'}, true
	}
	if num, ok := strings.CutPrefix(name, "#"); ok {
		base := 10
		if h, ok := strings.CutPrefix(num, "x"); ok {
			num, base = h, 16
		}
		v, err := strconv.ParseUint(num, base, 32)
		if err != nil || !utf8.ValidRune(rune(v)) {
			return nil, false
		}
		return utf8.AppendRune(nil, rune(v)), true
	}
	return nil, false
}

// Element is an element's place in the file: its local name, the element
// it is written in, and the positions of its start tag and of the end of
// its end tag. Its path is made only when asked for, by [Path]: a list of
// elements costs memory in proportion to their number, however long
// their names and however deep they nest.
type Element struct {
	// Name is the local name (etree's Tag); the string is the tree's, not
	// a copy.
	Name string
	// Parent is the index, in the list the element belongs to, of the
	// element it is a child of, or -1 for a root. The root of a document
	// embedded in an element has that element as its parent.
	Parent int
	// Depth is the number of elements Parent leads up through: 0 for a
	// root.
	Depth      int
	Start, End lint.Pos
}

// Elements returns every element of the document in document order, the
// elements of a document embedded in an element (see Doc.Embedded) right
// after that element's children.
func (d *Doc) Elements() []Element { return d.appendElements(nil, -1, 0) }

// appendElements appends the elements of d to out, the root with the
// given parent and depth.
func (d *Doc) appendElements(out []Element, parent, depth int) []Element {
	// walk visits e, whose index in d.info is i when known (-1 to look
	// it up): the index of a child is found from its parent's, so that
	// the walk costs one step per element however deep they nest.
	var walk func(e *etree.Element, i int32, parent, depth int)
	walk = func(e *etree.Element, i int32, parent, depth int) {
		if i < 0 || i >= int32(len(d.elems)) || d.elems[i] != e {
			i = d.index(e)
		}
		me := parent // every element the parser builds has its node
		var n *node
		if i >= 0 {
			n = &d.info[i]
			me = len(out)
			out = append(out, Element{Name: e.Tag, Parent: parent, Depth: depth, Start: d.Src.Pos(n.start), End: d.Src.Pos(n.close)})
		}
		for k, c := range e.Child {
			c, ok := c.(*etree.Element)
			if !ok {
				continue
			}
			ci := int32(-1)
			if n != nil && k < int(n.nkids) {
				ci = d.kids[int(n.kids)+k]
			}
			walk(c, ci, me, depth+1)
		}
		if inner := d.Embedded[e]; inner != nil {
			out = inner.appendElements(out, me, depth+1)
		}
	}
	walk(d.Root, -1, parent, depth)
	return out
}

// Path returns the path of local names from the root to element i of
// elems, a list made by [Doc.Elements] (parents are looked up in it):
// "VPNProfile/NativeProfile/Servers", the path of the element an embedded
// document sits in first.
func Path(elems []Element, i int) string {
	p, _ := PathPrefix(elems, i, -1)
	return p
}

// PathPrefix is [Path] cut to its first limit bytes (no cut when limit is
// negative), built without making the rest: complete is false when the
// path is longer. A caller that compares the path with prefixes of known
// length needs no more, however long the element names.
func PathPrefix(elems []Element, i, limit int) (path string, complete bool) {
	var chain [256]int // elements nest at most Limits.MaxDepth (256) deep
	links := chain[:0]
	var extra []int
	for j := i; j >= 0; j = elems[j].Parent {
		if len(links) < cap(links) {
			links = append(links, j)
		} else {
			extra = append(extra, j)
		}
	}
	all := append(links, extra...)
	var b []byte
	for k := len(all) - 1; k >= 0; k-- {
		if k < len(all)-1 {
			b = append(b, '/')
		}
		name := elems[all[k]].Name
		if limit >= 0 && len(b)+len(name) > limit {
			return string(append(b, name[:max(0, limit-len(b))]...)), false
		}
		b = append(b, name...)
	}
	return string(b), true
}
