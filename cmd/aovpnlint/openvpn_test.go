package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// openVPNSecrets returns an OpenVPN profile holding every kind of secret a
// profile carries — a private key, tls-auth and tls-crypt static keys,
// inline auth-user-pass credentials, a pkcs12 body — and the lines of
// those secrets, none of which may appear in any output. The private key
// is the throw-away key of the OVPN040 fixture.
func openVPNSecrets(t *testing.T) (profile string, secrets []string) {
	t.Helper()
	data, err := os.ReadFile("crosscheck/testdata/ovpn040_key_mismatch.ovpn")
	if err != nil {
		t.Fatal(err)
	}
	key := regexp.MustCompile(`(?s)<key>\n.*?(-----BEGIN PRIVATE KEY-----\n.*?-----END PRIVATE KEY-----\n)</key>`).FindStringSubmatch(string(data))
	if key == nil {
		t.Fatal("the OVPN040 fixture has no <key>")
	}
	head := string(data[:strings.Index(string(data), "\n<key>\n")+1])
	static := "-----BEGIN OpenVPN Static key V1-----\n" + strings.Repeat("c4a7ca7e5ec7e7a1b2c3d4e5f60718293\n", 3) + "-----END OpenVPN Static key V1-----\n"
	profile = head + "<key>\n" + key[1] + "</key>\n" +
		"key-direction 1\n<tls-auth>\n" + static + "</tls-auth>\n" +
		"<tls-crypt>\n" + strings.ReplaceAll(static, "c4a7", "d5b8") + "</tls-crypt>\n" +
		"<auth-user-pass>\ncanary-user-7Q\ncanary-pass-7Q\n</auth-user-pass>\n" +
		"<pkcs12>\nQ2FuYXJ5UGtjczEyQm9keTdR\n</pkcs12>\n"
	for _, l := range strings.Split(key[1], "\n") {
		if len(l) > 20 && !strings.HasPrefix(l, "-----") {
			secrets = append(secrets, l)
		}
	}
	secrets = append(secrets, "c4a7ca7e5ec7", "d5b8ca7e5ec7", "canary-user-7Q", "canary-pass-7Q", "Q2FuYXJ5UGtjczEyQm9keTdR")
	return profile, secrets
}

// TestOpenVPNSecretsNeverShown checks that the secrets of an OpenVPN
// profile appear in no output format, in extract, in cert show, or in the
// messages about a profile broken right after a secret, whatever its
// encoding.
func TestOpenVPNSecretsNeverShown(t *testing.T) {
	whole, secrets := openVPNSecrets(t)
	if len(secrets) < 10 {
		t.Fatalf("only %d secret lines found; the fixture changed", len(secrets))
	}
	cutKey := whole[:strings.Index(whole, secrets[3])+len(secrets[3])] // inside <key>, no end tag
	cutAuth := whole[:strings.Index(whole, "canary-pass-7Q")+len("canary-pass-7Q")]
	dir := t.TempDir()
	shows := func(out string) string {
		for _, s := range secrets {
			if strings.Contains(out, s) {
				return s
			}
		}
		return ""
	}
	for name, text := range map[string]string{"whole.ovpn": whole, "cut-key.ovpn": cutKey, "cut-auth.ovpn": cutAuth, "utf16.ovpn": utf16le(whole), "crlf.ovpn": strings.ReplaceAll(whole, "\n", "\r\n")} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, format := range formats {
			r := runCLI(t, "", nil, "check", "--format", format, "--fail-on", "none", path)
			if s := shows(r.stdout + r.stderr); s != "" {
				t.Errorf("%s: check --format %s shows %q:\n%s%s", name, format, s, r.stdout, r.stderr)
			}
			if r.stdout == "" {
				t.Errorf("%s: check --format %s wrote nothing (exit %d): %s", name, format, r.code, r.stderr)
			}
		}
		for _, args := range [][]string{{"extract", path}, {"cert", "show", path}, {"cert", "show", "--format", "json", path}} {
			r := runCLI(t, "", nil, args...)
			if s := shows(r.stdout + r.stderr); s != "" {
				t.Errorf("%s: %s shows %q:\n%s%s", name, strings.Join(args, " "), s, r.stdout, r.stderr)
			}
		}
	}
	// extract shows the whole profile but the secrets, and refuses a
	// profile whose secret does not end.
	r := runCLI(t, "", nil, "extract", filepath.Join(dir, "whole.ovpn"))
	if r.code != 0 || strings.Count(r.stdout, "(redacted by aovpnlint)") != 5 || !strings.Contains(r.stdout, "remote-cert-tls server") {
		t.Errorf("extract whole.ovpn: exit %d, want 0 and the profile with its 5 secrets redacted:\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runCLI(t, "", nil, "extract", filepath.Join(dir, "cut-key.ovpn"))
	if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "cannot redact with certainty") {
		t.Errorf("extract cut-key.ovpn: exit %d, stdout %q, stderr %q; want exit 2, nothing printed, and why", r.code, r.stdout, r.stderr)
	}
}

// TestOpenVPNAuthFlag checks --aws-auth: its values are those of
// ovpn.Options.Auth, and any other is a usage error.
func TestOpenVPNAuthFlag(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.ovpn")
	if err := os.WriteFile(path, []byte("client\nremote vpn.example.com 1194\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"mutual", "ad", "AD-MFA", "saml"} {
		if r := runCLI(t, "", nil, "check", "--fail-on", "none", "--aws-auth", v, path); r.code != 0 {
			t.Errorf("--aws-auth %s: exit %d, want 0: %s", v, r.code, r.stderr)
		}
	}
	r := runCLI(t, "", nil, "check", "--aws-auth", "kerberos", path)
	if r.code != 2 || !strings.Contains(r.stderr, `--aws-auth "kerberos": expected mutual, ad, ad-mfa or saml`) {
		t.Errorf("--aws-auth kerberos: exit %d, stderr %q; want exit 2 and the values", r.code, r.stderr)
	}
}

// TestOpenVPNExtractPastReaderLimits checks that extract refuses a profile
// the reader stopped recording (past its 10,000 problems): a secret block
// after that point is not known to it, so it must not be printed.
func TestOpenVPNExtractPastReaderLimits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "limit.ovpn")
	text := "client\nremote vpn.example.com 1194\n" + strings.Repeat("x \"\n", 10_001) + "<auth-user-pass>\nalice\nS3cretPass-7Q\n</auth-user-pass>\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, "", nil, "extract", path)
	if strings.Contains(r.stdout+r.stderr, "S3cretPass-7Q") || r.code != 2 || !strings.Contains(r.stderr, "cannot redact with certainty") {
		t.Errorf("extract of a profile past the reader's limits: exit %d, stdout %d bytes, stderr %q; want exit 2, nothing shown", r.code, len(r.stdout), r.stderr)
	}
}
