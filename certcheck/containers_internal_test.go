package certcheck

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint/lint"
)

// The container quirks of issue 11: CRLs (version 1, delta, without
// nextUpdate, refused by Go), PFX files without a MAC, without a key,
// with keys Go cannot parse or several, with damaged parts and bags, and
// bytes after a DER item. The files of fixtures/openssl/containers are
// made by fixtures/openssl/quirks-containers.sh.
const containersDir = "../fixtures/openssl/containers"

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(containersDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func certFixture(t *testing.T, name string) *x509.Certificate {
	t.Helper()
	b, _ := pem.Decode(readFixture(t, name))
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func problemsOfBundle(b *Bundle) []string {
	var out []string
	for _, p := range b.Problems {
		out = append(out, p.Message)
	}
	return out
}

// TestVersion1CRL reads the version 1 CRL OpenSSL's `ca -gencrl` writes,
// which crypto/x509 refuses ("unsupported crl version"): every field the
// CRL rules use is there, and its signature verifies with the CA.
func TestVersion1CRL(t *testing.T) {
	ca := certFixture(t, "ca.pem")
	dave := certFixture(t, "dave.pem")
	for _, name := range []string{"crl-v1.crl", "crl-v1.pem"} {
		b, _ := loadBytes(name, readFixture(t, name))
		if len(b.Problems) != 0 || len(b.Oddities) != 0 || len(b.CRLs) != 1 {
			t.Fatalf("%s: problems %q, oddities %v, %d CRLs; want one CRL and nothing else", name, problemsOfBundle(b), b.Oddities, len(b.CRLs))
		}
		l := b.CRLs[0]
		if !bytes.Equal(l.RawIssuer, ca.RawSubject) || l.Issuer.String() != "CN=Containers Test CA,O=aovpnlint containers" {
			t.Errorf("%s: issuer %q", name, l.Issuer)
		}
		if !l.ThisUpdate.Equal(time.Date(2026, 5, 25, 0, 0, 0, 0, time.UTC)) || !l.NextUpdate.Equal(time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("%s: this update %v, next update %v", name, l.ThisUpdate, l.NextUpdate)
		}
		if len(l.RevokedCertificateEntries) != 1 || l.RevokedCertificateEntries[0].SerialNumber.Cmp(dave.SerialNumber) != 0 ||
			!l.RevokedCertificateEntries[0].RevocationTime.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("%s: entries %+v", name, l.RevokedCertificateEntries)
		}
		if l.SignatureAlgorithm != x509.SHA256WithRSA || l.DeltaBase != nil {
			t.Errorf("%s: algorithm %v, delta base %v", name, l.SignatureAlgorithm, l.DeltaBase)
		}
		if err := l.CheckSignatureFrom(ca); err != nil {
			t.Errorf("%s: signature: %v", name, err)
		}
	}
	if _, err := x509.ParseRevocationList(readFixture(t, "crl-v1.crl")); err == nil {
		t.Error("crypto/x509 reads version 1 CRLs now: readCRL may no longer be needed")
	}
}

// TestReadCRLAgreesWithGo checks readCRL against crypto/x509 on every CRL
// crypto/x509 reads, among the fixtures and the real files of the shared
// samples when they are there: the same fields.
func TestReadCRLAgreesWithGo(t *testing.T) {
	files := []string{filepath.Join(containersDir, "crl-v2.crl"), "../fixtures/pki/issuing-current.crl"}
	pems, _ := filepath.Glob("../../shared/samples/certs/zlint/crl*.pem")
	files = append(files, pems...)
	compared := 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := pem.Decode(data); b != nil {
			data = b.Bytes
		}
		want, err := x509.ParseRevocationList(data)
		if err != nil {
			continue
		}
		got, v1, err := readCRL(data)
		if err != nil || v1 {
			t.Errorf("%s: readCRL: %v (version 1: %v)", name, err, v1)
			continue
		}
		want.RevokedCertificates = nil // deprecated; readCRL leaves it empty
		if len(want.RevokedCertificateEntries) == 0 {
			want.RevokedCertificateEntries = nil
		}
		for i := range want.RevokedCertificateEntries {
			want.RevokedCertificateEntries[i].Raw = nil
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: readCRL gives\n%+v\ncrypto/x509 gives\n%+v", name, got, want)
		}
		compared++
	}
	if compared < 2 {
		t.Errorf("only %d CRLs compared", compared)
	}
}

// testCA is an ECDSA CA that signs CRLs made field by field.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func newTestCA(t *testing.T) testCA {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "CRL Test CA"},
		NotBefore: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign, SubjectKeyId: []byte{1, 2, 3, 4}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	return testCA{c, key}
}

// crl signs tbs (its issuer and algorithm filled in) as a CRL of ca.
func (ca testCA) crl(t *testing.T, tbs asn1TBSCRL) []byte {
	t.Helper()
	alg := pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}}
	tbs.Signature = alg
	tbs.Issuer = asn1.RawValue{FullBytes: ca.cert.RawSubject}
	raw := mustMarshal(t, tbs)
	sum := sha256.Sum256(raw)
	sig, err := ecdsa.SignASN1(rand.Reader, ca.key, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	tbs.Raw = raw
	return mustMarshal(t, asn1CRL{TBS: tbs, SignatureAlgorithm: alg, SignatureValue: asn1.BitString{Bytes: sig, BitLength: 8 * len(sig)}})
}

func extension(t *testing.T, oid asn1.ObjectIdentifier, critical bool, value any) pkix.Extension {
	return pkix.Extension{Id: oid, Critical: critical, Value: mustMarshal(t, value)}
}

// TestCRLsGoRefuses reads CRLs made field by field: a version 2 CRL with
// its key identifier marked critical (Go refuses it, Windows reads it: a
// CERT062 note), a version 1 CRL without nextUpdate (no note), a delta CRL
// (its base number), and damaged ones (a problem whose fix speaks of
// CRLs).
func TestCRLsGoRefuses(t *testing.T) {
	ca := newTestCA(t)
	this := time.Date(2026, 5, 25, 0, 0, 0, 0, time.UTC)
	aki := extension(t, oidAuthorityKeyID, true, struct {
		ID []byte `asn1:"optional,tag:0"`
	}{ca.cert.SubjectKeyId})
	revoked := []pkix.RevokedCertificate{{SerialNumber: big.NewInt(0x1002), RevocationTime: this,
		Extensions: []pkix.Extension{extension(t, oidCRLReason, false, asn1.Enumerated(1))}}}

	critical := ca.crl(t, asn1TBSCRL{Version: 1, ThisUpdate: this, NextUpdate: this.AddDate(0, 1, 0), Revoked: revoked,
		Extensions: []pkix.Extension{aki, extension(t, oidCRLNumber, false, 7)}})
	b, _ := loadBytes("critical.crl", critical)
	if len(b.CRLs) != 1 || len(b.Problems) != 0 || len(b.Oddities) != 1 || b.Oddities[0].Kind != CRLStrictRefused ||
		!strings.Contains(b.Oddities[0].message(), "the CRL is read although Go's x509 parser refuses it (x509: authority key identifier incorrectly marked critical)") {
		t.Fatalf("critical key identifier: %d CRLs, problems %q, oddities %+v", len(b.CRLs), problemsOfBundle(b), b.Oddities)
	}
	l := b.CRLs[0]
	if !bytes.Equal(l.AuthorityKeyId, ca.cert.SubjectKeyId) || l.Number.Int64() != 7 || l.RevokedCertificateEntries[0].ReasonCode != 1 {
		t.Errorf("critical key identifier: key id %x, number %v, entries %+v", l.AuthorityKeyId, l.Number, l.RevokedCertificateEntries)
	}
	if err := l.CheckSignatureFrom(ca.cert); err != nil || l.SignatureAlgorithm != x509.ECDSAWithSHA256 {
		t.Errorf("critical key identifier: %v signature: %v", l.SignatureAlgorithm, err)
	}

	noNext := ca.crl(t, asn1TBSCRL{ThisUpdate: this})
	b, _ = loadBytes("no-next.crl", noNext)
	if len(b.CRLs) != 1 || len(b.Problems)+len(b.Oddities) != 0 || !b.CRLs[0].NextUpdate.IsZero() {
		t.Errorf("version 1 without nextUpdate: %d CRLs, problems %q, oddities %v", len(b.CRLs), problemsOfBundle(b), b.Oddities)
	}

	delta := ca.crl(t, asn1TBSCRL{Version: 1, ThisUpdate: this, NextUpdate: this.AddDate(0, 0, 1),
		Extensions: []pkix.Extension{extension(t, oidCRLNumber, false, 9), extension(t, oidDeltaCRLIndicator, true, 8)}})
	b, _ = loadBytes("delta.crl", delta)
	if len(b.CRLs) != 1 || b.CRLs[0].DeltaBase == nil || b.CRLs[0].DeltaBase.Int64() != 8 {
		t.Errorf("delta: %d CRLs, problems %q", len(b.CRLs), problemsOfBundle(b))
	}

	for name, der := range map[string][]byte{
		"version 3": ca.crl(t, asn1TBSCRL{Version: 2, ThisUpdate: this}),
		"cut short": noNext[:len(noNext)-1],
		"no time":   bytes.Replace(noNext, []byte{0x17, 0x0d, '2', '6'}, []byte{0x04, 0x0d, '2', '6'}, 1),
	} {
		b, _ := loadBytes(name, der)
		findings := LintBundle(b)
		if len(b.CRLs) != 0 || len(findings) == 0 || findings[0].Rule.ID != "IN005" || findings[0].Fix != crlFix {
			t.Errorf("%s: %d CRLs, findings %v; want an IN005 problem with the fix for CRLs", name, len(b.CRLs), findings)
		}
	}
}

// TestIN005FixForCRLs checks that IN005 gives the CRL fix for a CRL, and
// the certificate fix for a certificate.
func TestIN005FixForCRLs(t *testing.T) {
	crl := readFixture(t, "crl-v2.crl")
	cert := readFixture(t, "dave.cer")
	broken := func(der []byte) []byte { d := bytes.Clone(der); d[len(d)/2] ^= 0xFF; return d[:len(d)-8] }
	for _, tc := range []struct {
		name string
		data []byte
		fix  string
	}{
		{"crl", broken(crl), crlFix},
		{"cert", broken(cert), unparseable.Fix},
	} {
		fs := LintBundle(Load(File{Name: tc.name, Raw: tc.data}, LoadOptions{}))
		if len(fs) != 1 || fs[0].Fix != tc.fix {
			t.Errorf("%s: %v; want one IN005 with fix %q", tc.name, fs, tc.fix)
		}
	}
}

// TestGivenAsCRL checks LoadOptions.CRL: a file given as a CRL that holds
// none is a problem with the CRL fix; one holding a CRL is not; one whose
// CRL cannot be read has that problem only.
func TestGivenAsCRL(t *testing.T) {
	for _, tc := range []struct {
		name  string
		data  []byte
		wants []string
	}{
		{"certificate", readFixture(t, "dave.cer"), []string{"the file is given as a CRL (--crl) but holds no CRL; it holds 1 certificate"}},
		{"crl", readFixture(t, "crl-v1.crl"), nil},
		{"broken crl", readFixture(t, "crl-v1.crl")[:300], []string{"the CRL is truncated"}},
		{"text", []byte("<VPNProfile/>"), []string{"the file is given as a CRL (--crl) but is not a certificate file"}},
	} {
		b := Load(File{Name: tc.name, Raw: tc.data}, LoadOptions{CRL: true})
		msgs := problemsOfBundle(b)
		if len(msgs) != len(tc.wants) {
			t.Errorf("%s: problems %q; want %q", tc.name, msgs, tc.wants)
			continue
		}
		for i, w := range tc.wants {
			if !strings.Contains(msgs[i], w) || !b.Problems[i].CRL {
				t.Errorf("%s: problem %q (CRL %v); want %q about a CRL", tc.name, msgs[i], b.Problems[i].CRL, w)
			}
		}
		if b := Load(File{Name: tc.name, Raw: tc.data}, LoadOptions{}); tc.name == "certificate" && len(b.Problems) != 0 {
			t.Errorf("%s not given as a CRL: problems %q", tc.name, problemsOfBundle(b))
		}
	}
}

// TestDeltaCRLWithoutBase checks when a delta CRL is reported as given
// without its base: a complete CRL of the same issuer numbered at least
// the delta's base, key identifiers agreeing when both have one, is its
// base.
func TestDeltaCRLWithoutBase(t *testing.T) {
	crl := func(issuer, aki string, number, base int64) *CRL {
		l := &CRL{RevocationList: &x509.RevocationList{RawIssuer: []byte(issuer), AuthorityKeyId: []byte(aki)}}
		if number >= 0 {
			l.Number = big.NewInt(number)
		}
		if base >= 0 {
			l.DeltaBase = big.NewInt(base)
		}
		return l
	}
	delta := func() *CRL { return crl("A", "k1", 11, 10) }
	for _, tc := range []struct {
		name   string
		others []*CRL
		alone  bool
	}{
		{"alone", nil, true},
		{"base", []*CRL{crl("A", "k1", 10, -1)}, false},
		{"newer base", []*CRL{crl("A", "k1", 12, -1)}, false},
		{"older base", []*CRL{crl("A", "k1", 9, -1)}, true},
		{"base of another issuer", []*CRL{crl("B", "k1", 10, -1)}, true},
		{"base of another key", []*CRL{crl("A", "k2", 10, -1)}, true},
		{"base without key identifier", []*CRL{crl("A", "", 10, -1)}, false},
		{"base without number", []*CRL{crl("A", "k1", -1, -1)}, false},
		{"only another delta", []*CRL{crl("A", "k1", 10, 9)}, true},
	} {
		d := delta()
		in := &Set{CRLs: append([]*CRL{d}, tc.others...)}
		got := in.deltasWithoutBase()
		if alone := len(got) > 0 && got[0] == d; alone != tc.alone {
			t.Errorf("%s: reported %v, want %v", tc.name, alone, tc.alone)
		}
	}
	// Without an authority key identifier, any complete CRL of the issuer
	// numbered high enough is its base.
	d := crl("A", "", 11, 10)
	if got := (&Set{CRLs: []*CRL{d, crl("A", "k2", 10, -1)}}).deltasWithoutBase(); len(got) != 0 {
		t.Errorf("delta without key identifier: reported %d", len(got))
	}
}

// TestDeltaCRLFindings checks CERT052 and CERT055 with a delta CRL: a
// certificate a delta lists is revoked; a delta given alone is CERT055's
// warning; an entry removeFromCRL is no revocation.
func TestDeltaCRLFindings(t *testing.T) {
	ca := newTestCA(t)
	leafKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(0x77), Subject: pkix.Name{CommonName: "leaf"},
		NotBefore: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
	der, _ := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &leafKey.PublicKey, ca.key)
	leaf, _ := x509.ParseCertificate(der)
	this := time.Date(2026, 5, 25, 0, 0, 0, 0, time.UTC)
	entry := func(reason int) []pkix.RevokedCertificate {
		return []pkix.RevokedCertificate{{SerialNumber: leaf.SerialNumber, RevocationTime: this,
			Extensions: []pkix.Extension{extension(t, oidCRLReason, false, asn1.Enumerated(reason))}}}
	}
	deltaCRL := func(reason int) *CRL {
		b, _ := loadBytes("delta.crl", ca.crl(t, asn1TBSCRL{Version: 1, ThisUpdate: this, NextUpdate: this.AddDate(0, 1, 0), Revoked: entry(reason),
			Extensions: []pkix.Extension{extension(t, oidCRLNumber, false, 3), extension(t, oidDeltaCRLIndicator, true, 2)}}))
		if len(b.CRLs) != 1 {
			t.Fatalf("delta: problems %q", problemsOfBundle(b))
		}
		return b.CRLs[0]
	}
	baseCRL := func() *CRL {
		b, _ := loadBytes("base.crl", ca.crl(t, asn1TBSCRL{Version: 1, ThisUpdate: this, NextUpdate: this.AddDate(0, 1, 0),
			Extensions: []pkix.Extension{extension(t, oidCRLNumber, false, 2)}}))
		return b.CRLs[0]
	}
	cert052 := func(crls ...*CRL) (errors, warnings int) {
		in := &Set{Opts: Options{Now: this.AddDate(0, 0, 1)},
			Certs: []*Cert{{Certificate: ca.cert, Role: RoleTrust}, {Certificate: leaf, Role: RoleClient}}, CRLs: crls}
		for _, f := range lint.Run([]*lint.Check[*Set]{revoked, deltaWithoutBase}, in) {
			switch f.Severity {
			case lint.Error:
				errors++
			case lint.Warning:
				warnings++
			}
		}
		return errors, warnings
	}
	if e, w := cert052(deltaCRL(1)); e != 1 || w != 1 {
		t.Errorf("delta alone listing the certificate: %d errors, %d warnings; want 1 and 1", e, w)
	}
	if e, w := cert052(deltaCRL(1), baseCRL()); e != 1 || w != 0 {
		t.Errorf("delta with its base listing the certificate: %d errors, %d warnings; want 1 and 0", e, w)
	}
	if e, w := cert052(deltaCRL(reasonRemoveFromCRL), baseCRL()); e != 0 || w != 0 {
		t.Errorf("delta taking the certificate off hold: %d errors, %d warnings; want none", e, w)
	}
}

// TestBytesAfterDER checks what follows a DER item: zero bytes, another
// item (read), both, or other bytes (a problem; the item before is read
// all the same), and bytes after a PFX (ignored, with a note).
func TestBytesAfterDER(t *testing.T) {
	dave := readFixture(t, "dave.cer")
	caBlock, _ := pem.Decode(readFixture(t, "ca.pem"))
	ca := caBlock.Bytes
	block := func(der []byte) []byte { return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}) }
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	pfx := readFixture(t, "dave.pfx")
	for _, tc := range []struct {
		name      string
		data      []byte
		password  string
		certs     int
		oddities  []OddityKind
		problem   string
		oddDetail string
	}{
		{"zeros.cer", cat(dave, make([]byte, 5)), "", 1, []OddityKind{TrailingBytes}, "", "the certificate is followed by 5 zero bytes"},
		{"two.pem", block(cat(dave, ca)), "", 2, []OddityKind{ConcatenatedDER}, "", "one PEM block holds 2 DER items"},
		{"two-and-zeros.pem", block(cat(dave, ca, make([]byte, 3))), "", 2, []OddityKind{TrailingBytes, ConcatenatedDER}, "", "the last DER item is followed by 3 zero bytes"},
		{"two.b64", []byte(base64.StdEncoding.EncodeToString(cat(dave, ca))), "", 2, []OddityKind{ConcatenatedDER}, "", "the base64 data holds 2 DER items one after the other; each is read, but most tools read only the first: expected one certificate per file"},
		{"garbage.pem", block(cat(dave, []byte{1, 2, 3})), "", 1, nil, "the certificate is followed by 3 bytes that are neither zero padding nor another certificate or CRL", ""},
		{"pfx-garbage.pfx", cat(pfx, []byte("appended")), "Passw0rd!", 2, []OddityKind{TrailingBytes}, "", "the PFX is followed by 8 bytes that are not all zero, which are ignored"},
		{"trusted.pem", readFixture(t, "trusted-certificate.pem"), "", 1, []OddityKind{TrustSettings}, "", "OpenSSL TRUSTED CERTIFICATE"},
		{"crcrlf.pem", readFixture(t, "crcrlf.pem"), "", 1, []OddityKind{DoubleCarriageReturn}, "", "22 lines of the PEM block end in \\r\\r\\n"},
	} {
		b, _ := loadBytes(tc.name, tc.data, tc.password)
		msgs := problemsOfBundle(b)
		var kinds []OddityKind
		var texts []string
		for _, o := range b.Oddities {
			kinds = append(kinds, o.Kind)
			texts = append(texts, o.message())
		}
		if len(b.Certs) != tc.certs || !reflect.DeepEqual(kinds, tc.oddities) || (tc.problem == "") != (len(msgs) == 0) ||
			(tc.problem != "" && !strings.Contains(strings.Join(msgs, "\n"), tc.problem)) ||
			(tc.oddDetail != "" && !strings.Contains(strings.Join(texts, "\n"), tc.oddDetail)) {
			t.Errorf("%s: %d certificates, oddities %v %q, problems %q; want %d, %v %q, %q", tc.name, len(b.Certs), kinds, texts, msgs, tc.certs, tc.oddities, tc.oddDetail, tc.problem)
		}
	}
}

// TestManyDERItemsInOneBlock checks the bound on a PEM block holding
// MaxItems+5 DER certificates: the first MaxItems are read, the rest
// counted, and one oddity is recorded for the block, not one per item.
func TestManyDERItemsInOneBlock(t *testing.T) {
	dave := readFixture(t, "dave.cer")
	data := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: bytes.Repeat(dave, MaxItems+5)})
	var b *Bundle
	within(t, watchdog, func() { b, _ = loadBytes("many.pem", data) })
	msgs := problemsOfBundle(b)
	if len(b.Certs) != MaxItems || len(b.Oddities) != 1 || b.Oddities[0].Count != MaxItems+5 ||
		len(msgs) != 1 || !strings.Contains(msgs[0], "the file holds 5 more items") {
		t.Errorf("%d certificates, %d oddities, problems %q", len(b.Certs), len(b.Oddities), msgs)
	}
}

// TestPFXLayoutsGoRefuses reads the PFX files go-pkcs12 refuses: no
// private key, no MAC, a key Go cannot parse (RSA-PSS, DSA). Each gives
// its certificates, the leaf first.
func TestPFXLayoutsGoRefuses(t *testing.T) {
	for _, tc := range []struct {
		file     string
		leaf     string
		oddities []OddityKind
	}{
		{"pfx-nokeys.pfx", "dave", []OddityKind{PFXWithoutKey}},
		{"pfx-nomac.pfx", "dave", []OddityKind{PFXWithoutMAC}},
		{"pfx-rsa-pss-key.pfx", "erin", nil},
		{"pfx-dsa-key.pfx", "frank", nil},
	} {
		b, _ := loadBytes(tc.file, readFixture(t, tc.file), "Passw0rd!")
		var kinds []OddityKind
		for _, o := range b.Oddities {
			kinds = append(kinds, o.Kind)
		}
		if len(b.Certs) != 2 || len(b.Problems) != 0 || !reflect.DeepEqual(kinds, tc.oddities) || b.Certs[0].Subject.CommonName != tc.leaf {
			t.Errorf("%s: %d certificates, problems %q, oddities %v; want 2 certificates, %s first, oddities %v", tc.file, len(b.Certs), problemsOfBundle(b), kinds, tc.leaf, tc.oddities)
			continue
		}
		if tc.file == "pfx-nomac.pfx" {
			for _, pw := range [][]string{nil, {"wrong"}} {
				b, _ := loadBytes(tc.file, readFixture(t, tc.file), pw...)
				if msgs := problemsOfBundle(b); len(b.Certs) != 0 || len(msgs) != 1 || !strings.Contains(msgs[0], "password") {
					t.Errorf("%s with passwords %q: %d certificates, problems %q; want a password problem", tc.file, pw, len(b.Certs), msgs)
				}
			}
		}
	}
}

// TestPFXBadItems builds PFX files whose items go-pkcs12 stops at: two
// keys, a certificate Go refuses, a certificate bag of another type, a
// damaged part. The other certificates are read, and each problem names
// its bag or part.
func TestPFXBadItems(t *testing.T) {
	dave := readFixture(t, "dave.cer")
	caBlock, _ := pem.Decode(readFixture(t, "ca.pem"))
	certBag := func(typ asn1.ObjectIdentifier, der []byte) pfxSafeBag {
		return pfxSafeBag{ID: oidCertBag, Value: explicit0(mustMarshal(t, struct {
			ID   asn1.ObjectIdentifier
			Data []byte `asn1:"tag:0,explicit"`
		}{typ, der}))}
	}
	key := func() pfxSafeBag {
		k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		der, _ := x509.MarshalPKCS8PrivateKey(k)
		return pfxSafeBag{ID: oidKeyBag, Value: explicit0(der)}
	}
	// dave with a negative serial: Go refuses it, the tolerant reader
	// reads it (CERT042 reports the defect).
	negative := bytes.Clone(dave)
	serial := bytes.Index(negative, []byte{0x02, 0x02, 0x10, 0x02})
	if serial < 0 {
		t.Fatal("serial 1002 not found in dave.cer")
	}
	negative[serial+2] = 0x90
	// dave with a notBefore written as GeneralizedTime without seconds,
	// which neither parser reads: refused, its subject still named.
	refused := bytes.Clone(dave)
	utc := bytes.Index(refused, []byte{0x17, 0x0d})
	if utc < 0 {
		t.Fatal("no UTCTime in dave.cer")
	}
	copy(refused[utc:], append([]byte{0x18, 0x0d}, "202601011200Z"...))
	damaged := pfxContentInfo{ContentType: oidDataContentType, Content: explicit0(mustMarshal(t, []byte{0x30, 0x03, 0x01}))}
	pfx := buildPFX(t, []pfxContentInfo{
		damaged,
		dataSafe(t, []pfxSafeBag{key(), key(), certBag(oidCertTypeX509, refused), certBag(asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 22, 2}, dave),
			certBag(oidCertTypeX509, dave), certBag(oidCertTypeX509, caBlock.Bytes), certBag(oidCertTypeX509, negative)}),
	}, oidSHA256, 2048)
	b, _ := loadBytes("bad-items.pfx", pfx)
	msgs := problemsOfBundle(b)
	want := []string{
		"part 1 of the PFX is damaged",
		"bag 3 of the PFX (certificate CN=dave",
		"bag 4 of the PFX holds a certificate of type 1.2.840.113549.1.9.22.2, not an X.509 certificate; it is not read",
	}
	if len(b.Certs) != 3 || len(msgs) != len(want) {
		t.Fatalf("%d certificates, problems %q; want 3 and %q", len(b.Certs), msgs, want)
	}
	defects := 0
	for _, c := range b.Certs {
		defects += len(c.Defects)
	}
	if defects == 0 {
		t.Errorf("the negative-serial certificate was read without a defect")
	}
	for i, w := range want {
		if !strings.Contains(msgs[i], w) {
			t.Errorf("problem %q; want %q", msgs[i], w)
		}
	}
}

// TestPFXWithoutMACBudget checks that finding the password of a PFX
// without a MAC is counted before any derivation: 1,000 copies whose
// password is not given stay within MaxPFXWork for the file.
func TestPFXWithoutMACBudget(t *testing.T) {
	cert := pfxSafeBag{ID: oidCertBag, Value: explicit0(mustMarshal(t, struct {
		ID   asn1.ObjectIdentifier
		Data []byte `asn1:"tag:0,explicit"`
	}{oidCertTypeX509, readFixture(t, "dave.cer")}))}
	alg, ct := pbes2Encrypt(t, mustMarshal(t, []pfxSafeBag{cert}), MaxPFXIterations)
	one := buildPFX(t, []pfxContentInfo{encryptedSafe(t, alg, ct)}, nil, 0)
	// Encrypted with the empty password: opened by it.
	before := kdfIterations.Load()
	o := openPFX(one, []string{"a", "b"}, MaxItems, MaxPFXWork)
	if o.err != nil || o.refusal != "" || !o.noMAC || kdfIterations.Load()-before != int64(o.spent) {
		t.Fatalf("empty password: %v %q (no MAC %v), spent %d, counted %d", o.err, o.refusal, o.noMAC, kdfIterations.Load()-before, o.spent)
	}
	// Refused before any derivation when the passwords tried could cost
	// more than is left.
	before = kdfIterations.Load()
	if o := openPFX(one, []string{"a", "b"}, MaxItems, 3*MaxPFXIterations); o.refusal == "" || kdfIterations.Load() != before {
		t.Errorf("over the budget: %v %q, %d iterations", o.err, o.refusal, kdfIterations.Load()-before)
	}
	block := pem.EncodeToMemory(&pem.Block{Type: "PKCS12", Bytes: one})
	before = kdfIterations.Load()
	var b *Bundle
	within(t, watchdog, func() { b, _ = loadBytes("many.pem", bytes.Repeat(block, 1000), "x") })
	if n := kdfIterations.Load() - before; n > MaxPFXWork {
		t.Errorf("%d key-derivation iterations for one file, want at most %d", n, MaxPFXWork)
	}
	if msgs := problemsOfBundle(b); !strings.Contains(strings.Join(msgs, "\n"), "at most 1000000 are spent on one file") {
		t.Errorf("problems %q; want PFX files refused for the budget", msgs[:min(3, len(msgs))])
	}
}

// TestSamplePFXWithTrailingZeros reads the .NET PFX files of the shared
// samples that end with eight zero bytes, when the samples are there.
func TestSamplePFXWithTrailingZeros(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(samplesDir, "*.pfx"))
	if _, err := os.Stat(samplesDir); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is not beside the repository", samplesDir)
	}
	seen := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if total, ok := derLengthOf(data); !ok || total+8 != len(data) || !allZero(data[total:]) {
			continue
		}
		seen++
		b, _ := loadBytes(f, data, pfxSamples()[f])
		if len(b.Certs) == 0 || len(b.Problems) != 0 || len(b.Oddities) != 1 || b.Oddities[0].Kind != TrailingBytes {
			t.Errorf("%s: %d certificates, problems %q, oddities %v", f, len(b.Certs), problemsOfBundle(b), b.Oddities)
		}
	}
	if seen < 5 {
		t.Errorf("%d PFX files with eight zero bytes after them; the samples have 5", seen)
	}
}

// derLengthOf is the length of the DER element data starts with.
func derLengthOf(data []byte) (int, bool) {
	_, _, rest, ok := splitDER(data)
	return len(data) - len(rest), ok
}

// TestPFXBERPart checks that a part whose bags are BER (an indefinite
// length) is read after the PFX is normalised, as a BER PFX always was.
func TestPFXBERPart(t *testing.T) {
	bag := pfxSafeBag{ID: oidCertBag, Value: explicit0(mustMarshal(t, struct {
		ID   asn1.ObjectIdentifier
		Data []byte `asn1:"tag:0,explicit"`
	}{oidCertTypeX509, readFixture(t, "dave.cer")}))}
	der := mustMarshal(t, []pfxSafeBag{bag})
	_, content, _, _ := splitDER(der)
	ber := append(append([]byte{0x30, 0x80}, content...), 0, 0)
	part := pfxContentInfo{ContentType: oidDataContentType, Content: explicit0(mustMarshal(t, ber))}
	b, _ := loadBytes("ber.pfx", buildPFX(t, []pfxContentInfo{part}, nil, 0))
	if len(b.Certs) != 1 || len(b.Problems) != 0 {
		t.Errorf("%d certificates, problems %q; want dave read", len(b.Certs), problemsOfBundle(b))
	}
}

// TestPFXLeafByLocalKeyID checks that when Go cannot parse the private
// key, the certificate whose localKeyID matches the key's comes first,
// wherever it is in the file (Windows may put the CA first).
func TestPFXLeafByLocalKeyID(t *testing.T) {
	caBlock, _ := pem.Decode(readFixture(t, "ca.pem"))
	id := []byte{0xA, 0xB, 0xC}
	attrs := []pfxAttribute{{ID: oidLocalKeyID, Value: asn1.RawValue{FullBytes: mustMarshal(t, asn1.RawValue{Tag: asn1.TagSet, IsCompound: true, Bytes: mustMarshal(t, id)})}}}
	certBag := func(der []byte, attrs []pfxAttribute) pfxSafeBag {
		return pfxSafeBag{ID: oidCertBag, Attributes: attrs, Value: explicit0(mustMarshal(t, struct {
			ID   asn1.ObjectIdentifier
			Data []byte `asn1:"tag:0,explicit"`
		}{oidCertTypeX509, der}))}
	}
	unknownKey := mustMarshal(t, struct {
		Version   int
		Algorithm pkix.AlgorithmIdentifier
		Key       []byte
	}{0, pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 2, 3, 4}}, []byte{1}})
	pfx := buildPFX(t, []pfxContentInfo{dataSafe(t, []pfxSafeBag{
		{ID: oidKeyBag, Attributes: attrs, Value: explicit0(unknownKey)},
		certBag(caBlock.Bytes, nil),
		certBag(readFixture(t, "dave.cer"), attrs),
	})}, oidSHA256, 2048)
	b, _ := loadBytes("leaf.pfx", pfx)
	if len(b.Certs) != 2 || len(b.Problems) != 0 || b.Certs[0].Subject.CommonName != "dave" || b.Certs[0].Source.Index != 0 {
		t.Errorf("%d certificates (first %q), problems %q; want dave first", len(b.Certs), b.Certs[0].Subject.CommonName, problemsOfBundle(b))
	}
}

// TestOdditiesBounded loads a PEM file of many small blocks, each with
// \r\r\n line ends and a body that is not base64: the oddities recorded
// stop at MaxProblems, the others are counted, and CERT062 reports them
// in one summary finding.
func TestOdditiesBounded(t *testing.T) {
	block := "-----BEGIN CERTIFICATE-----\r\r\n!!!!\r\r\n-----END CERTIFICATE-----\r\r\n"
	n := 3 * MaxProblems
	b, _ := loadBytes("many.pem", []byte(strings.Repeat(block, n)))
	if len(b.Oddities) != MaxProblems || b.OmittedOddities != n-MaxProblems {
		t.Fatalf("%d oddities, %d omitted; want %d and %d", len(b.Oddities), b.OmittedOddities, MaxProblems, n-MaxProblems)
	}
	var omitted int
	for _, f := range LintBundle(b) {
		if f.Rule.ID == "CERT062" {
			omitted += f.Omitted
		}
	}
	if omitted != n-MaxProblems {
		t.Errorf("CERT062 summary counts %d omitted; want %d", omitted, n-MaxProblems)
	}
}

// TestPFXWithoutMACKeyProbe opens a PFX without a MAC whose only
// encrypted item is its shrouded key: the password is found by
// decrypting the key, which is not decrypted a second time.
func TestPFXWithoutMACKeyProbe(t *testing.T) {
	k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	plain, _ := x509.MarshalPKCS8PrivateKey(k)
	alg, ct := pbes2Encrypt(t, plain, 2048)
	shrouded := pfxSafeBag{ID: oidShroudedKeyBag, Value: explicit0(mustMarshal(t, pfxEncryptedPrivateKeyInfo{Algorithm: alg, EncryptedData: ct}))}
	cert := pfxSafeBag{ID: oidCertBag, Value: explicit0(mustMarshal(t, struct {
		ID   asn1.ObjectIdentifier
		Data []byte `asn1:"tag:0,explicit"`
	}{oidCertTypeX509, readFixture(t, "dave.cer")}))}
	der := buildPFX(t, []pfxContentInfo{dataSafe(t, []pfxSafeBag{shrouded, cert})}, nil, 0)
	one := pbeCost(alg)
	before := kdfIterations.Load()
	o := openPFX(der, []string{"first", "second"}, MaxItems, MaxPFXWork)
	ran := kdfIterations.Load() - before
	// The empty password opens it: its first encoding is tried first.
	if o.err != nil || o.refusal != "" || len(o.certs) != 1 || o.key == nil || !o.noMAC || o.spent != one || ran != int64(one) {
		t.Errorf("err %v %q, %d certificates, key %v, no MAC %v, spent %d, ran %d; want one derivation of %d", o.err, o.refusal, len(o.certs), o.key != nil, o.noMAC, o.spent, ran, one)
	}
}
