package profile_test

import (
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/profile"
)

// readOne reads doc as input.Read does, under the name given; the test
// fails unless it holds exactly one XML document, f.Docs[0].XML.
func readOne(t *testing.T, name, doc string) *input.File {
	t.Helper()
	f := input.Read(name, []byte(doc), input.Limits{})
	if len(f.Docs) != 1 || f.Docs[0].XML == nil {
		t.Fatalf("not one well-formed XML document: %+v\n%s", f.Problems, doc)
	}
	return f
}

// fixed returns doc with the edits of its findings of rule id made, and
// how many findings of id carry edits.
func fixed(t *testing.T, doc, id string) (string, int) {
	t.Helper()
	f := readOne(t, "p.xml", doc)
	var groups [][]lint.Edit
	for _, fd := range profile.Lint(profile.Parse(f.Docs[0].XML), profile.Options{}) {
		if fd.Rule.ID == id && len(fd.Edits) > 0 {
			if fd.Rule.Fixable == "" {
				t.Errorf("%s gives edits but declares no fix", id)
			}
			groups = append(groups, fd.Edits)
		}
	}
	if len(groups) == 0 {
		return doc, 0
	}
	rw, err := f.Rewrite(groups, input.Limits{})
	if err != nil || len(rw.Made) != len(groups) {
		t.Fatalf("made %v of %d: %v", rw.Made, len(groups), err)
	}
	return string(rw.Data), len(groups)
}

// native wraps elements in a profile whose native part is complete.
func native(top, inNative string) string {
	return "<VPNProfile>" + top + "<NativeProfile><Servers>vpn.example.com</Servers><NativeProtocolType>IKEv2</NativeProtocolType>" +
		"<Authentication><MachineMethod>Certificate</MachineMethod></Authentication>" + inNative + "</NativeProfile></VPNProfile>"
}

func TestFixes(t *testing.T) {
	for _, tc := range []struct {
		name, id, doc, want string
	}{
		{"VPN006 True", "VPN006", native("<AlwaysOn> True </AlwaysOn>", ""), native("<AlwaysOn> true </AlwaysOn>", "")},
		{"VPN006 1 and 0", "VPN006", native("<AlwaysOn>1</AlwaysOn><RememberCredentials>0</RememberCredentials>", ""),
			native("<AlwaysOn>true</AlwaysOn><RememberCredentials>false</RememberCredentials>", "")},
		{"VPN006 not a boolean", "VPN006", native("<AlwaysOn>yes</AlwaysOn>", ""), ""},
		{"VPN066", "VPN066", native("<alwaysOn>true</alwaysOn>", ""), native("<AlwaysOn>true</AlwaysOn>", "")},
		{"VPN066 would make a second AlwaysOn", "VPN066", native("<AlwaysOn>true</AlwaysOn><alwaysOn>true</alwaysOn>", ""), ""},
		{"VPN066 two spellings of one name", "VPN066", native("<alwaysOn>true</alwaysOn><ALWAYSON>true</ALWAYSON>", ""), ""},
		{"VPN066 a name known only elsewhere", "VPN066", native("<servers>a.example.com</servers>", ""), ""},
		{"VPN066 a name that may repeat", "VPN066", native("<Route><Address>10.0.0.0</Address><PrefixSize>8</PrefixSize></Route><route><Address>10.1.0.0</Address><PrefixSize>16</PrefixSize></route>", ""),
			native("<Route><Address>10.0.0.0</Address><PrefixSize>8</PrefixSize></Route><Route><Address>10.1.0.0</Address><PrefixSize>16</PrefixSize></Route>", "")},
		{"VPN004", "VPN004", native("<DisableClassBasedDefaultRoute>false</DisableClassBasedDefaultRoute>", ""),
			native("", "<DisableClassBasedDefaultRoute>false</DisableClassBasedDefaultRoute>")},
		{"VPN004 two places", "VPN004", native("<Enabled>true</Enabled>", ""), ""},
		{"VPN004 the target holds one", "VPN004", native("<Servers>b.example.com</Servers>", ""), ""},
		{"VPN004 the target is absent", "VPN004", "<VPNProfile><NativeProtocolType>IKEv2</NativeProtocolType></VPNProfile>", ""},
		{"VPN004 under a row that may repeat", "VPN004", native("<Address>10.0.0.0</Address><Route><PrefixSize>8</PrefixSize></Route>", ""), ""},
		{"VPN004 two bound for one place", "VPN004", native("<PlumbIKEv2TSAsRoutes>true</PlumbIKEv2TSAsRoutes><PlumbIKEv2TSAsRoutes>false</PlumbIKEv2TSAsRoutes>", ""),
			native("<PlumbIKEv2TSAsRoutes>false</PlumbIKEv2TSAsRoutes>", "<PlumbIKEv2TSAsRoutes>true</PlumbIKEv2TSAsRoutes>")},
		{"VPN067", "VPN067", strings.Replace(native("", ""), "vpn.example.com<", "vpn.example.com , b.example.com,VPN.EXAMPLE.COM,b.example.com;B<", 1),
			strings.Replace(native("", ""), "vpn.example.com<", "vpn.example.com , b.example.com,b.example.com;B<", 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, n := fixed(t, tc.doc, tc.id)
			if tc.want == "" {
				if n > 0 {
					t.Errorf("%d findings carry edits, want none: %s", n, got)
				}
				return
			}
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
