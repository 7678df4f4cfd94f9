package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

// The command line as issue 16 asks: help from every entry, one-line
// errors with --flag wording and "did you mean", values in any case, the
// new switches, empty inputs and duplicates.

// TestHelpFromEveryEntry: aovpnlint alone (help on standard error, exit
// 2), --help, -h and help (standard output, exit 0) print the same help,
// with every command, its purpose, an example of each, and the exit
// codes; a command's help is the same by `help COMMAND`, `COMMAND
// --help`, `COMMAND -h` and, for a subcommand, `cert help show`. Before,
// aovpnlint alone printed an empty name and no command, and `help check`
// was an unknown command.
func TestHelpFromEveryEntry(t *testing.T) {
	bare := runCLI(t, "", nil)
	if bare.code != 2 || bare.stdout != "" {
		t.Errorf("aovpnlint alone: exit %d, stdout %q; want the help on standard error and exit 2", bare.code, bare.stdout)
	}
	app := newApp(&env{})
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		r := runCLI(t, "", nil, args...)
		if r.code != 0 || r.stderr != "" || r.stdout != bare.stderr {
			t.Errorf("aovpnlint %v: exit %d, stderr %q, and not the help aovpnlint alone prints:\n%s", args, r.code, r.stderr, r.stdout)
		}
	}
	for _, want := range []string{"USAGE:\n   aovpnlint COMMAND", "COMMANDS:", "EXAMPLES:", "EXIT CODES:", "   2  bad usage"} {
		if !strings.Contains(bare.stderr, want) {
			t.Errorf("the help lacks %q:\n%s", want, bare.stderr)
		}
	}
	walkCommands(app.Commands, func(path string, c *cli.Command) {
		if !regexp.MustCompile(`(?m)^   ` + regexp.QuoteMeta(path) + ` +` + regexp.QuoteMeta(strings.Fields(c.Usage)[0])).MatchString(bare.stderr) {
			t.Errorf("the help does not list %s with its purpose", path)
		}
		if ex := examples(c); len(ex) == 0 || !strings.Contains(bare.stderr, "   "+ex[0]+"\n") {
			t.Errorf("the help has no example of %s", path)
		}
		words := strings.Fields(path)
		want := runCLI(t, "", nil, append([]string{"help"}, words...)...)
		if want.code != 0 || !strings.HasPrefix(want.stdout, "aovpnlint "+path+" - ") {
			t.Errorf("help %s: exit %d\n%s%s", path, want.code, want.stdout, want.stderr)
		}
		entries := [][]string{append(append([]string{}, words...), "--help"), append(append([]string{}, words...), "-h"),
			append(append([]string{}, words...), "FILE", "--help")}
		if len(words) == 2 {
			entries = append(entries, []string{words[0], "help", words[1]})
		}
		for _, args := range entries {
			if r := runCLI(t, "", nil, args...); r.code != 0 || r.stdout != want.stdout {
				t.Errorf("aovpnlint %v: exit %d, not the help of `help %s`:\n%s%s", args, r.code, path, r.stdout, r.stderr)
			}
		}
		// Every flag is in the command's help.
		for _, f := range c.Flags {
			if !strings.Contains(want.stdout, dashed(flagNames(f)[0])) {
				t.Errorf("help %s does not list --%s", path, flagNames(f)[0])
			}
		}
	})
}

// TestEveryCommandHasExamplesAndExitCodes holds every command, those
// added later included, to what the help promises: an EXAMPLES section
// whose lines run aovpnlint, and an EXIT CODES section.
func TestEveryCommandHasExamplesAndExitCodes(t *testing.T) {
	walkCommands(newApp(&env{}).Commands, func(path string, c *cli.Command) {
		if len(examples(c)) == 0 {
			t.Errorf("%s: its Description has no EXAMPLES section with an `aovpnlint %s ...` line", path, path)
		}
		for _, ex := range examples(c) {
			if !strings.HasPrefix(ex, "aovpnlint "+path) {
				t.Errorf("%s: the example %q is of another command", path, ex)
			}
		}
		codes := sectionLines(c, "EXIT CODES")
		if len(codes) == 0 || !strings.HasPrefix(strings.TrimSpace(codes[0]), "0 ") {
			t.Errorf("%s: its Description has no EXIT CODES section starting with 0", path)
		}
	})
}

// TestUsageErrors: every mistake is one line on standard error, starting
// "aovpnlint: ", naming flags as they are typed (--format, never Go's
// -format), with nothing on standard output and exit 2; the closest
// command, subcommand, flag, value or rule is suggested. Before, a flag
// typo gave "flag provided but not defined: -frmat", a command typo no
// suggestion.
func TestUsageErrors(t *testing.T) {
	clean := "fixtures/profiles/device-tunnel.xml"
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"chekc", clean}, `unknown command "chekc"; did you mean check?`},
		{[]string{"exract", clean}, "did you mean extract?"},
		{[]string{"expl", "13801"}, "did you mean explain?"},
		{[]string{"help", "chekc"}, "did you mean check?"},
		{[]string{"help", "cert", "shwo"}, `unknown subcommand of cert "shwo"; did you mean show?`},
		{[]string{"cert", "shwo", clean}, "did you mean aovpnlint cert show?"},
		{[]string{"check", "--frmat", "json", clean}, "check has no flag --frmat; did you mean --format?"},
		{[]string{"check", clean, "--frmat=json"}, "did you mean --format?"},
		{[]string{"check", "-frmat", "json", clean}, "did you mean --format?"},
		{[]string{"check", "--trst", "x.pem", clean}, "did you mean --trust?"},
		{[]string{"cert", "show", "--purpse", "nps", clean}, "cert show has no flag --purpse; did you mean --purpose?"},
		{[]string{"--format", "json", "check", clean}, "--format goes after the command: aovpnlint check --format"},
		{[]string{"--verison"}, "unknown flag --verison; did you mean --version?"},
		{[]string{"check", "--format"}, "--format needs a value: text, json, sarif"},
		{[]string{"check", "--format", "yml", clean}, `--format "yml": expected text, json, sarif, junit, github, azure, gitlab or checkstyle`},
		{[]string{"check", "--fail-on", "warnings", clean}, `--fail-on "warnings": expected error, warning, info or none; did you mean warning?`},
		{[]string{"check", "--warn-days", "x", clean}, `--warn-days "x": expected a whole number`},
		{[]string{"check", "--quiet=maybe", clean}, "--quiet=maybe: expected true or false"},
		{[]string{"check", "--disable", "VPN06", clean}, `--disable "VPN06": no rule has that ID; did you mean VPN006?`},
		{[]string{"check", "--disable", "VPN006", "--enable", "vpn006", clean}, "--enable and --disable both name VPN006"},
		{[]string{"check", "--no-config", "--config", "x.yaml", clean}, "--no-config and --config"},
		{[]string{"check", "no/such/file.xml"}, "no/such/file.xml: no such file or directory"},
		{[]string{"rules", "extra"}, `rules takes no argument, but was given "extra"`},
		{[]string{"rules", "vpn041"}, "aovpnlint explain VPN041"},
		{[]string{"version", "extra"}, "version takes no argument"},
		{[]string{"man", "extra"}, "man takes no argument"},
		{[]string{"completion"}, "completion needs one shell: bash, zsh, fish or powershell"},
		{[]string{"completion", "tcsh"}, `completion "tcsh": expected bash, zsh, fish or powershell`},
		{[]string{"explain", "13801", "nonsense"}, `nothing matches "nonsense"`},
		{[]string{"explain", "nonsense", "13801"}, `nothing matches "nonsense"`},
		{[]string{"cert", "show", "no/such.pem"}, "aovpnlint: no/such.pem: no such file or directory"},
		{[]string{"cert", "show", "--format", "yml", clean}, `--format "yml": expected text or json`},
	}
	for _, tc := range tests {
		r := runCLI(t, "", nil, tc.args...)
		if r.code != 2 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "aovpnlint: ") {
			t.Errorf("aovpnlint %v: exit %d, stdout %q, stderr %q; want one line on standard error and exit 2", tc.args, r.code, r.stdout, r.stderr)
		}
		if !strings.Contains(r.stderr, tc.want) {
			t.Errorf("aovpnlint %v: %q does not say %q", tc.args, r.stderr, tc.want)
		}
		if regexp.MustCompile(`(^|[\s"(])-[a-z]{2,}`).MatchString(r.stderr) {
			t.Errorf("aovpnlint %v: a flag written with one dash: %q", tc.args, r.stderr)
		}
	}
}

// TestValuesInAnyCase: every value that is one of a few words is read in
// any case, as --fail-on already was. Before, --format JSON was refused.
func TestValuesInAnyCase(t *testing.T) {
	profile := "fixtures/profiles/user-tunnel.xml"
	same := []struct{ upper, lower []string }{
		{[]string{"check", "--format", "JSON", profile}, []string{"check", "--format", "json", profile}},
		{[]string{"check", "-f", "Sarif", profile}, []string{"check", "--format", "sarif", profile}},
		{[]string{"check", "--fail-on", "Warning", "--min-severity", "WARNING", profile}, []string{"check", "--fail-on", "warning", "--min-severity", "warning", profile}},
		{[]string{"check", "--target", "Intune", "--color", "Never", profile}, []string{"check", "--target", "intune", profile}},
		{[]string{"check", "--aws-auth", "SAML", "examples/aws/downloaded-client-config.ovpn"}, []string{"check", "--aws-auth", "saml", "examples/aws/downloaded-client-config.ovpn"}},
		{[]string{"cert", "--purpose", "Server", "--trust", "fixtures/pki/root.pem", at, "fixtures/pki/vpn.pem"}, []string{"cert", "--purpose", "server", "--trust", "fixtures/pki/root.pem", at, "fixtures/pki/vpn.pem"}},
		{[]string{"cert", "show", "-f", "JSON", "--purpose", "NPS", "fixtures/pki/nps.pem"}, []string{"cert", "show", "--format", "json", "--purpose", "nps", "fixtures/pki/nps.pem"}},
		{[]string{"rules", "-f", "Json"}, []string{"rules", "--format", "json"}},
		{[]string{"explain", "--format", "JSON", "812"}, []string{"explain", "-f", "json", "812"}},
		{[]string{"version", "--format", "JSON"}, []string{"version", "-f", "json"}},
		{[]string{"completion", "Bash"}, []string{"completion", "bash"}},
	}
	for _, tc := range same {
		a, b := runCLI(t, "", nil, tc.upper...), runCLI(t, "", nil, tc.lower...)
		if a.code != b.code || a.stdout != b.stdout || a.code == 2 || a.stdout == "" {
			t.Errorf("aovpnlint %v: exit %d, unlike %v (exit %d)\n%s%s", tc.upper, a.code, tc.lower, b.code, a.stdout, a.stderr)
		}
	}
}

// TestMinSeverity: --min-severity warning leaves out the info notes (the
// certificate classifications of examples/vpn), in the report and in
// --fail-on, and the text summary says how many it left out; --severity
// is the same flag.
func TestMinSeverity(t *testing.T) {
	args := []string{"check", "--at", "2030-01-01T00:00:00Z", "--fail-on", "info", "--trust", "examples/vpn/trust/", "examples/vpn/"}
	all := runCLI(t, "", nil, args...)
	if !strings.Contains(all.stdout, "[CERT061]") || all.code != 1 {
		t.Fatalf("without --min-severity: exit %d, want the CERT061 notes:\n%s", all.code, all.stdout)
	}
	notes := strings.Count(all.stdout, "info: ")
	for _, flag := range []string{"--min-severity", "--severity"} {
		r := runCLI(t, "", nil, append([]string{args[0], flag, "warning"}, args[1:]...)...)
		if strings.Contains(r.stdout, "info: ") || r.code != 0 {
			t.Errorf("%s warning: exit %d (the notes must not reach --fail-on info), notes shown:\n%s", flag, r.code, r.stdout)
		}
		if want := "(" + strconv.Itoa(notes) + " findings below warning not shown: --min-severity warning)"; !strings.Contains(r.stderr, want) {
			t.Errorf("%s warning: summary %q, want %q", flag, r.stderr, want)
		}
	}
	var doc struct{ Findings []struct{ Severity string } }
	r := runCLI(t, "", nil, append([]string{"check", "--format", "json", "--min-severity", "error"}, args[1:]...)...)
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	for _, f := range doc.Findings {
		if f.Severity != "error" {
			t.Errorf("--min-severity error wrote a finding of severity %s", f.Severity)
		}
	}
}

// TestDisableEnable: --disable turns rules off (IDs in any case, with
// commas or repeated); --enable turns back on a rule the configuration
// file turns off.
func TestDisableEnable(t *testing.T) {
	profile := "fixtures/profiles/user-tunnel.xml"
	base := runCLI(t, "", nil, "check", profile)
	for _, id := range []string{"[VPN006]", "[VPN004]", "[EAP001]"} {
		if !strings.Contains(base.stdout, id) {
			t.Fatalf("the profile no longer gives %s:\n%s", id, base.stdout)
		}
	}
	r := runCLI(t, "", nil, "check", "--disable", "vpn006,VPN004", "--disable", "EAP001", profile)
	if strings.Contains(r.stdout, "[VPN006]") || strings.Contains(r.stdout, "[VPN004]") || strings.Contains(r.stdout, "[EAP001]") || !strings.Contains(r.stdout, "[VPN066]") {
		t.Errorf("--disable: the rules still report, or others stopped:\n%s", r.stdout)
	}
	cfg := filepath.Join(t.TempDir(), "cfg.yaml")
	if err := os.WriteFile(cfg, []byte("disable: [VPN006, VPN004]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, "", nil, "check", "--config", cfg, "--enable", "VPN006", profile)
	if !strings.Contains(r.stdout, "[VPN006]") || strings.Contains(r.stdout, "[VPN004]") {
		t.Errorf("--enable VPN006 over a configuration disabling VPN006 and VPN004:\n%s", r.stdout)
	}
}

// TestColorSwitch: --color always colours even into a pipe and with
// NO_COLOR; never does not on a terminal; auto (the default) colours on a
// terminal unless NO_COLOR is set or TERM is dumb. Before, TERM=dumb got
// colour.
func TestColorSwitch(t *testing.T) {
	file := "fixtures/profiles/user-tunnel.xml"
	colour := "\x1b[1;31merror\x1b[0m"
	tests := []struct {
		vars map[string]string
		args []string
		want bool
	}{
		{nil, []string{"--color", "always"}, true},
		{map[string]string{"NO_COLOR": "1"}, []string{"--color", "always"}, true},
		{map[string]string{"TERM_TEST": "yes"}, []string{"--color", "never"}, false},
		{map[string]string{"TERM_TEST": "yes"}, nil, true},
		{map[string]string{"TERM_TEST": "yes", "TERM": "dumb"}, nil, false},
		{map[string]string{"TERM_TEST": "yes", "TERM": "dumb"}, []string{"--colour", "auto"}, false},
		{map[string]string{"TERM_TEST": "yes", "NO_COLOR": "1"}, nil, false},
		{nil, nil, false},
	}
	for _, tc := range tests {
		r := runCLI(t, "", tc.vars, append(append([]string{"check"}, tc.args...), file)...)
		if strings.Contains(r.stdout, colour) != tc.want {
			t.Errorf("%v %v: colour %v, want %v", tc.vars, tc.args, !tc.want, tc.want)
		}
	}
}

// TestEmptyInputs: a folder with nothing to check (empty, documentation
// only, or files of no supported kind) is exit 2 with one line naming the
// argument as given, with its flag; no --output file is left. Before,
// `check emptydir` exited 0 with "0 errors ... in 0 files".
func TestEmptyInputs(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	docs := filepath.Join(dir, "docs")
	notes := filepath.Join(dir, "notes")
	for _, d := range []string{empty, docs, notes, filepath.Join(docs, ".hidden")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, text string) {
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(docs, "README.md"), "# VPN profiles\n")
	write(filepath.Join(docs, ".hidden", "user.xml"), "<VPNProfile/>")
	write(filepath.Join(notes, "notes.txt"), "renew the certificates in May\n")
	write(filepath.Join(notes, "plan.csv"), "a,b\n1,2\n")
	out := filepath.Join(dir, "report.sarif")
	clean := "fixtures/profiles/device-tunnel.xml"
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"check", empty}, `"` + empty + `": the folder holds no file to check`},
		{[]string{"check", clean, docs}, `"` + docs + `": the folder holds no file to check`},
		{[]string{"check", "--trust", empty, clean}, `--trust "` + empty + `": the folder holds no file to check`},
		{[]string{"cert", empty}, `"` + empty + `": the folder holds no file to check`},
		{[]string{"check", "--format", "sarif", "--output", out, notes}, `"` + notes + `": the folder holds no file aovpnlint can check: of its 2 files, none is`},
		{[]string{"check", clean, notes}, `"` + notes + `": the folder holds no file aovpnlint can check`},
		{[]string{"cert", "show", empty}, empty + ": the folder holds no file"},
		{[]string{"cert", "show", notes}, notes + ": none of the 2 files in the folder holds a certificate or CRL"},
	}
	for _, tc := range tests {
		r := runCLI(t, "", nil, tc.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) || strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "aovpnlint: ") {
			t.Errorf("aovpnlint %v: exit %d, stderr %q; want exit 2 and one line saying %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a run that named an empty folder left %s", out)
	}
	// A folder with one file of a supported kind among others is fine.
	write(filepath.Join(notes, "user.xml"), "<VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>")
	if r := runCLI(t, "", nil, "check", "--fail-on", "none", notes); r.code != 0 {
		t.Errorf("a folder with a profile: exit %d\n%s", r.code, r.stderr)
	}
}

// TestDuplicatesCheckedOnce: a file named twice (spelt alike or not), or
// named and in a folder also named, is checked once: the findings are
// those of one check. Before, every finding came twice.
func TestDuplicatesCheckedOnce(t *testing.T) {
	profile := "fixtures/profiles/user-tunnel.xml"
	abs, err := filepath.Abs(profile)
	if err != nil {
		t.Fatal(err)
	}
	once := runCLI(t, "", nil, "check", "--format", "json", "fixtures/profiles/")
	for _, args := range [][]string{
		{"fixtures/profiles/", profile},
		{profile, "fixtures/profiles/"},
		{"fixtures/profiles/", "fixtures/profiles"},
		{"fixtures/profiles/", "./fixtures/../fixtures/profiles/user-tunnel.xml", abs},
	} {
		r := runCLI(t, "", nil, append([]string{"check", "--format", "json"}, args...)...)
		if r.code != once.code || countFindings(t, r.stdout) != countFindings(t, once.stdout) {
			t.Errorf("check %v: %d findings, exit %d; want %d and exit %d, as for the folder alone", args, countFindings(t, r.stdout), r.code, countFindings(t, once.stdout), once.code)
		}
	}
	// A file given twice with one role, and with no role too.
	one := runCLI(t, "", nil, "cert", at, "--trust", "fixtures/pki/root.pem", "fixtures/pki/vpn.pem")
	two := runCLI(t, "", nil, "cert", at, "--trust", "fixtures/pki/root.pem", "--trust", "fixtures/pki/root.pem", "fixtures/pki/vpn.pem", "fixtures/pki/root.pem")
	if one.stdout != two.stdout || one.stderr != two.stderr {
		t.Errorf("the root given three times:\n%s%s\nonce:\n%s%s", two.stdout, two.stderr, one.stdout, one.stderr)
	}
	// cert show shows each certificate once.
	r := runCLI(t, "", nil, "cert", "show", "fixtures/pki/root.pem", "fixtures/pki/root.pem", "./fixtures/pki/root.pem")
	if strings.Count(r.stdout, "== fixtures/pki/root.pem") != 1 || r.code != 0 {
		t.Errorf("cert show of one file named thrice: exit %d\n%s", r.code, r.stdout)
	}
}

// countFindings counts the findings of a JSON report.
func countFindings(t *testing.T, report string) int {
	t.Helper()
	var doc struct{ Findings []json.RawMessage }
	if err := json.Unmarshal([]byte(report), &doc); err != nil {
		t.Fatalf("%v:\n%s", err, report)
	}
	return len(doc.Findings)
}

// TestConfigurationFound: .aovpnlint.yaml is found in the working
// directory or the nearest folder above it up to the repository root,
// and the globs of one found above are relative to its folder;
// AOVPNLINT_CONFIG names another; --no-config reads none; outside a
// repository, a file in a folder above is not read. Before, only the
// working directory was looked in.
func TestConfigurationFound(t *testing.T) {
	profile, err := os.ReadFile("fixtures/profiles/user-tunnel.xml")
	if err != nil {
		t.Fatal(err)
	}
	repo := t.TempDir()
	for _, d := range []string{".git", "vpn/user"} {
		if err := os.MkdirAll(filepath.Join(repo, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(repo, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("vpn/user/tunnel.xml", string(profile))
	write(".aovpnlint.yaml", "suppress:\n  - rule: VPN006\n    files: [\"vpn/user/*.xml\"]\n    reason: checked by hand\n")
	write("other.yaml", "disable: [VPN004]\n")
	t.Chdir(filepath.Join(repo, "vpn", "user"))
	r := runCLI(t, "", nil, "check", "tunnel.xml")
	if strings.Contains(r.stdout, "[VPN006]") || strings.Contains(r.stdout, "IN008") || !strings.Contains(r.stdout, "[VPN004]") {
		t.Errorf("the configuration at the repository root did not apply with its globs relative to it:\n%s", r.stdout)
	}
	r = runCLI(t, "", nil, "check", "--no-config", "tunnel.xml")
	if !strings.Contains(r.stdout, "[VPN006]") {
		t.Errorf("--no-config: the configuration still applied:\n%s", r.stdout)
	}
	r = runCLI(t, "", map[string]string{"AOVPNLINT_CONFIG": filepath.Join(repo, "other.yaml")}, "check", "tunnel.xml")
	if !strings.Contains(r.stdout, "[VPN006]") || strings.Contains(r.stdout, "[VPN004]") {
		t.Errorf("AOVPNLINT_CONFIG: not the file it names:\n%s", r.stdout)
	}
	r = runCLI(t, "", map[string]string{"AOVPNLINT_CONFIG": "missing.yaml"}, "check", "tunnel.xml")
	if r.code != 2 || !strings.Contains(r.stderr, `AOVPNLINT_CONFIG "missing.yaml": no such file`) {
		t.Errorf("AOVPNLINT_CONFIG naming no file: exit %d, %q", r.code, r.stderr)
	}
	write(".aovpnlint.yaml", "suppress:\n  - rule: VPN006\n")
	r = runCLI(t, "", nil, "check", "tunnel.xml")
	if r.code != 2 || !strings.Contains(r.stderr, "the configuration file: ../../.aovpnlint.yaml:2:5: the suppression of VPN006 has no reason") {
		t.Errorf("a bad configuration found above: exit %d, %q", r.code, r.stderr)
	}
	// Outside a repository, the folder above is not looked in.
	if err := os.RemoveAll(filepath.Join(repo, ".git")); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, "", nil, "check", "tunnel.xml")
	if r.code != 1 || !strings.Contains(r.stdout, "[VPN006]") {
		t.Errorf("outside a repository, a configuration above was read: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestVersionCommand: `version` prints what the build knows, in text and
// JSON; versionFrom reads Go's build information and the release stamps,
// which come first.
func TestVersionCommand(t *testing.T) {
	r := runCLI(t, "", nil, "version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "aovpnlint v0.0.0-test\ncommit:") || !strings.Contains(r.stdout, "\ngo:          go") {
		t.Errorf("version: exit %d\n%s", r.code, r.stdout)
	}
	r = runCLI(t, "", nil, "version", "--format", "json")
	var v buildVersion
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || v.Version != "v0.0.0-test" || v.Go == "" || v.OS == "" {
		t.Errorf("version --format json: %v\n%s", err, r.stdout)
	}
	bi := &debug.BuildInfo{GoVersion: "go1.99.1", Main: debug.Module{Version: "v1.2.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0302ae2f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f"}, {Key: "vcs.time", Value: "2026-11-30T10:18:00Z"},
		{Key: "vcs.modified", Value: "true"}, {Key: "GOOS", Value: "windows"}, {Key: "GOARCH", Value: "arm64"}}}
	got := versionFrom(bi, true, "", stamps{})
	want := buildVersion{Version: "v1.2.0", Commit: "0302ae2f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f", Modified: true, CommitTime: "2026-11-30T10:18:00Z", Go: "go1.99.1", OS: "windows", Arch: "arm64"}
	if got != want {
		t.Errorf("from the build information: %+v, want %+v", got, want)
	}
	got = versionFrom(bi, true, "", stamps{version: "v1.3.0", commit: "abc-dirty", commitTime: "2026-12-01T00:00:00Z", date: "2026-12-02T00:00:00Z"})
	if got.Version != "v1.3.0" || got.Commit != "abc" || !got.Modified || got.CommitTime != "2026-12-01T00:00:00Z" || got.BuildTime != "2026-12-02T00:00:00Z" {
		t.Errorf("the stamps do not come first: %+v", got)
	}
	if got := versionFrom(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true, "", stamps{}); got.Version != "devel" {
		t.Errorf("a working tree build: %q, want devel", got.Version)
	}
}

// TestExplainTextAndJSON: explain finds an error by the text the event
// log shows, quoted or as separate words, each argument on its own when
// each names something (oops and 13801), each error once; --format json
// writes the same explanations as data.
func TestExplainTextAndJSON(t *testing.T) {
	for _, args := range [][]string{
		{"explain", "IKE authentication credentials are unacceptable"},
		{"explain", "IKE", "authentication", "credentials", "are", "unacceptable."},
		{"explain", "The error code returned on failure is 13801."},
		{"explain", "13801", "0x800735E9"},
	} {
		r := runCLI(t, "", nil, args...)
		if r.code != 0 || !strings.HasPrefix(r.stdout, "13801  ERROR_IPSEC_IKE_AUTH_FAIL\n") || strings.Count(r.stdout, "ERROR_IPSEC_IKE_AUTH_FAIL") != 1 {
			t.Errorf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
	r := runCLI(t, "", nil, "explain", "oops", "13801")
	if r.code != 0 || !strings.Contains(r.stdout, "Oops") || !strings.Contains(r.stdout, "ERROR_IPSEC_IKE_AUTH_FAIL") {
		t.Errorf("explain oops 13801: exit %d\n%s", r.code, r.stdout)
	}
	r = runCLI(t, "", nil, "explain", "--format", "json", "812", "VPN011")
	var doc struct {
		Version      int
		Explanations []struct {
			Kind, Code, Name, Meaning string
			Messages                  []string
			Causes                    []struct {
				Text  string
				Rules []struct{ ID, Severity, Title string }
			}
			Rule *struct{ ID, Severity, Fix string }
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != 0 {
		t.Fatalf("explain --format json: exit %d, %v\n%s", r.code, err, r.stdout)
	}
	if doc.Version != 1 || len(doc.Explanations) != 2 {
		t.Fatalf("%+v", doc)
	}
	e, rule := doc.Explanations[0], doc.Explanations[1]
	if e.Kind != "error" || e.Code != "812" || e.Name != "ERROR_SERVER_POLICY" || len(e.Messages) != 1 || len(e.Causes) == 0 || e.Causes[0].Rules[0].ID == "" {
		t.Errorf("the error: %+v", e)
	}
	if rule.Kind != "rule" || rule.Rule == nil || rule.Rule.ID != "VPN011" || rule.Rule.Fix == "" {
		t.Errorf("the rule: %+v", rule)
	}
	r = runCLI(t, "", nil, "explain", "-f", "json", "0x800B0109")
	if !strings.Contains(r.stdout, `"code": "0x800B0109"`) {
		t.Errorf("an HRESULT's code: %s", r.stdout)
	}
}

// TestNoCommittedExecutables fails when git tracks an executable (ELF,
// PE, Mach-O): a debug binary gen was once committed at the root; build
// outputs are ignored (.gitignore) and made by scripts/release.sh. Test
// inputs in a testdata folder that only start like one (a 152-byte
// foreign_pe.exe for input's sniffing) are no build output.
func TestNoCommittedExecutables(t *testing.T) {
	out, err := exec.Command("git", "ls-files", "-z").Output()
	if err != nil {
		t.Skipf("git ls-files: %v (not a git checkout)", err)
	}
	magics := [][]byte{{0x7f, 'E', 'L', 'F'}, {'M', 'Z'}, {0xcf, 0xfa, 0xed, 0xfe}, {0xce, 0xfa, 0xed, 0xfe}, {0xca, 0xfe, 0xba, 0xbe}}
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		f, err := os.Open(name)
		if err != nil {
			continue // deleted in the working tree
		}
		head := make([]byte, 4)
		n, _ := f.Read(head)
		st, _ := f.Stat()
		f.Close()
		if strings.Contains("/"+name, "/testdata/") && st != nil && st.Size() < 64<<10 {
			continue
		}
		for _, m := range magics {
			if n >= len(m) && bytes.Equal(head[:len(m)], m) {
				t.Errorf("%s is an executable (it starts with % x); build outputs are not committed", name, m)
			}
		}
	}
	ignore, err := os.ReadFile(".gitignore")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"/aovpnlint\n", "/dist/\n", "/gen\n"} {
		if !strings.Contains(string(ignore), want) {
			t.Errorf(".gitignore does not ignore %q", strings.TrimSpace(want))
		}
	}
}
