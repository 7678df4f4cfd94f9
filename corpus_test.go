package aovpnlint_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/corpus"
	"github.com/aovpnlint/aovpnlint/lint"
)

// corpusDir holds real profiles from public repositories, beside this
// repository (see ../shared/corpus/README.md).
const corpusDir = "../shared/corpus"

// TestCorpus checks every file of the shared corpus, through the library,
// against the contract its README states (parsed by internal/corpus): the
// MUST findings, the MUST NOT rules, no certificate rule, and the exit
// status. .ci/run checks the same through the command line's JSON.
func TestCorpus(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(corpusDir, "README.md"))
	if err != nil {
		t.Skipf("the shared corpus is not beside the repository (%v); skipping", err)
	}
	expects, err := corpus.Parse(readme)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.xml"))
	if len(files) != len(expects) {
		t.Errorf("found %d corpus files, the README describes %d", len(files), len(expects))
	}
	for _, e := range expects {
		t.Run(e.File, func(t *testing.T) {
			path := filepath.Join(corpusDir, e.File)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			findings := lintBytes(path, data, aovpnlint.Options{Now: at})
			malformed := false
			for _, m := range e.Must {
				malformed = malformed || m.Rule == "IN001"
			}
			var fs []corpus.Finding
			exit := 0
			for _, f := range findings {
				fs = append(fs, corpus.Finding{Rule: f.Rule.ID, Severity: f.Severity.String(), Line: f.Pos.Line})
				if f.Severity == lint.Error {
					exit = 1
				}
				switch id := f.Rule.ID; {
				case id == "IN002" || id == "IN004":
					t.Errorf("the file was not read: %s", f)
				case id == "IN001" && !malformed:
					t.Errorf("IN001 on a file the README does not call malformed: %s", f)
				}
			}
			text := input.Read(path, data, input.Limits{}).Text.Data
			for _, p := range corpus.Check(e, fs, exit, text) {
				t.Error(p)
			}
			if t.Failed() {
				t.Logf("findings:\n%s", list(findings))
			}
		})
	}
}

func list(fs []lint.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s\n", f)
	}
	return b.String()
}
