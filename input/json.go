package input

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
)

// jsonValue is a JSON value with its position. Strings are decoded lazily
// by [jsonValue.text], which maps every decoded byte back to the file.
type jsonValue struct {
	kind       byte // 'o' object, 'a' array, 's' string, 'n' number, 't' true, 'f' false, 'z' null
	start, end int  // offsets in the text: the whole token
	backslash  int  // a string's backslashes, counted by skipString
	runs       int  // at most the runs of a string's decoded map (see jsonParser.runs)
	keys       []string
	vals       []*jsonValue // object members in order, or array elements
}

// field returns the member of an object called key, or nil.
func (v *jsonValue) field(key string) *jsonValue {
	if v == nil || v.kind != 'o' {
		return nil
	}
	for i, k := range v.keys {
		if k == key {
			return v.vals[i]
		}
	}
	return nil
}

// jsonError is a syntax or limit error at an offset.
type jsonError struct {
	off   int
	msg   string
	limit bool
}

type jsonParser struct {
	t        *srctext.Text
	data     []byte
	i        int
	depth    int
	maxDepth int
	count    int
	maxCount int
	// runs is at least the number of runs the map of the last string
	// skipString passed over will need once decoded (see escapeRuns).
	runs int
}

// parseJSON parses the text t strictly (RFC 8259), refusing nesting
// deeper than maxDepth and more than maxCount values. It returns the value
// and the number of values read.
func parseJSON(t *srctext.Text, maxDepth, maxCount int) (*jsonValue, int, *jsonError) {
	p := &jsonParser{t: t, data: t.Data, maxDepth: maxDepth, maxCount: maxCount}
	p.space()
	v, err := p.value()
	if err != nil {
		return nil, p.count, err
	}
	p.space()
	if p.i < len(p.data) {
		return nil, p.count, &jsonError{off: p.i, msg: "unexpected content after the JSON value"}
	}
	return v, p.count, nil
}

// char shows the byte at offset i for a message, through srctext's Quote:
// 'x', or a neutral wording inside a secret.
func (p *jsonParser) char(i int) string {
	if s, ok := p.t.Secret(i, i+1); ok {
		return "(" + s.Withheld() + ")"
	}
	return "'" + p.t.Quote(i, i+1) + "'"
}

func (p *jsonParser) space() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) fail(format string, args ...any) *jsonError {
	return &jsonError{off: p.i, msg: fmt.Sprintf(format, args...)}
}

func (p *jsonParser) value() (*jsonValue, *jsonError) {
	p.count++
	if p.count > p.maxCount {
		return nil, &jsonError{off: p.i, msg: fmt.Sprintf("the JSON holds more than the limit of %d values", p.maxCount), limit: true}
	}
	if p.i >= len(p.data) {
		return nil, p.fail("unexpected end of JSON")
	}
	start := p.i
	switch c := p.data[p.i]; c {
	case '{', '[':
		p.depth++
		if p.depth > p.maxDepth {
			return nil, &jsonError{off: p.i, msg: fmt.Sprintf("JSON nesting is deeper than the limit of %d levels", p.maxDepth), limit: true}
		}
		v, err := p.container(c)
		p.depth--
		return v, err
	case '"':
		backslash, err := p.skipString()
		if err != nil {
			return nil, err
		}
		return &jsonValue{kind: 's', start: start, end: p.i, backslash: backslash, runs: p.runs}, nil
	case 't', 'f', 'n':
		for _, lit := range []string{"true", "false", "null"} {
			if len(p.data)-p.i >= len(lit) && string(p.data[p.i:p.i+len(lit)]) == lit {
				p.i += len(lit)
				kind := lit[0]
				if kind == 'n' {
					kind = 'z'
				}
				return &jsonValue{kind: kind, start: start, end: p.i}, nil
			}
		}
		return nil, p.fail("invalid literal")
	default:
		if c == '-' || c >= '0' && c <= '9' {
			for p.i < len(p.data) && (p.data[p.i] == '-' || p.data[p.i] == '+' || p.data[p.i] == '.' || p.data[p.i] == 'e' || p.data[p.i] == 'E' || p.data[p.i] >= '0' && p.data[p.i] <= '9') {
				p.i++
			}
			if _, err := strconv.ParseFloat(string(p.data[start:p.i]), 64); err != nil {
				p.i = start
				return nil, p.fail("invalid number")
			}
			return &jsonValue{kind: 'n', start: start, end: p.i}, nil
		}
		return nil, p.fail("unexpected character %s", p.char(p.i))
	}
}

func (p *jsonParser) container(open byte) (*jsonValue, *jsonError) {
	v := &jsonValue{kind: 'o', start: p.i}
	closeByte := byte('}')
	if open == '[' {
		v.kind, closeByte = 'a', ']'
	}
	p.i++
	p.space()
	if p.i < len(p.data) && p.data[p.i] == closeByte {
		p.i++
		v.end = p.i
		return v, nil
	}
	for {
		p.space()
		if v.kind == 'o' {
			if p.i >= len(p.data) || p.data[p.i] != '"' {
				return nil, p.fail("expected a member name in double quotes")
			}
			ks := p.i
			backslash, err := p.skipString()
			if err != nil {
				return nil, err
			}
			if backslash == 0 {
				v.keys = append(v.keys, string(p.data[ks+1:p.i-1])) // nothing to decode
			} else {
				key, _ := decodeJSONString(p.data, ks, p.i)
				v.keys = append(v.keys, string(key))
			}
			p.space()
			if p.i >= len(p.data) || p.data[p.i] != ':' {
				return nil, p.fail("expected ':' after a member name")
			}
			p.i++
			p.space()
		}
		elem, err := p.value()
		if err != nil {
			return nil, err
		}
		v.vals = append(v.vals, elem)
		p.space()
		if p.i >= len(p.data) {
			return nil, p.fail("unexpected end of JSON")
		}
		switch p.data[p.i] {
		case ',':
			p.i++
		case closeByte:
			p.i++
			v.end = p.i
			return v, nil
		default:
			return nil, p.fail("expected ',' or '%c'", closeByte)
		}
	}
}

// skipString moves past a string token, checking its escapes, and returns
// how many backslashes it holds (two for the escape of a backslash); it
// sets p.runs for the string. Runs of eight bytes that need no look (no
// quote, backslash or control character) are skipped a word at a time: a
// ProfileXML value is thousands of bytes.
func (p *jsonParser) skipString() (int, *jsonError) {
	p.i++ // opening quote
	backslash := 0
	var er escapeRuns
	for p.i < len(p.data) {
		for p.i+8 <= len(p.data) && !jsonStops(binary.LittleEndian.Uint64(p.data[p.i:])) {
			p.i += 8
		}
		if p.i >= len(p.data) {
			break
		}
		switch c := p.data[p.i]; {
		case c == '"':
			p.i++
			p.runs = er.runs + 1 // the bytes after the last escape
			return backslash, nil
		case c == '\\':
			if p.i+1 >= len(p.data) {
				return 0, p.fail("unexpected end of JSON in a string")
			}
			backslash++
			switch e := p.data[p.i+1]; e {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				if e == '\\' {
					backslash++
				}
				er.escape(p.i, 2, true)
				p.i += 2
			case 'u':
				if p.i+6 > len(p.data) {
					return 0, p.fail("incomplete \\u escape")
				}
				r, ok := hex4(p.data[p.i+2 : p.i+6])
				if !ok {
					return 0, p.fail("invalid \\u escape")
				}
				er.escape(p.i, 6, r < utf8.RuneSelf)
				p.i += 6
			default:
				if sec, ok := p.t.Secret(p.i+1, p.i+2); ok {
					return 0, p.fail("invalid escape (%s)", sec.Withheld())
				}
				return 0, p.fail("invalid escape \\%s", p.t.Quote(p.i+1, p.i+2))
			}
		case c < 0x20:
			return 0, p.fail("control character in a string")
		default:
			p.i++
		}
	}
	return 0, p.fail("unterminated string")
}

// escapeRuns counts, escape by escape, the runs the map of a decoded JSON
// string will have (see jsonStringInto and srctext.Builder), without the
// run of the bytes after the last escape: for each escape a run for the
// bytes before it, unless it follows another escape, and one for it,
// unless it continues a row of escapes side by side that each decode to
// one byte, which DecodedByte maps with one run. It may count more than
// the decoder makes (a surrogate pair is counted as two escapes), never
// fewer. An escaped ProfileXML has many escapes side by side ("\u003e\n"
// at each line's end): 611 runs for 424 escapes, where two per escape
// would reserve 849.
type escapeRuns struct {
	runs int
	end  int // the end of the last escape
	// The row of one-byte escapes the last escape belongs to, as
	// DecodedByte keeps it: the first's offset, how many, and the step
	// between them (0 for a row of one); n is 0 after an escape of
	// several bytes.
	start, n, step int
}

// escape counts the escape of size bytes at offset at; one reports that
// it decodes to one byte.
func (e *escapeRuns) escape(at, size int, one bool) {
	side := at == e.end && e.end > 0
	e.end = at + size
	switch {
	case !side:
		e.runs += 2
	case one && e.n == 1 && at > e.start:
		e.n, e.step = 2, at-e.start
		return
	case one && e.n > 1 && e.step > 1 && at == e.start+e.n*e.step:
		e.n++
		return
	default:
		e.runs++
	}
	if one {
		e.start, e.n, e.step = at, 1, 0
	} else {
		e.n = 0
	}
}

// Masks for the word-at-a-time tests (see jsonStops).
const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// jsonStops reports whether one of the eight bytes of w (in any order)
// ends a stretch of a JSON string that skipString skips without a look: a
// quote, a backslash or a byte below 0x20. It is exact, not a guess: a
// word has a zero byte if and only if (w-lowBits) &^ w & highBits is not
// zero, and a byte below n <= 128 if and only if (w-n*lowBits) &^ w &
// highBits is not zero (the borrow into a byte can only come from a lower
// byte that already matched).
func jsonStops(w uint64) bool {
	quote := w ^ ('"' * lowBits)
	backslash := w ^ ('\\' * lowBits)
	return ((quote-lowBits)&^quote|(backslash-lowBits)&^backslash|(w-0x20*lowBits)&^w)&highBits != 0
}

// decodeJSONString decodes the string token data[start:end] (quotes
// included). escaped reports whether escapes changed bytes.
func decodeJSONString(data []byte, start, end int) (out []byte, escaped bool) {
	var b srctext.Builder
	escaped = jsonStringInto(&b, data, start, end)
	return b.Bytes(), escaped
}

// textCost returns at most the bytes of memory text will hold.
func (v *jsonValue) textCost(t *srctext.Text) int64 {
	return srctext.Cost(v.end-v.start, 2*v.backslash+1)
}

// text returns a string value decoded, as a text mapped to t. Its bytes
// and its map are made once each rather than grown by doubling (an
// escaped ProfileXML has a few escapes in every line): the bytes at the
// token's size, the map at the runs skipString counted, within what
// textCost allows for (each escape starts at most two runs).
func (v *jsonValue) text(t *srctext.Text) (*srctext.Text, bool) {
	var b srctext.Builder
	b.Grow(v.end - v.start)
	b.GrowRuns(v.runs)
	escaped := jsonStringInto(&b, t.Data, v.start, v.end)
	return b.Text(t), escaped
}

func jsonStringInto(b *srctext.Builder, data []byte, start, end int) bool {
	escaped := false
	plain := start + 1
	i := plain
	for i < end-1 {
		k := bytes.IndexByte(data[i:end-1], '\\')
		if k < 0 {
			break
		}
		i += k
		b.Copy(data[plain:i], plain)
		escaped = true
		switch e := data[i+1]; e {
		case 'u':
			r1, _ := hex4(data[i+2 : i+6])
			if r1 < utf8.RuneSelf {
				// An ASCII character (json.Marshal writes <, > and & so):
				// one byte, never half of a surrogate pair.
				b.DecodedByte(byte(r1), i)
				i += 6
				break
			}
			r := rune(r1)
			n := 6
			if utf16.IsSurrogate(r) && i+12 <= end-1 && data[i+6] == '\\' && data[i+7] == 'u' {
				if r2, ok := hex4(data[i+8 : i+12]); ok {
					if d := utf16.DecodeRune(r, rune(r2)); d != utf8.RuneError {
						r, n = d, 12
					}
				}
			}
			var enc [utf8.UTFMax]byte
			b.Decoded(utf8.AppendRune(enc[:0], r), i)
			i += n
		default:
			b.DecodedByte(jsonEscape(e), i)
			i += 2
		}
		plain = i
	}
	b.Copy(data[plain:end-1], plain)
	return escaped
}

// hex4 reads the four hexadecimal digits of a \\u escape, as
// strconv.ParseUint(string(h), 16, 16) reads them (0 and false for
// anything else), without converting h to a string.
func hex4(h []byte) (uint64, bool) {
	if len(h) != 4 {
		return 0, false
	}
	var v uint64
	for _, c := range h {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		v = v<<4 | uint64(c)
	}
	return v, true
}

// jsonEscape returns the byte a one-letter JSON escape stands for.
func jsonEscape(e byte) byte {
	switch e {
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	}
	return e // '"', '\\' and '/'
}
