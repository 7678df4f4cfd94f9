package xmldoc

import (
	"bytes"
	"hash/maphash"
	"strings"
	"unicode/utf8"

	"github.com/beevik/etree"
)

// A document of n elements needs, besides its bytes, about a dozen small
// objects per element: the etree element, its text, its list of children,
// its attributes, their names and values, its positions. Made one by one,
// they cost more than reading the bytes, and the garbage collector's work
// grows with their number. The pass takes the tree's objects from slabs
// (chunks made a few hundred at a time), keeps the positions in lists
// without pointers (see Doc), and gives the names, namespace URIs and
// short values that repeat through a document one string each. Nothing of
// this shows: the tree is the one etree's own reader builds, element by
// element, only its objects are allocated together.

// slab hands out values of type T from chunks that grow up to maxChunk.
type slab[T any] struct {
	free []T
	size int
}

// maxChunk is the most values a slab allocates at once: enough to make
// allocation cheap, small enough that a few objects kept after the
// document is dropped do not keep much else alive.
const maxChunk = 512

// new returns a pointer to a zero T.
func (s *slab[T]) new() *T {
	if len(s.free) == 0 {
		s.size = min(max(2*s.size, 16), maxChunk)
		s.free = make([]T, s.size)
	}
	t := &s.free[0]
	s.free = s.free[1:]
	return t
}

// reserve makes the slab's first chunk hold n values (at most maxChunk),
// for a caller that knows how many it will ask for: a small document's
// elements in one chunk of their number, not in chunks of 16 and 32.
func (s *slab[T]) reserve(n int) {
	if len(s.free) == 0 && n > 0 {
		s.size = min(n, maxChunk)
		s.free = make([]T, s.size)
	}
}

// slice returns a slice of n zero Ts whose capacity is n, so that
// appending to it never writes over another's.
func (s *slab[T]) slice(n int) []T {
	if n > maxChunk/4 {
		return make([]T, n)
	}
	if len(s.free) < n {
		s.size = min(max(2*s.size, 16), maxChunk)
		s.free = make([]T, max(s.size, n))
	}
	t := s.free[:n:n]
	s.free = s.free[n:]
	return t
}

// startTags counts the '<' of data followed by a byte that may start a
// name: the start tags, and a few more when comments or CDATA sections
// hold some. depth is the deepest nesting they reach, counting each such
// '<' one level in and each "</" one level out: at least the document's
// depth (an empty-element tag counts as a level it does not leave), a
// hint for the room the pass makes ahead, never a limit.
func startTags(data []byte) (n, depth int) {
	open := 0
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			return n, depth
		}
		i += j + 1
		switch {
		case i >= len(data):
		case data[i] >= utf8.RuneSelf || nameFirst[data[i]]:
			n++
			if open++; open > depth {
				depth = open
			}
		case data[i] == '/':
			open--
		}
	}
}

// grow returns s with room for n more elements: its capacity doubles when
// it must grow. The lists of positions are appended to for every element;
// append grows a long slice by a quarter at a time, which copies it about
// five times over, against twice when it doubles.
func grow[T any](s []T, n int) []T {
	if len(s)+n <= cap(s) {
		return s
	}
	t := make([]T, len(s), max(2*cap(s), len(s)+n, 64))
	copy(t, s)
	return t
}

// Interning: a string of at most maxInterned bytes is looked up in a
// table of recent strings, indexed by a hash of its bytes; a miss makes
// the string and puts it in the slot. The table is a cache, not a set: a
// slot is overwritten by the next string that hashes to it, so it never
// grows, and a document of strings that do not repeat costs one hash per
// string and no more.
const (
	maxInterned = 64
	maxSlots    = 1 << 12 // a power of two
)

// internSeed seeds the hash of the table: which slot a string takes does
// not change what str returns.
var internSeed = maphash.MakeSeed()

// str returns b as a string: the same string for the same bytes, as often
// as the table remembers it.
func (p *pass) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > maxInterned {
		return string(b)
	}
	if p.strs == nil {
		// A slot for about every 64 bytes of the document, up to maxSlots.
		n := 64
		for n < maxSlots && n*64 < len(p.data) {
			n *= 2
		}
		p.strs = make([]string, n)
	}
	slot := &p.strs[maphash.Bytes(internSeed, b)&uint64(len(p.strs)-1)]
	if *slot == string(b) {
		return *slot
	}
	s := string(b)
	*slot = s
	return s
}

// newElement adds an element named qname, at depth depth and index n in
// the positions, to parent, as etree's CreateElement does (the prefix
// split at the first colon, empty attributes and children), taking its
// objects from the slabs. Until it closes, its children are added to a
// list kept for its depth, which closeElement replaces with one of the
// right size.
func (p *pass) newElement(parent *etree.Element, qname string, depth int, n int32) *etree.Element {
	e := p.elements.new()
	if colon := strings.IndexByte(qname, ':'); colon >= 0 {
		e.Space, e.Tag = qname[:colon], qname[colon+1:]
	} else {
		e.Tag = qname
	}
	e.Attr = []etree.Attr{}
	if len(p.scratch) == 0 {
		// Depth 0, the document's, has no list: the document's own
		// children are etree's. The lists of lists are made for the
		// depths startTags counted, not grown one doubling at a time.
		room := min(max(p.depthHint, 1), scratchDepths) + 1
		p.scratch, p.kidScratch = make([][]etree.Token, 1, room), make([][]int32, 1, room)
	}
	for len(p.scratch) <= depth {
		// Each depth's lists start with room for scratchRoom children,
		// carved from chunks: most elements have fewer, and a list grown
		// one append at a time from nothing costs an allocation at each
		// doubling, at every depth, in every document. The first chunk
		// serves the depths startTags counted (a profile's 4 or 5, where
		// scratchDepths would leave most of it unused), the others
		// scratchDepths each.
		if len(p.tokChunk) < scratchRoom {
			depths := scratchDepths
			if len(p.scratch) == 1 {
				depths = min(max(p.depthHint, 1), scratchDepths)
			}
			p.tokChunk = make([]etree.Token, scratchRoom*depths)
			p.kidChunk = make([]int32, scratchRoom*depths)
		}
		p.scratch = append(p.scratch, p.tokChunk[:0:scratchRoom])
		p.kidScratch = append(p.kidScratch, p.kidChunk[:0:scratchRoom])
		p.tokChunk, p.kidChunk = p.tokChunk[scratchRoom:], p.kidChunk[scratchRoom:]
	}
	e.Child = p.scratch[depth][:0]
	parent.AddChild(e)
	p.addKid(depth-1, n)
	return e
}

// scratchRoom is the room each depth's lists of children start with, and
// scratchDepths the depths one chunk serves.
const (
	scratchRoom   = 16
	scratchDepths = 16
)

// addKid records that the element open at depth (none at depth 0) has a
// new child, the element n of the positions or, for -1, another token.
func (p *pass) addKid(depth int, n int32) {
	if depth > 0 {
		p.kidScratch[depth] = append(p.kidScratch[depth], n)
	}
}

// closeElement gives e, at depth depth and index n in the positions, its
// list of children for good, and records which of them are elements.
func (p *pass) closeElement(e *etree.Element, depth int, n int32) {
	kids := e.Child
	p.scratch[depth] = kids[:0] // kept for the next element of that depth
	info := &p.info[n]
	info.kids, info.nkids = int32(len(p.kids)), int32(len(p.kidScratch[depth]))
	p.kids = append(grow(p.kids, len(p.kidScratch[depth])), p.kidScratch[depth]...)
	p.kidScratch[depth] = p.kidScratch[depth][:0]
	if len(kids) == 0 {
		e.Child = []etree.Token{}
		return
	}
	e.Child = p.children.slice(len(kids))
	copy(e.Child, kids)
}

// newText adds character data to parent, at depth depth, as CreateText
// and SetData do (SetData marks white space, as etree's reader does).
func (p *pass) newText(parent *etree.Element, data string, depth int) {
	c := p.texts.new()
	parent.AddChild(c)
	c.SetData(data)
	p.addKid(depth, -1)
}
