package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/lint"
)

func TestDefuse(t *testing.T) {
	for in, want := range map[string]string{
		"plain ## text [x]":                 "plain ## text [x]",
		"##[add-mask]x":                     `#\x23[add-mask]x`,
		"a ##vso[task.setvariable]b":        `a #\x23vso[task.setvariable]b`,
		"a ##VsO[task.complete]b":           `a #\x23VsO[task.complete]b`,
		"###[x] ####vso[y]":                 `##\x23[x] ###\x23vso[y]`,
		"##":                                "##",
		"##vso":                             "##vso",
		"line\n##[error]forged":             `line\n#\x23[error]forged`,
		"\u00e9##[\u00e9":                   `é#\x23[é`,
		"nothing to do":                     "nothing to do",
		"#[a] # [b] ##  [c] ##vs[d] ##vso ": "#[a] # [b] ##  [c] ##vs[d] ##vso ",
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
	if got := defuse(`"##[x]" "##vso[y]"`, `\u0023`); got != `"#\u0023[x]" "#\u0023vso[y]"` {
		t.Errorf("defuse for JSON: %s", got)
	}
}

func TestLineStart(t *testing.T) {
	for in, want := range map[string]string{
		"::error::x":            `\x3a:error::x`,
		"  \t::stop-commands::": "  \t" + `\x3a:stop-commands::`,
		"a::b":                  "a::b",
		":one":                  ":one",
		"":                      "",
	} {
		if got := lineStart(in, `\x3a`); got != want {
			t.Errorf("lineStart(%q) = %q, want %q", in, got, want)
		}
	}
}

// hostileAnnotation is a finding whose file name and message hold every
// character the workflow and logging commands give a meaning to.
func hostileAnnotation() lint.Finding {
	rule := &lint.Rule{ID: "VPN009", Severity: lint.Error, Title: "a title: with, punctuation; and ] brackets %", Fix: "fix %0A it"}
	return lint.Finding{Rule: rule, Severity: lint.Error, Fix: rule.Fix,
		Message: "value \"x%0A::error file=f::forged,:;]\r\n##vso[task.complete result=Succeeded;]\"",
		Pos:     lint.Pos{File: "dir/a,b:c;d]e%f.xml", Line: 3, Col: 7}}
}

// TestAnnotationEscaping checks the escaping of the github and azure
// formats against the unescaping the runner and the agent do: the finding
// is one line, and each property and the data read back as written.
func TestAnnotationEscaping(t *testing.T) {
	f := hostileAnnotation()
	for _, format := range []Format{GitHub, Azure} {
		var b bytes.Buffer
		if err := Write(&b, format, []lint.Finding{f}, nil, Options{}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") {
			t.Fatalf("%s: %q is not one line", format, out)
		}
		line := strings.TrimSuffix(out, "\n")
		var props, data string
		var unProp, unData *strings.Replacer
		if format == GitHub {
			rest, ok := strings.CutPrefix(line, "::error ")
			props, data, _ = strings.Cut(rest, "::")
			if !ok || strings.ContainsAny(props, ":") {
				t.Fatalf("github: %q", line)
			}
			unProp = strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%")
			unData = strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%")
		} else {
			rest, ok := strings.CutPrefix(line, "##vso[task.logissue ")
			props, data, _ = strings.Cut(rest, "]")
			if !ok || strings.Contains(data, "##vso[") {
				t.Fatalf("azure: %q", line)
			}
			unProp = strings.NewReplacer("%AZP25", "%", "%0D", "\r", "%0A", "\n", "%3B", ";", "%5D", "]")
			unData = unProp
		}
		sep := map[Format]string{GitHub: ",", Azure: ";"}[format]
		got := map[string]string{}
		for _, p := range strings.Split(props, sep) {
			k, v, _ := strings.Cut(p, "=")
			got[k] = unProp.Replace(v)
		}
		file := map[Format]string{GitHub: "file", Azure: "sourcepath"}[format]
		if got[file] != f.Pos.File || got[map[Format]string{GitHub: "line", Azure: "linenumber"}[format]] != "3" {
			t.Errorf("%s: properties read back as %v", format, got)
		}
		if format == GitHub && got["title"] != "VPN009: "+f.Rule.Title {
			t.Errorf("github: title %q", got["title"])
		}
		msg, fix, _ := strings.Cut(unData.Replace(data), "\n")
		if msg != Printable(f.Message)+" [VPN009]" || fix != "fix: "+f.Fix {
			t.Errorf("%s: data read back as %q / %q", format, msg, fix)
		}
	}
}

// TestSARIFToolErrorsAndResultLimit checks the invocation: successful
// unless a tool error was reported, which is a notification; and the
// findings over MaxSARIFResults counted in a warning notification.
func TestSARIFToolErrorsAndResultLimit(t *testing.T) {
	rule := &lint.Rule{ID: "IN009", Severity: lint.Error, Title: "t", Fix: "f", Citation: "c"}
	f := lint.Finding{Rule: rule, Severity: lint.Error, Message: "internal error", Pos: lint.Pos{File: "a.xml"}}
	type inv struct {
		ExecutionSuccessful        bool
		ToolExecutionNotifications []struct {
			Level   string
			Message struct{ Text string }
		}
	}
	decode := func(b []byte) (results int, i inv) {
		var log struct {
			Runs []struct {
				Results     []json.RawMessage
				Invocations []inv
			}
		}
		if err := json.Unmarshal(b, &log); err != nil {
			t.Fatal(err)
		}
		return len(log.Runs[0].Results), log.Runs[0].Invocations[0]
	}
	var b bytes.Buffer
	w, _ := NewWriter(&b, SARIF, Options{Rules: []*lint.Rule{rule}})
	w.Write(f)
	w.ToolError(f.Pos, "internal error while checking a.xml")
	if err := w.Close(nil); err != nil {
		t.Fatal(err)
	}
	if n, i := decode(b.Bytes()); n != 1 || i.ExecutionSuccessful || len(i.ToolExecutionNotifications) != 1 || i.ToolExecutionNotifications[0].Level != "error" {
		t.Errorf("after a tool error: %d results, invocation %+v", n, i)
	}

	b.Reset()
	fs := make([]lint.Finding, MaxSARIFResults+3)
	for k := range fs {
		fs[k] = lint.Finding{Rule: rule, Severity: lint.Warning, Message: "m", Pos: lint.Pos{File: "a.xml", Line: k + 1, Col: 1}}
	}
	if err := Write(&b, SARIF, fs, nil, Options{Rules: []*lint.Rule{rule}}); err != nil {
		t.Fatal(err)
	}
	n, i := decode(b.Bytes())
	if n != MaxSARIFResults || !i.ExecutionSuccessful || len(i.ToolExecutionNotifications) != 1 ||
		i.ToolExecutionNotifications[0].Level != "warning" || !strings.HasPrefix(i.ToolExecutionNotifications[0].Message.Text, "3 more findings") {
		t.Errorf("over the limit: %d results, invocation %+v", n, i)
	}
}

// TestJUnitCasesAndTimes checks JUnit: one case per finding with a unique
// name, failures at or above FailOn and skipped cases below it, and the
// time of each file between FileDone calls.
func TestJUnitCasesAndTimes(t *testing.T) {
	rule := &lint.Rule{ID: "EAP001", Severity: lint.Error, Title: "EAP namespaces use http://"}
	warn := &lint.Rule{ID: "VPN012", Severity: lint.Warning, Title: "the protocol is explicit"}
	var fs []lint.Finding
	for range 3 { // the same rule at the same place three times
		fs = append(fs, lint.Finding{Rule: rule, Severity: lint.Error, Message: "https", Pos: lint.Pos{File: "a.xml", Line: 4, Col: 2}})
	}
	fs = append(fs, lint.Finding{Rule: warn, Severity: lint.Warning, Message: "Automatic", Pos: lint.Pos{File: "a.xml", Line: 9, Col: 1}})
	type doc struct {
		Time   string `xml:"time,attr"`
		Suites []struct {
			Name      string `xml:"name,attr"`
			Time      string `xml:"time,attr"`
			Timestamp string `xml:"timestamp,attr"`
			Skipped   int    `xml:"skipped,attr"`
			Cases     []struct {
				Name    string    `xml:"name,attr"`
				Time    string    `xml:"time,attr"`
				Failure *struct{} `xml:"failure"`
				Skipped *struct {
					Message string `xml:"message,attr"`
				} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	for _, failOn := range []lint.Severity{lint.Error, lint.Error + 1} {
		now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
		clock := func() time.Time { now = now.Add(time.Second); return now }
		var b bytes.Buffer
		w, _ := NewWriter(&b, JUnit, Options{FailOn: failOn, Clock: clock})
		for _, f := range fs {
			w.Write(f)
		}
		w.FileDone("a.xml")
		clock() // b.xml takes two seconds
		w.FileDone("b.xml")
		if err := w.Close([]string{"a.xml", "b.xml"}); err != nil {
			t.Fatal(err)
		}
		var d doc
		if err := xml.Unmarshal(b.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		a, bs := d.Suites[0], d.Suites[1]
		names := map[string]bool{}
		failures := 0
		for _, c := range a.Cases {
			names[c.Name] = true
			if c.Failure != nil {
				failures++
			}
			if c.Time != "0.250" {
				t.Errorf("case %q time %q, want a quarter of the file's second", c.Name, c.Time)
			}
		}
		wantFailures := map[lint.Severity]int{lint.Error: 3, lint.Error + 1: 0}[failOn]
		if len(a.Cases) != 4 || len(names) != 4 || !names["a.xml:4:2 EAP001 EAP namespaces use http:// (3)"] || failures != wantFailures || a.Skipped != 4-wantFailures {
			t.Errorf("--fail-on %v: cases %+v", failOn, a.Cases)
		}
		if a.Time != "1.000" || bs.Time != "2.000" || a.Timestamp != "2026-06-01T12:00:01Z" || bs.Timestamp != "2026-06-01T12:00:02Z" ||
			len(bs.Cases) != 1 || bs.Cases[0].Name != "b.xml: no finding" {
			t.Errorf("--fail-on %v: suites %+v %+v; total %s", failOn, a, bs, d.Time)
		}
	}
}

// TestFingerprints checks that a fingerprint leaves out the line numbers
// a message quotes, tells equal findings apart by their number, and
// changes with the rule, the file, the element and the value.
func TestFingerprints(t *testing.T) {
	rule, other := &lint.Rule{ID: "VPN029"}, &lint.Rule{ID: "VPN023"}
	f := lint.Finding{Rule: rule, Message: "Route 10.0.0.0/8 appears again (first at line 12)", Path: "VPNProfile/Route", Pos: lint.Pos{File: "a.xml", Line: 30}}
	var fp fingerprints
	full, local := fp.of(f, "a.xml")
	moved := f
	moved.Message, moved.Pos.Line = "Route 10.0.0.0/8 appears again (first at line 15)", 33
	var fp2 fingerprints
	if full2, local2 := fp2.of(moved, "a.xml"); full2 != full || local2 != local || !strings.HasSuffix(full, ":1") {
		t.Errorf("moved lines changed the fingerprints: %s %s, %s %s", full, local, full2, local2)
	}
	if again, _ := fp2.of(moved, "a.xml"); again == full || !strings.HasSuffix(again, ":2") {
		t.Errorf("the second equal finding has fingerprint %s", again)
	}
	seen := map[string]bool{full: true}
	for name, g := range map[string]lint.Finding{
		"rule":    {Rule: other, Message: f.Message, Path: f.Path},
		"element": {Rule: rule, Message: f.Message, Path: "VPNProfile/NativeProfile/Route"},
		"value":   {Rule: rule, Message: "Route 10.0.0.0/9 appears again (first at line 12)", Path: f.Path},
	} {
		var fp fingerprints
		if got, _ := fp.of(g, "a.xml"); seen[got] {
			t.Errorf("another %s, the same fingerprint %s", name, got)
		}
	}
	var fp3 fingerprints
	if got, _ := fp3.of(f, "b.xml"); got == full {
		t.Error("another file, the same fingerprint")
	}
}

func TestDescriptions(t *testing.T) {
	long := strings.Repeat("word ", 400) // 2,000 characters
	for _, r := range []*lint.Rule{
		{ID: "VPN001", Severity: lint.Error, Title: "the root element is VPNProfile", Fix: "rename it", WindowsErrors: []string{"13801"}},
		{ID: "VPN002", Severity: lint.Error, Title: "t", Fix: "f", Doc: long + "\n\n    <X/>"},
		{ID: "VPN003", Severity: lint.Error, Title: "t", Fix: "f", Doc: "    <OnlyXML/>"},
		{ID: "VPN004", Severity: lint.Error, Title: "é", Fix: "f", Doc: strings.Repeat("é", 1500)},
	} {
		d := FullDescription(r)
		if n := utf8.RuneCountInString(d); n > MaxDescription || d == r.Title || !utf8.ValidString(d) {
			t.Errorf("%s: %d characters: %q", r.ID, n, d)
		}
	}
	if d := FullDescription(&lint.Rule{Title: "the root element is VPNProfile", Fix: "rename it", WindowsErrors: []string{"13801"}}); d != "The root element is VPNProfile. Windows errors otherwise: 13801. Fix: rename it." {
		t.Errorf("full description %q", d)
	}
	md := helpMarkdown(&lint.Rule{ID: "VPN041", Severity: lint.Error, Title: "a *title* with <XML>", Fix: "add <A>`b`</A> here", Doc: "text with <tags> and [links](x)\n\n    <Filter>\n      <EKU/>\n    </Filter>"}, "https://x/rules.md#vpn041")
	for _, want := range []string{`a \*title\* with \<XML\>`, "text with \\<tags\\> and \\[links\\](x)", "```xml\n<Filter>\n  <EKU/>\n</Filter>\n```", "add `` <A>`b`</A> `` here", "[Rule reference](https://x/rules.md#vpn041)"} {
		if !strings.Contains(md, want) {
			t.Errorf("help markdown lacks %q:\n%s", want, md)
		}
	}
}

// TestCatalog checks every rule of aovpnlint as SARIF describes it, and
// that the weaknesses name rules that exist.
func TestCatalog(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range aovpnlint.Rules() {
		ids[r.ID] = true
		full := FullDescription(r)
		sev, err := strconv.ParseFloat(SecuritySeverity(r), 64)
		if utf8.RuneCountInString(full) > MaxDescription || full == r.Title || err != nil || sev < 0.1 || sev > 8.9 || Tags(r)[0] != "security" {
			t.Errorf("%s: full description %q, security severity %v, tags %v", r.ID, full, sev, Tags(r))
		}
	}
	for _, id := range weaknesses {
		if !ids[id] {
			t.Errorf("the weakness %s is not a rule of aovpnlint", id)
		}
	}
	if a, b := SecuritySeverity(&lint.Rule{ID: "VPN050", Severity: lint.Error}), SecuritySeverity(&lint.Rule{ID: "VPN001", Severity: lint.Error}); a <= b {
		t.Errorf("a weakness (%s) is not above a misconfiguration (%s)", a, b)
	}
}

// TestSuppressedOnlyInSARIF checks that a suppressed finding is written
// and counted by no format but SARIF, which gives its suppression.
func TestSuppressedOnlyInSARIF(t *testing.T) {
	rule := &lint.Rule{ID: "VPN012", Severity: lint.Warning, Title: "t"}
	fs := []lint.Finding{{Rule: rule, Severity: lint.Warning, Message: "accepted value", Pos: lint.Pos{File: "a.xml", Line: 2, Col: 1},
		Suppressed: &lint.Suppression{Reason: "the lab", Pos: lint.Pos{File: ".aovpnlint.yaml", Line: 3, Col: 5}}}}
	for _, format := range Formats {
		var b bytes.Buffer
		w, _ := NewWriter(&b, format, Options{Rules: []*lint.Rule{rule}})
		w.Write(fs[0])
		w.Close([]string{"a.xml"})
		written := strings.Contains(b.String(), "accepted value")
		if written != (format == SARIF) || w.Counts() != (Counts{}) {
			t.Errorf("--format %s: written %v, counts %+v", format, written, w.Counts())
		}
		if format == SARIF && !strings.Contains(b.String(), `"kind": "external"`) {
			t.Errorf("SARIF without the suppression:\n%s", b.String())
		}
	}
	if c := Count(fs); c != (Counts{}) {
		t.Errorf("Count counts a suppressed finding: %+v", c)
	}
}

func TestSARIFVersion(t *testing.T) {
	for in, want := range map[string]string{
		"v1.2.3": "1.2.3", "v0.0.0-20240101120000-abcdef123456": "0.0.0-20240101120000-abcdef123456",
		"v2.0.0+incompatible": "2.0.0+incompatible", "devel": "0.0.0-devel", "(devel)": "0.0.0-devel", "": "0.0.0-unknown",
	} {
		if v, s := sarifVersion(in); v != want || s != want {
			t.Errorf("sarifVersion(%q) = %q, %q; want %q", in, v, s, want)
		}
	}
}

func TestAzurePipelineFromEnv(t *testing.T) {
	vars := map[string]string{
		"TF_BUILD": "True", "SYSTEM_COLLECTIONURI": "https://contoso.visualstudio.com/", "SYSTEM_TEAMPROJECTID": "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c",
		"SYSTEM_DEFINITIONID": "7", "BUILD_DEFINITIONNAME": "vpn", "BUILD_BUILDID": "99", "SYSTEM_JOBID": "3a3a2a60-14c7-570b-14a4-fa42ad92f52a",
		"SYSTEM_JOBNAME": "lint", "BUILD_SOURCEBRANCH": "refs/heads/main",
	}
	p := AzurePipelineFromEnv(func(k string) string { return vars[k] })
	if p == nil || p.id() != "azuredevops/pipeline/build/contoso/6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c/7/3a3a2a60-14c7-570b-14a4-fa42ad92f52a/refs/heads/main/99" || p.properties()["azuredevops/pipeline/build/phaseName"] != "lint" {
		t.Fatalf("pipeline %+v", p)
	}
	for k, bad := range map[string]string{"TF_BUILD": "", "SYSTEM_TEAMPROJECTID": "project", "BUILD_BUILDID": "0", "SYSTEM_JOBID": "00000000-0000-0000-0000-000000000000", "BUILD_SOURCEBRANCH": ""} {
		old := vars[k]
		vars[k] = bad
		if p := AzurePipelineFromEnv(func(k string) string { return vars[k] }); p != nil {
			t.Errorf("%s=%q: a pipeline %+v", k, bad, p)
		}
		vars[k] = old
	}
	for uri, org := range map[string]string{"https://dev.azure.com/fabrikam/": "fabrikam", "https://tfs.example.com/DefaultCollection/": "DefaultCollection", "https://tfs.example.com": "tfs.example.com"} {
		if got := organization(uri); got != org {
			t.Errorf("organization(%q) = %q, want %q", uri, got, org)
		}
	}
}

// TestCheckstyleAndGitLabStayWellFormed writes hostile findings: the
// Checkstyle XML parses and the GitLab report decodes, each with the
// text as Printable makes it.
func TestCheckstyleAndGitLabStayWellFormed(t *testing.T) {
	fs := hostileFindings()
	fs = append(fs, hostileAnnotation())
	var b bytes.Buffer
	if err := Write(&b, Checkstyle, fs, nil, Options{}); err != nil {
		t.Fatal(err)
	}
	var cs struct {
		Files []struct {
			Errors []struct {
				Message string `xml:"message,attr"`
			} `xml:"error"`
		} `xml:"file"`
	}
	if err := xml.Unmarshal(b.Bytes(), &cs); err != nil || len(cs.Files) != 2 || cs.Files[1].Errors[0].Message != Printable(fs[1].Message) {
		t.Errorf("Checkstyle: %v\n%s", err, b.String())
	}
	b.Reset()
	if err := Write(&b, GitLab, fs, nil, Options{}); err != nil {
		t.Fatal(err)
	}
	var issues []struct{ Description string }
	if err := json.Unmarshal(b.Bytes(), &issues); err != nil || len(issues) != 2 || issues[1].Description != Printable(fs[1].Message)+" [VPN009]" {
		t.Errorf("GitLab: %v\n%s", err, b.String())
	}
	if strings.Contains(b.String(), "##vso[") {
		t.Errorf("GitLab holds ##vso[:\n%s", b.String())
	}
}
