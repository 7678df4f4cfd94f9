package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/config"
)

// TestREADMEPipelines runs every `aovpnlint check` command of the README's
// pipeline examples, in examples/ on the package folder examples/vpn, as
// the CI systems would, and checks what they produce.
func TestREADMEPipelines(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	i, j := strings.Index(text, "<!-- pipeline-examples:begin -->"), strings.Index(text, "<!-- pipeline-examples:end -->")
	if i < 0 || j < i {
		t.Fatal("README.md has no pipeline-examples section")
	}
	var commands [][]string
	for _, line := range strings.Split(text[i:j], "\n") {
		k := strings.Index(line, "aovpnlint check ")
		if k < 0 || strings.Contains(line[:k], "throw") {
			continue
		}
		commands = append(commands, strings.Fields(line[k:])[1:])
	}
	if len(commands) != 4 {
		t.Fatalf("found %d aovpnlint commands in the examples, want 4: %v", len(commands), commands)
	}
	dir, _ := filepath.Abs("examples")
	t.Chdir(dir)
	for _, args := range commands {
		out := ""
		for k, a := range args {
			if a == "--output" && k+1 < len(args) {
				out = args[k+1]
				os.Remove(out)
				t.Cleanup(func() { os.Remove(filepath.Join(dir, out)) })
			}
		}
		r := runCLI(t, "", nil, args...)
		if r.code != 0 {
			t.Errorf("aovpnlint %s: exit %d, want 0 on the example package\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
			continue
		}
		if out == "" {
			continue
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Errorf("aovpnlint %s wrote no %s: %v", strings.Join(args, " "), out, err)
			continue
		}
		switch filepath.Ext(out) {
		case ".sarif":
			if err := validateSARIF(t, string(got)); err != nil {
				t.Errorf("%s does not validate: %v", out, err)
			}
		case ".xml":
			var doc junitDoc
			if err := xml.Unmarshal(got, &doc); err != nil || doc.Tests == 0 || doc.Failures != 0 {
				t.Errorf("%s: %d tests, %d failures (%v)", out, doc.Tests, doc.Failures, err)
			}
		case ".json":
			var doc struct{ Findings []any }
			if err := json.Unmarshal(got, &doc); err != nil || len(doc.Findings) == 0 {
				t.Errorf("%s: %v", out, err)
			}
		}
	}
}

// TestREADMEConfig parses the configuration example of the README.
func TestREADMEConfig(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	i := strings.Index(text, "```yaml\nseverity:")
	if i < 0 {
		t.Fatal("README.md has no configuration example")
	}
	block := text[i+len("```yaml\n"):]
	block = block[:strings.Index(block, "```")]
	c, err := config.Parse("README.md", []byte(block), aovpnlint.Rules())
	if err != nil || len(c.Suppress) != 1 || c.Suppress[0].Path != "VPNProfile/Route" || !c.Disabled["VPN026"] {
		t.Errorf("the README's configuration example: %+v, %v", c, err)
	}
}

// examplesAt is the evaluation time of the terminal examples that give
// no --at: the fixtures' (internal/linttest.At), so that an example's
// output is the same in any year.
var examplesAt = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// TestREADMETerminalExamples runs every terminal example of README.md and
// fixtures/README.md (a line "$ go run ./cmd/aovpnlint ARGS" in a code
// block, its arguments split as a shell splits them, quotes included) as
// `go run` would (version "devel", no terminal, no environment), with
// certificates evaluated at examplesAt unless the example gives --at, and
// compares what it prints (standard output, then standard error) with the
// lines under it; a line "..." (indented or not) stands for any number of
// lines. The examples stay the program's real output: run with -update to
// rewrite an example without "...".
func TestREADMETerminalExamples(t *testing.T) {
	for _, file := range []struct {
		name string
		min  int
	}{{"README.md", 12}, {"fixtures/README.md", 3}} {
		t.Run(file.name, func(t *testing.T) {
			found := terminalExamples(t, file.name)
			if found < file.min {
				t.Errorf("%s has %d terminal examples, want at least %d", file.name, found, file.min)
			}
		})
	}
}

// terminalExamples checks (or with -update rewrites) the terminal
// examples of one file and returns how many it has.
func terminalExamples(t *testing.T, name string) int {
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	const prompt = "$ go run ./cmd/aovpnlint"
	lines := strings.Split(string(data), "\n")
	found, rewritten := 0, false
	for i := 0; i < len(lines); i++ {
		if lines[i] != prompt && !strings.HasPrefix(lines[i], prompt+" ") {
			continue
		}
		found++
		args, err := shellWords(strings.TrimPrefix(lines[i], prompt))
		if err != nil {
			t.Errorf("%s:%d: %v", name, i+1, err)
			continue
		}
		var want []string
		for i++; i < len(lines) && lines[i] != "```"; i++ {
			want = append(want, lines[i])
		}
		var out, errb bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
			getenv: func(string) string { return "" }, terminal: func(io.Writer) bool { return false }, version: "devel", at: examplesAt}
		run(append([]string{"aovpnlint"}, args...), e)
		got := strings.Split(strings.TrimRight(out.String()+errb.String(), "\n"), "\n")
		if !elided(want, got) {
			if *update && !slices.ContainsFunc(want, func(l string) bool { return strings.TrimSpace(l) == "..." }) {
				start := i - len(want)
				lines = append(lines[:start], append(append([]string{}, got...), lines[i:]...)...)
				i = start + len(got)
				rewritten = true
				continue
			}
			t.Errorf("%s: the output of aovpnlint %s differs from the example; it is now (run with -update to rewrite an example without \"...\"):\n%s", name, strings.Join(args, " "), strings.Join(got, "\n"))
		}
	}
	if rewritten {
		if err := os.WriteFile(name, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return found
}

// shellWords splits a command line as a POSIX shell does for the
// examples: at blanks, with single quotes (literal) and double quotes
// (where a backslash escapes " and \\), and a backslash escaping the
// next character outside quotes. Anything else a shell would interpret
// (variables, pipes, redirections) is refused: an example is one
// command.
func shellWords(line string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\'':
			j := strings.IndexByte(line[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("unterminated single quote in %q", line)
			}
			cur.WriteString(line[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(line) && line[i] != '"'; i++ {
				if line[i] == '\\' && i+1 < len(line) && (line[i+1] == '"' || line[i+1] == '\\') {
					i++
				}
				cur.WriteByte(line[i])
			}
			if i >= len(line) {
				return nil, fmt.Errorf("unterminated double quote in %q", line)
			}
			inWord = true
		case c == '\\' && i+1 < len(line):
			i++
			cur.WriteByte(line[i])
			inWord = true
		case strings.IndexByte("|&;<>()$`*?[#~", c) >= 0:
			return nil, fmt.Errorf("%q holds %q, which a shell would interpret; an example is one command", line, c)
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// elided reports whether got matches want, where a line "..." of want
// (indented or not) stands for any number of lines of got.
func elided(want, got []string) bool {
	if len(want) == 0 {
		return len(got) == 0
	}
	if strings.TrimSpace(want[0]) == "..." {
		for k := 0; k <= len(got); k++ {
			if elided(want[1:], got[k:]) {
				return true
			}
		}
		return false
	}
	return len(got) > 0 && got[0] == want[0] && elided(want[1:], got[1:])
}
