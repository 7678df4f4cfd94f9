package main

import (
	"os"
	"runtime/debug"
)

// gcPercent is the garbage collector's target for a run: the heap may grow
// to five times what is live before the collector runs (Go's default is
// twice). A check keeps little alive (one file per worker, the
// certificates, the findings waiting), so this costs a few megabytes and
// saves most collections of a large file: a check of the 5 MB NPS export
// of BENCHMARKS.md takes about a sixth less time. GOGC, when set, decides
// instead.
const gcPercent = 400

func init() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}
