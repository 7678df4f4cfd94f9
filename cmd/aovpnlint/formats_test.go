package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifSchema is made absolute by TestMain, so that tests that change
// directory still find it.
var sarifSchema = "../shared/schemas/sarif-schema-2.1.0.json"

// validateSARIF checks a SARIF document against the schema in
// ../shared/schemas (offline: the schema is added as a resource under its
// own $id, so nothing is fetched).
func validateSARIF(t *testing.T, doc string) error {
	t.Helper()
	f, err := os.Open(sarifSchema)
	if err != nil {
		t.Skipf("the SARIF schema is not beside the repository (%v); skipping validation", err)
	}
	defer f.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	const id = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
	if err := c.AddResource(id, schemaDoc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

type sarifLog struct {
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name, FullName, Version, SemanticVersion, InformationURI string
				Rules                                                    []sarifRule
			}
		}
		AutomationDetails struct {
			ID         string
			Properties map[string]string
		}
		Invocations []struct {
			ExecutionSuccessful        bool
			ToolExecutionNotifications []struct {
				Level   string
				Message struct{ Text string }
			}
		}
		Results []sarifResult
	}
}

type sarifRule struct {
	ID, Name, HelpURI                 string
	ShortDescription, FullDescription struct{ Text string }
	Help                              struct{ Text, Markdown string }
	DefaultConfiguration              struct{ Level string }
	Properties                        struct {
		Tags             []string
		SecuritySeverity string `json:"security-severity"`
	}
}

type sarifResult struct {
	RuleID    string
	RuleIndex int
	Level     string
	Message   struct{ Text string }
	Locations []struct {
		PhysicalLocation struct {
			ArtifactLocation struct{ URI, URIBaseID string }
			Region           *struct{ StartLine, StartColumn, EndLine, EndColumn int }
		}
		LogicalLocations []struct{ FullyQualifiedName, Kind string }
	}
	PartialFingerprints map[string]string
	RelatedLocations    []struct{ ID int }
	Suppressions        []struct{ Kind, Status, Justification string }
}

// decodeSARIF decodes a SARIF log of one run.
func decodeSARIF(t *testing.T, doc string) sarifLog {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal([]byte(doc), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs", log.Version, len(log.Runs))
	}
	return log
}

// azurePipelineVars are the predefined variables of an Azure Pipelines
// job, as the agent sets them.
var azurePipelineVars = map[string]string{
	"TF_BUILD":             "True",
	"SYSTEM_COLLECTIONURI": "https://dev.azure.com/contoso/",
	"SYSTEM_TEAMPROJECTID": "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c",
	"BUILD_DEFINITIONID":   "42",
	"BUILD_DEFINITIONNAME": "vpn-config",
	"BUILD_BUILDID":        "1234",
	"SYSTEM_PHASEID":       "3a3a2a60-14c7-570b-14a4-fa42ad92f52a",
	"SYSTEM_PHASENAME":     "aovpnlint",
	"BUILD_SOURCEBRANCH":   "refs/heads/main",
}

// TestGoldenSARIF checks the SARIF log as an Azure Pipelines job writes it
// (the shape GitHub Advanced Security for Azure DevOps requires; .ci/run
// runs Microsoft's validator on the golden with the Sarif, Ghas and Ado
// rules): schema-valid, every rule with what code scanning shows, every
// result with a region, fingerprints and links to its related locations.
func TestGoldenSARIF(t *testing.T) {
	r := runCLI(t, "", azurePipelineVars, append([]string{"check", "--format", "sarif"}, goldenFiles...)...)
	if r.code != 1 || r.stderr != "" {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	golden(t, "check.sarif.golden", r.stdout)
	if err := validateSARIF(t, r.stdout); err != nil {
		t.Errorf("the SARIF output does not validate against the schema: %v", err)
	}
	// The validator itself rejects a broken log.
	if validateSARIF(t, strings.Replace(r.stdout, `"level": "error"`, `"level": "fatal"`, 1)) == nil {
		t.Error("a SARIF log with level fatal validated")
	}
	run := decodeSARIF(t, r.stdout).Runs[0]
	d := run.Tool.Driver
	if d.Name != "aovpnlint" || d.InformationURI == "" || len(d.Rules) < 80 || d.Version != "0.0.0-test" || d.SemanticVersion != "0.0.0-test" || !strings.HasPrefix(d.FullName, "aovpnlint 0.0.0-test") {
		t.Errorf("driver %s (%s) %s %s %s with %d rules", d.Name, d.FullName, d.Version, d.SemanticVersion, d.InformationURI, len(d.Rules))
	}
	for _, rule := range d.Rules {
		full, short := rule.FullDescription.Text, rule.ShortDescription.Text
		sev, err := strconv.ParseFloat(rule.Properties.SecuritySeverity, 64)
		switch {
		case utf8.RuneCountInString(full) > 1024 || full == short || full == "" || short == "":
			t.Errorf("%s: full description of %d characters %q, short %q; want at most 1,024 and different", rule.ID, utf8.RuneCountInString(full), full, short)
		case rule.Help.Text == "" || !strings.Contains(rule.Help.Markdown, "[Rule reference]("+rule.HelpURI+")"):
			t.Errorf("%s: help %+v", rule.ID, rule.Help)
		case err != nil || sev <= 0 || sev >= 9 || !slices.Contains(rule.Properties.Tags, "security"):
			t.Errorf("%s: security-severity %q, tags %v", rule.ID, rule.Properties.SecuritySeverity, rule.Properties.Tags)
		}
		if rule.ID == "VPN041" && (!strings.Contains(rule.Help.Markdown, "```xml\n<TLSExtensions") || strings.Contains(rule.Help.Markdown, "\n<EKUMapping>")) {
			t.Errorf("VPN041's help does not show its XML as code:\n%s", rule.Help.Markdown)
		}
	}
	ad := run.AutomationDetails
	if !strings.HasPrefix(ad.ID, "azuredevops/pipeline/build/contoso/6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c/42/3a3a2a60-14c7-570b-14a4-fa42ad92f52a/refs/heads/main/1234") ||
		ad.Properties["azuredevops/pipeline/build/buildDefinitionId"] != "42" || ad.Properties["azuredevops/pipeline/build/phaseName"] != "aovpnlint" {
		t.Errorf("automation details %+v", ad)
	}
	if len(run.Invocations) != 1 || !run.Invocations[0].ExecutionSuccessful || len(run.Invocations[0].ToolExecutionNotifications) != 0 {
		t.Errorf("invocations %+v", run.Invocations)
	}
	related, ends := false, false
	fingerprints := map[string]bool{}
	for _, res := range run.Results {
		rule := d.Rules[res.RuleIndex]
		if rule.ID != res.RuleID || !strings.HasSuffix(rule.HelpURI, "docs/rules.md#"+strings.ToLower(res.RuleID)) {
			t.Errorf("result %s points at rule %d (%s, %s)", res.RuleID, res.RuleIndex, rule.ID, rule.HelpURI)
		}
		if !slices.Contains([]string{"error", "warning", "note"}, res.Level) {
			t.Errorf("level %q", res.Level)
		}
		loc := res.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URIBaseID != "%SRCROOT%" || strings.HasPrefix(loc.ArtifactLocation.URI, "/") || strings.HasPrefix(loc.ArtifactLocation.URI, "..") {
			t.Errorf("artifact location %+v", loc.ArtifactLocation)
		}
		if loc.Region == nil || loc.Region.StartLine < 1 || loc.Region.StartColumn < 1 {
			t.Errorf("%s: region %+v; every result needs one", res.RuleID, loc.Region)
		} else if loc.Region.EndLine > 0 {
			ends = true
		}
		fp := res.PartialFingerprints["aovpnlint/v1"]
		if fp == "" || res.PartialFingerprints["primaryLocationLineHash"] == "" || fingerprints[fp] {
			t.Errorf("%s: fingerprints %v (a repeat, or missing)", res.RuleID, res.PartialFingerprints)
		}
		fingerprints[fp] = true
		for _, rel := range res.RelatedLocations {
			related = true
			if !strings.Contains(res.Message.Text, "]("+strconv.Itoa(rel.ID)+")") {
				t.Errorf("%s: the message %q does not link related location %d", res.RuleID, res.Message.Text, rel.ID)
			}
		}
	}
	if !related || !ends {
		t.Errorf("no result with related locations (%v) or with an end (%v)", related, ends)
	}
	// The VPN006 finding of the README example points at line 5, column 13,
	// and ends with its element.
	found := false
	for _, res := range run.Results {
		loc := res.Locations[0]
		reg := loc.PhysicalLocation.Region
		if res.RuleID == "VPN006" && loc.PhysicalLocation.ArtifactLocation.URI == "fixtures/profiles/user-tunnel.xml" && reg != nil && reg.StartLine == 5 && reg.StartColumn == 13 &&
			reg.EndLine == 5 && reg.EndColumn > 13 && len(loc.LogicalLocations) == 1 && loc.LogicalLocations[0].FullyQualifiedName == "VPNProfile/AlwaysOn" {
			found = true
		}
	}
	if !found {
		t.Error("no VPN006 result at fixtures/profiles/user-tunnel.xml 5:13 in VPNProfile/AlwaysOn")
	}
}

// Outside Azure Pipelines, the run's automation id is the category, as
// GitHub code scanning reads it: --sarif-category, or aovpnlint/ and the
// command.
func TestSARIFCategory(t *testing.T) {
	for _, c := range []struct {
		args []string
		vars map[string]string
		want string
	}{
		{[]string{"check", "fixtures/profiles/device-tunnel.xml"}, nil, "aovpnlint/check/"},
		{[]string{"cert", "fixtures/pki/root.pem"}, nil, "aovpnlint/cert/"},
		{[]string{"check", "--sarif-category", "vpn/profiles", "fixtures/profiles/device-tunnel.xml"}, nil, "vpn/profiles/"},
		// A job whose variables are incomplete is not identified by halves.
		{[]string{"check", "fixtures/profiles/device-tunnel.xml"}, map[string]string{"TF_BUILD": "True", "BUILD_BUILDID": "7"}, "aovpnlint/check/"},
		{[]string{"check", "fixtures/profiles/device-tunnel.xml"}, azurePipelineVars, "azuredevops/pipeline/build/contoso/6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c/42/3a3a2a60-14c7-570b-14a4-fa42ad92f52a/refs/heads/main/1234"},
	} {
		r := runCLI(t, "", c.vars, append(c.args, "--format", "sarif", "--fail-on", "none")...)
		if got := decodeSARIF(t, r.stdout).Runs[0].AutomationDetails.ID; got != c.want || r.code != 0 {
			t.Errorf("%v: exit %d, automation id %q, want %q", c.args, r.code, got, c.want)
		}
	}
}

type junitDoc struct {
	Tests    int    `xml:"tests,attr"`
	Failures int    `xml:"failures,attr"`
	Time     string `xml:"time,attr"`
	Suites   []struct {
		Name      string `xml:"name,attr"`
		Tests     int    `xml:"tests,attr"`
		Failures  int    `xml:"failures,attr"`
		Skipped   int    `xml:"skipped,attr"`
		Time      string `xml:"time,attr"`
		Timestamp string `xml:"timestamp,attr"`
		Cases     []struct {
			Name    string `xml:"name,attr"`
			Time    string `xml:"time,attr"`
			Failure *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
			} `xml:"failure"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// validateJUnit checks a JUnit report against Jenkins' junit-10.xsd with
// xmllint (libxml2-utils), when it is installed; .ci/run installs it.
func validateJUnit(t *testing.T, doc string) {
	t.Helper()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Log("xmllint is not installed; the report is not validated against junit-10.xsd")
		return
	}
	schema, _ := filepath.Abs("../shared/schemas/junit-10.xsd")
	if _, err := os.Stat(schema); err != nil {
		t.Logf("the JUnit schema is not beside the repository (%v)", err)
		return
	}
	cmd := exec.Command(xmllint, "--noout", "--schema", schema, "-")
	cmd.Stdin = strings.NewReader(doc)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("the JUnit report does not validate against junit-10.xsd: %v\n%s", err, out)
	}
}

func TestGoldenJUnit(t *testing.T) {
	r := runCLI(t, "", nil, append([]string{"check", "--format", "junit"}, goldenFiles...)...)
	if r.code != 1 || r.stderr != "" {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	golden(t, "check.junit.golden", r.stdout)
	validateJUnit(t, r.stdout)
	var doc junitDoc
	if err := xml.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	text := runCLI(t, "", nil, append([]string{"check"}, goldenFiles...)...).stdout
	errors, findings := strings.Count(text, ": error: "), strings.Count(text, "    fix: ")
	if doc.Failures != errors {
		t.Errorf("%d failed tests, want one per error (%d)", doc.Failures, errors)
	}
	clean, skipped := false, 0
	names := map[string]bool{}
	for _, s := range doc.Suites {
		if s.Name == "fixtures/profiles/device-tunnel.xml" {
			clean = s.Failures == 0 && len(s.Cases) == 1 && s.Cases[0].Failure == nil && s.Cases[0].Skipped == nil && s.Cases[0].Name == s.Name+": no finding"
		}
		if s.Timestamp == "" || s.Time == "" {
			t.Errorf("suite %s: timestamp %q, time %q", s.Name, s.Timestamp, s.Time)
		}
		skipped += s.Skipped
		for _, c := range s.Cases {
			if names[c.Name] || !strings.HasPrefix(c.Name, s.Name) {
				t.Errorf("case %q: repeated, or not named after its file", c.Name)
			}
			names[c.Name] = true
			if c.Failure != nil && (c.Failure.Type != "error" || !strings.Contains(c.Name, " "+c.Failure.Message[strings.LastIndex(c.Failure.Message, "[")+1:len(c.Failure.Message)-1]+" ")) {
				t.Errorf("case %q failure %+v", c.Name, c.Failure)
			}
		}
	}
	if !clean {
		t.Error("the clean file has no single passing test case")
	}
	if len(doc.Suites) != 8 {
		t.Errorf("%d suites, want one per input file (8)", len(doc.Suites))
	}
	// Every finding is a case: the errors fail, the others are skipped.
	if doc.Failures+skipped != findings || skipped == 0 {
		t.Errorf("%d failures and %d skipped, want every one of the %d findings", doc.Failures, skipped, findings)
	}
	// With --fail-on warning the warnings fail too; with none nothing
	// fails, and the findings are all still there, skipped.
	var w, none junitDoc
	xml.Unmarshal([]byte(runCLI(t, "", nil, append([]string{"check", "--format", "junit", "--fail-on", "warning"}, goldenFiles...)...).stdout), &w)
	xml.Unmarshal([]byte(runCLI(t, "", nil, append([]string{"check", "--format", "junit", "--fail-on", "none"}, goldenFiles...)...).stdout), &none)
	if w.Failures <= doc.Failures || none.Failures != 0 || none.Tests != doc.Tests {
		t.Errorf("failures: error %d, warning %d, none %d (tests %d, want %d)", doc.Failures, w.Failures, none.Failures, none.Tests, doc.Tests)
	}
}

// TestFailOnTable runs every --fail-on value on files with only a warning,
// with errors, and clean.
func TestFailOnTable(t *testing.T) {
	files := map[string]string{
		"warning only": "profile/testdata/vpn012_automatic.xml",
		"errors":       "fixtures/profiles/user-tunnel.xml",
		"info only":    "profile/testdata/vpn061_no_tnd.xml",
		"clean":        "fixtures/profiles/device-tunnel.xml",
	}
	want := map[string]map[string]int{
		"error":   {"warning only": 0, "errors": 1, "info only": 0, "clean": 0},
		"warning": {"warning only": 1, "errors": 1, "info only": 0, "clean": 0},
		"info":    {"warning only": 1, "errors": 1, "info only": 1, "clean": 0},
		"none":    {"warning only": 0, "errors": 0, "info only": 0, "clean": 0},
	}
	for failOn, byFile := range want {
		for kind, code := range byFile {
			for _, format := range formats {
				r := runCLI(t, "", nil, "check", "--fail-on", failOn, "--format", format, files[kind])
				if r.code != code {
					t.Errorf("--fail-on %s --format %s on %s: exit %d, want %d", failOn, format, kind, r.code, code)
				}
			}
		}
	}
	if r := runCLI(t, "", nil, "check", files["errors"]); r.code != 1 {
		t.Errorf("default --fail-on: exit %d on errors", r.code)
	}
	for _, bad := range [][]string{{"--fail-on", "fatal"}, {"--format", "xml"}, {"--no-such-flag"}} {
		if r := runCLI(t, "", nil, append(append([]string{"check"}, bad...), files["clean"])...); r.code != 2 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", bad, r.code, r.stdout, r.stderr)
		}
	}
}

func TestOutputAndQuiet(t *testing.T) {
	dir := t.TempDir()
	for _, format := range formats {
		path := filepath.Join(dir, "report."+format)
		r := runCLI(t, "", nil, "check", "--format", format, "--output", path, "fixtures/profiles/user-tunnel.xml")
		data, err := os.ReadFile(path)
		if err != nil || r.code != 1 || r.stdout != "" || !strings.Contains(string(data), "VPN006") {
			t.Errorf("--format %s --output: exit %d, stdout %q, file %d bytes (%v)", format, r.code, r.stdout, len(data), err)
		}
		if (format == "text") != (r.stderr != "") {
			t.Errorf("--format %s: stderr %q; the summary goes to stderr in text mode only", format, r.stderr)
		}
	}
	r := runCLI(t, "", nil, "check", "--quiet", "fixtures/profiles/user-tunnel.xml")
	if r.stderr != "" || !strings.Contains(r.stdout, "[VPN006]") {
		t.Errorf("--quiet: stdout %q, stderr %q", r.stdout, r.stderr)
	}
	if r := runCLI(t, "", nil, "check", "--output", filepath.Join(dir, "no/such/dir/x"), "fixtures/profiles/user-tunnel.xml"); r.code != 2 {
		t.Errorf("--output to a missing directory: exit %d", r.code)
	}
}

// TestDirectory checks a whole folder at once: the corpus gives the same
// findings as file by file, in a stable order; a folder of certificates
// joins the certificate bag; hidden and unsupported files are left out.
func TestDirectory(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("the shared corpus is not beside the repository (%v); skipping", err)
	}
	type finding struct {
		Rule, File, Message string
		Line, Column        int
	}
	decode := func(out string) []finding {
		var doc struct{ Findings []finding }
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		return doc.Findings
	}
	whole := runCLI(t, "", nil, "check", "--format", "json", "--fail-on", "none", corpusDir)
	again := runCLI(t, "", nil, "check", "--format", "json", "--fail-on", "none", corpusDir)
	if whole.code != 0 || whole.stdout != again.stdout {
		t.Fatalf("exit %d; the same folder gave different output the second time", whole.code)
	}
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.xml"))
	var each []finding
	for _, f := range files {
		each = append(each, decode(runCLI(t, "", nil, "check", "--format", "json", "--fail-on", "none", f).stdout)...)
	}
	got := decode(whole.stdout)
	if len(got) == 0 || !slices.Equal(got, each) {
		t.Errorf("the folder gave %d findings, file by file %d (or in another order)", len(got), len(each))
	}
	for _, f := range got {
		if strings.HasSuffix(f.File, "README.md") {
			t.Errorf("the corpus README was checked: %+v", f)
		}
	}

	// A package folder: a profile, the certificates next to it, a README
	// and a hidden folder.
	dir := t.TempDir()
	copyFile(t, "fixtures/scenario/profiles/gateway-other-name.xml", filepath.Join(dir, "profile.xml"))
	copyFile(t, "fixtures/scenario/certs/vpn-other.pem", filepath.Join(dir, "certs", "vpn.pem"))
	copyFile(t, "fixtures/scenario/certs/trust.pem", filepath.Join(dir, "certs", "trust.pem"))
	copyFile(t, "README.md", filepath.Join(dir, "README.md"))
	copyFile(t, "fixtures/profiles/user-tunnel.xml", filepath.Join(dir, ".git", "profile.xml"))
	r := runCLI(t, "", nil, "check", "--format", "json", "--at", "2030-01-01T00:00:00Z", dir)
	names := map[string]bool{}
	for _, f := range decode(r.stdout) {
		names[filepath.Base(f.File)+" "+f.Rule] = true
	}
	if !names["profile.xml VPN070"] || !names["vpn.pem CERT061"] {
		t.Errorf("the folder's certificates were not classified and compared with its profile: %v", names)
	}
	for n := range names {
		if strings.HasPrefix(n, "README.md") || strings.Contains(r.stdout, ".git") {
			t.Errorf("a README or a hidden folder was checked: %s", n)
		}
	}
}

const corpusDir = "../shared/corpus"

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	profile, _ := filepath.Abs("profile/testdata/vpn012_automatic.xml")

	// A suppression without a reason is rejected: exit 2, one line with
	// the file, line and column.
	bad := write("bad.yaml", "suppress:\n  - rule: VPN012\n    files: [\"*.xml\"]\n")
	r := runCLI(t, "", nil, "check", "--config", bad, profile)
	if r.code != 2 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, bad+":2:5: the suppression of VPN012 has no reason") {
		t.Errorf("no reason: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := runCLI(t, "", nil, "check", "--config", filepath.Join(dir, "missing.yaml"), profile); r.code != 2 {
		t.Errorf("missing config: exit %d", r.code)
	}

	// A used suppression silences the finding; an unused one is reported.
	good := write("good.yaml", "suppress:\n  - rule: VPN012\n    files: [\"vpn012_*.xml\"]\n    reason: the lab tries every protocol\n  - rule: VPN021\n    reason: no split tunnel here\nseverity:\n  VPN061: warning\n")
	r = runCLI(t, "", nil, "check", "--format", "json", "--fail-on", "warning", "--config", good, profile)
	if strings.Contains(r.stdout, `"VPN012"`) || !strings.Contains(r.stdout, `"IN008"`) || !strings.Contains(r.stdout, "the suppression of VPN021 (no split tunnel here) matches no finding") {
		t.Errorf("suppressions not applied or unused one not reported:\n%s", r.stdout)
	}
	if r.code != 0 {
		t.Errorf("exit %d; with VPN012 suppressed only info remains", r.code)
	}

	// .aovpnlint.yaml in the working directory is found without --config.
	write(".aovpnlint.yaml", "disable: [VPN012]\n")
	t.Chdir(dir)
	r = runCLI(t, "", nil, "check", "--format", "json", profile)
	if strings.Contains(r.stdout, `"VPN012"`) || r.code != 0 {
		t.Errorf("the working directory's .aovpnlint.yaml was not used: exit %d\n%s", r.code, r.stdout)
	}
}
