package xmldoc

// This file keeps the encoding/xml implementation of Parse, as it was
// before the hand-written lexer replaced it (commit 011d231), as the
// reference the differential tests and FuzzSameAsReference compare the
// lexer with: same tree, same positions, same errors. Only its names
// changed (a "ref" prefix).

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aovpnlint/aovpnlint/internal/secret"
	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/beevik/etree"
)

// refDoc is the document refParse returns: Doc as it was, with the
// positions it recorded for each element.
type refDoc struct {
	Src      *srctext.Text
	Tree     *etree.Document
	Root     *etree.Element
	Comments []Comment
	nodes    map[*etree.Element]*refNode
}

type refNode struct {
	uri   string // resolved namespace URI
	start int    // offset of '<'
	end   int    // offset after the start tag's '>'
	close int    // offset after the end tag ('/>' for an empty element)
	attrs []refAttrSpan
	texts []refSpan
}

type refSpan struct{ start, end int }

type refAttrSpan struct {
	qname          string // as written, e.g. "xmlns:foo" or "Enabled"
	nameOff, value int    // offsets of the name and of the value's first byte
}

// refParse parses src as Parse did with encoding/xml. It returns an *Error, never a Go error of another
// kind, when the document is malformed, breaks a limit or declares
// entities.
func refParse(src *srctext.Text, lim Limits) (*refDoc, *Error) {
	if lim.MaxDepth <= 0 {
		lim.MaxDepth = DefaultLimits.MaxDepth
	}
	if lim.MaxElements <= 0 {
		lim.MaxElements = DefaultLimits.MaxElements
	}
	if lim.Budget == nil {
		lim.Budget = NewBudget(lim.MaxElements)
	}
	p := &refPass{src: src, data: src.Data, lim: lim, budget: lim.Budget, tree: etree.NewDocument()}
	p.elems = make(map[*etree.Element]*refNode)
	if err := p.run(); err != nil {
		return nil, err
	}
	d := &refDoc{Src: src, Tree: p.tree, Root: p.tree.Root(), Comments: p.comments, nodes: p.elems}
	if d.Root == nil {
		return nil, &Error{Kind: Malformed, Pos: src.Pos(0), Msg: "no root element; the document holds no XML element"}
	}
	return d, nil
}

// refPass is the one pass over the bytes: it validates the document strictly,
// records where every element, attribute and text is, and builds the
// etree tree as etree's own reader would (prefixes kept as written, CDATA
// read as text), so that the bytes are parsed once.
type refPass struct {
	src      *srctext.Text
	data     []byte
	lim      Limits
	budget   *Budget
	comments []Comment
	tree     *etree.Document
	elems    map[*etree.Element]*refNode
}

// open is an element whose end tag has not been read yet; n is nil for an
// element nested inside a secret, which is not built.
type refOpen struct {
	n     *refNode
	start int // offset of its '<'
}

func (p *refPass) run() *Error {
	dec := xml.NewDecoder(bytes.NewReader(p.data))
	dec.Strict = true
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var stack []refOpen
	cur := &p.tree.Element
	roots := 0
	// secretDepth is the depth of the secret element being read, 0 outside
	// one: what is nested in it is checked and counted but not built.
	secretDepth := 0
	for {
		before := int(dec.InputOffset())
		if e := p.countStartTag(before); e != nil {
			return e // too many attributes: refused before encoding/xml reads them
		}
		tok, err := dec.Token()
		after := int(dec.InputOffset())
		if err == io.EOF {
			break
		}
		if err != nil {
			return p.syntaxError(err, before, after, stack)
		}
		inSecret := secretDepth > 0
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				roots++
				if roots > 1 {
					return p.fail(Malformed, before, p.say("second root element", "second root element <%s>: a document has exactly one root element", p.localName(before+1)))
				}
			}
			if len(stack)+1 > p.lim.MaxDepth {
				e := p.fail(TooDeep, before, fmt.Sprintf("elements nest deeper than %d levels", p.lim.MaxDepth))
				e.Limit, e.Observed = p.lim.MaxDepth, len(stack)+1
				return e
			}
			if !p.budget.Take(1 + len(t.Attr)) {
				return p.tooMany(before, "element") // countStartTag let the attributes through
			}
			qname, attrs := refScanStartTag(p.data[before:after], before)
			n := &refNode{uri: t.Name.Space, start: before, end: after, attrs: attrs}
			if e := p.checkStart(t, qname, n); e != nil {
				return e
			}
			if len(attrs) != len(t.Attr) {
				return p.fail(Malformed, before, p.say("the attributes of an element could not be read", "the attributes of <%s> could not be read", p.qName(before+1)))
			}
			if inSecret {
				stack = append(stack, refOpen{start: before})
				continue
			}
			stack = append(stack, refOpen{n: n, start: before})
			if secret.IsName(qname) {
				secretDepth = len(stack)
			}
			cur = cur.CreateElement(qname)
			p.setAttrs(cur, attrs, t.Attr)
			p.elems[cur] = n
		case xml.EndElement:
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if top.n != nil {
					top.n.close = after
					cur = cur.Parent()
				}
				if len(stack) < secretDepth {
					secretDepth = 0
				}
			}
		case xml.CharData:
			if bytes.HasPrefix(p.data[before:], cdataOpen) && !p.budget.Take(1) {
				return p.tooMany(before, "CDATA section")
			}
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					off := before + len(t) - len(bytes.TrimLeft(t, " \t\r\n"))
					return p.fail(Malformed, off, "text outside the root element; expected only comments and white space there")
				}
				cur.CreateText("").SetData(string(t)) // SetData marks white space, as etree's reader does
				continue
			}
			if inSecret && len(stack) > secretDepth {
				continue // text of an element nested in a secret
			}
			cur.CreateText("").SetData(string(t))
			top := stack[len(stack)-1].n
			top.texts = append(top.texts, refSpan{before, after})
		case xml.Comment:
			if !p.budget.Take(1) {
				return p.tooMany(before, "comment")
			}
			if inSecret {
				continue
			}
			cur.CreateComment(string(t))
			p.comments = append(p.comments, Comment{Text: string(t), Pos: p.src.Pos(before)})
		case xml.ProcInst:
			if !p.budget.Take(1) {
				return p.tooMany(before, "processing instruction")
			}
			if inSecret {
				continue
			}
			cur.CreateProcInst(t.Target, string(t.Inst))
		case xml.Directive:
			if !p.budget.Take(1) {
				return p.tooMany(before, "document type declaration")
			}
			if e := p.checkDirective(t, before); e != nil {
				return e
			}
			if inSecret {
				continue
			}
			cur.CreateDirective(string(t))
		}
	}
	if roots == 0 {
		return p.fail(Malformed, len(p.data), "no root element; the document holds no XML element")
	}
	return nil
}

// setAttrs gives e its attributes in linear time. etree's CreateAttr looks
// for an attribute of the same name first, which makes an element of n
// attributes cost n*n; checkStart has already refused repeated names, so
// each attribute is added to an empty view of the slice that will hold them
// all, which CreateAttr appends to in place (and so links the attribute to
// e, as etree's own reader does).
func (p *refPass) setAttrs(e *etree.Element, spans []refAttrSpan, values []xml.Attr) {
	if len(spans) == 0 {
		return
	}
	all := make([]etree.Attr, 0, len(spans))
	for i, a := range spans {
		e.Attr = all[len(all):len(all)]
		e.CreateAttr(a.qname, values[i].Value)
		all = all[:len(all)+1]
	}
	e.Attr = all
}

// countStartTag checks, before encoding/xml reads it, that the start tag
// beginning at off, if one does, fits the budget: a tag of a million
// attributes is refused without a million attributes being made. The
// attributes are counted by their quoted values, leniently; encoding/xml
// judges the tag itself, and the nodes are drawn once it has.
func (p *refPass) countStartTag(off int) *Error {
	if off+1 >= len(p.data) || p.data[off] != '<' || p.data[off+1] == '/' || p.data[off+1] == '!' || p.data[off+1] == '?' {
		return nil
	}
	left := p.budget.Left()
	if left == 0 {
		return p.tooMany(off, "element")
	}
	at := refNthValue(p.data, off, left-1)
	if at < 0 {
		return nil // the element and its attributes fit
	}
	// Point at the name of the first attribute that does not fit.
	j := at - 1
	for j > off && (refIsSpace(p.data[j]) || p.data[j] == '=') {
		j--
	}
	for j > off && !refIsSpace(p.data[j]) {
		j--
	}
	return p.tooMany(j+1, "attribute")
}

// refNthValue returns the offset of the opening quote of attribute value
// number n (counted from 0) of the start tag at off, or -1 when the tag has
// no more than n values.
func refNthValue(data []byte, off, n int) int {
	count := 0
	for i := off + 1; i < len(data); i++ {
		switch c := data[i]; c {
		case '>', '<':
			return -1
		case '"', '\'':
			if count == n {
				return i
			}
			count++
			end := bytes.IndexByte(data[i+1:], c)
			if end < 0 {
				return -1
			}
			i += 1 + end
		}
	}
	return -1
}

// tooMany is the error of a node that does not fit the budget.
func (p *refPass) tooMany(off int, what string) *Error {
	e := p.fail(TooMany, off, fmt.Sprintf("more than %d nodes (elements, attributes, comments and the like)", p.budget.limit))
	e.Limit, e.Observed, e.Node = p.budget.limit, p.budget.limit+1, what
	p.budget.used = p.budget.limit
	return e
}

func (p *refPass) fail(kind ErrorKind, off int, msg string) *Error {
	return &Error{Kind: kind, Pos: p.src.Pos(off), Offset: off, Msg: msg}
}

// refRng is a range of offsets of the document that a message quotes.
type refRng struct{ start, end int }

// say writes a message that quotes parts of the document: format has a
// verb for each part. A part that is a refRng is quoted through srctext's
// Quote, a string through wording.Inline, anything else as it is. When a
// refRng overlaps a secret, the message is generic instead, followed by the
// neutral wording of Quote, so that nothing of the secret shows and the
// message does not read half withheld.
func (p *refPass) say(generic, format string, parts ...any) string {
	args := make([]any, len(parts))
	for i, a := range parts {
		switch a := a.(type) {
		case refRng:
			if s, ok := p.src.Secret(a.start, a.end); ok {
				return generic + " (" + s.Withheld() + ")"
			}
			args[i] = p.src.Quote(a.start, a.end)
		case string:
			args[i] = wording.Inline(a)
		default:
			args[i] = a
		}
	}
	return fmt.Sprintf(format, args...)
}

// hides reports whether one of the ranges overlaps a secret.
func (p *refPass) hides(parts ...refRng) bool {
	for _, r := range parts {
		if _, ok := p.src.Secret(r.start, r.end); ok {
			return true
		}
	}
	return false
}

// qName returns the range of the name written at off (after '<' or '</').
func (p *refPass) qName(off int) refRng {
	end := off
	for end < len(p.data) && !refIsSpace(p.data[end]) && p.data[end] != '/' && p.data[end] != '>' && p.data[end] != '<' {
		end++
	}
	return refRng{off, end}
}

// localName returns the range of the local part of the name at off, as
// encoding/xml names an element in its messages ("b" for "p:b").
func (p *refPass) localName(off int) refRng {
	r := p.qName(off)
	name := p.data[r.start:r.end]
	if i := bytes.IndexByte(name, ':'); i > 0 && i < len(name)-1 && bytes.Count(name, []byte{':'}) == 1 {
		r.start += i + 1
	}
	return r
}

// checkStart catches what encoding/xml lets through: repeated attributes
// and undeclared namespace prefixes.
func (p *refPass) checkStart(t xml.StartElement, qname string, n *refNode) *Error {
	if prefix, _, ok := strings.Cut(qname, ":"); ok && prefix != "xml" && t.Name.Space == prefix {
		name := p.qName(n.start + 1)
		return p.fail(Malformed, n.start+1, p.say("a namespace prefix is not declared", "namespace prefix \"%s\" of <%s> is not declared", refRng{name.start, name.start + len(prefix)}, name))
	}
	if len(n.attrs) < 2 {
		return nil
	}
	seen := make(map[string]bool, len(n.attrs))
	for _, a := range n.attrs {
		if seen[a.qname] {
			return p.fail(Malformed, a.nameOff, p.say("an attribute is repeated; an attribute may appear once", "attribute %s repeated in <%s>; an attribute may appear once", refRng{a.nameOff, a.nameOff + len(a.qname)}, p.qName(n.start+1)))
		}
		seen[a.qname] = true
	}
	return nil
}

// checkDirective refuses a DOCTYPE that declares entities or names an
// external DTD. Nothing in it is expanded or fetched.
func (p *refPass) checkDirective(t xml.Directive, at int) *Error {
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
// message; refFaultOffset knows which. The message is written again by
// message, which quotes the document only through srctext's Quote.
func (p *refPass) syntaxError(err error, before, after int, stack []refOpen) *Error {
	var se *xml.SyntaxError
	msg := err.Error()
	if errors.As(err, &se) {
		msg = se.Msg
	}
	fault := refFaultOffset(msg, before, after, p.data)
	e := p.fail(Malformed, fault, p.message(msg, before, after, fault, stack))
	if len(stack) > 0 && (strings.Contains(msg, "closed by") || msg == "unexpected EOF" || strings.HasPrefix(msg, "element <")) {
		top := stack[len(stack)-1]
		open := p.src.Pos(top.start)
		name := p.qName(top.start + 1)
		e.Related = []lint.Related{{Pos: open, Message: p.say("the element opened here", "<%s> opened here", name)}}
		switch {
		case msg == "unexpected EOF":
			e.Msg = p.say("unexpected end of document: an element is not closed", "unexpected end of document: <%s> (line %d) is not closed", name, open.Line)
		case strings.Contains(msg, "closed by") && !p.hides(name, p.localName(top.start+1), p.localName(before+2)):
			e.Msg += p.say("", "; expected </%s> first, since <%s> was opened at line %d", name, name, open.Line)
		}
	}
	return e
}

// message writes encoding/xml's message msg again, quoting what it quotes
// of the document through srctext's Quote (so that a secret is never
// shown, control characters are escaped and long names cut), for the
// token read between before and after that failed at fault.
func (p *refPass) message(msg string, before, after, fault int, stack []refOpen) string {
	var top int
	if len(stack) > 0 {
		top = stack[len(stack)-1].start
	}
	switch {
	case strings.HasPrefix(msg, "unexpected end element </"):
		return p.say("unexpected end tag", "unexpected end element </%s>", p.localName(before+2))
	case strings.HasPrefix(msg, "element <") && strings.Contains(msg, "> in space ") && len(stack) > 0:
		// A prefix bound to another namespace URI: the URIs come from
		// attributes of the open elements.
		s1 := strings.Index(msg, "> in space ")
		c := strings.Index(msg[s1:], " closed by </")
		s2 := strings.LastIndex(msg, "> in space ")
		if c < 0 || s2 <= s1 {
			break
		}
		uri1, uri2 := msg[s1+len("> in space "):s1+c], msg[s2+len("> in space "):]
		return p.say("an end tag does not match the element it closes", "element <%s> in space %s closed by </%s> in space %s",
			p.localName(top+1), uri1, p.localName(before+2), uri2)
	case strings.HasPrefix(msg, "element <") && strings.Contains(msg, " closed by </") && len(stack) > 0:
		return p.say("an end tag does not match the element it closes", "element <%s> closed by </%s>", p.localName(top+1), p.localName(before+2))
	case strings.HasPrefix(msg, "invalid characters between </"):
		return p.say("invalid characters in an end tag", "invalid characters between </%s and >", p.localName(before+2))
	case strings.HasPrefix(msg, "invalid character entity "):
		ent, suffix := strings.TrimPrefix(msg, "invalid character entity "), ""
		if e, ok := strings.CutSuffix(ent, " (no semicolon)"); ok {
			ent, suffix = e, " (no semicolon)"
		}
		return p.say("invalid character entity", "invalid character entity %s"+suffix, refRng{max(before, after-len(ent)), after})
	case strings.HasPrefix(msg, "invalid XML name: "):
		name := strings.TrimPrefix(msg, "invalid XML name: ")
		return p.say("invalid XML name", "invalid XML name: %s", refRng{max(before, after-len(name)), after})
	case strings.HasPrefix(msg, "illegal character code "):
		if s, ok := p.src.Secret(fault, fault+1); ok {
			return "illegal character code (" + s.Withheld() + ")"
		}
		return msg
	case strings.HasPrefix(msg, "xml: "):
		// The XML declaration: an unsupported version or encoding, quoted
		// with %q.
		if s, ok := p.src.Secret(before, after); ok {
			return "the XML declaration is not accepted (" + s.Withheld() + ")"
		}
		if i := strings.IndexByte(msg, '"'); i >= 0 {
			if q, err := strconv.QuotedPrefix(msg[i:]); err == nil {
				v, _ := strconv.Unquote(q)
				return msg[:i] + wording.Quote(v) + msg[i+len(q):]
			}
		}
		return wording.Inline(msg)
	}
	if s, ok := p.src.Secret(before, max(after, fault+1)); ok {
		return msg + " (" + s.Withheld() + ")" // the other messages quote nothing
	}
	return msg
}

// refFaultOffset returns the offset of the byte an encoding/xml error is
// about.
func refFaultOffset(msg string, before, after int, data []byte) int {
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

// refScanStartTag reads the element name and attribute positions from the
// raw bytes of a start tag that encoding/xml has already accepted.
func refScanStartTag(raw []byte, base int) (string, []refAttrSpan) {
	i := 1 // skip '<'
	nameEnd := i
	for nameEnd < len(raw) && !refIsSpace(raw[nameEnd]) && raw[nameEnd] != '/' && raw[nameEnd] != '>' {
		nameEnd++
	}
	qname := string(raw[i:nameEnd])
	var attrs []refAttrSpan
	for i = nameEnd; i < len(raw); {
		for i < len(raw) && refIsSpace(raw[i]) {
			i++
		}
		if i >= len(raw) || raw[i] == '/' || raw[i] == '>' {
			break
		}
		ns := i
		for i < len(raw) && !refIsSpace(raw[i]) && raw[i] != '=' {
			i++
		}
		a := refAttrSpan{qname: string(raw[ns:i]), nameOff: base + ns}
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

func refIsSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }
