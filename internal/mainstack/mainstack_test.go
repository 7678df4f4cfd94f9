package mainstack

import (
	"go/parser"
	"go/token"
	"runtime"
	"runtime/debug"
	"sync"
	"testing"
)

// results receives the results of the goroutines' calls, leaving sink as
// the initialiser set it.
var results byte

// stackInuse returns how much more stack memory n goroutines hold, each
// blocked after calling f, than before they started.
func stackInuse(n int, f func()) uint64 {
	var started, done sync.WaitGroup
	release := make(chan struct{})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range n {
		started.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			f()
			started.Done()
			<-release
		}()
	}
	started.Wait()
	runtime.ReadMemStats(&after)
	close(release)
	done.Wait()
	return after.StackInuse - before.StackInuse
}

// TestGrowGrowsTheStack checks that a goroutine that calls grow holds a
// stack of at least 32 KB, where one that makes a small call holds a few
// KB: the compiler has kept grow's frame. It fails when the array is
// optimised away or made smaller than the stack a check needs.
func TestGrowGrowsTheStack(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1)) // a collection would shrink the stacks
	const n = 16
	small := stackInuse(n, func() { results = byte(len(t.Name())) })
	grown := stackInuse(n, func() { results = grow(n) })
	// A grown stack is 32 KB; the 2 KB stacks it replaces are counted by
	// the span, so count 24 KB for each.
	if grown < n*24<<10 {
		t.Errorf("%d goroutines that called grow hold %d bytes more of stack; expected at least %d (a 32 KB stack each)", n, grown, n*24<<10)
	}
	if small >= n*16<<10 {
		t.Errorf("%d goroutines that made a small call hold %d bytes more of stack; the measure does not tell stacks apart", n, small)
	}
	t.Logf("stack held by %d goroutines: %d bytes after a small call, %d after grow", n, small, grown)
}

// TestInitGrows checks that the package's initialiser calls grow.
func TestInitGrows(t *testing.T) {
	if sink != 1 {
		t.Errorf("sink is %d after the package's initialisation; expected 1, the result of grow(1)", sink)
	}
}

// TestImportsNothing keeps the package free of imports: a package that
// imports nothing is initialised among the first, while the stack holds
// few frames; one that imports others waits for them.
func TestImportsNothing(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "mainstack.go", nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range f.Imports {
		t.Errorf("mainstack.go imports %s; expected no import", imp.Path.Value)
	}
}
