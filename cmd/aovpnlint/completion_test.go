package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

// completionScript returns the script `aovpnlint completion shell` prints.
func completionScript(t *testing.T, shell string) string {
	t.Helper()
	r := runCLI(t, "", nil, "completion", shell)
	if r.code != 0 || r.stderr != "" || r.stdout == "" {
		t.Fatalf("completion %s: exit %d, %q", shell, r.code, r.stderr)
	}
	return r.stdout
}

// TestCompletionScriptsCoverEveryCommand: each script names every
// command, subcommand and flag (from the definitions, so commands added
// later are in it too) and the values of --format.
func TestCompletionScriptsCoverEveryCommand(t *testing.T) {
	app := newApp(&env{})
	for _, shell := range shells {
		s := completionScript(t, shell)
		walkCommands(app.Commands, func(path string, c *cli.Command) {
			if !strings.Contains(s, c.Name) {
				t.Errorf("%s: no command %s", shell, path)
			}
			for _, f := range c.Flags {
				for _, n := range flagNames(f) {
					name := dashed(n)
					if shell == "fish" {
						name = "-l " + n
						if len(n) == 1 {
							name = "-s " + n
						}
					}
					if !strings.Contains(s, name) {
						t.Errorf("%s: no flag %s of %s", shell, name, path)
					}
				}
			}
		})
		for _, v := range formatNames() {
			if !strings.Contains(s, v) {
				t.Errorf("%s: no --format value %s", shell, v)
			}
		}
	}
}

// TestBashCompletion runs the bash script as bash's completion would,
// for command lines typed halfway.
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed")
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "aovpnlint.bash")
	if err := os.WriteFile(script, []byte(completionScript(t, "bash")), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"user.xml", "users.pem"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		line string // the words; the last is being completed
		want []string
	}{
		{"aovpnlint ch", []string{"check"}},
		{"aovpnlint ", []string{"check", "cert", "extract", "rules", "explain", "fix", "serve", "completion", "version", "man", "help"}},
		{"aovpnlint check --fo", []string{"--format"}},
		{"aovpnlint check --format ", formatNames()},
		{"aovpnlint check -f j", []string{"json", "junit"}},
		{"aovpnlint check --format = js", []string{"json"}},
		{"aovpnlint check --fail-on ", []string{"error", "warning", "info", "none"}},
		{"aovpnlint cert s", []string{"show"}},
		{"aovpnlint cert show --p", []string{"--purpose", "--pfx-password-file"}},
		{"aovpnlint cert show --purpose ", []string{"server", "nps", "client"}},
		{"aovpnlint cert --purpose server --h", []string{"--host", "--help"}},
		{"aovpnlint completion ", shells},
		{"aovpnlint help ex", []string{"extract", "explain"}},
		{"aovpnlint check --trust use", []string{"user.xml", "users.pem"}},
		{"aovpnlint check --format json user", []string{"user.xml", "users.pem"}},
		{"aovpnlint check --at ", nil},
		{"aovpnlint --v", []string{"--version"}},
		{"aovpnlint rules ", nil},
	}
	for _, tc := range tests {
		words := strings.Split(tc.line, " ")
		var quoted []string
		for _, w := range words {
			quoted = append(quoted, shQuote(w))
		}
		prog := "source " + shQuote(script) + "\nCOMP_WORDS=(" + strings.Join(quoted, " ") + ")\nCOMP_CWORD=" +
			strconv.Itoa(len(words)-1) + "\n_aovpnlint\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
		cmd := exec.Command(bash, "--norc", "--noprofile", "-c", prog)
		cmd.Dir = dir
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil || errb.Len() > 0 {
			t.Errorf("%q: %v %s", tc.line, err, errb.String())
			continue
		}
		got := strings.Fields(out.String())
		if !sameWords(got, tc.want) {
			t.Errorf("%q completes to %v, want %v", tc.line, got, tc.want)
		}
	}
}

// sameWords reports whether a and b hold the same words in any order.
func sameWords(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestFishCompletion asks fish itself (complete -C) what it completes.
func TestFishCompletion(t *testing.T) {
	fish, err := exec.LookPath("fish")
	if err != nil {
		t.Skip("fish is not installed")
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "aovpnlint.fish")
	if err := os.WriteFile(script, []byte(completionScript(t, "fish")), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(fish, "--no-config", "-n", script).CombinedOutput(); err != nil {
		t.Fatalf("fish -n: %v\n%s", err, out)
	}
	tests := []struct {
		line string
		want []string
	}{
		{"aovpnlint ch", []string{"check"}},
		{"aovpnlint check --fo", []string{"--format"}},
		{"aovpnlint check --format ", formatNames()},
		{"aovpnlint cert s", []string{"show"}},
		{"aovpnlint cert show --purpose ", []string{"server", "nps", "client"}},
		{"aovpnlint completion ", shells},
		{"aovpnlint check -f json --tr", []string{"--trust"}},
	}
	for _, tc := range tests {
		cmd := exec.Command(fish, "--no-config", "-c", "source "+shQuote(script)+"; complete -C"+shQuote(tc.line))
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%q: %v\n%s", tc.line, err, out)
			continue
		}
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if w, _, _ := strings.Cut(l, "\t"); w != "" && !strings.Contains(w, ".") && !strings.HasSuffix(w, "/") {
				got = append(got, w) // files of the folder left out
			}
		}
		if !sameWords(got, tc.want) {
			t.Errorf("%q completes to %v, want %v", tc.line, got, tc.want)
		}
	}
}

// TestZshCompletion: zsh reads the script, and loading it registers the
// completion of aovpnlint.
func TestZshCompletion(t *testing.T) {
	zsh, err := exec.LookPath("zsh")
	if err != nil {
		t.Skip("zsh is not installed")
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "_aovpnlint")
	if err := os.WriteFile(script, []byte(completionScript(t, "zsh")), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(zsh, "-f", "-n", script).CombinedOutput(); err != nil {
		t.Fatalf("zsh -n: %v\n%s", err, out)
	}
	cmd := exec.Command(zsh, "-f", "-c", "autoload -U compinit && compinit -u -D && source "+shQuote(script)+" && print -r -- ${_comps[aovpnlint]} && whence -w _aovpnlint_cert_show")
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "_aovpnlint\n") || !strings.Contains(string(out), "_aovpnlint_cert_show: function") {
		t.Errorf("zsh: %v\n%s", err, out)
	}
}

// TestPowerShellCompletion checks the PowerShell script without
// PowerShell (no package of it here): its braces, brackets and quotes
// balance, and its tables have the subcommands and the --format values.
func TestPowerShellCompletion(t *testing.T) {
	s := completionScript(t, "powershell")
	depth := map[rune]int{}
	inQuote := false
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for _, r := range line {
			switch {
			case r == '\'':
				inQuote = !inQuote
			case inQuote:
			case r == '{' || r == '(' || r == '[':
				depth[r]++
			case r == '}':
				depth['{']--
			case r == ')':
				depth['(']--
			case r == ']':
				depth['[']--
			}
		}
		if inQuote {
			t.Errorf("an unterminated quote on %q", line)
			inQuote = false
		}
	}
	for r, d := range depth {
		if d != 0 {
			t.Errorf("%c is not balanced (%d)", r, d)
		}
	}
	for _, want := range []string{"Register-ArgumentCompleter -Native -CommandName 'aovpnlint', 'aovpnlint.exe'",
		"'cert' = @('show')", "'check:--format' = @('text', 'json', 'sarif'", "'completion' = @('bash', 'zsh', 'fish', 'powershell')"} {
		if !strings.Contains(s, want) {
			t.Errorf("the script lacks %q", want)
		}
	}
}

// TestManPage: the manual page is valid roff to groff (no warning with
// -ww), and its text has every command and flag, from the definitions.
func TestManPage(t *testing.T) {
	r := runCLI(t, "", nil, "man")
	if r.code != 0 || !strings.HasPrefix(r.stdout, ".TH AOVPNLINT 1 ") {
		t.Fatalf("man: exit %d\n%s", r.code, r.stderr)
	}
	text := r.stdout
	if groff, err := exec.LookPath("groff"); err == nil {
		cmd := exec.Command(groff, "-man", "-Tutf8", "-ww", "-rLL=200n")
		cmd.Stdin = strings.NewReader(r.stdout)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil || errb.Len() > 0 {
			t.Errorf("groff: %v\n%s", err, errb.String())
		}
		// Plain text: no overstrike, hyphens as typed.
		text = strings.NewReplacer("\u2010", "-", "\u2212", "-").Replace(stripOverstrike(out.String()))
	} else {
		t.Log("groff is not installed: the page is checked as roff text")
		text = strings.ReplaceAll(strings.ReplaceAll(text, `\-`, "-"), `\fB`, "")
	}
	walkCommands(newApp(&env{}).Commands, func(path string, c *cli.Command) {
		if !strings.Contains(text, "aovpnlint "+path) {
			t.Errorf("the page has no section for %s", path)
		}
		for _, f := range c.Flags {
			if !strings.Contains(text, dashed(flagNames(f)[0])) {
				t.Errorf("the page does not list --%s of %s", flagNames(f)[0], path)
			}
		}
	})
	for _, want := range []string{"EXIT STATUS", "AOVPNLINT_CONFIG", ".aovpnlint.yaml", "aovpnlint check ProfileXML_User.xml"} {
		if !strings.Contains(text, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

// stripOverstrike removes groff's terminal overstrike (x\bx, _\bx).
func stripOverstrike(s string) string {
	var out []rune
	for _, r := range s {
		if r == '\b' && len(out) > 0 {
			out = out[:len(out)-1]
			continue
		}
		out = append(out, r)
	}
	return string(out)
}

// TestRoffEscapes: text that would be a roff request or escape is
// written as text.
func TestRoffEscapes(t *testing.T) {
	for in, want := range map[string]string{
		`.aovpnlint.yaml holds`: `\&.aovpnlint.yaml holds`,
		`'quoted' start`:        `\&'quoted' start`,
		`C:\VPN\profile.xml`:    `C:\eVPN\eprofile.xml`,
	} {
		if got := roff(in); got != want {
			t.Errorf("roff(%q) = %q, want %q", in, got, want)
		}
	}
	if got := roffLiteral("aovpnlint check --format json"); got != `aovpnlint check \-\-format json` {
		t.Errorf("roffLiteral: %q", got)
	}
}
