package ovpn_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/linttest"
	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/ovpn"
)

// directive is a fixture's way of giving the options the command line
// will pass: "# aovpnlint: check --aws-auth saml".
var directive = regexp.MustCompile(`(?m)^#\s*aovpnlint:\s*check\s+--aws-auth\s+(\S+)\s*$`)

// optionsOf returns the options a fixture asks for.
func optionsOf(data []byte) ovpn.Options {
	if m := directive.FindSubmatch(data); m != nil {
		return ovpn.Options{Auth: string(m[1])}
	}
	return ovpn.Options{}
}

// lintFile reads a fixture as the command line will: parsed and checked by
// every OVPN and AWS rule, with the options its directive gives.
func lintFile(name string, data []byte) []lint.Finding {
	return ovpn.Lint(ovpn.Parse(srctext.New(name, data)), optionsOf(data))
}

// wantComment is an expectation written beside the input, as
// internal/linttest reads them: "# want ID [ID...] [\"regex\"]".
var wantComment = regexp.MustCompile(`#\s*want\s+(.*?)\s*$`)

// wantsOf reads a fixture's expectations: its .want sidecar when it has
// one (for findings at lines that cannot carry a comment, such as a PEM
// BEGIN line), otherwise the want comments on its lines. The comments are
// read from the raw lines rather than through package input, which for
// now sorts a profile with PEM blocks as a certificate file and would move
// each want to the next BEGIN line.
func wantsOf(t *testing.T, path string, data []byte) []linttest.Want {
	t.Helper()
	if _, err := os.Stat(path + ".want"); err == nil {
		ws, err := linttest.Wants(path, data)
		if err != nil {
			t.Fatal(err)
		}
		return ws
	}
	var out []linttest.Want
	for i, line := range strings.Split(string(data), "\n") {
		m := wantComment.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		source := fmt.Sprintf("%s:%d", path, i+1)
		ws, err := parseSpec(m[1], i+1, source, path)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ws...)
	}
	return out
}

// parseSpec reads "ID [ID...] [\"regex\"] [ID...]" as linttest does: a
// pattern applies to the IDs before it since the previous pattern, and \"
// stands for a quote inside it.
func parseSpec(spec string, line int, source, file string) ([]linttest.Want, error) {
	var ws []linttest.Want
	pending := 0
	for spec = strings.TrimSpace(spec); spec != ""; spec = strings.TrimSpace(spec) {
		if spec[0] != '"' {
			id, rest, _ := strings.Cut(spec, " ")
			ws = append(ws, linttest.Want{Line: line, Rule: id, Source: source, File: file})
			pending++
			spec = rest
			continue
		}
		var b strings.Builder
		end := -1
		for i := 1; i < len(spec); i++ {
			if spec[i] == '\\' && i+1 < len(spec) && spec[i+1] == '"' {
				b.WriteByte('"')
				i++
				continue
			}
			if spec[i] == '"' {
				end = i
				break
			}
			b.WriteByte(spec[i])
		}
		if end < 0 {
			return nil, fmt.Errorf("%s: unterminated pattern in %q", source, spec)
		}
		re, err := regexp.Compile(b.String())
		if err != nil {
			return nil, fmt.Errorf("%s: %v", source, err)
		}
		for i := len(ws) - pending; i < len(ws); i++ {
			ws[i].Pattern = re
		}
		pending = 0
		spec = spec[end+1:]
	}
	if len(ws) == 0 {
		return nil, fmt.Errorf("%s: want without a rule ID", source)
	}
	return ws, nil
}

// fixtures lists the fixture profiles.
func fixtures(t *testing.T) []string {
	files, err := filepath.Glob("testdata/*.ovpn")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in testdata: %v", err)
	}
	return files
}

// checkFixture compares the findings of one fixture with its wants, both
// ways, and returns the rules that fired.
func checkFixture(t *testing.T, path string, data []byte, fired map[string]bool) {
	t.Helper()
	findings := lintFile(path, data)
	for _, f := range findings {
		fired[f.Rule.ID] = true
	}
	for _, p := range linttest.Check(findings, wantsOf(t, path, data)) {
		t.Error(p)
	}
}

// generated are fixtures too large to commit, made at run time: the
// profile, and the expectations, line by line.
func generated() map[string]struct {
	data  []byte
	wants []linttest.Want
} {
	var b strings.Builder
	b.WriteString("dev tun\n")
	for range ovpn.MaxDirectives {
		b.WriteString("verb 3\n")
	}
	return map[string]struct {
		data  []byte
		wants []linttest.Want
	}{
		"generated/ovpn007_directives.ovpn": {[]byte(b.String()), []linttest.Want{{Line: ovpn.MaxDirectives + 1, Rule: "OVPN007"}}},
	}
}

// TestFixtures checks every fixture against the want comments beside its
// lines, both ways, and that every rule fires in some fixture.
func TestFixtures(t *testing.T) {
	fired := map[string]bool{}
	for _, path := range fixtures(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !ovpn.Is(data) {
				t.Errorf("Is does not recognise the fixture as a profile")
			}
			checkFixture(t, path, data, fired)
		})
	}
	for name, g := range generated() {
		t.Run(name, func(t *testing.T) {
			findings := lintFile(name, g.data)
			for _, f := range findings {
				fired[f.Rule.ID] = true
			}
			for _, p := range linttest.Check(findings, g.wants) {
				t.Error(p)
			}
		})
	}
	for _, r := range lint.Rules(ovpn.Checks) {
		// OVPN008 needs the file's encoding, which the reader of files
		// knows: crosscheck/testdata/ovpn008_utf16.ovpn triggers it.
		if !fired[r.ID] && r.ID != "OVPN008" {
			t.Errorf("%s has no fixture that triggers it", r.ID)
		}
	}
}

// TestHarness checks that the harness fails both ways: a finding without
// a want, and a want without a finding.
func TestHarness(t *testing.T) {
	rule := &lint.Rule{ID: "OVPN001"}
	f := []lint.Finding{{Rule: rule, Pos: lint.Pos{File: "x.ovpn", Line: 2, Col: 1}, Message: "unknown option \"remot\""}}
	ws, err := parseSpec(`OVPN001 "unknown option \"remot\""`, 2, "x.ovpn:2", "x.ovpn")
	if err != nil || len(ws) != 1 || ws[0].Pattern == nil {
		t.Fatalf("parseSpec: %v %v", ws, err)
	}
	if p := linttest.Check(f, ws); len(p) != 0 {
		t.Errorf("a matching want fails: %v", p)
	}
	if p := linttest.Check(f, nil); len(p) != 1 || !strings.Contains(p[0], "unexpected finding") {
		t.Errorf("a finding without a want: %v", p)
	}
	if p := linttest.Check(nil, ws); len(p) != 1 || !strings.Contains(p[0], "no finding matches") {
		t.Errorf("a want without a finding: %v", p)
	}
	ws[0].Line = 3
	if p := linttest.Check(f, ws); len(p) != 2 {
		t.Errorf("a want on another line: %v", p)
	}
}

// TestRules checks the rule list's metadata as the catalog requires, and
// that each rule is listed once, in ID order within its family.
func TestRules(t *testing.T) {
	rules := lint.Rules(ovpn.Checks)
	if err := lint.Validate(rules); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(rules))
	for i, r := range rules {
		ids[i] = r.ID
		if !strings.HasPrefix(r.ID, "OVPN") && !strings.HasPrefix(r.ID, "AWS") {
			t.Errorf("%s is not in the OVPN or AWS family", r.ID)
		}
	}
	if !slices.IsSortedFunc(ids, lint.CompareIDs) {
		t.Errorf("Checks is not in catalog order: %v", ids)
	}
}
