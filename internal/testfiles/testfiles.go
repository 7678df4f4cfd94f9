// Package testfiles reads the files that tests compare an implementation
// on: the test data, fixtures, samples and corpus found by glob patterns.
// It imports nothing of the module, so the internal tests of any package
// can use it.
package testfiles

import (
	"os"
	"path/filepath"
	"testing"
)

// File is a file a test reads, and its bytes.
type File struct {
	Path string
	Data []byte
}

// Read returns the regular files the glob patterns match, in the order of
// the patterns and of each pattern's matches, leaving out the files of
// more than max bytes and the paths that are not regular files. A file
// that matches and cannot be read fails the test.
func Read(t testing.TB, max int64, patterns ...string) []File {
	t.Helper()
	var out []File
	for _, pattern := range patterns {
		paths, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatalf("pattern %q: %v", pattern, err)
		}
		for _, p := range paths {
			if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() || st.Size() > max {
				continue
			}
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, File{p, data})
		}
	}
	return out
}

// Data returns the bytes of the files Read returns.
func Data(t testing.TB, max int64, patterns ...string) [][]byte {
	t.Helper()
	var out [][]byte
	for _, f := range Read(t, max, patterns...) {
		out = append(out, f.Data)
	}
	return out
}
