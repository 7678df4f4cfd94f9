package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// checkJSON runs check with --format json and returns the exit code and
// the findings by rule ID.
func checkJSON(t *testing.T, args ...string) (int, map[string][]string) {
	t.Helper()
	r := runCLI(t, "", nil, append([]string{"check", "--format", "json"}, args...)...)
	var doc struct {
		Findings []struct{ Rule, Severity, Message string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("%v: %v\nstderr: %s", args, err, r.stderr)
	}
	out := map[string][]string{}
	for _, f := range doc.Findings {
		out[f.Rule] = append(out[f.Rule], f.Severity)
	}
	return r.code, out
}

// The end-to-end scenario of issue 4, as a new user would try it: a
// profile and certificates made with OpenSSL (fixtures/scenario/certs).
const scenario = "fixtures/scenario/"

func scenarioArgs(profile string, replace ...string) []string {
	args := "--at 2030-01-01T00:00:00Z --vpn-cert certs/vpn.pem --nps-cert certs/nps.pem --trust certs/trust.pem --trust certs/entra-root.pem --client-cert certs/ca-client.pem"
	for i := 0; i+1 < len(replace); i += 2 {
		args = strings.Replace(args, replace[i], replace[i+1], 1)
	}
	var out []string
	for _, a := range strings.Fields(args) {
		if strings.HasPrefix(a, "certs/") {
			a = scenario + a
		}
		out = append(out, a)
	}
	return append(out, scenario+"profiles/"+profile)
}

func TestScenarioCompleteProfile(t *testing.T) {
	code, got := checkJSON(t, scenarioArgs("user-tunnel.xml")...)
	for id, sev := range got {
		if slices.Contains(sev, "error") || slices.Contains(sev, "warning") {
			t.Errorf("%s %v on the complete profile", id, sev)
		}
	}
	if code != 0 || !slices.Equal(got["EAP036"], []string{"info"}) {
		t.Errorf("exit %d, findings %v; want exit 0 and the EAP036 note naming the certificate Windows presents", code, got)
	}
}

func TestScenarioFaults(t *testing.T) {
	cases := []struct {
		name    string
		args    []string
		want    []string
		wantSev string
	}{
		{"gateway certificate for another name", scenarioArgs("user-tunnel.xml", "certs/vpn.pem", "certs/vpn-other.pem"), []string{"VPN070"}, "error"},
		{"NPS certificate for another name", scenarioArgs("user-tunnel.xml", "certs/nps.pem", "certs/nps-other.pem"), []string{"EAP032"}, "error"},
		{"TrustedRootCA of an unrelated root", scenarioArgs("unrelated-root.xml"), []string{"EAP030", "EAP031"}, "error"},
		{"the Entra cloud root in TrustedRootCA", scenarioArgs("cloud-root.xml"), []string{"EAP033"}, "error"},
		{"only a client certificate without Client Authentication", scenarioArgs("no-client-auth.xml", "certs/ca-client.pem", "certs/user-no-client-auth.pem"), []string{"EAP034"}, "error"},
		{"DeviceCompliance without the Entra EKU filter", []string{"profile/testdata/vpn041_no_eku.xml"}, []string{"VPN041"}, "error"},
		{"SplitTunnel, DisableClassBasedDefaultRoute, no routes", []string{"profile/testdata/vpn020_nothing_routed.xml"}, []string{"VPN020"}, "error"},
		{"device tunnel with SSTP and ForceTunnel", []string{"profile/testdata/vpn030_device_tunnel.xml"}, []string{"VPN030"}, "error"},
		{"L2tpPsk", []string{"profile/testdata/vpn050_psk.xml"}, []string{"VPN050"}, "error"},
		{"plug-in profile with 127.0.0.1 DNS", []string{"profile/testdata/vpn060_loopback.xml"}, []string{"VPN060"}, "warning"},
		{"PEAP with outer validation off and empty ServerNames", []string{"eapxml/testdata/eap010_validation_off.xml"}, []string{"EAP010", "EAP013"}, "warning"},
	}
	for _, c := range cases {
		code, got := checkJSON(t, c.args...)
		for _, id := range c.want {
			if !slices.Contains(got[id], c.wantSev) {
				t.Errorf("%s: %s at %s not reported (got %v)", c.name, id, c.wantSev, got)
			}
		}
		if c.wantSev == "error" && code != 1 {
			t.Errorf("%s: exit %d, want 1", c.name, code)
		}
	}
}

func TestScenarioWarningsOnly(t *testing.T) {
	for _, f := range []string{"profile/testdata/vpn012_automatic.xml", "fixtures/profiles/device-tunnel.xml"} {
		code, got := checkJSON(t, f)
		for id, sev := range got {
			if slices.Contains(sev, "error") {
				t.Errorf("%s: %s error", f, id)
			}
		}
		if code != 0 {
			t.Errorf("%s: exit %d, want 0", f, code)
		}
	}
	if _, got := checkJSON(t, "profile/testdata/vpn012_automatic.xml"); !slices.Equal(got["VPN012"], []string{"warning"}) {
		t.Errorf("Automatic: %v, want one VPN012 warning", got)
	}
}

// TestPSKNeverPrinted looks for the pre-shared key in every output format
// and in extract.
func TestPSKNeverPrinted(t *testing.T) {
	const file, key = "profile/testdata/vpn050_psk.xml", "CorrectHorseBatteryStaple-9f2c"
	for _, args := range [][]string{
		{"check", file}, {"check", "--format", "json", file}, {"extract", file}, {"check", "--target", "intune", file},
	} {
		r := runCLI(t, "", nil, args...)
		if strings.Contains(r.stdout+r.stderr, key) || strings.Contains(r.stdout+r.stderr, "9f2c") {
			t.Errorf("%v printed the pre-shared key", args)
		}
		if args[0] == "check" && !strings.Contains(r.stdout, "VPN050") {
			t.Errorf("%v: VPN050 not reported", args)
		}
	}
}

func TestExplain(t *testing.T) {
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"13801"}, []string{"ERROR_IPSEC_IKE_AUTH_FAIL", "CERT010", "CERT001", "VPN070", "CERT030"}},
		{[]string{"-2146762487"}, []string{"0x800B0109 (-2146762487)  CERT_E_UNTRUSTEDROOT", "CERT030", "EAP030"}},
		{[]string{"0x800b0109"}, []string{"CERT_E_UNTRUSTEDROOT"}},
		{[]string{"CERT_E_UNTRUSTEDROOT"}, []string{"0x800B0109"}},
		{[]string{"oops"}, []string{"VPN041"}},
		{[]string{"864", "812"}, []string{"ERROR_EAP_SERVER_ROOT_CERT_NOT_FOUND", "ERROR_SERVER_POLICY"}},
		{[]string{"no", "such", "host", "is", "known"}, []string{"VPN060"}},
		{[]string{"VPN041"}, []string{"Oops, you can't get to this yet", "<EKUOID>1.3.6.1.4.1.311.87</EKUOID>", "ClientAuthEKUList Enabled=\"true\""}},
	}
	for _, c := range cases {
		r := runCLI(t, "", nil, append([]string{"explain"}, c.args...)...)
		if r.code != 0 {
			t.Errorf("explain %v: exit %d, stderr %s", c.args, r.code, r.stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("explain %v does not mention %q:\n%s", c.args, w, r.stdout)
			}
		}
	}
	golden(t, "explain-13801.golden", runCLI(t, "", nil, "explain", "13801").stdout)
	golden(t, "explain-VPN041.golden", runCLI(t, "", nil, "explain", "VPN041").stdout)
	if r := runCLI(t, "", nil, "explain", "bananas"); r.code != 2 || !strings.Contains(r.stderr, "nothing matches") || r.stdout != "" {
		t.Errorf("explain bananas: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := runCLI(t, "", nil, "explain"); r.code != 2 {
		t.Errorf("explain without argument: exit %d", r.code)
	}
}
