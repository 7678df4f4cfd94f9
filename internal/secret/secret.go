// Package secret knows where the secrets are in the text aovpnlint reads,
// so that no message, report or extracted document ever shows one.
//
// A secret is the content of an element whose local name is one of
// [Names] (L2tpPsk, Password, RADIUS shared secrets, OpenVPN keys),
// compared without regard to case, and the body of a PEM private key
// block. [Find] locates them with a lenient scan that needs no well-formed
// XML: it sees tags written plainly (<L2tpPsk>), escaped as XML or HTML
// text (&lt;L2tpPsk&gt;, escaped again as &amp;lt;, or as &#60;) and
// escaped in JSON (\u003cL2tpPsk\u003e), since a profile is often quoted
// inside another document. A secret runs from its start tag to the
// matching end tag written the same way (same name, and its '<' escaped as
// the start tag's is), or, when there is none, to the end of the text. The
// scan is linear in the text and allocates only the spans it returns.
//
// [Find] is the one place that decides what is secret: quoting functions
// (srctext's Quote) refuse to show text that overlaps a span, and extract
// redacts spans with [Redact].
package secret

import (
	"bytes"
	"sort"
	"strings"
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
func IsName(name string) bool { return secretName([]byte(name)) != "" }

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
	var out Spans
	for i := 0; i < len(text); {
		c := text[i]
		if c != '<' && c != '&' && c != '\\' && c != '-' {
			i++
			continue
		}
		if c == '-' {
			if s, next, ok := pemBlock(text, i); ok {
				out = append(out, s)
				i = next
				continue
			}
			i++
			continue
		}
		f, n := openAngle(text, i)
		if n == 0 {
			i++
			continue
		}
		nameStart := i + n
		if nameStart < len(text) && (text[nameStart] == '/' || text[nameStart] == '\\') {
			i = nameStart // an end tag: not the start of a secret
			continue
		}
		nameEnd := scanName(text, nameStart)
		canonical := secretName(text[nameStart:nameEnd])
		if canonical == "" || nameEnd == nameStart {
			i = max(nameEnd, i+1)
			continue
		}
		s, next, ok := element(text, f, nameStart, nameEnd, canonical)
		if !ok {
			i = next // an empty element <L2tpPsk/>
			continue
		}
		out = append(out, s)
		i = next
	}
	return out
}

// form is how a '<' or '>' is written: plainly, as an entity or character
// reference escaped depth times (&lt; is depth 0, &amp;lt; depth 1), or as
// a JSON \u escape.
type form struct {
	kind  byte // 0 plain, '&' entity or reference, 'u' JSON escape
	depth int
}

// openAngle reports whether a '<' in some form starts at i, and its length.
func openAngle(text []byte, i int) (form, int) {
	return angle(text, i, '<', "lt;", "#60;", "#x3c;", "\\u003c")
}

// closeAngle is openAngle for '>'.
func closeAngle(text []byte, i int) (form, int) {
	return angle(text, i, '>', "gt;", "#62;", "#x3e;", "\\u003e")
}

func angle(text []byte, i int, plain byte, entity, dec, hex, json string) (form, int) {
	switch text[i] {
	case plain:
		return form{}, 1
	case '&':
		j, depth := i+1, 0
		for hasFold(text[j:], "amp;") {
			j += 4
			depth++
		}
		for _, e := range []string{entity, dec, hex} {
			if hasFold(text[j:], e) {
				return form{'&', depth}, j + len(e) - i
			}
		}
	case '\\':
		if hasFold(text[i:], json) {
			return form{kind: 'u'}, len(json)
		}
	}
	return form{}, 0
}

// hasFold reports whether b starts with the ASCII string s, ignoring case.
func hasFold(b []byte, s string) bool {
	return len(b) >= len(s) && bytes.EqualFold(b[:len(s)], []byte(s))
}

// scanName returns the end of the name starting at i: XML name characters
// (letters, digits, '-', '_', '.', ':' and every byte of a multi-byte
// character).
func scanName(text []byte, i int) int {
	for i < len(text) {
		c := text[i]
		if c == '-' || c == '_' || c == '.' || c == ':' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 {
			i++
			continue
		}
		break
	}
	return i
}

// element finds the secret of the start tag whose name lies between
// nameStart and nameEnd, written in form f. It returns false for an empty
// element, with the offset after it.
func element(text []byte, f form, nameStart, nameEnd int, canonical string) (Span, int, bool) {
	name := text[nameStart:nameEnd]
	// The start tag ends at the first '>', however it is written (escaped
	// text often leaves '>' as it is), unless a '<' written as the tag's
	// comes first: then the tag is broken and the secret starts right after
	// the name.
	start, tagClosed := nameEnd, false
	for j := nameEnd; j < len(text); j++ {
		if _, n := closeAngle(text, j); n > 0 {
			if text[j-1] == '/' || (j >= 2 && text[j-1] == '\\' && text[j-2] == '/') {
				return Span{}, j + n, false
			}
			start, tagClosed = j+n, true
			break
		}
		if g, n := openAngle(text, j); n > 0 && g == f {
			break
		}
	}
	// The secret ends at the end tag of the same name written the same way;
	// start tags of the same name in between nest.
	depth := 0
	for j := start; j < len(text); j++ {
		g, n := openAngle(text, j)
		if n == 0 || g != f {
			continue
		}
		k := j + n
		closing := false
		if k < len(text) && text[k] == '\\' && k+1 < len(text) && text[k+1] == '/' {
			k++
		}
		if k < len(text) && text[k] == '/' {
			closing = true
			k++
		}
		end := scanName(text, k)
		if !bytes.Equal(text[k:end], name) {
			continue
		}
		if !closing {
			depth++
			continue
		}
		if depth > 0 {
			depth--
			continue
		}
		return Span{Start: start, End: j, Name: canonical, Closed: tagClosed}, end, true
	}
	return Span{Start: start, End: len(text), Name: canonical}, len(text), true
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
		return Span{Start: start, End: start + k, Name: pemKey, Closed: true}, start + k + 9, true
	}
	return Span{Start: start, End: len(text), Name: pemKey}, len(text), true
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
