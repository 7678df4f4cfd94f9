package certcheck

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/binary"
	"encoding/pem"
	"fmt"
	"github.com/aovpnlint/aovpnlint/internal/container"
	"math/big"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint/lint"
)

// fastest runs f three times and returns its shortest time: the least
// disturbed by other work on the machine.
func fastest(f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for i := 0; i < 3; i++ {
		start := time.Now()
		f()
		best = min(best, time.Since(start))
	}
	return best
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// linear fails the test when the input 10 times larger took more than 40
// times longer (a quadratic path takes 100 times longer); the factor
// leaves room for a busy machine.
func linear(t *testing.T, what string, small, large time.Duration) {
	t.Helper()
	if large > 40*small+50*time.Millisecond {
		t.Errorf("%s: 10x the input took %v against %v: not linear", what, large, small)
	}
}

func problemsOf(b *Bundle) []string {
	var out []string
	for _, p := range b.Problems {
		out = append(out, fmt.Sprintf("%s: %s", p.Pos, p.Message))
	}
	return out
}

// TestPEMScanLinear gives 100,000 BEGIN lines without an END line (2.8 MB,
// 52 s before the fix) and 100,000 blocks whose END line names another
// label (6.8 MB): one pass over the text, the first MaxProblems blocks each
// with a problem at its own line, then one problem counting the others.
func TestPEMScanLinear(t *testing.T) {
	inputs := map[string]struct {
		block, want string
	}{
		"unterminated": {"-----BEGIN CERTIFICATE-----\n", "the PEM block cannot be decoded: no END line comes before the next BEGIN line; expected -----END CERTIFICATE-----"},
		"mismatched":   {"-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUXk4V2kNzQm5ZpdbhFr\n-----END X509 CRL-----\n", "the PEM block cannot be decoded: it ends with \"-----END X509 CRL-----\"; expected -----END CERTIFICATE-----"},
	}
	for name, tc := range inputs {
		var b *Bundle
		load := func(n int) func() {
			data := []byte(strings.Repeat(tc.block, n))
			return func() { b, _ = loadBytes(name+".pem", data) }
		}
		var small, large time.Duration
		within(t, watchdog, func() {
			small = fastest(load(10_000))
			large = fastest(load(100_000))
		})
		linear(t, name, small, large)
		msgs := problemsOf(b)
		if len(msgs) != MaxProblems+1 {
			t.Fatalf("%s: %d problems, want %d and a summary", name, len(msgs), MaxProblems)
		}
		lines := strings.Count(tc.block, "\n")
		for i, m := range msgs[:MaxProblems] {
			if want := fmt.Sprintf("%s.pem:%d:1: %s", name, 1+i*lines, tc.want); m != want {
				t.Fatalf("%s: problem %d is %q, want %q", name, i, m, want)
			}
		}
		if want := fmt.Sprintf("and %d more problems in this file (only the first %d are listed)", 100_000-MaxProblems, MaxProblems); !strings.HasSuffix(msgs[MaxProblems], want) {
			t.Errorf("%s: last problem %q, want %q", name, msgs[MaxProblems], want)
		}
	}
}

// TestPEMScanBlocks checks the scanner against encoding/pem on blocks
// that are well formed, with headers, CRLF line ends and a preamble, and
// that a block reaching the end of the text is reported.
func TestPEMScanBlocks(t *testing.T) {
	body := []byte("certificate bytes, any bytes")
	block := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Headers: map[string]string{"Note": "x"}, Bytes: body})
	text := "Bag Attributes\n    friendlyName: vpn\n" + string(block) + strings.ReplaceAll(string(block), "\n", "\r\n") + "-----BEGIN X509 CRL-----\nAAAA\n"
	var got []pemBlock
	scanPEM([]byte(text), func(b pemBlock) bool { got = append(got, b); return true })
	if len(got) != 3 {
		t.Fatalf("%d blocks, want 3", len(got))
	}
	for _, b := range got[:2] {
		der, err := decodePEMBody(b.body)
		if b.problem != "" || err != nil || !bytes.Equal(der, body) || b.label != "CERTIFICATE" {
			t.Errorf("block at %d: %q %q %v; want the bytes encoding/pem wrote", b.offset, b.label, b.problem, err)
		}
	}
	if got[2].problem != "no END line follows its BEGIN line; expected -----END X509 CRL-----" {
		t.Errorf("last block: %q", got[2].problem)
	}
}

// p7 wraps the DER elements certs as the certificates of a PKCS#7
// SignedData.
func p7(certs []byte) []byte {
	raw := func(class, tag int, compound bool, content []byte) []byte {
		b, _ := asn1.Marshal(asn1.RawValue{Class: class, Tag: tag, IsCompound: compound, Bytes: content})
		return b
	}
	version, _ := asn1.Marshal(1)
	data, _ := asn1.Marshal(asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1})
	sd := bytes.Join([][]byte{version, raw(0, asn1.TagSet, true, nil), raw(0, asn1.TagSequence, true, data),
		raw(asn1.ClassContextSpecific, 0, true, certs), raw(0, asn1.TagSet, true, nil)}, nil)
	oid, _ := asn1.Marshal(oidSignedData)
	return raw(0, asn1.TagSequence, true, append(oid, raw(asn1.ClassContextSpecific, 0, true, raw(0, asn1.TagSequence, true, sd))...))
}

// emptySST is a serialized store of n certificate elements of no bytes.
func emptySST(n int) []byte {
	var b bytes.Buffer
	b.Write(container.SSTHeader)
	var h [12]byte
	binary.LittleEndian.PutUint32(h[0:], sstCert)
	binary.LittleEndian.PutUint32(h[4:], 1)
	for i := 0; i < n; i++ {
		b.Write(h[:])
	}
	b.Write(make([]byte, 12))
	return b.Bytes()
}

// TestContainersBounded gives a PKCS#7 of 5 million empty "certificates"
// (10 MB; 7.5 GiB and 1.6 GB of output before the fix) and a serialized
// store of 2.7 million empty elements (32 MB; 4.7 GiB): MaxItems items are
// read, the rest counted in one problem, at most MaxProblems problems
// recorded, and the memory allocated grows with the input, not with the
// items (at most 10 times as much for 10 times the input, and a few bytes
// per byte of input).
func TestContainersBounded(t *testing.T) {
	inputs := map[string]func(n int) []byte{
		"empty.p7b": func(n int) []byte { return p7(bytes.Repeat([]byte{0x30, 0}, n)) },
		"empty.sst": emptySST,
	}
	sizes := map[string][2]int{"empty.p7b": {500_000, 5_000_000}, "empty.sst": {270_000, 2_700_000}}
	for name, make := range inputs {
		var allocs [2]uint64
		var b *Bundle
		var size int
		for i, n := range sizes[name] {
			data := make(n)
			size = len(data)
			within(t, watchdog, func() { allocs[i] = allocated(func() { b, _ = loadBytes(name, data) }) })
			msgs := problemsOf(b)
			if len(msgs) != MaxProblems+2 {
				t.Fatalf("%s with %d items: %d problems, want %d, the items left out and the problems left out", name, n, len(msgs), MaxProblems+2)
			}
			if want := fmt.Sprintf("the file holds %d more items", n+1-MaxItems); !strings.Contains(strings.Join(msgs, "\n"), want) { // the container is an item
				t.Errorf("%s: problems %q, want one saying %q", name, msgs[MaxProblems:], want)
			}
		}
		if allocs[1] > 10*allocs[0]+(64<<20) || allocs[1] > uint64(8*size)+(64<<20) {
			t.Errorf("%s: %d bytes allocated for %d bytes of input (%d for a tenth of it)", name, allocs[1], size, allocs[0])
		}
	}
}

// TestItemsBounded gives a PEM file with more certificates than MaxItems:
// the first MaxItems are read, the others counted.
func TestItemsBounded(t *testing.T) {
	key := newKey(t)
	c := issue(t, "one", "one", &key.PublicKey, key, true, true)
	block := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
	b, _ := loadBytes("many.pem", bytes.Repeat(block, MaxItems+5))
	msgs := problemsOf(b)
	if len(b.Certs) != MaxItems || len(msgs) != 1 || !strings.Contains(msgs[0], "the file holds 5 more items (certificates, CRLs, store items or their containers) after the first 10000") {
		t.Errorf("%d certificates, problems %q; want %d and one problem for the 5 others", len(b.Certs), msgs, MaxItems)
	}
}

// TestLoadedDoNotAliasInput loads a certificate and a CRL from a
// serialized store and from a PKCS#7 bundle that also hold 1 MB of other
// data: neither keeps the file's buffer alive.
func TestLoadedDoNotAliasInput(t *testing.T) {
	key := newKey(t)
	ca := issue(t, "CA", "CA", &key.PublicKey, key, true, true)
	crl, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{Number: big.NewInt(1), ThisUpdate: testNow, NextUpdate: testNow.Add(time.Hour)}, ca, key)
	if err != nil {
		t.Fatal(err)
	}
	padding := SSTEntry{DER: make([]byte, 1<<20)}
	files := map[string][]byte{
		"store.sst": WriteSST([]SSTEntry{{DER: ca.Raw}, {DER: crl, CRL: true}, padding}),
		"chain.p7b": p7(append(append([]byte{}, ca.Raw...), bytes.Repeat([]byte{0x05, 0x00}, 1<<19)...)),
	}
	for name, data := range files {
		b, _ := loadBytes(name, data)
		if len(b.Certs) != 1 {
			t.Fatalf("%s: %d certificates", name, len(b.Certs))
		}
		raws := [][]byte{b.Certs[0].Raw}
		for _, l := range b.CRLs {
			raws = append(raws, l.Raw)
		}
		for _, raw := range raws {
			if cap(raw) > 2*len(raw)+64 {
				t.Errorf("%s: an item of %d bytes holds a buffer of %d bytes", name, len(raw), cap(raw))
			}
		}
	}
}

// hugeRSA makes a certificate for an RSA key of bits bits (a random odd
// modulus) issued by a small ECDSA key, as the report describes; with
// selfSigned, one named as its own issuer and carrying an RSA signature of
// the modulus' size, so that checking it does the arithmetic.
func hugeRSA(t testing.TB, bits int, selfIssued bool) *x509.Certificate {
	t.Helper()
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), uint(bits)))
	if err != nil {
		t.Fatal(err)
	}
	n.SetBit(n, bits-1, 1)
	n.SetBit(n, 0, 1)
	pub := &rsa.PublicKey{N: n, E: 65537}
	if !selfIssued {
		return issue(t, fmt.Sprintf("RSA %d", bits), "Small issuer", pub, newKey(t), false, false)
	}
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "huge"}, NotBefore: testNow, NotAfter: testNow.Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	parent := &x509.Certificate{Subject: tmpl.Subject, PublicKey: &small.PublicKey}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, small)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	sig := make([]byte, bits/8)
	rand.Read(sig)
	full, err := asn1.Marshal(struct {
		TBS asn1.RawValue
		Alg pkix.AlgorithmIdentifier
		Sig asn1.BitString
	}{asn1.RawValue{FullBytes: c.RawTBSCertificate}, pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}, Parameters: asn1.NullRawValue}, asn1.BitString{Bytes: sig, BitLength: 8 * len(sig)}})
	if err != nil {
		t.Fatal(err)
	}
	if c, err = x509.ParseCertificate(full); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRSAOverLimitRefused loads a file with a certificate whose RSA key
// has 2,097,152 bits (which ran away before the fix) between two others:
// it is refused with a problem naming its size and the limit, no
// signature is ever verified with it, and the others are read. A key of
// exactly MaxRSABits bits is accepted.
func TestRSAOverLimitRefused(t *testing.T) {
	const bits = 2_097_152
	huge := hugeRSA(t, bits, true)
	limit := hugeRSA(t, MaxRSABits, false)
	key := newKey(t)
	small := issue(t, "small", "small", &key.PublicKey, key, true, true)
	var text []byte
	for _, c := range []*x509.Certificate{limit, huge, small} {
		text = append(text, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	var b *Bundle
	var checks int64
	within(t, watchdog, func() {
		checks = countSigChecks(func() {
			b, _ = loadBytes("huge.pem", text)
			in := &Set{Certs: append(append([]*Cert{}, b.Certs...), b.Refused...), Opts: Options{Now: testNow}}
			for _, c := range in.Certs {
				c.Role, _, _ = Classify(c.Certificate, Hints{})
			}
			Lint(in)
			if signedBy(huge, huge) || signedBy(small, huge) || selfSigned(huge) {
				t.Error("a signature verified with the refused key")
			}
		})
	})
	msgs := problemsOf(b)
	if len(b.Certs) != 2 || len(b.Refused) != 1 || len(msgs) != 1 || !strings.Contains(msgs[0], "has an RSA key of 2097152 bits, over the limit of 16384") || !strings.HasPrefix(msgs[0], "huge.pem:") {
		t.Errorf("%d certificates, %d refused, problems %q; want 2 read and the huge one refused with a problem", len(b.Certs), len(b.Refused), msgs)
	}
	if checks > 3 {
		t.Errorf("%d signature checks; want only those of the small certificates", checks)
	}
}

// revokedInput makes n certificates of one CA and a CRL of that CA listing
// 10n serial numbers, every tenth of which is one of theirs.
func revokedInput(t testing.TB, n int) *Set {
	key := newKey(t)
	ca := issue(t, "CA", "CA", &key.PublicKey, key, true, true)
	leaves := variants(t, issue(t, "leaf", "CA", &newKey(t).PublicKey, key, false, true), n)
	tmpl := &x509.RevocationList{Number: big.NewInt(1), ThisUpdate: testNow, NextUpdate: testNow.Add(time.Hour)}
	for i := 0; i < 10*n; i++ {
		serial := big.NewInt(int64(i))
		if i%10 == 0 {
			serial = leaves[i/10].SerialNumber
		}
		tmpl.RevokedCertificateEntries = append(tmpl.RevokedCertificateEntries, x509.RevocationListEntry{SerialNumber: serial, RevocationTime: testNow})
	}
	der, err := x509.CreateRevocationList(rand.Reader, tmpl, ca, key)
	if err != nil {
		t.Fatal(err)
	}
	crl, err := x509.ParseRevocationList(der)
	if err != nil {
		t.Fatal(err)
	}
	in := &Set{Certs: asCerts(RoleClient, leaves...), CRLs: []*CRL{{RevocationList: crl}}, Opts: Options{Now: testNow}}
	in.Certs = append(in.Certs, asCerts(RoleTrust, ca)...)
	return in
}

// TestRevocationLookupLinear checks CERT052 on 300 certificates against a
// CRL of 3,000 entries and on 3,000 against 30,000: every listed
// certificate is reported, in input order, and 10 times the input costs
// about 10 times the work, not 100 (each certificate was compared with
// every entry before the fix).
func TestRevocationLookupLinear(t *testing.T) {
	var took [2]time.Duration
	for i, n := range []int{300, 3_000} {
		in := revokedInput(t, n)
		var found []lint.Finding
		within(t, watchdog, func() {
			took[i] = fastest(func() { found = lint.Run([]*lint.Check[*Set]{revoked}, in) })
		})
		// Past lint.MaxPerRule, the findings of a file are counted in one
		// summary finding (the certificates here have no file name).
		total := 0
		for _, x := range found {
			total += max(x.Omitted, 1)
		}
		if total != n || len(found) != min(n, lint.MaxPerRule+1) {
			t.Fatalf("%d certificates revoked, %d findings standing for %d", n, len(found), total)
		}
		for j, x := range found {
			if x.Omitted > 0 {
				continue
			}
			if want := fmt.Sprintf("(serial %x)", in.Certs[j].SerialNumber); !strings.Contains(x.Message, want) {
				t.Fatalf("finding %d: %q, want the certificate with %s (input order)", j, x.Message, want)
			}
		}
	}
	linear(t, "revocation", took[0], took[1])
}

// TestCRLIssuerLookupLinear checks CERT051 with n CRLs whose key
// identifier matches none of n certificates bearing their issuer's name:
// no issuer is found for any, and 10 times the input costs about 10 times
// the work (each CRL was compared with every certificate before the fix).
func TestCRLIssuerLookupLinear(t *testing.T) {
	var took [2]time.Duration
	for i, n := range []int{300, 3_000} {
		key := newKey(t)
		cas := variants(t, issue(t, "CA", "CA", &key.PublicKey, key, true, true), n)
		other := newKey(t)
		signer := issue(t, "CA", "CA", &other.PublicKey, other, true, true)
		der, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{Number: big.NewInt(1), ThisUpdate: testNow, NextUpdate: testNow.Add(time.Hour)}, signer, other)
		if err != nil {
			t.Fatal(err)
		}
		in := &Set{Certs: asCerts(RoleChain, cas...), Opts: Options{Now: testNow}}
		for j := 0; j < n; j++ {
			l, _ := x509.ParseRevocationList(der)
			in.CRLs = append(in.CRLs, &CRL{RevocationList: l})
		}
		var found []lint.Finding
		within(t, watchdog, func() {
			took[i] = fastest(func() { found = lint.Run([]*lint.Check[*Set]{crlSignature}, in) })
		})
		if len(found) != 0 {
			t.Fatalf("%d findings, want none: no supplied certificate has the CRL's key", len(found))
		}
	}
	linear(t, "CRL issuer", took[0], took[1])
}
