package config_test

import (
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/config"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/linttest"
	"github.com/aovpnlint/aovpnlint/lint"
)

func TestFixtures(t *testing.T) {
	linttest.Run(t, "testdata", linttest.CheckAll)
}

func TestParseErrors(t *testing.T) {
	cases := map[string]string{
		"suppress:\n  - rule: VPN012\n":                                  ".aovpnlint.yaml:2:5: the suppression of VPN012 has no reason",
		"suppress:\n  - rule: VPN012\n    reason: \"  \"\n":              "has no reason",
		"suppress:\n  - reason: fine\n":                                  "has no rule",
		"severity:\n  VPN999: error\n":                                   `.aovpnlint.yaml:2:3: "VPN999" is not a rule ID`,
		"severity:\n  VPN012: fatal\n":                                   `.aovpnlint.yaml:2:11: severity of VPN012 is "fatal"`,
		"disable: VPN012\n":                                              "disable: expected a list",
		"ignore:\n  - VPN012\n":                                          `.aovpnlint.yaml:1:1: unknown key "ignore"`,
		"suppress:\n  - rule: VPN012\n    reason: r\n    when: now\n":    `unknown key "when" in a suppression`,
		"suppress:\n  - rule: VPN012\n    reason: r\n    files: \"[\"\n": "is not a valid glob",
		"severity: [\n":                                                  "not valid YAML",
		"- a\n- b\n":                                                     "expected a mapping",
	}
	for text, want := range cases {
		_, err := config.Parse(".aovpnlint.yaml", []byte(text), aovpnlint.Rules())
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one containing %q", text, err, want)
		}
	}
	if c, err := config.Parse(".aovpnlint.yaml", nil, aovpnlint.Rules()); err != nil || c == nil {
		t.Errorf("an empty file: %v", err)
	}
}

func TestApplyOnFiles(t *testing.T) {
	c, err := config.Parse("team.yaml", []byte(`
severity:
  VPN061: error
disable: [VPN026]
suppress:
  - rule: VPN024
    files: ["testdata/*.xml"]
    path: VPNProfile/Route
    reason: routed on purpose in the lab
  - rule: VPN024
    files: ["elsewhere/*.xml"]
    reason: another folder
  - rule: VPN012
    files: ["apply.xml"]
    path: VPNProfile/NativeProfile/Authentication
    reason: the wrong element, so it does not apply
`), aovpnlint.Rules())
	if err != nil {
		t.Fatal(err)
	}
	profile := []byte(`<VPNProfile>
  <AlwaysOn>true</AlwaysOn>
  <NativeProfile>
    <Servers>vpn.example.com</Servers>
    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>
    <NativeProtocolType>Automatic</NativeProtocolType>
    <Authentication><MachineMethod>Certificate</MachineMethod></Authentication>
  </NativeProfile>
  <Route><Address>192.168.0.0</Address><PrefixSize>16</PrefixSize></Route>
  <TrafficFilter><Protocol>6</Protocol></TrafficFilter>
</VPNProfile>`)
	f := input.Read("testdata/apply.xml", profile, input.Limits{})
	got, _ := aovpnlint.Lint([]aovpnlint.File{{Name: f.Name, Data: f.Raw}}, aovpnlint.Options{Now: linttest.At, Config: c})
	var ids []string
	for _, x := range got {
		ids = append(ids, x.Rule.ID+" "+x.Severity.String())
	}
	// The findings of the configuration file come after those of the
	// files checked: whether a suppression matched is known only then.
	want := []string{"VPN061 error", "VPN012 warning", "IN008 info", "IN008 info"}
	if strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Errorf("findings %v, want %v", ids, want)
	}
	for _, x := range got {
		if x.Rule.ID == "IN008" && (x.Pos.File != "team.yaml" || x.Pos.Line == 0) {
			t.Errorf("IN008 at %s; want the suppression's line in team.yaml", x.Pos)
		}
	}
	// Without the configuration, the same profile has the suppressed
	// and disabled findings.
	plain, _ := aovpnlint.Lint([]aovpnlint.File{{Name: f.Name, Data: f.Raw}}, aovpnlint.Options{Now: linttest.At})
	has := map[string]lint.Severity{}
	for _, x := range plain {
		has[x.Rule.ID] = x.Severity
	}
	if has["VPN024"] == 0 || has["VPN026"] == 0 || has["VPN061"] != lint.Info {
		t.Errorf("without configuration: %v", has)
	}
}
