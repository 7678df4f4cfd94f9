package input

import (
	"bytes"
	"unicode/utf8"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
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
	indent     int // leading blanks
	name       string
	value      int // offset of the value when the line is "Name : value"
}

// looksLikeWMI recognises a listing with a ProfileXML property.
func looksLikeWMI(data []byte) bool {
	for _, l := range splitLines(data) {
		if l.name == "ProfileXML" {
			return true
		}
		if inlineProfileXML(data[l.start:l.end]) >= 0 {
			return true
		}
	}
	return false
}

// wmi extracts every ProfileXML property of a listing.
func (r *reader) wmi(t *srctext.Text) {
	data := t.Data
	lines := splitLines(data)
	width := wrapWidth(data, lines)
	found := false
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if l.name != "ProfileXML" {
			if at := inlineProfileXML(data[l.start:l.end]); at >= 0 {
				found = true
				r.wmiValue(t, t.Slice(l.start+at, l.end))
			}
			continue
		}
		found = true
		var b srctext.Builder
		b.Copy(data[l.value:l.end], l.value)
		prev := l
		j := i + 1
		for ; j < len(lines) && isContinuation(lines[j], l); j++ {
			c := lines[j]
			if runeLen(data[prev.start:prev.end]) < width {
				b.Insert([]byte{' '})
			}
			from := c.start + c.indent
			b.Copy(data[from:c.end], from)
			prev = c
		}
		if j > i+1 {
			r.f.note("wrapped WMI Format-List lines joined")
		}
		i = j - 1
		r.wmiValue(t, b.Text(t))
	}
	if !found {
		r.f.unsupported(t.Pos(0), "the WMI listing has no ProfileXML property")
	}
}

// wmiValue checks and parses one ProfileXML value, dropping whatever
// follows the closing </VPNProfile> on a flattened line.
func (r *reader) wmiValue(root, v *srctext.Text) {
	trimmed := bytes.TrimSpace(v.Data)
	if len(trimmed) == 0 {
		r.f.problem(NotExtractable, v.Pos(0), "the ProfileXML property of the WMI listing is empty")
		return
	}
	start := bytes.Index(v.Data, trimmed)
	end := start + len(trimmed)
	if close := bytes.LastIndex(v.Data, []byte("</VPNProfile>")); close >= 0 {
		end = close + len("</VPNProfile>")
	}
	r.document(v.Slice(start, end), "ProfileXML property of the WMI listing", "")
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

// splitLines splits a listing into lines and recognises property lines.
func splitLines(data []byte) []wmiLine {
	var lines []wmiLine
	for start := 0; start <= len(data); {
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
		l := wmiLine{start: start, end: end}
		for l.indent < end-start && (data[start+l.indent] == ' ' || data[start+l.indent] == '\t') {
			l.indent++
		}
		l.name, l.value = property(data, start+l.indent, end)
		lines = append(lines, l)
		start = next
	}
	return lines
}

// property reads "Name   : value" and returns the name and the offset of
// the value (after ": "), or "" when the line is not a property.
func property(data []byte, start, end int) (string, int) {
	i := start
	for i < end && (isWordByte(data[i]) || data[i] == '_') {
		i++
	}
	if i == start {
		return "", 0
	}
	name := string(data[start:i])
	for i < end && data[i] == ' ' {
		i++
	}
	if i >= end || data[i] != ':' {
		return "", 0
	}
	i++
	if i < end && data[i] == ' ' {
		i++
	}
	return name, i
}

// isContinuation reports whether c continues the value of property p: it
// is not blank and is indented deeper than p's name (continuation lines
// are aligned with the value column; the next property is not indented).
func isContinuation(c, p wmiLine) bool {
	return c.end > c.start+c.indent && c.indent > p.indent
}

// wrapWidth is the console width of a listing: the length of its longest
// line that was wrapped (followed by a continuation line).
func wrapWidth(data []byte, lines []wmiLine) int {
	width := 0
	for i := 0; i < len(lines); i++ {
		p := lines[i]
		if p.name == "" {
			continue
		}
		prev := p
		for j := i + 1; j < len(lines) && isContinuation(lines[j], p); j++ {
			width = max(width, runeLen(data[prev.start:prev.end]))
			prev = lines[j]
		}
	}
	return width
}

func runeLen(b []byte) int { return utf8.RuneCount(b) }
