package aovpnlint_test

import (
	"flag"
	"fmt"
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
	if want := ruledoc.Markdown(aovpnlint.Rules(), winerr.Entries(), ruledoc.Defined); string(got) != string(want) {
		t.Errorf("docs/rules.md is stale; run go generate . (it is generated from the rule lists, never edited by hand)")
	}
}
