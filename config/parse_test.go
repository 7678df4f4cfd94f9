package config_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/config"
)

// suppression is a configuration with one suppression of VPN024 whose
// reason is on line 3 and whose other keys follow from line 4.
func suppression(lines ...string) string {
	return "suppress:\n  - rule: VPN024\n    reason: lab\n    " + strings.Join(lines, "\n    ") + "\n"
}

// TestParseRefusesWrongTypes checks that every value of the wrong type is
// an error at its line and column that says what was expected, never a
// value read another way: before issue 9, a list given as path was read
// as no path, so the suppression silenced the rule in every element.
func TestParseRefusesWrongTypes(t *testing.T) {
	cases := []struct {
		text, pos, want string
	}{
		// path
		{suppression("path: [VPNProfile/Route]"), "4:11", "path: expected an element path such as VPNProfile/Route, found a list"},
		{suppression("path: {VPNProfile: Route}"), "4:11", "path: expected an element path such as VPNProfile/Route, found a mapping"},
		{suppression("path:"), "4:10", "path: expected an element path such as VPNProfile/Route, found nothing"},
		{suppression("path: ~"), "4:11", "found nothing"},
		{suppression(`path: ""`), "4:11", "path: expected an element path such as VPNProfile/Route, found empty text"},
		{suppression(`path: "/"`), "4:11", `path: expected an element path such as VPNProfile/Route, found "/"`},
		{suppression("path: VPNProfile/*"), "4:11", `path: "VPNProfile/*" is not an element path: "*" is not an element name`},
		{suppression("path: VPNProfile//Route"), "4:11", `empty is not an element name`},
		{suppression("path: VPNProfile Route"), "4:11", `"VPNProfile Route" is not an element name`},
		{suppression("path: vpn:VPNProfile"), "4:11", "(local names, without prefixes)"},
		{suppression("path: 1Route"), "4:11", `"1Route" is not an element name`},
		// files
		{suppression("files: []"), "4:12", "files: expected at least one glob, found an empty list (to suppress in every file, leave files out)"},
		{suppression("file: []"), "4:11", "file: expected at least one glob, found an empty list"},
		{suppression(`files: ""`), "4:12", "files: expected a glob such as profiles/*.xml, or a list of globs, found empty text"},
		{suppression("files:"), "4:11", "files: expected a glob such as profiles/*.xml, or a list of globs, found nothing"},
		{suppression("files: [a.xml, [b.xml]]"), "4:20", "files: expected a glob such as profiles/*.xml, or a list of globs, found a list"},
		{suppression("files: [a.xml, null]"), "4:20", "found nothing"},
		{suppression("files: {a.xml: b}"), "4:12", "found a mapping"},
		{suppression("files: \"[\""), "4:12", `files: "[" is not a valid glob`},
		// rule and reason
		{"suppress:\n  - rule: [VPN024]\n    reason: lab\n", "2:11", "expected a rule ID such as VPN012 (aovpnlint rules lists them), found a list"},
		{"suppress:\n  - rule:\n    reason: lab\n", "2:10", "expected a rule ID such as VPN012 (aovpnlint rules lists them), found nothing"},
		{"suppress:\n  - rule: \"\"\n    reason: lab\n", "2:11", `empty is not a rule ID`},
		{"suppress:\n  - rule: VPN024\n    reason: [lab]\n", "3:13", "reason: expected one line of text saying why the risk is accepted, found a list"},
		{"suppress:\n  - rule: VPN024\n    reason: {lab: yes}\n", "3:13", "found a mapping"},
		{"suppress:\n  - rule: VPN024\n    reason: null\n", "2:5", "the suppression of VPN024 has no reason"},
		{"suppress:\n  - rule: VPN024\n    reason:\n", "2:5", "the suppression of VPN024 has no reason"},
		{"suppress:\n  - rule: VPN024\n    reason: |\n      line one\n      line two\n", "3:13", "on one line, found \"line one\\nline two\", which holds a line break"},
		{"suppress:\n  - rule: VPN024\n    reason: \"lab \\e[31m\"\n", "3:13", "an invisible control character"},
		{"suppress:\n  - rule: VPN024\n    reason: \"lab \\u202e\"\n", "3:13", "an invisible control character"},
		// severity and disable
		{"severity:\n  VPN012: [error]\n", "2:11", "severity of VPN012: expected error, warning, info or off, found a list"},
		{"severity:\n  VPN012:\n", "2:10", "severity of VPN012: expected error, warning, info or off, found nothing"},
		{"severity:\n  VPN012: {off: yes}\n", "2:11", "found a mapping"},
		{"severity:\n  [VPN012]: off\n", "2:3", "a list or a mapping as a key is not supported; keys are names"},
		{"severity: [VPN012]\n", "1:11", "severity: expected a mapping of rule IDs to error, warning, info or off, found a list"},
		{"disable: [[VPN012]]\n", "1:11", "expected a rule ID such as VPN012 (aovpnlint rules lists them), found a list"},
		{"disable: [~]\n", "1:11", "found nothing"},
		{"disable: {VPN012: yes}\n", "1:10", "disable: expected a list of rule IDs, found a mapping"},
		// the top level and suppressions
		{"suppress:\n", "1:10", "suppress: expected a list of suppressions, each with rule and reason, found nothing"},
		{"suppress:\n  - VPN024\n", "2:5", `expected a suppression: a mapping with rule, reason and optionally files and path, found the text "VPN024"`},
		{"suppress: {rule: VPN024}\n", "1:11", "found a mapping"},
		{"suppress: [\"\"]\n", "1:12", "optionally files and path, found empty text"},
		{"? [severity]\n: {}\n", "1:1", "explicit keys (? key) are not supported"},
		{"severity: {\"\": error}\n", "1:12", "empty is not a rule ID"},
		{"\"\": []\n", "1:1", `unknown key empty; expected severity, disable or suppress`},
		{"severity: {}\nseverity: {}\n", "2:1", `the key "severity" is given twice (first at line 1); expected it once`},
		{suppression("path: VPNProfile/Route", "path: [VPNProfile]"), "5:5", `the key "path" is given twice (first at line 4)`},
		{"severity:\n  VPN012: error\n  VPN012: off\n", "3:3", `the key "VPN012" is given twice (first at line 2)`},
		{"disable: []\n---\nsuppress: []\n", "2:1", "a second YAML document starts here; expected one document"},
		// anchors, aliases, merge keys and tags
		{"suppress:\n  - rule: VPN024\n    reason: &why lab\n  - rule: VPN023\n    reason: *why\n", "3:13", "expected every value written out, found an anchor (&why)"},
		{"disable: [VPN012]\nsuppress:\n  - rule: VPN024\n    reason: lab\n    <<: {path: VPNProfile}\n", "5:5", "expected every key written out, found a merge key (<<)"},
		{suppression("path: !!binary VlBOUHJvZmlsZQ=="), "4:11", `expected a plain value, found one tagged "!!binary"`},
		{"suppress:\n  - rule: !rule VPN024\n    reason: lab\n", "2:11", `found one tagged "!rule"`},
		{"severity: !!set {VPN012: error}\n", "1:11", `found one tagged "!!set"`},
	}
	for _, tc := range cases {
		c, err := config.Parse(".aovpnlint.yaml", []byte(tc.text), aovpnlint.Rules())
		var ce *config.Error
		switch {
		case err == nil:
			t.Errorf("%q: no error (%d suppressions: %+v); want %s: %s", tc.text, len(c.Suppress), c.Suppress, tc.pos, tc.want)
		case !errors.As(err, &ce):
			t.Errorf("%q: %v is not a *config.Error", tc.text, err)
		case !strings.HasPrefix(err.Error(), ".aovpnlint.yaml:"+tc.pos+": ") || !strings.Contains(ce.Msg, tc.want):
			t.Errorf("%q:\n got %v\nwant .aovpnlint.yaml:%s: ...%s...", tc.text, err, tc.pos, tc.want)
		}
	}
}

// TestParseAcceptsPlainValues checks the forms a correct configuration
// may take: flow or block style, quoted or not, a single glob or a list,
// a path with a / at either end, a reason that YAML reads as a number.
func TestParseAcceptsPlainValues(t *testing.T) {
	c, err := config.Parse("ok.yaml", []byte(`# a comment
severity: {VPN012: "error", VPN061: off}
disable: []
suppress:
  - {rule: VPN024, reason: 'lab', file: vpn.xml}
  - rule: "VPN023"
    reason: 2027
    files:
      - "profiles/**/*.xml"
      - '{user,device}-*.xml'
    path: /VPNProfile/Route/
  - rule: VPN021
    reason: >
      folded onto
      one line
    path: VPNProfile/NativeProfile/Ä_b-c.d
`), aovpnlint.Rules())
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(c.Severity["VPN012"], c.Disabled["VPN061"], len(c.Suppress))
	for _, s := range c.Suppress {
		got += fmt.Sprintf(" [%s %q %q %q %s]", s.Rule, s.Reason, s.Files, s.Path, s.Pos)
	}
	want := `error true 3 [VPN024 "lab" ["vpn.xml"] "" ok.yaml:5:5] [VPN023 "2027" ["profiles/**/*.xml" "{user,device}-*.xml"] "VPNProfile/Route" ok.yaml:6:5]` +
		` [VPN021 "folded onto one line" [] "VPNProfile/NativeProfile/Ä_b-c.d" ok.yaml:12:5]`
	if got != want {
		t.Errorf("parsed:\n got %s\nwant %s", got, want)
	}
	for _, text := range []string{"", "# nothing\n", "---\n", "---\n...\n"} {
		if c, err := config.Parse("empty.yaml", []byte(text), aovpnlint.Rules()); err != nil || len(c.Suppress)+len(c.Severity)+len(c.Disabled) != 0 {
			t.Errorf("%q: %+v, %v; want an empty configuration", text, c, err)
		}
	}
}

// watchdog runs fn and fails the test if it has not returned after d: a
// hang becomes a failure. fn must not call t.Fatal.
func watchdog(t *testing.T, d time.Duration, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not finish in %v", what, d)
	}
}

// TestParseEndsOnYAMLBombs checks that YAML made to cost far more than
// its size ends at once with an error at its position: anchors and
// aliases that stand for a billion values, nesting deeper than the YAML
// parser allows, and a file over MaxBytes.
func TestParseEndsOnYAMLBombs(t *testing.T) {
	laughs := "suppress:\n  - rule: VPN024\n    reason: lab\n    files: &a [\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\"]\n"
	for i, prev := 0, "a"; i < 8; i++ {
		name := string(rune('b' + i))
		laughs += fmt.Sprintf("  - rule: VPN023\n    reason: lab\n    files: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", name, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = name
	}
	cases := []struct {
		name, text, want string
	}{
		{"billion laughs", laughs, ".aovpnlint.yaml:4:12: expected every value written out, found an anchor (&a)"},
		{"10,001 nested lists", "suppress: " + strings.Repeat("[", 10_001) + strings.Repeat("]", 10_001), ".aovpnlint.yaml:1:110: lists and mappings nest more than 100 deep"},
		{"99 nested lists", "suppress: " + strings.Repeat("[", 99) + strings.Repeat("]", 99), ".aovpnlint.yaml:1:12: expected a suppression: a mapping with rule, reason and optionally files and path, found a list"},
		{"10,000 nested mappings", strings.Repeat("{a: ", 10_000) + strings.Repeat("}", 10_000), ".aovpnlint.yaml:1:401: lists and mappings nest more than 100 deep"},
		{"100 nested mappings", strings.Repeat("{a: ", 100) + strings.Repeat("}", 100), `.aovpnlint.yaml:1:2: unknown key "a"`},
		{"over MaxBytes", "disable: []\n" + strings.Repeat("#", config.MaxBytes), fmt.Sprintf(".aovpnlint.yaml: the configuration is %d bytes, over the limit of %d bytes", config.MaxBytes+12, config.MaxBytes)},
		{"syntax error", "disable: []\nsuppress: [\n", ".aovpnlint.yaml:3:1: not valid YAML: the file ends inside [ ] or { }"},
	}
	for _, tc := range cases {
		var err error
		watchdog(t, time.Minute, tc.name, func() {
			_, err = config.Parse(".aovpnlint.yaml", []byte(tc.text), aovpnlint.Rules())
		})
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s: error %v; want %s", tc.name, err, tc.want)
		}
	}
}

// TestLoadReadsOnlyRegularFiles checks that Load refuses at once, with
// one error, a FIFO (reading it would block), a link to /dev/zero or
// /dev/zero itself (endless), a folder, and a file over MaxBytes, and
// reads a small regular file.
func TestLoadReadsOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(good, []byte("disable: [VPN012]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if c, err := config.Load(good, aovpnlint.Rules()); err != nil || !c.Disabled["VPN012"] {
		t.Errorf("a regular file: %+v, %v", c, err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("disable: []\n"+strings.Repeat("#", config.MaxBytes)), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{big: fmt.Sprintf("over the limit of %d bytes", config.MaxBytes), dir: "is a directory"}
	fifo := filepath.Join(dir, ".aovpnlint.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err == nil {
		cases[fifo] = "is a named pipe (FIFO)"
	} else {
		t.Log("no FIFO here:", err)
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		link := filepath.Join(dir, "zero.yaml")
		if err := os.Symlink("/dev/zero", link); err != nil {
			t.Fatal(err)
		}
		cases[link], cases["/dev/zero"] = "is a device", "is a device"
	}
	for name, want := range cases {
		var err error
		watchdog(t, time.Minute, "Load("+name+")", func() { _, err = config.Load(name, aovpnlint.Rules()) })
		if err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), want) {
			t.Errorf("Load(%s): %v; want an error naming it that says %q", name, err, want)
		}
	}
}

// TestGlobsListedOnce reads a suppression that lists the same glob many
// times: it is kept once, so matching a file costs one glob, not one per
// repetition (a 660 KB list of "a" made every file cost 330,000 look-ups).
func TestGlobsListedOnce(t *testing.T) {
	globs := strings.Repeat("a, ", 100_000) + "b/*.xml, a"
	c, err := config.Parse("dup.yaml", []byte(suppression("files: ["+globs+"]")), aovpnlint.Rules())
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Suppress[0].Files; fmt.Sprint(got) != "[a b/*.xml]" {
		t.Errorf("files %v, want [a b/*.xml]", got)
	}
}
