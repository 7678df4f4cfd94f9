// Package fuzzlimit gives fuzz targets a time bound per input, so that the
// fuzzer reports inputs that are slow, not only inputs that crash: a
// quadratic or exponential path in a parser shows up as a failing input
// saved under testdata/fuzz, like a panic.
package fuzzlimit

import (
	"testing"
	"time"
)

// Base is the time any input may take, and PerMiB what each MiB of input
// adds. They are a hang detector, not a speed target: inputs a fuzzer
// makes are small, and linear work over them takes milliseconds, so a
// bound a hundred times that is still far from any real run while a
// quadratic path over a few hundred kilobytes exceeds it.
const (
	Base   = 2 * time.Second
	PerMiB = 2 * time.Second
)

// Run calls f and fails t when it has not returned within the bound for
// an input of n bytes. f keeps running on its goroutine after a failure;
// the test binary ends with the failure.
func Run(t testing.TB, n int, f func()) {
	t.Helper()
	limit := Base + time.Duration(n)*PerMiB/(1<<20)
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		f()
	}()
	select {
	case p := <-done:
		if p != nil {
			panic(p)
		}
	case <-time.After(limit):
		t.Fatalf("an input of %d bytes took more than %v: a slow path (the bound is %v plus %v per MiB)", n, limit, Base, PerMiB)
	}
}
