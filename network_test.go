package aovpnlint_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestNoNetworkImports fails when a package of this module imports a
// package that talks to the network or runs programs. (Two dependencies
// link net/http and os/exec in — certinfo's x509util and pkcs7 — but no
// code path of aovpnlint calls them; .ci/run also runs the CLI tests with
// no network at all, under unshare -n.) Three files may import syscall,
// each for what fsreadSyscalls lists alone: fsread's Unix Open, to open a
// file, and its Identity, to read a file's device and inode numbers (Unix)
// or volume serial number and index (Windows).
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
			p, _ := strconv.Unquote(imp.Path.Value)
			if allowed := fsreadSyscallNames[filepath.ToSlash(path)]; p == "syscall" && allowed != nil {
				fsreadSyscalls(t, path, allowed)
				continue
			}
			if forbidden[p] {
				t.Errorf("%s imports %s", path, p)
			}
		}
		return nil
	})
	if err != nil || checked < 40 {
		t.Fatalf("checked %d files: %v", checked, err)
	}
}

// fsreadSyscallNames lists, for each file of fsread that may import
// syscall, the names it may use: fsread.Open opens with syscall.Open to
// keep the file out of the runtime's poller (see its comment), and
// fsread.Identity reads what tells a file from another (device and inode,
// or volume and index), nothing more.
var fsreadSyscallNames = map[string]map[string]bool{
	"internal/fsread/open_unix.go":        {"Open": true, "O_RDONLY": true, "O_CLOEXEC": true, "EINTR": true},
	"internal/fsread/identity_unix.go":    {"Stat_t": true},
	"internal/fsread/identity_windows.go": {"ByHandleFileInformation": true, "GetFileInformationByHandle": true, "Handle": true},
}

// fsreadSyscalls fails when a file of fsread uses of syscall more than
// allowed, or none of it.
func fsreadSyscalls(t *testing.T, path string, allowed map[string]bool) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	used := 0
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "syscall" {
				used++
				if !allowed[sel.Sel.Name] {
					t.Errorf("%s uses syscall.%s; only %v is allowed there", path, sel.Sel.Name, slices.Sorted(maps.Keys(allowed)))
				}
			}
		}
		return true
	})
	if used == 0 {
		t.Errorf("%s imports syscall and uses none of it", path)
	}
}
