package input

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"slices"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/aovpnlint/aovpnlint/internal/secret"
	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/lint"
)

// Rewriting a file for `aovpnlint fix`: the edits of findings, made in
// the decoded text of a document, are carried back through every wrapper
// to the file's bytes (see srctext's Lift), so that each value changes
// where it is written, in the wrapper's own escaping; a base64 value is
// encoded again whole, and the file is written in its own encoding, byte
// order mark included. Everything else keeps its bytes. The result is read
// again and must hold the same documents, each with exactly the text the
// edits give it; otherwise nothing is changed.

// Rewritten is the outcome of [File.Rewrite].
type Rewritten struct {
	// Data is the new content of the file; nil when no group was made.
	Data []byte
	// File is Data read again, with the limits given; nil with Data.
	File *File
	// Made lists the groups made, by index, in order.
	Made []int
	// Deferred lists the groups left for another pass: each overlaps a
	// group made before it (the same bytes, or bytes it copies).
	Deferred []int
	// Refused lists the groups that cannot be made in this file, and why.
	Refused []Refusal
}

// Refusal is a group of edits that cannot be made, and why, in lower case.
type Refusal struct {
	Group int
	Why   string
}

// NotRewritable is the error of [File.Rewrite] when the file as a whole
// cannot be rewritten: its kind, its encoding, or a result that does not
// read back as it should.
type NotRewritable struct{ Why string }

// Error returns why the file cannot be rewritten.
func (e *NotRewritable) Error() string { return e.Why }

// pendingChange is a change of one group on its way to the file's text.
type pendingChange struct {
	groups []int // the group, or the groups an encoded value is made of
	text   *srctext.Text
	ch     srctext.Change
}

// Rewrite makes the edits of groups (each the edits of one finding, made
// all or none) in the file, in order: a group that overlaps one made
// before it is deferred, a group that cannot be made exactly is refused.
// The file must have been read by [Read] (or Open), and the edits must
// point into its texts. lim bounds the reading of the result. The error
// is a *[NotRewritable] when nothing can be changed in the file.
func (f *File) Rewrite(groups [][]lint.Edit, lim Limits) (*Rewritten, error) {
	out := &Rewritten{}
	switch {
	case f.Text == nil || f.Kind == Certificate || f.Kind == TooLarge:
		return out, &NotRewritable{"the file holds no text aovpnlint can rewrite"}
	case f.Kind == WMI:
		return out, &NotRewritable{"a WMI listing is what Windows reads back, with lines wrapped at a fixed width; fix the profile that was deployed, not the listing"}
	}
	if _, err := encodeLike(f.Raw, f.Text.Data, f.Text.Data); err != nil {
		return out, &NotRewritable{err.Error()}
	}
	docOf := map[*srctext.Text]int{}
	for i, d := range f.Docs {
		docOf[d.Text] = i
	}
	type docChange struct {
		doc   int
		group int
		ch    srctext.Change
	}
	var docChanges []docChange
	refused := map[int]string{}
	var pending []pendingChange
	for g, edits := range groups {
		var mine []pendingChange
		for _, e := range edits {
			t, ok := e.In.(*srctext.Text)
			if !ok || rootOf(t) != f.Text {
				refused[g] = "the edit does not point into this file"
				break
			}
			t, ch, err := liftToStop(t, srctext.EditChange(e), func(t *srctext.Text, ch srctext.Change) {
				if i, ok := docOf[t]; ok {
					docChanges = append(docChanges, docChange{i, g, ch})
				}
			})
			if err != nil {
				refused[g] = err.Error()
				break
			}
			if !inside(ch, len(t.Data)) {
				refused[g] = "the edit points outside its text"
				break
			}
			mine = append(mine, pendingChange{groups: []int{g}, text: t, ch: ch})
		}
		if refused[g] == "" {
			pending = append(pending, mine...)
		}
	}
	deferred := map[int]bool{}
	// Encoded values first, the deepest first, then the file's text.
	for {
		var stop *srctext.Text
		for _, p := range pending {
			if p.text != f.Text && (stop == nil || p.text.Depth() > stop.Depth()) {
				stop = p.text
			}
		}
		if stop == nil {
			break
		}
		here, rest := split(pending, stop)
		here = resolve(here, deferred)
		made, err := encodeValue(stop, here)
		if err == nil {
			made.text, made.ch, err = liftToStop(made.text, made.ch, nil)
		}
		if err != nil {
			for _, p := range here {
				for _, g := range p.groups {
					refused[g] = err.Error()
				}
			}
			pending = rest
			continue
		}
		pending = append(rest, made)
	}
	pending = resolve(pending, deferred)
	var all []srctext.Change
	madeGroups := map[int]bool{}
	for _, p := range pending {
		ok := true
		for _, g := range p.groups {
			ok = ok && refused[g] == "" && !deferred[g]
		}
		if !ok {
			continue
		}
		all = append(all, p.ch)
		for _, g := range p.groups {
			madeGroups[g] = true
		}
	}
	for g := range groups {
		switch {
		case refused[g] != "":
			out.Refused = append(out.Refused, Refusal{g, refused[g]})
		case deferred[g]:
			out.Deferred = append(out.Deferred, g)
		case madeGroups[g]:
			out.Made = append(out.Made, g)
		}
	}
	if len(out.Made) == 0 {
		return out, nil
	}
	text, err := f.Text.Apply(all)
	if err != nil {
		return &Rewritten{}, &NotRewritable{err.Error()}
	}
	data, err := encodeLike(f.Raw, f.Text.Data, text)
	if err != nil {
		return &Rewritten{}, &NotRewritable{err.Error()}
	}
	// The documents as the edits make them, to compare with the result.
	want := make([][]byte, len(f.Docs))
	for i, d := range f.Docs {
		var cs []srctext.Change
		for _, c := range docChanges {
			if c.doc == i && madeGroups[c.group] {
				cs = append(cs, c.ch)
			}
		}
		if want[i], err = d.Text.Apply(cs); err != nil {
			return &Rewritten{}, &NotRewritable{err.Error()}
		}
	}
	again := Read(f.Name, data, lim)
	if why := sameDocuments(f, again, want); why != "" {
		return &Rewritten{}, &NotRewritable{"the rewritten file would not read back as the corrected documents (" + why + "), so it is left as it is; please report this to the aovpnlint project"}
	}
	out.Data, out.File = data, again
	return out, nil
}

// liftToStop lifts the change ch of t through each text t was derived
// from, calling visit (when not nil) with each text and the change there,
// t first, until it reaches the file's own text or a text decoded from an
// encoded value, which it returns with the change there.
func liftToStop(t *srctext.Text, ch srctext.Change, visit func(*srctext.Text, srctext.Change)) (*srctext.Text, srctext.Change, error) {
	for {
		if visit != nil {
			visit(t, ch)
		}
		next, err := t.Lift(ch)
		if errors.Is(err, srctext.ErrRoot) || errors.Is(err, srctext.ErrOpaque) {
			return t, ch, nil
		}
		if err != nil {
			return nil, srctext.Change{}, err
		}
		t, ch = t.Parent(), next
	}
}

func rootOf(t *srctext.Text) *srctext.Text {
	for t.Parent() != nil {
		t = t.Parent()
	}
	return t
}

// split separates the changes made in t from the others.
func split(ps []pendingChange, t *srctext.Text) (here, rest []pendingChange) {
	for _, p := range ps {
		if p.text == t {
			here = append(here, p)
		} else {
			rest = append(rest, p)
		}
	}
	return here, rest
}

// resolve keeps, of changes in one text, those of groups that overlap no
// group before them, and marks the others deferred. Two groups overlap
// when a change of one touches the bytes a change of the other replaces
// or copies, or both insert at one offset.
func resolve(ps []pendingChange, deferred map[int]bool) []pendingChange {
	// The changes of each group, in group order.
	var order []int
	of := map[int][]srctext.Change{}
	for _, p := range ps {
		g := p.groups[0]
		if _, ok := of[g]; !ok {
			order = append(order, g)
		}
		of[g] = append(of[g], p.ch)
	}
	slices.Sort(order)
	kept := newKeptIndex(ps)
	for _, g := range order {
		if deferred[g] {
			continue
		}
		clash := false
		for _, c := range of[g] {
			clash = clash || kept.clashes(c)
		}
		if clash {
			deferred[g] = true
			continue
		}
		for _, c := range of[g] {
			kept.add(c)
		}
	}
	var out []pendingChange
	for _, p := range ps {
		if !deferred[p.groups[0]] {
			out = append(out, p)
		}
	}
	return out
}

// inside reports whether a change and the pieces it copies lie within a
// text of n bytes, as resolve's index needs: it spans the offsets the
// changes touch.
func inside(ch srctext.Change, n int) bool {
	if ch.Start < 0 || ch.End < ch.Start || ch.End > n {
		return false
	}
	for _, p := range ch.Pieces {
		if p.Copy && (p.Start < 0 || p.End < p.Start || p.End > n) {
			return false
		}
	}
	return true
}

// keptIndex holds the changes resolve has kept as the offsets they touch,
// so that whether a change clashes with any of them (overlaps or copies,
// either way, with one) is read from the offsets the change touches, not
// found by comparing it with each: resolving 27,000 changes of a file of
// many documents had taken 28 s. Each set holds offsets of the text:
//
//   - starts: where each kept change starts; ins: where each empty one
//     (an insertion) is;
//   - repl: the bytes the non-empty ones replace; replIn: the offsets
//     strictly inside them;
//   - copied: the bytes their pieces copy; copyIn: the offsets strictly
//     inside those pieces; copyPts: where their empty copied pieces are.
//
// The sets span the offsets the changes touch, from the first to the last,
// a bit each: seven bits a byte of that span.
type keptIndex struct {
	starts, ins, repl, replIn, copied, copyIn, copyPts bitset
}

// newKeptIndex returns an empty index for the offsets the changes of ps
// touch.
func newKeptIndex(ps []pendingChange) *keptIndex {
	lo, hi := math.MaxInt, 0
	for _, p := range ps {
		lo, hi = min(lo, p.ch.Start), max(hi, p.ch.End)
		for _, pc := range p.ch.Pieces {
			if pc.Copy {
				lo, hi = min(lo, pc.Start), max(hi, pc.End)
			}
		}
	}
	lo = min(lo, hi)
	k := &keptIndex{}
	for _, b := range []*bitset{&k.starts, &k.ins, &k.repl, &k.replIn, &k.copied, &k.copyIn, &k.copyPts} {
		*b = bitset{base: lo, words: make([]uint64, (hi-lo)/64+1)}
	}
	return k
}

// add records a kept change.
func (k *keptIndex) add(c srctext.Change) {
	k.starts.set(c.Start, c.Start+1)
	if c.Start == c.End {
		k.ins.set(c.Start, c.Start+1)
	} else {
		k.repl.set(c.Start, c.End)
		k.replIn.set(c.Start+1, c.End)
	}
	for _, p := range c.Pieces {
		switch {
		case !p.Copy:
		case p.Start == p.End:
			k.copyPts.set(p.Start, p.Start+1)
		default:
			k.copied.set(p.Start, p.End)
			k.copyIn.set(p.Start+1, p.End)
		}
	}
}

// clashes reports whether c overlaps a kept change (see overlaps), copies
// bytes one replaces, or replaces bytes one copies (see copies).
func (k *keptIndex) clashes(c srctext.Change) bool {
	if c.Start == c.End {
		x := c.Start
		if k.starts.any(x, x+1) || k.replIn.any(x, x+1) || k.copyIn.any(x, x+1) {
			return true
		}
	} else if k.repl.any(c.Start, c.End) || k.ins.any(c.Start, c.End) || k.copied.any(c.Start, c.End) || k.copyPts.any(c.Start+1, c.End) {
		return true
	}
	for _, p := range c.Pieces {
		switch {
		case !p.Copy:
		case p.Start == p.End:
			if k.replIn.any(p.Start, p.Start+1) {
				return true
			}
		case k.repl.any(p.Start, p.End) || k.ins.any(p.Start+1, p.End):
			return true
		}
	}
	return false
}

// bitset is a set of the integers from base to base+64*len(words).
type bitset struct {
	base  int
	words []uint64
}

// set adds from to to (excluded); integers outside the span are ignored.
func (b bitset) set(from, to int) {
	for i := max(from-b.base, 0); i < min(to-b.base, 64*len(b.words)); i++ {
		b.words[i/64] |= 1 << (i % 64)
	}
}

// any reports whether the set holds one of from to to (excluded).
func (b bitset) any(from, to int) bool {
	from, to = max(from-b.base, 0), min(to-b.base, 64*len(b.words))
	for i := from; i < to; {
		if i%64 == 0 && i+64 <= to {
			if b.words[i/64] != 0 {
				return true
			}
			i += 64
			continue
		}
		if b.words[i/64]&(1<<(i%64)) != 0 {
			return true
		}
		i++
	}
	return false
}

// encodeValue makes the changes in t, a text decoded from a base64 value,
// and returns the change of its parent that writes the value again: the
// same encoding of the text (UTF-8 or UTF-16, its byte order mark), the
// same padding, on one line as it was.
func encodeValue(t *srctext.Text, changes []pendingChange) (pendingChange, error) {
	at, what, ok := t.OpaqueAt()
	parent := t.Parent()
	if !ok || what != "base64 value" || at < 1 || at > len(parent.Data) || parent.Data[at-1] != '"' {
		return pendingChange{}, errors.New("the document is decoded from a value aovpnlint does not write back")
	}
	end := bytes.IndexByte(parent.Data[at:], '"')
	if end < 0 {
		return pendingChange{}, errors.New("the base64 value is not closed")
	}
	value := parent.Data[at : at+end]
	for _, c := range value {
		if !isBase64Byte(c) {
			return pendingChange{}, errors.New("the base64 value is wrapped or escaped; aovpnlint rewrites a base64 value written on one line")
		}
	}
	trimmed := bytes.TrimRight(value, "=")
	enc := base64.RawStdEncoding
	if len(trimmed) != len(value) || len(value)%4 == 0 {
		enc = base64.StdEncoding
	}
	raw, err := base64.RawStdEncoding.DecodeString(string(trimmed))
	if err != nil {
		return pendingChange{}, fmt.Errorf("the base64 value cannot be decoded again: %v", err)
	}
	var cs []srctext.Change
	var groups []int
	for _, p := range changes {
		cs = append(cs, p.ch)
		groups = append(groups, p.groups...)
	}
	text, err := t.Apply(cs)
	if err != nil {
		return pendingChange{}, err
	}
	data, err := encodeLike(raw, t.Data, text)
	if err != nil {
		return pendingChange{}, fmt.Errorf("inside the base64 value: %v", err)
	}
	encoded := enc.EncodeToString(data)
	return pendingChange{groups: groups, text: parent, ch: srctext.Change{Start: at, End: at + end, Pieces: []srctext.Piece{{Lit: encoded}}}}, nil
}

func isBase64Byte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '='
}

// sameDocuments says how the file read again differs from the file with
// its documents replaced by want; "" when it does not.
func sameDocuments(before, after *File, want [][]byte) string {
	switch {
	case after.Kind != before.Kind:
		return fmt.Sprintf("it would read as a %s instead of a %s", after.Kind, before.Kind)
	case len(after.Docs) != len(before.Docs):
		return fmt.Sprintf("it would hold %d documents instead of %d", len(after.Docs), len(before.Docs))
	}
	for i, d := range after.Docs {
		b := before.Docs[i]
		switch {
		case d.Kind != b.Kind:
			return fmt.Sprintf("document %d would change kind", i+1)
		case (d.XML == nil) != (b.XML == nil):
			return fmt.Sprintf("document %d would change whether it is well-formed", i+1)
		case !bytes.Equal(d.Text.Data, want[i]):
			return fmt.Sprintf("document %d would read differently", i+1)
		}
	}
	return ""
}

// encodeLike returns text written in the encoding raw was read in (see
// decodeText), where old is what raw decodes to: the byte order mark and
// the byte order kept, so that the bytes of what did not change are the
// bytes of raw. It fails when raw cannot be written back exactly.
func encodeLike(raw, old, text []byte) ([]byte, error) {
	decoded, enc, _ := decodeText(raw)
	if !bytes.Equal(decoded, old) {
		return nil, errors.New("the text does not decode from the file's bytes")
	}
	encode := func(t []byte) ([]byte, bool) {
		switch enc {
		case "UTF-8":
			return t, utf8.Valid(t)
		case "UTF-8 with BOM":
			if utf8.Valid(raw[3:]) {
				return append([]byte{0xEF, 0xBB, 0xBF}, t...), utf8.Valid(t)
			}
			b, ok := toWindows1252(t)
			return append([]byte{0xEF, 0xBB, 0xBF}, b...), ok
		case "UTF-16 LE with BOM":
			b, ok := toUTF16(t, false)
			return append([]byte{0xFF, 0xFE}, b...), ok
		case "UTF-16 BE with BOM":
			b, ok := toUTF16(t, true)
			return append([]byte{0xFE, 0xFF}, b...), ok
		case "UTF-16 LE":
			return toUTF16(t, false)
		case "UTF-16 BE":
			return toUTF16(t, true)
		case "Windows-1252":
			return toWindows1252(t)
		}
		return nil, false
	}
	if back, ok := encode(old); !ok || !bytes.Equal(back, raw) {
		return nil, fmt.Errorf("the file's bytes cannot be written back exactly in its encoding (%s): it has an odd trailing byte, an unpaired surrogate or a byte the encoding leaves undefined", enc)
	}
	out, ok := encode(text)
	if !ok {
		return nil, fmt.Errorf("the corrected text cannot be written in the file's encoding (%s)", enc)
	}
	return out, nil
}

// toUTF16 encodes UTF-8 text as UTF-16 code units, big-endian when be.
func toUTF16(t []byte, be bool) ([]byte, bool) {
	out := make([]byte, 0, 2*len(t))
	put := func(u uint16) {
		if be {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	for len(t) > 0 {
		r, size := utf8.DecodeRune(t)
		if r == utf8.RuneError && size <= 1 {
			return nil, false
		}
		t = t[size:]
		if r >= 0x10000 {
			a, b := utf16.EncodeRune(r)
			put(uint16(a))
			put(uint16(b))
			continue
		}
		put(uint16(r))
	}
	return out, true
}

// toWindows1252 encodes UTF-8 text as Windows-1252; ok is false for a
// character the code page does not have (U+FFFD, read from an undefined
// byte, among them).
func toWindows1252(t []byte) ([]byte, bool) {
	out := make([]byte, 0, len(t))
	for len(t) > 0 {
		r, size := utf8.DecodeRune(t)
		t = t[size:]
		switch {
		case r < 0x80 || (r >= 0xA0 && r <= 0xFF):
			out = append(out, byte(r))
		default:
			i := slices.Index(cp1252[:], r)
			if i < 0 || r == '\uFFFD' {
				return nil, false
			}
			out = append(out, byte(0x80+i))
		}
	}
	return out, true
}

// Withheld returns the ranges of the file's decoded text (Text) that must
// never be shown: the content of every secret written in it, and every
// base64 value whose decoded documents hold a secret, whole.
func (f *File) Withheld() []lint.Range {
	if f.Text == nil {
		return nil
	}
	var out []lint.Range
	for _, s := range f.Text.Secrets() {
		out = append(out, lint.Range{Start: s.Start, End: s.End})
	}
	for _, d := range f.Docs {
		for t := d.Text; t != nil && t.Parent() != nil; t = t.Parent() {
			at, _, ok := t.OpaqueAt()
			if !ok || len(secret.Find(d.Text.Data)) == 0 {
				continue
			}
			parent := t.Parent()
			end := bytes.IndexByte(parent.Data[min(at, len(parent.Data)):], '"')
			if end < 0 {
				end = len(parent.Data) - at
			}
			s, _ := parent.Root(at)
			e, _ := parent.Root(at + end)
			out = append(out, lint.Range{Start: s, End: max(e, s+1)})
		}
	}
	slices.SortFunc(out, func(a, b lint.Range) int { return a.Start - b.Start })
	return out
}
