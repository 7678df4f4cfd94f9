package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// root is the module's root folder, where the fixtures are.
var root = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}()

// cli is the aovpnlint command built for the tests, once.
var cli struct {
	path string
	err  error
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "aovpnlint-engine")
	if err == nil {
		cli.path = filepath.Join(dir, "aovpnlint")
		cmd := exec.Command("go", "build", "-o", cli.path, "./cmd/aovpnlint")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			cli.err = errors.New(string(out))
		}
	} else {
		cli.err = err
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// parityCase is a set of files, laid out in a folder as the page names
// them, with the roles and settings the page gives them.
type parityCase struct {
	name string
	// files maps each name to a file of the module (relative to its
	// root), to its content when it starts with "content:", or to its
	// size when it starts with "size:" (a sparse file of that many zero
	// bytes, made when the test runs).
	files    map[string]string
	roles    map[string]string // role by name; the others have none
	optional []string          // names given as found in a folder
	// folders, when given, are what the command line is given instead of
	// the optional files: the folders they were found in.
	folders  []string
	settings Settings
}

const at = "2026-06-01T12:00:00Z"

var parityCases = []parityCase{
	{name: "examples/vpn, a profile with four certificates and two roots given as trusted",
		files: map[string]string{
			"ProfileXML_User.xml": "examples/vpn/ProfileXML_User.xml", "ca-client.pem": "examples/vpn/certs/ca-client.pem",
			"issuing.pem": "examples/vpn/certs/issuing.pem", "nps.pem": "examples/vpn/certs/nps.pem", "vpn.pem": "examples/vpn/certs/vpn.pem",
			"entra-root.pem": "examples/vpn/trust/entra-root.pem", "root.pem": "examples/vpn/trust/root.pem"},
		roles:    map[string]string{"entra-root.pem": "trust", "root.pem": "trust"},
		settings: Settings{At: at, WarnDays: 30}},
	{name: "examples/vpn as a dropped folder, evaluated now, and a profile for Intune",
		files: map[string]string{
			"vpn062_readback_order.xml": "profile/testdata/vpn062_readback_order.xml",
			"vpn/ProfileXML_User.xml":   "examples/vpn/ProfileXML_User.xml", "vpn/certs/ca-client.pem": "examples/vpn/certs/ca-client.pem",
			"vpn/certs/issuing.pem": "examples/vpn/certs/issuing.pem", "vpn/certs/nps.pem": "examples/vpn/certs/nps.pem",
			"vpn/certs/vpn.pem": "examples/vpn/certs/vpn.pem", "vpn/trust/root.pem": "examples/vpn/trust/root.pem",
			"vpn/notes.txt": "content:not a profile\n"},
		roles:    map[string]string{"vpn/certs/vpn.pem": "vpn", "vpn/certs/nps.pem": "nps", "vpn/certs/ca-client.pem": "client", "vpn/trust/root.pem": "trust"},
		optional: []string{"vpn/ProfileXML_User.xml", "vpn/certs/ca-client.pem", "vpn/certs/issuing.pem", "vpn/certs/nps.pem", "vpn/certs/vpn.pem", "vpn/trust/root.pem", "vpn/notes.txt"},
		folders:  []string{"vpn"},
		settings: Settings{WarnDays: 30, Target: "intune"}},
	{name: "examples/aws, an AWS Client VPN profile with its certificates and key inline, and one without them",
		files: map[string]string{"downloaded-client-config.ovpn": "examples/aws/downloaded-client-config.ovpn",
			"aws010_ca_only.ovpn": "ovpn/testdata/aws010_ca_only.ovpn"},
		settings: Settings{At: at, WarnDays: 30, AWSAuth: "mutual"}},
	{name: "an OpenVPN profile naming files beside it, one of them missing",
		files: map[string]string{
			"client/profile.ovpn": "content:client\ndev tun\nproto udp\nremote vpn.example.com 1194\nremote-cert-tls server\nca ca.pem\ncert sub/client.pem\nkey client.key\n",
			"client/ca.pem":       "fixtures/openssl/ovpn-ca.pem", "client/sub/client.pem": "fixtures/openssl/ovpn-client.pem"},
		settings: Settings{At: at, WarnDays: 0}},
	{name: "PFX files opened with the password given, and a CRL",
		files: map[string]string{"vpn-aes.pfx": "fixtures/pki/vpn-aes.pfx", "vpn-3des.pfx": "fixtures/pki/vpn-3des.pfx",
			"issuing-current.crl": "fixtures/pki/issuing-current.crl", "root.pem": "fixtures/pki/root.pem", "issuing.pem": "fixtures/pki/issuing.pem",
			"user-tunnel.xml": "fixtures/profiles/user-tunnel.xml"},
		roles:    map[string]string{"vpn-aes.pfx": "vpn", "root.pem": "trust"},
		settings: Settings{At: at, WarnDays: 90, Passwords: []string{"Passw0rd!"}}},
	{name: "names a shell or the flags would read otherwise",
		files: map[string]string{"-profile's copy.xml": "examples/vpn/ProfileXML_User.xml", "-vpn.pem": "examples/vpn/certs/vpn.pem",
			"root (2).pem": "examples/vpn/trust/root.pem"},
		roles:    map[string]string{"-vpn.pem": "vpn", "root (2).pem": "trust"},
		settings: Settings{At: at, WarnDays: 30}},
	{name: "a file over the size limit beside a profile: refused by its size, never read",
		files:    map[string]string{"ProfileXML_User.xml": "examples/vpn/ProfileXML_User.xml", "huge.xml": "size:33554433"},
		settings: Settings{At: at, WarnDays: 30}},
	{name: "an EAP configuration against an NPS export",
		files:    map[string]string{"nps021_not_given.xml": "crosscheck/testdata/nps021_not_given.xml", "ok_vpn.xml": "nps/testdata/ok_vpn.xml"},
		settings: Settings{At: at, WarnDays: 30}},
}

// lay writes the files of a case into dir and returns them as the page
// gives them: sorted by name, with their roles.
func (c parityCase) lay(t *testing.T, dir string) []File {
	t.Helper()
	var files []File
	for name, src := range c.files {
		data := []byte(strings.TrimPrefix(src, "content:"))
		size := int64(-1)
		if n, ok := strings.CutPrefix(src, "size:"); ok {
			var err error
			if size, err = strconv.ParseInt(n, 10, 64); err != nil {
				t.Fatal(err)
			}
		} else if !strings.HasPrefix(src, "content:") {
			var err error
			if data, err = os.ReadFile(filepath.Join(root, src)); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if size >= 0 {
			f, err := os.Create(path)
			if err == nil {
				err = f.Truncate(size)
				f.Close()
			}
			if err != nil {
				t.Fatal(err)
			}
		} else if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		opt := false
		for _, o := range c.optional {
			opt = opt || o == name
		}
		files = append(files, File{Name: name, Role: c.roles[name], Optional: opt})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files
}

// runCLI runs `aovpnlint check` in dir with the arguments the page's
// command line gives (Args), in the format asked for, and returns what it
// wrote.
// Given folders, the files found in them (Optional) are given with their
// role's flag when they have one, and the folders stand for the others, as a user runs `aovpnlint check --trust
// vpn/trust/root.pem vpn/`.
func runCLI(t *testing.T, dir, format string, files []File, folders []string, s Settings, at time.Time) string {
	t.Helper()
	if cli.err != nil {
		t.Fatalf("building the command: %v", cli.err)
	}
	args := []string{"check", "--format", format}
	if len(s.Passwords) > 0 {
		pw := filepath.Join(t.TempDir(), "password")
		if err := os.WriteFile(pw, []byte(s.Passwords[0]+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, "--pfx-password-file", pw)
	}
	if folders != nil {
		var kept []File
		for _, f := range files {
			if f.Role != "" || !f.Optional {
				kept = append(kept, f)
			}
		}
		files = kept
	}
	args = append(args, Args(files, s, at)...)
	args = append(args, folders...)
	cmd := exec.Command(cli.path, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "AOVPNLINT_PFX_PASSWORD=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("aovpnlint %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return stdout.String()
}

// TestCheckMatchesCLI checks each case with Check, as the page does, and
// with the command line given the arguments Check's Command names: the
// JSON and SARIF reports are the same, byte for byte.
func TestCheckMatchesCLI(t *testing.T) {
	for _, c := range parityCases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			files := c.lay(t, dir)
			t.Chdir(dir)
			res, err := Check(files, c.settings)
			if err != nil {
				t.Fatal(err)
			}
			when, err := time.Parse(time.RFC3339Nano, res.At)
			if err != nil {
				t.Fatal(err)
			}
			if c.settings.At != "" && res.At != c.settings.At {
				t.Errorf("evaluated at %s; expected %s", res.At, c.settings.At)
			}
			if !strings.Contains(res.JSON, `"rule": "`) {
				t.Errorf("the case finds nothing, so it compares nothing:\n%s", res.JSON)
			}
			checked := onlyChecked(files, res.Checked)
			if got, want := res.JSON, runCLI(t, dir, "json", checked, c.folders, c.settings, when); got != want {
				t.Errorf("the JSON report differs from the command line's:\n%s", diff(got, want))
			}
			sarif, err := res.SARIF()
			if err != nil {
				t.Fatal(err)
			}
			if got, want := sarif, runCLI(t, dir, "sarif", checked, c.folders, c.settings, when); got != want {
				t.Errorf("the SARIF report differs from the command line's:\n%s", diff(got, want))
			}
		})
	}
}

// diff shows the first line where got and want differ.
func diff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + itoa(i+1) + ":\n  page: " + a + "\n  cli:  " + b
		}
	}
	return "(same lines)"
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
