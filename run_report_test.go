package aovpnlint_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/lint"
)

// TestRunForReports checks the options reports ask of a run: element
// paths and extents on the findings inside an element, suppressed
// findings kept with their suppression, and a call after each file's
// findings, in the order of the report.
func TestRunForReports(t *testing.T) {
	clean, err := os.ReadFile("fixtures/profiles/device-tunnel.xml")
	if err != nil {
		t.Fatal(err)
	}
	profile := []byte("<VPNProfile>\n  <!-- aovpnlint:ignore VPN006 the lab client -->\n  <AlwaysOn>True</AlwaysOn>\n  <NativeProfile><Servers>vpn.example.com</Servers><NativeProtocolType>Automatic</NativeProtocolType></NativeProfile>\n</VPNProfile>\n")
	files := []aovpnlint.File{{Name: "b.xml", Data: profile}, {Name: "a.xml", Data: []byte("<VPNProfile/>")}, {Name: "c.xml", Data: clean}}
	var done []string
	emitted := map[string]int{}
	opts := aovpnlint.Options{Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), KeepSuppressed: true, ElementPaths: true,
		Checked: func(name string) { done = append(done, name) }}
	var vpn006, vpn012 bool
	_, err = aovpnlint.Stream(files, opts, func(f lint.Finding) error {
		emitted[f.Pos.File]++
		if slices.Contains(done, f.Pos.File) {
			t.Errorf("a finding of %s after its file was done", f.Pos.File)
		}
		switch f.Rule.ID {
		case "VPN006":
			vpn006 = f.Suppressed != nil && f.Suppressed.Reason == "the lab client" && f.Path == "VPNProfile/AlwaysOn" && f.End.Line == 3 && f.End.Col == 28
		case "VPN012":
			vpn012 = f.Suppressed == nil && f.Path == "VPNProfile/NativeProfile/NativeProtocolType"
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !vpn006 || !vpn012 {
		t.Errorf("VPN006 suppressed with its reason, path and end: %v; VPN012 with its path: %v", vpn006, vpn012)
	}
	if strings.Join(done, ",") != "a.xml,b.xml,c.xml" || emitted["c.xml"] != 0 {
		t.Errorf("files done %v (findings %v), want every file in report order, the clean one too", done, emitted)
	}
	// Without the options, the suppressed finding is dropped and no path
	// is set.
	fs, _ := aovpnlint.Lint(files, aovpnlint.Options{Now: opts.Now})
	for _, f := range fs {
		if f.Rule.ID == "VPN006" || f.Path != "" || f.Suppressed != nil {
			t.Errorf("without the options: %+v", f)
		}
	}
}
