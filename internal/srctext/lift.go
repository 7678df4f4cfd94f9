package srctext

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"
	"unicode/utf8"

	"github.com/aovpnlint/aovpnlint/lint"
)

// The way back from a change of a derived text to the same change of the
// text it was derived from, for `aovpnlint fix`: a value read from a
// document escaped in a PowerShell literal, a JSON string or XML
// character data is changed where its bytes are written, in that
// wrapper's own escaping.
//
// A replacement is made of pieces: literal text, which must be written the
// same way in every wrapper (see [Plain]), and copies of ranges of the
// text, which are taken as the wrapper wrote them (a moved element keeps
// its '' or &lt; or \r\n). Each layer maps offsets by its runs: a change
// may start or end only between the escapes that produced the text, and
// the bytes it replaces must be written in one stretch (not split by a
// comment, a CDATA boundary or a line joined from two).

// Piece is part of a replacement: literal text (Lit), or, when Copy is
// set, a copy of the bytes Start to End of the text the change is made in.
type Piece struct {
	Lit        string
	Copy       bool
	Start, End int
}

// Change replaces the bytes Start to End of a text with Pieces.
type Change struct {
	Start, End int
	Pieces     []Piece
}

// EditChange returns the change an edit of a finding makes to the text
// it points into: its range replaced by the ranges it copies (From), or
// by its new text, or by nothing.
func EditChange(e lint.Edit) Change {
	c := Change{Start: e.Start, End: e.End}
	switch {
	case len(e.From) > 0:
		for _, r := range e.From {
			c.Pieces = append(c.Pieces, Piece{Copy: true, Start: r.Start, End: r.End})
		}
	case e.New != "":
		c.Pieces = []Piece{{Lit: e.New}}
	}
	return c
}

// ErrOpaque is the error of [Text.Lift] for a text decoded from an
// encoded value (base64): its offsets do not map onto the parent's bytes,
// so the caller encodes the changed text again as a whole.
var ErrOpaque = errors.New("the text is decoded from an encoded value; it is written back whole")

// ErrRoot is the error of [Text.Lift] for the root text of a file, which
// has no parent.
var ErrRoot = errors.New("the text is the file's own text")

// Parent returns the text t was derived from, or nil for a file's root
// text.
func (t *Text) Parent() *Text { return t.parent }

// OpaqueAt reports whether t was decoded from an encoded value (see
// [Text.Opaque]), and then the offset of the value in the parent and the
// name of the encoding.
func (t *Text) OpaqueAt() (at int, what string, ok bool) {
	if !t.opaque() {
		return 0, "", false
	}
	return t.base, t.more.what, true
}

// Depth returns the number of texts between t and its file's root text: 0
// for the root.
func (t *Text) Depth() int {
	n := 0
	for cur := t; cur.parent != nil; cur = cur.parent {
		n++
	}
	return n
}

// Plain reports whether s may be written as it is in every wrapper a
// document is found in (XML character data and attribute values, a
// PowerShell literal of either kind or a here-string, a JSON string):
// letters and digits of ASCII, space, and . : / _ - + = ; , only.
func Plain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case bytes.IndexByte([]byte(" .:/_-+=;,"), c) >= 0:
		default:
			return false
		}
	}
	return true
}

// Lift returns the change of t's parent that makes the change c of t: the
// same replacement, at the parent's offsets, with each copied range
// mapped to the bytes that wrote it. It returns [ErrRoot] for a root text,
// [ErrOpaque] for a text decoded from an encoded value, and an error
// saying why for a change that cannot be made exactly (a literal piece
// that is not [Plain], a boundary inside one escape, bytes not written in
// one stretch).
func (t *Text) Lift(c Change) (Change, error) {
	switch {
	case t.parent == nil:
		return Change{}, ErrRoot
	case t.opaque():
		return Change{}, ErrOpaque
	}
	if c.Start < 0 || c.End < c.Start || c.End > len(t.Data) {
		return Change{}, fmt.Errorf("the change %d-%d is outside the text of %d bytes", c.Start, c.End, len(t.Data))
	}
	out := Change{Pieces: make([]Piece, 0, len(c.Pieces))}
	var err error
	if c.Start == c.End {
		out.Start, err = t.liftPoint(c.Start)
		out.End = out.Start
	} else {
		out.Start, out.End, err = t.liftRange(c.Start, c.End)
	}
	if err != nil {
		return Change{}, err
	}
	for _, p := range c.Pieces {
		switch {
		case !p.Copy:
			if !Plain(p.Lit) {
				return Change{}, fmt.Errorf("the replacement %q holds characters a wrapper may escape", p.Lit)
			}
			out.Pieces = append(out.Pieces, p)
		case p.Start < 0 || p.End > len(t.Data) || p.End < p.Start:
			return Change{}, fmt.Errorf("the copied range %d-%d is outside the text of %d bytes", p.Start, p.End, len(t.Data))
		case p.Start == p.End:
		default:
			s, e, err := t.liftRange(p.Start, p.End)
			if err != nil {
				return Change{}, err
			}
			out.Pieces = append(out.Pieces, Piece{Copy: true, Start: s, End: e})
		}
	}
	return out, nil
}

// Apply returns t's text with the changes made, copies taken from t's
// own bytes. The changes must not overlap; insertions at one offset are
// made in the order given.
func (t *Text) Apply(changes []Change) ([]byte, error) {
	cs := slices.Clone(changes)
	slices.SortStableFunc(cs, func(a, b Change) int { return a.Start - b.Start })
	var b bytes.Buffer
	b.Grow(len(t.Data))
	prev := 0
	for _, c := range cs {
		if c.Start < prev || c.End < c.Start || c.End > len(t.Data) {
			return nil, fmt.Errorf("the changes overlap or leave the text at %d", c.Start)
		}
		b.Write(t.Data[prev:c.Start])
		for _, p := range c.Pieces {
			if !p.Copy {
				b.WriteString(p.Lit)
				continue
			}
			if p.Start < 0 || p.End > len(t.Data) || p.End < p.Start {
				return nil, fmt.Errorf("the copied range %d-%d is outside the text", p.Start, p.End)
			}
			b.Write(t.Data[p.Start:p.End])
		}
		prev = c.End
	}
	b.Write(t.Data[prev:])
	return b.Bytes(), nil
}

// liftPoint maps an insertion point: the parent offset just after the
// bytes that wrote the byte before off, or of the first byte's start.
func (t *Text) liftPoint(off int) (int, error) {
	if t.runs == nil {
		return t.base + off, nil
	}
	if off == 0 {
		if len(t.Data) == 0 {
			return 0, errors.New("the text is empty")
		}
		return t.unitStart(0)
	}
	return t.unitEnd(off - 1)
}

// liftRange maps the bytes start to end (end > start) to the parent bytes
// that wrote them, which must be one stretch.
func (t *Text) liftRange(start, end int) (int, int, error) {
	if t.runs == nil {
		return t.base + start, t.base + end, nil
	}
	i := t.runAt(start)
	if i < 0 {
		return 0, 0, fmt.Errorf("byte %d of the text was not read from the file (a line joined from two)", start)
	}
	ps, err := t.unitStart(start)
	if err != nil {
		return 0, 0, err
	}
	at := ps // the parent offset the next byte must be written at
	if t.Data[start] == '\n' && ps > 0 && t.parent.Data[ps-1] == '\r' {
		// An XML line end CR LF read as LF: the CR belongs to it, unless
		// it was read as a byte of its own.
		if prev, err := t.unitEnd(start - 1); start == 0 || err != nil || prev != ps {
			ps--
		}
	}
	for k := start; k < end; {
		if i >= len(t.runs) || t.runs[i].Dst > k {
			return 0, 0, fmt.Errorf("byte %d of the text was not read from the file (a line joined from two)", k)
		}
		r := t.runs[i]
		from, to := k-r.Dst, min(end, r.Dst+r.Len)-r.Dst
		switch r.Step {
		case 0:
			if from != 0 || to != r.Len {
				return 0, 0, errors.New("the change starts or ends inside a character written as one escape")
			}
			n := escapeLen(t.parent.Data, r.Src, r.Len)
			if n <= 0 {
				return 0, 0, fmt.Errorf("the escape at byte %d of its wrapper is not one aovpnlint writes back", r.Src)
			}
			if r.Src != at {
				return 0, 0, errSplit
			}
			at = r.Src + n
		case 1:
			s := r.Src + from
			if s != at && !(s == at+1 && t.parent.Data[at] == '\r' && t.Data[k] == '\n') {
				return 0, 0, errSplit
			}
			at = r.Src + to
		default:
			// A row of escapes that each decode to one byte: each starts
			// Step bytes after the one before, but may be shorter (the last
			// of the row, or one before a comment).
			for u := from; u < to; u++ {
				s := r.Src + u*r.Step
				n := escapeLen(t.parent.Data, s, 1)
				if n <= 0 {
					return 0, 0, fmt.Errorf("the escape at byte %d of its wrapper is not one aovpnlint writes back", s)
				}
				if s != at {
					return 0, 0, errSplit
				}
				at = s + n
			}
		}
		k = r.Dst + to
		i++
	}
	return ps, at, nil
}

// errSplit is the error of a change of bytes not written in one stretch.
var errSplit = errors.New("the text is not written in one stretch (a comment, a CDATA boundary or a joined line splits it)")

// runAt returns the index of the run that maps byte off, or -1.
func (t *Text) runAt(off int) int {
	i := sort.Search(len(t.runs), func(i int) bool { return t.runs[i].Dst > off }) - 1
	if i < 0 || off >= t.runs[i].Dst+t.runs[i].Len {
		return -1
	}
	return i
}

// unitStart returns the parent offset where the bytes that wrote byte off
// start.
func (t *Text) unitStart(off int) (int, error) {
	i := t.runAt(off)
	if i < 0 {
		return 0, fmt.Errorf("byte %d of the text was not read from the file (a line joined from two)", off)
	}
	r := t.runs[i]
	if r.Step == 0 {
		if off != r.Dst {
			return 0, errors.New("the change starts inside a character written as one escape")
		}
		return r.Src, nil
	}
	return r.Src + (off-r.Dst)*r.Step, nil
}

// unitEnd returns the parent offset just after the bytes that wrote byte
// off.
func (t *Text) unitEnd(off int) (int, error) {
	i := t.runAt(off)
	if i < 0 {
		return 0, fmt.Errorf("byte %d of the text was not read from the file (a line joined from two)", off)
	}
	r := t.runs[i]
	switch r.Step {
	case 0:
		if off != r.Dst+r.Len-1 {
			return 0, errors.New("the change ends inside a character written as one escape")
		}
		n := escapeLen(t.parent.Data, r.Src, r.Len)
		if n <= 0 {
			return 0, fmt.Errorf("the escape at byte %d of its wrapper is not one aovpnlint writes back", r.Src)
		}
		return r.Src + n, nil
	case 1:
		return r.Src + off - r.Dst + 1, nil
	}
	s := r.Src + (off-r.Dst)*r.Step
	n := escapeLen(t.parent.Data, s, 1)
	if n <= 0 {
		return 0, fmt.Errorf("the escape at byte %d of its wrapper is not one aovpnlint writes back", s)
	}
	return s + n, nil
}

// escapeLen returns the length of the escape sequence at data[at] that
// decoded to n bytes, in the syntax of the wrappers package input reads:
// an XML reference (&lt; &#60; &#x3C;) or a lone CR read as a line feed,
// a JSON escape (\n, \u00e9, a surrogate pair \ud83d\ude00), a PowerShell
// backtick escape (`n) or a doubled quote (two single, double or
// typographic quotes). It returns 0 for anything else.
func escapeLen(data []byte, at, n int) int {
	if at >= len(data) {
		return 0
	}
	switch c := data[at]; c {
	case '&':
		end := bytes.IndexByte(data[at:min(len(data), at+16)], ';')
		if end < 0 {
			return 0
		}
		return end + 1
	case '\r':
		return 1
	case '\\':
		if at+1 >= len(data) {
			return 0
		}
		if data[at+1] != 'u' {
			return 2
		}
		if n == 4 && at+12 <= len(data) {
			return 12 // a surrogate pair: four bytes of UTF-8
		}
		return 6
	case '`':
		return 2
	}
	r, size := utf8.DecodeRune(data[at:])
	switch r {
	case '\'', '\u2018', '\u2019', '\u201A', '\u201B', '"', '\u201C', '\u201D', '\u201E':
		_, size2 := utf8.DecodeRune(data[at+size:])
		return size + size2
	}
	return 0
}
