package aovpnlint_test

import (
	"os"
	"testing"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/internal/fuzzlimit"
	"github.com/aovpnlint/aovpnlint/internal/linttest"
	"github.com/aovpnlint/aovpnlint/lint"
)

// FuzzCheck feeds any bytes to the whole check path: reading, decoding,
// unwrapping, parsing and every rule. It must never panic or hang, and
// every finding must be complete and positioned in the file.
func FuzzCheck(f *testing.F) {
	for _, dir := range append(fixtureDirs, "fixtures/pki", "fixtures/openssl") {
		files, _ := linttest.Fixtures(dir)
		for _, path := range files {
			if data, err := os.ReadFile(path); err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var fs []lint.Finding
		fuzzlimit.Run(t, len(data), func() { fs = lintBytes("fuzz.xml", data, aovpnlint.Options{Now: at}) })
		for _, x := range fs {
			checkFinding(t, x)
		}
	})
}

func checkFinding(t *testing.T, f lint.Finding) {
	t.Helper()
	if f.Rule == nil || f.Message == "" || f.Severity < lint.Info || f.Severity > lint.Error || f.Pos.File != "fuzz.xml" || f.Pos.Line < 0 || f.Pos.Col < 0 {
		t.Fatalf("incomplete finding %+v", f)
	}
}
