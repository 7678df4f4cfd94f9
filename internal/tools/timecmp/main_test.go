package main

import (
	"testing"
	"time"
)

// TestRoundRatio checks the median of the rounds' ratios against a case
// where it differs from the ratio of the medians: rounds (10, 20), (30,
// 10), (20, 40) give ratios 0.5, 3, 0.5, median 0.5, while the medians
// are 20 and 20.
func TestRoundRatio(t *testing.T) {
	ms := time.Millisecond
	a := []time.Duration{10 * ms, 30 * ms, 20 * ms}
	b := []time.Duration{20 * ms, 10 * ms, 40 * ms}
	if got := roundRatio(a, b); got != 0.5 {
		t.Errorf("roundRatio = %v; expected 0.5", got)
	}
	if got := float64(median(a)) / float64(median(b)); got != 1 {
		t.Errorf("ratio of medians = %v; expected 1", got)
	}
}
