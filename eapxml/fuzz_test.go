package eapxml_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aovpnlint/aovpnlint/eapxml"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/fuzzlimit"
	"github.com/aovpnlint/aovpnlint/lint"
)

// FuzzParse covers the EapHostConfig parser and every EAP rule.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.xml")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var fs []lint.Finding
		fuzzlimit.Run(t, len(data), func() {
			for _, d := range input.Read("fuzz", data, input.Limits{}).Docs {
				if d.XML == nil || d.Kind != input.EAP {
					continue
				}
				c := eapxml.Parse(d.XML, d.XML.Root)
				fs = append(fs, eapxml.Lint(c)...)
				for _, tls := range c.TLSMethods() {
					_ = tls.Filter().String()
				}
			}
		})
		for _, x := range fs {
			if x.Rule == nil || x.Message == "" || x.Pos.File != "fuzz" {
				t.Fatalf("bad finding %+v", x)
			}
		}
	})
}
