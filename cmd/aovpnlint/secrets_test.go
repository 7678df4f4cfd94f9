package main

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// secretCase is a profile whose pre-shared key (or password) is written so
// that a parser, a rule or extract once showed it: shown lists the parts of
// the secret that must never appear in any output.
type secretCase struct {
	name    string
	element string // the secret element and what follows it, inside NativeProfile
	shown   []string
	closed  bool // the secret has its end tag, so that extract can redact it
}

var secretCases = []secretCase{
	{"entity", "<L2tpPsk>S3cretAmp&Amp0</L2tpPsk>", []string{"S3cretAmp", "Amp0"}, true},
	{"end tag", "<L2tpPsk>S3cretLx</Lx0</L2tpPsk>", []string{"S3cretLx", "Lx0"}, true},
	{"element", "<L2tpPsk>S3cretElem<b/>Tail0</L2tpPsk>", []string{"S3cretElem", "Tail0"}, true},
	{"unknown element", "<L2tpPsk>S3cretZq<Zq1>x</Zq1>More0</L2tpPsk>", []string{"S3cretZq", "Zq1", "More0"}, true},
	{"lower case", "<l2tppsk>S3cretLower0</l2tppsk>", []string{"S3cretLower0"}, true},
	{"dollar", "<L2tpPsk>S3cret$Dollar0</L2tpPsk>", []string{"S3cret", "Dollar0"}, true},
	{"control character", "<L2tpPsk>S3cretCtl\x01Ctl0</L2tpPsk>", []string{"S3cretCtl", "Ctl0"}, true},
	{"password", "<APNBinding><Password>S3cretPw&Pw0</Password></APNBinding>", []string{"S3cretPw", "Pw0"}, true},
	{"unclosed", "<L2tpPsk>S3cretOpen0", []string{"S3cretOpen0"}, false},
}

func secretProfile(element string) string {
	return "<VPNProfile><NativeProfile><Servers>vpn.example.com</Servers><NativeProtocolType>L2tp</NativeProtocolType>" +
		"<Authentication><UserMethod>MSChapv2</UserMethod></Authentication>" + element + "</NativeProfile></VPNProfile>"
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// secretWrappers put a case into each kind of file aovpnlint reads.
var secretWrappers = []struct {
	name string
	file func(c secretCase) []byte
}{
	{"profile.xml", func(c secretCase) []byte { return []byte(secretProfile(c.element)) }},
	{"profile-utf16.xml", func(c secretCase) []byte {
		b := []byte{0xFF, 0xFE}
		for _, u := range utf16.Encode([]rune(secretProfile(c.element))) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}},
	{"single.ps1", func(c secretCase) []byte {
		return []byte("$ProfileXML = '" + strings.ReplaceAll(secretProfile(c.element), "'", "''") + "'\n")
	}},
	{"double.ps1", func(c secretCase) []byte {
		return []byte("$ProfileXML = \"" + strings.ReplaceAll(secretProfile(c.element), `"`, `""`) + "\"\n")
	}},
	{"here.ps1", func(c secretCase) []byte {
		return []byte("$ProfileXML = @'\n" + secretProfile(c.element) + "\n'@\n")
	}},
	{"here-double.ps1", func(c secretCase) []byte {
		return []byte("$ProfileXML = @\"\n" + secretProfile(c.element) + "\n\"@\n")
	}},
	{"wmi.txt", func(c secretCase) []byte {
		// Format-List wraps the value at the console width.
		const indent, width = 24, 70
		value := secretProfile(c.element)
		var b strings.Builder
		b.WriteString("InstanceID" + strings.Repeat(" ", indent-13) + " : Contoso\n")
		b.WriteString("ProfileXML" + strings.Repeat(" ", indent-13) + " : ")
		for len(value) > width-indent {
			b.WriteString(value[:width-indent] + "\n" + strings.Repeat(" ", indent))
			value = value[width-indent:]
		}
		b.WriteString(value + "\n")
		return []byte(b.String())
	}},
	{"intune.json", func(c secretCase) []byte {
		v, _ := json.Marshal(secretProfile(c.element))
		return []byte(`{"omaSettings":[{"@odata.type":"#microsoft.graph.omaSettingString","displayName":"VPN","omaUri":"./User/Vendor/MSFT/VPNv2/Contoso/ProfileXML","value":` + string(v) + `}]}`)
	}},
	{"intune-base64.json", func(c secretCase) []byte {
		v := base64.StdEncoding.EncodeToString([]byte(secretProfile(c.element)))
		return []byte(`{"omaSettings":[{"@odata.type":"#microsoft.graph.omaSettingStringXml","displayName":"VPN","omaUri":"./User/Vendor/MSFT/VPNv2/Contoso/ProfileXML","value":"` + v + `"}]}`)
	}},
	{"syncml.xml", func(c secretCase) []byte {
		return []byte(`<SyncML xmlns="SYNCML:SYNCML1.2"><SyncBody><Atomic><CmdID>1</CmdID><Add><CmdID>2</CmdID><Item><Target><LocURI>./User/Vendor/MSFT/VPNv2/Contoso/ProfileXML</LocURI></Target><Meta><Format xmlns="syncml:metinf">chr</Format></Meta><Data>` +
			xmlEscape(secretProfile(c.element)) + `</Data></Item></Add></Atomic><Final/></SyncBody></SyncML>`)
	}},
	{"escaped-eap.xml", func(c secretCase) []byte {
		eap := `<EapHostConfig xmlns="http://www.microsoft.com/provisioning/EapHostConfig">` + c.element + `</EapHostConfig>`
		return []byte(secretProfile("<Authentication><UserMethod>Eap</UserMethod><Eap><Configuration>" + xmlEscape(eap) + "</Configuration></Eap></Authentication>"))
	}},
}

// TestSecretsNeverShown checks every way a secret was once shown, in every
// wrapper, through check in every format and through extract: the secret
// never appears on standard output or standard error. extract redacts a
// secret that ends where it should, and prints nothing when one does not.
func TestSecretsNeverShown(t *testing.T) {
	dir := t.TempDir()
	for _, c := range secretCases {
		for _, w := range secretWrappers {
			path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+"-"+w.name)
			if err := os.WriteFile(path, w.file(c), 0o644); err != nil {
				t.Fatal(err)
			}
			leaks := func(what string, r result) {
				t.Helper()
				for _, s := range c.shown {
					if strings.Contains(r.stdout+r.stderr, s) {
						t.Errorf("%s in %s: %s shows %q:\n%s%s", c.name, w.name, what, s, r.stdout, r.stderr)
					}
				}
			}
			for _, format := range formats {
				r := runCLI(t, "", nil, "check", "--format", format, "--fail-on", "none", path)
				leaks("check --format "+format, r)
				if r.code != 0 || r.stdout == "" {
					t.Errorf("%s in %s: check --format %s exit %d, stdout %q, stderr %q", c.name, w.name, format, r.code, r.stdout, r.stderr)
				}
			}
			r := runCLI(t, "", nil, "extract", path)
			leaks("extract", r)
			interpolates := c.name == "dollar" && strings.Contains(w.name, "double")
			switch {
			case !c.closed:
				if r.code != 2 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "cannot redact with certainty") {
					t.Errorf("%s in %s: extract of an unclosed secret: exit %d, stdout %q, stderr %q", c.name, w.name, r.code, r.stdout, r.stderr)
				}
			case interpolates:
				// IN004: the profile exists only when the script runs.
				if r.code != 2 || !strings.Contains(r.stderr, "interpolates") {
					t.Errorf("%s in %s: extract exit %d, stderr %q", c.name, w.name, r.code, r.stderr)
				}
			default:
				if r.code == 2 || !strings.Contains(r.stdout, "(redacted by aovpnlint)") {
					t.Errorf("%s in %s: extract exit %d, stdout %q, stderr %q", c.name, w.name, r.code, r.stdout, r.stderr)
				}
			}
		}
	}
}

// TestNoForgedLines checks that text from a file (an Intune display name,
// a SyncML LocURI, a variable name, an XML name) cannot start a line of
// its own in a report or reach the terminal raw.
func TestNoForgedLines(t *testing.T) {
	dir := t.TempDir()
	forged := "\nforged.xml:1:1: error: all clear [IN000]\x1b[2K"
	files := map[string]string{
		"intune.json": `{"omaSettings":[{"displayName":` + jsonQuote("VPN"+forged) + `,"omaUri":` + jsonQuote("./Vendor/MSFT/VPNv2/A"+forged+"/ProfileXML") + `,"isEncrypted":true,"value":"x"}]}`,
		"syncml.xml":  `<SyncML><SyncBody><Add><Item><Target><LocURI>./Vendor/MSFT/VPNv2/A` + forged[:len(forged)-5] + `/ProfileXML</LocURI></Target><Data> </Data></Item></Add></SyncBody></SyncML>`,
		"name.xml":    "<VPNProfile><A\u202e\u0085\u2028B/></VPNProfile>\n<x>",
	}
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, format := range formats {
			r := runCLI(t, "", nil, "check", "--format", format, "--fail-on", "none", path)
			out := r.stdout + r.stderr
			if strings.Contains(out, "\nforged") || strings.ContainsAny(out, "\x1b\u202e\u0085\u2028") {
				t.Errorf("%s --format %s: raw input text in the output:\n%s", name, format, out)
			}
		}
		r := runCLI(t, "", nil, "extract", path)
		if strings.Contains(r.stderr, "\nforged") || strings.ContainsAny(r.stderr, "\x1b\u202e") {
			t.Errorf("%s: extract's errors hold raw input text: %q", name, r.stderr)
		}
	}
}

func jsonQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestNPSSecretsNeverShown checks NPS exports: the RADIUS shared secrets
// of their clients appear in no output format, in extract, or in the
// message about an export broken right after a secret.
func TestNPSSecretsNeverShown(t *testing.T) {
	data, err := os.ReadFile("nps/testdata/nps003_blobs.xml")
	if err != nil {
		t.Fatal(err)
	}
	const canary = "Canary-Radius-Secret-7Q"
	whole := strings.ReplaceAll(string(data), "Fixture-Shared-Secret-1", canary)
	if !strings.Contains(whole, canary) {
		t.Fatal("the fixture has no shared secret to replace")
	}
	cut := whole[:strings.Index(whole, canary)+len(canary)] // broken right after the secret
	dir := t.TempDir()
	for name, text := range map[string]string{"export.xml": whole, "cut.xml": cut, "utf16.xml": utf16le(whole)} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, format := range formats {
			r := runCLI(t, "", nil, "check", "--format", format, "--fail-on", "none", path)
			if strings.Contains(r.stdout+r.stderr, canary) || strings.Contains(r.stdout+r.stderr, "7Q") {
				t.Errorf("%s: check --format %s shows the shared secret:\n%s%s", name, format, r.stdout, r.stderr)
			}
			if r.stdout == "" {
				t.Errorf("%s: check --format %s wrote nothing (exit %d): %s", name, format, r.code, r.stderr)
			}
		}
		r := runCLI(t, "", nil, "extract", path)
		if strings.Contains(r.stdout+r.stderr, canary) {
			t.Errorf("%s: extract shows the shared secret:\n%s%s", name, r.stdout, r.stderr)
		}
	}
}

// utf16le is s in UTF-16 LE with a byte order mark, as Windows
// PowerShell 5.1 writes files.
func utf16le(s string) string {
	var b strings.Builder
	b.WriteString("\xff\xfe")
	for _, r := range s {
		if r > 0xffff {
			r = '?'
		}
		b.WriteByte(byte(r))
		b.WriteByte(byte(r >> 8))
	}
	return b.String()
}
