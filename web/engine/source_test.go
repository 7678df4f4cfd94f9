package engine

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/secret"
)

// profileWithPSK is a ProfileXML whose pre-shared key runs over three
// lines.
const profileWithPSK = `<VPNProfile>
  <NativeProfile>
    <Servers>vpn.example.com</Servers>
    <NativeProtocolType>L2tp</NativeProtocolType>
    <L2tpPsk>first-line-of-the-psk
second-line-of-the-psk
third-line-of-the-psk</L2tpPsk>
    <Authentication><UserMethod>Eap</UserMethod></Authentication>
  </NativeProfile>
</VPNProfile>
`

// sourceOfFile writes data as name in a new folder and returns Source's
// view of it.
func sourceOfFile(t *testing.T, name string, data []byte) *SourceView {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	v, err := Source(name)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSourceRedactsLineForLine: the secrets of every kind of file are
// replaced, and every other line is as the file has it, at its number.
func TestSourceRedactsLineForLine(t *testing.T) {
	key := "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\nb2Ygc2VjcmV0IGtleSBtYXRlcmlhbCBub3QgdG8gYmUgc2hvd24K\n-----END PRIVATE KEY-----\n"
	static := "-----BEGIN OpenVPN Static key V1-----\n6acef03f62675b4b1bbd03e53b187727\n423cea742242106cb2916a8a4c829756\n-----END OpenVPN Static key V1-----\n"
	cert, err := os.ReadFile(filepath.Join(root, "examples/vpn/certs/vpn.pem"))
	if err != nil {
		t.Fatal(err)
	}
	pskPublic := []string{"<VPNProfile>", "    <Servers>vpn.example.com</Servers>", "    <NativeProtocolType>L2tp</NativeProtocolType>",
		"    <Authentication><UserMethod>Eap</UserMethod></Authentication>", "</VPNProfile>"}
	for _, c := range []struct {
		name, text string
		secrets    []string // text that must not be shown
		public     []string // lines that must be shown as they are, at their number
	}{
		{"ProfileXML.xml", profileWithPSK, []string{"first-line-of-the-psk", "second-line-of-the-psk", "third-line-of-the-psk"}, pskPublic},
		{"crlf.xml", strings.ReplaceAll(profileWithPSK, "\n", "\r\n"), []string{"first-line-of-the-psk", "second-line-of-the-psk", "third-line-of-the-psk"}, pskPublic},
		{"intune.json", `{"@odata.type": "#microsoft.graph.windows10CustomConfiguration", "displayName": "AOVPN",
 "omaSettings": [{"@odata.type": "#microsoft.graph.omaSettingString", "displayName": "ProfileXML",
  "omaUri": "./User/Vendor/MSFT/VPNv2/AOVPN/ProfileXML",
  "value": "<VPNProfile>\r\n<NativeProfile><Servers>vpn.example.com</Servers>\r\n<L2tpPsk>json-escaped-psk</L2tpPsk>\r\n</NativeProfile></VPNProfile>"}]}
`, []string{"json-escaped-psk"}, []string{` "omaSettings": [{"@odata.type": "#microsoft.graph.omaSettingString", "displayName": "ProfileXML",`}},
		{"client.ovpn", "client\nremote vpn.example.com 1194\n<key>\n" + key + "</key>\n<tls-crypt>\n" + static + "</tls-crypt>\nverb 3\n",
			[]string{"MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7", "b2Ygc2VjcmV0IGtleSBtYXRlcmlhbCBub3QgdG8gYmUgc2hvd24K", "6acef03f62675b4b1bbd03e53b187727", "423cea742242106cb2916a8a4c829756"},
			[]string{"client", "remote vpn.example.com 1194", "</key>", "</tls-crypt>", "verb 3"}},
		{"ta.key", "#\n# 2048 bit OpenVPN static key\n#\n" + static, []string{"6acef03f62675b4b1bbd03e53b187727", "423cea742242106cb2916a8a4c829756"},
			[]string{"# 2048 bit OpenVPN static key", "-----BEGIN OpenVPN Static key V1-----"}},
		{"server.pem", string(cert) + key, []string{"MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7", "b2Ygc2VjcmV0IGtleSBtYXRlcmlhbCBub3QgdG8gYmUgc2hvd24K"},
			append(strings.Split(strings.TrimSpace(string(cert)), "\n"), "-----BEGIN PRIVATE KEY-----")},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := sourceOfFile(t, c.name, []byte(c.text))
			if v.Text == "" {
				t.Fatalf("not shown: %s", v.Why)
			}
			for _, s := range c.secrets {
				if strings.Contains(v.Text, s) {
					t.Errorf("the secret %q is shown:\n%s", s, v.Text)
				}
			}
			if !strings.Contains(v.Text, secret.Marker) {
				t.Errorf("no %q in\n%s", secret.Marker, v.Text)
			}
			got, want := strings.Split(v.Text, "\n"), strings.Split(c.text, "\n")
			if len(got) != len(want) {
				t.Fatalf("%d lines shown; the file has %d", len(got), len(want))
			}
			for _, p := range c.public {
				i := slices.Index(want, p)
				if i < 0 {
					i = slices.Index(want, p+"\r")
				}
				if i < 0 {
					t.Fatalf("the case has no line %q", p)
				}
				if got[i] != want[i] {
					t.Errorf("line %d is %q; the file has %q", i+1, got[i], want[i])
				}
			}
		})
	}
}

// TestSourceNotShown: what cannot be redacted with certainty is not shown
// at all, and the view says why.
func TestSourceNotShown(t *testing.T) {
	encoded := base64.StdEncoding.EncodeToString([]byte(profileWithPSK))
	der, err := os.ReadFile(filepath.Join(root, "fixtures/openssl/server.cer"))
	if err != nil {
		t.Fatal(err)
	}
	cert, err := os.ReadFile(filepath.Join(root, "examples/vpn/certs/vpn.pem"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, text, why, secret string
	}{
		{"unterminated.ovpn", "client\nremote vpn.example.com 1194\n<key>\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n", "does not end", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"},
		{"unterminated.pem", string(cert) + "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n", "does not end", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"},
		{"unterminated.xml", "<VPNProfile><NativeProfile><L2tpPsk>never-closed-psk\n</NativeProfile></VPNProfile>\n", "does not end", "never-closed-psk"},
		{"base64.json", `{"@odata.type": "#microsoft.graph.windows10CustomConfiguration", "displayName": "AOVPN",
 "omaSettings": [{"@odata.type": "#microsoft.graph.omaSettingStringXml", "displayName": "ProfileXML",
  "omaUri": "./User/Vendor/MSFT/VPNv2/AOVPN/ProfileXML", "fileName": "ProfileXML.xml", "value": "` + encoded + `"}]}
`, "does not show plainly", encoded[40:80]},
		{"deploy.ps1", "$ProfileXML = @'\n<VPNProfile><NativeProfile><Servers>vpn.example.com</Servers></NativeProfile></VPNProfile>\n'@\n$Password = 'Summer2026!'\n", "mentions password", "Summer2026!"},
		{"credentials.txt", "alice\nSummer2026!\n", "no kind", "Summer2026!"},
		{"server.cer", string(der), "binary", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := sourceOfFile(t, c.name, []byte(c.text))
			if v.Text != "" {
				t.Fatalf("shown:\n%s", v.Text)
			}
			if !strings.Contains(v.Why, c.why) {
				t.Errorf("why = %q; expected it to say %q", v.Why, c.why)
			}
			if c.secret != "" && strings.Contains(v.Why, c.secret) {
				t.Errorf("why = %q shows the secret", v.Why)
			}
		})
	}
}

// TestSourceTooLong: a text longer than MaxSourceView is not shown, and a
// file over the size limit is not read.
func TestSourceTooLong(t *testing.T) {
	long := "<VPNProfile><!-- " + strings.Repeat("x", MaxSourceView) + " --></VPNProfile>\n"
	if v := sourceOfFile(t, "long.xml", []byte(long)); v.Text != "" || !strings.Contains(v.Why, "longer than") {
		t.Errorf("a text of %d bytes: %q", len(long), v.Why)
	}
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "huge.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(64 << 20); err != nil { // sparse: nothing is written
		t.Fatal(err)
	}
	f.Close()
	t.Chdir(dir)
	v, err := Source("huge.xml")
	if err != nil || v.Text != "" || !strings.Contains(v.Why, "larger than the limit") {
		t.Errorf("a file of 64 MiB: %+v, %v", v, err)
	}
}
