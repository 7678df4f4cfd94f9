package archtest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// External modules, by module path: an import of the module path or of a
// package under it is the module.
const (
	certinfo   = "github.com/smallstep/certinfo"
	cli        = "github.com/urfave/cli/v2"
	doublestar = "github.com/bmatcuk/doublestar/v4"
	etree      = "github.com/beevik/etree"
	pkcs12     = "software.sslmate.com/src/go-pkcs12"
	pkcs7      = "go.mozilla.org/pkcs7"
)

const (
	// rootPkg is the root package of the module, the facade
	// github.com/aovpnlint/aovpnlint, as a path in the module.
	rootPkg = "."
	// subtreeOf ends an entry that allows the packages under a path, not
	// the package at the path itself: "certcheck/internal/...".
	subtreeOf = "/..."
)

// allowed is the layering of the module: for each package of the module
// (by its path in the module, "." for the root package), the module
// packages and external modules its non-test files may import. Standard
// library imports are always allowed. A package missing here fails the
// test: give a new package its place deliberately.
var allowed = map[string][]string{
	// The shared types and small helpers: no module package.
	"lint":               nil,
	"winerr":             nil,
	"internal/cite":      nil,
	"internal/hostname":  nil,
	"internal/container": nil,
	"internal/fsread":    nil,
	"internal/fuzzlimit": nil,
	"internal/benchcpu":  nil,
	"internal/secret":    nil,
	"internal/suggest":   nil,
	"internal/wording":   nil,

	// Text with positions, and XML read into a positioned tree.
	"internal/srctext": {"lint", "internal/secret", "internal/wording"},
	"internal/xmldoc":  {"lint", "internal/secret", "internal/srctext", "internal/wording", etree},
	"internal/xmlval":  {"lint", "internal/secret", "internal/srctext", "internal/wording", "internal/xmldoc", etree},

	// Reading files: never a parser of certificates or profiles, never a
	// rule package; ovpn only for ovpn.Is, which tells an OpenVPN profile
	// by its content (the kind belongs with the grammar that reads it).
	"input": {"lint", "ovpn", "internal/container", "internal/fsread", "internal/secret", "internal/srctext",
		"internal/suggest", "internal/wording", "internal/xmldoc", etree},

	// Certificates and CRLs, parsed from bytes: never input, profile,
	// eapxml, crosscheck, config, report or the root package.
	"certcheck":              {"lint", "internal/cite", "internal/container", "internal/srctext", "internal/wording", "certcheck/internal" + subtreeOf},
	"certcheck/internal/rc2": nil,

	// The EapHostConfig: never input, profile, certcheck or crosscheck.
	"eapxml": {"lint", "internal/cite", "internal/hostname", "internal/suggest", "internal/wording", "internal/xmldoc", "internal/xmlval", etree},

	// The VPNv2 profile, with the EapHostConfig inside it: never
	// certcheck, input or crosscheck.
	"profile": {"eapxml", "lint", "internal/cite", "internal/hostname", "internal/suggest", "internal/wording", "internal/xmldoc", "internal/xmlval", etree},

	// The NPS configuration export, read from a parsed document, and the
	// rules on the export alone: never input, profile, eapxml, certcheck
	// or crosscheck.
	"nps": {"lint", "internal/cite", "internal/secret", "internal/srctext", "internal/suggest", "internal/wording",
		"internal/xmldoc", "internal/xmlval", etree},

	// OpenVPN and AWS Client VPN profiles, read from decoded text, and
	// the rules on the file alone: never input, certcheck or crosscheck.
	"ovpn": {"lint", "internal/cite", "internal/fuzzlimit", "internal/hostname", "internal/secret", "internal/srctext",
		"internal/suggest", "internal/wording"},

	// Rules that compare documents: never input, config, report or the
	// root package.
	"crosscheck": {"certcheck", "eapxml", "nps", "ovpn", "profile", "lint", "internal/cite", "internal/wording"},

	// The configuration file.
	"config": {"input", "lint", "internal/fsread", "internal/wording", "internal/yamlsub", doublestar},
	// The YAML subset the configuration is written in: no YAML library,
	// whose start-up every run would pay (issue 17).
	"internal/yamlsub": {"internal/wording"},

	// Output formats: never a parser or a rule package.
	"report": {"lint", "internal/wording"},

	// The facade, the one way a Go program runs the whole pipeline.
	rootPkg: {"certcheck", "config", "crosscheck", "eapxml", "input", "lint", "nps", "ovpn", "profile", "report",
		"internal/fsread", "internal/wording"},

	// `aovpnlint fix`: the check of the facade, the documents' rules for
	// their edits, and the rewriting of package input.
	"fix": {rootPkg, "config", "eapxml", "input", "lint", "profile", "internal/secret", "internal/srctext", "internal/wording"},

	// The command.
	"cmd/aovpnlint": {rootPkg, "certcheck", "config", "fix", "input", "lint", "report", "winerr",
		"internal/fsread", "internal/mainstack", "internal/ruledoc", "internal/suggest", "internal/wording", "web", certinfo, cli},

	// The command's start-up: imports nothing, so that it is initialised
	// among the first packages.
	"internal/mainstack": nil,

	// The browser page: the files it is built from (web, embedded by the
	// command for aovpnlint serve), what its WebAssembly module does
	// (web/engine, the same calls as the command), and the module
	// (web/wasm, which only carries requests and answers).
	"web":        nil,
	"web/engine": {rootPkg, "certcheck", "input", "lint", "report", "winerr", "internal/fsread", "internal/ruledoc", "internal/secret"},
	"web/wasm":   {"input", "web/engine"},

	// The rule reference and its generator.
	"internal/ruledoc":     {"lint", "winerr"},
	"internal/ruledoc/gen": {rootPkg, "internal/ruledoc", "winerr"},

	// Test support, fixtures and tools.
	"internal/archtest":      nil,
	"internal/linttest":      {rootPkg, "certcheck", "input", "lint"},
	"internal/testfiles":     nil,
	"internal/corpus":        nil,
	"internal/corpus/check":  {"input", "internal/corpus"},
	"fixtures":               nil,
	"fixtures/gen":           {"certcheck", certinfo, pkcs7, pkcs12},
	"internal/tools/batch":   nil,
	"internal/tools/timecmp": nil,
	"packaging/manifests":    nil,
}

// TestImports fails when a package of the module imports a module package
// or an external module that allowed does not list for it, when a package
// of the module is missing from allowed, and when allowed names a package
// the module no longer has.
func TestImports(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("the go command is not found: %v", err)
	}
	root, module := moduleRoot(t)
	cmd := exec.Command(goCmd, "list", "-deps=false", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list failed: %v\n%s", err, stderr.Bytes())
	}
	graph, err := parseList(out, module)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range violations(graph, allowed, module) {
		t.Error(p.message(allowed))
	}
}

// TestViolations checks the judge on a made-up module, so that a judge
// that finds nothing cannot pass TestImports.
func TestViolations(t *testing.T) {
	const m = "example.com/mod"
	table := map[string][]string{
		rootPkg:    {"a", "b/internal" + subtreeOf, etree},
		"a":        nil,
		"b":        {"b/internal" + subtreeOf},
		"b/gone":   nil,
		"b/inside": nil,
	}
	graph := map[string][]string{
		rootPkg:        {"fmt", m + "/a", m + "/b/internal/x", etree + "/sub", "github.com/other/mod"},
		"a":            {"net/http", m, m + "/b"},
		"b":            {m + "/b/internal/x", m + "/b/internal", "github.com/other/mod"},
		"b/internal/x": nil,
		"b/inside":     {etree},
	}
	got := violations(graph, table, m)
	want := []problem{
		{pkg: rootPkg, imp: "github.com/other/mod"},
		{pkg: "a", imp: m},
		{pkg: "a", imp: m + "/b"},
		{pkg: "b", imp: m + "/b/internal"},
		{pkg: "b", imp: "github.com/other/mod"},
		{pkg: "b/inside", imp: etree},
		{pkg: "b/internal/x", unlisted: true},
		{pkg: "b/gone", stale: true},
	}
	sortProblems(want)
	if !slices.Equal(got, want) {
		t.Errorf("violations:\n%v\nwant:\n%v", got, want)
	}
	for _, p := range got {
		msg := p.message(table)
		if !strings.Contains(msg, p.pkg) || !strings.Contains(msg, p.imp) {
			t.Errorf("the message %q does not name package %s and import %s", msg, p.pkg, p.imp)
		}
	}
}

// TestParseList checks the reading of go list's output.
func TestParseList(t *testing.T) {
	out := []byte("example.com/mod fmt example.com/mod/a\nexample.com/mod/a\n\nexample.com/mod/b/c strings\n")
	got, err := parseList(out, "example.com/mod")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{rootPkg: {"fmt", "example.com/mod/a"}, "a": nil, "b/c": {"strings"}}
	if len(got) != len(want) {
		t.Fatalf("got %d packages %v, want %v", len(got), got, want)
	}
	for p, imports := range want {
		if g, ok := got[p]; !ok || !slices.Equal(g, imports) {
			t.Errorf("package %s: got imports %q, want %q", p, g, imports)
		}
	}
	if _, err := parseList([]byte("other.org/x fmt\n"), "example.com/mod"); err == nil {
		t.Errorf("a package outside the module was read without an error")
	}
}

// moduleRoot walks up from the working directory to the directory holding
// go.mod and returns it with the module path written there.
func moduleRoot(t *testing.T) (dir, module string) {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			for line := range strings.Lines(string(data)) {
				if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
					return dir, strings.Trim(strings.TrimSpace(rest), `"`)
				}
			}
			t.Fatalf("%s has no module line", filepath.Join(dir, "go.mod"))
		}
		if !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod found above the working directory")
		}
		dir = parent
	}
}

// parseList reads the lines "importpath import import..." of go list into
// the imports of each package, keyed by its path in module ([rootPkg] for
// the module's root package).
func parseList(out []byte, module string) (map[string][]string, error) {
	graph := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		p, ok := inModule(fields[0], module)
		if !ok {
			return nil, fmt.Errorf("go list named package %s, which is not in module %s", fields[0], module)
		}
		var imports []string
		if len(fields) > 1 {
			imports = fields[1:]
		}
		graph[p] = imports
	}
	return graph, sc.Err()
}

// inModule returns the path in module of the import path p ([rootPkg] for
// the module's root package), and whether p is in module.
func inModule(p, module string) (string, bool) {
	if p == module {
		return rootPkg, true
	}
	rest, ok := strings.CutPrefix(p, module+"/")
	return rest, ok
}

// standard reports whether an import path is the standard library's: its
// first element has no dot, as for the go command.
func standard(p string) bool {
	first, _, _ := strings.Cut(p, "/")
	return !strings.Contains(first, ".")
}

// permits reports whether the allowlist entries allow the import imp,
// given as a path in the module (mod true) or as an external import path.
func permits(entries []string, imp string, mod bool) bool {
	for _, e := range entries {
		external := e != rootPkg && !standard(e)
		switch {
		case external == mod:
			continue
		case strings.HasSuffix(e, subtreeOf):
			if strings.HasPrefix(imp, strings.TrimSuffix(e, subtreeOf)+"/") {
				return true
			}
		case imp == e:
			return true
		case external && strings.HasPrefix(imp, e+"/"):
			return true // a package of the external module
		}
	}
	return false
}

// problem is what the judge finds: package pkg (a path in the module)
// imports imp (an import path) and must not, or pkg is missing from the
// table (unlisted), or the table names a package the module does not have
// (stale).
type problem struct {
	pkg, imp        string
	unlisted, stale bool
}

// message says what is wrong, for the table the problem was found with.
func (p problem) message(table map[string][]string) string {
	switch {
	case p.unlisted:
		return fmt.Sprintf("%s is not in the allowlist of internal/archtest; expected an entry with the module packages and external modules it may import", show(p.pkg))
	case p.stale:
		return fmt.Sprintf("the allowlist of internal/archtest names %s, which the module does not have; expected only packages of the module", show(p.pkg))
	}
	return fmt.Sprintf("%s imports %s, which it must not; expected only the standard library and %s", show(p.pkg), p.imp, list(table[p.pkg]))
}

// violations judges graph (the imports of each package, keyed by its path
// in module) against table, and returns each import that is not allowed,
// each package missing from table and each entry of table naming no
// package, sorted by package and import.
func violations(graph, table map[string][]string, module string) []problem {
	var out []problem
	for p, imports := range graph {
		entries, ok := table[p]
		if !ok {
			out = append(out, problem{pkg: p, unlisted: true})
			continue
		}
		for _, imp := range imports {
			rel, mod := inModule(imp, module)
			if (mod && !permits(entries, rel, true)) || (!mod && !standard(imp) && !permits(entries, imp, false)) {
				out = append(out, problem{pkg: p, imp: imp})
			}
		}
	}
	for p := range table {
		if _, ok := graph[p]; !ok {
			out = append(out, problem{pkg: p, stale: true})
		}
	}
	sortProblems(out)
	return out
}

func sortProblems(ps []problem) {
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].pkg != ps[j].pkg {
			return ps[i].pkg < ps[j].pkg
		}
		return ps[i].imp < ps[j].imp
	})
}

// show names a package of the module, given by its path in the module, in
// a message.
func show(p string) string {
	if p == rootPkg {
		return "the root package"
	}
	return "package " + p
}

// list shows allowlist entries in a message.
func list(entries []string) string {
	if len(entries) == 0 {
		return "no package of the module or external module"
	}
	shown := make([]string, len(entries))
	for i, e := range entries {
		shown[i] = e
		if e == rootPkg {
			shown[i] = "the root package"
		}
	}
	return strings.Join(shown, ", ")
}
