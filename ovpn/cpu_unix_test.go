//go:build unix

package ovpn_test

import (
	"syscall"
	"testing"
	"time"
)

// cpuPerOp reports the CPU time the process spent per operation (user and
// system, garbage collection included), which a machine shared with other
// work inflates less than the wall time ns/op measures.
func cpuPerOp(b *testing.B) func() {
	start := cpuTime()
	return func() { b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op") }
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
