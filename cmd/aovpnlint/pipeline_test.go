package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/report"
)

// ghCommand is a workflow command as the GitHub Actions runner reads a
// line: "::name k=v,k=v::data", the properties and the data unescaped.
type ghCommand struct {
	name  string
	props map[string]string
	data  string
}

// parseGitHub reads a line the way the runner's ActionCommand.TryParseV2
// does: after leading spaces, "::", the command and its properties up to
// the next "::", the data after it; properties split at "," and "=".
func parseGitHub(line string) (ghCommand, bool) {
	line = strings.TrimLeft(line, " \t")
	rest, ok := strings.CutPrefix(line, "::")
	if !ok {
		return ghCommand{}, false
	}
	info, data, ok := strings.Cut(rest, "::")
	if !ok {
		return ghCommand{}, false
	}
	name, props, _ := strings.Cut(info, " ")
	c := ghCommand{name: name, props: map[string]string{}, data: ghUnescape(data, false)}
	for _, p := range strings.Split(props, ",") {
		if k, v, ok := strings.Cut(p, "="); ok && k != "" {
			c.props[k] = ghUnescape(v, true)
		}
	}
	return c, true
}

func ghUnescape(s string, property bool) string {
	r := []string{"%0D", "\r", "%0A", "\n"}
	if property {
		r = append(r, "%3A", ":", "%2C", ",")
	}
	return strings.NewReplacer(append(r, "%25", "%")...).Replace(s)
}

// parseAzure reads a line the way the Azure Pipelines agent does: the
// first "##vso[" anywhere, the command and properties up to the first
// "]" after it, properties split at ";" and "=", the data after the "]".
func parseAzure(line string) (ghCommand, bool) {
	i := strings.Index(line, "##vso[")
	if i < 0 {
		return ghCommand{}, false
	}
	rest := line[i+len("##vso["):]
	info, data, ok := strings.Cut(rest, "]")
	if !ok {
		return ghCommand{}, false
	}
	name, props, _ := strings.Cut(info, " ")
	un := strings.NewReplacer("%AZP25", "%", "%0D", "\r", "%0A", "\n", "%3B", ";", "%5D", "]")
	c := ghCommand{name: name, props: map[string]string{}, data: un.Replace(data)}
	for _, p := range strings.Split(props, ";") {
		if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && k != "" {
			c.props[k] = un.Replace(v)
		}
	}
	return c, true
}

// textFindings is the findings of a check in the text format, one entry
// per finding: "FILE:LINE:COL: SEVERITY: MESSAGE [RULE]".
func textFindings(t *testing.T, args ...string) []string {
	t.Helper()
	var out []string
	for _, l := range strings.Split(runCLI(t, "", nil, append([]string{"check", "--quiet"}, args...)...).stdout, "\n") {
		if l != "" && !strings.HasPrefix(l, " ") {
			out = append(out, l)
		}
	}
	return out
}

// TestGoldenAnnotations checks --format github and --format azure: one
// command per finding that the runner and the agent read back as the
// finding, and nothing else.
func TestGoldenAnnotations(t *testing.T) {
	findings := textFindings(t, goldenFiles...)
	for _, format := range []string{"github", "azure"} {
		r := runCLI(t, "", nil, append([]string{"check", "--format", format}, goldenFiles...)...)
		if r.code != 1 || r.stderr != "" {
			t.Errorf("%s: exit %d, stderr %q", format, r.code, r.stderr)
		}
		golden(t, "check."+format+".golden", r.stdout)
		lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
		if len(lines) != len(findings) {
			t.Errorf("%s: %d lines for %d findings", format, len(lines), len(findings))
			continue
		}
		for i, l := range lines {
			want := findings[i] // FILE:LINE:COL: SEVERITY: MESSAGE [RULE]
			pos, rest, _ := strings.Cut(want, ": ")
			sev, msg, _ := strings.Cut(rest, ": ")
			file, line, col := splitPos(pos)
			if format == "azure" && sev == "info" {
				if l != want {
					t.Errorf("azure: info line %q, want the text line %q", l, want)
				}
				continue
			}
			var c ghCommand
			var ok bool
			if format == "github" {
				c, ok = parseGitHub(l)
				kind := map[string]string{"error": "error", "warning": "warning", "info": "notice"}[sev]
				ok = ok && c.name == kind && c.props["file"] == file && c.props["line"] == line && c.props["col"] == col
			} else {
				c, ok = parseAzure(l)
				ok = ok && strings.HasPrefix(l, "##vso[") && c.name == "task.logissue" && c.props["type"] == sev &&
					c.props["sourcepath"] == file && c.props["linenumber"] == line && c.props["columnnumber"] == col
			}
			if first, _, _ := strings.Cut(c.data, "\n"); !ok || first != msg || !strings.Contains(c.data, "\nfix: ") {
				t.Errorf("%s: line %q reads back as %+v; want %q", format, l, c, want)
			}
		}
	}
}

// splitPos splits FILE:LINE:COL.
func splitPos(pos string) (file, line, col string) {
	i := strings.LastIndexByte(pos, ':')
	j := strings.LastIndexByte(pos[:i], ':')
	return pos[:j], pos[j+1 : i], pos[i+1:]
}

// gitlabIssue is an issue of a GitLab Code Quality report: the fields
// GitLab requires, and the others aovpnlint writes, nothing more.
type gitlabIssue struct {
	Type        string `json:"type"`
	CheckName   string `json:"check_name"`
	Description string `json:"description"`
	Content     struct {
		Body string `json:"body"`
	} `json:"content"`
	Categories  []string `json:"categories"`
	Severity    string   `json:"severity"`
	Fingerprint string   `json:"fingerprint"`
	Location    struct {
		Path  string `json:"path"`
		Lines struct {
			Begin int `json:"begin"`
		} `json:"lines"`
	} `json:"location"`
	EngineName string `json:"engine_name"`
}

// decodeGitLab decodes a Code Quality report strictly and checks what
// GitLab requires of each issue: description, check_name, a fingerprint
// unique in the report, a severity of its scale, a relative path and a
// line.
func decodeGitLab(t *testing.T, doc string) []gitlabIssue {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.DisallowUnknownFields()
	var issues []gitlabIssue
	if err := dec.Decode(&issues); err != nil {
		t.Fatalf("the Code Quality report does not decode: %v\n%s", err, doc)
	}
	seen := map[string]bool{}
	for _, is := range issues {
		if is.Description == "" || is.CheckName == "" || is.Fingerprint == "" || seen[is.Fingerprint] ||
			!slices.Contains([]string{"info", "minor", "major", "critical", "blocker"}, is.Severity) ||
			is.Location.Path == "" || filepath.IsAbs(is.Location.Path) || is.Location.Lines.Begin < 1 {
			t.Errorf("issue %+v: a required field is missing or wrong, or the fingerprint repeats", is)
		}
		seen[is.Fingerprint] = true
	}
	return issues
}

func TestGoldenGitLab(t *testing.T) {
	r := runCLI(t, "", nil, append([]string{"check", "--format", "gitlab"}, goldenFiles...)...)
	if r.code != 1 || r.stderr != "" {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	golden(t, "check.gitlab.golden", r.stdout)
	issues := decodeGitLab(t, r.stdout)
	findings := textFindings(t, goldenFiles...)
	if len(issues) != len(findings) {
		t.Fatalf("%d issues for %d findings", len(issues), len(findings))
	}
	for i, is := range issues {
		want := fmt.Sprintf("%s:%d:", is.Location.Path, is.Location.Lines.Begin)
		sev := map[string]string{"critical": "error", "major": "warning", "info": "info"}[is.Severity]
		if !strings.HasPrefix(findings[i], want) || !strings.Contains(findings[i], ": "+sev+": "+is.Description) {
			t.Errorf("issue %+v; want the finding %q", is, findings[i])
		}
	}
}

type checkstyleDoc struct {
	XMLName xml.Name `xml:"checkstyle"`
	Files   []struct {
		Name   string `xml:"name,attr"`
		Errors []struct {
			Line     int    `xml:"line,attr"`
			Column   int    `xml:"column,attr"`
			Severity string `xml:"severity,attr"`
			Message  string `xml:"message,attr"`
			Source   string `xml:"source,attr"`
		} `xml:"error"`
	} `xml:"file"`
}

func TestGoldenCheckstyle(t *testing.T) {
	r := runCLI(t, "", nil, append([]string{"check", "--format", "checkstyle"}, goldenFiles...)...)
	if r.code != 1 || r.stderr != "" {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	golden(t, "check.checkstyle.golden", r.stdout)
	var doc checkstyleDoc
	if err := xml.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range doc.Files {
		for _, e := range f.Errors {
			got = append(got, fmt.Sprintf("%s:%d:%d: %s: %s [%s]", f.Name, e.Line, e.Column, e.Severity, e.Message, strings.TrimPrefix(e.Source, "aovpnlint.")))
		}
	}
	if want := textFindings(t, goldenFiles...); !slices.Equal(got, want) {
		t.Errorf("the Checkstyle errors are\n%s\nwant the findings\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestWholeFileFindingsAt1x1 checks that a finding about a whole file (a
// DER certificate, an empty file) is at line 1, column 1 in every format.
func TestWholeFileFindingsAt1x1(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.xml")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"fixtures/pki/vpn.cer", empty} {
		want := map[string]string{
			"text":       file + ":1:1: ",
			"json":       `"line": 1,` + "\n" + `      "column": 1,`,
			"sarif":      `"startLine": 1,` + "\n" + `                  "startColumn": 1`,
			"junit":      file + ":1:1 ",
			"github":     ",line=1,col=1,",
			"azure":      ";linenumber=1;columnnumber=1;", // an error or a warning; an info is a text line
			"gitlab":     `"begin": 1`,
			"checkstyle": `line="1" column="1"`,
		}
		for _, format := range formats {
			r := runCLI(t, "", nil, "check", "--format", format, "--fail-on", "none", file)
			if format == "azure" && strings.HasPrefix(r.stdout, want["text"]) {
				continue // the info line of a certificate's classification
			}
			if r.stdout == "" || !strings.Contains(r.stdout, want[format]) || strings.Contains(r.stdout, `"line": 0`) || strings.Contains(r.stdout, `line="0"`) {
				t.Errorf("%s --format %s: no finding at 1:1 (want %q):\n%s%s", file, format, want[format], r.stdout, r.stderr)
			}
		}
	}
}

// TestSuppressedFindingsInSARIF checks that a finding a suppression
// accepted is a SARIF result with the suppression and its justification
// (inline or from the configuration), and is in no other format and
// fails nothing.
func TestSuppressedFindingsInSARIF(t *testing.T) {
	dir := t.TempDir()
	profile := filepath.Join(dir, "profile.xml")
	data, err := os.ReadFile("fixtures/profiles/user-tunnel.xml")
	if err != nil {
		t.Fatal(err)
	}
	// VPN006 at <AlwaysOn>True</AlwaysOn>, accepted inline; EAP001,
	// accepted by the configuration.
	text := strings.Replace(string(data), "<AlwaysOn>", "<!-- aovpnlint:ignore VPN006 the lab client reads True -->\n  <AlwaysOn>", 1)
	if text == string(data) {
		t.Fatal("the profile has no AlwaysOn")
	}
	if err := os.WriteFile(profile, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(config, []byte("suppress:\n  - rule: EAP001\n    reason: the test server answers https namespaces\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, "", nil, "check", "--format", "sarif", "--config", config, profile)
	got := map[string]string{}
	for _, res := range decodeSARIF(t, r.stdout).Runs[0].Results {
		for _, s := range res.Suppressions {
			got[res.RuleID] = s.Kind + " " + s.Status + " " + s.Justification
		}
	}
	want := map[string]string{"VPN006": "inSource accepted the lab client reads True", "EAP001": "external accepted the test server answers https namespaces"}
	if !maps.Equal(got, want) {
		t.Errorf("suppressions %v, want %v", got, want)
	}
	for _, format := range formats {
		if format == "sarif" {
			continue
		}
		r := runCLI(t, "", nil, "check", "--format", format, "--config", config, profile)
		if strings.Contains(r.stdout, "VPN006") || strings.Contains(r.stdout, "EAP001") {
			t.Errorf("--format %s lists a suppressed finding:\n%s", format, r.stdout)
		}
	}
	// Only the suppressed errors: exit 0 in every format.
	only := filepath.Join(dir, "only.xml")
	os.WriteFile(only, []byte("<!-- aovpnlint:ignore VPN006 lab -->\n<VPNProfile><AlwaysOn>True</AlwaysOn><DeviceTunnel>true</DeviceTunnel><NativeProfile><Servers>vpn.example.com</Servers><RoutingPolicyType>SplitTunnel</RoutingPolicyType><NativeProtocolType>IKEv2</NativeProtocolType><Authentication><MachineMethod>Certificate</MachineMethod></Authentication></NativeProfile><Route><Address>10.1.0.0</Address><PrefixSize>16</PrefixSize></Route></VPNProfile>\n"), 0o644)
	for _, format := range formats {
		if r := runCLI(t, "", nil, "check", "--format", format, only); r.code != 0 {
			t.Errorf("--format %s: exit %d with only a suppressed error:\n%s", format, r.code, r.stdout)
		}
	}
}

// TestFingerprintsSurviveMovedLines checks that the SARIF and GitLab
// fingerprints of the findings of a profile stay the same when lines are
// added above them, while their lines change.
func TestFingerprintsSurviveMovedLines(t *testing.T) {
	data, err := os.ReadFile("fixtures/profiles/user-tunnel.xml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	sarifPrints := func(text string) (prints []string, lines []int) {
		os.WriteFile("profile.xml", []byte(text), 0o644)
		r := runCLI(t, "", nil, "check", "--format", "sarif", "--fail-on", "none", "profile.xml")
		for _, res := range decodeSARIF(t, r.stdout).Runs[0].Results {
			prints = append(prints, res.RuleID+" "+res.PartialFingerprints["aovpnlint/v1"]+" "+res.PartialFingerprints["primaryLocationLineHash"])
			lines = append(lines, res.Locations[0].PhysicalLocation.Region.StartLine)
		}
		return prints, lines
	}
	gitlabPrints := func(text string) (prints []string) {
		os.WriteFile("profile.xml", []byte(text), 0o644)
		for _, is := range decodeGitLab(t, runCLI(t, "", nil, "check", "--format", "gitlab", "--fail-on", "none", "profile.xml").stdout) {
			prints = append(prints, is.Fingerprint)
		}
		return prints
	}
	before, lines := sarifPrints(string(data))
	gitBefore := gitlabPrints(string(data))
	moved := strings.Replace(string(data), "<VPNProfile>", "<!-- two lines\nof comment -->\n\n<VPNProfile>", 1)
	after, movedLines := sarifPrints(moved)
	if len(before) < 5 || !slices.Equal(before, after) || !slices.Equal(gitBefore, gitlabPrints(moved)) {
		t.Errorf("fingerprints changed when lines moved:\n%v\n%v", before, after)
	}
	if slices.Equal(lines, movedLines) {
		t.Errorf("the lines did not move (%v); the test proves nothing", lines)
	}
	// A changed value is a new finding.
	changed := strings.Replace(string(data), "<AlwaysOn>True</AlwaysOn>", "<AlwaysOn>TRUE</AlwaysOn>", 1)
	if after, _ := sarifPrints(changed); slices.Equal(before, after) {
		t.Error("a changed value kept its fingerprint")
	}
}

// TestHostileTextCannotForgeCommands checks every format with a file name
// and a value made to end a workflow or logging command early and start
// others: each finding stays one command, and no other line or text reads
// as a command to the GitHub Actions runner or the Azure Pipelines agent.
func TestHostileTextCannotForgeCommands(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	hostile := "x%0A::error file=forged.xml::forged%25,:;]\r\n::add-mask::secret ##[set-output name=a]b ##VSO[task.setvariable variable=PATH]/evil ##vso[task.complete result=Succeeded;]"
	name := "::stop-commands::tok ##vso[x].xml"
	profile := "<VPNProfile><NativeProfile><Servers>" + xmlEscape(hostile) + "</Servers><NativeProtocolType>IKEv2</NativeProtocolType></NativeProfile><Bogus" + "/></VPNProfile>"
	if err := os.WriteFile(name, []byte(profile), 0o644); err != nil {
		t.Fatal(err)
	}
	n := len(textFindings(t, "--fail-on", "none", name))
	if n < 2 {
		t.Fatalf("%d findings; the test needs several", n)
	}
	for _, format := range formats {
		r := runCLI(t, "", nil, "check", "--format", format, "--fail-on", "none", name)
		commands := 0
		for _, l := range strings.Split(r.stdout+r.stderr, "\n") {
			if c, ok := parseGitHub(l); ok {
				commands++
				if format != "github" || !slices.Contains([]string{"error", "warning", "notice"}, c.name) || c.props["file"] != report.Printable(name) {
					t.Errorf("--format %s: a line reads as the workflow command %+v: %q", format, c, l)
				}
			}
			if strings.Contains(l, "##[") {
				t.Errorf("--format %s: ##[ in %q", format, l)
			}
			if i := strings.Index(strings.ToLower(l), "##vso["); i >= 0 {
				c, _ := parseAzure(l)
				if format != "azure" || i != 0 || strings.Contains(strings.ToLower(l[1:]), "##vso[") || c.name != "task.logissue" || c.props["sourcepath"] != report.Printable(name) {
					t.Errorf("--format %s: ##vso[ in %q", format, l)
				}
				commands++
			}
		}
		want := map[string]int{"github": n}[format]
		if format == "azure" {
			want = strings.Count(r.stdout, "\n") - strings.Count(r.stdout, ": info: ")
		}
		if commands != want {
			t.Errorf("--format %s: %d commands for %d findings:\n%s", format, commands, n, r.stdout)
		}
	}
}

// panicReader panics when it is read, as a bug in aovpnlint would.
type panicReader struct{}

func (panicReader) Read([]byte) (int, error) { panic("index out of range [3] with length 3") }

// TestToolErrorInSARIF checks that an internal error while checking a
// file (IN009) makes the SARIF invocation unsuccessful, with the error as
// a notification, and the exit status 2.
func TestToolErrorInSARIF(t *testing.T) {
	var out, errb bytes.Buffer
	e := &env{stdin: panicReader{}, stdout: &out, stderr: &errb, getenv: func(string) string { return "" },
		terminal: func(io.Writer) bool { return false }, version: "v0.0.0-test"}
	code := run([]string{"aovpnlint", "check", "--format", "sarif", "-", "fixtures/profiles/device-tunnel.xml"}, e)
	r := decodeSARIF(t, out.String()).Runs[0]
	inv := r.Invocations[0]
	if code != 2 || inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 1 || inv.ToolExecutionNotifications[0].Level != "error" ||
		!strings.Contains(inv.ToolExecutionNotifications[0].Message.Text, "internal error") || len(r.Results) != 1 || r.Results[0].RuleID != "IN009" {
		t.Errorf("exit %d, invocation %+v, results %+v\n%s", code, inv, r.Results, errb.String())
	}
}
