package input_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint/input"
)

// fastest returns the shortest of three runs of f.
func fastest(f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range 3 {
		start := time.Now()
		f()
		best = min(best, time.Since(start))
	}
	return best
}

// scalesLinearly checks that run costs time in proportion to its input:
// on make(10n) it may take at most 50 times what it takes on make(n) (a
// quadratic path takes a hundred times as long; a linear one took 10 to
// 41 times on a 2-core machine running other builds), plus a millisecond
// for timer noise. check looks at the result of the larger run, so that the
// input is known to reach the path under test. A watchdog turns a hang
// into a failure.
func scalesLinearly(t *testing.T, n int, make func(n int) []byte, run func(data []byte) *input.File, check func(f *input.File) error) {
	t.Helper()
	small, large := make(n), make(10*n)
	var ts, tl time.Duration
	var f *input.File
	watchdog(t, func() {
		ts = fastest(func() { run(small) })
		tl = fastest(func() { f = run(large) })
	})
	if err := check(f); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d bytes: %v; %d bytes: %v (%.1fx)", len(small), ts, len(large), tl, float64(tl)/float64(ts))
	if tl > 50*ts+time.Millisecond {
		t.Errorf("%d bytes took %v, more than 50 times the %v of %d bytes", len(large), tl, ts, len(small))
	}
}

func read(data []byte) *input.File { return input.Read("f", data, input.Limits{}) }

// problem returns nil when f has a problem of the kind whose message
// contains want.
func problem(f *input.File, kind input.ProblemKind, want string) error {
	for _, p := range f.Problems {
		if p.Kind == kind && strings.Contains(p.Message, want) {
			return nil
		}
	}
	return fmt.Errorf("no problem of kind %d saying %q: %v", kind, want, f.Problems)
}

// TestUnclosedInterpolationsLinear checks a double-quoted literal of many
// "${" without a closing brace: each looked for its '}' to the end of the
// literal, and the five variables a message names did not stop the loop,
// since the same "${" is named once.
func TestUnclosedInterpolationsLinear(t *testing.T) {
	scalesLinearly(t, 20_000, func(n int) []byte {
		return []byte(`$ProfileXML = "<VPNProfile>` + strings.Repeat("${", n) + `</VPNProfile>"`)
	}, read, func(f *input.File) error {
		return problem(f, input.NotExtractable, "interpolates ${")
	})
}

// TestWMIRepairSearchLinear checks a wrapped WMI value whose error lies
// after many lines of text content with no tag between them: the search
// for the line boundary to put a space back at looked at the text from
// each boundary to the error.
func TestWMIRepairSearchLinear(t *testing.T) {
	scalesLinearly(t, 2_000, func(n int) []byte {
		var b strings.Builder
		// The first line is the longest, so that it alone is full and the
		// others end at a dropped space.
		b.WriteString("ProfileXML : <VPNProfile><DnsSuffix>" + strings.Repeat("y", 100) + "\n")
		for range n {
			b.WriteString("             xxxxxxxxx\n")
		}
		b.WriteString("             &bad;</DnsSuffix></VPNProfile>\n")
		return []byte(b.String())
	}, read, func(f *input.File) error {
		return problem(f, input.Malformed, "invalid character entity")
	})
}

// TestPrettyRedactsLinear checks extract's redaction of a secret made of
// many tokens: each was removed from the tree on its own, and etree
// renumbers the tokens after the one it removes.
func TestPrettyRedactsLinear(t *testing.T) {
	gen := func(n int) []byte {
		return []byte("<VPNProfile><NativeProfile><L2tpPsk>" + strings.Repeat("<![CDATA[a]]>", n) + "</L2tpPsk></NativeProfile></VPNProfile>")
	}
	var out []byte
	var err error
	pretty := func(data []byte) *input.File {
		f := read(data)
		if len(f.Docs) == 1 {
			out, err = f.Docs[0].Pretty()
		}
		return f
	}
	scalesLinearly(t, 9_000, gen, pretty, func(f *input.File) error {
		if len(f.Docs) != 1 || f.Docs[0].XML == nil || len(f.Problems) > 0 {
			return fmt.Errorf("not read: %v", f.Problems)
		}
		if err != nil || !strings.Contains(string(out), "<L2tpPsk>"+input.Redacted+"</L2tpPsk>") || strings.Contains(string(out), "CDATA") {
			return fmt.Errorf("not redacted (%v):\n%.300s", err, out)
		}
		return nil
	})
}
