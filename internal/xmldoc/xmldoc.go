// Package xmldoc parses XML safely and remembers where every element,
// attribute and text lies in the file.
//
// Parsing happens in two passes over the same bytes. The first uses
// encoding/xml in strict mode: it judges well-formedness, enforces the
// depth and element-count limits before any tree is built, refuses
// document type declarations that declare entities or name an external
// DTD, and records the offset of every start tag, attribute and text run.
// The second pass builds the github.com/beevik/etree tree the parsers
// navigate. A pre-order walk pairs the two, so each *etree.Element knows
// its position. Entities are never expanded beyond the five predefined
// ones and numeric references, and nothing is ever fetched.
package xmldoc

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/beevik/etree"
)

// Limits bound the work a document can cause.
type Limits struct {
	// MaxDepth is the deepest element nesting accepted; the root is depth 1.
	MaxDepth int
	// MaxElements is the largest number of elements accepted.
	MaxElements int
}

// DefaultLimits are the limits of the specification: nesting deeper than
// 256 or more than 100,000 elements is refused.
var DefaultLimits = Limits{MaxDepth: 256, MaxElements: 100_000}

// ErrorKind classifies why a document was not parsed.
type ErrorKind int

// The kinds of parse failure.
const (
	// Malformed: the document is not well-formed XML.
	Malformed ErrorKind = iota + 1
	// TooDeep: elements nest deeper than Limits.MaxDepth.
	TooDeep
	// TooMany: the document has more than Limits.MaxElements elements.
	TooMany
	// Entities: a document type declaration declares entities or names an
	// external DTD; it is not processed.
	Entities
)

// Error says why and where a document could not be parsed.
type Error struct {
	Kind ErrorKind
	// Pos is the offending byte: the first character the parser could not
	// accept, the end tag that closed the wrong element, the start of a
	// limit-breaking element.
	Pos lint.Pos
	// Msg is the parser's message, without encoding/xml's "XML syntax error
	// on line N" prefix, lower case.
	Msg string
	// Related points at the start tag the parser found unclosed or
	// mismatched, when there is one.
	Related []lint.Related
	// Limit and Observed are set for TooDeep and TooMany.
	Limit, Observed int
	// Offset is the offending byte's offset in the parsed text.
	Offset int
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// Doc is a parsed document with positions.
type Doc struct {
	// Src is the text the document was parsed from.
	Src *srctext.Text
	// Tree is the etree document; Root its root element.
	Tree *etree.Document
	Root *etree.Element
	// Comments lists every comment in document order.
	Comments []Comment
	// Embedded holds documents found escaped inside the text of an element
	// (an EapHostConfig HTML-escaped inside Eap/Configuration), keyed by
	// that element. The input layer fills it.
	Embedded map[*etree.Element]*Doc

	nodes map[*etree.Element]*node
}

// Comment is an XML comment and where it starts.
type Comment struct {
	Text string
	Pos  lint.Pos
}

type node struct {
	uri   string // resolved namespace URI
	start int    // offset of '<'
	end   int    // offset after the start tag's '>'
	close int    // offset after the end tag ('/>' for an empty element)
	attrs []attrSpan
	texts []span
}

type span struct{ start, end int }

type attrSpan struct {
	qname          string // as written, e.g. "xmlns:foo" or "Enabled"
	nameOff, value int    // offsets of the name and of the value's first byte
}

// Parse parses src. It returns an *Error, never a Go error of another
// kind, when the document is malformed, breaks a limit or declares
// entities.
func Parse(src *srctext.Text, lim Limits) (*Doc, *Error) {
	if lim.MaxDepth <= 0 {
		lim.MaxDepth = DefaultLimits.MaxDepth
	}
	if lim.MaxElements <= 0 {
		lim.MaxElements = DefaultLimits.MaxElements
	}
	p := &pass{src: src, data: src.Data, lim: lim, tree: etree.NewDocument()}
	p.elems = make(map[*etree.Element]*node)
	if err := p.run(); err != nil {
		return nil, err
	}
	d := &Doc{Src: src, Tree: p.tree, Root: p.tree.Root(), Comments: p.comments, nodes: p.elems}
	if d.Root == nil {
		return nil, &Error{Kind: Malformed, Pos: src.Pos(0), Msg: "no root element; the document holds no XML element"}
	}
	return d, nil
}

// pass is the one pass over the bytes: it validates the document strictly,
// records where every element, attribute and text is, and builds the
// etree tree as etree's own reader would (prefixes kept as written, CDATA
// read as text), so that the bytes are parsed once.
type pass struct {
	src      *srctext.Text
	data     []byte
	lim      Limits
	nodes    []*node
	comments []Comment
	tree     *etree.Document
	elems    map[*etree.Element]*node
}

type open struct {
	n    *node
	name string
}

func (p *pass) run() *Error {
	dec := xml.NewDecoder(bytes.NewReader(p.data))
	dec.Strict = true
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var stack []open
	cur := &p.tree.Element
	roots := 0
	for {
		before := int(dec.InputOffset())
		tok, err := dec.Token()
		after := int(dec.InputOffset())
		if err == io.EOF {
			break
		}
		if err != nil {
			return p.syntaxError(err, before, after, stack)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				roots++
				if roots > 1 {
					return p.fail(Malformed, before, fmt.Sprintf("second root element <%s>: a document has exactly one root element", t.Name.Local))
				}
			}
			if len(stack)+1 > p.lim.MaxDepth {
				e := p.fail(TooDeep, before, fmt.Sprintf("elements nest deeper than %d levels", p.lim.MaxDepth))
				e.Limit, e.Observed = p.lim.MaxDepth, len(stack)+1
				return e
			}
			if len(p.nodes)+1 > p.lim.MaxElements {
				e := p.fail(TooMany, before, fmt.Sprintf("more than %d elements", p.lim.MaxElements))
				e.Limit, e.Observed = p.lim.MaxElements, len(p.nodes)+1
				return e
			}
			n := &node{uri: t.Name.Space, start: before, end: after}
			qname, attrs := scanStartTag(p.data[before:after], before)
			n.attrs = attrs
			if e := p.checkStart(t, qname, n); e != nil {
				return e
			}
			p.nodes = append(p.nodes, n)
			stack = append(stack, open{n: n, name: qname})
			if len(attrs) != len(t.Attr) {
				return p.fail(Malformed, before, fmt.Sprintf("the attributes of <%s> could not be read", qname))
			}
			cur = cur.CreateElement(qname)
			for i, a := range attrs {
				cur.CreateAttr(a.qname, t.Attr[i].Value)
			}
			p.elems[cur] = n
		case xml.EndElement:
			if len(stack) > 0 {
				stack[len(stack)-1].n.close = after
				stack = stack[:len(stack)-1]
				cur = cur.Parent()
			}
		case xml.CharData:
			cur.CreateText("").SetData(string(t)) // SetData marks white space, as etree's reader does
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					off := before + len(t) - len(bytes.TrimLeft(t, " \t\r\n"))
					return p.fail(Malformed, off, "text outside the root element; expected only comments and white space there")
				}
				continue
			}
			top := stack[len(stack)-1].n
			top.texts = append(top.texts, span{before, after})
		case xml.Comment:
			cur.CreateComment(string(t))
			p.comments = append(p.comments, Comment{Text: string(t), Pos: p.src.Pos(before)})
		case xml.ProcInst:
			cur.CreateProcInst(t.Target, string(t.Inst))
		case xml.Directive:
			if e := p.checkDirective(t, before); e != nil {
				return e
			}
			cur.CreateDirective(string(t))
		}
	}
	if roots == 0 {
		return p.fail(Malformed, len(p.data), "no root element; the document holds no XML element")
	}
	return nil
}

func (p *pass) fail(kind ErrorKind, off int, msg string) *Error {
	return &Error{Kind: kind, Pos: p.src.Pos(off), Offset: off, Msg: msg}
}

// checkStart catches what encoding/xml lets through: repeated attributes
// and undeclared namespace prefixes.
func (p *pass) checkStart(t xml.StartElement, qname string, n *node) *Error {
	if prefix, _, ok := strings.Cut(qname, ":"); ok && prefix != "xml" && t.Name.Space == prefix {
		return p.fail(Malformed, n.start+1, fmt.Sprintf("namespace prefix %q of <%s> is not declared", prefix, qname))
	}
	if len(n.attrs) < 2 {
		return nil
	}
	seen := make(map[string]bool, len(n.attrs))
	for _, a := range n.attrs {
		if seen[a.qname] {
			return p.fail(Malformed, a.nameOff, fmt.Sprintf("attribute %s repeated in <%s>; an attribute may appear once", a.qname, qname))
		}
		seen[a.qname] = true
	}
	return nil
}

// checkDirective refuses a DOCTYPE that declares entities or names an
// external DTD. Nothing in it is expanded or fetched.
func (p *pass) checkDirective(t xml.Directive, at int) *Error {
	s := string(t)
	if !strings.HasPrefix(s, "DOCTYPE") {
		return nil
	}
	head, _, _ := strings.Cut(s, "[")
	switch {
	case strings.Contains(s, "<!ENTITY"):
		return p.fail(Entities, at, "the document type declaration declares entities")
	case strings.Contains(head, "SYSTEM") || strings.Contains(head, "PUBLIC"):
		return p.fail(Entities, at, "the document type declaration names an external DTD")
	}
	return nil
}

// syntaxError turns an encoding/xml error into an *Error at the byte the
// parser could not accept. encoding/xml sometimes stops on that byte and
// sometimes just after it or after the whole token, depending on the
// message; faultOffset knows which.
func (p *pass) syntaxError(err error, before, after int, stack []open) *Error {
	var se *xml.SyntaxError
	msg := err.Error()
	if errors.As(err, &se) {
		msg = se.Msg
	}
	e := p.fail(Malformed, faultOffset(msg, before, after, p.data), msg)
	if len(stack) > 0 && (strings.Contains(msg, "closed by") || msg == "unexpected EOF" || strings.HasPrefix(msg, "element <")) {
		top := stack[len(stack)-1]
		open := p.src.Pos(top.n.start)
		e.Related = []lint.Related{{Pos: open, Message: fmt.Sprintf("<%s> opened here", top.name)}}
		switch {
		case msg == "unexpected EOF":
			e.Msg = fmt.Sprintf("unexpected end of document: <%s> (line %d) is not closed", top.name, open.Line)
		case strings.Contains(msg, "closed by"):
			e.Msg = fmt.Sprintf("%s; expected </%s> first, since <%s> was opened at line %d", msg, top.name, top.name, open.Line)
		}
	}
	return e
}

// faultOffset returns the offset of the byte an encoding/xml error is
// about.
func faultOffset(msg string, before, after int, data []byte) int {
	back := func(n int) int { return max(before, after-n) }
	switch {
	case strings.Contains(msg, "closed by") || strings.HasPrefix(msg, "unexpected end element") || strings.HasPrefix(msg, "element <"):
		return before // the end tag that does not match
	case strings.HasPrefix(msg, "invalid character entity "):
		return back(len(strings.TrimPrefix(msg, "invalid character entity ")))
	case strings.HasPrefix(msg, "invalid XML name: "):
		return back(len(strings.TrimPrefix(msg, "invalid XML name: ")))
	case strings.HasPrefix(msg, "illegal character code "):
		if i := after - 1; i >= before {
			for i > before && !utf8.RuneStart(data[i]) {
				i--
			}
			return i
		}
		return after
	case msg == "invalid UTF-8",
		msg == "expected /> in element",
		msg == "attribute name without = in element",
		msg == "unquoted or missing attribute value in element",
		msg == "unescaped < inside quoted string",
		strings.HasPrefix(msg, "invalid characters between </"):
		return back(1) // the byte was consumed
	case msg == "unescaped ]]> not in CDATA section":
		return back(3)
	case strings.HasPrefix(msg, `invalid sequence "--" not allowed in comments`):
		if i := bytes.LastIndex(data[before:after], []byte("--")); i >= 0 {
			return before + i
		}
	}
	// "expected element name after <", "expected attribute name in element"
	// and the like: the parser pushed the offending byte back.
	return after
}

// scanStartTag reads the element name and attribute positions from the
// raw bytes of a start tag that encoding/xml has already accepted.
func scanStartTag(raw []byte, base int) (string, []attrSpan) {
	i := 1 // skip '<'
	nameEnd := i
	for nameEnd < len(raw) && !isSpace(raw[nameEnd]) && raw[nameEnd] != '/' && raw[nameEnd] != '>' {
		nameEnd++
	}
	qname := string(raw[i:nameEnd])
	var attrs []attrSpan
	for i = nameEnd; i < len(raw); {
		for i < len(raw) && isSpace(raw[i]) {
			i++
		}
		if i >= len(raw) || raw[i] == '/' || raw[i] == '>' {
			break
		}
		ns := i
		for i < len(raw) && !isSpace(raw[i]) && raw[i] != '=' {
			i++
		}
		a := attrSpan{qname: string(raw[ns:i]), nameOff: base + ns}
		for i < len(raw) && raw[i] != '"' && raw[i] != '\'' {
			i++
		}
		if i >= len(raw) {
			break
		}
		q := raw[i]
		i++
		a.value = base + i
		for i < len(raw) && raw[i] != q {
			i++
		}
		i++
		attrs = append(attrs, a)
	}
	return qname, attrs
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }
