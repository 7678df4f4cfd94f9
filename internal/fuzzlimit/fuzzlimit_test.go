package fuzzlimit

import (
	"testing"
	"time"
)

// fakeT records a failure instead of ending the test.
type fakeT struct {
	testing.TB
	failed string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Fatalf(format string, args ...any) {
	f.failed = format
}

func TestRun(t *testing.T) {
	ft := &fakeT{TB: t}
	Run(ft, 10, func() {})
	if ft.failed != "" {
		t.Errorf("a fast input failed: %s", ft.failed)
	}
	stop := make(chan struct{})
	defer close(stop)
	start := time.Now()
	Run(ft, 0, func() { <-stop }) // a hang
	if ft.failed == "" || time.Since(start) < Base {
		t.Errorf("a hanging input was not reported within the bound: %q after %v", ft.failed, time.Since(start))
	}
}

func TestRunPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a panic in f was swallowed")
		}
	}()
	Run(t, 0, func() { panic("boom") })
}
