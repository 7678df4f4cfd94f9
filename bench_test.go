package aovpnlint_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/eapxml"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/profile"
)

// The benchmarks of BENCHMARKS.md: run them with
//
//	go test -run '^$' -bench . -benchmem .
//
// They evaluate at a fixed time, like the tests.

var benchAt = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

func read(b *testing.B, path string) []byte {
	b.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkParseProfile reads and parses a PEAP-TLS Conditional Access
// profile (the EapHostConfig inside it included) into the model.
func BenchmarkParseProfile(b *testing.B) {
	data := read(b, "fixtures/scenario/profiles/user-tunnel.xml")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f := input.Read("p.xml", data, input.Limits{})
		if profile.Parse(f.Docs[0].XML).NativeProfile == nil {
			b.Fatal("no NativeProfile")
		}
	}
}

// BenchmarkLintProfile runs every profile and EAP rule on a parsed model.
func BenchmarkLintProfile(b *testing.B) {
	f := input.Read("p.xml", read(b, "fixtures/scenario/profiles/user-tunnel.xml"), input.Limits{})
	p := profile.Parse(f.Docs[0].XML)
	b.ReportAllocs()
	for b.Loop() {
		profile.Lint(p, profile.Options{})
	}
}

// BenchmarkParseEAP reads and parses a bare PEAP-TLS EapHostConfig.
func BenchmarkParseEAP(b *testing.B) {
	data := read(b, "eapxml/testdata/ok_peap_tls.xml")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f := input.Read("e.xml", data, input.Limits{})
		eapxml.Parse(f.Docs[0].XML, f.Docs[0].XML.Root)
	}
}

// BenchmarkLoadCertificate loads the gateway certificate from each
// container format.
func BenchmarkLoadCertificate(b *testing.B) {
	for _, name := range []string{"vpn.pem", "vpn.cer", "vpn.b64", "vpn-utf16.pem", "chain.p7b", "chain-ber.p7b", "chain.sst", "vpn-aes.pfx", "vpn-legacy.pfx", "issuing-current.crl"} {
		data := read(b, filepath.Join("fixtures/pki", name))
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				f := input.Read(name, data, input.Limits{})
				bundle := certcheck.Load(certcheck.File{Name: f.Name, Raw: f.Raw, Text: f.Text}, certcheck.LoadOptions{Passwords: []string{"Passw0rd!"}})
				if len(bundle.Certs)+len(bundle.CRLs) == 0 {
					b.Fatal("nothing loaded")
				}
			}
		})
	}
}

// BenchmarkCheckProfileWithCertificates is the whole job of one command
// line run on a profile and four certificate files (gateway, NPS, trust,
// Conditional Access client): reading, parsing, every rule, the
// cross-document checks.
func BenchmarkCheckProfileWithCertificates(b *testing.B) {
	srcs := []aovpnlint.File{{Name: "user-tunnel.xml", Data: read(b, "fixtures/scenario/profiles/user-tunnel.xml")}}
	for name, role := range map[string]certcheck.Role{"vpn.pem": certcheck.RoleVPN, "nps.pem": certcheck.RoleNPS, "trust.pem": certcheck.RoleTrust, "ca-client.pem": certcheck.RoleClient} {
		srcs = append(srcs, aovpnlint.File{Name: name, Data: read(b, filepath.Join("fixtures/scenario/certs", name)), Role: role})
	}
	b.ReportAllocs()
	for b.Loop() {
		if fs, _ := aovpnlint.Lint(srcs, aovpnlint.Options{Now: benchAt}); len(fs) == 0 {
			b.Fatal("no findings")
		}
	}
}

// batchFiles reads the real-world corpus and the profile fixtures, the
// folder of the batch benchmarks, and returns them with their total size.
func batchFiles(b *testing.B) (srcs []aovpnlint.File, size int64) {
	for _, pattern := range []string{"../shared/corpus/*.xml", "profile/testdata/*.xml", "fixtures/profiles/*.xml"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			data := read(b, p)
			size += int64(len(data))
			srcs = append(srcs, aovpnlint.File{Name: p, Data: data})
		}
	}
	return srcs, size
}

// BenchmarkBatch checks the real-world corpus and the profile fixtures in
// one run, as a folder would be.
func BenchmarkBatch(b *testing.B) {
	srcs, size := batchFiles(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		aovpnlint.Lint(srcs, aovpnlint.Options{Now: benchAt})
	}
}

// BenchmarkParseVsToken measures, in one loop, what BenchmarkParseProfile
// measures (input.Read and profile.Parse, the EapHostConfig inside
// included) and encoding/xml's Token over the same bytes, the yardstick of
// issue 17, and reports their ratio. Each iteration runs the parse, then
// the tokenizer, so that both see the same load on a shared machine.
//
// Two yardsticks are reported:
//   - token-docs: Token over every document the parse reads, as input
//     extracts them: each document's text (the profile out of its
//     wrapper, decoded) and each EapHostConfig escaped inside a profile,
//     unescaped. This is the fair one: it reads what the parse reads, and
//     it exists for every wrapper. Its ratio is the metric parse/docs.
//   - token-file: Token over the file's bytes, for a raw XML file only
//     (a script or JSON file is not XML): the escaped EapHostConfig is
//     one run of character data to it. Its ratio is parse/file.
//
// The metrics parse-µs/op and token-µs/op are the mean times of each part;
// ns/op is their sum. The other cases are made from the scenario profile:
// its EapHostConfig escaped inside Eap/Configuration (as Intune's and
// Microsoft's examples write it: a second document to parse), and the
// profile in a PowerShell here-string and in an Intune JSON export.
func BenchmarkParseVsToken(b *testing.B) {
	profileXML := read(b, "fixtures/scenario/profiles/user-tunnel.xml")
	intune, err := json.Marshal(map[string]any{
		"@odata.type": "#microsoft.graph.windows10CustomConfiguration",
		"displayName": "AOVPN User Tunnel",
		"omaSettings": []map[string]any{{
			"@odata.type": "#microsoft.graph.omaSettingString",
			"displayName": "ProfileXML",
			"omaUri":      "./User/Vendor/MSFT/VPNv2/Contoso/ProfileXML",
			"value":       string(profileXML),
		}},
	})
	if err != nil {
		b.Fatal(err)
	}
	cases := []struct {
		name string
		data []byte
		raw  bool // the file is the XML document itself
	}{
		{"user-tunnel", profileXML, true},
		{"user-tunnel-escaped-eap", escapedEAP(b, profileXML), true},
		{"device-tunnel", read(b, "fixtures/profiles/device-tunnel.xml"), true},
		{"user-tunnel-script", []byte("$ProfileXML = @'\n" + string(profileXML) + "\n'@\n\nAdd-VpnConnection -Name Contoso\n"), false},
		{"user-tunnel-intune", intune, false},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			docs := parsedTexts(b, c.data)
			var parse, tokDocs, tokFile time.Duration
			b.SetBytes(int64(len(c.data)))
			for b.Loop() {
				t0 := time.Now()
				f := input.Read("p.xml", c.data, input.Limits{})
				if profile.Parse(f.Docs[0].XML).NativeProfile == nil {
					b.Fatal("no NativeProfile")
				}
				t1 := time.Now()
				for _, d := range docs {
					tokenize(b, d)
				}
				t2 := time.Now()
				if c.raw {
					tokenize(b, c.data)
				}
				t3 := time.Now()
				parse += t1.Sub(t0)
				tokDocs += t2.Sub(t1)
				tokFile += t3.Sub(t2)
			}
			b.ReportMetric(float64(parse.Microseconds())/float64(b.N), "parse-µs/op")
			b.ReportMetric(float64(tokDocs.Microseconds())/float64(b.N), "token-µs/op")
			b.ReportMetric(float64(parse)/float64(tokDocs), "parse/docs")
			if c.raw {
				b.ReportMetric(float64(parse)/float64(tokFile), "parse/file")
			}
		})
	}
}

// escapedEAP returns profile with the EapHostConfig inside its
// Eap/Configuration written as escaped text.
func escapedEAP(b *testing.B, profile []byte) []byte {
	b.Helper()
	open, closing := []byte("<Configuration>"), []byte("</Configuration>")
	i, j := bytes.Index(profile, open), bytes.Index(profile, closing)
	if i < 0 || j < i {
		b.Fatal("no Eap/Configuration in the profile")
	}
	var out bytes.Buffer
	out.Write(profile[:i+len(open)])
	if err := xml.EscapeText(&out, bytes.TrimSpace(profile[i+len(open):j])); err != nil {
		b.Fatal(err)
	}
	out.Write(profile[j:])
	return out.Bytes()
}

// parsedTexts returns the texts of the documents input.Read parses in
// data: each document's text and the EapHostConfig texts embedded in it.
func parsedTexts(b *testing.B, data []byte) [][]byte {
	b.Helper()
	f := input.Read("p.xml", data, input.Limits{})
	if len(f.Docs) == 0 || f.Docs[0].XML == nil {
		b.Fatalf("no document read: %+v", f.Problems)
	}
	var out [][]byte
	for _, d := range f.Docs {
		out = append(out, d.Text.Data)
		if d.XML == nil {
			continue
		}
		for _, nested := range d.XML.Embedded {
			out = append(out, nested.Src.Data)
		}
	}
	return out
}

// tokenize reads every token of data with encoding/xml, as the yardstick
// of issue 17 does (internal/xmldoc's BenchmarkParse "token").
func tokenize(b *testing.B, data []byte) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for {
		if _, err := dec.Token(); err == io.EOF {
			return
		} else if err != nil {
			b.Fatal(err)
		}
	}
}
