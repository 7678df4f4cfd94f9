package xmldoc

import (
	"runtime"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
)

// allocated returns the bytes and objects allocated by one call of f.
func allocated(f func()) (bytes, objects uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, after.Mallocs - before.Mallocs
}

// TestParseAllocations checks what a parse costs in memory: a document
// shaped like an NPS export allocates at most 7 times its size (the tree
// etree needs, about 6 times, and the positions, without the copies of
// lists grown as they fill, which made it 9 times), a few objects per
// kilobyte (the tree's objects come from slabs), and 10 times the
// document costs at most 11 times the memory.
func TestParseAllocations(t *testing.T) {
	lim := Limits{MaxDepth: 256, MaxElements: 10_000_000}
	small, large := exportLike(100), exportLike(1000)
	var sb, so, lb, lo uint64
	for _, c := range []struct {
		data           []byte
		bytes, objects *uint64
	}{{small, &sb, &so}, {large, &lb, &lo}} {
		*c.bytes, *c.objects = allocated(func() {
			if _, err := Parse(srctext.New("f", c.data), lim); err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Logf("%d bytes in %d objects for %d bytes, %d in %d for %d", sb, so, len(small), lb, lo, len(large))
	if lb > 7*uint64(len(large)) {
		t.Errorf("%d bytes allocated for a document of %d", lb, len(large))
	}
	if lo > uint64(len(large))/100 {
		t.Errorf("%d objects allocated for a document of %d bytes", lo, len(large))
	}
	if lb > 11*sb || lo > 11*so {
		t.Errorf("10 times the document: %d bytes in %d objects against %d in %d", lb, lo, sb, so)
	}
}

// TestPresizeBounded checks that the lists made in advance follow the
// budget, not the bytes: a document whose comment holds a million '<' and
// '=', read with a budget of a thousand nodes, is read without lists for
// a million elements.
func TestPresizeBounded(t *testing.T) {
	doc := []byte("<r><!--" + strings.Repeat("<=", 1_000_000) + "--></r>")
	b, _ := allocated(func() {
		if _, err := Parse(srctext.New("f", doc), Limits{MaxElements: 1000}); err != nil {
			t.Fatal(err)
		}
	})
	// The comment, once, and little else.
	if b > uint64(len(doc))+1<<20 {
		t.Errorf("%d bytes allocated for a document of %d", b, len(doc))
	}
}

// TestSmallDocumentElementsInOneChunk checks that the elements of a small
// document come from one chunk of their number (the start tags counted
// before the parse): a document of 17 elements takes as many allocations
// as one of 9, where chunks of 16 and then 32 took one more.
func TestSmallDocumentElementsInOneChunk(t *testing.T) {
	allocs := func(groups int) float64 {
		src := srctext.New("f", []byte("<a>"+strings.Repeat("<b>"+strings.Repeat("<c/>", 7)+"</b>", groups)+"</a>"))
		return testing.AllocsPerRun(5, func() {
			if _, err := Parse(src, Limits{Bare: true}); err != nil {
				t.Fatal(err)
			}
		})
	}
	few, more := allocs(1), allocs(2)
	if more > few {
		t.Errorf("a document of 17 elements took %.0f allocations, one of 9 %.0f", more, few)
	}
}
