package input

import (
	"strings"
	"testing"
	"time"
)

// TestForeignTextIsBounded checks that recognising tool output costs the
// same whatever the length of the text: foreignText reads its first
// sniffHead and last sniffTail bytes. A certutil listing followed by 30 MiB
// of lines (recognised by its first lines), and one whose closing line
// comes after 30 MiB (recognised by its end), cost no more allocations
// than the same listings followed by 50 KiB, and at most four times the
// time (plus a millisecond for timer noise); reading the whole text would
// cost 600 times as much.
func TestForeignTextIsBounded(t *testing.T) {
	line := "  Provider = Microsoft Software Key Storage Provider\n"
	start := "My \"Personal\"\n================ Certificate 0 ================\nSerial Number: 01\n"
	closing := "CertUtil: -dump command completed successfully.\n"
	for _, tc := range []struct {
		name, before, after, want string
	}{
		{"first lines", start, "", "a certutil -store listing"},
		{"closing line", "Serial Number: 01\n", closing, "a certutil -dump listing"},
		{"none", "notes\n", "", ""},
	} {
		gen := func(n int) []byte { return []byte(tc.before + strings.Repeat(line, n) + tc.after) }
		small, large := gen(1_000), gen(600_000)
		for _, data := range [][]byte{small, large} {
			k, ok := foreignText(data)
			if ok != (tc.want != "") || !strings.HasPrefix(k.what, tc.want) {
				t.Fatalf("%s, %d bytes: %q, %v; want %q", tc.name, len(data), k.what, ok, tc.want)
			}
		}
		as := testing.AllocsPerRun(3, func() { foreignText(small) })
		al := testing.AllocsPerRun(3, func() { foreignText(large) })
		ts, tl := fastestRun(func() { foreignText(small) }), fastestRun(func() { foreignText(large) })
		t.Logf("%s: %d bytes: %v, %.0f allocations; %d bytes: %v, %.0f allocations", tc.name, len(small), ts, as, len(large), tl, al)
		if al > as || tl > 4*ts+time.Millisecond {
			t.Errorf("%s: %d bytes cost %v and %.0f allocations, %d bytes %v and %.0f", tc.name, len(large), tl, al, len(small), ts, as)
		}
	}
}

// fastestRun returns the shortest of five runs of f.
func fastestRun(f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range 5 {
		start := time.Now()
		f()
		best = min(best, time.Since(start))
	}
	return best
}
