package ovpn_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/ovpn"
)

// parse reads text as a profile named name.
func parse(name, text string) *ovpn.Profile {
	return ovpn.Parse(srctext.New(name, []byte(text)))
}

// words shows a directive as name [arg] [arg], with the marks the test
// cares about.
func words(d *ovpn.Directive) string {
	s := d.Name
	if d.Setenv {
		s = "setenv-opt:" + s
	}
	for _, a := range d.Args {
		if a.Quoted {
			s += fmt.Sprintf(" [q:%s]", a.Value)
		} else {
			s += fmt.Sprintf(" [%s]", a.Value)
		}
	}
	if d.Inline != nil {
		s += fmt.Sprintf(" <%s closed=%v>", d.Inline.Tag, d.Inline.Closed)
	}
	if d.Connection > 0 {
		s += fmt.Sprintf(" conn=%d", d.Connection)
	}
	return s
}

func kinds(p *ovpn.Profile) []ovpn.ProblemKind {
	var out []ovpn.ProblemKind
	for _, pr := range p.Problems {
		out = append(out, pr.Kind)
	}
	return out
}

// TestTokens checks the line grammar against what parse_line in OpenVPN's
// options.c does with each line.
func TestTokens(t *testing.T) {
	cases := []struct {
		line string
		want string // the directive, "" for none
		bad  bool   // a BadToken problem
	}{
		{"client", "client", false},
		{"  remote vpn.example.com 443 udp  ", "remote [vpn.example.com] [443] [udp]", false},
		{"remote vpn.example.com # a comment", "remote [vpn.example.com]", false},
		{"remote vpn.example.com ; a comment", "remote [vpn.example.com]", false},
		{"remote vpn.example.com#443", "remote [vpn.example.com#443]", false},
		{"# remote vpn.example.com", "", false},
		{"   ; remote", "", false},
		{"--remote vpn.example.com", "remote [vpn.example.com]", false},
		{`static-challenge "Enter MFA code " 1`, "static-challenge [q:Enter MFA code ] [1]", false},
		{`verify-x509-name 'C:\no\escapes' name`, `verify-x509-name [q:C:\no\escapes] [name]`, false},
		{`cert C:\\Users\\me\\c.crt`, `cert [C:\Users\me\c.crt]`, false},
		{`cert "a \"quoted\" path"`, `cert [q:a "quoted" path]`, false},
		{`cert a\ b`, `cert [a b]`, false},
		{`cert "#not a comment"`, `cert [q:#not a comment]`, false},
		{`cert C:\Users\me.crt`, `cert [C:\Users\me.crt]`, true},
		{`cert "open`, `cert [q:open]`, true},
		{`cert 'open`, `cert [q:open]`, true},
		{"remote \"\" 443", "remote [q:] [443]", false},
		{"setenv opt block-outside-dns # Windows only", "setenv-opt:block-outside-dns", false},
		{"setenv opt", "setenv [opt]", false},
		{"setenv FRIENDLY_NAME vpn", "setenv [FRIENDLY_NAME] [vpn]", false},
		{"remote\va\fb", "remote [a] [b]", false},
		{"remote a\x00 b c", "remote [a]", false},
		{"dev tun\r", "dev [tun]", false},
	}
	for _, tc := range cases {
		p := parse("t.ovpn", tc.line+"\n")
		got := ""
		if len(p.Directives) > 0 {
			got = words(p.Directives[0])
		}
		if got != tc.want || len(p.Directives) > 1 {
			t.Errorf("%q: read as %q (%d directives); want %q", tc.line, got, len(p.Directives), tc.want)
		}
		if bad := len(p.Problems) == 1 && p.Problems[0].Kind == ovpn.BadToken; bad != tc.bad || len(p.Problems) > 1 {
			t.Errorf("%q: problems %v; want a BadToken problem: %v", tc.line, p.Problems, tc.bad)
		}
	}
}

// TestPositions checks that a directive and its parameters point at their
// first byte, setenv opt at the option it names, and a block at its tag.
func TestPositions(t *testing.T) {
	text := "\xef\xbb\xbfclient\r\n  remote  \"vpn example\" 443\r\nsetenv opt block-outside-dns\r\n\r\n <ca>\r\nbody\r\n  </ca> trailing\r\nverb 3"
	p := parse("p.ovpn", text)
	if len(p.Directives) != 5 {
		t.Fatalf("%d directives; want 5", len(p.Directives))
	}
	check := func(what string, line, col int, got interface{ String() string }) {
		t.Helper()
		if want := fmt.Sprintf("p.ovpn:%d:%d", line, col); got.String() != want {
			t.Errorf("%s at %s; want %s", what, got, want)
		}
	}
	check("client (after the BOM)", 1, 4, p.Directives[0].Pos)
	check("remote", 2, 3, p.Directives[1].Pos)
	check("its quoted host", 2, 11, p.Directives[1].Args[0].Pos)
	check("its port", 2, 25, p.Directives[1].Args[1].Pos)
	check("block-outside-dns", 3, 12, p.Directives[2].Pos)
	ca := p.Directives[3].Inline
	check("<ca>", 5, 2, ca.Pos)
	check("</ca>", 7, 3, ca.End)
	if string(ca.Body.Data) != "body\r\n" || ca.Body.Pos(0).Line != 6 {
		t.Errorf("body %q at line %d; want \"body\\r\\n\" at line 6", ca.Body.Data, ca.Body.Pos(0).Line)
	}
	if d := p.Directives[4]; words(d) != "verb [3]" {
		t.Errorf("the last line without a newline read as %q", words(d))
	}
	if got := p.Directives[1].QuoteArg(0); got != `"vpn example"` {
		t.Errorf("QuoteArg = %s", got)
	}
}

// TestInline reads inline blocks, <connection> blocks and the end-tag rule:
// the first line whose text after leading white space begins with </tag>.
func TestInline(t *testing.T) {
	text := `client
<ca>
-----BEGIN CERTIFICATE-----
</cax> is not the end
-----END CERTIFICATE-----
</ca>
<connection>
remote a.example.com 1194 udp
<tls-auth>
x
</tls-auth>
</connection>
<connection>
remote b.example.com 443 tcp
</connection>
<key>
`
	p := parse("i.ovpn", text)
	var got []string
	for _, d := range p.Directives {
		got = append(got, words(d))
	}
	want := []string{"client", "ca <ca closed=true>", "connection <connection closed=true>",
		"remote [a.example.com] [1194] [udp] conn=1", "tls-auth <tls-auth closed=true> conn=1",
		"connection <connection closed=true>", "remote [b.example.com] [443] [tcp] conn=2", "key <key closed=false>"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("read\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if k := kinds(p); len(k) != 1 || k[0] != ovpn.Unterminated || p.Problems[0].Pos.Line != 16 {
		t.Errorf("problems %v; want one Unterminated at line 16", p.Problems)
	}
	if n := len(p.All("remote")); n != 2 {
		t.Errorf("All(remote) = %d; want 2", n)
	}
	if d := p.Last("remote"); d == nil || d.Args[0].Value != "b.example.com" {
		t.Errorf("Last(remote) = %v", d)
	}
	if p.Last("nope") != nil {
		t.Error("Last of an absent option is not nil")
	}
	// An occurrence outside <connection> blocks takes effect over those
	// inside, wherever they are.
	p2 := parse("l.ovpn", "remote a.example.com\n<connection>\nremote b.example.com\n</connection>\n")
	if d := p2.Last("remote"); d == nil || d.Args[0].Value != "a.example.com" {
		t.Errorf("Last(remote) = %v; want the one outside the connection block", d)
	}
	ca := p.Directives[1].Inline
	if len(ca.PEM) != 1 || !ca.PEM[0].Closed || ca.PEM[0].Label != "CERTIFICATE" {
		t.Errorf("PEM of <ca> %+v", ca.PEM)
	}
}

// TestLineLength reports a line of 256 bytes with its newline, counting a
// BOM on the first line, and not a line of 255; lines inside inline blocks
// are not limited.
func TestLineLength(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		long       bool
	}{
		{"255 with newline", "verb " + strings.Repeat("3", 249) + "\n", false},
		{"256 with newline", "verb " + strings.Repeat("3", 250) + "\n", true},
		{"256 without newline", "verb " + strings.Repeat("3", 251), true},
		{"255 after a BOM", "\xef\xbb\xbf" + "verb " + strings.Repeat("3", 247) + "\n", true},
		{"comment", "#" + strings.Repeat("-", 300) + "\n", true},
		{"inside a block", "<ca>\n" + strings.Repeat("A", 1000) + "\n</ca>\n", false},
	} {
		p := parse("l.ovpn", tc.text)
		long := len(p.Problems) == 1 && p.Problems[0].Kind == ovpn.LongLine
		if long != tc.long {
			t.Errorf("%s: problems %v; want a LongLine problem: %v", tc.name, p.Problems, tc.long)
		}
	}
}

// TestWords reads 16 words of a line, as OpenVPN does, and marks the line
// when words follow.
func TestWords(t *testing.T) {
	p := parse("w.ovpn", "dhcp-option"+strings.Repeat(" x", 15)+"\nroute"+strings.Repeat(" y", 15)+" z # comment\nremote a b c d\n")
	if d := p.Directives[0]; len(d.Args) != 15 || d.Dropped {
		t.Errorf("16 words: %d args, dropped %v", len(d.Args), d.Dropped)
	}
	if d := p.Directives[1]; len(d.Args) != 15 || !d.Dropped {
		t.Errorf("17 words: %d args, dropped %v; want 15 and dropped", len(d.Args), d.Dropped)
	}
	if d := p.Directives[2]; len(d.Args) != 4 || d.Dropped {
		t.Errorf("remote with 4 parameters read as %q", words(d))
	}
}

// TestStrayPEM reads a PEM block outside any inline block as one problem,
// not as options named after its base64 lines.
func TestStrayPEM(t *testing.T) {
	p := parse("s.ovpn", "client\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\nverb 3\n-----BEGIN PRIVATE KEY-----\nMIIE\n<key>\nx\n</key>\n")
	var got []string
	for _, d := range p.Directives {
		got = append(got, words(d))
	}
	if strings.Join(got, ",") != "client,verb [3],key <key closed=true>" {
		t.Errorf("directives %q", got)
	}
	if k := kinds(p); len(k) != 2 || k[0] != ovpn.StrayPEM || k[1] != ovpn.StrayPEM || p.Problems[1].Pos.Line != 6 {
		t.Errorf("problems %v; want two StrayPEM, the second at line 6", p.Problems)
	}
}

// TestAWS tells AWS Client VPN profiles by their remote or auth-federate.
func TestAWS(t *testing.T) {
	for text, want := range map[string]bool{
		"remote cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com 443": true,
		"remote x.cvpn-endpoint-0123456789abcdef0.clientvpn.eu-west-2.amazonaws.com 443":    true,
		"remote vpn.example.com\nauth-federate":                                             true,
		"remote vpn.example.com 443":                                                        false,
		"remote clientvpn.amazonaws.com":                                                    false,
		"remote ec2-1-2-3-4.compute.amazonaws.com":                                          false,
	} {
		if got := parse("a.ovpn", text).AWS(); got != want {
			t.Errorf("AWS() of %q = %v, want %v", text, got, want)
		}
	}
}

// TestIs tells configurations from other text by content.
func TestIs(t *testing.T) {
	pem := "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
	for text, want := range map[string]bool{
		"client\n": true,
		"# header\n\nremote vpn.example.com 443 udp\n": true,
		"dev tun\n":                               true,
		"setenv opt block-outside-dns\n":          true,
		"<connection>\nremote a\n</connection>\n": true,
		"<ca>\n" + pem + "</ca>\n":                true,
		"\xef\xbb\xbfclient\r\n":                  true,
		pem:                                       false,
		pem + pem:                                 false,
		"Certificate:\n    Data:\n" + pem:         false,
		"-----BEGIN CERTIFICATE-----\nclient\n-----END CERTIFICATE-----\n": false,
		"<?xml version=\"1.0\"?>\n<VPNProfile>\n<ca>\n</VPNProfile>\n":     false,
		"dev null0x\n":     false,
		"remote a b c d\n": false,
		"remote a port\n":  false,
		"client please\n":  false,
		"$profile = 'x'\nAdd-VpnConnection -Name x\n": false,
		"": false,
	} {
		if got := ovpn.Is([]byte(text)); got != want {
			t.Errorf("Is(%q) = %v, want %v", text, got, want)
		}
	}
	// Only the first 64 KiB are read.
	if ovpn.Is([]byte(strings.Repeat("# padding\n", 7000) + "client\n")) {
		t.Error("Is read past its first 64 KiB")
	}
}
