// Package linttest runs checks over fixture files and compares their
// findings with expectations written next to the input, in the manner of
// golang.org/x/tools/go/analysis/analysistest.
//
// An expectation is a comment on the line the finding points at:
//
//	<AlwaysOn>True</AlwaysOn> <!-- want VPN006 -->
//	<Foo/> <!-- want VPN003 "did you mean" -->   (the message must match the regular expression)
//	<!-- want IN003 VPN002 -->                    (two findings on this line)
//	# want IN004                                  (PowerShell)
//
// The text is decoded first (BOM, UTF-16), and comments escaped as
// "&lt;!-- want ... --&gt;" count too. Where no comment can go (JSON,
// base64), a sidecar file named after the input plus ".want" lists one
// expectation per line: "LINE[:COL] ID [\"regex\"]", where line 0 accepts
// any line. Patterns are taken literally (a regular expression such as
// "\(13\)" needs no doubled backslashes); \" stands for a quote. A sidecar replaces the comments of its input.
//
// In a certificate file (PEM), a want written in the text before a block
// applies to the block's -----BEGIN line, where certificate findings point;
// in any other file, so does a "# want" line just before a -----BEGIN line
// (inside an OpenVPN <cert> block, whose PEM reader skips text before it).
//
// A finding in another file the directive names is expected with
// want-in and the file's path relative to the fixture; it matches any line:
//
//	<!-- want-in ../../fixtures/pki/entra-ca.pem CERT060 -->
//
// A fixture may say how it is checked with a directive, in a comment or in
// its sidecar:
//
//	# aovpnlint: cert --purpose server --trust ../../fixtures/pki/root.pem
//	<?aovpnlint check --vpn-cert ../../fixtures/pki/vpn.pem?>
//
// (In XML the directive is a processing instruction, since a comment may
// not contain "--".)
//
// "cert" checks the fixture's certificates for the purpose given; "check"
// checks the fixture with the role files given, as the command line does.
// Paths are relative to the fixture. Findings in those other files fail the
// test as unexpected, so they must be clean.
//
// Each expectation must be met by exactly one finding and each finding must
// meet an expectation; both missing and unexpected findings fail the test,
// so every clean line of a fixture is an assertion too.
package linttest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/lint"
)

// Want is one expected finding.
type Want struct {
	Line, Col int // Line 0 matches any line; Col 0 any column
	Rule      string
	Pattern   *regexp.Regexp // nil matches any message
	Source    string         // where the expectation was written, for messages
	// File is the file the finding must be in: the fixture, or another
	// file its directive names (want-in); empty matches any file.
	File string
}

func (w Want) String() string {
	s := fmt.Sprintf("%d", w.Line)
	if w.Col > 0 {
		s += fmt.Sprintf(":%d", w.Col)
	}
	s += " " + w.Rule
	if w.Pattern != nil {
		s += fmt.Sprintf(" %q", w.Pattern)
	}
	return s
}

var (
	wantComment   = regexp.MustCompile(`(?:<!--|&lt;!--|#|//)\s*want\s+(.*?)\s*(?:-->|--&gt;|$)`)
	wantInComment = regexp.MustCompile(`(?:<!--|&lt;!--|#|//)\s*want-in\s+(\S+)\s+(.*?)\s*(?:-->|--&gt;|$)`)
)

// Wants reads the expectations for the fixture at path with content data.
func Wants(path string, data []byte) ([]Want, error) {
	wants, err := wants(path, data)
	for i := range wants {
		if wants[i].File == "" {
			wants[i].File = path
		}
	}
	return wants, err
}

func wants(path string, data []byte) ([]Want, error) {
	if side, err := os.ReadFile(path + ".want"); err == nil {
		return sidecar(path+".want", side)
	}
	f := input.Read(path, data, input.Limits{})
	if f.Text == nil {
		return nil, nil
	}
	var wants []Want
	lines := strings.Split(string(f.Text.Data), "\n")
	for i, line := range lines {
		for _, m := range wantComment.FindAllStringSubmatch(line, -1) {
			at := i + 1
			switch {
			case f.Kind == input.Certificate && !strings.HasPrefix(line, "-----BEGIN"):
				at = nextBegin(lines, i)
			case i+1 < len(lines) && strings.HasPrefix(lines[i+1], "-----BEGIN") && strings.HasPrefix(strings.TrimSpace(line), "#"):
				at = i + 2 // a comment line just before a PEM block inside another file (an OpenVPN <cert>)
			}
			ws, err := parseSpec(m[1], at, 0, fmt.Sprintf("%s:%d", path, i+1))
			if err != nil {
				return nil, err
			}
			wants = append(wants, ws...)
		}
		for _, m := range wantInComment.FindAllStringSubmatch(line, -1) {
			ws, err := parseSpec(m[2], 0, 0, fmt.Sprintf("%s:%d", path, i+1))
			if err != nil {
				return nil, err
			}
			for j := range ws {
				ws[j].File = filepath.Join(filepath.Dir(path), m[1])
			}
			wants = append(wants, ws...)
		}
	}
	return wants, nil
}

// nextBegin returns the line number of the first -----BEGIN line after
// line index i, or i+1 when there is none.
func nextBegin(lines []string, i int) int {
	for j := i + 1; j < len(lines); j++ {
		if strings.HasPrefix(lines[j], "-----BEGIN") {
			return j + 1
		}
	}
	return i + 1
}

func sidecar(path string, data []byte) ([]Want, error) {
	var wants []Want
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "aovpnlint:") {
			continue
		}
		at, rest, _ := strings.Cut(line, " ")
		lineStr, colStr, hasCol := strings.Cut(at, ":")
		l, err := strconv.Atoi(lineStr)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %q is not LINE[:COL]", path, n, at)
		}
		c := 0
		if hasCol {
			if c, err = strconv.Atoi(colStr); err != nil {
				return nil, fmt.Errorf("%s:%d: bad column %q", path, n, colStr)
			}
		}
		ws, err := parseSpec(rest, l, c, fmt.Sprintf("%s:%d", path, n))
		if err != nil {
			return nil, err
		}
		wants = append(wants, ws...)
	}
	return wants, sc.Err()
}

// parseSpec reads "ID [ID...] [\"regex\"]"; a regex applies to the IDs
// before it since the previous regex.
func parseSpec(spec string, line, col int, source string) ([]Want, error) {
	var wants []Want
	pending := 0
	for spec = strings.TrimSpace(spec); spec != ""; spec = strings.TrimSpace(spec) {
		if spec[0] == '"' {
			q, s, ok := quoted(spec)
			if !ok {
				return nil, fmt.Errorf("%s: unterminated pattern in %q", source, spec)
			}
			re, err := regexp.Compile(s)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", source, err)
			}
			for i := len(wants) - pending; i < len(wants); i++ {
				wants[i].Pattern = re
			}
			pending = 0
			spec = spec[q:]
			continue
		}
		id, rest, _ := strings.Cut(spec, " ")
		wants = append(wants, Want{Line: line, Col: col, Rule: id, Source: source})
		pending++
		spec = rest
	}
	if len(wants) == 0 {
		return nil, fmt.Errorf("%s: want without a rule ID", source)
	}
	return wants, nil
}

// quoted reads a pattern in double quotes at the start of spec, taken
// literally except that \" stands for a quote (so that regular expression
// escapes such as \( need no doubling). It returns the length consumed.
func quoted(spec string) (int, string, bool) {
	var b strings.Builder
	for i := 1; i < len(spec); i++ {
		switch {
		case spec[i] == '\\' && i+1 < len(spec) && spec[i+1] == '"':
			b.WriteByte('"')
			i++
		case spec[i] == '"':
			return i + 1, b.String(), true
		default:
			b.WriteByte(spec[i])
		}
	}
	return 0, "", false
}

// Check compares findings for one fixture with its expectations and
// returns a description of each mismatch.
func Check(findings []lint.Finding, wants []Want) []string {
	used := make([]bool, len(wants))
	var problems []string
	for _, f := range findings {
		matched := false
		for i, w := range wants {
			if used[i] || w.Rule != f.Rule.ID || (w.Line != 0 && w.Line != f.Pos.Line) || (w.Col != 0 && w.Col != f.Pos.Col) ||
				(w.File != "" && filepath.Clean(w.File) != filepath.Clean(f.Pos.File)) {
				continue
			}
			if w.Pattern != nil && !w.Pattern.MatchString(f.Message) {
				continue
			}
			used[i], matched = true, true
			break
		}
		if !matched {
			problems = append(problems, fmt.Sprintf("unexpected finding %s", f))
		}
	}
	for i, w := range wants {
		if !used[i] {
			problems = append(problems, fmt.Sprintf("%s: no finding matches want %s", w.Source, w))
		}
	}
	return problems
}

// CheckFunc checks one file.
type CheckFunc func(name string, data []byte) []lint.Finding

// At is the fixed time every fixture is evaluated at, so that certificate
// validity never depends on the day the tests run.
var At = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// CheckAll checks a file with every rule, at time At and with the
// command line's warning window, as the command line
// would: with the roles and files its directive gives, if any.
func CheckAll(name string, data []byte) []lint.Finding {
	args := Directive(name, data)
	inputs, opts := []aovpnlint.File{{Name: name, Data: data}}, aovpnlint.Options{Now: At, Warn: certcheck.DefaultWarn}
	if len(args) > 0 {
		var err error
		if inputs, opts, err = fromArgs(name, data, args); err != nil {
			panic(fmt.Sprintf("%s: bad directive %q: %v", name, strings.Join(args, " "), err))
		}
	}
	fs, err := aovpnlint.Lint(inputs, opts)
	if err != nil {
		panic(fmt.Sprintf("%s: %v", name, err))
	}
	return fs
}

var directive = regexp.MustCompile(`(?m)^\s*(?:(?:#|<!--|//)?\s*aovpnlint:|<\?aovpnlint)\s*((?:cert|check)\b.*?)\s*(?:-->|\?>)?\s*$`)

// Directive returns the arguments of the fixture's aovpnlint directive,
// from its text or its sidecar.
func Directive(name string, data []byte) []string {
	texts := [][]byte{}
	if side, err := os.ReadFile(name + ".want"); err == nil {
		texts = append(texts, side)
	}
	if f := input.Read(name, data, input.Limits{}); f.Text != nil {
		texts = append(texts, f.Text.Data)
	}
	for _, t := range texts {
		if m := directive.FindSubmatch(t); m != nil {
			return strings.Fields(string(m[1]))
		}
	}
	return nil
}

// fromArgs turns a directive into the inputs and options of a run: mode
// "cert" gives the fixture the --purpose role (or none), mode "check"
// checks it with the role files given.
func fromArgs(name string, data []byte, args []string) ([]aovpnlint.File, aovpnlint.Options, error) {
	opts := aovpnlint.Options{Now: At, Warn: certcheck.DefaultWarn}
	dir := filepath.Dir(name)
	inputs := []aovpnlint.File{{Name: name, Data: data}}
	add := func(path string, role certcheck.Role) error {
		inputs = append(inputs, aovpnlint.File{Path: filepath.Join(dir, path), Role: role})
		return nil
	}
	addCRL := func(path string) error {
		inputs = append(inputs, aovpnlint.File{Path: filepath.Join(dir, path), CRL: true})
		return nil
	}
	roles := map[string]certcheck.Role{"--vpn-cert": certcheck.RoleVPN, "--nps-cert": certcheck.RoleNPS,
		"--client-cert": certcheck.RoleClient, "--trust": certcheck.RoleTrust, "--certs": certcheck.RoleUnknown}
	purpose := certcheck.RoleUnknown
	for i := 1; i < len(args); i++ {
		flag, value := args[i], ""
		if strings.HasPrefix(flag, "--") && i+1 < len(args) {
			value = args[i+1]
		}
		var err error
		switch {
		case flag == "--crl":
			err = addCRL(value)
			i++
		case roles[flag] != 0 || flag == "--certs":
			err = add(value, roles[flag])
			i++
		case flag == "--purpose":
			purpose, err = certcheck.ParseRole(value)
			i++
		case flag == "--host":
			opts.Host = value
			i++
		case flag == "--target":
			opts.Target = value
			i++
		case flag == "--aws-auth":
			opts.OpenVPNAuth = value
			i++
		case flag == "--at":
			opts.Now, err = time.Parse(time.RFC3339, value)
			i++
		case flag == "--pfx-password-file":
			var pw []byte
			pw, err = os.ReadFile(filepath.Join(dir, value))
			opts.Passwords = append(opts.Passwords, strings.TrimRight(string(pw), "\r\n"))
			i++
		case strings.HasPrefix(flag, "-"):
			err = fmt.Errorf("unknown flag %s", flag)
		default:
			err = add(flag, purpose)
		}
		if err != nil {
			return nil, opts, err
		}
	}
	if args[0] == "cert" {
		inputs[0].Role = purpose
	} else if args[0] != "check" {
		return nil, opts, fmt.Errorf("mode %q is neither cert nor check", args[0])
	}
	return inputs, opts, nil
}

// Run checks every fixture under dir (recursively; sidecars, READMEs and
// goldens excepted) with check, in a subtest per file, and returns the IDs
// of the rules that fired.
func Run(t *testing.T, dir string, check CheckFunc) map[string]bool {
	t.Helper()
	fired := map[string]bool{}
	files, err := Fixtures(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no fixtures in %s", dir)
	}
	for _, path := range files {
		t.Run(filepath.ToSlash(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			wants, err := Wants(path, data)
			if err != nil {
				t.Fatal(err)
			}
			findings := check(path, data)
			for _, f := range findings {
				fired[f.Rule.ID] = true
			}
			for _, p := range Check(findings, wants) {
				t.Error(p)
			}
		})
	}
	return fired
}

// Fixtures lists the fixture files under dir, sorted; the fuzzing
// corpus (testdata/fuzz) is left out.
func Fixtures(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "fuzz" && filepath.Base(filepath.Dir(path)) == "testdata" {
				return filepath.SkipDir // the fuzzing corpus: inputs, not fixtures
			}
			return nil
		}
		switch ext := filepath.Ext(path); {
		case ext == ".want", ext == ".md", ext == ".golden", ext == ".go":
			return nil
		}
		files = append(files, path)
		return nil
	})
	sort.Strings(files)
	return files, err
}
