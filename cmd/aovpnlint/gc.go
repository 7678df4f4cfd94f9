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

// memoryLimit is the soft limit of the heap: past it the collector runs
// more often, so that a large run costs no more memory than it did before
// gcPercent was raised: 50,000 profiles in one check peak at 98 MiB (183
// MiB with a limit of 192 MiB; issue 10 set 128 MiB as the bound) for 3%
// more time; 10,000 certificates take 5% longer. GOMEMLIMIT, when set,
// decides instead.
const memoryLimit = 96 << 20

func init() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}
