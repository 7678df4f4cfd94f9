// Package benchcpu reports, in benchmarks and tests, the CPU time the
// process spent, which a machine shared with other work inflates less than
// the wall time ns/op measures.
package benchcpu

import (
	"testing"
	"time"
)

// PerOp starts counting the process's CPU time (user and system, garbage
// collection included) and returns the function that reports it per
// operation as the metric cpu-ms/op; call it when the timed loop ends.
// Where the process's CPU time is not read, nothing is reported.
func PerOp(b *testing.B) func() {
	start, ok := cpuTime()
	if !ok {
		return func() {}
	}
	return func() {
		end, _ := cpuTime()
		b.ReportMetric(float64((end-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}

// CPUTime returns the CPU time the process has spent so far (user and
// system), and false where it is not read. Tests that compare the cost
// of two sizes of input use it rather than the wall time, which other
// processes on a loaded machine inflate.
func CPUTime() (time.Duration, bool) { return cpuTime() }
