package aovpnlint_test

import (
	"testing"

	"github.com/aovpnlint/aovpnlint"
)

// BenchmarkBatchForReports is BenchmarkBatch with and without what SARIF
// asks of the run (element paths and extents, suppressed findings kept),
// to show what it costs.
func BenchmarkBatchForReports(b *testing.B) {
	srcs, size := batchFiles(b)
	for _, c := range []struct {
		name string
		opts aovpnlint.Options
	}{
		{"plain", aovpnlint.Options{Now: benchAt}},
		{"sarif", aovpnlint.Options{Now: benchAt, ElementPaths: true, KeepSuppressed: true}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				aovpnlint.Lint(srcs, c.opts)
			}
		})
	}
}
