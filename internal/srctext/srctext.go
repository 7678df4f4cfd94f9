// Package srctext keeps decoded text together with a map from its byte
// offsets back to line and column in the file it came from.
//
// Profiles reach aovpnlint wrapped in scripts, JSON, SyncML or escaped
// inside other XML. Each unwrapping step produces a new [Text] whose bytes
// differ from the file's, and whose offsets are mapped back through the
// step that produced it: an escaped "&lt;" that became "<" maps back to
// the "&" in the file, a line joined from a wrapped WMI listing maps back
// to the continuation line it came from. Positions are therefore recorded
// while parsing and never searched for afterwards.
package srctext

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"unsafe"

	"github.com/aovpnlint/aovpnlint/internal/secret"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

// Text is UTF-8 text and the way back from its offsets to the file.
type Text struct {
	// File is the name findings use for the file.
	File string
	// Data is the text itself, always UTF-8.
	Data []byte

	parent *Text
	// runs maps offsets into parent; nil with a parent means the text is a
	// slice of the parent starting at base.
	runs []Run
	base int
	// more holds what only some texts need, made when one does: a text
	// is made for every value a parser reads, and most need none of it.
	more *more
}

// more is the part of a Text that few texts need.
type more struct {
	// opaque marks a text whose bytes do not map onto the parent byte for
	// byte (base64); every offset maps to parent offset base, and what
	// names the encoding for the message.
	opaque bool
	what   string

	index []checkpoint // see LineCol; computed on first use

	// secrets are the secrets found so far, by scans that stopped at
	// scanned (see Secret): a question about the start of a long text
	// (the variable a script assigns a profile to, the name of an Intune
	// setting) scans only as far as it needs.
	secrets secret.Spans
	scanned int
}

// opaque reports whether t is an opaque text (see Opaque).
func (t *Text) opaque() bool { return t.more != nil && t.more.opaque }

// extra returns t.more, made if need be.
func (t *Text) extra() *more {
	if t.more == nil {
		t.more = &more{}
	}
	return t.more
}

// checkpoint records, at an offset, its line number and the offset where
// that line starts. Checkpoints every checkpointEvery bytes keep LineCol's
// scan short and the index small (a file of 20 million empty lines needs
// 80 KB of checkpoints, not 160 MB of line starts).
type checkpoint struct{ off, line, lineStart int }

const checkpointEvery = 256

// Run maps Len bytes of a derived text, starting at Dst, into the parent
// text: byte k of the run comes from parent offset Src + k*Step. Step is 1
// for bytes copied, 0 for the bytes of one decoded escape sequence (a
// character reference that decodes to several bytes), and the length of
// the escapes for a row of escapes of one length that each decode to one
// byte (  or &amp;&amp;), which one run maps however long the row is.
type Run struct{ Dst, Src, Len, Step int }

// last returns the parent offset just after the last byte the run maps.
func (r Run) last() int { return r.Src + (r.Len-1)*r.Step + 1 }

// New returns the root text of a file: data is the whole decoded file.
func New(file string, data []byte) *Text {
	return &Text{File: file, Data: data}
}

// Slice returns the part of t between the offsets start and end.
func (t *Text) Slice(start, end int) *Text {
	return &Text{File: t.File, Data: t.Data[start:end], parent: t, base: start}
}

// Derive returns a text built from pieces of t: data is the new text and
// runs say where its bytes came from in t. Bytes not covered by a run
// (an inserted space) map to the end of the run before them.
func (t *Text) Derive(data []byte, runs []Run) *Text {
	return &Text{File: t.File, Data: data, parent: t, runs: runs}
}

// Opaque returns a text decoded from an encoded value at offset at in t,
// such as base64: its offsets all map to at, and positions say where
// inside the decoded text they are (see [lint.Pos.Within]). what names the
// encoding: "base64 value".
func (t *Text) Opaque(data []byte, at int, what string) *Text {
	return &Text{File: t.File, Data: data, parent: t, base: at, more: &more{opaque: true, what: what}}
}

// Pos returns the position in the file of the byte at offset off in t. An
// offset equal to len(t.Data) (the end of the text) is allowed.
func (t *Text) Pos(off int) lint.Pos {
	within := ""
	for cur := t; ; {
		if cur.parent == nil {
			line, col := cur.LineCol(off)
			return lint.Pos{File: cur.File, Line: line, Col: col, Within: within}
		}
		switch {
		case cur.opaque():
			if within == "" {
				line, col := cur.LineCol(off)
				within = fmt.Sprintf("in the %s, line %d, column %d of the decoded text", cur.more.what, line, col)
			}
			off = cur.base
		case cur.runs != nil:
			off = mapRuns(cur.runs, off)
		default:
			off += cur.base
		}
		cur = cur.parent
	}
}

// Root returns the offset in the file's decoded text of offset off in t,
// and false when t is opaque somewhere on the way (no exact offset exists).
func (t *Text) Root(off int) (int, bool) {
	exact := true
	for cur := t; cur.parent != nil; cur = cur.parent {
		switch {
		case cur.opaque():
			exact = false
			off = cur.base
		case cur.runs != nil:
			off = mapRuns(cur.runs, off)
		default:
			off += cur.base
		}
	}
	return off, exact
}

// LineCol returns the 1-based line and byte column of offset off within t
// itself, ignoring where t came from.
func (t *Text) LineCol(off int) (line, col int) {
	m := t.extra()
	if m.index == nil {
		m.index = buildIndex(t.Data)
	}
	off = max(0, min(off, len(t.Data)))
	// Checkpoint k is at offset k*checkpointEvery.
	cp := m.index[min(off/checkpointEvery, len(m.index)-1)]
	line, start := cp.line, cp.lineStart
	if seg := t.Data[cp.off:off]; len(seg) > 0 {
		if n := bytes.Count(seg, newline); n > 0 {
			line += n
			start = cp.off + bytes.LastIndexByte(seg, '\n') + 1
		}
	}
	return line, off - start + 1
}

var newline = []byte{'\n'}

// buildIndex returns the checkpoints of data: the first at offset 0, the
// others at each multiple of checkpointEvery up to len(data).
func buildIndex(data []byte) []checkpoint {
	index := make([]checkpoint, 1, len(data)/checkpointEvery+1)
	index[0] = checkpoint{0, 1, 0}
	line, start := 1, 0
	for off := checkpointEvery; off <= len(data); off += checkpointEvery {
		seg := data[off-checkpointEvery : off]
		if n := bytes.Count(seg, newline); n > 0 {
			line += n
			start = off - checkpointEvery + bytes.LastIndexByte(seg, '\n') + 1
		}
		index = append(index, checkpoint{off, line, start})
	}
	return index
}

// mapRuns maps an offset of a derived text into its parent.
func mapRuns(runs []Run, off int) int {
	if len(runs) == 0 {
		return 0
	}
	i := sort.Search(len(runs), func(i int) bool { return runs[i].Dst > off }) - 1
	if i < 0 {
		return runs[0].Src
	}
	r := runs[i]
	if off < r.Dst+r.Len {
		return r.Src + (off-r.Dst)*r.Step
	}
	// Past the run: an inserted byte or the end of the text. Point just
	// after the last byte the run maps.
	return r.last()
}

// Builder assembles a derived text piece by piece, recording runs.
type Builder struct {
	buf  []byte
	runs []Run
}

// Copy appends b, which starts at offset src of the parent text.
func (b *Builder) Copy(p []byte, src int) {
	if len(p) == 0 {
		return
	}
	dst := len(b.buf)
	b.buf = append(b.buf, p...)
	if n := len(b.runs); n > 0 {
		last := &b.runs[n-1]
		if last.Step == 1 && last.Dst+last.Len == dst && last.Src+last.Len == src {
			last.Len += len(p)
			return
		}
	}
	b.runs = append(b.runs, Run{Dst: dst, Src: src, Len: len(p), Step: 1})
}

// Decoded appends p, the decoding of parent bytes starting at src (an
// escape sequence such as "&lt;" or "”"); all of p maps to src.
func (b *Builder) Decoded(p []byte, src int) {
	switch len(p) {
	case 0:
		return
	case 1:
		b.DecodedByte(p[0], src)
		return
	}
	dst := len(b.buf)
	b.buf = append(b.buf, p...)
	b.runs = append(b.runs, Run{Dst: dst, Src: src, Len: len(p), Step: 0})
}

// DecodedByte appends c, the decoding of the escape sequence at parent
// offset src (the '<' of "\u003c"): [Builder.Decoded] of one byte,
// without a slice for it.
func (b *Builder) DecodedByte(c byte, src int) {
	dst := len(b.buf)
	b.buf = append(b.buf, c)
	if n := len(b.runs); n > 0 {
		// One byte after another decoded byte: a row of escapes, mapped by
		// one run as long as the escapes are of one length.
		last := &b.runs[n-1]
		switch {
		case last.Dst+last.Len != dst:
		case last.Len == 1 && last.Step == 0 && src > last.Src:
			last.Step, last.Len = src-last.Src, 2
			return
		case last.Len > 1 && last.Step > 1 && src == last.Src+last.Len*last.Step:
			last.Len++
			return
		}
	}
	b.runs = append(b.runs, Run{Dst: dst, Src: src, Len: 1, Step: 0})
}

// Grow makes room for n more bytes, so that a text whose size is known in
// advance is built without copies.
func (b *Builder) Grow(n int) { b.buf = slices.Grow(b.buf, n) }

// GrowRuns makes room for n more runs, so that a text whose number of
// escapes is known in advance keeps its map in one allocation instead of
// one per doubling.
func (b *Builder) GrowRuns(n int) { b.runs = slices.Grow(b.runs, n) }

// Insert appends p, which has no source (a space put back when joining
// wrapped lines); it maps to the end of the preceding run.
func (b *Builder) Insert(p []byte) { b.buf = append(b.buf, p...) }

// Len returns the number of bytes built so far.
func (b *Builder) Len() int { return len(b.buf) }

// Bytes returns the bytes built so far.
func (b *Builder) Bytes() []byte { return b.buf }

// Text returns the derived text of parent that b has built.
func (b *Builder) Text(parent *Text) *Text {
	return parent.Derive(b.buf, b.runs)
}

// Cost returns the bytes of memory a derived text of n bytes mapped by
// runs runs holds, as [Text.Own] counts them: callers estimate a copy
// with it before they make one.
func Cost(n, runs int) int64 {
	return int64(n) + int64(runs)*int64(unsafe.Sizeof(Run{}))
}

// Own returns the bytes of memory t holds of its own: its data, unless t
// is a slice of its parent, and the map of its offsets. Package input adds
// it up to bound the copies that unwrapping a file makes.
func (t *Text) Own() int64 {
	if t.parent != nil && t.runs == nil && !t.opaque() {
		return 0 // a slice shares its parent's bytes
	}
	return Cost(len(t.Data), len(t.runs))
}

// Secrets returns the secrets in t's text (see package secret), found on
// first use.
func (t *Text) Secrets() secret.Spans {
	return t.secretsBefore(len(t.Data))
}

// secretsBefore returns the secrets in t's text found by a scan that went
// at least as far as offset limit: every secret whose content starts
// before limit, and perhaps more (see secret.Scan).
func (t *Text) secretsBefore(limit int) secret.Spans {
	m := t.extra()
	if m.scanned < min(limit, len(t.Data)) {
		m.secrets, m.scanned = secret.Scan(m.secrets, t.Data, m.scanned, limit)
	}
	return m.secrets
}

// Secret reports whether the text between start and end overlaps a secret,
// in t or in the text t was derived from (a secret is found in the text
// where its tags are written: the escaped wrapper or the unescaped
// document), and returns the first one.
func (t *Text) Secret(start, end int) (secret.Span, bool) {
	start = max(0, min(start, len(t.Data)))
	end = max(start, min(end, len(t.Data)))
	for cur := t; ; {
		// A secret overlaps the range only if it starts before its end
		// (the byte at start for an empty range, as Overlap reads it).
		if s, ok := cur.secretsBefore(max(end, start+1)).Overlap(start, end); ok {
			return s, true
		}
		if cur.parent == nil || cur.opaque() {
			return secret.Span{}, false
		}
		switch {
		case cur.runs != nil:
			s := mapRuns(cur.runs, start)
			if end > start {
				end = mapRuns(cur.runs, end-1) + 1
			} else {
				end = s
			}
			start = s
		default:
			start, end = start+cur.base, end+cur.base
		}
		cur = cur.parent
	}
}

// Quote returns the text between start and end for a message: as
// [wording.Inline] shows it (control characters escaped, cut to
// [wording.MaxQuote] characters), or, when it overlaps a secret, a neutral
// wording instead ("text inside <L2tpPsk> not shown, it is a secret").
// Every message that quotes text from an input goes through Quote.
func (t *Text) Quote(start, end int) string {
	start = max(0, min(start, len(t.Data)))
	end = max(start, min(end, len(t.Data)))
	if s, ok := t.Secret(start, end); ok {
		return s.Withheld()
	}
	// Inline shows at most MaxQuote characters of at most 4 bytes each.
	return wording.Inline(string(t.Data[start:min(end, start+4*(wording.MaxQuote+1))]))
}
