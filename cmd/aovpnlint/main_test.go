package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint/report"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// The tests run from the module root so that file names in the output are
// the ones a user would type.
func TestMain(m *testing.M) {
	flag.Parse()
	if err := os.Chdir("../.."); err != nil {
		panic(err)
	}
	sarifSchema, _ = filepath.Abs(sarifSchema)
	os.Exit(m.Run())
}

type result struct {
	code           int
	stdout, stderr string
}

// runCLI runs the program with args, on a non-terminal, with env vars from
// vars.
func runCLI(t *testing.T, stdin string, vars map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		getenv:   func(k string) string { return vars[k] },
		terminal: func(io.Writer) bool { return vars["TERM_TEST"] == "yes" },
		version:  "v0.0.0-test",
		now:      testClock(),
	}
	code := run(append([]string{"aovpnlint"}, args...), e)
	return result{code, out.String(), errb.String()}
}

// testClock is a clock that starts at 2026-06-01 12:00 UTC and moves
// 125 ms each time it is read, so that reports that record times are the
// same from run to run.
func testClock() func() time.Time {
	t := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	return func() time.Time {
		t = t.Add(125 * time.Millisecond)
		return t
	}
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("cmd/aovpnlint/testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/aovpnlint -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run with -update after checking):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// goldenFiles have errors, warnings and info findings, a related location,
// a finding inside a base64 value, a cross-document finding (the NPS
// certificate against ServerNames), and a clean profile.
var goldenFiles = []string{
	"--at", "2030-01-01T00:00:00Z",
	"fixtures/profiles/user-tunnel.xml",
	"fixtures/profiles/device-tunnel.xml",
	"input/testdata/malformed.xml",
	"input/testdata/intune_base64.json",
	"input/testdata/profile_utf16le_bom_crlf.xml",
	"fixtures/scenario/profiles/nps-other-name.xml",
	"--nps-cert", "fixtures/scenario/certs/nps-other.pem",
	"--trust", "fixtures/scenario/certs/trust.pem",
}

func TestGoldenText(t *testing.T) {
	r := runCLI(t, "", nil, append([]string{"check"}, goldenFiles...)...)
	if r.code != 1 {
		t.Errorf("exit code %d, want 1", r.code)
	}
	golden(t, "check.txt.golden", r.stdout)
	golden(t, "check.stderr.golden", r.stderr)
}

func TestGoldenJSON(t *testing.T) {
	r := runCLI(t, "", nil, append([]string{"check", "--format", "json"}, goldenFiles...)...)
	if r.code != 1 || r.stderr != "" {
		t.Errorf("exit code %d, stderr %q", r.code, r.stderr)
	}
	golden(t, "check.json.golden", r.stdout)
	var doc struct {
		Version  int `json:"version"`
		Findings []struct {
			Rule, Severity, Message, File string
			Line, Column                  int
			WindowsErrors                 []string `json:"windowsErrors"`
			Related                       []struct{ File, Message string }
		} `json:"findings"`
		Summary map[string]int `json:"summary"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || len(doc.Findings) == 0 || doc.Summary["error"] == 0 || doc.Summary["warning"] == 0 || doc.Summary["info"] == 0 {
		t.Errorf("document %+v", doc)
	}
	related := false
	for _, f := range doc.Findings {
		if f.WindowsErrors == nil || f.Related == nil {
			t.Errorf("%s: null list in %+v", f.Rule, f)
		}
		related = related || len(f.Related) > 0
	}
	if !related {
		t.Error("no finding with a related location")
	}
}

func TestExitCodes(t *testing.T) {
	clean := "fixtures/profiles/device-tunnel.xml"
	withError := "fixtures/profiles/user-tunnel.xml"
	warningsOnly := "profile/testdata/vpn004_misplaced.xml"
	infoOnly := "input/testdata/profile_clean_utf16le.xml"
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"check", clean}, 0},
		{[]string{"check", withError}, 1},
		{[]string{"check", "--fail-on", "none", withError}, 0},
		{[]string{"check", "--fail-on", "error", warningsOnly}, 0},
		{[]string{"check", "--fail-on", "warning", warningsOnly}, 1},
		{[]string{"check", "--fail-on", "warning", infoOnly}, 0},
		{[]string{"check", "--fail-on", "info", infoOnly}, 1},
		{[]string{"check", infoOnly}, 0},
		{[]string{"check", "--fail-on", "info", clean}, 0},
		{[]string{"check", "input/testdata/malformed.xml"}, 1},
		{[]string{"check", "--fail-on", "sometimes", clean}, 2},
		{[]string{"check", "--format", "yaml", clean}, 2},
		{[]string{"check", "--at", "yesterday", clean}, 2},
		{[]string{"check", "--at", "2027-06-01T00:00:00Z", clean}, 0},
		{[]string{"check", "--no-such-flag", clean}, 2},
		{[]string{"check"}, 2},
		{[]string{"check", "no/such/file.xml"}, 2},
		{[]string{"check", clean, "no/such/file.xml"}, 2},
		{[]string{"check", "--fail-on", "none", "fixtures/profiles"}, 0},
		{[]string{"check", "fixtures/profiles"}, 1},
		{[]string{"frobnicate"}, 2},
		{nil, 2},
		{[]string{"rules"}, 0},
		{[]string{"--version"}, 0},
		{[]string{"--help"}, 0},
	}
	for _, tc := range tests {
		r := runCLI(t, "", nil, tc.args...)
		if r.code != tc.code {
			t.Errorf("%v: exit %d, want %d\nstdout: %s\nstderr: %s", tc.args, r.code, tc.code, r.stdout, r.stderr)
		}
		// A tool failure is one clear line on standard error and nothing
		// on standard output.
		if tc.code == 2 && len(tc.args) > 0 && tc.args[0] == "check" {
			if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "aovpnlint: ") || r.stdout != "" {
				t.Errorf("%v: stdout %q, stderr %q; want one line on stderr", tc.args, r.stdout, r.stderr)
			}
		}
	}
}

func TestFlagsAfterOperandsAndStdin(t *testing.T) {
	data, err := os.ReadFile("fixtures/profiles/user-tunnel.xml")
	if err != nil {
		t.Fatal(err)
	}
	a := runCLI(t, "", nil, "check", "--format", "json", "fixtures/profiles/user-tunnel.xml")
	b := runCLI(t, "", nil, "check", "fixtures/profiles/user-tunnel.xml", "--format", "json")
	if a.stdout != b.stdout || a.code != b.code || !strings.HasPrefix(a.stdout, "{") {
		t.Errorf("flags after the operand give other output:\n%s\n%s", a.stdout, b.stdout)
	}
	s := runCLI(t, string(data), nil, "check", "-")
	if s.code != 1 || !strings.Contains(s.stdout, "<stdin>:5:13: error: AlwaysOn is \"True\"") {
		t.Errorf("stdin: exit %d\n%s", s.code, s.stdout)
	}
}

func TestColour(t *testing.T) {
	file := "fixtures/profiles/user-tunnel.xml"
	if r := runCLI(t, "", nil, "check", file); strings.Contains(r.stdout, "\x1b[") {
		t.Error("colour written to a non-terminal")
	}
	if r := runCLI(t, "", map[string]string{"TERM_TEST": "yes"}, "check", file); !strings.Contains(r.stdout, "\x1b[1;31merror\x1b[0m") {
		t.Errorf("no colour on a terminal:\n%s", r.stdout)
	}
	if r := runCLI(t, "", map[string]string{"TERM_TEST": "yes", "NO_COLOR": "1"}, "check", file); strings.Contains(r.stdout, "\x1b[") {
		t.Error("colour written although NO_COLOR is set")
	}
}

func TestExtract(t *testing.T) {
	// A deploy script saved by Windows PowerShell 5.1: UTF-16 LE, CRLF.
	r := runCLI(t, "", nil, "extract", "input/testdata/script_utf16le_crlf.ps1")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	golden(t, "extract-script.golden", r.stdout)
	if strings.Contains(r.stdout, "\r") || strings.Contains(r.stdout, "''") || !strings.HasPrefix(r.stdout, "<!-- Contoso's user tunnel -->") && !strings.HasPrefix(r.stdout, "<VPNProfile>") {
		t.Errorf("extracted text is not clean XML:\n%s", r.stdout)
	}

	// Escaped EAP text comes back as elements.
	r = runCLI(t, "", nil, "extract", "../shared/corpus/leiqos-user.xml")
	if _, err := os.Stat("../shared/corpus"); err == nil {
		if r.code != 0 || strings.Contains(r.stdout, "&lt;") || !strings.Contains(r.stdout, "<EapHostConfig xmlns=") {
			t.Errorf("escaped EAP not unescaped (exit %d):\n%s", r.code, r.stdout)
		}
	}

	// Several documents: each with a header.
	r = runCLI(t, "", nil, "extract", "input/testdata/intune_list.json")
	if r.code != 0 || strings.Count(r.stdout, "<!-- document ") != 2 {
		t.Errorf("two documents: exit %d\n%s", r.code, r.stdout)
	}

	// Secrets are never printed.
	r = runCLI(t, "", nil, "extract", "cmd/aovpnlint/testdata/l2tp-psk.xml")
	if strings.Contains(r.stdout, "S3cret") || strings.Contains(r.stdout, "apn-password") || strings.Count(r.stdout, "(redacted by aovpnlint)") != 2 {
		t.Errorf("secret printed or not redacted:\n%s", r.stdout)
	}

	// Nothing to extract: one line, exit 2.
	r = runCLI(t, "", nil, "extract", "input/testdata/script_generator.ps1")
	if r.code != 2 || !strings.Contains(r.stderr, "builds the profile at run time") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("generator script: exit %d, stderr %q", r.code, r.stderr)
	}

	// Malformed: printed as extracted, the error on stderr, exit 1.
	r = runCLI(t, "", nil, "extract", "input/testdata/malformed.xml")
	if r.code != 1 || !strings.Contains(r.stdout, "<Authentication>") || !strings.Contains(r.stderr, "IN001") && !strings.Contains(r.stderr, "not well-formed") {
		t.Errorf("malformed: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := runCLI(t, "", nil, "extract"); r.code != 2 {
		t.Errorf("extract without a file: exit %d", r.code)
	}
}

func TestRulesJSON(t *testing.T) {
	r := runCLI(t, "", nil, "rules", "--format", "json")
	var rules []struct {
		ID, Severity, Title, Fix, Citation string
		WindowsErrors                      []string `json:"windowsErrors"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rules); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, rule := range rules {
		ids[rule.ID] = true
		if rule.Severity == "" || rule.Title == "" || rule.Fix == "" || rule.WindowsErrors == nil {
			t.Errorf("incomplete rule %+v", rule)
		}
	}
	for _, id := range []string{"IN001", "IN002", "IN003", "IN004", "IN005", "IN006", "IN007",
		"VPN001", "VPN002", "VPN003", "VPN004", "VPN005", "VPN006", "VPN007",
		"EAP001", "EAP002", "EAP003", "EAP004", "EAP005"} {
		if !ids[id] {
			t.Errorf("rules --format json does not list %s", id)
		}
	}
	text := runCLI(t, "", nil, "rules")
	if !regexp.MustCompile(`(?m)^VPN006 +error +AlwaysOn`).MatchString(text.stdout) {
		t.Errorf("rules text:\n%s", text.stdout)
	}
}

func TestVersion(t *testing.T) {
	r := runCLI(t, "", nil, "--version")
	if r.stdout != "aovpnlint version v0.0.0-test\n" {
		t.Errorf("--version printed %q", r.stdout)
	}
}

// TestOpenSSLFiles loads certificates made with OpenSSL in every format:
// the clean server certificate with its trust gives no finding and exit 0.
func TestOpenSSLFiles(t *testing.T) {
	for _, f := range []string{"server.pem", "server.cer", "server.b64", "server-bom-crlf.pem", "chain.p7b", "chain-pem.p7b", "server-aes.pfx", "server-legacy.pfx"} {
		r := runCLI(t, "", nil, "cert", "--purpose", "server", "--host", "vpn.example.net", "--at", "2030-01-01T00:00:00Z",
			"--trust", "fixtures/openssl/root.pem", "--trust", "fixtures/openssl/issuing.pem",
			"--pfx-password-file", "fixtures/openssl/pfx-password.txt", "fixtures/openssl/"+f)
		if r.code != 0 || !strings.HasPrefix(r.stderr, "0 errors, 0 warnings, ") || strings.Contains(r.stdout, "[CERT") || strings.Contains(r.stdout, "[IN005]") {
			t.Errorf("%s: exit %d\n%s%s", f, r.code, r.stdout, r.stderr)
		}
	}
}

// at fixes the evaluation time of CLI tests that read certificates.
const at = "--at=2026-06-01T12:00:00Z"

func TestCertCommand(t *testing.T) {
	trust := []string{"--trust", "fixtures/pki/root.pem", at}
	tests := []struct {
		args []string
		code int
		want string
	}{
		{append([]string{"cert", "--purpose", "server", "--host", "vpn.example.com", "fixtures/pki/chain.p7b"}, trust...), 0, ""},
		{append([]string{"cert", "--purpose", "server", "fixtures/pki/vpn.pem"}, trust...), 1, "[CERT031]"},
		{append([]string{"cert", "--purpose", "client", "certcheck/testdata/cert012_user_no_client_auth.pem"}, trust...), 1, "needs Client Authentication [CERT012]"},
		{[]string{"cert", "--purpose", "server", "--warn-days", "0", at, "certcheck/testdata/cert003_expiring.pem"}, 0, ""},
		{[]string{"cert", "--purpose", "server", "--warn-days", "20", at, "certcheck/testdata/cert003_expiring.pem"}, 0, "in 13 days"},
		{[]string{"cert", "--purpose", "server", "--at", "2026-12-20T00:00:00Z", "fixtures/pki/vpn.pem"}, 0, "expires on 2027-01-01, in 12 days"},
		{[]string{"cert", "--purpose", "root", "fixtures/pki/vpn.pem"}, 2, ""},
		{[]string{"cert", "--warn-days", "-1", "fixtures/pki/vpn.pem"}, 2, ""},
		{[]string{"cert"}, 2, ""},
	}
	for _, tc := range tests {
		r := runCLI(t, "", nil, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stdout, tc.want) {
			t.Errorf("%v: exit %d, want %d and %q:\n%s%s", tc.args, r.code, tc.code, tc.want, r.stdout, r.stderr)
		}
	}
}

func TestCheckWithRoles(t *testing.T) {
	r := runCLI(t, "", nil, "check", "fixtures/profiles/device-tunnel.xml", at,
		"--vpn-cert", "fixtures/pki/vpn-aes.pfx", "--pfx-password-file", "fixtures/pki/pfx-password.txt",
		"--nps-cert", "fixtures/pki/nps.pem", "--client-cert", "fixtures/pki/device.pem", "--trust", "fixtures/pki/trust.pem",
		"--crl", "fixtures/pki/issuing-current.crl")
	if r.code != 0 || r.stdout != "" {
		t.Errorf("clean deployment: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runCLI(t, "", nil, "check", "fixtures/profiles/device-tunnel.xml", at, "--certs", "fixtures/pki/chain.sst")
	if r.code != 0 || strings.Count(r.stdout, "[CERT061]") != 3 || !strings.Contains(r.stdout, "classified as trusted: a self-signed CA certificate") {
		t.Errorf("classification: exit %d\n%s", r.code, r.stdout)
	}
	r = runCLI(t, "", nil, "check", "fixtures/profiles/device-tunnel.xml", at, "--client-cert", "fixtures/pki/user-revoked.pem",
		"--trust", "fixtures/pki/trust.pem", "--crl", "fixtures/pki/issuing-current.crl")
	if r.code != 1 || !strings.Contains(r.stdout, "is revoked") {
		t.Errorf("revoked client: exit %d\n%s", r.code, r.stdout)
	}
}

// TestPFXPassword checks the password sources and that no output shows
// the password.
func TestPFXPassword(t *testing.T) {
	pfx := "fixtures/pki/vpn-aes.pfx"
	r := runCLI(t, "", nil, "cert", "--purpose", "server", at, pfx)
	if r.code != 1 || !strings.Contains(r.stdout, "protected by a password") {
		t.Errorf("no password: exit %d\n%s", r.code, r.stdout)
	}
	r = runCLI(t, "", map[string]string{"AOVPNLINT_PFX_PASSWORD": "Passw0rd!"}, "cert", "--purpose", "server", "--format", "json", at, pfx)
	if r.code != 0 || strings.Contains(r.stdout, "IN005") {
		t.Errorf("password from the environment: exit %d\n%s", r.code, r.stdout)
	}
	for _, format := range []string{"text", "json"} {
		r = runCLI(t, "", nil, "cert", "--format", format, at, "--pfx-password-file", "fixtures/pki/broken/wrong-password.txt", pfx)
		out := r.stdout + r.stderr
		if r.code != 1 || !strings.Contains(out, "PFX password is wrong") || strings.Contains(out, "not-the-password") {
			t.Errorf("wrong password (%s): exit %d\n%s", format, r.code, out)
		}
	}
}

func TestCertShow(t *testing.T) {
	r := runCLI(t, "", nil, "cert", "show", "fixtures/pki/chain.p7b")
	if r.code != 0 || strings.Count(r.stdout, "== fixtures/pki/chain.p7b") != 3 || !strings.Contains(r.stdout, "IP security IKE intermediate (1.3.6.1.5.5.8.2.2)") {
		t.Errorf("p7b: exit %d\n%s", r.code, r.stdout)
	}
	r = runCLI(t, "", nil, "cert", "show", "fixtures/pki/entra-ca.pem")
	if r.code != 0 || !strings.Contains(r.stdout, "AAD Conditional Access (1.3.6.1.4.1.311.87)") {
		t.Errorf("Conditional Access: exit %d\n%s", r.code, r.stdout)
	}
	r = runCLI(t, "", nil, "cert", "show", "--pfx-password-file", "fixtures/pki/pfx-password.txt", "fixtures/pki/vpn-aes.pfx")
	if r.code != 0 || strings.Contains(r.stdout, "PRIVATE KEY") || strings.Count(r.stdout, "== ") != 3 {
		t.Errorf("PFX: exit %d\n%s", r.code, r.stdout)
	}
	if !strings.Contains(r.stdout, "SHA-1 thumbprint (TrustedRootCA form): ") {
		t.Errorf("no thumbprint line:\n%s", r.stdout)
	}
	r = runCLI(t, "", nil, "cert", "show", "fixtures/pki/broken/no-certificates.p7b", "fixtures/pki/root.pem")
	if r.code != 1 || !strings.Contains(r.stderr, "holds no certificate") || !strings.Contains(r.stdout, "Contoso Test Root CA") {
		t.Errorf("broken and good file: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}

// formats are the values of --format.
var formats = func() []string {
	var out []string
	for _, f := range report.Formats {
		out = append(out, string(f))
	}
	return out
}()

// A file found in a folder without a role and also given with one is
// checked once, for its role: vpn/ and --trust vpn/trust/.
func TestFolderFileGivenWithRoleOnce(t *testing.T) {
	r := runCLI(t, "", nil, "check", "--format", "junit", "--fail-on", "warning", "--trust", "examples/vpn/trust/", "examples/vpn/")
	if r.code != 0 || strings.Contains(r.stdout, "CERT033") || strings.Count(r.stdout, `<testsuite name="examples/vpn/trust/root.pem"`) != 1 {
		t.Errorf("exit %d; want 0, no CERT033 and the root checked once:\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runCLI(t, "", nil, "check", "--format", "json", "--fail-on", "none", "examples/vpn/")
	if !strings.Contains(r.stdout, "CERT033") {
		t.Errorf("the roots found in the folder without --trust gave no CERT033:\n%s", r.stdout)
	}
}

// --nps-config gives the NPS export the profiles are checked against.
func TestNPSConfigFlag(t *testing.T) {
	r := runCLI(t, "", nil, "check", "--format", "json", "--fail-on", "none", "--nps-config", "nps/testdata/ok_vpn.xml", "crosscheck/testdata/nps020_mschapv2.xml")
	if r.code != 0 || !strings.Contains(r.stdout, `"rule": "NPS020"`) {
		t.Errorf("exit %d; want NPS020 from the export given with --nps-config:\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runCLI(t, "", nil, "check", "--format", "json", "--fail-on", "none", "crosscheck/testdata/nps020_mschapv2.xml")
	if strings.Contains(r.stdout, `"rule": "NPS020"`) {
		t.Errorf("NPS020 without an export:\n%s", r.stdout)
	}
}
