package input_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/beevik/etree"
)

// scanElement is an element with its path, as Places kept every element
// before issue 9.
type scanElement struct {
	Path       string
	Start, End lint.Pos
}

// scanElements lists the elements of f's documents in document order with
// their paths, walking the trees as Places did before issue 9: it is the
// reference Places is compared with, and shares no code with it.
func scanElements(f *input.File) []scanElement {
	var out []scanElement
	var walk func(x *xmldoc.Doc, e *etree.Element, path string)
	walk = func(x *xmldoc.Doc, e *etree.Element, path string) {
		path += e.Tag
		start, end := x.Span(e)
		out = append(out, scanElement{Path: path, Start: x.Src.Pos(start), End: x.Src.Pos(end)})
		for _, c := range e.ChildElements() {
			walk(x, c, path+"/")
		}
		if inner := x.Embedded[e]; inner != nil {
			walk(inner, inner.Root, path+"/")
		}
	}
	for _, d := range f.Docs {
		if d.XML != nil {
			walk(d.XML, d.XML.Root, "")
		}
	}
	return out
}

// scanElementPath is the element path found by looking at every element:
// the deepest that contains pos, the later of two as deep. It is the
// reference ElementPath is compared with.
func scanElementPath(elems []scanElement, pos lint.Pos) string {
	path, depth := "", -1
	for _, e := range elems {
		if !pos.Before(e.Start) && !e.End.Before(pos) {
			if d := strings.Count(e.Path, "/"); d >= depth {
				path, depth = e.Path, d
			}
		}
	}
	return path
}

// scanElementEnd is the end of the element scanElementPath finds, or a
// zero position.
func scanElementEnd(elems []scanElement, pos lint.Pos) lint.Pos {
	var end lint.Pos
	depth := -1
	for _, e := range elems {
		if !pos.Before(e.Start) && !e.End.Before(pos) {
			if d := strings.Count(e.Path, "/"); d >= depth {
				end, depth = e.End, d
			}
		}
	}
	return end
}

// scanFollowing is the span of the element that starts first after pos
// (the first in document order of two that start together): the element
// an inline suppression at pos applies to.
func scanFollowing(elems []scanElement, pos lint.Pos) (start, end lint.Pos) {
	for _, e := range elems {
		if pos.Before(e.Start) && (start.Line == 0 || e.Start.Before(start)) {
			start, end = e.Start, e.End
		}
	}
	return start, end
}

// placesDocs are documents whose elements touch, nest deeply, hold an
// escaped document, or come in several documents in one file.
var placesDocs = map[string]string{
	"touching.xml": `<VPNProfile><A/><B/><C><D/><E/></C><F>x</F><G/></VPNProfile>`,
	"nested.xml": `<VPNProfile>
  <!-- aovpnlint:ignore VPN024 first -->
  <A><B><C><D>text</D></C></B></A>
  <!-- aovpnlint:ignore VPN023,VPN024 second --><!-- aovpnlint:ignore VPN012 same element -->
  <A>
    <B/><!-- aovpnlint:ignore VPN001 -->
  </A>
  <!-- aovpnlint:ignore VPN024 nothing follows -->
</VPNProfile>
<!-- aovpnlint:ignore VPN024 after the root -->`,
	"mixed.xml": `<VPNProfile><NativeProfile><Authentication><Eap><Configuration>&lt;EapHostConfig&gt;&lt;!-- aovpnlint:ignore EAP001 escaped --&gt;&lt;EapMethod&gt;&lt;Type&gt;13&lt;/Type&gt;&lt;/EapMethod&gt;&lt;/EapHostConfig&gt;</Configuration></Eap></Authentication></NativeProfile></VPNProfile>`,
	"two.ps1": "$a = @'\n<VPNProfile><!-- aovpnlint:ignore VPN024 one --><Route><Address>10.0.0.0</Address></Route></VPNProfile>\n'@\n" +
		"$b = @'\n<VPNProfile>\n  <!-- aovpnlint:ignore VPN024 two -->\n  <Route><Address>10.1.0.0</Address></Route>\n</VPNProfile>\n'@\n",
}

// TestPlacesMatchScan compares ElementPath and Ignores with the scans over
// every element they replaced, at every line and column of the fixtures
// of this package and of the documents above.
func TestPlacesMatchScan(t *testing.T) {
	files := map[string][]byte{}
	for name, text := range placesDocs {
		files[name] = []byte(text)
	}
	names, err := filepath.Glob(filepath.Join("testdata", "*"))
	if err != nil {
		t.Fatal(err)
	}
	names = append(names, filepath.Join("..", "config", "testdata", "inline_ignore.xml"))
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = data
	}
	compared, ignores := 0, 0
	for name, data := range files {
		f := input.Read(name, data, input.Limits{})
		if name == "two.ps1" {
			// Documents out of file order, so that the elements must be
			// sorted.
			slices.Reverse(f.Docs)
		}
		elems := scanElements(f)
		pl := f.Places(true)
		lines := strings.Split(string(data), "\n")
		for line := 1; line <= len(lines)+1; line++ {
			width := 2
			if line <= len(lines) {
				width += len(lines[line-1])
			}
			for col := 1; col <= width; col++ {
				pos := lint.Pos{File: name, Line: line, Col: col}
				if got, want := pl.ElementPath(pos), scanElementPath(elems, pos); got != want {
					t.Errorf("%s:%d:%d: ElementPath %q, want %q", name, line, col, got, want)
				}
				if path, end := pl.Element(pos, -1); path != scanElementPath(elems, pos) || end != scanElementEnd(elems, pos) {
					t.Errorf("%s:%d:%d: Element %q ending at %v, want %q ending at %v", name, line, col, path, end, scanElementPath(elems, pos), scanElementEnd(elems, pos))
				}
				compared++
			}
		}
		if len(elems) > 0 {
			mid := elems[len(elems)/2].Start
			if got, want := f.ElementPath(mid), scanElementPath(elems, mid); got != want {
				t.Errorf("%s: File.ElementPath(%s) is %q, want %q", name, mid, got, want)
			}
		}
		for _, ig := range pl.Ignores {
			start, end := scanFollowing(elems, ig.Pos)
			if ig.Start != start || ig.End != end {
				t.Errorf("%s: the suppression at %s spans %s-%s, want %s-%s", name, ig.Pos, ig.Start, ig.End, start, end)
			}
			ignores++
		}
		if !slices.EqualFunc(pl.Ignores, f.Ignores(), func(a, b input.Ignore) bool {
			return a.Pos == b.Pos && a.Start == b.Start && a.End == b.End && a.Reason == b.Reason && slices.Equal(a.Rules, b.Rules)
		}) {
			t.Errorf("%s: Places.Ignores and File.Ignores differ", name)
		}
		if without := f.Places(false); without.ElementPath(lint.Pos{Line: 1, Col: 2}) != "" || len(without.Ignores) != len(pl.Ignores) {
			t.Errorf("%s: places without elements: %d suppressions, path %q", name, len(without.Ignores), without.ElementPath(lint.Pos{Line: 1, Col: 2}))
		}
	}
	// The generated documents must have exercised what they are for.
	f := input.Read("nested.xml", []byte(placesDocs["nested.xml"]), input.Limits{})
	var got []string
	for _, ig := range f.Ignores() {
		got = append(got, fmt.Sprintf("%s %s %d:%d", strings.Join(ig.Rules, ","), ig.Reason, ig.Start.Line, ig.Start.Col))
	}
	want := []string{"VPN024 first 3:3", "VPN023,VPN024 second 5:3", "VPN012 same element 5:3", "VPN001  0:0", "VPN024 nothing follows 0:0", "VPN024 after the root 0:0"}
	if !slices.Equal(got, want) {
		t.Errorf("suppressions of nested.xml:\n got %q\nwant %q", got, want)
	}
	mixed := input.Read("mixed.xml", []byte(placesDocs["mixed.xml"]), input.Limits{})
	if p := mixed.Places(true); len(p.Ignores) != 1 || p.ElementPath(p.Ignores[0].Start) != "VPNProfile/NativeProfile/Authentication/Eap/Configuration/EapHostConfig/EapMethod" {
		t.Errorf("the escaped document's suppression: %+v", p.Ignores)
	}
	t.Logf("%d positions and %d suppressions compared", compared, ignores)
}

// hostileProfile is a profile of n elements (the root and n-1 Route
// elements, each on its own line, line 2+2i for the i-th) with an inline
// suppression comment on the line before each Route and one after the
// last: n comments, each before its element.
func hostileProfile(n int) []byte {
	var b strings.Builder
	b.WriteString("<VPNProfile>\n")
	for i := range n - 1 {
		fmt.Fprintf(&b, "  <!-- aovpnlint:ignore VPN024 route %d -->\n  <Route>%d</Route>\n", i, i)
	}
	b.WriteString("  <!-- aovpnlint:ignore VPN024 followed by no element -->\n</VPNProfile>\n")
	return []byte(b.String())
}

// placesCost returns the shortest of three timings of Places and one
// ElementPath per element over hostileProfile(n), or what is wrong with
// the results.
func placesCost(n int) (time.Duration, error) {
	f := input.Read("hostile.xml", hostileProfile(n), input.Limits{MaxElements: 4 * n}) // comments count toward the limit too
	if len(f.Docs) != 1 || f.Docs[0].XML == nil {
		return 0, fmt.Errorf("the generated profile of %d elements was not parsed: %v", n, f.Problems)
	}
	best := time.Duration(1<<63 - 1)
	for range 5 {
		start := time.Now()
		pl := f.Places(true)
		var paths int
		for i := range n - 1 {
			if pl.ElementPath(lint.Pos{Line: 3 + 2*i, Col: 5}) == "VPNProfile/Route" {
				paths++
			}
		}
		best = min(best, time.Since(start))
		if len(pl.Ignores) != n || paths != n-1 {
			return 0, fmt.Errorf("n=%d: %d suppressions and %d Route paths, want %d and %d", n, len(pl.Ignores), paths, n, n-1)
		}
		for _, i := range []int{0, n / 2, n - 2} {
			ig := pl.Ignores[i]
			if ig.Pos.Line != 2+2*i || ig.Start.Line != 3+2*i || ig.End.Line != 3+2*i || ig.Reason != fmt.Sprintf("route %d", i) {
				return 0, fmt.Errorf("n=%d: suppression %d is %+v", n, i, ig)
			}
		}
		if last := pl.Ignores[n-1]; last.Start.Line != 0 {
			return 0, fmt.Errorf("n=%d: the last suppression applies to the element at %s; want none", n, last.Start)
		}
	}
	return best, nil
}

// TestPlacesLinear checks that finding the element after each of 100,000
// suppression comments, and the path of each of 100,000 elements, costs
// time in proportion to the count: four times the elements may take at
// most 12 times as long, the best of five runs each (a scan of every
// element per comment or per path, as before issue 9, takes 16 times as
// long, and 100,000 elements did not finish in two minutes). A watchdog
// turns a hang into a failure.
func TestPlacesLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a profile of 100,000 elements")
	}
	type result struct {
		d   [2]time.Duration
		err error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		if r.d[0], r.err = placesCost(25_000); r.err == nil {
			r.d[1], r.err = placesCost(100_000)
		}
		done <- r
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		d := r.d
		t.Logf("25,000 elements: %v; 100,000: %v (%.1fx)", d[0], d[1], float64(d[1])/float64(d[0]))
		if d[1] > 12*d[0] {
			t.Errorf("100,000 elements took %v, more than 12 times the %v of 25,000", d[1], d[0])
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("Places and ElementPath on 100,000 elements did not finish in 2 minutes")
	}
}

// TestPlacesMemory checks that the places of a file cost memory in
// proportion to its elements, not to their number times the length of
// their paths: an element with a name of 100,000 characters holding 2,000
// children made 2,000 paths of 100,000 bytes each (200 MB), where a name
// of 10 characters makes the same places in a few hundred kilobytes. And
// that a file with no inline suppression lists no element at all when no
// path is asked for.
func TestPlacesMemory(t *testing.T) {
	placesOf := func(name string) (*input.Places, uint64) {
		data := []byte("<VPNProfile><" + name + ">" + strings.Repeat("<a/>", 2_000) + "</" + name + "></VPNProfile>")
		f := input.Read("long.xml", data, input.Limits{})
		if len(f.Docs) != 1 || f.Docs[0].XML == nil {
			t.Fatalf("not parsed: %v", f.Problems)
		}
		var pl *input.Places
		alloc := allocated(func() { pl = f.Places(true) })
		return pl, alloc
	}
	long := strings.Repeat("L", 100_000)
	_, short := placesOf(strings.Repeat("L", 10))
	pl, alloc := placesOf(long)
	t.Logf("places of 2,002 elements: %d bytes allocated with a name of 100,000 characters, %d with one of 10", alloc, short)
	if alloc > 2*short+(64<<10) {
		t.Errorf("places of 2,002 elements: %d bytes allocated with a name of 100,000 characters, %d with one of 10", alloc, short)
	}
	// A path is still made, whole, when it is asked for.
	at := lint.Pos{File: "long.xml", Line: 1, Col: len("<VPNProfile><"+long+">") + 2}
	if got, want := pl.ElementPath(at), "VPNProfile/"+long+"/a"; got != want {
		t.Errorf("path of a child: %d bytes, want %d", len(got), len(want))
	}

	// Without suppression comments, neither Places without elements nor
	// Ignores lists the 50,000 elements (which takes megabytes).
	many := []byte("<VPNProfile>" + strings.Repeat("<a/>", 50_000) + "<!-- a comment --></VPNProfile>")
	f := input.Read("many.xml", many, input.Limits{})
	if len(f.Docs) != 1 || f.Docs[0].XML == nil {
		t.Fatalf("not parsed: %v", f.Problems)
	}
	for what, fn := range map[string]func(){
		"Places(false)": func() { pl = f.Places(false) },
		"Ignores":       func() { f.Ignores() },
	} {
		if alloc := allocated(fn); alloc > 64<<10 {
			t.Errorf("%s on 50,000 elements and no suppression: %d bytes allocated", what, alloc)
		}
	}
	if pl.Ignores != nil || pl.ElementPath(lint.Pos{File: "many.xml", Line: 1, Col: 14}) != "" {
		t.Errorf("places without elements: %+v", pl)
	}
}
