package xmldoc

import (
	"reflect"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/internal/testfiles"
	"github.com/beevik/etree"
)

// TestStartTagsDepth checks the depth startTags counts: exact for a
// document without empty-element tags, at least the depth of every
// document of the test data.
func TestStartTagsDepth(t *testing.T) {
	for _, c := range []struct {
		doc         string
		tags, depth int
	}{
		{"<r/>", 1, 1},
		{"<r><a>1</a><b><c>2</c></b></r>", 4, 3},
		{"<?xml version=\"1.0\"?><!--c--><r>\\n <a>x</a>\\n</r>", 2, 2},
		{"<r><a/><a/><a/></r>", 4, 4}, // an empty-element tag is not left
	} {
		if tags, depth := startTags([]byte(c.doc)); tags != c.tags || depth != c.depth {
			t.Errorf("startTags(%q) = %d, %d; want %d, %d", c.doc, tags, depth, c.tags, c.depth)
		}
	}
	for _, f := range testDocuments(t) {
		var deepest func(e *etree.Element) int
		deepest = func(e *etree.Element) int {
			n := 0
			for c := range e.ChildElementsSeq() {
				n = max(n, deepest(c))
			}
			return n + 1
		}
		if _, depth := startTags(f.data); depth < deepest(f.doc.Root) {
			t.Errorf("%s: startTags counted depth %d; the document is %d deep", f.path, depth, deepest(f.doc.Root))
		}
	}
}

// testDocument is a test document of profile or eapxml, parsed.
type testDocument struct {
	path string
	data []byte
	doc  *Doc
}

// testDocuments returns the test documents of profile and eapxml that
// parse; it fails the test when there is none.
func testDocuments(t *testing.T) []testDocument {
	t.Helper()
	var out []testDocument
	for _, f := range testfiles.Read(t, 1<<20, "../../profile/testdata/*.xml", "../../eapxml/testdata/*.xml") {
		if d, perr := Parse(srctext.New(f.Path, f.Data), DefaultLimits); perr == nil {
			out = append(out, testDocument{f.Path, f.Data, d})
		}
	}
	if len(out) == 0 {
		t.Fatal("no test document read")
	}
	return out
}

// TestShallowDocumentSmallScratch checks that the lists a shallow
// document's open elements collect their children in are made for its
// depth: a parse of a document 2 deep allocates less than the one chunk
// for 16 depths made for every document before.
func TestShallowDocumentSmallScratch(t *testing.T) {
	src := srctext.New("f", []byte("<r><a>1</a><b>2</b></r>"))
	if _, err := Parse(src, DefaultLimits); err != nil {
		t.Fatal(err)
	}
	const runs = 100
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		if _, err := Parse(src, DefaultLimits); err != nil {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	perParse := (after.TotalAlloc - before.TotalAlloc) / runs
	chunk := uint64(scratchRoom * scratchDepths * (unsafe.Sizeof(etree.Token(nil)) + 4))
	if perParse >= chunk {
		t.Errorf("a parse of a document 2 deep allocated %d bytes; expected less than the %d of a chunk for %d depths", perParse, chunk, scratchDepths)
	}
}

// TestDescendants checks Descendants against a count of the elements
// under each element of the test documents.
func TestDescendants(t *testing.T) {
	checked := 0
	for _, f := range testDocuments(t) {
		d := f.doc
		var count func(e *etree.Element) int
		count = func(e *etree.Element) int {
			n := 0
			for c := range e.ChildElementsSeq() {
				n += 1 + count(c)
			}
			if got := d.Descendants(e); got != n {
				t.Errorf("%s: Descendants(<%s>) = %d; counted %d", f.path, e.Tag, got, n)
			}
			checked++
			return n
		}
		count(d.Root)
	}
	if checked == 0 {
		t.Fatal("no element checked")
	}
	if n := (&Doc{}).Descendants(etree.NewElement("x")); n != 0 {
		t.Errorf("Descendants of an element not in the document = %d", n)
	}
}

// TestDeepDocumentListsMadeOnce checks that the lists of the lists each
// depth collects its children in are made for the depth startTags
// counted, and the stack of open elements held on the goroutine's stack:
// a chain of 12 nested elements costs no more allocations than 12
// elements side by side (29 against 22 with the three lists grown by
// doubling, 21 against 18 with the stack alone).
func TestDeepDocumentListsMadeOnce(t *testing.T) {
	allocs := func(doc string) float64 {
		src := srctext.New("f", []byte(doc))
		return testing.AllocsPerRun(20, func() {
			if _, err := Parse(src, DefaultLimits); err != nil {
				t.Fatal(err)
			}
		})
	}
	chain := strings.Repeat("<a>", 12) + strings.Repeat("</a>", 12)
	flat := "<a>" + strings.Repeat("<a></a>", 11) + "</a>"
	if c, f := allocs(chain), allocs(flat); c > f {
		t.Errorf("a chain of 12 elements made %.0f allocations, 12 side by side %.0f; expected no more for the chain", c, f)
	}
}

// TestBareDeclsReadOnlyDeclarations checks that Decls in a bare tree makes
// strings of the declarations only (their list, two URIs and a prefix,
// the short ones packed together: 3 allocations, where a copy of every
// attribute made 6), with the answer of the full tree.
func TestBareDeclsReadOnlyDeclarations(t *testing.T) {
	src := srctext.New("f", []byte(`<r a="1" b="2" xmlns="urn:x" c="3" xmlns:p="urn:p" d="4"><p:c/></r>`))
	lim := DefaultLimits
	lim.Bare = true
	lean, perr := Parse(src, lim)
	if perr != nil {
		t.Fatal(perr)
	}
	full, perr := Parse(src, DefaultLimits)
	if perr != nil {
		t.Fatal(perr)
	}
	if got, want := lean.Decls(lean.Root), full.Decls(full.Root); !reflect.DeepEqual(got, want) {
		t.Fatalf("Decls in a bare tree = %+v; the full tree's %+v", got, want)
	}
	if n := testing.AllocsPerRun(10, func() { lean.Decls(lean.Root) }); n > 3 {
		t.Errorf("Decls in a bare tree made %.0f allocations; expected at most 3", n)
	}
}
