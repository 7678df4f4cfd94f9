package aovpnlint_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNoNetworkImports fails when a package of this module imports a
// package that talks to the network or runs programs. (Two dependencies
// link net/http and os/exec in — certinfo's x509util and pkcs7 — but no
// code path of aovpnlint calls them; .ci/run also runs the CLI tests with
// no network at all, under unshare -n.)
func TestNoNetworkImports(t *testing.T) {
	forbidden := map[string]bool{"net": true, "net/http": true, "net/rpc": true, "net/smtp": true, "crypto/tls": true, "os/exec": true, "syscall": true}
	checked := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != "." || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		// Test files, the corpus checker and the measuring tools run the
		// programs they test or time (internal/benchcpu reads the process's
		// CPU time for benchmarks, with syscall); `aovpnlint serve` serves the browser
		// page's files (on a loopback address unless told otherwise), and
		// nothing else: the checks are made in the browser.
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || path == filepath.Join("cmd", "aovpnlint", "serve.go") ||
			strings.HasPrefix(path, filepath.Join("internal", "corpus", "check")) || strings.HasPrefix(path, filepath.Join("internal", "tools")) ||
			strings.HasPrefix(path, filepath.Join("internal", "benchcpu")) {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); forbidden[p] {
				t.Errorf("%s imports %s", path, p)
			}
		}
		return nil
	})
	if err != nil || checked < 40 {
		t.Fatalf("checked %d files: %v", checked, err)
	}
}
