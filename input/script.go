package input

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
)

// psLiteral is a string literal found in a PowerShell script. The scanner
// records only where it is; decodeLiteral reads its content.
type psLiteral struct {
	start, end int    // the literal token, quotes included
	raw        []byte // content as written, between the quotes
	rawStart   int    // offset of raw in the text
	double     bool
	here       bool
}

// runTimeMarkers are the words that show a script builds a profile at run
// time rather than holding it as a literal: an XML writer, the EAP
// configuration read from a template connection, the WMI class profiles
// are written to, or a $ProfileXML variable assigned something other than
// a literal.
var runTimeMarkers = []string{"XmlTextWriter", "XmlWriter", "WriteStartElement", "EapConfigXmlStream", "MDM_VPNv2_01", "$ProfileXML"}

// script extracts the profiles written as literals in a PowerShell script.
func (r *reader) script(t *srctext.Text) {
	found := false
	m, hasMarker := scanPowerShell(t.Data, func(lit psLiteral) {
		if r.full {
			return
		}
		kind, ok := literalKind(lit)
		if !ok {
			return
		}
		found = true
		line, _ := t.LineCol(lit.start)
		what := "ProfileXML"
		if kind == EAP {
			what = "EapHostConfig"
		}
		at := t.Pos(lit.start)
		if vars := interpolated(t, lit); len(vars) > 0 {
			r.f.problem(NotExtractable, at,
				"the %s is a double-quoted string at line %d that interpolates %s; its value exists only when the script runs, so it cannot be checked from the file",
				what, line, strings.Join(vars, ", "))
			return
		}
		if isConcatenated(t.Data, lit) {
			r.f.problem(NotExtractable, at,
				"the %s string at line %d is joined with other values at run time (+ or -f); its value exists only when the script runs, so it cannot be checked from the file",
				what, line)
			return
		}
		if !r.decoded(literalCost(lit), at) {
			return
		}
		content, escapes := decodeLiteral(t, lit)
		if escapes {
			if lit.double {
				r.f.note("PowerShell backtick escapes decoded")
			} else {
				r.f.note("PowerShell '' escapes decoded")
			}
		}
		if trimmed := bytes.TrimLeft(content.Data, " \t\r\n"); hasPrefixFold(trimmed, "&lt;") {
			r.f.note("HTML-escaped XML unescaped")
			if !r.decoded(xmldoc.UnescapeCost(content.Data), at) {
				return
			}
			content = xmldoc.Unescape(content)
		}
		origin := "PowerShell string"
		if v := assignedVariable(t, lit.start); v != "" {
			origin = "PowerShell string assigned to " + v
		}
		r.document(content, origin, "")
	})
	if found || r.full {
		return
	}
	if hasMarker {
		line, _ := t.LineCol(m.off)
		r.f.problem(NotExtractable, t.Pos(m.off),
			"the script holds no literal ProfileXML; it builds the profile at run time (%s at line %d), so it cannot be checked from the file",
			m.word, line)
		return
	}
	r.f.unsupported(t.Pos(0), "the PowerShell script holds no ProfileXML or EapHostConfig literal")
}

// maxNamed is the most variables an IN004 message names.
const maxNamed = 5

// interpolated lists, for a message, the variables a double-quoted literal
// interpolates: each quoted through srctext's Quote (a '$' inside an
// L2tpPsk is part of a secret, and is not named), at most maxNamed of
// them, then "and other variables" when there are more.
func interpolated(t *srctext.Text, lit psLiteral) []string {
	if !lit.double {
		return nil
	}
	var names []string
	seen := map[string]bool{}
	data := t.Data
	end := lit.rawStart + len(lit.raw)
	// brace is the offset of the first '}' at or after j, or end when
	// there is none: it is searched for again only once j has passed it,
	// so each byte is looked at once however many "${" have no '}'.
	brace := lit.rawStart - 1
	for j := lit.rawStart; j < end; j++ {
		switch data[j] {
		case '`':
			j++
		case '$':
			if brace < j {
				brace = end
				if k := bytes.IndexByte(data[j:end], '}'); k >= 0 {
					brace = j + k
				}
			}
			n := interpolation(data[j:end], brace-j)
			if n == 0 {
				continue
			}
			if raw := data[j : j+n]; !seen[string(raw)] {
				if len(names) == maxNamed {
					return append(names, "and other variables")
				}
				seen[string(raw)] = true
				names = append(names, t.Quote(j, j+n))
			}
			j += n - 1
		}
	}
	return names
}

// literalKind says whether a literal holds a profile or an EAP document.
func literalKind(lit psLiteral) (DocKind, bool) {
	body := lit.raw
	switch {
	case containsFold(body, "<VPNProfile") || containsFold(body, "&lt;VPNProfile"):
		return Profile, true
	case containsFold(body, "<EapHostConfig") || containsFold(body, "&lt;EapHostConfig"):
		return EAP, true
	}
	return 0, false
}

// containsFold reports whether b contains the ASCII string s, ignoring
// case, without allocating.
func containsFold(b []byte, s string) bool {
	first := s[0] | 0x20
	for i := 0; i+len(s) <= len(b); i++ {
		if b[i]|0x20 == first && bytes.EqualFold(b[i:i+len(s)], []byte(s)) {
			return true
		}
	}
	return false
}

// isConcatenated reports whether the literal is an operand of + or -f.
func isConcatenated(data []byte, lit psLiteral) bool {
	i := lit.end
	for i < len(data) && (data[i] == ' ' || data[i] == '\t') {
		i++
	}
	if i < len(data) && data[i] == '+' {
		return true
	}
	if i+2 < len(data) && data[i] == '-' && (data[i+1] == 'f' || data[i+1] == 'F') && (data[i+2] == ' ' || data[i+2] == '\t') {
		return true
	}
	j := lit.start - 1
	for j >= 0 && (data[j] == ' ' || data[j] == '\t') {
		j--
	}
	return j >= 0 && (data[j] == '+' || (data[j] == '=' && j > 0 && data[j-1] == '+'))
}

// assignedVariable returns "$Name", quoted for a message, when the literal
// at start is the right side of "$Name =".
func assignedVariable(t *srctext.Text, start int) string {
	data := t.Data
	j := start - 1
	for j >= 0 && (data[j] == ' ' || data[j] == '\t') {
		j--
	}
	if j < 0 || data[j] != '=' {
		return ""
	}
	j--
	for j >= 0 && (data[j] == ' ' || data[j] == '\t') {
		j--
	}
	end := j + 1
	for j >= 0 && (isWordByte(data[j]) || data[j] == ':') {
		j--
	}
	if j < 0 || data[j] != '$' || j+1 == end {
		return ""
	}
	return t.Quote(j, end)
}

type marker struct {
	word string
	off  int
}

// scanPowerShell finds the string literals of a script, calling visit for
// each, and returns the first run-time marker written in its code (outside
// strings and comments).
func scanPowerShell(data []byte, visit func(psLiteral)) (first marker, found bool) {
	// lower holds the stretch of code being searched in lower case: only
	// code is searched, so the strings (the profile) are never copied.
	var lower []byte
	from := 0 // start of the current stretch of code
	endCode := func(i int) {
		if found || i <= from {
			return
		}
		lower = asciiLowerInto(lower[:0], data[from:i])
		for n, w := range lowerMarkers {
			if k := indexWord(lower, data[from:i], w); k >= 0 && (!found || from+k < first.off) {
				first, found = marker{runTimeMarkers[n], from + k}, true
			}
		}
	}
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c == '<' && i+1 < len(data) && data[i+1] == '#':
			endCode(i)
			end := bytes.Index(data[i+2:], []byte("#>"))
			if end < 0 {
				return first, found
			}
			i += 2 + end + 2
			from = i
		case c == '#' && (i == 0 || isTokenBreak(data[i-1])):
			endCode(i)
			end := bytes.IndexByte(data[i:], '\n')
			if end < 0 {
				return first, found
			}
			i += end
			from = i
		case c == '`':
			i += 2
		case c == '@' && i+1 < len(data):
			q, size := utf8.DecodeRune(data[i+1:])
			if (isSingleQuote(q) || isDoubleQuote(q)) && restOfLineBlank(data[i+1+size:]) {
				endCode(i)
				lit := hereString(data, i, isDoubleQuote(q))
				visit(lit)
				i, from = lit.end, lit.end
				continue
			}
			i++
		default:
			q, size := utf8.DecodeRune(data[i:])
			if isSingleQuote(q) || isDoubleQuote(q) {
				endCode(i)
				lit := quoted(data, i, size, isDoubleQuote(q))
				visit(lit)
				i, from = lit.end, lit.end
				continue
			}
			i += size
		}
	}
	endCode(len(data))
	return first, found
}

// quoted finds the end of a quoted string starting at start. In a
// single-quoted string a doubled quote stands for one quote; in a
// double-quoted one so does a doubled quote, and a backtick escapes the
// next character. PowerShell accepts the typographic quotes too.
func quoted(data []byte, start, qsize int, double bool) psLiteral {
	isQuote := isSingleQuote
	if double {
		isQuote = isDoubleQuote
	}
	lit := psLiteral{start: start, rawStart: start + qsize, double: double}
	for j := lit.rawStart; j < len(data); {
		r, size := utf8.DecodeRune(data[j:])
		switch {
		case double && r == '`':
			j += 2
		case isQuote(r):
			if r2, size2 := utf8.DecodeRune(data[j+size:]); j+size < len(data) && isQuote(r2) {
				j += size + size2
				continue
			}
			lit.raw, lit.end = data[lit.rawStart:j], j+size
			return lit
		default:
			j += size
		}
	}
	lit.raw, lit.end = data[lit.rawStart:], len(data) // unterminated: the rest of the file
	return lit
}

// literalCost returns at most the bytes of memory decodeLiteral will hold
// for lit: its content, and two runs of its map for each byte that may
// start an escape (a quote, a backtick, the first byte of a typographic
// quote).
func literalCost(lit psLiteral) int64 {
	if lit.here {
		return 0 // a slice of the script
	}
	escapes := 0
	for _, c := range lit.raw {
		if c == '\'' || c == '"' || c == '`' || c == 0xE2 {
			escapes++
		}
	}
	return srctext.Cost(len(lit.raw), 2*escapes+1)
}

// decodeLiteral reads a literal's content as PowerShell does, as a text
// mapped to the file, and reports whether decoding escapes changed bytes.
// A here-string is taken as written.
func decodeLiteral(t *srctext.Text, lit psLiteral) (content *srctext.Text, escapes bool) {
	end := lit.rawStart + len(lit.raw)
	if lit.here {
		return t.Slice(lit.rawStart, end), false
	}
	data := t.Data
	isQuote := isSingleQuote
	if lit.double {
		isQuote = isDoubleQuote
	}
	var b srctext.Builder
	b.Grow(len(lit.raw))
	plain := lit.rawStart
	for j := plain; j < end; {
		r, size := utf8.DecodeRune(data[j:])
		switch {
		case isQuote(r) && j+size < end:
			// A doubled quote (the scanner only leaves doubled ones inside).
			b.Copy(data[plain:j], plain)
			_, size2 := utf8.DecodeRune(data[j+size:])
			b.Decoded(data[j+size:j+size+size2], j)
			escapes = true
			j += size + size2
			plain = j
		case lit.double && r == '`' && j+1 < end:
			b.Copy(data[plain:j], plain)
			b.Decoded(backtickEscape(data[j+1]), j)
			escapes = true
			j += 2
			plain = j
		default:
			j += size
		}
	}
	b.Copy(data[plain:end], plain)
	return b.Text(t), escapes
}

// hereString finds @'...'@ or @"..."@: the content starts on the line after
// the opening and ends before a line that starts with the closing quote and
// @.
func hereString(data []byte, start int, double bool) psLiteral {
	lit := psLiteral{start: start, here: true, double: double}
	nl := bytes.IndexByte(data[start:], '\n')
	contentStart := start + nl + 1
	end, closeAt := len(data), len(data)
	for j := contentStart; j < len(data); {
		r, size := utf8.DecodeRune(data[j:])
		if ((!double && isSingleQuote(r)) || (double && isDoubleQuote(r))) && j+size < len(data) && data[j+size] == '@' {
			closeAt, end = j, j+size+1
			break
		}
		next := bytes.IndexByte(data[j:], '\n')
		if next < 0 {
			break
		}
		j += next + 1
	}
	contentEnd := closeAt
	if contentEnd > contentStart && data[contentEnd-1] == '\n' {
		contentEnd--
		if contentEnd > contentStart && data[contentEnd-1] == '\r' {
			contentEnd--
		}
	}
	contentEnd = max(contentEnd, contentStart)
	lit.rawStart, lit.raw, lit.end = contentStart, data[contentStart:contentEnd], end
	return lit
}

// interpolation returns the length of the variable a '$' at the start of
// s interpolates into a double-quoted string ("$Name", "$(...)",
// "${...}"), or 0 when the '$' is literal. brace is the offset in s of
// its first '}', or len(s) when it has none: the caller finds it, once
// for every '$' before it.
func interpolation(s []byte, brace int) int {
	if len(s) < 2 {
		return 0
	}
	switch c := s[1]; {
	case c == '(':
		return 2
	case c == '{':
		if brace > 0 && brace < len(s) {
			return brace + 1
		}
		return 2
	case isWordByte(c) || c == ':':
		end := 1
		for end < len(s) && (isWordByte(s[end]) || s[end] == ':') {
			end++
		}
		return end
	}
	return 0
}

func backtickEscape(c byte) []byte {
	switch c {
	case 'n':
		return []byte{'\n'}
	case 'r':
		return []byte{'\r'}
	case 't':
		return []byte{'\t'}
	case '0':
		return []byte{0}
	case 'a':
		return []byte{7}
	case 'b':
		return []byte{8}
	case 'e':
		return []byte{0x1b}
	case 'f':
		return []byte{'\f'}
	case 'v':
		return []byte{'\v'}
	}
	return []byte{c}
}

func isSingleQuote(r rune) bool {
	return r == '\'' || r == '\u2018' || r == '\u2019' || r == '\u201A' || r == '\u201B'
}

func isDoubleQuote(r rune) bool {
	return r == '"' || r == '\u201C' || r == '\u201D' || r == '\u201E'
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isTokenBreak(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '(' || c == ')' || c == '{' || c == '}' || c == '|'
}

func restOfLineBlank(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r':
		case '\n':
			return true
		default:
			return false
		}
	}
	return false
}

// lowerMarkers are runTimeMarkers in lower case, for indexWord.
var lowerMarkers = func() [][]byte {
	words := make([][]byte, len(runTimeMarkers))
	for i, w := range runTimeMarkers {
		words[i] = []byte(strings.ToLower(w))
	}
	return words
}()

// asciiLowerInto appends to out b with the ASCII letters in lower case and
// every other byte as it is, so that offsets in the copy are offsets in b
// (bytes.ToLower changes the length of text such as "ẞ").
func asciiLowerInto(out, b []byte) []byte {
	for _, c := range b {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		out = append(out, c)
	}
	return out
}

// indexWord finds lw, a lower-case word, in b as a whole word, ignoring
// case as PowerShell does; lower is b in lower case. Each candidate is
// skipped whole, so the search is linear.
func indexWord(lower, b, lw []byte) int {
	for from := 0; from < len(lower); {
		i := bytes.Index(lower[from:], lw)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(lw)
		before := i == 0 || !isWordByte(b[i-1]) || lw[0] == '$'
		after := end >= len(b) || !isWordByte(b[end])
		if before && after {
			return i
		}
		from = end
	}
	return -1
}

// looksLikeScript recognises PowerShell by its variables, comments and
// cmdlets. With code set, comment lines alone are not enough (a PEM file
// may have a preamble of # lines).
func looksLikeScript(data []byte, code bool) bool {
	for rest := data; len(rest) > 0; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		l := bytes.TrimLeft(line, " \t")
		if len(l) == 0 {
			continue
		}
		switch {
		case l[0] == '#' && !code, l[0] == '$' && len(l) > 1 && (isWordByte(l[1]) || l[1] == '{'):
			return true
		case hasPrefixFold(l, "param("), hasPrefixFold(l, "param ("), hasPrefixFold(l, "function "), hasPrefixFold(l, "[CmdletBinding"):
			return true
		}
		for _, verb := range scriptVerbs {
			if hasPrefixFold(l, verb) {
				return true
			}
		}
	}
	return false
}

var scriptVerbs = []string{"New-", "Get-", "Set-", "Add-", "Remove-", "Write-", "Import-", "Export-"}
