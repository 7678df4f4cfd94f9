// Package secret knows where the secrets are in the text aovpnlint reads,
// so that no message, report or extracted document ever shows one.
//
// A secret is the content of an element whose local name is one of
// [Names] (L2tpPsk, Password, RADIUS shared secrets, OpenVPN keys),
// compared without regard to case, and the body of a PEM private key
// block. [Find] locates them with a lenient scan that needs no well-formed
// XML: it sees tags written plainly (<L2tpPsk>), escaped as XML or HTML
// text (&lt;L2tpPsk&gt;, as character references such as &#60;, &#060;
// or &#x003C;, escaped again as &amp;lt; or &#38;#60;) and escaped in
// JSON (\u003cL2tpPsk\u003e, \u0026lt;), since a profile is often quoted
// inside another document; each character of a tag, letters of the name
// included, may be written in any of these ways. A secret runs from its
// start tag to the matching end tag written the same way (same name, and
// its '<' escaped as the start tag's is), or, when there is none, to the
// end of the text. The scan is linear in the text and allocates only the
// spans it returns.
//
// [Find] is the one place that decides what is secret: quoting functions
// (srctext's Quote) refuse to show text that overlaps a span, and extract
// redacts spans with [Redact]. A text that may be written in a way the
// scan does not read (a document that is not well-formed) is checked with
// [Spans.Named] before it is shown: a name of [Names] anywhere outside the
// secrets found means one was missed.
package secret

import (
	"bytes"
	"sort"
	"strings"
	"unicode/utf8"
)

// Names are the local names of the elements whose content is a secret:
// the ProfileXML pre-shared key and APN password, the RADIUS shared
// secrets of an NPS export, and the OpenVPN inline blocks that hold keys
// or credentials. Add the names of new formats here.
var Names = []string{
	"L2tpPsk", "Password", // VPNv2 ProfileXML (NativeProfile, APNBinding)
	"Shared_Secret", "Authentication_Secret", "Accounting_Secret", // NPS export
	"key", "secret", "pkcs12", "tls-auth", "tls-crypt", "tls-crypt-v2", // OpenVPN inline keys
	"auth-user-pass", "http-proxy-user-pass", "auth-gen-token-secret", // OpenVPN inline credentials
}

// pemKey is the Name of a span that is the body of a PEM private key.
const pemKey = "PRIVATE KEY"

// Span is a secret in a text: Start and End are the offsets of its
// content (after the start tag's '>', or after the PEM BEGIN line; up to
// the end tag's first byte, or the end of the text).
type Span struct {
	Start, End int
	// Name is the secret's element name as listed in [Names] ("L2tpPsk"
	// for <l2tppsk>), or "PRIVATE KEY" for a PEM block.
	Name string
	// Closed reports whether the span ends at a matching end tag (or PEM
	// END line). A span that is not closed runs to the end of the text,
	// and what follows the secret cannot be told from it.
	Closed bool
	// Open and Close are the offsets of the start tag's '<' (or of the
	// PEM BEGIN line) and of the end of the end tag's name (or of the PEM
	// END marker; the end of the text when the span is not closed): the
	// secret with the tags that name it.
	Open, Close int
}

// Withheld is the wording a message uses in place of text that overlaps
// the span: "text inside <L2tpPsk> not shown, it is a secret".
func (s Span) Withheld() string {
	if s.Name == pemKey {
		return "text inside a PEM private key not shown, it is a secret"
	}
	return "text inside <" + s.Name + "> not shown, it is a secret"
}

// IsName reports whether an element called name (a qualified name as
// written: a prefix before ':' is ignored) holds a secret.
func IsName(name string) bool {
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	for _, n := range Names {
		if len(n) == len(name) && strings.EqualFold(name, n) {
			return true
		}
	}
	return false
}

// secretName returns the entry of Names that the local part of name
// matches, ignoring case, or "".
func secretName(name []byte) string {
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	for _, n := range Names {
		if len(n) == len(name) && bytes.EqualFold(name, []byte(n)) {
			return n
		}
	}
	return ""
}

// Spans are the secrets of a text, in text order and not overlapping.
type Spans []Span

// Overlap returns the first span whose content overlaps the text between
// start and end, and whether there is one. An empty range (start == end)
// overlaps a span whose content holds the byte at start; an empty secret
// (<L2tpPsk></L2tpPsk>) overlaps nothing.
func (ss Spans) Overlap(start, end int) (Span, bool) {
	if end < start {
		start, end = end, start
	}
	if end == start {
		end = start + 1
	}
	for i := sort.Search(len(ss), func(i int) bool { return ss[i].End > start }); i < len(ss) && ss[i].Start < end; i++ {
		if ss[i].Start < ss[i].End {
			return ss[i], true
		}
	}
	return Span{}, false
}

// Find returns the secrets of text. It never fails: tags that are broken
// or never closed make longer spans, never shorter ones.
func Find(text []byte) Spans {
	out, _ := Scan(nil, text, 0, len(text))
	return out
}

// Scan is Find done in steps, for callers that need only the secrets near
// the start of a long text: it scans text from offset from, where an
// earlier Scan stopped (0 at first), and stops before the first offset at
// or past limit where a secret could open. It returns out with the spans
// found appended, and the offset to go on from. Scans from 0 that go on
// from each other find what Find finds, in order; the spans found when a
// scan stops at next are every span of Find whose start tag opens before
// next, so that no span left to find overlaps text before next.
func Scan(out Spans, text []byte, from, limit int) (Spans, int) {
	i := from
	for i < len(text) && i < limit {
		c := text[i]
		if c == '-' {
			if s, next, ok := pemBlock(text, i); ok {
				out = append(out, s)
				i = next
				continue
			}
			i++
			continue
		}
		if c != '<' && c != '&' && c != '\\' {
			i++
			continue
		}
		u := unit{r: '<', n: 1}
		if c != '<' {
			if u = readEscape(text, i); u.r != '<' {
				i += u.n // an escape holds no '<' of its own
				continue
			}
		}
		nameStart := i + u.n
		if nameStart < len(text) && read(text, nameStart).r == '/' {
			i = nameStart // an end tag: not the start of a secret
			continue
		}
		nameEnd, canonical := readName(text, nameStart)
		if canonical == "" {
			i = nameEnd
			continue
		}
		s, next, ok := element(text, u.f, i, nameStart, nameEnd, canonical)
		if !ok {
			i = next // an empty element <L2tpPsk/>
			continue
		}
		out = append(out, s)
		i = next
	}
	return out, i
}

// A character reaches a parser written plainly or escaped for the
// document it is quoted in, and perhaps escaped again for a wrapper of
// that document. The scan reads it as a unit: its value, the bytes it
// takes, and how it is written.

// form is how a character is written: plainly; as an XML entity or
// character reference escaped depth times more (&lt; and &#060; are depth
// 0, &amp;lt; and &#38;#x3c; depth 1); or as a JSON \u escape, depth
// counting the XML escapes the character it stands for starts
// (\u0026lt; is depth 1).
type form struct {
	kind  byte // 0 plain, '&' XML entity or reference, 'u' JSON escape
	depth int
}

// unit is one character as written at some offset of a text.
type unit struct {
	r rune
	n int // bytes it takes, at least 1
	f form
	// loose marks an escape no XML or JSON decoder reads (an entity name
	// in upper case, &#X3C;): it may start a secret, never end one.
	loose bool
}

// read reads the character written at text[i]: an XML entity (&lt; &gt;
// &amp; &quot; &apos;, in any case) or character reference (decimal or
// hexadecimal, any number of leading zeros, hexadecimal digits in any
// case), a JSON \u escape or \/, each escaped any number of times again
// as XML, or else the byte itself.
func read(text []byte, i int) unit {
	if c := text[i]; c != '&' && c != '\\' {
		return unit{r: rune(c), n: 1}
	}
	return readEscape(text, i)
}

// readEscape is read for a '&' or '\\'.
func readEscape(text []byte, i int) unit {
	u := unit{r: rune(text[i]), n: 1}
	switch text[i] {
	case '&':
		r, n, loose := reference(text, i+1)
		if n == 0 {
			return u
		}
		u = unit{r: r, n: 1 + n, f: form{kind: '&'}, loose: loose}
	case '\\':
		if i+1 >= len(text) {
			return u
		}
		if text[i+1] == '/' {
			return unit{r: '/', n: 2, f: form{kind: 'u'}}
		}
		if text[i+1] != 'u' || i+6 > len(text) {
			return u
		}
		v, ok := hexValue(text[i+2 : i+6])
		if !ok {
			return u
		}
		u = unit{r: v, n: 6, f: form{kind: 'u'}}
	default:
		return u
	}
	// An escaped '&' followed by the rest of a reference is that
	// reference escaped once more.
	for u.r == '&' {
		r, n, loose := reference(text, i+u.n)
		if n == 0 {
			break
		}
		u.r, u.n, u.f.depth, u.loose = r, u.n+n, u.f.depth+1, u.loose || loose
	}
	return u
}

// reference reads the part of an XML reference after its '&' at
// text[j:], up to and including the ';', and returns the character it
// stands for and its length, or a length of 0.
func reference(text []byte, j int) (r rune, n int, loose bool) {
	if j >= len(text) {
		return 0, 0, false
	}
	if text[j] != '#' {
		for _, e := range entities {
			if hasFold(text[j:], e.name) {
				return e.r, len(e.name), !bytes.HasPrefix(text[j:], []byte(e.name))
			}
		}
		return 0, 0, false
	}
	k, base := j+1, rune(10)
	if k < len(text) && (text[k] == 'x' || text[k] == 'X') {
		loose = text[k] == 'X'
		k, base = k+1, 16
	}
	digits := k
	for ; k < len(text); k++ {
		d, ok := digit(text[k], base)
		if !ok {
			break
		}
		if r <= utf8.MaxRune {
			r = r*base + d // past MaxRune it stays past it, without overflow
		}
	}
	if k == digits || k >= len(text) || text[k] != ';' || r > utf8.MaxRune {
		return 0, 0, false
	}
	return r, k + 1 - j, loose
}

// entities are the predefined XML entities.
var entities = []struct {
	name string
	r    rune
}{{"lt;", '<'}, {"gt;", '>'}, {"amp;", '&'}, {"quot;", '"'}, {"apos;", '\''}}

// digit returns the value of c as a digit of base 10 or 16.
func digit(c byte, base rune) (rune, bool) {
	switch {
	case c >= '0' && c <= '9':
		return rune(c - '0'), true
	case base == 16 && c >= 'a' && c <= 'f':
		return rune(c-'a') + 10, true
	case base == 16 && c >= 'A' && c <= 'F':
		return rune(c-'A') + 10, true
	}
	return 0, false
}

// hexValue reads the four hexadecimal digits of a JSON \u escape.
func hexValue(b []byte) (rune, bool) {
	var r rune
	for _, c := range b {
		d, ok := digit(c, 16)
		if !ok {
			return 0, false
		}
		r = r*16 + d
	}
	return r, true
}

// hasFold reports whether b starts with the ASCII string s, ignoring case.
func hasFold(b []byte, s string) bool {
	return len(b) >= len(s) && bytes.EqualFold(b[:len(s)], []byte(s))
}

// isNameRune reports whether r may be part of an XML name as the scan
// reads names: letters, digits, '-', '_', '.', ':' and every character
// beyond ASCII (each byte of one written plainly).
func isNameRune(r rune) bool {
	return r == '-' || r == '_' || r == '.' || r == ':' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= 0x80
}

// maxName is the length of the longest entry of Names.
var maxName = func() int {
	n := 0
	for _, name := range Names {
		n = max(n, len(name))
	}
	return n
}()

// readName reads the name starting at i, its characters plain or escaped,
// and returns its end and the entry of Names its local part (after the
// last ':') matches, ignoring case, or "".
func readName(text []byte, i int) (end int, canonical string) {
	var local [32]byte
	n, tooLong := 0, false
	for i < len(text) {
		r, size := rune(text[i]), 1
		if r == '&' || r == '\\' {
			u := readEscape(text, i)
			r, size = u.r, u.n
		}
		if !isNameRune(r) {
			break
		}
		switch {
		case r == ':':
			n, tooLong = 0, false
		case n < maxName && r < 0x80:
			local[n] = byte(r)
			n++
		default:
			tooLong = true
		}
		i += size
	}
	if tooLong {
		return i, ""
	}
	return i, secretName(local[:n])
}

// element finds the secret of the start tag that begins at open, whose
// '<' is written in form f and whose name lies between nameStart and
// nameEnd. It returns false for an empty element, with the offset after
// it.
func element(text []byte, f form, open, nameStart, nameEnd int, canonical string) (Span, int, bool) {
	// The start tag ends at the first '>' outside a quoted attribute
	// value, however it is written (escaped text often leaves '>' as it
	// is), unless a '<' written as the tag's comes first: then the tag is
	// broken and the secret starts right after the name.
	start, tagClosed := nameEnd, false
	var quote unit // the quote of the attribute value being read
	var last rune
tag:
	for j := nameEnd; j < len(text); {
		u := read(text, j)
		switch {
		case u.r == '<' && u.f == f:
			break tag
		case quote.n > 0:
			if u.r == quote.r && u.f == quote.f {
				quote = unit{}
			}
		case u.r == '"' || u.r == '\'':
			quote = u
		case u.r == '>':
			if last == '/' {
				return Span{}, j + u.n, false
			}
			start, tagClosed = j+u.n, true
			break tag
		}
		last = u.r
		j += u.n
	}
	// The secret ends at the end tag of the same name written the same way
	// (and only in escapes a decoder reads); start tags of the same name in
	// between nest, however loosely written.
	depth := 0
	for j := start; j < len(text); {
		if c := text[j]; c != '<' && c != '&' && c != '\\' {
			j++
			continue
		}
		u := read(text, j)
		if u.r != '<' || u.f != f {
			j += u.n
			continue
		}
		k := j + u.n
		exact := !u.loose
		closing := false
		if k < len(text) {
			if s := read(text, k); s.r == '/' {
				closing, exact = true, exact && inTag(s, f)
				k += s.n
			}
		}
		end, same, strict := sameName(text, nameStart, nameEnd, k, f)
		if !same {
			j += u.n
			continue
		}
		if !closing {
			depth++
			j = end
			continue
		}
		if !exact || !strict {
			j = end // not an end tag a decoder reads
			continue
		}
		if depth > 0 {
			depth--
			j = end
			continue
		}
		return Span{Start: start, End: j, Name: canonical, Closed: tagClosed, Open: open, Close: end}, end, true
	}
	return Span{Start: start, End: len(text), Name: canonical, Open: open, Close: len(text)}, len(text), true
}

// inTag reports whether u may be part of a tag whose '<' is written in
// form f, for a decoder: a plain character, or one escaped the same way
// and no more deeply, so that it is decoded no later than the '<'.
func inTag(u unit, f form) bool {
	return !u.loose && (u.f == form{} || u.f.kind == f.kind && u.f.depth <= f.depth)
}

// sameName reports whether the name at k is the name between nameStart
// and nameEnd, character for character, and returns its end. strict is
// false when one of its characters is one no decoder puts in a tag whose
// '<' is written in form f.
func sameName(text []byte, nameStart, nameEnd, k int, f form) (end int, same, strict bool) {
	strict = true
	for a := nameStart; a < nameEnd; {
		if k >= len(text) {
			return k, false, false
		}
		ua, ub := read(text, a), read(text, k)
		if ua.r != ub.r {
			return k, false, false
		}
		strict = strict && inTag(ub, f)
		a, k = a+ua.n, k+ub.n
	}
	if k < len(text) && isNameRune(read(text, k).r) {
		return k, false, false
	}
	return k, true, strict
}

// pemBlock recognises a PEM BEGIN line of a private key (PRIVATE KEY in any
// form, OpenVPN static keys) at i; its span is the body up to the END line.
func pemBlock(text []byte, i int) (Span, int, bool) {
	const begin = "-----BEGIN "
	if !bytes.HasPrefix(text[i:], []byte(begin)) {
		return Span{}, 0, false
	}
	j := i + len(begin)
	labelEnd := bytes.Index(text[j:min(len(text), j+80)], []byte("-----"))
	if labelEnd < 0 {
		return Span{}, 0, false
	}
	label := strings.ToUpper(string(text[j : j+labelEnd]))
	if !strings.Contains(label, "PRIVATE KEY") && !strings.Contains(label, "STATIC KEY") {
		return Span{}, 0, false
	}
	start := j + labelEnd + 5
	if k := bytes.Index(text[start:], []byte("-----END ")); k >= 0 {
		end := start + k + 9
		// The END line names the key too: the span's tags end after it.
		closeAt := end
		if m := bytes.Index(text[end:min(len(text), end+80)], []byte("-----")); m >= 0 {
			closeAt = end + m + 5
		}
		return Span{Start: start, End: start + k, Name: pemKey, Closed: true, Open: i, Close: closeAt}, end, true
	}
	return Span{Start: start, End: len(text), Name: pemKey, Open: i, Close: len(text)}, len(text), true
}

// Marker replaces the content of a secret in extracted documents.
const Marker = "(redacted by aovpnlint)"

// Redact returns text with the content of every secret replaced by
// [Marker]. It returns false, and no text, when a secret is not closed:
// what follows it cannot be told from it, so nothing can be shown with
// certainty.
func Redact(text []byte) ([]byte, bool) {
	spans := Find(text)
	if len(spans) == 0 {
		return text, true
	}
	var b bytes.Buffer
	b.Grow(len(text))
	prev := 0
	for _, s := range spans {
		if !s.Closed {
			return nil, false
		}
		b.Write(text[prev:s.Start])
		b.WriteString(Marker)
		prev = s.End
	}
	b.Write(text[prev:])
	return b.Bytes(), true
}

// Named returns the first offset of text, outside the secrets ss that
// [Find] found in it and the tags that name them, where an entry of
// [Names] is written, ignoring case, within a word or not and with any of
// its characters escaped as Find reads escapes, and that entry. A text
// where Find delimited every secret has none. When a text that is not
// well-formed has one, a secret may be written there in a way Find does
// not read (a '<' escaped as no decoder of aovpnlint's escapes it), so the
// text cannot be shown with certainty. The search is linear in the text.
func (ss Spans) Named(text []byte) (at int, name string, ok bool) {
	// The last characters read, lower case, and the offset each starts at,
	// in a ring as long as the longest name.
	var ring [32]struct {
		c   byte
		off int
	}
	n := 0 // characters read
	for i := 0; i < len(text); {
		u := read(text, i)
		c := byte(0)
		if u.r < 0x80 {
			c = lower(byte(u.r))
		}
		ring[n%len(ring)].c, ring[n%len(ring)].off = c, i
		n++
		i += u.n
		for _, name := range lastChar[c] {
			if n < len(name) {
				continue
			}
			match := true
			for k := 1; k < len(name) && match; k++ {
				match = ring[(n-1-k)%len(ring)].c == lower(name[len(name)-1-k])
			}
			if !match {
				continue
			}
			start := ring[(n-len(name))%len(ring)].off
			if k := sort.Search(len(ss), func(k int) bool { return ss[k].Close > start }); k == len(ss) || start < ss[k].Open {
				return start, name, true
			}
		}
	}
	return 0, "", false
}

// lastChar lists the entries of Names by their last character, in lower
// case.
var lastChar = func() (m [256][]string) {
	for _, name := range Names {
		c := lower(name[len(name)-1])
		m[c] = append(m[c], name)
	}
	return m
}()

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
