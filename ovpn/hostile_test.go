package ovpn_test

import (
	"bytes"
	"encoding/binary"
	"runtime"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/aovpnlint/aovpnlint/internal/fuzzlimit"
	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/ovpn"
)

// lintAll parses data and runs every rule with every --aws-auth value.
func lintAll(name string, data []byte) (*ovpn.Profile, []lint.Finding) {
	p := ovpn.Parse(srctext.New(name, data))
	var fs []lint.Finding
	for _, o := range allOptions() {
		fs = append(fs, ovpn.Lint(p, o)...)
	}
	return p, fs
}

func hasKind(p *ovpn.Profile, k ovpn.ProblemKind) bool {
	for _, pr := range p.Problems {
		if pr.Kind == k {
			return true
		}
	}
	return false
}

// TestUnterminatedBlock reads a block without its end tag to the end of a
// file of 10 MB: one OVPN002 problem, the body is the rest of the file.
func TestUnterminatedBlock(t *testing.T) {
	rest := strings.Repeat("MIIBszCCAVmgAwIBAgIUAovpnlintFixtureCAnotARealCertificate\n", 180_000)
	data := []byte("client\n<ca>\n-----BEGIN CERTIFICATE-----\n" + rest + "remote vpn.example.com\n")
	fuzzlimit.Run(t, len(data), func() {
		p, fs := lintAll("open.ovpn", data)
		ca := p.Last("ca")
		if ca == nil || ca.Inline.Closed || len(ca.Inline.Body.Data) != len(data)-len("client\n<ca>\n") {
			t.Fatalf("<ca> %+v; want an open block holding the rest of the file", ca)
		}
		if !hasKind(p, ovpn.Unterminated) || len(p.Directives) != 2 || p.Has("remote") {
			t.Errorf("problems %v, %d directives; want Unterminated and the remote inside the block", p.Problems, len(p.Directives))
		}
		if !slicesHasRule(fs, "OVPN002") {
			t.Error("no OVPN002 finding")
		}
	})
}

func slicesHasRule(fs []lint.Finding, id string) bool {
	for _, f := range fs {
		if f.Rule.ID == id {
			return true
		}
	}
	return false
}

// TestHugeLine reads a line of 100 MB generated here (one word), and lines
// of 10 MB of many words and of an open quote full of backslashes. Each is
// an OVPN004 problem read in one pass; no parameter keeps more than
// MaxValue bytes and the next line is read.
func TestHugeLine(t *testing.T) {
	if testing.Short() {
		t.Skip("100 MB lines")
	}
	const size = 100 << 20
	for _, tc := range []struct {
		name string
		line func() []byte
		args int
	}{
		{"one word", func() []byte { return append([]byte("remote "), bytes.Repeat([]byte("a"), size)...) }, 1},
		{"many words", func() []byte { return append([]byte("route"), bytes.Repeat([]byte(" a"), size/20)...) }, ovpn.MaxWords - 1},
		{"open quote", func() []byte { return append([]byte(`setenv X "`), bytes.Repeat([]byte(`\\`), size/20)...) }, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := append(tc.line(), "\ndev tun\n"...)
			fuzzlimit.Run(t, len(data), func() {
				p := ovpn.Parse(srctext.New("huge.ovpn", data))
				if !hasKind(p, ovpn.LongLine) || len(p.Directives) != 2 || !p.Has("dev") {
					t.Fatalf("problems %v, %d directives; want LongLine and the next line read", p.Problems, len(p.Directives))
				}
				d := p.Directives[0]
				if len(d.Args) != tc.args {
					t.Errorf("%d parameters; want %d", len(d.Args), tc.args)
				}
				for _, a := range d.Args {
					if len(a.Value) > ovpn.MaxValue {
						t.Errorf("a parameter of %d bytes kept; want at most %d", len(a.Value), ovpn.MaxValue)
					}
				}
				for _, f := range ovpn.Lint(p, ovpn.Options{}) {
					if len(f.Message) > 2000 {
						t.Errorf("%s: a message of %d bytes", f.Rule.ID, len(f.Message))
					}
				}
			})
		})
	}
}

// TestManyDirectives reads exactly MaxDirectives options without a limit
// problem, and one more with one, then checks them with every rule; the
// findings of one rule are capped by the reporter.
func TestManyDirectives(t *testing.T) {
	for _, n := range []int{ovpn.MaxDirectives, ovpn.MaxDirectives + 1} {
		data := []byte("client\n" + strings.Repeat("frobnicate\n", n-1))
		fuzzlimit.Run(t, len(data), func() {
			p, fs := lintAll("many.ovpn", data)
			if len(p.Directives) != ovpn.MaxDirectives || hasKind(p, ovpn.Limit) != (n > ovpn.MaxDirectives) {
				t.Errorf("%d options: %d recorded, problems %v", n, len(p.Directives), p.Problems)
			}
			if len(fs) > len(allOptions())*(len(ovpn.Checks)+lint.MaxPerRule+1) {
				t.Errorf("%d findings; want each rule capped at %d and a summary", len(fs), lint.MaxPerRule)
			}
		})
	}
}

// TestManyProblems stops at MaxProblems problems with a Limit problem.
func TestManyProblems(t *testing.T) {
	data := []byte(strings.Repeat("log C:\\x\n", ovpn.MaxProblems+10))
	p := ovpn.Parse(srctext.New("bad.ovpn", data))
	if len(p.Problems) != ovpn.MaxProblems+1 || p.Problems[ovpn.MaxProblems].Kind != ovpn.Limit {
		t.Errorf("%d problems, the last %+v; want %d and a Limit problem", len(p.Problems), p.Problems[len(p.Problems)-1], ovpn.MaxProblems)
	}
}

// TestNUL reads NUL bytes as OpenVPN does: a NUL ends a line's text.
func TestNUL(t *testing.T) {
	data := []byte("client\x00 ignored\nremote vpn.example.com\x00 443\n\x00\x00\x00\n<ca>\x00\n</ca>\n\x00dev tun\n")
	p, _ := lintAll("nul.ovpn", data)
	var got []string
	for _, d := range p.Directives {
		got = append(got, words(d))
	}
	if strings.Join(got, ",") != "client,remote [vpn.example.com],ca <ca closed=true>" {
		t.Errorf("read %q", got)
	}
	binary := bytes.Repeat([]byte{0, 1, 2, '\n', 0xff, '<', 0, '>', '\n', '"', 0, '\\'}, 100_000)
	fuzzlimit.Run(t, len(binary), func() { lintAll("binary.ovpn", binary) })
}

// TestUTF16 passes a UTF-16 profile as bytes, undecoded: it is not
// recognised and reads without a panic; decoded, it is a profile.
func TestUTF16(t *testing.T) {
	text := "client\r\ndev tun\r\nremote vpn.example.com 1194\r\n<ca>\r\n-----BEGIN CERTIFICATE-----\r\nMIIB\r\n-----END CERTIFICATE-----\r\n</ca>\r\n"
	var b bytes.Buffer
	b.Write([]byte{0xff, 0xfe})
	for _, u := range utf16.Encode([]rune(text)) {
		_ = binary.Write(&b, binary.LittleEndian, u)
	}
	data := b.Bytes()
	if ovpn.Is(data) {
		t.Error("undecoded UTF-16 recognised as a profile")
	}
	p, _ := lintAll("utf16.ovpn", data)
	if p.Has("client") {
		t.Error("undecoded UTF-16 read as options")
	}
	if !ovpn.Is([]byte(text)) {
		t.Error("the decoded text is not recognised")
	}
	big := bytes.Repeat(data, 20_000)
	fuzzlimit.Run(t, len(big), func() { lintAll("utf16big.ovpn", big) })
}

// allocs returns the allocations and the bytes allocated by parsing data
// and checking it with every rule (--aws-auth mutual makes the AWS rules
// run).
func allocs(data []byte) (n, size uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ovpn.Lint(ovpn.Parse(srctext.New("grow.ovpn", data)), ovpn.Options{Auth: "mutual"})
	runtime.ReadMemStats(&after)
	return after.Mallocs - before.Mallocs, after.TotalAlloc - before.TotalAlloc
}

// TestLinear checks that the work grows linearly: ten times the input
// costs at most twenty times the allocations and the bytes allocated, for
// each shape of input
// that multiplies something (options, blocks, PEM blocks in a block,
// connection blocks, unknown names, words on long lines, remotes in
// connections whose port and protocol the AWS rules look up).
func TestLinear(t *testing.T) {
	aws := "remote abc.cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com\n"
	shapes := map[string]func(n int) string{
		"options": func(n int) string {
			return "client\n" + strings.Repeat("remote vpn.example.com 1194 udp\nroute 10.0.0.0 255.0.0.0\n", n)
		},
		"blocks": func(n int) string {
			return strings.Repeat("<ca>\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n</ca>\n", n)
		},
		"pem in block": func(n int) string {
			return "<ca>\n" + strings.Repeat("-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n", n) + "</ca>\n"
		},
		"connections": func(n int) string {
			return strings.Repeat("<connection>\n"+aws+"port 1195\nproto udp\n</connection>\n", n)
		},
		"unknown names": func(n int) string { return strings.Repeat("frobnicate-x\nremot y\n", n) },
		"long lines":    func(n int) string { return strings.Repeat("route"+strings.Repeat(" a", 200)+"\n", n) },
		"stray pem": func(n int) string {
			return strings.Repeat("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", n)
		},
		"open blocks": func(n int) string { return strings.Repeat("<ca>\n", n) },
		"quotes":      func(n int) string { return strings.Repeat(`setenv X "a\"b\\c" 'd\e' f\ g`+"\n", n) },
	}
	for name, gen := range shapes {
		small, smallBytes := allocs([]byte(gen(500)))
		large, largeBytes := allocs([]byte(gen(5000)))
		if large > 20*max(small, 100) || largeBytes > 20*max(smallBytes, 64<<10) {
			t.Errorf("%s: %d allocations (%d bytes) for 500 and %d (%d bytes) for 5,000; want at most 20 times as many", name, small, smallBytes, large, largeBytes)
		}
	}
}
