package certcheck

import (
	"bytes"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/lint"
)

const samples = "../../shared/samples/certs"

// certsIn returns the DER of every certificate in the PEM, .crt and .cer
// files that match the patterns.
func certsIn(t *testing.T, patterns ...string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, pattern := range patterns {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(data, []byte("-----BEGIN")) {
				out[p] = data
				continue
			}
			for i := 0; ; i++ {
				var b *pem.Block
				if b, data = pem.Decode(data); b == nil {
					break
				}
				if b.Type == "CERTIFICATE" {
					out[fmt.Sprintf("%s#%d", p, i)] = b.Bytes
				}
			}
		}
	}
	return out
}

// TestTolerantMatchesGo reads every certificate Go parses (the fixtures,
// .NET's test certificates and Microsoft's root program) with the
// tolerant parser as well: the certificate it makes must be the one Go
// makes, field by field, so that a certificate read tolerantly is
// classified, judged and chained like one Go read.
func TestTolerantMatchesGo(t *testing.T) {
	certs := certsIn(t, "../fixtures/pki/*.pem", "../fixtures/openssl/*.pem", "testdata/*.pem",
		samples+"/dotnet/*.cer", samples+"/dotnet/*.crt", samples+"/authroot/*.crt", samples+"/zlint/*.pem")
	compared := 0
	for name, der := range certs {
		want, err := x509.ParseCertificate(der)
		if err != nil {
			continue
		}
		got, defects, ok := readTolerantly(bytes.Clone(der), errors.New("x509: none"))
		if !ok {
			continue // the tolerant reader refuses a few certificates Go reads (as zcrypto did); Go reads them first
		}
		// zlint's certificates that Go reads may still have defects Go
		// lets pass (a UTCTime without seconds): only the fields count.
		compared++
		if !strings.Contains(name, "zlint") && (len(defects) != 1 || defects[0].Kind != DefectOther) {
			t.Errorf("%s: defects %v in a certificate Go parses; want only the error given", name, defects)
		}
		for _, d := range fieldDiffs(got, want) {
			if !strings.HasPrefix(d, readDifferently[filepath.Base(name)]+":") {
				t.Errorf("%s: %s", name, d)
			}
		}
	}
	if compared < 1000 {
		t.Errorf("%d certificates compared; the fixtures and samples hold more than 1,000", compared)
	}
}

// readDifferently names the one field of a certificate that Go and the
// tolerant reader read differently on purpose: a subject alternative name
// whose outer SEQUENCE is malformed, which Go reads as empty and the
// tolerant reader (as zcrypto) as the names inside.
var readDifferently = map[string]string{"SANDNSNameNotFQDN.pem#0": "DNSNames"}

// fieldDiffs lists the fields read differently, by name.
func fieldDiffs(got, want *x509.Certificate) []string {
	var out []string
	check := func(field string, g, w any) {
		if !reflect.DeepEqual(g, w) {
			out = append(out, fmt.Sprintf("%s: tolerant %v, Go %v", field, g, w))
		}
	}
	urls := func(c *x509.Certificate) []string {
		var s []string
		for _, u := range c.URIs {
			s = append(s, u.String())
		}
		return s
	}
	nilIfEmpty := func(s []string) []string {
		if len(s) == 0 {
			return nil
		}
		return s
	}
	check("Raw", got.Raw, want.Raw)
	check("RawTBSCertificate", got.RawTBSCertificate, want.RawTBSCertificate)
	check("RawSubjectPublicKeyInfo", got.RawSubjectPublicKeyInfo, want.RawSubjectPublicKeyInfo)
	check("RawSubject", got.RawSubject, want.RawSubject)
	check("RawIssuer", got.RawIssuer, want.RawIssuer)
	check("Signature", got.Signature, want.Signature)
	check("SignatureAlgorithm", got.SignatureAlgorithm, want.SignatureAlgorithm)
	check("PublicKeyAlgorithm", got.PublicKeyAlgorithm, want.PublicKeyAlgorithm)
	if k, ok := want.PublicKey.(interface{ Equal(any) bool }); ok && !k.Equal(got.PublicKey) || want.PublicKey == nil && got.PublicKey != nil {
		out = append(out, fmt.Sprintf("PublicKey: tolerant %T, Go %T", got.PublicKey, want.PublicKey))
	}
	check("Version", got.Version, want.Version)
	check("SerialNumber", got.SerialNumber.String(), want.SerialNumber.String())
	check("Subject", got.Subject.String(), want.Subject.String())
	check("Issuer", got.Issuer.String(), want.Issuer.String())
	check("NotBefore", got.NotBefore.Equal(want.NotBefore), true)
	check("NotAfter", got.NotAfter.Equal(want.NotAfter), true)
	check("KeyUsage", got.KeyUsage, want.KeyUsage)
	check("EKUs", fmt.Sprint(EKUs(got)), fmt.Sprint(EKUs(want)))
	check("BasicConstraintsValid", got.BasicConstraintsValid, want.BasicConstraintsValid)
	check("IsCA", got.IsCA, want.IsCA)
	if want.BasicConstraintsValid {
		check("MaxPathLen", got.MaxPathLen, want.MaxPathLen)
		check("MaxPathLenZero", got.MaxPathLenZero, want.MaxPathLenZero)
	}
	check("SubjectKeyId", got.SubjectKeyId, want.SubjectKeyId)
	check("AuthorityKeyId", got.AuthorityKeyId, want.AuthorityKeyId)
	check("DNSNames", nilIfEmpty(got.DNSNames), nilIfEmpty(want.DNSNames))
	check("EmailAddresses", nilIfEmpty(got.EmailAddresses), nilIfEmpty(want.EmailAddresses))
	check("IPAddresses", fmt.Sprint(got.IPAddresses), fmt.Sprint(want.IPAddresses))
	check("URIs", nilIfEmpty(urls(got)), nilIfEmpty(urls(want)))
	check("CRLDistributionPoints", nilIfEmpty(got.CRLDistributionPoints), nilIfEmpty(want.CRLDistributionPoints))
	check("OCSPServer", nilIfEmpty(got.OCSPServer), nilIfEmpty(want.OCSPServer))
	check("IssuingCertificateURL", nilIfEmpty(got.IssuingCertificateURL), nilIfEmpty(want.IssuingCertificateURL))
	check("PolicyIdentifiers", fmt.Sprint(got.PolicyIdentifiers), fmt.Sprint(want.PolicyIdentifiers))
	check("Extensions", fmt.Sprint(got.Extensions), fmt.Sprint(want.Extensions))
	return out
}

// TestTolerantDefects reads certificates real CAs issued (zlint's
// collection, Windows' root store, .NET's tests) that Go's parser
// refuses: each is read, with the defects it has named.
func TestTolerantDefects(t *testing.T) {
	tests := []struct {
		file  string
		kinds []DefectKind
		what  string // in the first defect's words
	}{
		{"zlint/serialNumberNegative.pem", []DefectKind{DefectNegativeSerial}, "the serial number is negative (-18008675309)"},
		{"zlint/akiCritical.pem", []DefectKind{DefectCriticalExtension}, "the authority key identifier extension (2.5.29.35) is marked critical"},
		{"zlint/skiCritical.pem", []DefectKind{DefectCriticalExtension}, "the subject key identifier extension (2.5.29.14) is marked critical"},
		{"zlint/caCommonNameMissing.pem", []DefectKind{DefectCriticalExtension}, "the authority information access extension (1.3.6.1.5.5.7.1.1) is marked critical"},
		{"zlint/extSANDuplicated.pem", []DefectKind{DefectDuplicateExtension}, "the subject alternative name extension (2.5.29.17) appears more than once"},
		{"zlint/publicKeyIsRSAExplicitNullMissing.pem", []DefectKind{DefectRSAParameters}, "lacks the NULL parameters"},
		{"zlint/utcNotZulu.pem", []DefectKind{DefectNameConstraints, DefectTimeEncoding}, "Go's parser reports IP constraint contained invalid mask 01020304"},
		{"zlint/subjectCNWrongEncoding.pem", []DefectKind{DefectNameString}, "the subject has an attribute in a string type Go does not read (UniversalString)"},
		{"zlint/certVersion4WithExtension.pem", []DefectKind{DefectVersion}, "the version is 4; expected 1, 2 or 3"},
		{"zlint/mismatchingSigAlgsBadOID.pem", []DefectKind{DefectSignatureAlgorithms}, "differs from the one outside it"},
		{"zlint/caMaxPathNegative.pem", []DefectKind{DefectExtension}, "Go's parser reports invalid basic constraints"},
		{"zlint/SANDNSNotIA5String.pem", []DefectKind{DefectSubjectAltName}, "Go's parser reports SAN dNSName is malformed"},
		{"zlint/ncEmptyValue.pem", []DefectKind{DefectNameConstraints}, "empty name constraints extension"},
		{"dotnet/System.Security.Cryptography.X509Certificates.TestData-My.cer", []DefectKind{DefectNegativeSerial}, "the serial number is negative"},
	}
	for _, tc := range tests {
		certs := certsIn(t, filepath.Join(samples, tc.file))
		if len(certs) == 0 {
			t.Fatalf("%s: not found", tc.file)
		}
		for name, der := range certs {
			_, goErr := x509.ParseCertificate(der)
			if goErr == nil {
				t.Fatalf("%s: Go parses it; the test needs a certificate Go refuses", name)
			}
			c, err := parseCertificate(der)
			if err != nil {
				t.Errorf("%s: not read: %v", name, err)
				continue
			}
			var kinds []DefectKind
			for _, d := range c.Defects {
				kinds = append(kinds, d.Kind)
			}
			if !reflect.DeepEqual(kinds, tc.kinds) || !strings.Contains(c.Defects[0].What, tc.what) {
				t.Errorf("%s: defects %+v; want kinds %v, the first saying %q", name, c.Defects, tc.kinds, tc.what)
			}
			if c.Subject.String() == "" && name != filepath.Join(samples, "zlint/mismatchingSigAlgsBadOID.pem#0") {
				t.Errorf("%s: empty subject", name)
			}
		}
	}
}

// TestTolerantUniversalStringName reads a subject in UniversalString, which
// Go's parser does not decode: the name is decoded (UCS-4).
func TestTolerantUniversalStringName(t *testing.T) {
	for name, der := range certsIn(t, samples+"/zlint/subjectCNWrongEncoding.pem") {
		c, err := parseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		var rdns asn1.RawValue
		if _, err := asn1.Unmarshal(c.RawSubject, &rdns); err != nil || !bytes.Contains(c.RawSubject, []byte{0x1c}) {
			t.Fatalf("%s: the subject has no UniversalString", name)
		}
		if c.Subject.CommonName == "" || strings.ContainsRune(c.Subject.CommonName, 0) {
			t.Errorf("%s: common name %q; want it decoded from UCS-4", name, c.Subject.CommonName)
		}
	}
}

// TestTolerantOnlyWhenRefused loads files of certificates Go parses: the
// tolerant parser is never run; and a file Go refuses: once.
func TestTolerantOnlyWhenRefused(t *testing.T) {
	load := func(path string) *Bundle {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		block, _ := pem.Decode(data)
		if block != nil {
			data = block.Bytes
		}
		return Load(File{Name: path, Raw: data}, LoadOptions{})
	}
	before := tolerantReads.Load()
	for _, p := range []string{"../fixtures/pki/vpn.cer", "../fixtures/pki/chain.p7b", "../fixtures/pki/chain.sst", "../fixtures/pki/issuing-current.crl", "../fixtures/openssl/server.cer"} {
		if b := load(p); len(b.Problems) > 0 {
			t.Fatalf("%s: %v", p, b.Problems)
		}
	}
	if n := tolerantReads.Load() - before; n != 0 {
		t.Errorf("the tolerant parser ran %d times on certificates Go parses", n)
	}
	b := load("../fixtures/openssl/quirk-critical-aia.pem")
	if n := tolerantReads.Load() - before; n != 1 || len(b.Certs) != 1 || len(b.Certs[0].Defects) != 1 {
		t.Errorf("a certificate Go refuses: %d tolerant reads, %d certificates; want 1 and 1 with its defect", n, len(b.Certs))
	}
}

// selfIssuedDER builds a certificate that names itself as its issuer, with
// a negative serial number (so that Go refuses it) and the given subject
// public key info; its signature is not valid.
func selfIssuedDER(t *testing.T, spki []byte) []byte {
	t.Helper()
	alg := []byte{0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00}
	name, _ := asn1.Marshal(struct {
		RDN []struct {
			Type  asn1.ObjectIdentifier
			Value string `asn1:"printable"`
		} `asn1:"set"`
	}{RDN: []struct {
		Type  asn1.ObjectIdentifier
		Value string `asn1:"printable"`
	}{{asn1.ObjectIdentifier{2, 5, 4, 3}, "Large Key Root"}}})
	validity := []byte("\x30\x1e\x17\x0d260101000000Z\x17\x0d360101000000Z")
	tbs, err := asn1.Marshal(struct {
		Version  int `asn1:"explicit,tag:0"`
		Serial   *big.Int
		Alg      asn1.RawValue
		Issuer   asn1.RawValue
		Validity asn1.RawValue
		Subject  asn1.RawValue
		SPKI     asn1.RawValue
	}{2, big.NewInt(-4660), asn1.RawValue{FullBytes: alg}, asn1.RawValue{FullBytes: name}, asn1.RawValue{FullBytes: validity},
		asn1.RawValue{FullBytes: name}, asn1.RawValue{FullBytes: spki}})
	if err != nil {
		t.Fatal(err)
	}
	der, err := asn1.Marshal(struct {
		TBS asn1.RawValue
		Alg asn1.RawValue
		Sig asn1.BitString
	}{asn1.RawValue{FullBytes: tbs}, asn1.RawValue{FullBytes: alg}, asn1.BitString{Bytes: make([]byte, 64), BitLength: 512}})
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// TestTolerantKeyBounds gives the loader self-issued certificates Go
// refuses whose RSA key is over MaxRSABits, or whose exponent is huge: the
// tolerant reader is never handed them (zcrypto, the parser it replaced,
// verified a self-issued certificate's signature while parsing; the bounds
// are kept), and they remain IN005 problems. A key within the bounds is
// read.
func TestTolerantKeyBounds(t *testing.T) {
	spki := func(bits int, e *big.Int) []byte {
		n := new(big.Int).Lsh(big.NewInt(1), uint(bits-1))
		n.Add(n, big.NewInt(0x1235))
		key, _ := asn1.Marshal(struct{ N, E *big.Int }{n, e})
		out, _ := asn1.Marshal(struct {
			Alg struct {
				OID  asn1.ObjectIdentifier
				Null asn1.RawValue
			}
			Key asn1.BitString
		}{struct {
			OID  asn1.ObjectIdentifier
			Null asn1.RawValue
		}{oidRSAEncryption, asn1.NullRawValue}, asn1.BitString{Bytes: key, BitLength: 8 * len(key)}})
		return out
	}
	huge := new(big.Int).Lsh(big.NewInt(1), 62)
	huge.Add(huge, big.NewInt(1))
	for _, tc := range []struct {
		name string
		spki []byte
		read bool
	}{
		{"RSA over MaxRSABits", spki(MaxRSABits+8, big.NewInt(65537)), false},
		{"exponent over MaxRSAExponent", spki(4096, huge), false},
		{"RSA 2048", spki(2048, big.NewInt(65537)), true},
	} {
		der := selfIssuedDER(t, tc.spki)
		before := tolerantReads.Load()
		b := Load(File{Name: "k.cer", Raw: der}, LoadOptions{})
		reads := tolerantReads.Load() - before
		switch {
		case tc.read && (len(b.Certs) != 1 || reads != 1):
			t.Errorf("%s: %d certificates, %d tolerant reads, problems %v; want it read", tc.name, len(b.Certs), reads, b.Problems)
		case !tc.read && (reads != 0 || len(b.Certs) != 0 || len(b.Problems) != 1 || !strings.Contains(b.Problems[0].Message, "cannot be parsed by Go's x509 parser")):
			t.Errorf("%s: %d tolerant reads, %d certificates, problems %v; want none read and one IN005 problem", tc.name, reads, len(b.Certs), b.Problems)
		}
	}
}

// TestWindowsReadingCoversEveryKind: every class of defect says what
// Windows does, with the reason when it is documented.
func TestWindowsReadingCoversEveryKind(t *testing.T) {
	for k := DefectOther; k <= DefectVersion; k++ {
		w, ok := windowsReading()[k]
		if !ok {
			t.Errorf("defect kind %d: what Windows does is not said", k)
		}
		if (w.accepts == assumed) != (w.why == "") {
			t.Errorf("defect kind %d: %+v; a documented reading needs its reason, an assumed one has none", k, w)
		}
	}
}

// TestEncodingSeverity: a certificate read tolerantly is reported once:
// by CERT042 (a warning) when Windows accepts every defect it has, by
// CERT044 (an error) when Windows refuses one; a certificate without
// defects is not reported.
func TestEncodingSeverity(t *testing.T) {
	mk := func(kinds ...DefectKind) *Cert {
		c := &Cert{Certificate: &x509.Certificate{}}
		for _, k := range kinds {
			c.Defects = append(c.Defects, Defect{Kind: k, What: fmt.Sprintf("defect %d", k)})
		}
		return c
	}
	set := &Set{Certs: []*Cert{mk(), mk(DefectNegativeSerial, DefectDuplicateExtension), mk(DefectCriticalExtension, DefectNameConstraints)}}
	got := lint.Run([]*lint.Check[*Set]{encoding, refusedEncoding}, set)
	if len(got) != 2 || got[0].Rule.ID != "CERT042" || got[1].Rule.ID != "CERT044" || got[0].Severity != lint.Warning || got[1].Severity != lint.Error ||
		!strings.Contains(got[0].Message, "defect 1; defect 3") || !strings.Contains(got[1].Message, "Windows does not accept it either") {
		t.Errorf("findings %v; want a warning naming both defects, then an error", got)
	}
}

// stillRefused are the sample files whose certificate neither parser
// reads, and why: times the tolerant reader refuses too (as zcrypto did),
// a sequence cut short, and a PEM block holding two certificates (a
// container matter).
var stillRefused = map[string]string{
	"generalizedNoFraction.pem":              "GeneralizedTime with a fraction",
	"generalizedNoSeconds.pem":               "GeneralizedTime without seconds",
	"generalizedTimeNoSeconds.pem":           "GeneralizedTime without seconds",
	"subCAWNoURL.pem":                        "an access description cut short",
	"subCAcrlDistNoURL.pem":                  "a distribution point cut short",
	"TimotheeSouchet-SAE-Cyber-Texas-ca.pem": "two certificates in one PEM block",
}

// TestSamplesReadTolerantly loads every PEM, .crt, .cer and .sst file of
// the real samples as the command line does: no certificate Go's parser
// refuses is left unread, except the few above; more than a hundred are
// read tolerantly.
func TestSamplesReadTolerantly(t *testing.T) {
	var files []string
	for _, ext := range []string{"pem", "crt", "cer", "sst"} {
		m, _ := filepath.Glob(filepath.Join(samples, "*", "*."+ext))
		files = append(files, m...)
	}
	if len(files) < 1000 {
		t.Skipf("the samples are not here (%d files)", len(files))
	}
	tolerant := 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f := input.Read(p, data, input.Limits{})
		if f.Kind != input.Certificate {
			continue
		}
		b := Load(fileOf(f), LoadOptions{})
		for _, c := range b.Certs {
			if len(c.Defects) > 0 {
				tolerant++
			}
		}
		for _, pr := range b.Problems {
			if strings.Contains(pr.Message, "cannot be parsed by Go's x509 parser") && stillRefused[filepath.Base(p)] == "" {
				t.Errorf("%s: %s", p, pr.Message)
			}
		}
	}
	if tolerant < 100 {
		t.Errorf("%d certificates read tolerantly; the samples hold more than 100 that Go refuses", tolerant)
	}
}

// BenchmarkParseCertificate compares a certificate Go parses with one read
// tolerantly (Go's refusal, the defect scan and the tolerant reader).
func BenchmarkParseCertificate(b *testing.B) {
	for _, tc := range []struct{ name, path string }{{"strict", "../fixtures/openssl/quirk-server.pem"}, {"tolerant", "../fixtures/openssl/quirk-critical-aia.pem"}} {
		data, err := os.ReadFile(tc.path)
		if err != nil {
			b.Fatal(err)
		}
		block, _ := pem.Decode(data)
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := parseCertificate(block.Bytes); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestTolerantBadEd25519Key loads a self-issued certificate Go refuses
// whose Ed25519 key has 14 bytes: zcrypto, which verified a self-issued
// signature while parsing, panicked on it (found by mutating the seeds).
// It is still not read (see the bounds on tolerant reading), and nothing
// panics.
func TestTolerantBadEd25519Key(t *testing.T) {
	key := []byte("fourteen bytes")
	spki := append([]byte{0x30, byte(10 + len(key)), 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, byte(1 + len(key)), 0x00}, key...)
	b := Load(File{Name: "ed.cer", Raw: selfIssuedDER(t, spki)}, LoadOptions{})
	if len(b.Certs) != 0 || len(b.Problems) != 1 || !strings.Contains(b.Problems[0].Message, "cannot be parsed by Go's x509 parser") {
		t.Errorf("certificates %d, problems %v; want one IN005 problem", len(b.Certs), b.Problems)
	}
}

// TestTolerantSizeBound gives the tolerant reader a certificate Go refuses
// (a critical authority key identifier) whose name constraints list empty
// subtrees: with a few it is read tolerantly; past MaxTolerantBytes it is
// not read (IN005), and loading it costs memory in proportion to its size
// (decoded by encoding/asn1, the list cost a hundred times its bytes).
func TestTolerantSizeBound(t *testing.T) {
	key := newKey(t)
	build := func(subtrees int) []byte {
		list := bytes.Repeat([]byte{0x30, 0x00}, subtrees)
		permitted, _ := asn1.Marshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: list})
		nc, _ := asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSequence, IsCompound: true, Bytes: permitted})
		aki, _ := asn1.Marshal(struct {
			ID []byte `asn1:"optional,tag:0"`
		}{[]byte{1, 2, 3, 4}})
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "constrained"},
			NotBefore: testNow.Add(-time.Hour), NotAfter: testNow.Add(time.Hour),
			ExtraExtensions: []pkix.Extension{
				{Id: asn1.ObjectIdentifier{2, 5, 29, 35}, Critical: true, Value: aki},
				{Id: asn1.ObjectIdentifier{2, 5, 29, 30}, Value: nc},
			},
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := x509.ParseCertificate(der); err == nil {
			t.Fatal("Go reads the test certificate; it must refuse it")
		}
		return der
	}
	small, large := build(10), build(200_000)
	before := tolerantReads.Load()
	if b := Load(File{Name: "s.cer", Raw: small}, LoadOptions{}); len(b.Certs) != 1 || tolerantReads.Load()-before != 1 {
		t.Fatalf("a certificate of %d bytes: %d certificates, problems %v; want it read tolerantly", len(small), len(b.Certs), b.Problems)
	}
	var b *Bundle
	before = tolerantReads.Load()
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	b = Load(File{Name: "l.cer", Raw: large}, LoadOptions{})
	runtime.ReadMemStats(&m1)
	if reads := tolerantReads.Load() - before; reads != 0 || len(b.Certs) != 0 || len(b.Problems) != 1 || !strings.Contains(b.Problems[0].Message, "cannot be parsed by Go's x509 parser") {
		t.Errorf("a certificate of %d bytes: %d tolerant reads, %d certificates, problems %v; want none read and one IN005 problem", len(large), reads, len(b.Certs), b.Problems)
	}
	if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > 20*uint64(len(large)) {
		t.Errorf("loading a certificate of %d bytes allocated %d bytes", len(large), alloc)
	}
}
