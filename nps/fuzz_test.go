package nps_test

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/fuzzlimit"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/nps"
)

// FuzzParse covers the reader, every NPS rule and the queries the
// cross-checks use, on any text input decodes and xmldoc parses within
// the default limits.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/*.xml", filepath.Join(samplesDir, "*.xml")} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzlimit.Run(t, len(data), func() {
			in := input.Read("fuzz", data, input.Limits{})
			if in.Text == nil {
				return
			}
			x, err := xmldoc.Parse(in.Text, xmldoc.DefaultLimits)
			if err != nil || !nps.IsExport(x) {
				return
			}
			e := nps.Parse(x)
			for _, fd := range nps.Lint(e) {
				if fd.Rule == nil || fd.Message == "" || fd.Pos.File != "fuzz" {
					t.Fatalf("bad finding %+v", fd)
				}
			}
			for _, pol := range e.VPNPolicies() {
				_ = e.Shadow(pol)
				for _, tp := range pol.Thumbprints() {
					checkThumbprint(t, tp)
				}
				_ = pol.CertificateOIDs()
			}
			for _, pol := range e.NetworkPolicies {
				if pol.Profile != nil {
					for _, c := range pol.Profile.EAPConfigs {
						checkConfig(t, c)
					}
				}
			}
		})
	})
}

var fortyHex = regexp.MustCompile(`^[0-9a-f]{40}$`)

func checkThumbprint(t *testing.T, tp nps.Thumbprint) {
	if !fortyHex.MatchString(tp.Hex) || tp.Pos.Line < 1 {
		t.Fatalf("thumbprint %+v; want 40 lower-case hex digits with a position", tp)
	}
}

// checkConfig checks what a decoded msEAPConfiguration promises: fields
// are set only when it was understood, and only for PEAP and EAP-TLS.
func checkConfig(t *testing.T, c *nps.EAPConfig) {
	if !c.Understood {
		if c.Thumbprint.Hex != "" || len(c.Inner) > 0 {
			t.Fatalf("a configuration not understood has fields set: %+v", c)
		}
		return
	}
	if c.Type != nps.EAPPEAP && c.Type != nps.EAPTLS {
		t.Fatalf("configuration of type %d understood", c.Type)
	}
	checkThumbprint(t, c.Thumbprint)
	for _, in := range c.Inner {
		if in.Type < 1 || in.Type > 255 || in.Settings < 0 || in.Pos.Line < 1 {
			t.Fatalf("inner method %+v", in)
		}
	}
}

// FuzzEAPConfiguration feeds any bytes as an msEAPConfiguration value: the
// decoder never panics, and what it reads is at the offsets of the layout.
func FuzzEAPConfiguration(f *testing.F) {
	for _, s := range []string{
		peapBlob(thumbA, innerSpec{typ: 26}),
		peapBlob(thumbA, innerSpec{typ: 13, settings: make([]byte, 24)}, innerSpec{typ: 26}),
		tlsBlob(thumbB),
		"1900000000000000000000000000000038000000020000003800000001000000140000002c6309139f605edd59adf035b1fff11ee18df5ac0100000001000000100000001a00000000000000",
	} {
		b, _ := hex.DecodeString(s)
		f.Add(b)
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		data := genExport([]genPolicy{{name: "P", order: 1, conds: []string{`MATCH("NAS-Port-Type=^5$")`}, allow: "1", auth: []int{5},
			eap: []string{allowedType(13), allowedType(25)}, configs: []string{hex.EncodeToString(b)}}}, 0, "")
		fuzzlimit.Run(t, len(data), func() {
			e, fs := check(t, "fuzz", data)
			c := e.NetworkPolicies[0].Profile.EAPConfigs[0]
			checkConfig(t, c)
			if c.Understood {
				at := map[int]int{nps.EAPPEAP: 36, nps.EAPTLS: 40}[c.Type]
				if want := hex.EncodeToString(b[at : at+20]); c.Thumbprint.Hex != want {
					t.Fatalf("thumbprint %s; want the bytes at %d, %s", c.Thumbprint.Hex, at, want)
				}
			} else if !hasRule(fs, "NPS003") && !hasRule(fs, "NPS005") {
				t.Fatalf("a configuration not understood, without a finding saying so: %v", fs)
			}
		})
	})
}

func hasRule(fs []lint.Finding, id string) bool {
	for _, f := range fs {
		if f.Rule.ID == id {
			return true
		}
	}
	return false
}
