package ruledoc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestScanFindsRulesAndListComments(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "pkg"), 0o755)
	os.WriteFile(filepath.Join(dir, "pkg", "rules.go"), []byte(`package pkg

import "github.com/aovpnlint/aovpnlint/lint"

var Checks = []*lint.Check[int]{
	good, // VPN001
	wrong, // VPN003
	bare,
}

var good = &lint.Check[int]{Rule: lint.Rule{ID: "VPN001"}}
var wrong = &lint.Check[int]{Rule: lint.Rule{ID: "VPN002"}}
var bare = &lint.Check[int]{Rule: lint.Rule{ID: "VPN004"}}
var plain = &lint.Rule{ID: "IN008"}
`), 0o644)
	os.WriteFile(filepath.Join(dir, "pkg", "other.go"), []byte(`package pkg

import "github.com/aovpnlint/aovpnlint/lint"

var again = &lint.Rule{ID: "VPN001"}
`), 0o644)
	sources, problems, err := Scan(dir)
	if err != nil {
		t.Fatal(err)
	}
	if sources["VPN002"] != "pkg/rules.go" || sources["IN008"] != "pkg/rules.go" {
		t.Errorf("sources %v", sources)
	}
	want := []string{
		"pkg/rules.go:7: the rule list entry pkg.wrong should show its ID in a comment: // VPN002",
		"pkg/rules.go:8: the rule list entry pkg.bare should show its ID in a comment: // VPN004",
		"rule VPN001 is defined in pkg/other.go and in pkg/rules.go",
	}
	if len(problems) != len(want) {
		t.Fatalf("problems %q", problems)
	}
	for i, w := range want {
		if !strings.Contains(problems[i], w) {
			t.Errorf("problem %d is %q, want %q", i, problems[i], w)
		}
	}
}
