package aovpnlint_test

import (
	"path/filepath"
	"testing"

	"github.com/aovpnlint/aovpnlint"
)

// BenchmarkBatchForReports is BenchmarkBatch with and without what SARIF
// asks of the run (element paths and extents, suppressed findings kept),
// to show what it costs.
func BenchmarkBatchForReports(b *testing.B) {
	var srcs []aovpnlint.File
	var size int64
	for _, pattern := range []string{"../shared/corpus/*.xml", "profile/testdata/*.xml", "fixtures/profiles/*.xml"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			data := read(b, p)
			size += int64(len(data))
			srcs = append(srcs, aovpnlint.File{Name: p, Data: data})
		}
	}
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
