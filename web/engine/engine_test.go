package engine

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestCheckRefusesBadSettings: what the command line refuses as bad usage
// is refused with its message, before any file is read.
func TestCheckRefusesBadSettings(t *testing.T) {
	for _, c := range []struct {
		files []File
		s     Settings
		want  string
	}{
		{[]File{{Name: "a.xml"}}, Settings{At: "tomorrow"}, `--at "tomorrow": expected an RFC 3339 time`},
		{[]File{{Name: "a.xml"}}, Settings{WarnDays: -1}, "--warn-days -1: expected zero or more days"},
		{[]File{{Name: "a.xml"}}, Settings{Target: "sccm"}, `--target "sccm": expected intune, powershell or any`},
		{[]File{{Name: "a.xml"}}, Settings{AWSAuth: "kerberos"}, `--aws-auth "kerberos": expected mutual, ad, ad-mfa or saml`},
		{[]File{{Name: "a.pem", Role: "root"}}, Settings{}, `role "root" of a.pem`},
		{[]File{{Name: "a.xml"}, {Name: "a.xml"}}, Settings{}, "given twice"},
		{nil, Settings{}, "at least one FILE"},
	} {
		_, err := Check(c.files, c.s)
		if err == nil || !IsUsage(err) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v %+v: %v; expected a usage error saying %q", c.files, c.s, err, c.want)
		}
	}
}

// TestCheckSaysRoles: the certificates of the certificate files come back
// with the roles the check gave them, classified or given, and the files
// in the order the command line gives them to the library.
func TestCheckSaysRoles(t *testing.T) {
	dir := t.TempDir()
	files := parityCases[0].lay(t, dir)
	files[slices.IndexFunc(files, func(f File) bool { return f.Name == "issuing.pem" })].Role = "vpn" // a CA given as a server
	t.Chdir(dir)
	res, err := Check(files, Settings{At: at})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Certificate{}
	for _, c := range res.Certificates {
		got[c.File] = c
	}
	for name, want := range map[string]struct {
		role  string
		given bool
		why   string
	}{
		"vpn.pem":     {"vpn", false, "a host in Servers"},
		"nps.pem":     {"nps", false, "a ServerNames entry"},
		"root.pem":    {"trust", true, ""},
		"issuing.pem": {"ca", true, "given with the VPN server role: it only helps build chains"},
	} {
		c := got[name]
		if c.Role != want.role || c.Given != want.given || !strings.Contains(c.Why, want.why) || c.Subject == "" || len(c.Thumbprint) != 40 || c.Line != 1 {
			t.Errorf("%s: %+v; expected role %s, given %v, why %q", name, c, want.role, want.given, want.why)
		}
	}
	if want := []string{"ProfileXML_User.xml", "ca-client.pem", "nps.pem", "vpn.pem", "issuing.pem", "entra-root.pem", "root.pem"}; !slices.Equal(res.Checked, want) {
		t.Errorf("checked %v; expected the command line's order %v", res.Checked, want)
	}
}

// TestCommandQuotes: the command names every file once, with its role's
// flag, quoted where a shell would read it otherwise, and never the
// password.
func TestCommandQuotes(t *testing.T) {
	files := []File{{Name: "it's here.xml"}, {Name: "-dash.pem", Role: "trust"}, {Name: "plain.pem", Role: "vpn"}, {Name: "-first.xml"}}
	cmd := Command(files, Settings{Passwords: []string{"Passw0rd!"}, Target: "intune", WarnDays: 30}, time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	want := `aovpnlint check --format json --pfx-password-file PASSWORD-FILE --at 2026-06-01T12:00:00Z --warn-days 30 --target intune --vpn-cert plain.pem --trust -dash.pem -- 'it'"'"'s here.xml' -first.xml`
	if cmd != want {
		t.Errorf("command\n%s\nexpected\n%s", cmd, want)
	}
	if strings.Contains(cmd, "Passw0rd!") {
		t.Error("the command holds the password")
	}
}

// TestCheckReadsNoAbsentFile: a file that is not there is an error, as
// at the command line, not a finding.
func TestCheckReadsNoAbsentFile(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile(filepath.Join(".", "here.xml"), []byte("<VPNProfile/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Check([]File{{Name: "here.xml"}, {Name: "gone.xml"}}, Settings{}); err == nil || IsUsage(err) || !strings.Contains(err.Error(), "gone.xml") {
		t.Errorf("a missing file: %v", err)
	}
}

// TestWarmUp: the warm-up checks a profile with certificates given
// without a role, so that the certificates are classified against the
// profile (two CERT061 findings, whatever the time) and every rule runs.
func TestWarmUp(t *testing.T) {
	n, err := WarmUp()
	if err != nil || n < 2 {
		t.Errorf("the warm-up wrote %d findings (%v); expected at least the classification of its two certificates", n, err)
	}
}
