package main

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/input"
)

// fixProfile has one mistake fix repairs (VPN006) and, with warning,
// one it cannot (VPN015, an IP address in Servers).
const fixProfile = `<VPNProfile>
  <AlwaysOn>True</AlwaysOn>
  <TrustedNetworkDetection>corp.example.com</TrustedNetworkDetection>
  <NativeProfile>
    <Servers>vpn.example.com,%s</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication><MachineMethod>Certificate</MachineMethod></Authentication>
  </NativeProfile>
</VPNProfile>
`

func writeProfile(t *testing.T, dir, name, second string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(strings.Replace(fixProfile, "%s", second, 1)), mode); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestFixCommand: the listing, the diff and --write, and the exit codes,
// which are those check gives on the files as fix leaves them.
func TestFixCommand(t *testing.T) {
	dir := t.TempDir()
	path := writeProfile(t, dir, "p.xml", "vpn2.example.com", 0o640)
	before, _ := os.ReadFile(path)

	r := runCLI(t, "", nil, "fix", path)
	if r.code != 0 || !strings.Contains(r.stdout, "[VPN006]\n    would fix: \"True\" → \"true\"") || !strings.Contains(r.stderr, "would fix 1 finding in 1 file") {
		t.Errorf("listing: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = runCLI(t, "", nil, "fix", "--diff", path)
	if r.code != 0 || !strings.Contains(r.stdout, "-  <AlwaysOn>True</AlwaysOn>\n+  <AlwaysOn>true</AlwaysOn>\n") {
		t.Errorf("diff: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if now, _ := os.ReadFile(path); string(now) != string(before) {
		t.Fatal("fix without --write changed the file")
	}
	r = runCLI(t, "", nil, "fix", "--write", path)
	now, _ := os.ReadFile(path)
	if r.code != 0 || string(now) != strings.Replace(string(before), "True", "true", 1) || !strings.Contains(r.stdout, "    fixed: ") {
		t.Errorf("--write: exit %d, file\n%s\n%s", r.code, now, r.stdout)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o640 {
		t.Errorf("--write changed the permissions: %v %v", st.Mode(), err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("--write left %v", left)
	}
	if r = runCLI(t, "", nil, "check", path); r.code != 0 {
		t.Errorf("check after fix --write: exit %d\n%s", r.code, r.stdout)
	}
	r = runCLI(t, "", nil, "fix", "--write", path)
	if again, _ := os.ReadFile(path); r.code != 0 || string(again) != string(now) || !strings.Contains(r.stderr, "fixed 0 findings in 0 files") {
		t.Errorf("a second fix --write: exit %d\n%s", r.code, r.stderr)
	}

	// A finding no fix covers: exit 1 when it reaches --fail-on.
	ip := writeProfile(t, dir, "ip.xml", "192.0.2.1", 0o644)
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"fix", ip}, 0},
		{[]string{"fix", "--fail-on", "warning", ip}, 1},
		{[]string{"fix", "--write", "--fail-on", "warning", ip}, 1},
		{[]string{"fix", "--fail-on", "bogus", ip}, 2},
		{[]string{"fix", "--write", "-"}, 2},
		{[]string{"fix"}, 2},
		{[]string{"fix", filepath.Join(dir, "missing.xml")}, 2},
	} {
		if r := runCLI(t, "", nil, tc.args...); r.code != tc.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", tc.args, r.code, tc.code, r.stdout, r.stderr)
		}
	}
	if r := runCLI(t, "", nil, "check", "--fail-on", "warning", ip); r.code != 1 || !strings.Contains(r.stdout, "VPN015") {
		t.Errorf("check after fix: exit %d\n%s", r.code, r.stdout)
	}
}

// TestFixStdinAndLink: standard input is fixed to a listing or diff; a
// symbolic link is rewritten through, the link kept.
func TestFixStdinAndLink(t *testing.T) {
	r := runCLI(t, strings.Replace(fixProfile, "%s", "vpn2.example.com", 1), nil, "fix", "--diff", "-")
	if r.code != 0 || !strings.Contains(r.stdout, "--- <stdin>\n+++ <stdin>\n") || !strings.Contains(r.stdout, "+  <AlwaysOn>true</AlwaysOn>") {
		t.Errorf("stdin: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	dir := t.TempDir()
	target := writeProfile(t, dir, "real.xml", "vpn2.example.com", 0o644)
	link := filepath.Join(dir, "link.xml")
	if err := os.Symlink("real.xml", link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if r := runCLI(t, "", nil, "fix", "--write", link); r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
	if data, _ := os.ReadFile(target); !strings.Contains(string(data), "<AlwaysOn>true</AlwaysOn>") {
		t.Errorf("the file the link points to was not fixed:\n%s", data)
	}
}

// sarifFixes runs check --format sarif on path and returns the fixes of
// each result, by rule, as replacements of the file's decoded text.
type sarifFixRun struct {
	rule    string
	changes []sarifChange
}

type sarifChange struct {
	startLine, startCol, endLine, endCol int
	text                                 string
}

func sarifFixesOf(t *testing.T, path string) []sarifFixRun {
	t.Helper()
	r := runCLI(t, "", nil, "check", "--format", "sarif", "--fail-on", "none", path)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if err := validateSARIF(t, r.stdout); err != nil {
		t.Fatalf("the SARIF log does not validate: %v", err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
				Fixes  []struct {
					ArtifactChanges []struct {
						ArtifactLocation struct{ URI string }
						Replacements     []struct {
							DeletedRegion   struct{ StartLine, StartColumn, EndLine, EndColumn int }
							InsertedContent *struct{ Text string }
						}
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	var out []sarifFixRun
	for _, res := range log.Runs[0].Results {
		for _, f := range res.Fixes {
			if len(f.ArtifactChanges) != 1 || !strings.HasSuffix(path, f.ArtifactChanges[0].ArtifactLocation.URI) {
				t.Fatalf("%s: a fix changes %d files", res.RuleID, len(f.ArtifactChanges))
			}
			run := sarifFixRun{rule: res.RuleID}
			for _, rep := range f.ArtifactChanges[0].Replacements {
				d := rep.DeletedRegion
				c := sarifChange{d.StartLine, d.StartColumn, d.EndLine, d.EndColumn, ""}
				if rep.InsertedContent != nil {
					c.text = rep.InsertedContent.Text
				}
				run.changes = append(run.changes, c)
			}
			out = append(out, run)
		}
	}
	return out
}

// applySARIF makes replacements (line and byte column, as the report
// counts them) in text.
func applySARIF(t *testing.T, text string, changes []sarifChange) string {
	t.Helper()
	lineStart := []int{0}
	for i, c := range text {
		if c == '\n' {
			lineStart = append(lineStart, i+1)
		}
	}
	off := func(line, col int) int { return lineStart[line-1] + col - 1 }
	slices.SortFunc(changes, func(a, b sarifChange) int {
		return cmp.Compare(off(b.startLine, b.startCol), off(a.startLine, a.startCol))
	})
	for _, c := range changes { // from the end, so that offsets stay right
		s, e := off(c.startLine, c.startCol), off(c.endLine, c.endCol)
		text = text[:s] + c.text + text[e:]
	}
	return text
}

// TestSARIFFixes: the SARIF results of fixable findings carry the edits
// fix makes, as replacements of the file: made together on a raw profile
// (or one by one, where each rewrites the same base64 value) they give
// what fix gives, the log validates against the SARIF schema, and no fix
// shows a secret.
func TestSARIFFixes(t *testing.T) {
	for _, name := range []string{"raw.xml", "script_single.ps1", "intune_string_html_escaped.json", "intune_base64.json", "raw_utf16le_bom_crlf.xml"} {
		path := filepath.Join("fix/testdata/wrappers", name)
		runs := sarifFixesOf(t, path)
		if len(runs) != 8 {
			t.Errorf("%s: %d results carry fixes, want 8", name, len(runs))
			continue
		}
		data, _ := os.ReadFile(path)
		fixed, _ := os.ReadFile(filepath.Join("fix/testdata/wrappers/fixed", name))
		before, want := input.Read(name, data, input.Limits{}), input.Read(name, fixed, input.Limits{})
		if name == "intune_base64.json" {
			// Each fix encodes the whole value again: made one at a time,
			// each makes the document read as with that one change.
			for _, r := range runs {
				one := applySARIF(t, string(before.Text.Data), r.changes)
				if f := input.Read(name, []byte(one), input.Limits{}); len(f.Docs) != 1 || f.Docs[0].XML == nil || string(f.Docs[0].Text.Data) == string(before.Docs[0].Text.Data) {
					t.Errorf("%s: the fix of %s does not make a changed, well-formed document", name, r.rule)
				}
			}
			continue
		}
		var all []sarifChange
		for _, r := range runs {
			all = append(all, r.changes...)
		}
		if got := applySARIF(t, string(before.Text.Data), all); got != string(want.Text.Data) {
			t.Errorf("%s: the SARIF fixes make\n%s\nwant what fix makes:\n%s", name, got, want.Text.Data)
		}
	}
	// A base64 value whose profile holds a secret is never written out.
	dir := t.TempDir()
	doc := strings.Replace(strings.Replace(fixProfile, "%s", "vpn2.example.com", 1), "<NativeProtocolType>", "<L2tpPsk>Sup3r-S3cret</L2tpPsk><NativeProtocolType>", 1)
	value := base64.StdEncoding.EncodeToString([]byte(doc))
	path := filepath.Join(dir, "secret.json")
	os.WriteFile(path, []byte(`{"omaSettings": [{"@odata.type": "#microsoft.graph.omaSettingStringXml", "omaUri": "./User/Vendor/MSFT/VPNv2/T/ProfileXML", "value": "`+value+`"}]}`), 0o644)
	if runs := sarifFixesOf(t, path); len(runs) != 0 {
		t.Errorf("the fixes of a base64 profile holding a secret were written: %v", runs)
	}
}
