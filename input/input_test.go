package input_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/linttest"
)

var check = linttest.CheckAll

func TestFixtures(t *testing.T) {
	linttest.Run(t, "testdata", check)
}

// TestKinds checks that content, never the extension, decides the kind.
func TestKinds(t *testing.T) {
	tests := []struct {
		file string
		kind input.Kind
		docs int
	}{
		{"profile_crlf.xml", input.ProfileXML, 1},
		{"profile_utf16le_nobom.xml", input.ProfileXML, 1},
		{"escaped_profile.txt", input.ProfileXML, 1},
		{"script_herestring.ps1", input.Script, 1},
		{"script_two_profiles.ps1", input.Script, 2},
		{"script_generator.ps1", input.Script, 0},
		{"wmi_formatlist.txt", input.WMI, 1},
		{"wmi_inline.txt", input.WMI, 1},
		{"wmi_after_vpnconnection.txt", input.WMI, 1},
		{"foreign_certutil_store.txt", input.Unknown, 0},
		{"foreign_rasphone.pbk", input.Unknown, 0},
		{"foreign_pe.exe", input.Unknown, 0},
		{"intune_list.json", input.IntuneJSON, 2},
		{"syncml_cdata.xml", input.SyncML, 1},
		{"bad_base64.pem", input.Certificate, 0},
		{"not_supported.txt", input.Unknown, 0},
		{"../../eapxml/testdata/ok_eap_tls.xml", input.EAPConfig, 1},
	}
	for _, tc := range tests {
		data, err := os.ReadFile(filepath.Join("testdata", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		f := input.Read(tc.file, data, input.Limits{})
		if f.Kind != tc.kind || len(f.Docs) != tc.docs {
			t.Errorf("%s: kind %v with %d documents, want %v with %d", tc.file, f.Kind, len(f.Docs), tc.kind, tc.docs)
		}
	}
}

// TestPositionsPointAtTheText checks, for wrappers that change bytes, that
// a finding's line and column land on the offending text in the file as
// an editor shows it (after decoding UTF-16).
func TestPositionsPointAtTheText(t *testing.T) {
	tests := []struct {
		file, rule, text string
	}{
		{"profile_utf16le_bom_crlf.xml", "VPN006", "True</AlwaysOn>"},
		{"profile_utf16be_bom.xml", "VPN006", "True</AlwaysOn>"},
		{"script_utf16le_crlf.ps1", "VPN006", "True</AlwaysOn>"},
		{"script_utf16le_crlf.ps1", "VPN005", "IKEv3<"},
		{"script_single_quoted.ps1", "VPN006", "True</AlwaysOn>"},
		{"escaped_eap.xml", "EAP001", "xmlns=&quot;https://"},
		{"escaped_eap.xml", "EAP003", "25&lt;/Type&gt;"},
		{"escaped_eap.xml", "EAP003", "&lt;EapType xmlns"},
		{"escaped_eap_malformed.xml", "IN001", "&lt;/Typ&gt;"},
		{"escaped_profile.txt", "VPN006", "True&lt;/AlwaysOn&gt;"},
		{"syncml_escaped.xml", "VPN006", "True&lt;/AlwaysOn&gt;"},
		{"syncml_cdata.xml", "VPN006", "On</AlwaysOn>"},
		{"intune_string.json", "VPN006", `True</AlwaysOn>\r\n`},
		{"intune_base64.json", "VPN006", "77u/"},
		{"wmi_formatlist.txt", "VPN006", "True</AlwaysOn>"},
		{"wmi_formatlist.txt", "EAP001", `xmlns="https://`},
		{"wmi_flattened.txt", "IN001", `="http://www.microsoft.com/provisioning/EapCommon">13`},
		{"wmi_inline.txt", "VPN006", "TRUE</AlwaysOn>"},
		{"script_two_profiles.ps1", "VPN003", "<Colour>"},
		{"script_two_profiles.ps1", "EAP005", "21</Type>"},
	}
	// Every finding of a listed file and rule must point at one of the
	// texts listed for them, and every listed text must be pointed at.
	type key struct{ file, rule string }
	texts := map[key][]string{}
	for _, tc := range tests {
		k := key{tc.file, tc.rule}
		texts[k] = append(texts[k], tc.text)
	}
	for k, want := range texts {
		path := filepath.Join("testdata", k.file)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(input.Read(path, data, input.Limits{}).Text.Data), "\n")
		met := make([]bool, len(want))
		for _, f := range check(path, data) {
			if f.Rule.ID != k.rule {
				continue
			}
			got := lines[f.Pos.Line-1][f.Pos.Col-1:]
			ok := false
			for i, w := range want {
				if strings.HasPrefix(got, w) {
					met[i], ok = true, true
				}
			}
			if !ok {
				t.Errorf("%s %s at %d:%d points at %.30q, want one of %q", k.file, k.rule, f.Pos.Line, f.Pos.Col, got, want)
			}
		}
		for i, m := range met {
			if !m {
				t.Errorf("%s: no %s finding points at %q", k.file, k.rule, want[i])
			}
		}
	}
}

// TestOpenRefusesLargeFiles checks that a file over the limit is refused
// with IN006 before it is read.
func TestOpenRefusesLargeFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.xml")
	big := make([]byte, 40<<20)
	copy(big, "<VPNProfile>")
	if err := os.WriteFile(path, big, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := input.Open(path, nil, input.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	fs := input.Lint(f)
	if f.Kind != input.TooLarge || f.Raw != nil || len(fs) != 1 || fs[0].Rule.ID != "IN006" ||
		!strings.Contains(fs[0].Message, "larger than the limit of 33554432 bytes (41943040 bytes)") {
		t.Fatalf("kind %v, %d bytes kept, findings %v", f.Kind, len(f.Raw), fs)
	}
	// Standard input has no size to ask for: reading stops one byte past
	// the limit.
	f, err = input.Open("-", strings.NewReader(strings.Repeat("x", 101)), input.Limits{MaxBytes: 100})
	if err != nil || f.Kind != input.TooLarge || !strings.Contains(f.Problems[0].Message, "more than that") {
		t.Fatalf("stdin over the limit: %v %+v", err, f)
	}
}

func TestTooManyElements(t *testing.T) {
	doc := "<VPNProfile>" + strings.Repeat("<Route/>", 100_000) + "</VPNProfile>"
	fs := check("wide.xml", []byte(doc))
	if len(fs) != 1 || fs[0].Rule.ID != "IN006" || !strings.Contains(fs[0].Message, "more than the limit of 100000 elements (this is element 100001)") {
		t.Fatalf("findings %v", fs)
	}
}

// TestBrokenSurrogates checks that unpaired UTF-16 surrogates are replaced
// and said so, and the rest of the file is read.
func TestBrokenSurrogates(t *testing.T) {
	text := "<VPNProfile><DnsSuffix>x\uFFFDy</DnsSuffix><AlwaysOn>True</AlwaysOn></VPNProfile>"
	var b []byte
	b = append(b, 0xFF, 0xFE)
	for _, r := range text {
		u := uint16(r)
		if r == '\uFFFD' {
			u = 0xD800 // a lone high surrogate
		}
		b = append(b, byte(u), byte(u>>8))
	}
	fs := check("s.xml", b)
	got := fmt.Sprint(fs)
	if !strings.Contains(got, "1 unpaired surrogate code unit(s) replaced with U+FFFD") || !strings.Contains(got, "VPN006") {
		t.Fatalf("findings %v", fs)
	}
}

func TestMissingFile(t *testing.T) {
	if _, err := input.Open(filepath.Join(t.TempDir(), "nope.xml"), nil, input.Limits{}); err == nil {
		t.Fatal("opening a missing file succeeded")
	}
	if _, err := input.Open(t.TempDir(), nil, input.Limits{}); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Fatalf("opening a directory: %v", err)
	}
}
