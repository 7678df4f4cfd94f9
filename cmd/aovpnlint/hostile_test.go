package main

import (
	"bytes"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hostileInputs makes the hostile-input suite in dir: each file must end
// in a positioned finding or exit 2, without a panic or a hang, and without
// anything from outside the inputs appearing in the output.
func hostileInputs(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string][]byte{}
	rng := rand.New(rand.NewSource(1))
	random := make([]byte, 64<<10)
	rng.Read(random)
	files["random.bin"] = random
	files["empty.xml"] = nil
	files["nul-only.xml"] = make([]byte, 4096)
	for _, name := range []string{"truncated.cer", "truncated.p7b", "truncated.pfx", "length-beyond-end.sst", "truncated.sst", "no-certificates.p7b", "bad-base64.pem", "one-bad-certificate.sst"} {
		data, err := os.ReadFile(filepath.Join("fixtures/pki/broken", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = data
	}
	files["deep.xml"] = []byte("<VPNProfile>" + strings.Repeat("<a>", 100000) + strings.Repeat("</a>", 100000) + "</VPNProfile>")
	files["wide.xml"] = []byte("<VPNProfile>" + strings.Repeat("<Route><Address>10.0.0.0</Address><PrefixSize>8</PrefixSize></Route>", 40000) + "</VPNProfile>")
	files["billion-laughs.xml"] = []byte(`<?xml version="1.0"?>
<!DOCTYPE VPNProfile [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<VPNProfile><ProfileName>&lol9;</ProfileName></VPNProfile>`)
	files["external-entity.xml"] = []byte(`<?xml version="1.0"?>
<!DOCTYPE VPNProfile [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<VPNProfile><ProfileName>&xxe;</ProfileName></VPNProfile>`)
	files["external-dtd.xml"] = []byte(`<?xml version="1.0"?>
<!DOCTYPE VPNProfile SYSTEM "file:///etc/passwd">
<VPNProfile/>`)
	files["escaped-external-entity.txt"] = []byte(`&lt;!DOCTYPE VPNProfile [ &lt;!ENTITY xxe SYSTEM "file:///etc/passwd"&gt; ]&gt;&lt;VPNProfile&gt;&amp;xxe;&lt;/VPNProfile&gt;`)
	files["long-line.xml"] = []byte("<VPNProfile><ProfileName>" + strings.Repeat("x", 8<<20) + "</ProfileName></VPNProfile>")
	files["surrogates.xml"] = append([]byte{0xFF, 0xFE}, []byte{'<', 0, 'V', 0, 0x00, 0xD8, 0x00, 0xD8, '>', 0, 0x00, 0xDC, '<', 0}...)
	files["huge.xml"] = bytes.Repeat([]byte("<VPNProfile/>\n"), (40<<20)/14+1)
	names := map[string]string{}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		names[name] = p
	}
	return names
}

// TestHostileInputs runs the program on each file of hostileInputs as a
// child process (see runHostile for what every run must satisfy): each
// ends with exit 2 and one line, or exit 0 (--fail-on none) and a finding
// positioned in the file, and nothing from /etc/passwd (which the
// entities name) is printed.
func TestHostileInputs(t *testing.T) {
	t.Parallel()
	bin := cliBinary(t)
	measuredClock(t, bin)
	passwd, _ := os.ReadFile("/etc/passwd")
	firstLine, _, _ := strings.Cut(string(passwd), "\n")
	for name, path := range hostileInputs(t, t.TempDir()) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runHostile(t, bin, hostileCase{
				name:      name,
				args:      []string{"check", "--format", "json", "--fail-on", "none", path},
				input:     inputSize(t, path),
				findingIn: []string{path},
				exitNot:   []int{1},
				check: func(t *testing.T, r *childResult) {
					if firstLine != "" && (strings.Contains(r.stdout.kept.String(), firstLine) || strings.Contains(r.stderr.kept.String(), firstLine)) {
						t.Errorf("%s: the output holds /etc/passwd", name)
					}
				},
			})
		})
	}
}

// TestSecretsNeverPrinted looks for a pre-shared key, a PFX password (right
// and wrong) and private key material in every output format.
func TestSecretsNeverPrinted(t *testing.T) {
	dir := t.TempDir()
	// A PEM file holding a private key next to the certificate, as
	// `openssl pkcs12 -nodes` writes it.
	key := "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDSECRETKEYMATERIAL"
	cert, err := os.ReadFile("fixtures/pki/vpn.pem")
	if err != nil {
		t.Fatal(err)
	}
	withKey := filepath.Join(dir, "vpn-with-key.pem")
	os.WriteFile(withKey, append([]byte("-----BEGIN PRIVATE KEY-----\n"+key+"\n-----END PRIVATE KEY-----\n"), cert...), 0o644)
	right, _ := os.ReadFile("fixtures/pki/pfx-password.txt")
	secrets := []string{"CorrectHorseBatteryStaple-9f2c", "not-the-password", strings.TrimSpace(string(right)), key[20:60]}
	runs := [][]string{
		{"check", "profile/testdata/vpn050_psk.xml", "profile/testdata/vpn050_psk_unused.xml"},
		{"check", "--pfx-password-file", "fixtures/pki/broken/wrong-password.txt", "fixtures/pki/vpn-aes.pfx", "fixtures/pki/vpn-legacy.pfx"},
		{"check", "--pfx-password-file", "fixtures/pki/pfx-password.txt", "fixtures/pki/vpn-aes.pfx"},
		{"cert", "--pfx-password-file", "fixtures/pki/broken/wrong-password.txt", "fixtures/pki/vpn-3des.pfx"},
		{"check", withKey},
	}
	for _, args := range runs {
		for _, format := range formats {
			r := runCLI(t, "", map[string]string{"AOVPNLINT_PFX_PASSWORD": "env-secret-pw"}, append([]string{args[0], "--format", format}, args[1:]...)...)
			for _, s := range append(secrets, "env-secret-pw") {
				if strings.Contains(r.stdout+r.stderr, s) {
					t.Errorf("%v --format %s printed the secret %q", args, format, s)
				}
			}
			if r.stdout == "" && r.code != 2 {
				t.Errorf("%v --format %s printed nothing", args, format)
			}
		}
	}
	for _, args := range [][]string{{"extract", "profile/testdata/vpn050_psk.xml"}, {"cert", "show", withKey}} {
		r := runCLI(t, "", nil, args...)
		for _, s := range secrets {
			if strings.Contains(r.stdout+r.stderr, s) {
				t.Errorf("%v printed the secret %q", args, s)
			}
		}
	}
}
