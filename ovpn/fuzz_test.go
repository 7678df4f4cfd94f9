package ovpn_test

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"os"
	"path/filepath"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/fuzzlimit"
	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/ovpn"
)

// FuzzParse covers Is, the reader, ReadKey on every inline block and every
// rule with every --aws-auth value, on any bytes: nothing panics, the
// model keeps its bounds and every finding has a rule, a message and a
// place in the file.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/*.ovpn", filepath.Join(samplesDir, "*.ovpn")} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	for _, s := range []string{"", "<ca>", "<connection>\n<connection>\n", "a\\", `"`, "'", "-----BEGIN X-----", "\xef\xbb\xbf--remote\x00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzlimit.Run(t, len(data), func() {
			ovpn.Is(data)
			p := ovpn.Parse(srctext.New("fuzz", data))
			if len(p.Directives) > ovpn.MaxDirectives || len(p.Problems) > ovpn.MaxProblems+1 {
				t.Fatalf("%d directives, %d problems: over the limits", len(p.Directives), len(p.Problems))
			}
			for _, d := range p.Directives {
				if d.Pos.File != "fuzz" || d.Pos.Line < 1 || len(d.Args) > ovpn.MaxWords-1 || d.Inline != nil && len(d.Args) > 0 {
					t.Fatalf("directive %+v", d)
				}
				for _, a := range d.Args {
					if len(a.Value) > ovpn.MaxValue || a.Pos.Line < d.Pos.Line {
						t.Fatalf("parameter %+v of %s", a, d.Name)
					}
				}
				_ = d.QuoteName()
				_ = d.QuoteArg(0)
				if d.Inline != nil {
					if len(d.Inline.PEM) > ovpn.MaxPEM {
						t.Fatalf("%d PEM blocks recorded", len(d.Inline.PEM))
					}
					checkKey(t, ovpn.ReadKey(d.Inline.Body))
				}
			}
			if p.Key != nil {
				checkKey(t, p.Key)
			}
			for _, o := range allOptions() {
				for _, fd := range ovpn.Lint(p, o) {
					if fd.Rule == nil || fd.Message == "" || fd.Pos.File != "fuzz" || fd.Pos.Line < 1 {
						t.Fatalf("bad finding %+v", fd)
					}
				}
			}
		})
	})
}

// checkKey checks what ReadKey promises: a public key of a type
// crypto/x509 returns only when the key was read, none when it is
// encrypted or has a problem.
func checkKey(t *testing.T, k *ovpn.Key) {
	t.Helper()
	switch pub := k.Public.(type) {
	case nil:
	case *rsa.PublicKey:
		if pub.N.BitLen() > ovpn.MaxRSABits {
			t.Fatalf("an RSA key of %d bits read", pub.N.BitLen())
		}
	case *ecdsa.PublicKey, ed25519.PublicKey:
	default:
		t.Fatalf("public key of type %T", pub)
	}
	if k.Public != nil && (k.Encrypted || k.Problem != "") {
		t.Fatalf("key %+v: a public key with a problem or encryption", k)
	}
	if k.Public == nil && !k.Encrypted && k.Problem == "" {
		t.Fatalf("key %+v: neither read nor a problem", k)
	}
}

// FuzzReadKey feeds any bytes to ReadKey, as a PEM body under each label
// and as text.
func FuzzReadKey(f *testing.F) {
	f.Add([]byte{0x30, 0x03, 0x02, 0x01, 0x00}, uint8(0))
	f.Add([]byte("-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"), uint8(4))
	labels := []string{"PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY"}
	f.Fuzz(func(t *testing.T, b []byte, label uint8) {
		fuzzlimit.Run(t, len(b), func() {
			var text []byte
			if int(label) < len(labels) {
				text = []byte(pemOf(labels[label], b, nil))
			} else {
				text = b
			}
			checkKey(t, ovpn.ReadKey(srctext.New("k.pem", text)))
		})
	})
}
