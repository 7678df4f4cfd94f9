// Package yamlsub reads the YAML that aovpnlint's configuration file is
// written in: one document of block and flow mappings and lists of text,
// in the forms people write by hand. What it accepts it reads exactly as
// go.yaml.in/yaml/v3 (the libyaml family) reads it, node for node, with
// the same lines and columns; its tests hold it to that, on the
// configurations in the tests and on fuzzed input. The rest of YAML it
// refuses, with an error at a line and column: anchors and aliases,
// tags, merge keys (<<), explicit keys (?), directives, quoted text over
// several lines, a tab outside quotes, comments and block text, and
// nesting deeper than [MaxDepth].
//
// It takes the place of a general YAML library, which prepared tables
// and regular expressions at every start of the command, checks with no
// configuration included (issue 17), for a file that needs a small part
// of YAML. Its work is linear in the input.
package yamlsub

import (
	"encoding/binary"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/aovpnlint/aovpnlint/internal/wording"
)

// Kind is the kind of a node.
type Kind uint8

// The kinds of node.
const (
	Scalar Kind = iota + 1
	Sequence
	Mapping
)

// Node is a value of the document, where it is written.
type Node struct {
	Kind Kind
	// Value is a scalar's text as YAML reads it: quotes, escapes,
	// folding and chomping resolved.
	Value string
	// Plain is true for a scalar written without quotes or a block
	// indicator (| or >); a missing value is a plain empty scalar.
	Plain bool
	// Line and Col are where the node starts (a missing value: where
	// YAML places it, just after the : or - before it), from 1, the
	// column counted in characters.
	Line, Col int
	// Content holds a sequence's items, or a mapping's keys and values
	// alternately.
	Content []*Node
}

// Null reports whether n is a scalar YAML reads as null: plain and
// empty, ~, null, Null or NULL.
func (n *Node) Null() bool {
	if n.Kind != Scalar || !n.Plain {
		return false
	}
	switch n.Value {
	case "", "~", "null", "Null", "NULL":
		return true
	}
	return false
}

// Error is a mistake in the document, or a part of YAML this package
// does not read, at a line and column (from 1).
type Error struct {
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// MaxDepth is how deeply lists and mappings may nest: a configuration
// needs four levels.
const MaxDepth = 100

// maxKey is the longest key read, in characters: YAML 1.1 allows 1,024.
const maxKey = 1000

// SecondDocument is the message of the error at a second document.
const SecondDocument = "a second YAML document starts here; expected one document"

// Parse reads data (UTF-8, or UTF-16 with a byte order mark) as one YAML
// document and returns its root node, or nil when there is no document
// (nothing but comments and blank lines). Every mistake, and every part
// of YAML it does not read, is an *Error.
func Parse(data []byte) (root *Node, err error) {
	text, err := prepare(data)
	if err != nil {
		return nil, err
	}
	p := &parser{s: text, line: 1}
	return p.stream()
}

// prepare decodes data to UTF-8, drops the carriage returns of CR LF
// line breaks and a leading byte order mark, and refuses what YAML does
// not allow (control characters, invalid UTF-8) and the line breaks
// other than LF and CR LF, which only YAML 1.1 reads as line breaks.
func prepare(data []byte) ([]byte, error) {
	switch {
	case len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF):
		var err error
		if data, err = fromUTF16(data); err != nil {
			return nil, err
		}
	case len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF:
		data = data[3:]
	}
	line, col, crs := 1, 0, 0
	for i := 0; i < len(data); {
		r, size := rune(data[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(data[i:])
		}
		bad := ""
		switch {
		case r == utf8.RuneError && size == 1:
			bad = "not valid YAML: a byte that is not UTF-8"
		case r == '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				crs++
				break
			}
			bad = "a carriage return without a line feed; aovpnlint's configuration takes line breaks of LF or CR LF"
		case r == 0x85 || r == 0x2028 || r == 0x2029:
			bad = fmt.Sprintf("a line break %U, which YAML 1.1 reads as a line break and YAML 1.2 does not; expected line breaks of LF or CR LF", r)
		case r == 0xFEFF:
			bad = "a byte order mark (U+FEFF) after the start of the file"
		case r == '\t' || r == '\n' || r >= 0x20 && r <= 0x7E || r >= 0xA0 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000:
		default:
			bad = fmt.Sprintf("not valid YAML: a control character (%U)", r)
		}
		if bad != "" {
			return nil, &Error{Line: line, Col: col + 1, Msg: bad}
		}
		if r == '\n' {
			line, col = line+1, 0
		} else if r != '\r' {
			col++
		}
		i += size
	}
	if crs == 0 {
		return data, nil
	}
	out := make([]byte, 0, len(data)-crs)
	for i := 0; i < len(data); i++ {
		if data[i] != '\r' {
			out = append(out, data[i])
		}
	}
	return out, nil
}

// fromUTF16 decodes UTF-16 that starts with its byte order mark. Half a
// code unit at the end, or half of a surrogate pair, is an error, as
// yaml.v3 makes it.
func fromUTF16(data []byte) ([]byte, error) {
	var order binary.ByteOrder = binary.LittleEndian
	if data[0] == 0xFE {
		order = binary.BigEndian
	}
	data = data[2:]
	out := make([]byte, 0, len(data)/2)
	line, col := 1, 0
	for i := 0; i < len(data); i += 2 {
		r, ok := rune(0), i+1 < len(data)
		if ok {
			r = rune(order.Uint16(data[i:]))
		}
		if ok && utf16.IsSurrogate(r) {
			ok = r < 0xDC00 && i+3 < len(data)
			if ok {
				r = utf16.DecodeRune(r, rune(order.Uint16(data[i+2:])))
				ok = r != utf8.RuneError
				i += 2
			}
		}
		if !ok {
			return nil, &Error{Line: line, Col: col + 1, Msg: "not valid YAML: not valid UTF-16 (an odd number of bytes, or half of a surrogate pair)"}
		}
		out = utf8.AppendRune(out, r)
		if r == '\n' {
			line, col = line+1, 0
		} else if r != '\r' {
			col++
		}
	}
	return out, nil
}

// parser reads the prepared text. Columns are counted from 0 in
// characters, as libyaml counts them; errors and nodes give them from 1.
type parser struct {
	s     []byte
	i     int // the byte offset
	line  int // from 1
	col   int // from 0, in characters
	depth int
}

// context says what may start where a node is read.
type context uint8

const (
	onNewLine  context = iota // first on its line: any node
	afterDash                 // after "- " on the item's line: any node, a compact mapping or list too
	afterColon                // after "key: " on the key's line: text, a flow collection, a block text
)

func (p *parser) errorf(line, col int, format string, args ...any) *Error {
	return &Error{Line: line, Col: col + 1, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) eof() bool { return p.i >= len(p.s) }

// at returns the byte at offset k from the current one, or 0 at the end.
func (p *parser) at(k int) byte {
	if p.i+k < len(p.s) {
		return p.s[p.i+k]
	}
	return 0
}

// blankz reports whether offset k holds a space, a tab, a line break or
// the end of the text.
func (p *parser) blankz(k int) bool {
	switch p.at(k) {
	case 0, ' ', '\t', '\n': // 0 is the end: prepare refused NUL
		return true
	}
	return false
}

// advance moves over one byte.
func (p *parser) advance() {
	c := p.s[p.i]
	p.i++
	switch {
	case c == '\n':
		p.line, p.col = p.line+1, 0
	case c&0xC0 != 0x80:
		p.col++
	}
}

// advanceRune moves over one character and returns its bytes.
func (p *parser) advanceRune() []byte {
	start := p.i
	_, size := utf8.DecodeRune(p.s[p.i:])
	p.i += size
	p.col++
	return p.s[start:p.i]
}

// marker reports whether a document marker (--- or ...) starts at the
// current position, at the start of a line.
func (p *parser) marker(m string) bool {
	return p.col == 0 && p.i+3 <= len(p.s) && string(p.s[p.i:p.i+3]) == m && p.blankz(3)
}

func (p *parser) anyMarker() bool { return p.marker("---") || p.marker("...") }

// spaces moves over spaces; a tab is an error, since only quotes,
// comments and block text may hold one here.
func (p *parser) spaces() error {
	for !p.eof() {
		switch p.s[p.i] {
		case ' ':
			p.advance()
		case '\t':
			return p.errorf(p.line, p.col, "a tab character; aovpnlint's configuration takes tabs only in quoted text, comments and block text (| or >); indent and separate with spaces")
		default:
			return nil
		}
	}
	return nil
}

// comment moves over a comment, if one starts here: a # at the start of
// a line or after a space. A # right after a value is an error: YAML
// parsers read it differently.
func (p *parser) comment() error {
	if p.at(0) != '#' {
		return nil
	}
	if p.col > 0 && p.s[p.i-1] != ' ' {
		return p.errorf(p.line, p.col, "not valid YAML: a # right after a value; put a space before a comment")
	}
	for !p.eof() && p.s[p.i] != '\n' {
		p.advance()
	}
	return nil
}

// blank moves over spaces, comments and line breaks to the next content.
func (p *parser) blank() error {
	for {
		if err := p.spaces(); err != nil {
			return err
		}
		if err := p.comment(); err != nil {
			return err
		}
		if p.eof() || p.s[p.i] != '\n' {
			return nil
		}
		p.advance()
	}
}

// lineEnd checks that only spaces and a comment follow on the line.
func (p *parser) lineEnd(what string) error {
	if err := p.spaces(); err != nil {
		return err
	}
	if err := p.comment(); err != nil {
		return err
	}
	if !p.eof() && p.s[p.i] != '\n' {
		return p.errorf(p.line, p.col, "not valid YAML: %s, found %s", what, p.describe())
	}
	return nil
}

// describe names the character at the current position for a message.
func (p *parser) describe() string {
	switch {
	case p.eof():
		return "the end of the file"
	case p.s[p.i] == '\n':
		return "the end of the line"
	}
	r, _ := utf8.DecodeRune(p.s[p.i:])
	return wording.Quote(string(r))
}

// stream reads the one document of the text, with its markers.
func (p *parser) stream() (*Node, error) {
	if err := p.blank(); err != nil {
		return nil, err
	}
	if p.eof() {
		return nil, nil
	}
	if p.col == 0 && p.at(0) == '%' {
		return nil, p.errorf(p.line, p.col, "directives (%%YAML, %%TAG) are not supported; start the file with its first key")
	}
	if p.marker("...") {
		return nil, p.errorf(p.line, p.col, "a document end (...) before any document is not supported; start the file with its first key")
	}
	if p.marker("---") {
		if err := p.pastMarker("expected the document on the line after ---"); err != nil {
			return nil, err
		}
	}
	var root *Node
	if p.eof() || p.anyMarker() {
		root = &Node{Kind: Scalar, Plain: true, Line: p.line, Col: p.col + 1}
		if p.eof() && p.col > 0 { // libyaml ends the stream on a line of its own
			root.Line, root.Col = p.line+1, 1
		}
	} else {
		var err error
		if root, err = p.node(-1, onNewLine); err != nil {
			return nil, err
		}
		if err := p.blank(); err != nil {
			return nil, err
		}
	}
	ended := p.marker("...")
	if ended {
		if err := p.pastMarker("expected nothing after ... on its line"); err != nil {
			return nil, err
		}
	}
	switch {
	case p.eof():
		return root, nil
	case ended || p.marker("---"):
		return nil, p.errorf(p.line, p.col, SecondDocument)
	}
	return nil, p.errorf(p.line, p.col, "not valid YAML: expected the end of the document or a key as indented as the first, found %s", p.describe())
}

// pastMarker moves past the document marker at the current position and
// the blank lines after it; only a comment may follow it on its line
// (what says what was expected instead).
func (p *parser) pastMarker(what string) error {
	p.i += 3
	p.col += 3
	if err := p.lineEnd(what); err != nil {
		return err
	}
	return p.blank()
}

// enter counts one more level of nesting at the current position.
func (p *parser) enter() error {
	if p.depth++; p.depth > MaxDepth {
		return p.errorf(p.line, p.col, "lists and mappings nest more than %d deep here; a configuration needs four levels", MaxDepth)
	}
	return nil
}

// node reads the node at the current position (not a space, comment or
// line break). indent is the column of the innermost block collection
// (-1 at the top): text continued on later lines must be indented more.
func (p *parser) node(indent int, ctx context) (*Node, error) {
	line, col := p.line, p.col
	switch c := p.at(0); {
	case c == '&' || c == '*':
		start := p.i
		for !p.blankz(0) && !isFlowIndicator(p.at(0)) {
			p.advance()
		}
		what := "an anchor"
		if c == '*' {
			what = "an alias"
		}
		return nil, p.errorf(line, col, "expected every value written out, found %s (%s); anchors and aliases are not supported", what, wording.Inline(string(p.s[start:p.i])))
	case c == '!':
		start := p.i
		for !p.blankz(0) {
			p.advance()
		}
		return nil, p.errorf(line, col, "expected a plain value, found one tagged %s; tags are not supported", wording.Quote(string(p.s[start:p.i])))
	case c == '?' && p.blankz(1):
		return nil, p.errorf(line, col, "explicit keys (? key) are not supported; write key: value")
	case c == '|' || c == '>':
		return p.blockScalar(indent)
	case c == '-' && p.blankz(1):
		if ctx == afterColon {
			return nil, p.errorf(line, col, "not valid YAML: a list item (- ) on the line of its key; start the list on the next line")
		}
		return p.blockSequence(col)
	case c == '[' || c == '{':
		n, err := p.flow()
		if err != nil {
			return nil, err
		}
		if err := p.spaces(); err != nil {
			return nil, err
		}
		if p.at(0) == ':' {
			return nil, p.errorf(line, col, "a list or a mapping as a key is not supported; keys are names")
		}
		return n, p.lineEnd("expected the end of the line after the value")
	}
	key, err := p.keyAhead()
	if err != nil {
		return nil, err
	}
	if key {
		if ctx == afterColon {
			return nil, p.errorf(line, col, "not valid YAML: a key: value after a key on the same line; put the inner mapping on the lines below, indented")
		}
		return p.blockMapping(col)
	}
	if q := p.at(0); q == '"' || q == '\'' {
		n, err := p.quoted()
		if err != nil {
			return nil, err
		}
		return n, p.lineEnd("expected the end of the line after the quoted text")
	}
	if !p.plainStarts(false) {
		return nil, p.errorf(line, col, "not valid YAML: %s cannot start a value", p.describe())
	}
	n, err := p.plain(indent, false)
	if err != nil {
		return nil, err
	}
	if p.at(0) == ':' && p.blankz(1) {
		return nil, p.errorf(p.line, p.col, "not valid YAML: a key: value inside text, or a key over several lines; keys are on one line")
	}
	return n, p.comment()
}

// isFlowIndicator reports whether c opens, separates or closes a flow
// collection.
func isFlowIndicator(c byte) bool {
	switch c {
	case ',', '[', ']', '{', '}':
		return true
	}
	return false
}

// plainStarts reports whether plain text may start at the current
// position, as libyaml decides it.
func (p *parser) plainStarts(flow bool) bool {
	switch c := p.at(0); c {
	case 0, ' ', '\t', '\n', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	case '-':
		return !p.blankz(1)
	case '?', ':':
		return !flow && !p.blankz(1)
	}
	return true
}

// keyAhead reports whether a key (text followed by ": " on this line)
// starts at the current position, without moving.
func (p *parser) keyAhead() (bool, error) {
	save := *p
	defer func() { *p = save }()
	line, col := p.line, p.col
	switch p.at(0) {
	case '"', '\'':
		if _, err := p.quoted(); err != nil {
			return false, err
		}
		for p.at(0) == ' ' {
			p.advance()
		}
	default:
		if !p.plainStarts(false) {
			return false, nil
		}
		for !p.eof() && p.s[p.i] != '\n' && !(p.s[p.i] == ':' && p.blankz(1)) && !(p.s[p.i] == '#' && p.s[p.i-1] == ' ') {
			p.advance()
		}
	}
	if p.at(0) != ':' || !p.blankz(1) {
		return false, nil
	}
	if p.line != line || p.col-col > maxKey {
		return false, p.errorf(line, col, "a key of more than %d characters; keys are names", maxKey)
	}
	return true, nil
}

// key reads a key and the : after it; it returns the key.
func (p *parser) key() (*Node, error) {
	var k *Node
	var err error
	if q := p.at(0); q == '"' || q == '\'' {
		k, err = p.quoted()
		if err == nil {
			err = p.spaces()
		}
	} else {
		k, err = p.plain(-1, false)
	}
	if err != nil {
		return nil, err
	}
	p.advance() // the ':', which keyAhead found
	return k, nil
}

// blockMapping reads the mapping whose keys are at column col.
func (p *parser) blockMapping(col int) (*Node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	n := &Node{Kind: Mapping, Line: p.line, Col: col + 1}
	for {
		k, err := p.key()
		if err != nil {
			return nil, err
		}
		v, err := p.value(col)
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, k, v)
		if err := p.blank(); err != nil {
			return nil, err
		}
		if p.eof() || p.col < col || p.anyMarker() {
			return n, nil
		}
		if p.col > col {
			return nil, p.errorf(p.line, p.col, "not valid YAML: this line is indented more than the key above it, at column %d; expected a key at column %d, or text continued on the key's line", p.col+1, col+1)
		}
		line, c := p.line, p.col
		key, err := p.keyAhead()
		if err != nil {
			return nil, err
		}
		if !key {
			found := p.describe()
			if b := p.at(0); b == '[' || b == '{' || b == '?' && p.blankz(1) {
				if _, err := p.node(col, onNewLine); err != nil {
					return nil, err // the error that says why
				}
			}
			return nil, p.errorf(line, c, "not valid YAML: expected a key (name: value) at the column of the keys above, found %s", found)
		}
	}
}

// value reads the value after a key's colon, of a mapping at column col.
func (p *parser) value(col int) (*Node, error) {
	line, c := p.line, p.col
	if err := p.spaces(); err != nil {
		return nil, err
	}
	if !p.eof() && p.s[p.i] != '\n' && p.s[p.i] != '#' {
		return p.node(col, afterColon)
	}
	if err := p.blank(); err != nil {
		return nil, err
	}
	switch {
	case p.eof() || p.col < col || p.anyMarker():
	case p.col == col:
		if p.at(0) == '-' && p.blankz(1) {
			return p.blockSequence(col)
		}
	default:
		return p.node(col, onNewLine)
	}
	return &Node{Kind: Scalar, Plain: true, Line: line, Col: c + 1}, nil
}

// blockSequence reads the list whose dashes are at column col.
func (p *parser) blockSequence(col int) (*Node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	n := &Node{Kind: Sequence, Line: p.line, Col: col + 1}
	for {
		p.advance() // the '-'
		line, c := p.line, p.col
		if err := p.spaces(); err != nil {
			return nil, err
		}
		var item *Node
		var err error
		if !p.eof() && p.s[p.i] != '\n' && p.s[p.i] != '#' {
			item, err = p.node(col, afterDash)
		} else if err = p.blank(); err == nil {
			if p.eof() || p.col <= col || p.anyMarker() {
				item = &Node{Kind: Scalar, Plain: true, Line: line, Col: c + 1}
			} else {
				item, err = p.node(col, onNewLine)
			}
		}
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, item)
		if err := p.blank(); err != nil {
			return nil, err
		}
		if p.eof() || p.col < col || p.anyMarker() {
			return n, nil
		}
		if p.col > col {
			return nil, p.errorf(p.line, p.col, "not valid YAML: this line is indented more than the list item above it, at column %d; expected an item (- ) at column %d", p.col+1, col+1)
		}
		if p.at(0) != '-' || !p.blankz(1) {
			return n, nil // a key after a list at the column of its key
		}
	}
}

// plain reads plain text, continued on the lines below that are indented
// more than indent, and folds it as libyaml does. In a flow collection
// (flow) it ends at the end of its line. It stops before a ": ", a
// comment, and in a flow collection before , ? [ ] { }; after it the
// position is at that, or at the start of the next content.
func (p *parser) plain(indent int, flow bool) (*Node, error) {
	n := &Node{Kind: Scalar, Plain: true, Line: p.line, Col: p.col + 1}
	var s []byte
	spaces, breaks := 0, 0 // the spaces or the line breaks before the next characters
	for {
		if p.anyMarker() || p.at(0) == '#' {
			break
		}
		for !p.blankz(0) {
			c := p.s[p.i]
			if c == ':' && p.blankz(1) || flow && (c == '?' || isFlowIndicator(c)) {
				break
			}
			switch {
			case breaks == 1:
				s = append(s, ' ')
			case breaks > 1:
				for range breaks - 1 {
					s = append(s, '\n')
				}
			default:
				for range spaces {
					s = append(s, ' ')
				}
			}
			spaces, breaks = 0, 0
			s = append(s, p.advanceRune()...)
		}
		if c := p.at(0); p.eof() || c != ' ' && c != '\t' && c != '\n' {
			break
		}
		for !p.eof() {
			c := p.s[p.i]
			if c == '\t' {
				return nil, p.errorf(p.line, p.col, "a tab character; aovpnlint's configuration takes tabs only in quoted text, comments and block text (| or >); indent and separate with spaces")
			}
			if c == '\n' && flow {
				n.Value = string(s)
				return n, nil
			}
			if c != ' ' && c != '\n' {
				break
			}
			if c == '\n' {
				spaces = 0
				breaks++
			} else if breaks == 0 {
				spaces++
			}
			p.advance()
		}
		if !flow && p.col < indent+1 {
			break
		}
	}
	n.Value = string(s)
	if n.Value == "<<" {
		return nil, p.errorf(n.Line, n.Col-1, "expected every key written out, found a merge key (<<); merge keys are not supported, and YAML reads a plain << as one anywhere (quote it to write the text)")
	}
	return n, nil
}

// quoted reads quoted text, which must end on its line.
func (p *parser) quoted() (*Node, error) {
	n := &Node{Kind: Scalar, Line: p.line, Col: p.col + 1}
	single := p.at(0) == '\''
	p.advance()
	var s []byte
	for {
		if p.eof() || p.s[p.i] == '\n' {
			return nil, p.errorf(n.Line, n.Col-1, "quoted text that does not end on its line; aovpnlint's configuration takes quoted text on one line")
		}
		c := p.s[p.i]
		switch {
		case single && c == '\'':
			if p.at(1) != '\'' {
				p.advance()
				n.Value = string(s)
				return n, nil
			}
			s = append(s, '\'')
			p.advance()
			p.advance()
		case !single && c == '"':
			p.advance()
			n.Value = string(s)
			return n, nil
		case !single && c == '\\':
			var err error
			if s, err = p.escape(s); err != nil {
				return nil, err
			}
		default:
			s = append(s, p.advanceRune()...)
		}
	}
}

// escape reads an escape sequence of double-quoted text and appends the
// character it stands for to s.
func (p *parser) escape(s []byte) ([]byte, error) {
	line, col := p.line, p.col
	p.advance() // the backslash
	if p.eof() || p.s[p.i] == '\n' {
		return nil, p.errorf(line, col, "quoted text that does not end on its line; aovpnlint's configuration takes quoted text on one line")
	}
	c := p.s[p.i]
	digits, letter := 0, byte(0)
	switch c {
	case '0':
		s = append(s, 0)
	case 'a':
		s = append(s, '\a')
	case 'b':
		s = append(s, '\b')
	case 't', '\t':
		s = append(s, '\t')
	case 'n':
		s = append(s, '\n')
	case 'v':
		s = append(s, '\v')
	case 'f':
		s = append(s, '\f')
	case 'r':
		s = append(s, '\r')
	case 'e':
		s = append(s, 0x1B)
	case ' ', '"', '\'', '\\':
		s = append(s, c)
	case 'N':
		s = utf8.AppendRune(s, 0x85)
	case '_':
		s = utf8.AppendRune(s, 0xA0)
	case 'L':
		s = utf8.AppendRune(s, 0x2028)
	case 'P':
		s = utf8.AppendRune(s, 0x2029)
	case 'x':
		digits, letter = 2, c
	case 'u':
		digits, letter = 4, c
	case 'U':
		digits, letter = 8, c
	default:
		return nil, p.errorf(line, col, "not valid YAML: an unknown escape \\%s in quoted text", wording.Inline(string(p.advanceRune())))
	}
	p.advance()
	if digits == 0 {
		return s, nil
	}
	var r int64 // eight digits overflow a rune
	for range digits {
		c := p.at(0)
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return nil, p.errorf(line, col, "not valid YAML: an escape \\%c needs %d hexadecimal digits", letter, digits)
		}
		r = r<<4 | int64(d)
		p.advance()
	}
	if r >= 0xD800 && r <= 0xDFFF || r > 0x10FFFF {
		return nil, p.errorf(line, col, "not valid YAML: an escape of %U, which is not a character", r)
	}
	return utf8.AppendRune(s, rune(r)), nil
}

// blockScalar reads block text (| literal, > folded) as libyaml does,
// its lines indented more than indent. An indentation indicator (|2) is
// refused.
func (p *parser) blockScalar(indent int) (*Node, error) {
	n := &Node{Kind: Scalar, Line: p.line, Col: p.col + 1}
	literal := p.at(0) == '|'
	p.advance()
	chomp := 0
	switch p.at(0) {
	case '+':
		chomp = 1
		p.advance()
	case '-':
		chomp = -1
		p.advance()
	}
	if c := p.at(0); c >= '0' && c <= '9' {
		return nil, p.errorf(p.line, p.col, "an indentation indicator (%c) is not supported; indent the text and leave the number out", c)
	}
	if err := p.lineEnd("expected the end of the line after the block text's | or >"); err != nil {
		return nil, err
	}
	if !p.eof() {
		p.advance() // the line break
	}
	var s []byte
	at := 0 // the indentation of the text; 0 until its first line
	breaks, err := p.blockBreaks(&at, indent)
	if err != nil {
		return nil, err
	}
	leading := 0 // the line break after the last line read, 0 or 1
	leadingBlank := false
	for p.col == at && !p.eof() {
		trailingBlank := p.at(0) == ' ' || p.at(0) == '\t'
		if !literal && !leadingBlank && !trailingBlank && leading == 1 {
			if breaks == 0 {
				s = append(s, ' ')
			}
		} else if leading == 1 {
			s = append(s, '\n')
		}
		for range breaks {
			s = append(s, '\n')
		}
		leading, breaks = 0, 0
		leadingBlank = trailingBlank
		for !p.eof() && p.s[p.i] != '\n' {
			s = append(s, p.advanceRune()...)
		}
		if !p.eof() {
			p.advance()
			leading = 1
		}
		if breaks, err = p.blockBreaks(&at, indent); err != nil {
			return nil, err
		}
	}
	if chomp != -1 && leading == 1 {
		s = append(s, '\n')
	}
	if chomp == 1 {
		for range breaks {
			s = append(s, '\n')
		}
	}
	n.Value = string(s)
	return n, nil
}

// blockBreaks moves over the indentation and the empty lines before the
// next line of block text, and sets the text's indentation *at from its
// first line. It returns the number of line breaks passed.
func (p *parser) blockBreaks(at *int, indent int) (int, error) {
	breaks, most := 0, 0
	for {
		for (*at == 0 || p.col < *at) && p.at(0) == ' ' {
			p.advance()
		}
		most = max(most, p.col)
		if (*at == 0 || p.col < *at) && p.at(0) == '\t' {
			return 0, p.errorf(p.line, p.col, "not valid YAML: a tab character where block text is indented; indent it with spaces")
		}
		if p.eof() || p.s[p.i] != '\n' {
			break
		}
		p.advance()
		breaks++
	}
	if *at == 0 {
		*at = max(most, indent+1, 1)
	}
	return breaks, nil
}

// flow reads a flow collection: [ items ] or { key: value }. Its lines
// may be indented as they like, as in libyaml; its text ends at the end
// of a line, and a sequence holds no key: value pairs.
func (p *parser) flow() (*Node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	n := &Node{Kind: Sequence, Line: p.line, Col: p.col + 1}
	closer := byte(']')
	if p.at(0) == '{' {
		n.Kind, closer = Mapping, '}'
	}
	p.advance()
	for {
		if err := p.flowBlank(); err != nil {
			return nil, err
		}
		if p.at(0) == closer {
			p.advance()
			return n, nil
		}
		if n.Kind == Sequence {
			item, err := p.flowNode()
			if err != nil {
				return nil, err
			}
			if err := p.spaces(); err != nil {
				return nil, err
			}
			if p.at(0) == ':' {
				return nil, p.errorf(p.line, p.col, "a key: value inside [ ] is not supported; write the mapping in { }")
			}
			n.Content = append(n.Content, item)
		} else {
			k, v, err := p.flowPair()
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, k, v)
		}
		if err := p.flowBlank(); err != nil {
			return nil, err
		}
		switch p.at(0) {
		case ',':
			p.advance()
		case closer:
		default:
			return nil, p.errorf(p.line, p.col, "not valid YAML: expected , or %c, found %s", closer, p.describe())
		}
	}
}

// flowPair reads key: value in { }.
func (p *parser) flowPair() (k, v *Node, err error) {
	line, col := p.line, p.col
	switch q := p.at(0); {
	case q == '"' || q == '\'':
		k, err = p.quoted()
	case p.plainStarts(true):
		k, err = p.plain(-1, true)
	default:
		return nil, nil, p.errorf(line, col, "expected a key (a name) in { }, found %s", p.describe())
	}
	if err != nil {
		return nil, nil, err
	}
	if p.line != line || p.col-col > maxKey {
		return nil, nil, p.errorf(line, col, "a key of more than %d characters; keys are names", maxKey)
	}
	if err := p.spaces(); err != nil {
		return nil, nil, err
	}
	if p.at(0) != ':' {
		return nil, nil, p.errorf(p.line, p.col, "expected : and a value after the key in { }, found %s", p.describe())
	}
	p.advance()
	if err := p.flowBlank(); err != nil {
		return nil, nil, err
	}
	if c := p.at(0); c == ',' || c == '}' {
		return k, &Node{Kind: Scalar, Plain: true, Line: p.line, Col: p.col + 1}, nil
	}
	v, err = p.flowNode()
	return k, v, err
}

// flowNode reads a value in a flow collection.
func (p *parser) flowNode() (*Node, error) {
	line, col := p.line, p.col
	switch c := p.at(0); {
	case c == '[' || c == '{':
		return p.flow()
	case c == '"' || c == '\'':
		return p.quoted()
	case c == '&' || c == '*' || c == '!':
		return p.node(-1, afterColon) // the error that names it
	case p.plainStarts(true):
		return p.plain(-1, true)
	}
	return nil, p.errorf(line, col, "not valid YAML: %s cannot start a value in [ ] or { }", p.describe())
}

// flowBlank moves over spaces, comments and line breaks inside a flow
// collection; a document marker there is an error.
func (p *parser) flowBlank() error {
	if err := p.blank(); err != nil {
		return err
	}
	if p.eof() {
		return p.errorf(p.line, p.col, "not valid YAML: the file ends inside [ ] or { }; expected its closing bracket")
	}
	if p.anyMarker() {
		return p.errorf(p.line, p.col, "not valid YAML: a document marker inside [ ] or { }")
	}
	return nil
}
