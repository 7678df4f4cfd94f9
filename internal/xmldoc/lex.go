package xmldoc

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The lexer reads the tokens of a document from its bytes as encoding/xml's
// Decoder, in strict mode, reads them from a byte reader (its RawToken):
// the same tokens, the same decoded text, the same judgements in the same
// order, the same messages, and the same offset reached when it gives up
// (the Decoder's InputOffset), from which the pass works out the offending
// byte as it did with the Decoder. It reads the bytes in place, in one
// pass, without a copy of what needs no decoding. Its cursor i stands
// where the Decoder's offset would: a byte read and pushed back (ungetc)
// is not counted.

// tokKind is the kind of a token.
type tokKind uint8

const (
	tokEOF tokKind = iota
	tokStart
	tokEnd
	tokText
	tokComment
	tokProcInst
	tokDirective
)

// lexErr is a token the lexer could not read: encoding/xml's message, and
// the offset it had reached.
type lexErr struct {
	msg   string
	after int
}

// lexAttr is an attribute of a start tag: its name as written (offsets),
// the offset of its value's first byte, and where its decoded value is.
type lexAttr struct {
	nameStart, nameEnd int
	valStart           int
	// The value is data[valFrom:valTo], or vals[valFrom:valTo] when
	// decoding changed it (inVals).
	valFrom, valTo int
	inVals         bool
}

type lexer struct {
	data []byte
	i    int

	// needClose is set after an empty-element tag (<a/>): the next token
	// is its end, named by closeStart and closeEnd.
	needClose            bool
	closeStart, closeEnd int

	// The last token read: a start or end tag's name (offsets), a
	// processing instruction's target; character data (cdata when it was
	// a CDATA section), a comment's, processing instruction's or
	// directive's text, which stays valid until the next token.
	nameStart, nameEnd int
	attrs              []lexAttr
	text               []byte
	cdata              bool

	buf  []byte // decoded text
	vals []byte // decoded attribute values
	dir  []byte // a directive

	// maxAttrs is the number of attributes a start tag may have: past it,
	// the lexer stops and reports errTooManyAttrs.
	maxAttrs int
}

// errTooManyAttrs stops a start tag with more than maxAttrs attributes.
var errTooManyAttrs = &lexErr{msg: "too many attributes"}

// errEOF is the error of a token cut short by the end of the document.
func (l *lexer) errEOF() *lexErr { return &lexErr{"unexpected EOF", l.i} }

func (l *lexer) fail(msg string) *lexErr { return &lexErr{msg, l.i} }

// next reads the next token. At the end of the document it returns tokEOF.
func (l *lexer) next() (tokKind, *lexErr) {
	if l.needClose {
		l.needClose = false
		l.nameStart, l.nameEnd = l.closeStart, l.closeEnd
		return tokEnd, nil
	}
	data := l.data
	if l.i >= len(data) {
		return tokEOF, nil
	}
	if data[l.i] != '<' {
		t, _, err := l.charData(-1, false)
		if err != nil {
			return 0, err
		}
		l.text, l.cdata = t, false
		return tokText, nil
	}
	l.i++
	if l.i >= len(data) {
		return 0, l.errEOF()
	}
	b := data[l.i]
	l.i++
	switch b {
	case '/':
		return l.endTag()
	case '?':
		return l.procInst()
	case '!':
		if l.i >= len(data) {
			return 0, l.errEOF()
		}
		b = data[l.i]
		l.i++
		switch b {
		case '-':
			return l.comment()
		case '[':
			for k := range len("CDATA[") {
				if l.i >= len(data) {
					return 0, l.errEOF()
				}
				l.i++
				if data[l.i-1] != "CDATA["[k] {
					return 0, l.fail("invalid <![ sequence")
				}
			}
			t, _, err := l.charData(-1, true)
			if err != nil {
				return 0, err
			}
			l.text, l.cdata = t, true
			return tokText, nil
		}
		return l.directive(b)
	}
	l.i-- // the first byte of the name
	return l.startTag()
}

// readName reads a name as encoding/xml's readName does: the bytes up to
// the first ASCII byte that cannot be in a name, every byte from 0x80 up
// accepted. ok is false, with no error, when the first byte cannot start
// one; it is left unread.
func (l *lexer) readName() (start, end int, ok bool, err *lexErr) {
	data := l.data
	start = l.i
	if l.i >= len(data) {
		return start, start, false, l.errEOF()
	}
	if b := data[l.i]; b < utf8.RuneSelf && !nameByte[b] {
		return start, start, false, nil
	}
	l.i++
	for {
		if l.i >= len(data) {
			return start, l.i, false, l.errEOF()
		}
		if b := data[l.i]; b < utf8.RuneSelf && !nameByte[b] {
			return start, l.i, true, nil
		}
		l.i++
	}
}

// name reads a name and checks its characters (encoding/xml's name).
func (l *lexer) name() (start, end int, ok bool, err *lexErr) {
	start, end, ok, err = l.readName()
	if !ok {
		return start, end, false, err
	}
	if !isName(l.data[start:end]) {
		return start, end, false, l.fail("invalid XML name: " + string(l.data[start:end]))
	}
	return start, end, true, nil
}

// nsname reads a name with at most one colon (encoding/xml's nsname).
func (l *lexer) nsname() (start, end int, ok bool, err *lexErr) {
	// Most names are ASCII: one pass decides them. Anything else (a byte
	// from 0x80 up, a first byte that cannot start a name, the end of the
	// document) is read again by name.
	data := l.data
	start = l.i
	if start < len(data) && data[start] < utf8.RuneSelf && nameFirst[data[start]] {
		colons := 0
		j := start
		for ; j < len(data) && data[j] < utf8.RuneSelf && nameByte[data[j]]; j++ {
			if data[j] == ':' {
				colons++
			}
		}
		if j < len(data) && data[j] < utf8.RuneSelf {
			l.i = j
			return start, j, colons <= 1, nil
		}
	}
	start, end, ok, err = l.name()
	if ok && bytes.Count(l.data[start:end], []byte{':'}) > 1 {
		return start, end, false, nil
	}
	return start, end, ok, err
}

// splitName splits a name read by nsname into its prefix and local part
// as encoding/xml's Name has them: no prefix when the colon starts or ends
// the name.
func splitName(s string) (space, local string) {
	space, local, ok := strings.Cut(s, ":")
	if !ok || space == "" || local == "" {
		return "", s
	}
	return space, local
}

// space skips white space.
func (l *lexer) space() {
	for l.i < len(l.data) && isSpace(l.data[l.i]) {
		l.i++
	}
}

func (l *lexer) endTag() (tokKind, *lexErr) {
	start, end, ok, err := l.nsname()
	if !ok {
		if err == nil {
			err = l.fail("expected element name after </")
		}
		return 0, err
	}
	l.space()
	if l.i >= len(l.data) {
		return 0, l.errEOF()
	}
	l.i++
	if l.data[l.i-1] != '>' {
		_, local := splitName(string(l.data[start:end]))
		return 0, l.fail("invalid characters between </" + local + " and >")
	}
	l.nameStart, l.nameEnd = start, end
	return tokEnd, nil
}

func (l *lexer) procInst() (tokKind, *lexErr) {
	start, end, ok, err := l.name()
	if !ok {
		if err == nil {
			err = l.fail("expected target name after <?")
		}
		return 0, err
	}
	l.space()
	k := bytes.Index(l.data[l.i:], []byte("?>"))
	if k < 0 {
		l.i = len(l.data)
		return 0, l.errEOF()
	}
	inst := l.data[l.i : l.i+k]
	l.i += k + 2
	if string(l.data[start:end]) == "xml" {
		content := string(inst)
		if ver := procInstParam("version", content); ver != "" && ver != "1.0" {
			return 0, l.fail(fmt.Sprintf("xml: unsupported version %q; only version 1.0 is supported", ver))
		}
		// Any other encoding is accepted: the text is already decoded
		// (the Decoder was given a CharsetReader that returns its input).
	}
	l.nameStart, l.nameEnd, l.text = start, end, inst
	return tokProcInst, nil
}

// procInstParam returns the value of param="..." or param='...' in s, or
// "" when there is none (encoding/xml's procInst).
func procInstParam(param, s string) string {
	param = param + "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// comment reads a comment after its "<!-".
func (l *lexer) comment() (tokKind, *lexErr) {
	data := l.data
	if l.i >= len(data) {
		return 0, l.errEOF()
	}
	l.i++
	if data[l.i-1] != '-' {
		return 0, l.fail("invalid sequence <!- not part of <!--")
	}
	// The first "--" ends the comment, and must be followed by '>'.
	start := l.i
	k := bytes.Index(data[start:], []byte("--"))
	if k < 0 || start+k+2 >= len(data) {
		l.i = len(data)
		return 0, l.errEOF()
	}
	l.i = start + k + 3
	if data[l.i-1] != '>' {
		return 0, l.fail(`invalid sequence "--" not allowed in comments`)
	}
	l.text = data[start : start+k]
	return tokComment, nil
}

// directive reads a directive (<!DOCTYPE ...>) whose first byte, b, has
// been read, as encoding/xml does: quoted angle brackets do not count for
// nesting, and a comment inside becomes a space.
func (l *lexer) directive(b byte) (tokKind, *lexErr) {
	data := l.data
	buf := append(l.dir[:0], b)
	defer func() { l.dir = buf[:0] }()
	var inquote byte
	depth := 0
	pending := false // b was read while looking for "<!--" and is handled now
	for {
		if !pending {
			if l.i >= len(data) {
				return 0, l.errEOF()
			}
			b = data[l.i]
			l.i++
			if inquote == 0 && b == '>' && depth == 0 {
				break
			}
		}
		pending = false
		buf = append(buf, b)
		switch {
		case b == inquote:
			inquote = 0
		case inquote != 0:
		case b == '\'' || b == '"':
			inquote = b
		case b == '>':
			depth--
		case b == '<':
			const open = "!--"
			matched := true
			for k := range len(open) {
				if l.i >= len(data) {
					return 0, l.errEOF()
				}
				b = data[l.i]
				l.i++
				if b != open[k] {
					buf = append(buf, open[:k]...)
					depth++
					pending, matched = true, false
					break
				}
			}
			if !matched {
				continue
			}
			buf = buf[:len(buf)-1] // the '<'
			var b0, b1 byte
			for {
				if l.i >= len(data) {
					return 0, l.errEOF()
				}
				b = data[l.i]
				l.i++
				if b0 == '-' && b1 == '-' && b == '>' {
					break
				}
				b0, b1 = b1, b
			}
			buf = append(buf, ' ')
		}
	}
	l.text = buf
	return tokDirective, nil
}

func (l *lexer) startTag() (tokKind, *lexErr) {
	data := l.data
	start, end, ok, err := l.nsname()
	if !ok {
		if err == nil {
			err = l.fail("expected element name after <")
		}
		return 0, err
	}
	l.nameStart, l.nameEnd = start, end
	l.attrs = l.attrs[:0]
	l.vals = l.vals[:0]
	for {
		l.space()
		if l.i >= len(data) {
			return 0, l.errEOF()
		}
		b := data[l.i]
		l.i++
		if b == '/' {
			if l.i >= len(data) {
				return 0, l.errEOF()
			}
			l.i++
			if data[l.i-1] != '>' {
				return 0, l.fail("expected /> in element")
			}
			l.needClose, l.closeStart, l.closeEnd = true, start, end
			break
		}
		if b == '>' {
			break
		}
		l.i--
		ns, ne, ok, err := l.nsname()
		if !ok {
			if err == nil {
				err = l.fail("expected attribute name in element")
			}
			return 0, err
		}
		l.space()
		if l.i >= len(data) {
			return 0, l.errEOF()
		}
		l.i++
		if data[l.i-1] != '=' {
			return 0, l.fail("attribute name without = in element")
		}
		l.space()
		if l.i >= len(data) {
			return 0, l.errEOF()
		}
		q := data[l.i]
		l.i++
		if q != '"' && q != '\'' {
			return 0, l.fail("unquoted or missing attribute value in element")
		}
		a := lexAttr{nameStart: ns, nameEnd: ne, valStart: l.i, valFrom: len(l.vals)}
		v, copied, err := l.charData(int(q), false)
		if err != nil {
			return 0, err
		}
		if a.inVals = copied; copied {
			a.valTo = a.valFrom + len(v)
		} else {
			a.valFrom, a.valTo = a.valStart, a.valStart+len(v)
		}
		if len(l.attrs) == l.maxAttrs {
			return 0, errTooManyAttrs
		}
		l.attrs = append(l.attrs, a)
	}
	return tokStart, nil
}

// attrVal returns the decoded value of attribute k of the last start tag.
func (l *lexer) attrVal(k int) []byte {
	a := &l.attrs[k]
	if a.inVals {
		return l.vals[a.valFrom:a.valTo]
	}
	return l.data[a.valFrom:a.valTo]
}

// Byte classes for the character data loop: a byte that is nothing but
// itself (plain) is copied as it is; the others need a look.
const (
	plainText  = 1 << iota // in text
	plainQuote             // in a quoted attribute value
	plainCDATA             // in a CDATA section
)

var plain [256]uint8

func init() {
	for c := range 256 {
		b := byte(c)
		ok := b >= 0x20 && b < utf8.RuneSelf || b == '\t' || b == '\n'
		if !ok || b == ']' || b == '>' {
			continue // ']' and '>' for "]]>"
		}
		plain[c] |= plainCDATA
		if b == '<' || b == '&' {
			continue
		}
		plain[c] |= plainText
		if b != '"' && b != '\'' {
			plain[c] |= plainQuote
		}
	}
}

// charData reads character data as encoding/xml's text does: up to a '<'
// (left unread), to the closing quote quote of an attribute value when
// quote is not negative (read), or to the "]]>" of a CDATA section when
// cdata is set (read). References are decoded, CR LF and a lone CR become
// LF, and the result is checked for invalid UTF-8 and characters XML does
// not allow. The result is a slice of the document when nothing needed
// decoding; otherwise (copied) it is in the lexer's buf, or, for an
// attribute value, appended to its vals.
func (l *lexer) charData(quote int, cdata bool) (text []byte, copied bool, err *lexErr) {
	data := l.data
	class := uint8(plainText)
	switch {
	case cdata:
		class = plainCDATA
	case quote >= 0:
		class = plainQuote
	}
	start := l.i
	// Most text is plain bytes ended by what ends it: a '<' for text, the
	// quote for a value. Nothing to decode or check.
	if !cdata {
		j := start
		for j < len(data) && plain[data[j]]&class != 0 {
			j++
		}
		if j < len(data) {
			if quote >= 0 && int(data[j]) == quote {
				l.i = j + 1
				return data[start:j], false, nil
			}
			if quote < 0 && data[j] == '<' {
				l.i = j
				return data[start:j], false, nil
			}
		}
	}
	// out holds the decoded text once something needed decoding (copied);
	// until then the text is data[start:l.i]. from is the first byte not
	// yet copied into out.
	var out []byte
	if quote >= 0 {
		out = l.vals
	} else {
		out = l.buf[:0]
	}
	outStart := len(out)
	from := start
	var b0, b1 byte
	check := false // a byte or reference that may be invalid UTF-8 or an illegal character
	end := -1      // end of the text in data when not copied
	trunc := 0
	for {
		// Plain bytes first, many at a time.
		if s := l.i; s < len(data) && plain[data[s]]&class != 0 {
			for l.i < len(data) && plain[data[l.i]]&class != 0 {
				l.i++
			}
			if n := l.i - s; n >= 2 {
				b0, b1 = data[l.i-2], data[l.i-1]
			} else {
				b0, b1 = b1, data[l.i-1]
			}
		}
		if l.i >= len(data) {
			if cdata {
				return nil, false, l.fail("unexpected EOF in CDATA section")
			}
			end = len(data)
			break
		}
		b := data[l.i]
		l.i++
		if quote < 0 && b0 == ']' && b1 == ']' && b == '>' {
			if cdata {
				trunc = 2
				end = l.i - 1
				break
			}
			return nil, false, l.fail("unescaped ]]> not in CDATA section")
		}
		if b == '<' && !cdata {
			if quote >= 0 {
				return nil, false, l.fail("unescaped < inside quoted string")
			}
			l.i--
			end = l.i
			break
		}
		if quote >= 0 && int(b) == quote {
			end = l.i - 1
			break
		}
		if b == '&' && !cdata {
			amp := l.i - 1
			rep, err := l.reference()
			if err != nil {
				return nil, false, err
			}
			out = append(out, data[from:amp]...)
			out = append(out, rep...)
			copied, check = true, true
			from = l.i
			b0, b1 = 0, 0
			continue
		}
		switch {
		case b == '\r':
			// CR LF and a lone CR are read as LF.
			out = append(out, data[from:l.i-1]...)
			out = append(out, '\n')
			copied = true
			if l.i < len(data) && data[l.i] == '\n' {
				l.i++
				b = '\n'
				b1 = '\r'
			}
			from = l.i
		case b >= utf8.RuneSelf || b < 0x20:
			check = true
		}
		b0, b1 = b1, b
	}
	if copied {
		out = append(out, data[from:end]...)
		text = out[outStart : len(out)-trunc]
	} else {
		text = data[start : end-trunc]
	}
	if quote >= 0 {
		l.vals = out
	} else {
		l.buf = out
	}
	if check {
		if msg := checkChars(text); msg != "" {
			return nil, false, l.fail(msg)
		}
	}
	return text, copied, nil
}

// reference reads a reference after its '&' as encoding/xml does, and
// returns what it stands for. Only the five predefined entities and
// character references are known.
func (l *lexer) reference() ([]byte, *lexErr) {
	data := l.data
	amp := l.i - 1
	if l.i >= len(data) {
		return nil, l.errEOF()
	}
	b := data[l.i]
	l.i++
	var rep []byte
	if b == '#' {
		if l.i >= len(data) {
			return nil, l.errEOF()
		}
		b = data[l.i]
		l.i++
		base := 10
		if b == 'x' {
			base = 16
			if l.i >= len(data) {
				return nil, l.errEOF()
			}
			b = data[l.i]
			l.i++
		}
		digits := l.i - 1
		for '0' <= b && b <= '9' || base == 16 && ('a' <= b && b <= 'f' || 'A' <= b && b <= 'F') {
			if l.i >= len(data) {
				return nil, l.errEOF()
			}
			b = data[l.i]
			l.i++
		}
		if b != ';' {
			l.i--
		} else if n, err := strconv.ParseUint(string(data[digits:l.i-1]), base, 64); err == nil && n <= unicode.MaxRune {
			rep = utf8.AppendRune(nil, rune(n))
		}
	} else {
		l.i--
		start, _, _, err := l.readName()
		if err != nil {
			return nil, err
		}
		end := l.i
		if l.i >= len(data) {
			return nil, l.errEOF()
		}
		b = data[l.i]
		l.i++
		if b != ';' {
			l.i--
		} else if name := data[start:end]; isName(name) {
			rep = entityBytes(name)
		}
	}
	if rep != nil {
		return rep, nil
	}
	ent := string(data[amp:l.i])
	if !strings.HasSuffix(ent, ";") {
		ent += " (no semicolon)"
	}
	return nil, l.fail("invalid character entity " + ent)
}

var (
	entLt   = []byte("<")
	entGt   = []byte(">")
	entAmp  = []byte("&")
	entApos = []byte("'")
	entQuot = []byte(`"`)
)

// entityBytes returns the text of a predefined entity, nil for another
// name.
func entityBytes(name []byte) []byte {
	switch string(name) {
	case "lt":
		return entLt
	case "gt":
		return entGt
	case "amp":
		return entAmp
	case "apos":
		return entApos
	case "quot":
		return entQuot
	}
	return nil
}

// checkChars returns encoding/xml's message for the first rune of b that
// is not valid UTF-8 or not a character XML allows, "" when there is none.
func checkChars(b []byte) string {
	for len(b) > 0 {
		c := b[0]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return fmt.Sprintf("illegal character code %U", rune(c))
			}
			b = b[1:]
			continue
		}
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			return "invalid UTF-8"
		}
		b = b[size:]
		if !inCharacterRange(r) {
			return fmt.Sprintf("illegal character code %U", r)
		}
	}
	return ""
}

// inCharacterRange reports whether r is a character XML allows (the Char
// production).
func inCharacterRange(r rune) bool {
	return r == 0x09 ||
		r == 0x0A ||
		r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
