package aovpnlint_test

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/internal/ruledoc"
	"github.com/aovpnlint/aovpnlint/winerr"
)

var update = flag.Bool("update", false, "rewrite generated sections")

// TestREADMERules keeps the rule table of README.md equal to the rule
// lists; run with -update to rewrite it.
func TestREADMERules(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- rules:begin", "<!-- rules:end -->"
	text := string(data)
	i, j := strings.Index(text, begin), strings.Index(text, end)
	if i < 0 || j < i {
		t.Fatal("README.md has no rules:begin/rules:end section")
	}
	i += strings.Index(text[i:], "\n") + 1
	var b strings.Builder
	b.WriteString("| ID | Severity | Checks that | Windows error |\n|---|---|---|---|\n")
	for _, r := range aovpnlint.Rules() {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", r.ID, r.Severity, r.Title, strings.Join(r.WindowsErrors, ", "))
	}
	if text[i:j] == b.String() {
		return
	}
	if *update {
		if err := os.WriteFile("README.md", []byte(text[:i]+b.String()+text[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("the rule table in README.md is stale; run go test . -run TestREADMERules -update")
}

// TestFixturesREADME fails when a file under fixtures/ is not named in
// fixtures/README.md.
func TestFixturesREADME(t *testing.T) {
	readme, err := os.ReadFile("fixtures/README.md")
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir("fixtures", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || path == "fixtures/README.md" || path == "fixtures/doc.go" {
			return err
		}
		name := filepath.Base(path)
		if path == "fixtures/gen/main.go" {
			name = "gen/main.go"
		}
		if !strings.Contains(string(readme), "`"+name+"`") {
			t.Errorf("fixtures/README.md does not describe %s", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestRulesDoc fails when docs/rules.md differs from what the rule lists
// give; `go generate` rewrites it.
func TestRulesDoc(t *testing.T) {
	got, err := os.ReadFile("docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	if want := ruledoc.Markdown(aovpnlint.Rules(), winerr.Entries(), ruledoc.Defined()); string(got) != string(want) {
		t.Errorf("docs/rules.md is stale; run go generate . (it is generated from the rule lists, never edited by hand)")
	}
}

// TestREADMEGoExamples keeps each Go block of README.md marked
// "<!-- example: NAME ... -->" equal to the body of the runnable example
// NAME in example_test.go, which go test runs and checks against its
// output; run with -update to rewrite the blocks.
func TestREADMEGoExamples(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "example_test.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string]string{}
	for _, d := range file.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Body != nil {
			body := string(src[fset.Position(fn.Body.Lbrace).Offset+2 : fset.Position(fn.Body.Rbrace).Offset])
			bodies[fn.Name.Name] = strings.ReplaceAll("\n"+body, "\n\t", "\n")[1:]
		}
	}
	text := string(data)
	const marker = "<!-- example: "
	var out strings.Builder
	found := 0
	for {
		i := strings.Index(text, marker)
		if i < 0 {
			out.WriteString(text)
			break
		}
		name := strings.Fields(text[i+len(marker):])[0]
		open := strings.Index(text[i:], "```go\n")
		if open < 0 {
			t.Fatalf("README.md: example %s has no Go block after it", name)
		}
		start := i + open + len("```go\n")
		end := strings.Index(text[start:], "```\n")
		if end < 0 {
			t.Fatalf("README.md: the Go block of example %s does not end", name)
		}
		body, ok := bodies[name]
		if !ok {
			t.Fatalf("README.md names example %s, which example_test.go does not have", name)
		}
		if text[start:start+end] != body {
			if !*update {
				t.Errorf("README.md: the Go block of %s differs from example_test.go; run go test . -run TestREADMEGoExamples -update", name)
			}
		}
		found++
		out.WriteString(text[:start] + body)
		text = text[start+end:]
	}
	if found < 2 {
		t.Errorf("README.md shows %d Go examples; expected ExampleLint and ExampleStream", found)
	}
	if *update && out.String() != string(data) {
		if err := os.WriteFile("README.md", []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestREADMEInstallTags keeps the build tags README.md gives `go install`
// equal to those of the release builds (scripts/release.sh).
func TestREADMEInstallTags(t *testing.T) {
	tags := func(file, before string) string {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		_, rest, ok := strings.Cut(string(data), before+" -tags ")
		if !ok {
			t.Fatalf("%s has no %q followed by -tags", file, before)
		}
		return strings.Fields(rest)[0]
	}
	readme := tags("README.md", "CGO_ENABLED=0 go install")
	release := tags("scripts/release.sh", "go build -trimpath -buildvcs=false")
	if readme != release {
		t.Errorf("README.md installs with -tags %s; the releases are built with -tags %s", readme, release)
	}
}
