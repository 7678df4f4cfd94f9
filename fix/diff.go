package fix

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/secret"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

// The unified diff of a file before and after fix. It compares the
// decoded text, line by line (a UTF-16 file is shown as UTF-8), with three
// lines of context. A part of a line that is a secret, or a base64 value
// whose documents hold one, is shown as package secret's Marker; other
// characters that are not printable are escaped as in messages, and a CR
// ending a line is not shown.

// context is the number of unchanged lines shown around a change.
const context = 3

// maxExact bounds the exact comparison (Myers' algorithm): past this many
// differing lines, or when the lines that differ lie among more than
// maxExactLines, the diff resynchronises greedily instead (see greedy),
// which is linear; it is still a correct diff, perhaps not the shortest.
const (
	maxExact      = 256
	maxExactLines = 1 << 20
)

// Diff returns the unified diff of the file from Before to After, empty
// when nothing changed.
func (r *Result) Diff() []byte {
	if r.After == nil {
		return nil
	}
	a, b := splitLines(r.textBefore), splitLines(r.textAfter)
	ops := diffLines(a.text, b.text)
	var out bytes.Buffer
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", wording.Escape(r.Name), wording.Escape(r.Name))
	for _, h := range hunks(ops) {
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", span(h.aStart, h.aLen), span(h.bStart, h.bLen))
		for _, o := range ops[h.from:h.to] {
			switch o.kind {
			case ' ':
				a.write(&out, ' ', o.a, r.hiddenBefore)
			case '-':
				a.write(&out, '-', o.a, r.hiddenBefore)
			case '+':
				b.write(&out, '+', o.b, r.hiddenAfter)
			}
		}
	}
	return out.Bytes()
}

// span writes a hunk's range: "start,len", where an empty range starts at
// the line before it.
func span(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

// lines is a text split into lines, each with its offset.
type lines struct {
	data []byte
	text []string
	off  []int
}

func splitLines(data []byte) lines {
	l := lines{data: data}
	for start := 0; start < len(data); {
		end := bytes.IndexByte(data[start:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += start + 1
		}
		l.text = append(l.text, string(data[start:end]))
		l.off = append(l.off, start)
		start = end
	}
	return l
}

// write writes line i with its mark, hiding the parts of it in hidden.
func (l lines) write(out *bytes.Buffer, mark byte, i int, hidden []lint.Range) {
	start := l.off[i]
	s := l.text[i]
	newline := strings.HasSuffix(s, "\n")
	s = strings.TrimSuffix(strings.TrimSuffix(s, "\n"), "\r")
	end := start + len(s)
	out.WriteByte(mark)
	k := sort.Search(len(hidden), func(k int) bool { return hidden[k].End > start })
	at := start
	for ; k < len(hidden) && hidden[k].Start < end; k++ {
		h := hidden[k]
		if h.Start > at {
			out.WriteString(show(string(l.data[at:h.Start])))
		}
		if h.End > at {
			out.WriteString(secret.Marker)
			at = min(h.End, end)
		}
	}
	if at < end {
		out.WriteString(show(string(l.data[at:end])))
	}
	out.WriteByte('\n')
	if !newline {
		out.WriteString("\\ No newline at end of file\n")
	}
}

// show escapes the characters of s that are not printable, tabs aside.
func show(s string) string {
	parts := strings.Split(s, "\t")
	for i, p := range parts {
		parts[i] = wording.Escape(p)
	}
	return strings.Join(parts, "\t")
}

// op is one line of the diff: kept (' ', both indexes), removed ('-', a)
// or added ('+', b).
type op struct {
	kind byte
	a, b int
}

// diffLines returns the edit script from a to b.
func diffLines(a, b []string) []op {
	// The common start and end are kept without comparing further.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []op
	for i := 0; i < pre; i++ {
		ops = append(ops, op{' ', i, i})
	}
	mid, ok := myers(a[pre:len(a)-suf], b[pre:len(b)-suf])
	if !ok {
		mid = greedy(a[pre:len(a)-suf], b[pre:len(b)-suf])
	}
	for _, o := range mid {
		ops = append(ops, op{o.kind, o.a + pre, o.b + pre})
	}
	for i := 0; i < suf; i++ {
		ops = append(ops, op{' ', len(a) - suf + i, len(b) - suf + i})
	}
	return ops
}

// myers is Myers' O(ND) difference algorithm, keeping the frontier of
// each step for the way back; ok is false past maxExact differences or
// maxExactLines lines.
func myers(a, b []string) ([]op, bool) {
	n, m := len(a), len(b)
	if n+m > maxExactLines {
		return nil, false
	}
	maxD := min(n+m, maxExact)
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	var trace [][]int
	for d := 0; d <= maxD; d++ {
		trace = append(trace, append([]int(nil), v[off-d-1:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(trace, a, b, d), true
			}
		}
	}
	return nil, false
}

// backtrack follows the frontiers of myers back from the end, reached
// at step d.
func backtrack(trace [][]int, a, b []string, d int) []op {
	var rev []op
	x, y := len(a), len(b)
	for ; d > 0; d-- {
		v := trace[d] // the frontier before step d, diagonals -d-1 to d+1
		at := func(k int) int { return v[k+d+1] }
		k := x - y
		pk := k - 1 // a line of a removed
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1 // a line of b added
		}
		px := at(pk)
		py := px - pk
		sx, sy := px+1, py // the point the move reached
		if pk == k+1 {
			sx, sy = px, py+1
		}
		for x > sx && y > sy {
			x--
			y--
			rev = append(rev, op{' ', x, y})
		}
		if pk == k+1 {
			rev = append(rev, op{'+', px, py})
		} else {
			rev = append(rev, op{'-', px, py})
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, op{' ', x, y})
	}
	ops := make([]op, len(rev))
	for i, o := range rev {
		ops[len(rev)-1-i] = o
	}
	return ops
}

// greedy is a linear diff: where the lines differ, it looks ahead for the
// nearest pair of equal lines (at most window lines on), and resumes
// there.
func greedy(a, b []string) []op {
	const window = 64
	var ops []op
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		if i < len(a) && j < len(b) && a[i] == b[j] {
			ops = append(ops, op{' ', i, j})
			i, j = i+1, j+1
			continue
		}
		dx, dy, found := 0, 0, false
		for s := 1; s <= 2*window && !found; s++ {
			for x := max(0, s-window); x <= min(s, window); x++ {
				y := s - x
				if i+x < len(a) && j+y < len(b) && a[i+x] == b[j+y] {
					dx, dy, found = x, y, true
					break
				}
			}
		}
		if !found {
			dx, dy = min(1, len(a)-i), min(1, len(b)-j)
		}
		for ; dx > 0; dx-- {
			ops = append(ops, op{'-', i, j})
			i++
		}
		for ; dy > 0; dy-- {
			ops = append(ops, op{'+', i, j})
			j++
		}
	}
	return ops
}

// hunk is a run of ops shown together, and the lines it covers.
type hunk struct {
	from, to     int // in ops
	aStart, aLen int
	bStart, bLen int
}

// hunks groups the changes of ops with their context, merging those whose
// context touches.
func hunks(ops []op) []hunk {
	var out []hunk
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		from := max(0, i-context)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j + 1
				continue
			}
			if j-end >= 2*context {
				break
			}
		}
		to := min(len(ops), end+context)
		h := hunk{from: from, to: to}
		h.aStart, h.bStart = -1, -1
		for _, o := range ops[from:to] {
			if o.kind != '+' {
				if h.aStart < 0 {
					h.aStart = o.a
				}
				h.aLen++
			}
			if o.kind != '-' {
				if h.bStart < 0 {
					h.bStart = o.b
				}
				h.bLen++
			}
		}
		if h.aStart < 0 {
			h.aStart = ops[from].a
		}
		if h.bStart < 0 {
			h.bStart = ops[from].b
		}
		out = append(out, h)
		i = to
	}
	return out
}
