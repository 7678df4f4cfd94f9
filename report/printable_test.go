package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aovpnlint/aovpnlint/lint"
)

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		`C:\VPN\profile.xml`:             `C:\VPN\profile.xml`,
		"café ü":                         "café ü",
		"a\x1b[31mred":                   `a\x1b[31mred`,
		"line\r\nfake.xml:1:1: info: ok": `line\r\nfake.xml:1:1: info: ok`,
		"bell\a tab\t nul\x00 del\x7f":   `bell\a tab\t nul\x00 del\x7f`,
		"csi\u009b2J":                    `csi\u009b2J`,
		"evil\u202eexe.xml":              `evil\u202eexe.xml`,
		"bad\xff\xfeutf8":                `bad\xff\xfeutf8`,
		"sep\u2028x":                     `sep\u2028x`,
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}

// hostileFindings have control characters, a forged line and invalid
// UTF-8 in the file name, the message and a related location, as a
// certificate subject or a file name can.
func hostileFindings() []lint.Finding {
	rule := &lint.Rule{ID: "CERT001", Severity: lint.Error, Title: "the certificate is valid at the evaluation time", Fix: "renew"}
	file := "vpn\x1b]0;pwned\a.cer\nfake.xml:1:1: info: all good [IN003]\x01\xff"
	return []lint.Finding{{
		Rule: rule, Severity: lint.Error, Fix: rule.Fix,
		Message: "the certificate CN=evil\r\nfake.xml:2:2: info: ok [IN003] expired",
		Pos:     lint.Pos{File: file, Line: 1, Col: 1},
		Related: []lint.Related{{Pos: lint.Pos{File: file}, Message: "OU=\x1b[2J"}},
	}}
}

func TestTextHasNoRawControlCharacters(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, Text, hostileFindings(), nil, Options{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Errorf("%d lines, want the finding, its fix and its related location:\n%s", len(lines), out)
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "fake.xml") {
			t.Errorf("forged line %q", l)
		}
	}
	for _, c := range []byte(out) {
		if c < 0x20 && c != '\n' || c == 0x7f {
			t.Fatalf("raw control byte %#x in %q", c, out)
		}
	}
	if !utf8.ValidString(out) {
		t.Errorf("invalid UTF-8 written raw: %q", out)
	}
}

func TestMachineFormatsStayWellFormed(t *testing.T) {
	fs := hostileFindings()
	var b bytes.Buffer
	if err := Write(&b, JUnit, fs, []string{fs[0].Pos.File, "other\x02.xml"}, Options{FailOn: lint.Error}); err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(&b)
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("JUnit is not well-formed XML: %v\n%s", err, b.String())
		}
	}
	b.Reset()
	if err := Write(&b, JSON, fs, nil, Options{Tool: Tool{Name: "aovpnlint", Version: "v1"}}); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(b.Bytes()) {
		t.Errorf("JSON is not valid:\n%s", b.String())
	}
	b.Reset()
	if err := Write(&b, SARIF, fs, nil, Options{Tool: Tool{Name: "aovpnlint", Version: "v1"}, Rules: []*lint.Rule{fs[0].Rule}}); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(b.Bytes()) {
		t.Errorf("SARIF is not valid JSON:\n%s", b.String())
	}
}

func TestArtifactURIHasNoSchemeAndNoParent(t *testing.T) {
	for _, c := range []struct {
		name, base, want string
		relative         bool
	}{
		{"javascript:alert(1).xml", "", "./javascript:alert%281%29.xml", true},
		{"profiles/user tunnel.xml", "", "profiles/user%20tunnel.xml", true},
		{"a?b#c.xml", "", "a%3Fb%23c.xml", true},
		{"profiles/vpn.xml", "/src/repo", "profiles/vpn.xml", true},
		{"/src/repo/profiles/vpn.xml", "/src/repo", "profiles/vpn.xml", true},
		// Outside the working directory: an absolute file URI, never "../".
		{"../shared/vpn.xml", "/src/repo", "file:///src/shared/vpn.xml", false},
		{"/etc/vpn/a b.xml", "/src/repo", "file:///etc/vpn/a%20b.xml", false},
		{"/src/repository/x.xml", "/src/repo", "file:///src/repository/x.xml", false},
	} {
		got, relative := artifactURI(c.name, c.base)
		if got != c.want || relative != c.relative {
			t.Errorf("artifactURI(%q, %q) = %q, %v; want %q, %v", c.name, c.base, got, relative, c.want, c.relative)
		}
	}
}
