// Package xmldoc parses XML safely and remembers where every element,
// attribute and text lies in the file.
//
// [Parse] reads the bytes once, in place, with a lexer of its own (lex.go)
// that reads the tokens and judges well-formedness exactly as encoding/xml
// does in strict mode: the same rules for names, attribute quoting,
// references, CDATA, comments, processing instructions and directives,
// invalid UTF-8 and characters XML does not allow, with encoding/xml's
// messages, at the same places. The encoding/xml implementation it
// replaced is kept in the tests as the reference they compare it with,
// file by file and under fuzzing. xmldoc adds what encoding/xml lets
// through (a repeated attribute, an undeclared namespace prefix, a second
// root element, text outside the root) and refuses a document type
// declaration that declares entities or names an external DTD. From the
// same tokens it builds the github.com/beevik/etree tree the parsers
// navigate, as etree's own reader would (or, with [Limits].Bare, its
// elements without their attributes and text), and records the offsets of each
// element's start tag, end tag, attributes and text runs, so that
// [Doc.Pos], [Doc.Attr], [Doc.Text] and the like give positions in the
// file without searching the text afterwards. Entities are never expanded
// beyond the five predefined ones and numeric references, and nothing is
// ever fetched.
//
// The work is bounded as it is read: elements nest at most
// [Limits].MaxDepth deep, and every node (element, attribute, comment,
// processing instruction, document type declaration, CDATA section) is
// drawn from a [Budget], which the documents of one input share, so that a
// file and the documents escaped inside it hold a bounded number of nodes
// together. A start tag with more attributes than the budget holds is
// refused at the first that does not fit, before the rest are read. A
// document that breaks a rule or a limit gives an [Error]
// with its [ErrorKind] and the position of the offending byte; messages
// quote the document only through [srctext.Text.Quote].
//
// A document escaped inside an element's text (an EapHostConfig inside
// Eap/Configuration) is parsed by the caller from [Doc.Text], whose bytes
// map back to the file, and kept in [Doc].Embedded; [Unescape] does the
// same for a document escaped as a whole.
//
// The content of an element that holds a secret (package secret: L2tpPsk,
// Password and the like) is opaque: its text is kept, but nothing nested
// inside it is built into the tree, so no rule can name or quote it, and
// error messages never quote text inside a secret (see [srctext.Text.Quote]).
package xmldoc

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/aovpnlint/aovpnlint/internal/secret"
	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/beevik/etree"
)

// Limits bound the work a document can cause.
type Limits struct {
	// MaxDepth is the deepest element nesting accepted; the root is depth 1.
	MaxDepth int
	// MaxElements is the largest number of nodes accepted: elements,
	// attributes (namespace declarations included), comments, processing
	// instructions, document type declarations and CDATA sections, all
	// counted together. It applies when Budget is nil.
	MaxElements int
	// Budget, when set, is shared with other parses: the nodes of this
	// document are drawn from it, and MaxElements is not used.
	Budget *Budget
	// Bare builds a bare etree tree: its elements hold no attributes (Attr
	// is empty) and no character data (no *etree.CharData in Child), while
	// Doc reads both from the positions as usual: Doc.Attr, Doc.Attrs,
	// Doc.Decls, Doc.Text, Doc.PlainText, Doc.HasText (see Doc.Bare), and
	// Doc.Whole gives the whole tree for printing. For documents read only
	// through Doc (every document package input reads), whose attributes
	// and runs of text (values, and the indentation around every element)
	// are most of the tree and of the time it takes to build. The
	// document is judged exactly as without it.
	Bare bool
}

// DefaultLimits are the limits of the specification: nesting deeper than
// 256 or more than 100,000 nodes is refused.
var DefaultLimits = Limits{MaxDepth: 256, MaxElements: 100_000}

// Budget is the number of nodes that may still be read from one input. Every
// parse given the same Budget draws from it, so that the documents of a
// file, the documents escaped inside them and their wrappers hold at most
// Limit nodes together, however many there are. A node is an element, an
// attribute (namespace declarations included), a comment, a processing
// instruction, a document type declaration or a CDATA section; the text
// between them is bounded by their number. Other readers of the same input
// (a JSON wrapper) draw from it with [Budget.Take]. A Budget is not safe
// for concurrent use.
type Budget struct{ limit, used int }

// NewBudget returns a budget of limit nodes.
func NewBudget(limit int) *Budget { return &Budget{limit: limit} }

// Limit returns the number of nodes the budget started with.
func (b *Budget) Limit() int { return b.limit }

// Used returns the number of nodes drawn so far.
func (b *Budget) Used() int { return b.used }

// Left returns the number of nodes that may still be drawn.
func (b *Budget) Left() int { return max(0, b.limit-b.used) }

// Take draws n nodes and reports whether the budget held them; when it did
// not, it is left empty.
func (b *Budget) Take(n int) bool {
	if n > b.Left() {
		b.used = b.limit
		return false
	}
	b.used += n
	return true
}

// Give returns n nodes drawn earlier, measured with [Budget.Used], for a
// parse whose result was thrown away (a try at putting a wrapped value
// together again), so that only the parse that is kept counts.
func (b *Budget) Give(n int) { b.used = max(0, b.used-n) }

// ErrorKind classifies why a document was not parsed.
type ErrorKind int

// The kinds of parse failure.
const (
	// Malformed: the document is not well-formed XML.
	Malformed ErrorKind = iota + 1
	// TooDeep: elements nest deeper than Limits.MaxDepth.
	TooDeep
	// TooMany: the document has more nodes than its budget (or
	// Limits.MaxElements) holds.
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
	// Msg is the parser's message (for a syntax error, encoding/xml's,
	// without its "XML syntax error on line N" prefix), lower case.
	Msg string
	// Related points at the start tag the parser found unclosed or
	// mismatched, when there is one.
	Related []lint.Related
	// Limit and Observed are set for TooDeep and TooMany: for TooMany,
	// Observed is the number of the node that broke the budget, counted
	// over every parse that drew from it.
	Limit, Observed int
	// Node names, for TooMany, the kind of node that broke the budget:
	// "element", "attribute", "comment", "processing instruction",
	// "document type declaration" or "CDATA section".
	Node string
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

	// info holds where each element the parser built is, in document
	// order (see node), and elems the elements themselves; attrs, texts,
	// kids and uris hold the positions of the attributes and texts, the
	// elements among each element's children and the namespace URIs info
	// refers to. Nothing in them but elems is a pointer, for the garbage
	// collector to follow. An element is found by its place in the tree
	// (see Doc.index); byElem, made only for an element not found there (a
	// tree changed after parsing), maps each element to its index.
	info  []node
	elems []*etree.Element
	attrs []attrSpan
	texts []span
	kids  []int32
	uris  []string

	// bare: the tree was built without attributes and character data
	// (see Limits.Bare); maxDepth and drawn are the depth limit it was
	// parsed with and the nodes it drew, for Whole.
	bare            bool
	maxDepth, drawn int

	byElemOnce sync.Once
	byElem     map[*etree.Element]int32
	lastParent atomic.Int32 // see Doc.index

	// shared holds the texts SharedText made, by element.
	sharedMu sync.Mutex
	shared   map[*etree.Element]*srctext.Text
}

// Comment is an XML comment and where it starts.
type Comment struct {
	Text string
	Pos  lint.Pos
}

// node is where an element is.
type node struct {
	start int   // offset of '<'
	close int   // offset after the end tag ('/>' for an empty element)
	uri   int32 // its namespace URI: Doc.uris[uri]
	// Its attributes are Doc.attrs[attr : attr+nattr], in order.
	attr, nattr int32
	// text and last are its first and last run of character data in
	// Doc.texts, -1 when it has none.
	text, last int32
	// Doc.kids[kids : kids+nkids] are its children as etree lists them
	// (Child): the index in info of each element, -1 for other tokens.
	kids, nkids int32
}

// span is a run of character data (text or a CDATA section) written
// directly inside an element, and the next run of the same element in
// Doc.texts (-1 after the last).
type span struct {
	start, end int
	next       int32
}

// attrSpan is where an attribute is: its name as written (e.g.
// "xmlns:foo" or "Enabled") and its value's first byte.
type attrSpan struct {
	nameOff, nameEnd, value int
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
	if lim.Budget == nil {
		lim.Budget = NewBudget(lim.MaxElements)
	}
	p := &pass{src: src, data: src.Data, lim: lim, budget: lim.Budget, tree: etree.NewDocument()}
	drawnBefore := lim.Budget.Used()
	p.lex.data = src.Data
	// The lists of positions are made as long as the start tags need
	// (counted, never more than the budget holds), and doubled when that
	// was not enough.
	tags, depth := startTags(src.Data)
	elements := min(tags+1, p.budget.Left()+1)
	p.depthHint = depth
	p.elems = make([]*etree.Element, 0, elements)
	p.elements.reserve(elements)
	p.info = make([]node, 0, elements)
	p.textList = make([]span, 0, 2*elements)
	p.kids = make([]int32, 0, 3*elements)
	p.attrList = make([]attrSpan, 0, min(bytes.Count(src.Data, []byte{'='}), 4*elements))
	p.uris = []string{""}
	if err := p.run(); err != nil {
		return nil, err
	}
	d := &Doc{Src: src, Tree: p.tree, Root: p.tree.Root(), Comments: p.comments,
		info: p.info, elems: p.elems, attrs: p.attrList, texts: p.textList, kids: p.kids, uris: p.uris,
		bare: lim.Bare, maxDepth: lim.MaxDepth, drawn: lim.Budget.Used() - drawnBefore}
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
	budget   *Budget
	comments []Comment
	tree     *etree.Document
	lex      lexer

	// What becomes the Doc's positions (see Doc).
	elems    []*etree.Element
	kids     []int32
	info     []node
	attrList []attrSpan
	textList []span
	uris     []string
	uriIndex map[string]int32
	// names are the names of the attributes of the start tag just read.
	names []string

	// Slabs of the objects made for every element, and the strings that
	// repeat (see alloc.go).
	elements slab[etree.Element]
	texts    slab[etree.CharData]
	children slab[etree.Token]
	attrs    slab[etree.Attr]
	strs     []string
	// scratch holds, for each depth, the children of the element open at
	// that depth, until it closes, and kidScratch their indices in info
	// (-1 for a token that is not an element).
	scratch    [][]etree.Token
	kidScratch [][]int32
	// tokChunk and kidChunk are what is left of the chunks the lists of
	// new depths are carved from (see newElement).
	tokChunk []etree.Token
	kidChunk []int32
	// depthHint is the depth startTags counted, which the first chunk
	// serves.
	depthHint int

	// ns maps the namespace prefixes in scope to their URIs in uris (""
	// for the default namespace); undo lists the bindings the open
	// elements changed, to be restored when they close.
	ns   map[string]int32
	undo []binding
	// defaultBound reports whether the default namespace is bound (ns has
	// "").
	defaultBound bool
}

// binding is a namespace prefix's URI before an element bound it again.
type binding struct {
	prefix string
	uri    int32
	bound  bool
}

// open is an element whose end tag has not been read yet; n is its
// position in pass.info, -1 for an element nested inside a secret, which
// is not built.
type open struct {
	n     int32
	start int    // offset of its '<'
	qname string // its name as written
	undo  int    // len(pass.undo) before its namespace declarations
}

// The namespace of the xml prefix, and the prefix and attribute that
// declare namespaces.
const (
	xmlURL      = "http://www.w3.org/XML/1998/namespace"
	xmlnsPrefix = "xmlns"
	xmlPrefix   = "xml"
)

func (p *pass) run() *Error {
	l := &p.lex
	// The open elements, on the goroutine's stack as deep as a profile
	// goes, not grown one doubling at a time from nothing.
	var stackBuf [scratchDepths]open
	stack := stackBuf[:0]
	cur := &p.tree.Element
	roots := 0
	// secretDepth is the depth of the secret element being read, 0 outside
	// one: what is nested in it is checked and counted but not built.
	secretDepth := 0
	for {
		before := l.i
		// A start tag whose attributes do not fit the budget is refused at
		// the first that does not, however the tag goes on: the lexer stops
		// reading attributes there, and countStartTag finds it.
		if p.budget.Left() == 0 {
			if e := p.countStartTag(before); e != nil {
				return e
			}
		}
		l.maxAttrs = p.budget.Left() - 1
		kind, lerr := l.next()
		if lerr != nil {
			if e := p.countStartTag(before); e != nil {
				return e
			}
			return p.syntaxError(lerr.msg, before, lerr.after, stack)
		}
		after := l.i
		inSecret := secretDepth > 0
		switch kind {
		case tokEOF:
			if len(stack) > 0 {
				return p.syntaxError("unexpected EOF", before, after, stack)
			}
			if roots == 0 {
				return p.fail(Malformed, len(p.data), "no root element; the document holds no XML element")
			}
			return nil
		case tokStart:
			qname := p.str(p.data[l.nameStart:l.nameEnd])
			mark := len(p.undo)
			uri := p.declare(qname)
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
			if !p.budget.Take(1 + len(l.attrs)) {
				return p.tooMany(before, "element") // countStartTag let the attributes through
			}
			// Attribute names repeat from tag to tag in the same places: a
			// name the same as the last tag's at its place is taken again.
			for k, a := range l.attrs {
				name := p.data[a.nameStart:a.nameEnd]
				if k < len(p.names) && p.names[k] == string(name) {
					continue
				}
				if k >= len(p.names) {
					p.names = append(p.names, "")
				}
				p.names[k] = p.str(name)
			}
			p.names = p.names[:len(l.attrs)]
			if e := p.checkStart(uri, qname, before); e != nil {
				return e
			}
			if inSecret {
				stack = append(stack, open{n: -1, start: before, qname: qname, undo: mark})
				continue
			}
			n := int32(len(p.info))
			p.info = grow(p.info, 1)
			p.info = append(p.info, node{start: before, uri: uri, attr: int32(len(p.attrList)), nattr: int32(len(l.attrs)), text: -1, last: -1})
			p.attrList = grow(p.attrList, len(l.attrs))
			for _, a := range l.attrs {
				p.attrList = append(p.attrList, attrSpan{nameOff: a.nameStart, nameEnd: a.nameEnd, value: a.valStart})
			}
			stack = append(stack, open{n: n, start: before, qname: qname, undo: mark})
			if secret.IsName(qname) {
				secretDepth = len(stack)
			}
			cur = p.newElement(cur, qname, len(stack), n)
			if !p.lim.Bare {
				p.setAttrs(cur)
			}
			p.elems = append(grow(p.elems, 1), cur)
		case tokEnd:
			if e := p.closes(stack, before, after); e != nil {
				return e
			}
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			p.restore(top.undo)
			if top.n >= 0 {
				p.info[top.n].close = after
				p.closeElement(cur, len(stack)+1, top.n)
				cur = cur.Parent()
			}
			if len(stack) < secretDepth {
				secretDepth = 0
			}
		case tokText:
			t := l.text
			if l.cdata && !p.budget.Take(1) {
				return p.tooMany(before, "CDATA section")
			}
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					off := before + len(t) - len(bytes.TrimLeft(t, " \t\r\n"))
					return p.fail(Malformed, off, "text outside the root element; expected only comments and white space there")
				}
				if !p.lim.Bare {
					p.newText(cur, p.str(t), 0)
				}
				continue
			}
			if inSecret && len(stack) > secretDepth {
				continue // text of an element nested in a secret
			}
			if !p.lim.Bare {
				p.newText(cur, p.str(t), len(stack))
			}
			top := &p.info[stack[len(stack)-1].n]
			k := int32(len(p.textList))
			p.textList = append(grow(p.textList, 1), span{start: before, end: after, next: -1})
			if top.last < 0 {
				top.text = k
			} else {
				p.textList[top.last].next = k
			}
			top.last = k
		case tokComment:
			if !p.budget.Take(1) {
				return p.tooMany(before, "comment")
			}
			if inSecret {
				continue
			}
			t := string(l.text)
			cur.CreateComment(t)
			p.addKid(len(stack), -1)
			p.comments = append(p.comments, Comment{Text: t, Pos: p.src.Pos(before)})
		case tokProcInst:
			if !p.budget.Take(1) {
				return p.tooMany(before, "processing instruction")
			}
			if inSecret {
				continue
			}
			cur.CreateProcInst(string(p.data[l.nameStart:l.nameEnd]), string(l.text))
			p.addKid(len(stack), -1)
		case tokDirective:
			if !p.budget.Take(1) {
				return p.tooMany(before, "document type declaration")
			}
			if e := p.checkDirective(l.text, before); e != nil {
				return e
			}
			if inSecret {
				continue
			}
			cur.CreateDirective(string(l.text))
			p.addKid(len(stack), -1)
		}
	}
}

// declare applies the namespace declarations of the start tag just read,
// as encoding/xml's Decoder does before it resolves any name of the tag
// (a later declaration of a prefix wins), and returns the namespace URI
// of the element named qname, in p.uris: the URI its prefix (or the
// default namespace) is bound to, the prefix itself when it is bound to
// none, and the xml namespace for the xml prefix.
func (p *pass) declare(qname string) int32 {
	l := &p.lex
	for k, a := range l.attrs {
		// xmlns, or xmlns:prefix with a prefix (nsname allows one colon).
		name := p.data[a.nameStart:a.nameEnd]
		var local string
		switch {
		case string(name) == xmlnsPrefix:
		case len(name) > len(xmlnsPrefix)+1 && string(name[:len(xmlnsPrefix)+1]) == xmlnsPrefix+":":
			local = p.str(name[len(xmlnsPrefix)+1:])
		default:
			continue
		}
		if p.ns == nil {
			p.ns = make(map[string]int32)
		}
		uri := l.attrVal(k)
		old, bound := p.ns[local]
		if bound && p.uris[old] == string(uri) {
			continue // bound to the same URI already: nothing to undo
		}
		p.undo = append(p.undo, binding{prefix: local, uri: old, bound: bound})
		p.ns[local] = p.uri(p.str(uri))
		if local == "" {
			p.defaultBound = true
		}
	}
	space, local := splitName(qname)
	switch {
	case space == xmlnsPrefix:
		return p.uri(space)
	case space == xmlPrefix:
		space = xmlURL
	case space == "" && local == xmlnsPrefix:
		return 0
	case space == "" && !p.defaultBound:
		return 0 // no prefix and no default namespace
	}
	if uri, ok := p.ns[space]; ok {
		return uri
	}
	return p.uri(space)
}

// uri returns the index of the namespace URI s in p.uris, adding it.
func (p *pass) uri(s string) int32 {
	if s == "" {
		return 0
	}
	if i, ok := p.uriIndex[s]; ok {
		return i
	}
	if p.uriIndex == nil {
		p.uriIndex = make(map[string]int32)
	}
	i := int32(len(p.uris))
	p.uris = append(p.uris, s)
	p.uriIndex[s] = i
	return i
}

// restore undoes the namespace declarations made since len(p.undo) was
// mark.
func (p *pass) restore(mark int) {
	for k := len(p.undo) - 1; k >= mark; k-- {
		b := p.undo[k]
		if b.bound {
			p.ns[b.prefix] = b.uri
		} else {
			delete(p.ns, b.prefix)
		}
		if b.prefix == "" {
			p.defaultBound = b.bound
		}
	}
	p.undo = p.undo[:mark]
}

// closes checks that the end tag just read, between before and after,
// closes the element open last: the same name, written with the same
// prefix. The messages are encoding/xml's.
func (p *pass) closes(stack []open, before, after int) *Error {
	l := &p.lex
	if len(stack) > 0 && string(p.data[l.nameStart:l.nameEnd]) == stack[len(stack)-1].qname {
		return nil
	}
	space, local := splitName(string(p.data[l.nameStart:l.nameEnd]))
	if len(stack) == 0 {
		return p.syntaxError("unexpected end element </"+local+">", before, after, stack)
	}
	openSpace, openLocal := splitName(stack[len(stack)-1].qname)
	switch {
	case openLocal != local:
		return p.syntaxError("element <"+openLocal+"> closed by </"+local+">", before, after, stack)
	case openSpace != space:
		ns := space
		if space == "" {
			ns = `""`
		}
		return p.syntaxError("element <"+openLocal+"> in space "+openSpace+" closed by </"+local+"> in space "+ns, before, after, stack)
	}
	return nil
}

// setAttrs gives e the attributes of the start tag just read, in linear
// time. etree's CreateAttr looks for an attribute of the same name first,
// which makes an element of n attributes cost n*n; checkStart has already
// refused repeated names, so each attribute is added to an empty view of
// the slice that will hold them all, which CreateAttr appends to in place
// (and so links the attribute to e, as etree's own reader does).
func (p *pass) setAttrs(e *etree.Element) {
	l := &p.lex
	if len(l.attrs) == 0 {
		return
	}
	all := p.attrs.slice(len(l.attrs))[:0]
	for i := range l.attrs {
		e.Attr = all[len(all):len(all)]
		e.CreateAttr(p.names[i], p.str(l.attrVal(i)))
		all = all[:len(all)+1]
	}
	e.Attr = all
}

// countStartTag checks that the start tag beginning at off, if one does,
// fits the budget, as the encoding/xml implementation did before handing
// the tag over: the attributes are counted by their quoted values,
// leniently, however the tag goes on, and the error points at the first
// that does not fit. The lexer stops reading a tag's attributes once they
// are more than the budget holds, and the pass asks countStartTag then,
// and when the tag is not well-formed, so that a tag of a million
// attributes is refused without a million attributes being made and a
// broken tag is judged as it was; the nodes are drawn once the tag is
// read.
func (p *pass) countStartTag(off int) *Error {
	if off+1 >= len(p.data) || p.data[off] != '<' || p.data[off+1] == '/' || p.data[off+1] == '!' || p.data[off+1] == '?' {
		return nil
	}
	left := p.budget.Left()
	if left == 0 {
		return p.tooMany(off, "element")
	}
	at := nthValue(p.data, off, left-1)
	if at < 0 {
		return nil // the element and its attributes fit
	}
	// Point at the name of the first attribute that does not fit.
	j := at - 1
	for j > off && (isSpace(p.data[j]) || p.data[j] == '=') {
		j--
	}
	for j > off && !isSpace(p.data[j]) {
		j--
	}
	return p.tooMany(j+1, "attribute")
}

// nthValue returns the offset of the opening quote of attribute value
// number n (counted from 0) of the start tag at off, or -1 when the tag has
// no more than n values.
func nthValue(data []byte, off, n int) int {
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
func (p *pass) tooMany(off int, what string) *Error {
	e := p.fail(TooMany, off, fmt.Sprintf("more than %d nodes (elements, attributes, comments and the like)", p.budget.limit))
	e.Limit, e.Observed, e.Node = p.budget.limit, p.budget.limit+1, what
	p.budget.used = p.budget.limit
	return e
}

func (p *pass) fail(kind ErrorKind, off int, msg string) *Error {
	return &Error{Kind: kind, Pos: p.src.Pos(off), Offset: off, Msg: msg}
}

// rng is a range of offsets of the document that a message quotes.
type rng struct{ start, end int }

// say writes a message that quotes parts of the document: format has a
// verb for each part. A part that is a rng is quoted through srctext's
// Quote, a string through wording.Inline, anything else as it is. When a
// rng overlaps a secret, the message is generic instead, followed by the
// neutral wording of Quote, so that nothing of the secret shows and the
// message does not read half withheld.
func (p *pass) say(generic, format string, parts ...any) string {
	args := make([]any, len(parts))
	for i, a := range parts {
		switch a := a.(type) {
		case rng:
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
func (p *pass) hides(parts ...rng) bool {
	for _, r := range parts {
		if _, ok := p.src.Secret(r.start, r.end); ok {
			return true
		}
	}
	return false
}

// qName returns the range of the name written at off (after '<' or '</').
func (p *pass) qName(off int) rng {
	end := off
	for end < len(p.data) && !isSpace(p.data[end]) && p.data[end] != '/' && p.data[end] != '>' && p.data[end] != '<' {
		end++
	}
	return rng{off, end}
}

// localName returns the range of the local part of the name at off, as
// encoding/xml names an element in its messages ("b" for "p:b").
func (p *pass) localName(off int) rng {
	r := p.qName(off)
	name := p.data[r.start:r.end]
	if i := bytes.IndexByte(name, ':'); i > 0 && i < len(name)-1 && bytes.Count(name, []byte{':'}) == 1 {
		r.start += i + 1
	}
	return r
}

// checkStart catches what encoding/xml lets through in the start tag just
// read, at start: repeated attributes and undeclared namespace prefixes;
// uri is the element's namespace.
func (p *pass) checkStart(uri int32, qname string, start int) *Error {
	if prefix, _, ok := strings.Cut(qname, ":"); ok && prefix != "xml" && p.uris[uri] == prefix {
		name := p.qName(start + 1)
		return p.fail(Malformed, start+1, p.say("a namespace prefix is not declared", "namespace prefix \"%s\" of <%s> is not declared", rng{name.start, name.start + len(prefix)}, name))
	}
	attrs := p.lex.attrs
	if len(attrs) < 2 {
		return nil
	}
	repeated := func(a lexAttr) *Error {
		return p.fail(Malformed, a.nameStart, p.say("an attribute is repeated; an attribute may appear once", "attribute %s repeated in <%s>; an attribute may appear once", rng{a.nameStart, a.nameEnd}, p.qName(start+1)))
	}
	if len(attrs) <= 8 {
		// A few attributes: compared with those before them.
		for i, a := range p.names {
			for _, b := range p.names[:i] {
				if a == b {
					return repeated(attrs[i])
				}
			}
		}
		return nil
	}
	seen := make(map[string]bool, len(attrs))
	for i, a := range p.names {
		if seen[a] {
			return repeated(attrs[i])
		}
		seen[a] = true
	}
	return nil
}

// checkDirective refuses a DOCTYPE that declares entities or names an
// external DTD. Nothing in it is expanded or fetched.
func (p *pass) checkDirective(t []byte, at int) *Error {
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

// syntaxError turns a syntax error (encoding/xml's message msg, and the
// offset after reached reading the token that started at before) into an
// *Error at the byte the parser could not accept. encoding/xml sometimes
// stopped on that byte and sometimes just after it or after the whole
// token, depending on the message, and the lexer stops where it did;
// faultOffset knows which. The message is written again by message, which
// quotes the document only through srctext's Quote.
func (p *pass) syntaxError(msg string, before, after int, stack []open) *Error {
	fault := faultOffset(msg, before, after, p.data)
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
func (p *pass) message(msg string, before, after, fault int, stack []open) string {
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
		return p.say("invalid character entity", "invalid character entity %s"+suffix, rng{max(before, after-len(ent)), after})
	case strings.HasPrefix(msg, "invalid XML name: "):
		name := strings.TrimPrefix(msg, "invalid XML name: ")
		return p.say("invalid XML name", "invalid XML name: %s", rng{max(before, after-len(name)), after})
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

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }
