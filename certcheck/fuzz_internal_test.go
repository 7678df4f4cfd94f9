package certcheck

import (
	"bytes"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/fuzzlimit"
	"github.com/aovpnlint/aovpnlint/lint"
)

func certSeeds(f *testing.F) {
	for _, dir := range []string{"../fixtures/pki", "../fixtures/pki/broken", "../fixtures/openssl", "../fixtures/openssl/containers", "../fixtures/scenario/certs", "testdata"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil && len(data) < 1<<20 {
				f.Add(data)
			}
		}
	}
	// Certificates Go refuses and the tolerant parser reads (the
	// fixtures/openssl quirk-*.pem above are some), one of each class of
	// defect, from the real samples when they are here.
	for _, name := range []string{"serialNumberNegative", "akiCritical", "skiCritical", "caCommonNameMissing", "extSANDuplicated",
		"publicKeyIsRSAExplicitNullMissing", "utcNotZulu", "subjectCNWrongEncoding", "certVersion4WithExtension",
		"mismatchingSigAlgsBadOID", "caMaxPathNegative", "SANDNSNotIA5String", "ncEmptyValue", "generalizedNoSeconds"} {
		if data, err := os.ReadFile(filepath.Join(samples, "zlint", name+".pem")); err == nil {
			f.Add(data)
		}
	}
}

// FuzzSST covers the serialized-store parser on its own.
func FuzzSST(f *testing.F) {
	certSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var items []sstItem
		fuzzlimit.Run(t, len(data), func() { items, _, _ = parseSST(data, MaxItems) })
		for _, it := range items {
			if it.offset < 0 || it.offset >= len(data) || len(it.der) > len(data)-it.offset {
				t.Fatalf("item at byte %d with %d bytes in a stream of %d", it.offset, len(it.der), len(data))
			}
		}
	})
}

// FuzzBER covers the BER to DER converter used before PKCS#7 parsing.
func FuzzBER(f *testing.F) {
	certSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var der []byte
		var err error
		fuzzlimit.Run(t, len(data), func() { der, err = toDER(data) })
		if err == nil && len(der) > 4*len(data)+16 {
			t.Fatalf("%d bytes of BER became %d bytes of DER", len(data), len(der))
		}
	})
}

// FuzzLoad covers every certificate loader (PEM with any label, DER,
// header-less base64, PKCS#7, PFX, SST, CRL) and the certificate rules on
// whatever they read.
func FuzzLoad(f *testing.F) {
	certSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var findings []lint.Finding
		fuzzlimit.Run(t, len(data), func() {
			file := input.Read("fuzz", data, input.Limits{})
			if file.Kind != input.Certificate {
				return
			}
			b := Load(fileOf(file), LoadOptions{Passwords: []string{"Passw0rd!"}})
			in := &Set{Certs: b.Certs, CRLs: b.CRLs, Opts: Options{Now: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)}}
			for _, c := range in.Certs {
				if role, why, ok := Classify(c.Certificate, Hints{}); ok {
					c.Role, c.Classified = role, why
				}
			}
			findings = Lint(in)
		})
		for _, x := range findings {
			if x.Rule == nil || x.Message == "" || x.Pos.File != "fuzz" {
				t.Fatalf("bad finding %+v", x)
			}
		}
	})
}

// FuzzTolerant covers the tolerant path alone on DER certificates (the
// seeds' PEM blocks): whatever Go's parser refuses goes through the
// defect scan and the tolerant reader, and a certificate read keeps the bytes
// given, a serial number and at most maxDefects+1 defects.
func FuzzTolerant(f *testing.F) {
	certSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if b, _ := pem.Decode(data); b != nil {
			data = b.Bytes
		}
		var c *Cert
		var err error
		fuzzlimit.Run(t, len(data), func() { c, err = parseCertificate(data) })
		if err != nil {
			return
		}
		if !bytes.Equal(c.Raw, data) || c.SerialNumber == nil || len(c.Defects) > maxDefects+1 {
			t.Fatalf("read %d bytes as %d, serial %v, %d defects", len(data), len(c.Raw), c.SerialNumber, len(c.Defects))
		}
	})
}
