package aovpnlint_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/internal/linttest"
	"github.com/aovpnlint/aovpnlint/lint"
)

// wrappers put a ProfileXML into the forms it is deployed in.
var wrappers = map[string]func(xml string) (name, text string){
	"PowerShell script": func(xml string) (string, string) {
		return "VPN_Profile.ps1", "$ProfileName = 'Contoso VPN'\n$ProfileXML = '" + strings.ReplaceAll(xml, "'", "''") + "'\n" +
			"$ProfileXML = $ProfileXML -replace '<', '&lt;'\n$ProfileXML = $ProfileXML -replace '>', '&gt;'\n" +
			"$ProfileXML = $ProfileXML -replace '\"', '&quot;'\n" +
			"New-CimInstance -Namespace root\\cimv2\\mdm\\dmmap -ClassName MDM_VPNv2_01 -Property @{ParentID='./Vendor/MSFT/VPNv2'; InstanceID='Contoso%20VPN'; ProfileXML=$ProfileXML}\n"
	},
	"Intune export (string)": func(xml string) (string, string) {
		return "intune.json", intune(map[string]any{"@odata.type": "#microsoft.graph.omaSettingString", "value": xml})
	},
	"Intune export (uploaded file)": func(xml string) (string, string) {
		return "intune.json", intune(map[string]any{"@odata.type": "#microsoft.graph.omaSettingStringXml", "fileName": "ProfileXML.xml",
			"value": base64.StdEncoding.EncodeToString([]byte(xml))})
	},
	"SyncML": func(xml string) (string, string) {
		esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(xml)
		return "profile.syncml.xml", `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncBody><Atomic><CmdID>1</CmdID><Add><CmdID>2</CmdID><Item>` +
			`<Target><LocURI>./User/Vendor/MSFT/VPNv2/Contoso%20VPN/ProfileXML</LocURI></Target><Meta><Format xmlns="syncml:metinf">chr</Format></Meta>` +
			"<Data>" + esc + "</Data></Item></Add></Atomic><Final/></SyncBody></SyncML>\n"
	},
}

func intune(setting map[string]any) string {
	setting["displayName"] = "ProfileXML"
	setting["omaUri"] = "./User/Vendor/MSFT/VPNv2/Contoso%20VPN/ProfileXML"
	doc := map[string]any{"@odata.type": "#microsoft.graph.windows10CustomConfiguration", "displayName": "AOVPN", "omaSettings": []any{setting}}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err)
	}
	return string(b)
}

// within is the note a finding inside an encoded value carries; lineRef is
// a reference to another line, which the wrapper shifts.
var (
	within  = regexp.MustCompile(` \(in the base64 value, line \d+, column \d+ of the decoded text\)$`)
	lineRef = regexp.MustCompile(`line \d+`)
)

// summary lists a run's findings as rule, severity and message, leaving out
// positions and line references (which the wrapper shifts) and the notes
// about decoding.
func summary(fs []lint.Finding) []string {
	var out []string
	for _, f := range fs {
		if f.Rule.ID == "IN003" {
			continue
		}
		out = append(out, fmt.Sprintf("%s %s %s", f.Rule.ID, f.Severity, lineRef.ReplaceAllString(within.ReplaceAllString(f.Message, ""), "line N")))
	}
	slices.Sort(out)
	return out
}

// TestWrappersKeepFindings checks that every profile rule fixture gives the
// same findings when the profile arrives in a PowerShell deploy script, an
// Intune Graph export (pasted string or uploaded file) or a SyncML message,
// and that each finding still points into the wrapper file.
func TestWrappersKeepFindings(t *testing.T) {
	files, err := filepath.Glob("profile/testdata/*.xml")
	if err != nil || len(files) == 0 {
		t.Fatal("no profile fixtures", err)
	}
	fired := map[string]bool{}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(linttest.Directive(path, data)) > 0 {
			continue // checked with other files or options
		}
		opts := aovpnlint.Options{Now: linttest.At}
		want := summary(lintBytes(path, data, opts))
		for kind, wrap := range wrappers {
			name, text := wrap(string(data))
			got := lintBytes(name, []byte(text), opts)
			for _, f := range got {
				fired[f.Rule.ID] = true
				if f.Pos.File != name || f.Pos.Line == 0 {
					t.Errorf("%s in a %s: finding %s does not point into the wrapper", path, kind, f)
				}
			}
			if g := summary(got); !slices.Equal(g, want) {
				t.Errorf("%s in a %s:\n got %q\nwant %q", path, kind, g, want)
			}
		}
	}
	for _, id := range []string{"VPN020", "VPN030", "VPN041", "VPN050", "VPN060", "VPN012"} {
		if !fired[id] {
			t.Errorf("no wrapped fixture fired %s", id)
		}
	}
}
