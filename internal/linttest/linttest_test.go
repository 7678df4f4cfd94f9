package linttest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/lint"
)

var (
	ruleA = &lint.Rule{ID: "VPN001", Severity: lint.Error}
	ruleB = &lint.Rule{ID: "VPN002", Severity: lint.Warning}
)

func findingIn(file string, r *lint.Rule, line, col int, msg string) lint.Finding {
	return lint.Finding{Rule: r, Severity: r.Severity, Message: msg, Pos: lint.Pos{File: file, Line: line, Col: col}}
}

// TestCheckFailsBothWays shows that the harness reports missing and
// unexpected findings, and accepts an exact match.
func TestCheckFailsBothWays(t *testing.T) {
	data := []byte("<a>\n<b/> <!-- want VPN001 \"bad b\" -->\n<c/> <!-- want VPN002 VPN002 -->\n</a>\n")
	path := filepath.Join(t.TempDir(), "f.xml")
	finding := func(r *lint.Rule, line, col int, msg string) lint.Finding { return findingIn(path, r, line, col, msg) }
	wants, err := Wants(path, data)
	if err != nil {
		t.Fatal(err)
	}
	if len(wants) != 3 {
		t.Fatalf("read %d wants, want 3: %v", len(wants), wants)
	}
	exact := []lint.Finding{finding(ruleA, 2, 1, "bad b here"), finding(ruleB, 3, 1, "x"), finding(ruleB, 3, 2, "y")}
	if p := Check(exact, wants); len(p) != 0 {
		t.Errorf("exact findings reported problems: %v", p)
	}
	cases := map[string][]lint.Finding{
		"missing":       exact[:2],
		"unexpected":    append(append([]lint.Finding{}, exact...), finding(ruleA, 4, 1, "extra")),
		"wrong line":    {finding(ruleA, 1, 1, "bad b"), exact[1], exact[2]},
		"wrong message": {finding(ruleA, 2, 1, "good b"), exact[1], exact[2]},
		"wrong file":    {findingIn("other.pem", ruleA, 2, 1, "bad b here"), exact[1], exact[2]},
	}
	for name, fs := range cases {
		if p := Check(fs, wants); len(p) == 0 {
			t.Errorf("%s: no problem reported", name)
		}
	}
}

func TestSidecar(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.json")
	os.WriteFile(path, []byte(`{"a": 1}`), 0o644)
	os.WriteFile(path+".want", []byte("# comment\n0 IN003\n3:7 IN001 \"not well\"\n"), 0o644)
	wants, err := Wants(path, []byte(`{"a": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(wants) != 2 || wants[0].Line != 0 || wants[1].Col != 7 || !strings.Contains(wants[1].Pattern.String(), "not well") {
		t.Fatalf("sidecar read as %v", wants)
	}
	ok := []lint.Finding{
		{Rule: &lint.Rule{ID: "IN003"}, Pos: lint.Pos{File: path, Line: 1}},
		{Rule: &lint.Rule{ID: "IN001"}, Pos: lint.Pos{File: path, Line: 3, Col: 7}, Message: "not well-formed"},
	}
	if p := Check(ok, wants); len(p) != 0 {
		t.Error(p)
	}
	ok[1].Pos.Col = 8
	if p := Check(ok, wants); len(p) != 2 {
		t.Errorf("wrong column: %v", p)
	}
}

// TestWantIn shows that a finding in another file matches only a want-in
// naming that file, on any line.
func TestWantIn(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.xml")
	data := []byte("<!-- aovpnlint: check --client-cert ../pki/ca.pem -->\n<!-- want-in ../pki/ca.pem VPN002 \"recognised\" -->\n<a/>\n")
	wants, err := Wants(path, data)
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "../pki/ca.pem")
	if len(wants) != 1 || wants[0].File != other || wants[0].Line != 0 {
		t.Fatalf("want-in read as %+v", wants)
	}
	if p := Check([]lint.Finding{findingIn(other, ruleB, 7, 0, "recognised")}, wants); len(p) != 0 {
		t.Error(p)
	}
	if p := Check([]lint.Finding{findingIn(path, ruleB, 2, 0, "recognised")}, wants); len(p) != 2 {
		t.Errorf("a finding in the fixture matched a want-in: %v", p)
	}
}
