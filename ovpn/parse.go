package ovpn

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/internal/wording"
)

// The reader's limits.
const (
	// MaxLine is OpenVPN's OPTION_LINE_SIZE: a line outside inline blocks
	// of MaxLine bytes or more, its newline included, makes OpenVPN stop
	// with "Maximum option line length (256) exceeded" (OVPN004).
	MaxLine = 256
	// MaxWords is OpenVPN's MAX_PARMS: the words of a line it reads, the
	// option name included; it ignores the others.
	MaxWords = 16
	// MaxValue is the most bytes of one parameter the reader keeps. Only a
	// line over MaxLine can hold a longer one, and OpenVPN refuses such a
	// file; the bound keeps a line of 100 MB from being copied whole.
	MaxValue = 1024
	// MaxDirectives is the most directives the reader records for one
	// file; it stops there with a Limit problem. Real profiles have tens.
	MaxDirectives = 100_000
	// MaxProblems is the most problems the reader records for one file
	// before it stops with a Limit problem.
	MaxProblems = 10_000
	// MaxPEM is the most PEM blocks recorded for one inline block; the
	// others are counted (Block.MorePEM).
	MaxPEM = 1_000
	// isLook is how many bytes of the start of a text Is reads.
	isLook = 64 << 10
)

// bom is the UTF-8 byte order mark, which OpenVPN skips at the start of a
// file.
const bom = "\xef\xbb\xbf"

// Parse reads an OpenVPN configuration. It never fails: what it cannot
// read as OpenVPN reads it is a Problem, and the rest is still read.
func Parse(t *srctext.Text) *Profile {
	p := &Profile{File: t.File, index: map[string][]*Directive{}, last: map[string]*Directive{}}
	r := &reader{t: t, p: p}
	if bytes.HasPrefix(t.Data, []byte(bom)) {
		r.bom = len(bom)
	}
	r.lines(r.bom, len(t.Data), 0, true)
	if p.Last("key") != nil && p.Last("key").Inline != nil {
		p.Key = ReadKey(p.Last("key").Inline.Body)
	}
	return p
}

// reader holds the state of one Parse.
type reader struct {
	t           *srctext.Text
	p           *Profile
	connections int
	stopped     bool
	bom         int // the length of the file's BOM, 0 without one
	tok         tokenizer
}

// lines reads the lines of t.Data between from and to as options: the
// whole file (top, where OpenVPN checks line lengths), or the body of a
// <connection> block (conn is its index).
func (r *reader) lines(from, to, conn int, top bool) {
	for at := from; at < to && !r.stopped; {
		end := lineEnd(r.t.Data, at, to)
		next := min(end+1, to)
		n := next - at
		if at == r.bom {
			n += r.bom // OpenVPN counts the BOM in the first line
		}
		if top && n >= MaxLine {
			r.problem(LongLine, at, fmt.Sprintf("line of %s with its newline; OpenVPN reads lines of at most %d bytes with their newline and stops with \"Maximum option line length (%d) exceeded\"; the line starts with %s",
				wording.Plural(n, "byte"), MaxLine-1, MaxLine, quoteLineStart(r.t, at, lineEnd(r.t.Data, at, to))))
		}
		line := r.t.Data[at:next]
		if nul := bytes.IndexByte(line, 0); nul >= 0 {
			line = line[:nul] // OpenVPN reads a line as a C string
		}
		if isPEMBegin(line) {
			next = r.strayPEM(at, next, to)
			at = next
			continue
		}
		words, more, bad := r.tok.split(line, at)
		if bad.msg != "" {
			r.problem(BadToken, bad.at, bad.msg)
		}
		if len(words) == 0 {
			at = next
			continue
		}
		if w := &words[0]; len(w.value) >= 3 && strings.HasPrefix(w.value, "--") {
			w.value, w.start = w.value[2:], w.start+2
		}
		if len(words) == 1 && isTag(words[0]) {
			next = r.inline(words[0], next, to, conn)
			at = next
			continue
		}
		r.option(words, more, conn)
		at = next
	}
}

// lineEnd returns the offset of the newline ending the line that starts
// at from, or to.
func lineEnd(data []byte, from, to int) int {
	if i := bytes.IndexByte(data[from:to], '\n'); i >= 0 {
		return from + i
	}
	return to
}

// isTag reports whether a word is an inline block's start tag <name>.
func isTag(w word) bool {
	return !w.cut && len(w.value) >= 2 && w.value[0] == '<' && w.value[len(w.value)-1] == '>'
}

// option records an option line.
func (r *reader) option(words []word, more bool, conn int) {
	d := &Directive{Connection: conn, Dropped: more, text: r.t}
	if words[0].value == "setenv" && len(words) >= 3 && words[1].value == "opt" {
		d.Setenv = true
		words = words[2:]
	}
	d.Name, d.nameStart, d.nameEnd = words[0].value, words[0].start, words[0].end
	d.Pos = r.t.Pos(d.nameStart)
	if len(words) > 1 {
		d.Args = make([]Arg, len(words)-1)
		for i, w := range words[1:] {
			d.Args[i] = Arg{Value: w.value, Pos: r.t.Pos(w.start), Quoted: w.quoted, start: w.inner[0], end: w.inner[1]}
		}
	}
	r.add(d)
}

// add records a directive, unless the file has reached MaxDirectives.
func (r *reader) add(d *Directive) {
	if len(r.p.Directives) == MaxDirectives {
		r.problem(Limit, d.nameStart, fmt.Sprintf("the file has more than %s options; the reader stops at this one, and the options from here on are not checked", thousands(MaxDirectives)))
		r.stopped = true
		return
	}
	r.p.Directives = append(r.p.Directives, d)
	r.p.index[d.Name] = append(r.p.index[d.Name], d)
	if last := r.p.last[d.Name]; last == nil || d.Connection == 0 || last.Connection > 0 {
		r.p.last[d.Name] = d
	}
}

// problem records a problem at offset at, unless the file has reached
// MaxProblems.
func (r *reader) problem(kind ProblemKind, at int, msg string) {
	if r.stopped {
		return
	}
	if len(r.p.Problems) == MaxProblems {
		r.p.Problems = append(r.p.Problems, Problem{Kind: Limit, Pos: r.t.Pos(at),
			Message: fmt.Sprintf("the file has more than %s problems; the reader stops here, and the options from here on are not checked", thousands(MaxProblems))})
		r.stopped = true
		return
	}
	r.p.Problems = append(r.p.Problems, Problem{Kind: kind, Pos: r.t.Pos(at), Message: msg})
}

// inline reads the inline block whose start tag is w, from the line at
// from: up to the first line whose text after leading white space begins
// with </tag>, or to the end of the text. It returns where the next line
// starts.
func (r *reader) inline(w word, from, to, conn int) int {
	tag := w.value[1 : len(w.value)-1]
	closing := []byte("</" + tag + ">")
	b := &Block{Tag: tag, Pos: r.t.Pos(w.start)}
	bodyEnd, next := to, to
	for at := from; at < to; {
		end := lineEnd(r.t.Data, at, to)
		i := at
		for i < end && isSpace(r.t.Data[i]) {
			i++
		}
		if bytes.HasPrefix(r.t.Data[i:min(end+1, to)], closing) {
			b.Closed, b.End, bodyEnd, next = true, r.t.Pos(i), at, min(end+1, to)
			break
		}
		at = min(end+1, to)
	}
	b.Body = r.t.Slice(from, bodyEnd)
	b.Blank = len(bytes.TrimSpace(b.Body.Data)) == 0
	d := &Directive{Name: tag, Pos: b.Pos, Inline: b, Connection: conn, text: r.t, nameStart: w.start + 1, nameEnd: w.end - 1}
	if !b.Closed {
		r.problem(Unterminated, w.start, fmt.Sprintf("the inline block <%s> has no </%s> line; OpenVPN reads it to the end of the file and stops with \"ERROR: Endtag </%s> missing\"",
			wording.Inline(tag), wording.Inline(tag), wording.Inline(tag)))
	}
	if pemBlocks()[tag] {
		b.PEM, b.MorePEM = scanPEM(b.Body)
	}
	r.add(d)
	if tag == "connection" && conn == 0 && !r.stopped {
		r.connections++
		r.lines(from, bodyEnd, r.connections, false)
	}
	return next
}

// strayPEM records a PEM block that starts at from outside any inline
// block, and returns where the line after its END line starts: its lines
// are not read as options, which would quote encoded data. A block
// without an END line ends before the next line that starts with '<' (an
// inline block's tag), or at to.
func (r *reader) strayPEM(from, next, to int) int {
	begin := bytes.TrimRight(r.t.Data[from:lineEnd(r.t.Data, from, to)], " \t\r")
	r.problem(StrayPEM, from, fmt.Sprintf("a PEM block (%s) outside any inline block; OpenVPN reads its first line as an option it does not know and stops; expected it inside <ca>, <cert>, <key> or the block it belongs to",
		r.t.Quote(from, from+len(begin))))
	for at := next; at < to; {
		end := lineEnd(r.t.Data, at, to)
		line := r.t.Data[at:end]
		if len(line) > 0 && line[0] == '<' {
			return at
		}
		at = min(end+1, to)
		if isPEMEnd(line) {
			return at
		}
	}
	return to
}

// isPEMBegin and isPEMEnd report a PEM armour line.
func isPEMBegin(line []byte) bool { return bytes.HasPrefix(line, []byte("-----BEGIN ")) }
func isPEMEnd(line []byte) bool   { return bytes.HasPrefix(line, []byte("-----END ")) }

// scanPEM records the PEM blocks of an inline block's body.
func scanPEM(body *srctext.Text) ([]PEMBlock, int) {
	var out []PEMBlock
	more := 0
	data := body.Data
	var cur *PEMBlock
	for at := 0; at < len(data); {
		end := lineEnd(data, at, len(data))
		line := bytes.TrimRight(data[at:end], " \t\r")
		switch {
		case isPEMBegin(line):
			if len(out) == MaxPEM {
				more++
				cur = nil
				break
			}
			label := strings.TrimSuffix(string(line[len("-----BEGIN "):min(len(line), 200)]), "-----")
			out = append(out, PEMBlock{Label: label, Pos: body.Pos(at), Empty: true})
			cur = &out[len(out)-1]
		case cur != nil && isPEMEnd(line):
			cur.Closed = true
			cur = nil
		case cur != nil:
			trimmed := bytes.TrimSpace(line)
			if len(trimmed) > 0 {
				cur.Empty = false
			}
			if cur.Placeholder.Line == 0 && isPlaceholderLine(trimmed) {
				off := at + bytes.Index(data[at:end], trimmed)
				cur.Placeholder = body.Pos(off)
				cur.PlaceholderText = quote(body, off, off+len(trimmed))
			}
		}
		at = end + 1
	}
	return out, more
}

// isPlaceholderLine reports a line between BEGIN and END that is template
// text rather than base64 or hex: an ellipsis, a comment, or words
// separated by spaces. Header lines (Proc-Type: 4,ENCRYPTED) are data.
func isPlaceholderLine(line []byte) bool {
	switch {
	case len(line) == 0:
		return false
	case bytes.Contains(line, []byte("...")), bytes.Contains(line, []byte("…")), line[0] == '#':
		return true
	case bytes.Contains(line, []byte(": ")):
		return false
	}
	return bytes.IndexByte(line, ' ') >= 0
}

// looksEncoded reports a word that is rather base64 or hex data than an
// option name or a file name: 16 characters or more of the base64
// alphabet, without the dashes, dots and slashes... of names. Such a line
// is the body of a key or certificate whose block lines were lost, and is
// never quoted.
func looksEncoded(s string) bool {
	if len(s) < 16 {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=') {
			return false
		}
	}
	return true
}

// quoteLineStart shows the start of a line for a message, unless it is
// inside a secret or looks like encoded data.
func quoteLineStart(t *srctext.Text, start, end int) string {
	end = min(end, start+wording.MaxQuote)
	word := t.Data[start:end]
	if i := bytes.IndexAny(word, " \t\r\n"); i >= 0 {
		word = word[:i]
	}
	if looksEncoded(string(word)) {
		return withheldData
	}
	return quote(t, start, end)
}

// thousands writes n with comma separators.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
