package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
