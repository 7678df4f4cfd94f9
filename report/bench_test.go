package report

import (
	"io"
	"path/filepath"
	"testing"
	"time"

	"os"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/lint"
)

// benchFindings are the findings of the profile fixtures, with element
// paths, as the command line gives them to the writer.
func benchFindings(b *testing.B) []lint.Finding {
	b.Helper()
	names, _ := filepath.Glob("../profile/testdata/*.xml")
	var files []aovpnlint.File
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, aovpnlint.File{Name: n, Data: data})
	}
	fs, err := aovpnlint.Lint(files, aovpnlint.Options{Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), ElementPaths: true})
	if err != nil {
		b.Fatal(err)
	}
	return fs
}

// BenchmarkWriter writes the findings of the profile fixtures in each
// format; the time per finding is the time per op divided by the
// findings reported.
func BenchmarkWriter(b *testing.B) {
	fs := benchFindings(b)
	rules := aovpnlint.Rules()
	for _, format := range Formats {
		b.Run(string(format), func(b *testing.B) {
			b.ReportAllocs()
			b.ReportMetric(float64(len(fs)), "findings")
			for b.Loop() {
				if err := Write(io.Discard, format, fs, nil, Options{Rules: rules, Tool: Tool{Name: "aovpnlint", Version: "v1.0.0"}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
