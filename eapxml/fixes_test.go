package eapxml_test

import (
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/eapxml"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/lint"
)

func TestThumbprintForm(t *testing.T) {
	const want = "3b 1e 0f 6a 22 9c 4d 8e 71 5a 2b 90 c4 d1 ee 07 36 48 5f a2"
	for in, ok := range map[string]bool{
		"3B:1E:0F:6A:22:9C:4D:8E:71:5A:2B:90:C4:D1:EE:07:36:48:5F:A2": true,
		"3b-1e-0f-6a-22-9c-4d-8e-71-5a-2b-90-c4-d1-ee-07-36-48-5f-a2": true,
		"3B1E0F6A229C4D8E715A2B90C4D1EE0736485FA2":                    true,
		"3B:1E:0F:6A": false,
		"3B:1E:0F:6A:22:9C:4D:8E:71:5A:2B:90:C4:D1:EE:07:36:48:5F:ZZ":      false,
		"3b1e0f6a229c4d8e715a2b90c4d1ee0736485fa2c4d1ee0736485fa2c4d1ee07": false,
	} {
		got, gotOK := eapxml.ThumbprintForm(in)
		if gotOK != ok || ok && got != want {
			t.Errorf("ThumbprintForm(%q) = %q, %v; want ok %v", in, got, gotOK, ok)
		}
	}
}

// eapDoc is a bare EAP-TLS configuration; the replacer puts mistakes in it.
const eapDoc = `<EapHostConfig xmlns="http://www.microsoft.com/provisioning/EapHostConfig">
<EapMethod><Type xmlns="http://www.microsoft.com/provisioning/EapCommon">13</Type><VendorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorId><VendorType xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorType><AuthorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</AuthorId></EapMethod>
<Config xmlns="http://www.microsoft.com/provisioning/EapHostConfig"><Eap xmlns="http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1"><Type>13</Type>
<EapType xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV1"><CredentialsSource><CertificateStore><SimpleCertSelection>true</SimpleCertSelection></CertificateStore></CredentialsSource>
<ServerValidation><DisableUserPromptForServerValidation>true</DisableUserPromptForServerValidation><ServerNames>nps.example.com</ServerNames><TrustedRootCA>3b 1e 0f 6a 22 9c 4d 8e 71 5a 2b 90 c4 d1 ee 07 36 48 5f a2</TrustedRootCA></ServerValidation>
</EapType></Eap></Config></EapHostConfig>`

func TestFixes(t *testing.T) {
	const hash = "3b 1e 0f 6a 22 9c 4d 8e 71 5a 2b 90 c4 d1 ee 07 36 48 5f a2"
	for _, tc := range []struct {
		name, id, from, to string
		fixed              bool
	}{
		{"EAP001", "EAP001", `<EapHostConfig xmlns="http:`, `<EapHostConfig xmlns="https:`, true},
		{"EAP001 prefixed", "EAP001", `<Config xmlns="http:`, `<c:Config xmlns:c="https:`, true},
		{"EAP001 written with a reference", "EAP001", `<EapHostConfig xmlns="http:`, `<EapHostConfig xmlns="&#104;ttps:`, false},
		{"EAP002", "EAP002", "<SimpleCertSelection>true</SimpleCertSelection>", "<simpleCertSelection>true</simpleCertSelection>", true},
		{"EAP002 beside the right name", "EAP002", "<SimpleCertSelection>true</SimpleCertSelection>", "<SimpleCertSelection>true</SimpleCertSelection><simpleCertSelection>true</simpleCertSelection>", false},
		{"EAP002 another misspelling", "EAP002", "<SimpleCertSelection>true</SimpleCertSelection>", "<SimpleCertSelecton>true</SimpleCertSelecton>", false},
		{"EAP012", "EAP012", hash, strings.ToUpper(strings.ReplaceAll(hash, " ", ":")), true},
		{"EAP012 SHA-256", "EAP012", hash, strings.Repeat("ab", 32), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := strings.Replace(eapDoc, tc.from, tc.to, 1)
			if tc.name == "EAP001 prefixed" {
				doc = strings.Replace(doc, "</Config>", "</c:Config>", 1)
			}
			f := input.Read("e.xml", []byte(doc), input.Limits{})
			if len(f.Docs) != 1 || f.Docs[0].XML == nil {
				t.Fatalf("not well-formed: %s", doc)
			}
			var groups [][]lint.Edit
			seen := false
			for _, fd := range eapxml.Lint(eapxml.Parse(f.Docs[0].XML, f.Docs[0].XML.Root)) {
				if fd.Rule.ID == tc.id {
					seen = true
					if len(fd.Edits) > 0 {
						groups = append(groups, fd.Edits)
					}
				}
			}
			if !seen {
				t.Fatalf("no %s finding", tc.id)
			}
			if !tc.fixed {
				if len(groups) > 0 {
					t.Errorf("the finding carries edits, want none")
				}
				return
			}
			rw, err := f.Rewrite(groups, input.Limits{})
			if err != nil || len(rw.Made) != len(groups) {
				t.Fatalf("made %v: %v", rw.Made, err)
			}
			want := eapDoc
			if tc.name == "EAP001 prefixed" {
				want = strings.Replace(strings.Replace(eapDoc, `<Config xmlns="http:`, `<c:Config xmlns:c="http:`, 1), "</Config>", "</c:Config>", 1)
			}
			if string(rw.Data) != want {
				t.Errorf("got\n%s\nwant\n%s", rw.Data, want)
			}
		})
	}
}
