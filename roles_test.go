package aovpnlint

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/lint"
)

// TestStreamWithRoles: the same findings as Stream, and each certificate
// of the certificate files with the role the run gave it and why.
func TestStreamWithRoles(t *testing.T) {
	at := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join("examples", "vpn", name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	files := []File{
		{Name: "ProfileXML_User.xml", Data: read("ProfileXML_User.xml")},
		{Name: "vpn.pem", Data: read("certs/vpn.pem")},
		{Name: "nps.pem", Data: read("certs/nps.pem")},
		{Name: "issuing.pem", Data: read("certs/issuing.pem"), Role: certcheck.RoleClient},
		{Name: "root.pem", Data: read("trust/root.pem"), Role: certcheck.RoleTrust},
		{Name: "bare.pem", Data: read("certs/ca-client.pem")},
	}
	want, err := Lint(files, Options{Now: at})
	if err != nil {
		t.Fatal(err)
	}
	var got []lint.Finding
	checked, roles, err := StreamWithRoles(files, Options{Now: at}, func(f lint.Finding) error {
		got = append(got, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || len(checked) != len(files) {
		t.Errorf("StreamWithRoles found %d findings in %d files; Lint finds %d", len(got), len(checked), len(want))
	}
	byFile := map[string]CertificateRole{}
	for _, r := range roles {
		byFile[r.Pos.File] = r
	}
	for name, w := range map[string]struct {
		role  certcheck.Role
		given bool
		why   string
	}{
		"vpn.pem":     {certcheck.RoleVPN, false, "a host in Servers"},
		"nps.pem":     {certcheck.RoleNPS, false, "a ServerNames entry"},
		"issuing.pem": {certcheck.RoleChain, true, "a CA certificate given with the client role: it only helps build chains"},
		"root.pem":    {certcheck.RoleTrust, true, ""},
		"bare.pem":    {certcheck.RoleClient, false, "Client Authentication"},
	} {
		r, ok := byFile[name]
		if !ok || r.Role != w.role || r.Given != w.given || !strings.Contains(r.Why, w.why) || (w.why == "") != (r.Why == "") {
			t.Errorf("%s: %+v; expected role %s, given %v, why %q", name, r, w.role, w.given, w.why)
		}
		if r.Pos.Line != 1 || len(r.Thumbprint) != 40 || !strings.HasPrefix(r.Subject, "CN=") || r.Source == "" {
			t.Errorf("%s: position, thumbprint, subject or source missing: %+v", name, r)
		}
	}
	if len(roles) != 5 {
		t.Errorf("%d certificates listed; the files hold 5", len(roles))
	}
}

// TestStreamWithRolesOpenVPNOnly: certificates given with OpenVPN
// profiles alone are not classified, and say so.
func TestStreamWithRolesOpenVPNOnly(t *testing.T) {
	profile, err := os.ReadFile(filepath.Join("examples", "aws", "downloaded-client-config.ovpn"))
	if err != nil {
		t.Fatal(err)
	}
	cert, err := os.ReadFile(filepath.Join("examples", "vpn", "certs", "vpn.pem"))
	if err != nil {
		t.Fatal(err)
	}
	_, roles, err := StreamWithRoles([]File{{Name: "client.ovpn", Data: profile}, {Name: "server.pem", Data: cert}}, Options{}, func(lint.Finding) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(roles) != 1 || roles[0].Role != certcheck.RoleUnknown || !strings.Contains(roles[0].Why, "OpenVPN profiles only") {
		t.Errorf("roles %+v; expected the server certificate unclassified, saying why", roles)
	}
}
