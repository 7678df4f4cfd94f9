package fix_test

import (
	"bytes"
	"encoding/base64"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/config"
	"github.com/aovpnlint/aovpnlint/fix"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/lint"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/wrappers/fixed")

// TestWrappers fixes the same profile in every wrapper it is deployed in
// (testdata/wrappers: raw XML in UTF-8, UTF-8 with a BOM and CRLF, UTF-16
// LE and BE; a PowerShell single-quoted, double-quoted and here-string
// literal, UTF-16 too; an Intune omaSettingString, escaped as JSON and as
// Graph escapes < and >, and omaSettingStringXml in base64 of UTF-8 and of
// UTF-16; a SyncML CDATA and escaped Data; an HTML-escaped EapHostConfig in
// Eap/Configuration; a document HTML-escaped whole; a bare EapHostConfig)
// and compares the result with testdata/wrappers/fixed, byte for byte. For
// each it checks the guarantees of fix: every finding with edits is
// repaired, a second run changes nothing, the check of the result reports
// none of the repaired findings and no new one, and the result is in the
// encoding of the file, with its byte order mark and its line ends.
func TestWrappers(t *testing.T) {
	files, err := filepath.Glob("testdata/wrappers/*.*")
	if err != nil || len(files) < 17 {
		t.Fatalf("wrappers: %v, %d files", err, len(files))
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			res := fixFile(t, path, before)
			if res.After == nil {
				t.Fatal("nothing was fixed")
			}
			for _, u := range res.Unfixed {
				t.Errorf("not fixed: %s [%s]: %s", u.Finding.Message, u.Finding.Rule.ID, u.What)
			}
			golden := filepath.Join("testdata/wrappers/fixed", filepath.Base(path))
			if *update {
				if err := os.WriteFile(golden, res.After, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(res.After, want) {
				t.Errorf("the fixed file differs from %s (run go test ./fix -run TestWrappers -update after checking)", golden)
			}
			checkGuarantees(t, path, before, res)
		})
	}
}

// fixFile runs fix on a file with the default options.
func fixFile(t *testing.T, name string, data []byte) *fix.Result {
	t.Helper()
	res, err := fix.File(name, data, aovpnlint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// checkGuarantees checks what fix promises of a file it changed.
func checkGuarantees(t *testing.T, name string, before []byte, res *fix.Result) {
	t.Helper()
	// A second run changes nothing.
	again := fixFile(t, name, res.After)
	if again.After != nil || len(again.Fixed) > 0 {
		t.Errorf("a second run changes the file again: %d more findings fixed", len(again.Fixed))
	}
	// The check reports none of the findings fixed, and nothing new.
	// (A finding that goes away with one fixed is no harm: a setting
	// Windows now reads may settle it. Where the check counts a rule's
	// findings past lint.MaxPerRule in a summary, the rule is compared by
	// number.)
	was := checkFile(t, name, before)
	now := checkFile(t, name, res.After)
	count, total, capped := map[string]int{}, map[string]int{}, map[string]bool{}
	tally := func(f lint.Finding, sign int) {
		if f.Omitted > 0 {
			capped[f.Rule.ID] = true
			total[f.Rule.ID] += sign * f.Omitted
			return
		}
		count[key(f)] += sign
		total[f.Rule.ID] += sign
	}
	for _, f := range was {
		tally(f, 1)
	}
	for _, c := range res.Fixed {
		tally(c.Finding, -1)
	}
	for _, f := range now {
		tally(f, -1)
	}
	for _, f := range now {
		if capped[f.Rule.ID] && total[f.Rule.ID] < 0 || !capped[f.Rule.ID] && count[key(f)] < 0 {
			t.Errorf("after fix the check reports %s, which it did not before or which was fixed", f)
		}
	}
	if len(now) != len(res.Remaining) {
		t.Errorf("Remaining lists %d findings, the check of the result %d", len(res.Remaining), len(now))
	}
	// The same encoding, byte order mark and line ends.
	a, b := input.Read(name, before, input.Limits{}), input.Read(name, res.After, input.Limits{})
	if a.Encoding != b.Encoding || a.Kind != b.Kind || len(a.Docs) != len(b.Docs) {
		t.Errorf("read as %s %s with %d documents, after fix as %s %s with %d", a.Encoding, a.Kind, len(a.Docs), b.Encoding, b.Kind, len(b.Docs))
	}
	for i := range min(len(a.Docs), len(b.Docs)) {
		if (a.Docs[i].XML == nil) != (b.Docs[i].XML == nil) {
			t.Errorf("document %d changed whether it is well-formed", i+1)
		}
	}
	if ca, cb := lineEnds(a.Text.Data), lineEnds(b.Text.Data); ca != cb {
		t.Errorf("line ends were %s, after fix %s", ca, cb)
	}
	for _, d := range a.Docs {
		if ca := lineEnds(d.Text.Data); ca != "none" {
			for _, e := range b.Docs {
				if cb := lineEnds(e.Text.Data); cb != ca && cb != "none" {
					t.Errorf("a document's line ends were %s, after fix %s", ca, cb)
				}
			}
		}
	}
}

// lineEnds names the line ends of a text: "CRLF", "LF", "mixed" or "none".
func lineEnds(data []byte) string {
	crlf := bytes.Count(data, []byte("\r\n"))
	lf := bytes.Count(data, []byte("\n")) - crlf
	switch {
	case crlf > 0 && lf > 0:
		return "mixed"
	case crlf > 0:
		return "CRLF"
	case lf > 0:
		return "LF"
	}
	return "none"
}

func checkFile(t *testing.T, name string, data []byte) []lint.Finding {
	t.Helper()
	fs, err := aovpnlint.Lint([]aovpnlint.File{{Name: name, Data: data}}, aovpnlint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// key identifies a finding across a change that moves lines.
func key(f lint.Finding) string {
	return f.Rule.ID + " " + regexp.MustCompile(`\b(line|column|entry) [0-9]+`).ReplaceAllString(f.Message, "$1 #")
}

// TestFixedRules checks that the golden profile exercises every rule that
// declares a fix, and that a rule without a fix gives no finding edits.
func TestFixedRules(t *testing.T) {
	fixable := map[string]bool{}
	for _, r := range aovpnlint.Rules() {
		if r.Fixable != "" {
			fixable[r.ID] = true
		}
	}
	seen := map[string]bool{}
	for _, path := range []string{"testdata/wrappers/raw.xml", "testdata/wrappers/eap.xml"} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range fixFile(t, path, data).Fixed {
			seen[c.Finding.Rule.ID] = true
			if !fixable[c.Finding.Rule.ID] {
				t.Errorf("%s gave edits, but its rule declares no fix (lint.Rule.Fixable)", c.Finding.Rule.ID)
			}
		}
	}
	for id := range fixable {
		if !seen[id] {
			t.Errorf("%s declares a fix, but testdata/wrappers/raw.xml and eap.xml do not exercise it", id)
		}
	}
}

// TestNotRewritable: a WMI listing is what Windows reads back, and a
// script that builds its profile at run time holds nothing to change; fix
// leaves both alone and says why.
func TestNotRewritable(t *testing.T) {
	wmi := "ProfileXML              : <VPNProfile><AlwaysOn>TRUE</AlwaysOn><NativeProfile><Servers>vpn.contoso.com</Servers><NativeProtocolType>Ikev2</NativeProtocolType><Authentication><MachineMethod>Certificate</MachineMethod></Authentication></NativeProfile></VPNProfile>\r\nRememberCredentials     : False\r\n"
	res := fixFile(t, "wmi.txt", []byte(wmi))
	if res.After != nil || !strings.Contains(res.Refused, "WMI listing") || len(res.Unfixed) != 1 {
		t.Errorf("WMI listing: after %q, refused %q, %d unfixed; want nothing changed and the reason", res.After, res.Refused, len(res.Unfixed))
	}
	script := "$w = New-Object System.Xml.XmlTextWriter($path, $null)\n$w.WriteStartElement('VPNProfile')\n$w.WriteElementString('AlwaysOn', 'TRUE')\n$w.WriteEndElement()\n"
	res = fixFile(t, "generator.ps1", []byte(script))
	if res.After != nil || len(res.Fixed) != 0 || len(res.Remaining) == 0 || res.Remaining[0].Rule.ID != "IN004" || !strings.Contains(res.Refused, "builds the profile at run time") {
		t.Errorf("generator script: after %q, %d fixed, remaining %v, refused %q; want nothing changed, and IN004 as the reason", res.After, len(res.Fixed), res.Remaining, res.Refused)
	}
}

// TestSuppressed: a finding the check does not report, because the rule
// is disabled or the finding suppressed inline, is not fixed.
func TestSuppressed(t *testing.T) {
	doc := `<VPNProfile>
  <!-- aovpnlint:ignore VPN006 kept as the old client reads it -->
  <AlwaysOn>True</AlwaysOn>
  <RememberCredentials>False</RememberCredentials>
  <NativeProfile>
    <Servers>vpn.example.com,vpn.example.com</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication><MachineMethod>Certificate</MachineMethod></Authentication>
  </NativeProfile>
</VPNProfile>
`
	cfg, err := config.Parse("aovpnlint.yaml", []byte("disable:\n  - VPN067\n"), aovpnlint.Rules())
	if err != nil {
		t.Fatal(err)
	}
	res, err := fix.File("p.xml", []byte(doc), aovpnlint.Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Fixed) != 1 || res.Fixed[0].Finding.Pos.Line != 4 {
		t.Fatalf("fixed %v; want only RememberCredentials on line 4", res.Fixed)
	}
	want := strings.Replace(doc, "<RememberCredentials>False<", "<RememberCredentials>false<", 1)
	if string(res.After) != want {
		t.Errorf("fixed file:\n%s\nwant:\n%s", res.After, want)
	}
}

// TestRevealingChangeRefused: a change that would make Windows read a
// setting it ignores now, and so bring up a finding the check does not
// report now, is not made; the others are.
func TestRevealingChangeRefused(t *testing.T) {
	doc := `<VPNProfile>
  <AlwaysOn>True</AlwaysOn>
  <TrustedNetworkDetection>corp.example.com</TrustedNetworkDetection>
  <NativeProfile>
    <Servers>vpn.example.com</Servers>
    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication><MachineMethod>Certificate</MachineMethod></Authentication>
    <disableClassBasedDefaultRoute>true</disableClassBasedDefaultRoute>
  </NativeProfile>
</VPNProfile>
`
	res := fixFile(t, "p.xml", []byte(doc))
	if len(res.Fixed) != 1 || res.Fixed[0].Finding.Rule.ID != "VPN006" {
		t.Errorf("fixed %v; want VPN006 only", res.Fixed)
	}
	if len(res.Unfixed) != 1 || res.Unfixed[0].Finding.Rule.ID != "VPN066" || !strings.Contains(res.Unfixed[0].What, "VPN020") {
		t.Fatalf("unfixed %v; want VPN066, refused because it brings up VPN020", res.Unfixed)
	}
	checkGuarantees(t, "p.xml", []byte(doc), res)
}

// TestDiff compares the unified diff of the golden profile, raw and in
// UTF-16 with CRLF line ends (shown decoded, without the CRs), with
// testdata/raw.diff.
func TestDiff(t *testing.T) {
	want, err := os.ReadFile("testdata/raw.diff")
	if err != nil && !*update {
		t.Fatal(err)
	}
	for _, name := range []string{"raw.xml", "raw_utf16le_bom_crlf.xml"} {
		data, err := os.ReadFile(filepath.Join("testdata/wrappers", name))
		if err != nil {
			t.Fatal(err)
		}
		got := fixFile(t, "profile.xml", data).Diff()
		if *update && name == "raw.xml" {
			if err := os.WriteFile("testdata/raw.diff", got, 0o644); err != nil {
				t.Fatal(err)
			}
			want = got
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: diff:\n%s\nwant (testdata/raw.diff):\n%s", name, got, want)
		}
	}
	if d := fixFile(t, "clean.xml", []byte("<VPNProfile/>\n")).Diff(); d != nil {
		t.Errorf("a file without a fix has the diff %q", d)
	}
}

// TestSecretNeverShown: neither the listing nor the diff shows a secret,
// written plainly next to a change, or in a base64 value that is encoded
// again.
func TestSecretNeverShown(t *testing.T) {
	const psk = "Sup3r-S3cret-PSK"
	doc := `<VPNProfile>
  <AlwaysOn>True</AlwaysOn>
  <NativeProfile>
    <Servers>vpn.example.com,vpn.example.com</Servers><L2tpPsk>` + psk + `</L2tpPsk>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication><MachineMethod>Certificate</MachineMethod></Authentication>
  </NativeProfile>
</VPNProfile>
`
	encoded := base64.StdEncoding.EncodeToString([]byte(doc))
	intune := `{"@odata.type": "#microsoft.graph.windows10CustomConfiguration", "omaSettings": [{"@odata.type": "#microsoft.graph.omaSettingStringXml", "omaUri": "./User/Vendor/MSFT/VPNv2/Test/ProfileXML", "value": "` + encoded + `"}]}` + "\n"
	for name, data := range map[string]string{"p.xml": doc, "intune.json": intune} {
		res := fixFile(t, name, []byte(data))
		if len(res.Fixed) != 2 {
			t.Fatalf("%s: fixed %d findings, want 2", name, len(res.Fixed))
		}
		var shown strings.Builder
		for _, c := range append(res.Fixed, res.Unfixed...) {
			shown.WriteString(c.Finding.Message + " " + c.What + "\n")
		}
		diff := res.Diff()
		shown.Write(diff)
		out := shown.String()
		hidden := []string{psk}
		if name == "intune.json" {
			// The base64 values before and after, which encode the secret.
			for _, v := range regexp.MustCompile(`"value": "([^"]+)"`).FindAllSubmatch(append([]byte(data), res.After...), -1) {
				hidden = append(hidden, string(v[1][:40]))
			}
			if len(hidden) != 3 || hidden[1] == hidden[2] {
				t.Fatalf("the base64 value was not encoded again: %q", hidden)
			}
		}
		for _, secret := range hidden {
			if strings.Contains(out, secret) {
				t.Errorf("%s: the listing or diff shows %q:\n%s", name, secret, out)
			}
		}
		if !strings.Contains(string(diff), "(redacted by aovpnlint)") {
			t.Errorf("%s: the diff does not say what it withheld:\n%s", name, diff)
		}
	}
}
