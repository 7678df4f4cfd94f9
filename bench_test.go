package aovpnlint_test

import (
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

// BenchmarkBatch checks the real-world corpus and the profile fixtures in
// one run, as a folder would be.
func BenchmarkBatch(b *testing.B) {
	var srcs []aovpnlint.File
	var size int64
	for _, pattern := range []string{"../shared/corpus/*.xml", "profile/testdata/*.xml", "fixtures/profiles/*.xml"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			data := read(b, p)
			size += int64(len(data))
			srcs = append(srcs, aovpnlint.File{Name: p, Data: data})
		}
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		aovpnlint.Lint(srcs, aovpnlint.Options{Now: benchAt})
	}
}
