package ovpn_test

import (
	"github.com/aovpnlint/aovpnlint/internal/benchcpu"
	"os"
	"path/filepath"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/ovpn"
)

// largestSample returns the largest of the real profiles.
func largestSample(b *testing.B) (string, []byte) {
	var name string
	var data []byte
	for _, p := range samples(b) {
		d, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		if len(d) > len(data) {
			name, data = filepath.Base(p), d
		}
	}
	return name, data
}

// BenchmarkParse reads the largest sample (an AWS export with a
// certificate, its text dump and a key, about 8 KB): "parse" is Parse
// (ReadKey included), "lint" is Parse and every rule.
func BenchmarkParse(b *testing.B) {
	name, data := largestSample(b)
	b.Logf("%s, %d bytes", name, len(data))
	b.Run("parse", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		defer benchcpu.PerOp(b)()
		for b.Loop() {
			ovpn.Parse(srctext.New(name, data))
		}
	})
	b.Run("lint", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		defer benchcpu.PerOp(b)()
		for b.Loop() {
			ovpn.Lint(ovpn.Parse(srctext.New(name, data)), ovpn.Options{})
		}
	})
}
