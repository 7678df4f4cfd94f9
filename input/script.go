package input

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
)

// psLiteral is a string literal found in a PowerShell script.
type psLiteral struct {
	start, end int           // the literal token, quotes included
	content    *srctext.Text // decoded content; nil when interpolated
	raw        []byte        // content as written, between the quotes
	double     bool
	here       bool
	vars       []string // variables interpolated into a double-quoted string
	escapes    bool     // decoding '' or backtick escapes changed bytes
}

// runTimeMarkers are the words that show a script builds a profile at run
// time rather than holding it as a literal: an XML writer, the EAP
// configuration read from a template connection, the WMI class profiles
// are written to, or a $ProfileXML variable assigned something other than
// a literal.
var runTimeMarkers = []string{"XmlTextWriter", "XmlWriter", "WriteStartElement", "EapConfigXmlStream", "MDM_VPNv2_01", "$ProfileXML"}

// script extracts the profiles written as literals in a PowerShell script.
func (r *reader) script(t *srctext.Text) {
	lits, markers := scanPowerShell(t)
	found := false
	for _, lit := range lits {
		kind, ok := literalKind(lit)
		if !ok {
			continue
		}
		found = true
		line, _ := t.LineCol(lit.start)
		what := "ProfileXML"
		if kind == EAP {
			what = "EapHostConfig"
		}
		at := t.Pos(lit.start)
		switch {
		case len(lit.vars) > 0:
			r.f.problem(NotExtractable, at,
				"the %s is a double-quoted string at line %d that interpolates %s; its value exists only when the script runs, so it cannot be checked from the file",
				what, line, strings.Join(lit.vars, ", "))
			continue
		case isConcatenated(t.Data, lit):
			r.f.problem(NotExtractable, at,
				"the %s string at line %d is joined with other values at run time (+ or -f); its value exists only when the script runs, so it cannot be checked from the file",
				what, line)
			continue
		}
		if lit.escapes {
			if lit.double {
				r.f.note("PowerShell backtick escapes decoded")
			} else {
				r.f.note("PowerShell '' escapes decoded")
			}
		}
		content := lit.content
		if trimmed := bytes.TrimLeft(content.Data, " \t\r\n"); hasPrefixFold(trimmed, "&lt;") {
			r.f.note("HTML-escaped XML unescaped")
			content = xmldoc.Unescape(content)
		}
		origin := "PowerShell string"
		if v := assignedVariable(t.Data, lit.start); v != "" {
			origin = "PowerShell string assigned to " + v
		}
		r.document(content, origin, "")
	}
	if found {
		return
	}
	if len(markers) > 0 {
		m := markers[0]
		line, _ := t.LineCol(m.off)
		r.f.problem(NotExtractable, t.Pos(m.off),
			"the script holds no literal ProfileXML; it builds the profile at run time (%s at line %d), so it cannot be checked from the file",
			m.word, line)
		return
	}
	r.f.unsupported(t.Pos(0), "the PowerShell script holds no ProfileXML or EapHostConfig literal")
}

// document parses an extracted document and records it under its kind.
func (r *reader) document(t *srctext.Text, origin, locURI string) {
	x, ok := r.parse(t)
	if !ok {
		r.f.Docs = append(r.f.Docs, &Doc{Kind: guessKind(t.Data), Origin: origin, At: t.Pos(0), LocURI: locURI, Text: t})
		return
	}
	local := x.Root.Tag
	switch {
	case local == "EapHostConfig":
		r.addDoc(&Doc{Kind: EAP, Origin: origin, Text: t, XML: x, LocURI: locURI})
	case isProfileRoot(local):
		r.addDoc(&Doc{Kind: Profile, Origin: origin, Text: t, XML: x, LocURI: locURI})
	default:
		r.f.problem(Unsupported, x.Pos(x.Root), "the %s holds <%s>, not a VPNProfile or EapHostConfig document", origin, local)
	}
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

func containsFold(b []byte, s string) bool {
	return bytes.Contains(bytes.ToLower(b), []byte(strings.ToLower(s)))
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

// assignedVariable returns "$Name" when the literal at start is the right
// side of "$Name =" (optionally with a type cast such as [xml]).
func assignedVariable(data []byte, start int) string {
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
	return string(data[j:end])
}

type marker struct {
	word string
	off  int
}

// scanPowerShell finds the string literals of a script, and the run-time
// markers written in its code (outside strings and comments).
func scanPowerShell(t *srctext.Text) ([]psLiteral, []marker) {
	data := t.Data
	var lits []psLiteral
	var markers []marker
	code := 0 // start of the current stretch of code
	flush := func(end int) {
		for _, w := range runTimeMarkers {
			if i := indexWord(data[code:end], w); i >= 0 {
				markers = append(markers, marker{w, code + i})
			}
		}
	}
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c == '<' && i+1 < len(data) && data[i+1] == '#':
			flush(i)
			end := bytes.Index(data[i+2:], []byte("#>"))
			if end < 0 {
				return lits, markers
			}
			i += 2 + end + 2
			code = i
		case c == '#' && (i == 0 || isTokenBreak(data[i-1])):
			flush(i)
			end := bytes.IndexByte(data[i:], '\n')
			if end < 0 {
				return lits, markers
			}
			i += end
			code = i
		case c == '`':
			i += 2
		case c == '@' && i+1 < len(data):
			q, size := utf8.DecodeRune(data[i+1:])
			if (isSingleQuote(q) || isDoubleQuote(q)) && restOfLineBlank(data[i+1+size:]) {
				flush(i)
				lit, next := hereString(t, i, isDoubleQuote(q))
				lits = append(lits, lit)
				i, code = next, next
				continue
			}
			i++
		default:
			q, size := utf8.DecodeRune(data[i:])
			switch {
			case isSingleQuote(q):
				flush(i)
				lit := singleQuoted(t, i, size)
				lits = append(lits, lit)
				i, code = lit.end, lit.end
			case isDoubleQuote(q):
				flush(i)
				lit := doubleQuoted(t, i, size)
				lits = append(lits, lit)
				i, code = lit.end, lit.end
			default:
				i += size
			}
		}
	}
	flush(len(data))
	return lits, markers
}

// singleQuoted reads '...' where a doubled quote stands for one quote.
// PowerShell accepts the typographic single quotes as quotes too.
func singleQuoted(t *srctext.Text, start, qsize int) psLiteral {
	data := t.Data
	var b srctext.Builder
	lit := psLiteral{start: start}
	plain := start + qsize
	j := plain
	for j < len(data) {
		r, size := utf8.DecodeRune(data[j:])
		if !isSingleQuote(r) {
			j += size
			continue
		}
		b.Copy(data[plain:j], plain)
		r2, size2 := utf8.DecodeRune(data[j+size:])
		if j+size < len(data) && isSingleQuote(r2) {
			b.Decoded(data[j+size:j+size+size2], j)
			lit.escapes = true
			j += size + size2
			plain = j
			continue
		}
		lit.raw = data[start+qsize : j]
		lit.end = j + size
		lit.content = b.Text(t)
		return lit
	}
	// Unterminated: take the rest of the file.
	b.Copy(data[plain:], plain)
	lit.raw = data[start+qsize:]
	lit.end = len(data)
	lit.content = b.Text(t)
	return lit
}

// doubleQuoted reads "..." with backtick escapes and $ interpolation.
func doubleQuoted(t *srctext.Text, start, qsize int) psLiteral {
	data := t.Data
	var b srctext.Builder
	lit := psLiteral{start: start, double: true}
	plain := start + qsize
	j := plain
	for j < len(data) {
		r, size := utf8.DecodeRune(data[j:])
		switch {
		case isDoubleQuote(r):
			b.Copy(data[plain:j], plain)
			r2, size2 := utf8.DecodeRune(data[j+size:])
			if j+size < len(data) && isDoubleQuote(r2) {
				b.Decoded(data[j+size:j+size+size2], j)
				lit.escapes = true
				j += size + size2
				plain = j
				continue
			}
			lit.raw = data[start+qsize : j]
			lit.end = j + size
			lit.content = b.Text(t)
			return lit
		case r == '`' && j+1 < len(data):
			b.Copy(data[plain:j], plain)
			b.Decoded(backtickEscape(data[j+1]), j)
			lit.escapes = true
			j += 2
			plain = j
		case r == '$' && j+1 < len(data):
			if v := interpolation(data[j:]); v != "" {
				lit.vars = appendUnique(lit.vars, v)
			}
			j++
		default:
			j += size
		}
	}
	b.Copy(data[plain:], plain)
	lit.raw = data[start+qsize:]
	lit.end = len(data)
	lit.content = b.Text(t)
	return lit
}

// hereString reads @'...'@ or @"..."@: the content starts on the line
// after the opening and ends before a line that starts with the closing
// quote and @.
func hereString(t *srctext.Text, start int, double bool) (psLiteral, int) {
	data := t.Data
	lit := psLiteral{start: start, here: true, double: double}
	nl := bytes.IndexByte(data[start:], '\n')
	contentStart := start + nl + 1
	end := len(data)
	closeAt := len(data)
	for j := contentStart; j < len(data); {
		r, size := utf8.DecodeRune(data[j:])
		if ((!double && isSingleQuote(r)) || (double && isDoubleQuote(r))) && j+size < len(data) && data[j+size] == '@' && (j == contentStart || data[j-1] == '\n') {
			closeAt = j
			end = j + size + 1
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
	lit.raw = data[contentStart:contentEnd]
	lit.end = end
	if double {
		for k := 0; k < len(lit.raw); k++ {
			if lit.raw[k] == '`' {
				k++
				continue
			}
			if lit.raw[k] == '$' {
				if v := interpolation(lit.raw[k:]); v != "" {
					lit.vars = appendUnique(lit.vars, v)
				}
			}
		}
	}
	lit.content = t.Slice(contentStart, contentEnd)
	return lit, end
}

// interpolation returns the variable a '$' at the start of s interpolates
// into a double-quoted string, or "" when the '$' is literal.
func interpolation(s []byte) string {
	if len(s) < 2 {
		return ""
	}
	switch c := s[1]; {
	case c == '(':
		return "$(...)"
	case c == '{':
		if end := bytes.IndexByte(s, '}'); end > 0 {
			return string(s[:end+1])
		}
		return "${...}"
	case isWordByte(c) || c == ':':
		end := 1
		for end < len(s) && (isWordByte(s[end]) || s[end] == ':') {
			end++
		}
		return string(s[:end])
	}
	return ""
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

// indexWord finds w in b as a whole word, ignoring case as PowerShell does.
func indexWord(b []byte, w string) int {
	lower := bytes.ToLower(b)
	lw := []byte(strings.ToLower(w))
	for from := 0; ; {
		i := bytes.Index(lower[from:], lw)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(lw)
		before := i == 0 || !isWordByte(b[i-1])
		after := end >= len(b) || !isWordByte(b[end])
		if before && after {
			return i
		}
		from = i + 1
	}
}

func appendUnique(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// looksLikeScript recognises PowerShell by its variables, comments and
// cmdlets.
func looksLikeScript(data []byte) bool {
	for _, line := range bytes.Split(data, []byte{'\n'}) {
		l := bytes.TrimLeft(line, " \t")
		if len(l) == 0 {
			continue
		}
		switch {
		case l[0] == '#', l[0] == '$' && len(l) > 1 && (isWordByte(l[1]) || l[1] == '{'):
			return true
		case hasPrefixFold(l, "param("), hasPrefixFold(l, "param ("), hasPrefixFold(l, "function "), hasPrefixFold(l, "[CmdletBinding"):
			return true
		}
		for _, verb := range []string{"New-", "Get-", "Set-", "Add-", "Remove-", "Write-", "Import-", "Export-"} {
			if hasPrefixFold(l, verb) {
				return true
			}
		}
	}
	return false
}
