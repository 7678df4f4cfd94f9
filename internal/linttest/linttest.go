// Package linttest runs checks over fixture files and compares their
// findings with expectations written next to the input, in the manner of
// golang.org/x/tools/go/analysis/analysistest.
//
// An expectation is a comment on the line the finding points at:
//
//	<AlwaysOn>True</AlwaysOn> <!-- want VPN006 -->
//	<Foo/> <!-- want VPN003 "did you mean" -->   (the message must match the regular expression)
//	<!-- want IN003 VPN002 -->                    (two findings on this line)
//	# want IN004                                  (PowerShell)
//
// The text is decoded first (BOM, UTF-16), and comments escaped as
// "&lt;!-- want ... --&gt;" count too. Where no comment can go (JSON,
// base64), a sidecar file named after the input plus ".want" lists one
// expectation per line: "LINE[:COL] ID [\"regex\"]", where line 0 accepts
// any line. Patterns are taken literally (a regular expression such as
// "\(13\)" needs no doubled backslashes); \" stands for a quote. A sidecar replaces the comments of its input.
//
// Each expectation must be met by exactly one finding and each finding must
// meet an expectation; both missing and unexpected findings fail the test,
// so every clean line of a fixture is an assertion too.
package linttest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/lint"
)

// Want is one expected finding.
type Want struct {
	Line, Col int // Line 0 matches any line; Col 0 any column
	Rule      string
	Pattern   *regexp.Regexp // nil matches any message
	Source    string         // where the expectation was written, for messages
}

func (w Want) String() string {
	s := fmt.Sprintf("%d", w.Line)
	if w.Col > 0 {
		s += fmt.Sprintf(":%d", w.Col)
	}
	s += " " + w.Rule
	if w.Pattern != nil {
		s += fmt.Sprintf(" %q", w.Pattern)
	}
	return s
}

var wantComment = regexp.MustCompile(`(?:<!--|&lt;!--|#|//)\s*want\s+(.*?)\s*(?:-->|--&gt;|$)`)

// Wants reads the expectations for the fixture at path with content data.
func Wants(path string, data []byte) ([]Want, error) {
	if side, err := os.ReadFile(path + ".want"); err == nil {
		return sidecar(path+".want", side)
	}
	f := input.Read(path, data, input.Limits{})
	if f.Text == nil {
		return nil, nil
	}
	var wants []Want
	for i, line := range strings.Split(string(f.Text.Data), "\n") {
		for _, m := range wantComment.FindAllStringSubmatch(line, -1) {
			ws, err := parseSpec(m[1], i+1, 0, fmt.Sprintf("%s:%d", path, i+1))
			if err != nil {
				return nil, err
			}
			wants = append(wants, ws...)
		}
	}
	return wants, nil
}

func sidecar(path string, data []byte) ([]Want, error) {
	var wants []Want
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		at, rest, _ := strings.Cut(line, " ")
		lineStr, colStr, hasCol := strings.Cut(at, ":")
		l, err := strconv.Atoi(lineStr)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %q is not LINE[:COL]", path, n, at)
		}
		c := 0
		if hasCol {
			if c, err = strconv.Atoi(colStr); err != nil {
				return nil, fmt.Errorf("%s:%d: bad column %q", path, n, colStr)
			}
		}
		ws, err := parseSpec(rest, l, c, fmt.Sprintf("%s:%d", path, n))
		if err != nil {
			return nil, err
		}
		wants = append(wants, ws...)
	}
	return wants, sc.Err()
}

// parseSpec reads "ID [ID...] [\"regex\"]"; a regex applies to the IDs
// before it since the previous regex.
func parseSpec(spec string, line, col int, source string) ([]Want, error) {
	var wants []Want
	pending := 0
	for spec = strings.TrimSpace(spec); spec != ""; spec = strings.TrimSpace(spec) {
		if spec[0] == '"' {
			q, s, ok := quoted(spec)
			if !ok {
				return nil, fmt.Errorf("%s: unterminated pattern in %q", source, spec)
			}
			re, err := regexp.Compile(s)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", source, err)
			}
			for i := len(wants) - pending; i < len(wants); i++ {
				wants[i].Pattern = re
			}
			pending = 0
			spec = spec[q:]
			continue
		}
		id, rest, _ := strings.Cut(spec, " ")
		wants = append(wants, Want{Line: line, Col: col, Rule: id, Source: source})
		pending++
		spec = rest
	}
	if len(wants) == 0 {
		return nil, fmt.Errorf("%s: want without a rule ID", source)
	}
	return wants, nil
}

// quoted reads a pattern in double quotes at the start of spec, taken
// literally except that \" stands for a quote (so that regular expression
// escapes such as \( need no doubling). It returns the length consumed.
func quoted(spec string) (int, string, bool) {
	var b strings.Builder
	for i := 1; i < len(spec); i++ {
		switch {
		case spec[i] == '\\' && i+1 < len(spec) && spec[i+1] == '"':
			b.WriteByte('"')
			i++
		case spec[i] == '"':
			return i + 1, b.String(), true
		default:
			b.WriteByte(spec[i])
		}
	}
	return 0, "", false
}

// Check compares findings for one fixture with its expectations and
// returns a description of each mismatch.
func Check(findings []lint.Finding, wants []Want) []string {
	used := make([]bool, len(wants))
	var problems []string
	for _, f := range findings {
		matched := false
		for i, w := range wants {
			if used[i] || w.Rule != f.Rule.ID || (w.Line != 0 && w.Line != f.Pos.Line) || (w.Col != 0 && w.Col != f.Pos.Col) {
				continue
			}
			if w.Pattern != nil && !w.Pattern.MatchString(f.Message) {
				continue
			}
			used[i], matched = true, true
			break
		}
		if !matched {
			problems = append(problems, fmt.Sprintf("unexpected finding %s", f))
		}
	}
	for i, w := range wants {
		if !used[i] {
			problems = append(problems, fmt.Sprintf("%s: no finding matches want %s", w.Source, w))
		}
	}
	return problems
}

// CheckFunc checks one file.
type CheckFunc func(name string, data []byte) []lint.Finding

// At is the fixed time every fixture is evaluated at, so that certificate
// validity never depends on the day the tests run.
var At = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// CheckAll checks a file with every rule, at time At: the whole aovpnlint
// pipeline, as the command line runs it.
func CheckAll(name string, data []byte) []lint.Finding {
	return aovpnlint.CheckBytes(name, data, aovpnlint.Options{Now: At})
}

// Run checks every fixture under dir (recursively; sidecars, READMEs and
// goldens excepted) with check, in a subtest per file, and returns the IDs
// of the rules that fired.
func Run(t *testing.T, dir string, check CheckFunc) map[string]bool {
	t.Helper()
	fired := map[string]bool{}
	files, err := Fixtures(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no fixtures in %s", dir)
	}
	for _, path := range files {
		t.Run(filepath.ToSlash(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			wants, err := Wants(path, data)
			if err != nil {
				t.Fatal(err)
			}
			findings := check(path, data)
			for _, f := range findings {
				fired[f.Rule.ID] = true
			}
			for _, p := range Check(findings, wants) {
				t.Error(p)
			}
		})
	}
	return fired
}

// Fixtures lists the fixture files under dir, sorted.
func Fixtures(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		switch ext := filepath.Ext(path); {
		case ext == ".want", ext == ".md", ext == ".golden", ext == ".go":
			return nil
		}
		files = append(files, path)
		return nil
	})
	sort.Strings(files)
	return files, err
}
