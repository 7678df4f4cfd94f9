// Command check runs the aovpnlint command line over the shared corpus and
// compares its JSON findings and exit statuses with the expectations of
// the corpus README. .ci/run calls it:
//
//	go run ./internal/corpus/check -bin path/to/aovpnlint -dir ../shared/corpus
//
// It exits 1 when an expectation does not hold, 2 when it cannot run.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/corpus"
)

func main() {
	bin := flag.String("bin", "aovpnlint", "the aovpnlint binary")
	dir := flag.String("dir", "../shared/corpus", "the corpus directory")
	flag.Parse()
	readme, err := os.ReadFile(filepath.Join(*dir, "README.md"))
	if err != nil {
		fail(err)
	}
	expects, err := corpus.Parse(readme)
	if err != nil {
		fail(err)
	}
	failed := 0
	for _, e := range expects {
		problems, n, err := checkFile(*bin, filepath.Join(*dir, e.File), e)
		if err != nil {
			fail(err)
		}
		if len(problems) == 0 {
			fmt.Printf("ok    %-46s %d findings; %d required, %d forbidden rules absent\n", e.File, n, len(e.Must), len(e.MustNot))
			continue
		}
		failed++
		fmt.Printf("FAIL  %s\n", e.File)
		for _, p := range problems {
			fmt.Printf("      %s\n", p)
		}
	}
	if failed > 0 {
		fmt.Printf("corpus: %d of %d files do not meet the README's expectations\n", failed, len(expects))
		os.Exit(1)
	}
	fmt.Printf("corpus: all %d files meet the README's expectations\n", len(expects))
}

// checkFile runs `aovpnlint check --format json FILE` with default flags
// and compares the result with e.
func checkFile(bin, path string, e *corpus.Expect) ([]string, int, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, "check", "--format", "json", path)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	exit := 0
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			return nil, 0, err
		}
		exit = ee.ExitCode()
	}
	if exit == 2 || stderr.Len() > 0 {
		return []string{fmt.Sprintf("exit %d, stderr: %s", exit, stderr.String())}, 0, nil
	}
	var doc struct {
		Findings []struct {
			Rule, Severity string
			Line           int
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		return []string{"the JSON output does not parse: " + err.Error()}, 0, nil
	}
	var fs []corpus.Finding
	for _, f := range doc.Findings {
		fs = append(fs, corpus.Finding{Rule: f.Rule, Severity: f.Severity, Line: f.Line})
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, err
	}
	text := input.Read(path, data, input.Limits{}).Text.Data
	return corpus.Check(e, fs, exit, text), len(fs), nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "corpus check:", err)
	os.Exit(2)
}
