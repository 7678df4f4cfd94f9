package input

import (
	"bytes"
	"sort"
	"unicode/utf8"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
)

// A WMI read-back listing is the Format-List output of
//
//	Get-CimInstance -Namespace root\cimv2\mdm\dmmap -ClassName MDM_VPNv2_01
//
// Each property is "Name   : value". A long value is wrapped at the
// console width onto continuation lines indented to the value column.
// Format-List wraps at a space when it can, dropping the space, and
// breaks inside a word only when the word does not fit: so a wrapped line
// that is shorter than the console width ended at a dropped space, and a
// line of full width ended inside a word. The width is learnt from the
// longest wrapped line of the listing. Copies pasted into web pages
// sometimes have all continuation lines run together into one; the
// spaces lost that way cannot be recovered, and the XML parser then
// reports the first place where one is missing.

type wmiLine struct {
	start, end int // content, without the line break
	next       int // start of the next line; len(data)+1 after the last
	indent     int // leading blanks
	// name is the property name of a "Name : value" line, as offsets
	// (nameEnd == nameStart when the line is not a property), and value
	// the offset of its value.
	nameStart, nameEnd, value int
}

// isProperty reports whether the line is "Name : value".
func (l wmiLine) isProperty() bool { return l.nameEnd > l.nameStart }

// is reports whether the line is the property called name.
func (l wmiLine) is(data []byte, name string) bool {
	return string(data[l.nameStart:l.nameEnd]) == name
}

// Lines are read one at a time, never kept in a list: a listing of
// millions of blank lines costs no memory beyond its text.

// firstLine returns the first line of data.
func firstLine(data []byte) wmiLine { return lineAt(data, 0) }

// more reports whether l is a line (and not the end of the listing).
func (l wmiLine) more(data []byte) bool { return l.start <= len(data) }

// lineAt reads the line starting at start, and recognises a property line.
func lineAt(data []byte, start int) wmiLine {
	if start > len(data) {
		return wmiLine{start: start}
	}
	end := bytes.IndexByte(data[start:], '\n')
	next := start + end + 1
	if end < 0 {
		end = len(data) - start
		next = len(data) + 1
	}
	end += start
	if end > start && data[end-1] == '\r' {
		end--
	}
	l := wmiLine{start: start, end: end, next: next}
	for l.indent < end-start && (data[start+l.indent] == ' ' || data[start+l.indent] == '\t') {
		l.indent++
	}
	l.nameStart = start + l.indent
	l.nameEnd, l.value = property(data, l.nameStart, end)
	if l.value == 0 {
		l.nameEnd = l.nameStart
	}
	return l
}

// looksLikeWMI recognises a listing with a ProfileXML property: a line
// that is the property, or holds it inline. Either holds the word
// ProfileXML, so only the lines where the word is are read, each once
// (a script's lines are not read one by one).
func looksLikeWMI(data []byte) bool {
	for from := 0; from < len(data); {
		i := bytes.Index(data[from:], profileXMLWord)
		if i < 0 {
			return false
		}
		i += from
		l := lineAt(data, bytes.LastIndexByte(data[:i], '\n')+1)
		if l.is(data, "ProfileXML") || inlineProfileXML(data[l.start:l.end]) >= 0 {
			return true
		}
		from = l.next
	}
	return false
}

var profileXMLWord = []byte("ProfileXML")

// wmi extracts every ProfileXML property of a listing.
func (r *reader) wmi(t *srctext.Text) {
	data := t.Data
	width := wrapWidth(data)
	found := false
	for l := firstLine(data); l.more(data) && !r.full; {
		if !l.is(data, "ProfileXML") {
			if at := inlineProfileXML(data[l.start:l.end]); at >= 0 {
				found = true
				r.wmiValue(t, &join{segs: [][2]int{{l.start + at, l.end}}})
			}
			l = lineAt(data, l.next)
			continue
		}
		found = true
		j := &join{segs: [][2]int{{l.value, l.end}}}
		prev := l
		c := lineAt(data, l.next)
		for ; c.more(data) && isContinuation(c, l); c = lineAt(data, c.next) {
			// Each continuation line is a node of the file's budget: it
			// costs a piece of the joined value and of its map.
			if !r.take(1, t.Pos(c.start), "this is a continuation line of a WMI value") {
				return
			}
			full := runeLen(data[prev.start:prev.end]) >= width
			j.space = append(j.space, !full)
			j.tight = append(j.tight, full)
			j.segs = append(j.segs, [2]int{c.start + c.indent, c.end})
			prev = c
		}
		if len(j.segs) > 1 {
			r.f.note("wrapped WMI Format-List lines joined")
		}
		r.wmiValue(t, j)
		l = c
	}
	if !found {
		r.f.unsupported(t.Pos(0), "the WMI listing has no ProfileXML property")
	}
}

// join is a value spread over continuation lines.
type join struct {
	segs [][2]int // the pieces of the value, offsets in the listing
	// space[i] puts a space between segs[i] and segs[i+1]. tight[i] marks
	// a boundary after a full line, joined without a space although a
	// word wrap may have dropped one there.
	space, tight []bool
}

// cost returns at most the bytes of memory text will hold: the joined
// text, a run of its map and a boundary for each piece.
func (j *join) cost() int64 {
	return srctext.Cost(j.len(), len(j.segs)) + 8*int64(len(j.segs))
}

// len returns at most the length of the joined text.
func (j *join) len() int {
	n := len(j.segs)
	for _, s := range j.segs {
		n += s[1] - s[0]
	}
	return n
}

// text joins the pieces and returns the joined text and the offset of
// each boundary in it.
func (j *join) text(t *srctext.Text) (*srctext.Text, []int) {
	var b srctext.Builder
	b.Grow(j.len())
	bounds := make([]int, 0, len(j.segs))
	for i, s := range j.segs {
		if i > 0 {
			if j.space[i-1] {
				b.Insert([]byte{' '})
			}
			bounds = append(bounds, b.Len())
		}
		b.Copy(t.Data[s[0]:s[1]], s[0])
	}
	return b.Text(t), bounds
}

// attempt is one way of joining a value: the joined text, the profile cut
// from it (from its first non-space byte to the last </VPNProfile>), the
// offsets of the line boundaries, and the parse error, nil when the
// profile is well-formed.
type attempt struct {
	text, profile *srctext.Text
	start         int
	bounds        []int
	x             *xmldoc.Doc
	err           *xmldoc.Error
	// nodes is what the parse drew from the file's budget of nodes.
	nodes int
}

// attempt joins the value as j says and parses it. It returns false when
// the value is empty or a budget of the file has run out (the problem is
// then recorded).
func (r *reader) attempt(root *srctext.Text, j *join) (attempt, bool) {
	if !r.decoded(j.cost(), root.Pos(j.segs[0][0])) {
		return attempt{}, false
	}
	text, bounds := j.text(root)
	trimmed := bytes.TrimSpace(text.Data)
	if len(trimmed) == 0 {
		return attempt{}, false
	}
	start := bytes.Index(text.Data, trimmed)
	end := start + len(trimmed)
	if close := bytes.LastIndex(text.Data, []byte("</VPNProfile>")); close >= start {
		end = close + len("</VPNProfile>")
	}
	a := attempt{text: text, profile: text.Slice(start, end), start: start, bounds: bounds}
	var ok bool
	before := r.budget().Used()
	a.x, a.err, ok = r.parseTree(a.profile)
	a.nodes = r.budget().Used() - before
	return a, ok
}

// wmiValue checks and parses one ProfileXML value. A word wrap that left a
// line exactly full cannot be told from a break inside a word, so such
// boundaries are first joined without a space; when the XML parser then
// fails inside the tag that begins at one of them, a space is put back
// there and kept if the parser gets further. A space lost inside text
// content (two words of a value) cannot be found this way.
//
// Only the parse that is kept counts toward the file's budget of nodes:
// the nodes of an attempt are given back before the next one is parsed
// (and taken again if the next one is dropped), so that a profile put
// together again in many tries costs what one parse of it costs. The
// decoded text of every attempt still counts toward the budget of decoded
// bytes, which bounds the work of the tries.
func (r *reader) wmiValue(root *srctext.Text, j *join) {
	if !r.roomForDocument(root.Pos(j.segs[0][0])) {
		return
	}
	a, ok := r.attempt(root, j)
	if !ok {
		if !r.full {
			r.f.problem(NotExtractable, root.Pos(j.segs[0][0]), "the ProfileXML property of the WMI listing is empty")
		}
		return
	}
	for tries := 0; a.err != nil && a.err.Kind == xmldoc.Malformed && tries < maxRepairs; tries++ {
		at := a.start + a.err.Offset
		i := suspectBoundary(j, a.text.Data, a.bounds, at)
		if i < 0 {
			break
		}
		j.space[i] = true
		r.budget().Give(a.nodes)
		b, ok := r.attempt(root, j)
		if !ok {
			return // a budget ran out: the problem says so
		}
		if b.err != nil && b.start+b.err.Offset <= at+1 {
			// No progress: no space was missing there. a's nodes fit
			// before b was parsed, so they fit again once b's are back.
			j.space[i] = false
			r.budget().Give(b.nodes)
			r.budget().Take(a.nodes)
			break
		}
		r.f.note("a space that Format-List dropped at the end of a full line was put back")
		a = b
	}
	r.parsedDocument(a.profile, a.x, a.err, "ProfileXML property of the WMI listing", "")
}

// maxRepairs bounds the spaces put back in one value; a profile has a few
// dozen spaces inside tags, so more means the text is not a wrapped profile.
const maxRepairs = 64

// suspectBoundary returns the last full-line boundary joined without a
// space that lies in the same tag as the error at offset at, or -1.
//
// The text between each boundary and the error is looked at once: going
// back from the error, each boundary's stretch up to the one after it is
// searched for a tag's '<' or '>', so the search is linear in the text
// however many lines lie between the error and the tag before it.
func suspectBoundary(j *join, data []byte, bounds []int, at int) int {
	i := sort.SearchInts(bounds, at+1) - 1 // the last boundary at or before at
	for searched := at; i >= 0; i-- {
		if bytes.ContainsAny(data[bounds[i]:searched], "<>") {
			return -1
		}
		searched = bounds[i]
		if j.tight[i] && !j.space[i] {
			return i
		}
	}
	return -1
}

// inlineProfileXML finds "ProfileXML : <" inside a line that was flattened
// from a listing and returns the offset of the '<', or -1.
func inlineProfileXML(line []byte) int {
	for from := 0; ; {
		i := bytes.Index(line[from:], []byte("ProfileXML"))
		if i < 0 {
			return -1
		}
		i += from
		j := i + len("ProfileXML")
		for j < len(line) && line[j] == ' ' {
			j++
		}
		if j < len(line) && line[j] == ':' && (i == 0 || line[i-1] == ' ') {
			j++
			for j < len(line) && line[j] == ' ' {
				j++
			}
			if j < len(line) && line[j] == '<' {
				return j
			}
		}
		from = i + 1
	}
}

// property reads "Name   : value" and returns the end of the name and the
// offset of the value (after ": "), or 0, 0 when the line is not a
// property.
func property(data []byte, start, end int) (int, int) {
	i := start
	for i < end && (isWordByte(data[i]) || data[i] == '_') {
		i++
	}
	if i == start {
		return 0, 0
	}
	nameEnd := i
	for i < end && data[i] == ' ' {
		i++
	}
	if i >= end || data[i] != ':' {
		return 0, 0
	}
	i++
	if i < end && data[i] == ' ' {
		i++
	}
	return nameEnd, i
}

// isContinuation reports whether c continues the value of property p: it
// is not blank and is indented deeper than p's name (continuation lines
// are aligned with the value column; the next property is not indented).
func isContinuation(c, p wmiLine) bool {
	return c.end > c.start+c.indent && c.indent > p.indent
}

// wrapWidth is the console width of a listing: the length of its longest
// line that was wrapped (followed by a continuation line). The
// continuation lines of a property are read once: one that looks like a
// property itself would only repeat lines already measured.
func wrapWidth(data []byte) int {
	width := 0
	for l := firstLine(data); l.more(data); {
		next := lineAt(data, l.next)
		if !l.isProperty() {
			l = next
			continue
		}
		prev := l
		for ; next.more(data) && isContinuation(next, l); next = lineAt(data, next.next) {
			width = max(width, runeLen(data[prev.start:prev.end]))
			prev = next
		}
		l = next
	}
	return width
}

func runeLen(b []byte) int { return utf8.RuneCount(b) }
