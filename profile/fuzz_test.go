package profile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/fuzzlimit"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/profile"
)

// FuzzParse covers the ProfileXML parser and every profile rule on any
// document the reader accepts.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"testdata", "../fixtures/profiles"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var fs []lint.Finding
		fuzzlimit.Run(t, len(data), func() {
			for _, d := range input.Read("fuzz", data, input.Limits{}).Docs {
				if d.XML == nil || d.Kind != input.Profile {
					continue
				}
				p := profile.Parse(d.XML)
				fs = append(fs, profile.Lint(p, profile.Options{Target: "intune"})...)
			}
		})
		for _, x := range fs {
			if x.Rule == nil || x.Message == "" || x.Pos.File != "fuzz" || x.Severity < lint.Info {
				t.Fatalf("bad finding %+v", x)
			}
		}
	})
}
