package certcheck

import (
	"bytes"
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"go/build"
	"io/fs"
	"math/big"
	mrand "math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint/input"
	"software.sslmate.com/src/go-pkcs12"
)

// hostileIterations is the count the attacker writes: 2^31-1.
const hostileIterations = 1<<31 - 1

// within runs f and fails the test if it has not returned after d: a hang
// becomes a failure instead of a stuck run. The bound is a watchdog, far
// above what the code takes, never a speed assertion.
func within(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still running after %v: unbounded work", d)
	}
}

const watchdog = 60 * time.Second

func mustMarshal(t testing.TB, v any) []byte {
	t.Helper()
	b, err := asn1.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func explicit0(b []byte) asn1.RawValue {
	return asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: b}
}

// pbes2 returns PBES2 parameters (PBKDF2 with HMAC-SHA-256, AES-256-CBC).
func pbes2(t testing.TB, salt, iv []byte, iterations int) pkix.AlgorithmIdentifier {
	kdf := pbkdf2Params{
		Salt:       asn1.RawValue{FullBytes: mustMarshal(t, salt)},
		Iterations: iterations,
		Prf:        pkix.AlgorithmIdentifier{Algorithm: oidHMACSHA256, Parameters: asn1.NullRawValue},
	}
	params := pbes2Params{
		Kdf:              pkix.AlgorithmIdentifier{Algorithm: oidPBKDF2, Parameters: asn1.RawValue{FullBytes: mustMarshal(t, kdf)}},
		EncryptionScheme: pkix.AlgorithmIdentifier{Algorithm: oidAES256CBC, Parameters: asn1.RawValue{FullBytes: mustMarshal(t, iv)}},
	}
	return pkix.AlgorithmIdentifier{Algorithm: oidPBES2, Parameters: asn1.RawValue{FullBytes: mustMarshal(t, params)}}
}

// pbes2Encrypt encrypts plain with the empty password the way PBES2 does
// (the test's own code, so that the file is made without any hostile
// iteration count running).
func pbes2Encrypt(t testing.TB, plain []byte, iterations int) (pkix.AlgorithmIdentifier, []byte) {
	salt, iv := make([]byte, 8), make([]byte, 16)
	rand.Read(salt)
	rand.Read(iv)
	key := pbkdf2Key(sha256.New, []byte{0, 0}, salt, iterations, 32)
	block, _ := aes.NewCipher(key)
	pad := 16 - len(plain)%16
	for i := 0; i < pad; i++ {
		plain = append(plain, byte(pad))
	}
	out := make([]byte, len(plain))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, plain)
	return pbes2(t, salt, iv, iterations), out
}

func dataSafe(t testing.TB, bags []pfxSafeBag) pfxContentInfo {
	return pfxContentInfo{ContentType: oidDataContentType, Content: explicit0(mustMarshal(t, mustMarshal(t, bags)))}
}

func encryptedSafe(t testing.TB, alg pkix.AlgorithmIdentifier, ciphertext []byte) pfxContentInfo {
	ed := pfxEncryptedData{EncryptedContentInfo: pfxEncryptedContentInfo{
		ContentType: oidDataContentType, ContentEncryptionAlgorithm: alg, EncryptedContent: ciphertext}}
	return pfxContentInfo{ContentType: oidEncryptedDataContentType, Content: explicit0(mustMarshal(t, ed))}
}

// shroudedKey is a key bag whose encryption asks for iterations; its
// ciphertext is never meant to be decrypted.
func shroudedKey(t testing.TB, iterations int) pfxSafeBag {
	info := pfxEncryptedPrivateKeyInfo{Algorithm: pbes2(t, make([]byte, 8), make([]byte, 16), iterations), EncryptedData: make([]byte, 48)}
	return pfxSafeBag{ID: oidShroudedKeyBag, Value: explicit0(mustMarshal(t, info))}
}

// buildPFX writes a PFX around safes; macAlg is the MAC algorithm (nil for
// none), with macIterations, and a real HMAC-SHA-256 for the empty password
// when macIterations is small enough to compute here.
func buildPFX(t testing.TB, safes []pfxContentInfo, macAlg asn1.ObjectIdentifier, macIterations int) []byte {
	content := mustMarshal(t, safes)
	pdu := pfxPDU{Version: 3, AuthSafe: pfxContentInfo{ContentType: oidDataContentType, Content: explicit0(mustMarshal(t, content))}}
	if macAlg != nil {
		salt := make([]byte, 8)
		digest := make([]byte, 32)
		if macIterations <= MaxPFXIterations && macAlg.Equal(oidSHA256) {
			key := pkcs12KDF(sha256.New, 32, 64, salt, []byte{0, 0}, macIterations, 3, 32)
			m := hmac.New(sha256.New, key)
			m.Write(content)
			digest = m.Sum(nil)
		}
		pdu.MacData = pfxMacData{Mac: pfxDigestInfo{Algorithm: pkix.AlgorithmIdentifier{Algorithm: macAlg, Parameters: asn1.NullRawValue}, Digest: digest}, MacSalt: salt, Iterations: macIterations}
	}
	return mustMarshal(t, pdu)
}

// pbmac1 is a PBMAC1 MAC algorithm whose PBKDF2 asks for iterations.
func pbmac1(t testing.TB, iterations int) pkix.AlgorithmIdentifier {
	kdf := pbkdf2Params{Salt: asn1.RawValue{FullBytes: mustMarshal(t, make([]byte, 8))}, Iterations: iterations, KeyLength: 32,
		Prf: pkix.AlgorithmIdentifier{Algorithm: oidHMACSHA256, Parameters: asn1.NullRawValue}}
	params := pbmac1Params{
		Kdf:    pkix.AlgorithmIdentifier{Algorithm: oidPBKDF2, Parameters: asn1.RawValue{FullBytes: mustMarshal(t, kdf)}},
		MacAlg: pkix.AlgorithmIdentifier{Algorithm: oidHMACSHA256, Parameters: asn1.NullRawValue},
	}
	return pkix.AlgorithmIdentifier{Algorithm: oidPBMAC1, Parameters: asn1.RawValue{FullBytes: mustMarshal(t, params)}}
}

// hostilePFXs are the files of the report, each about 1 KB: every place a
// PFX names an iteration count, at 2^31-1, and at 2x10^7 (7.8 s before
// the fix).
func hostilePFXs(t testing.TB) map[string][]byte {
	pbe := func(n int) pkix.AlgorithmIdentifier {
		return pkix.AlgorithmIdentifier{Algorithm: oidPBEWithSHA3DES, Parameters: asn1.RawValue{FullBytes: mustMarshal(t, pbeParams{Salt: make([]byte, 8), Iterations: n})}}
	}
	cert := pfxSafeBag{ID: oidCertBag, Value: explicit0(mustMarshal(t, struct {
		ID   asn1.ObjectIdentifier
		Data []byte `asn1:"tag:0,explicit"`
	}{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 22, 1}, []byte{0x30, 0}}))}
	// A shrouded key with 2^31-1 iterations hidden in a part encrypted
	// with the empty password and a normal count: only visible once that
	// part is decrypted.
	inner := mustMarshal(t, []pfxSafeBag{shroudedKey(t, hostileIterations), cert})
	hiddenAlg, hidden := pbes2Encrypt(t, inner, 2048)
	pbmacPDU := func(n int) []byte {
		content := mustMarshal(t, []pfxContentInfo{dataSafe(t, []pfxSafeBag{cert})})
		pdu := pfxPDU{Version: 3, AuthSafe: pfxContentInfo{ContentType: oidDataContentType, Content: explicit0(mustMarshal(t, content))},
			MacData: pfxMacData{Mac: pfxDigestInfo{Algorithm: pbmac1(t, n), Digest: make([]byte, 32)}, MacSalt: []byte{0}, Iterations: 1}}
		return mustMarshal(t, pdu)
	}
	return map[string][]byte{
		"mac":              buildPFX(t, []pfxContentInfo{dataSafe(t, []pfxSafeBag{cert})}, oidSHA256, hostileIterations),
		"mac-sha1-2e7":     buildPFX(t, []pfxContentInfo{dataSafe(t, []pfxSafeBag{cert})}, oidSHA1, 20_000_000),
		"pbmac1":           pbmacPDU(hostileIterations),
		"pbes2-no-mac":     buildPFX(t, []pfxContentInfo{encryptedSafe(t, pbes2(t, make([]byte, 8), make([]byte, 16), hostileIterations), make([]byte, 64))}, nil, 0),
		"pbe-3des-no-mac":  buildPFX(t, []pfxContentInfo{encryptedSafe(t, pbe(hostileIterations), make([]byte, 64))}, nil, 0),
		"shrouded-key":     buildPFX(t, []pfxContentInfo{dataSafe(t, []pfxSafeBag{shroudedKey(t, hostileIterations), cert})}, nil, 0),
		"hidden-key":       buildPFX(t, []pfxContentInfo{encryptedSafe(t, hiddenAlg, hidden)}, nil, 0),
		"hidden-key-mac":   buildPFX(t, []pfxContentInfo{encryptedSafe(t, hiddenAlg, hidden)}, oidSHA256, 2048),
		"shrouded-key-2e7": buildPFX(t, []pfxContentInfo{dataSafe(t, []pfxSafeBag{shroudedKey(t, 20_000_000), cert})}, oidSHA256, 2048),
	}
}

// loadBytes reads data as the input layer would and loads it: the bundle
// holds what could not be read (IN005) in its Problems.
func loadBytes(name string, data []byte, passwords ...string) (*Bundle, *input.File) {
	f := input.Read(name, data, input.Limits{})
	return Load(fileOf(f), LoadOptions{Passwords: passwords}), f
}

// fileOf is the certificate file the input layer read.
func fileOf(f *input.File) File { return File{Name: f.Name, Raw: f.Raw, Text: f.Text} }

// TestPFXIterationsCapped loads a PFX asking for 2^31-1 (or 2x10^7)
// iterations in each place a count can be: each is refused with a problem
// naming the count and the cap, before any key derivation (none is
// counted), and the password given appears nowhere.
func TestPFXIterationsCapped(t *testing.T) {
	const secret = "Sup3r-Secret-Passphrase"
	for name, data := range hostilePFXs(t) {
		if len(data) > 2048 {
			t.Errorf("%s: %d bytes, want a file of about 1 KB", name, len(data))
		}
		var b *Bundle
		before := kdfIterations.Load()
		within(t, watchdog, func() { b, _ = loadBytes(name+".pfx", data, secret) })
		derived := kdfIterations.Load() - before
		var msgs []string
		for _, p := range b.Problems {
			msgs = append(msgs, p.Message)
		}
		all := strings.Join(msgs, "\n")
		want := "20000000"
		if !strings.Contains(name, "2e7") {
			want = "2147483647"
		}
		if len(b.Certs) != 0 || !strings.Contains(all, want) || !strings.Contains(all, "100000") {
			t.Errorf("%s: %d certificates, problems %q; want an IN005 problem naming %s and the cap 100000", name, len(b.Certs), msgs, want)
		}
		if strings.Contains(all, secret) {
			t.Errorf("%s: the password appears in %q", name, msgs)
		}
		// Only the hidden keys need the part that hides them decrypted
		// (2048 iterations for the key, two blocks' worth for the MAC).
		if limit := int64(8 * 2048); derived > limit {
			t.Errorf("%s: %d key-derivation iterations run before refusing, want at most %d", name, derived, limit)
		}
	}
}

// TestPFXMalformedNoPanic damages the hostile PFX files byte by byte and
// by truncation: each load ends in problems, never a panic or a hang.
func TestPFXMalformedNoPanic(t *testing.T) {
	rng := mrand.New(mrand.NewSource(9))
	for name, data := range hostilePFXs(t) {
		within(t, watchdog, func() {
			for i := 0; i < 300; i++ {
				d := append([]byte{}, data...)
				switch i % 3 {
				case 0:
					d[rng.Intn(len(d))] ^= byte(1 + rng.Intn(255))
				case 1:
					d = d[:rng.Intn(len(d))]
				default:
					d[rng.Intn(len(d))] = byte(rng.Intn(256))
					d[rng.Intn(len(d))] = 0x80 // indefinite lengths, for the BER path
				}
				b, _ := loadBytes(name, d, "x")
				if len(b.Certs) == 0 && len(b.Problems) == 0 {
					t.Errorf("%s mutation %d: nothing read and no problem", name, i)
				}
			}
		})
	}
}

// TestPFXWorkBudget opens a legitimate PFX whose counts are each under the
// cap: with one password it loads, each key derivation running once (the
// MAC for the two encodings of the empty password and for the right one,
// the encrypted part, the key: 5 times 90,000); with so many passwords
// that the total would pass MaxPFXWork it is refused before any key
// derivation.
func TestPFXWorkBudget(t *testing.T) {
	const iterations = 90_000
	pfx := modernPFX(t, iterations, "right")
	before := kdfIterations.Load()
	b, _ := loadBytes("budget.pfx", pfx, "right")
	if len(b.Certs) != 1 || len(b.Problems) != 0 {
		t.Fatalf("with one password: %d certificates, problems %v; want the certificate", len(b.Certs), b.Problems)
	}
	if n := kdfIterations.Load() - before; n != 5*iterations {
		t.Errorf("with one password: %d key-derivation iterations, want %d (each derivation once)", n, 5*iterations)
	}
	before = kdfIterations.Load()
	b, _ = loadBytes("budget.pfx", pfx, "w1", "w2", "w3", "w4", "w5", "w6", "w7", "right")
	if len(b.Certs) != 0 || len(b.Problems) != 1 || !strings.Contains(b.Problems[0].Message, "at most 1000000 are spent on one file") {
		t.Fatalf("with eight passwords: %d certificates, problems %v; want a refusal naming the budget", len(b.Certs), b.Problems)
	}
	if n := kdfIterations.Load() - before; n != 0 {
		t.Errorf("%d key-derivation iterations run before refusing, want none", n)
	}
}

// TestPFXReadOnce checks that the package reads a PFX with its own code
// only: before issue 9's review, go-pkcs12 read every PFX again after the
// guard, deriving the MAC key and the keys of the encrypted parts a second
// time, uncounted. With go-pkcs12 gone from the package's imports, every
// key derivation is counted by kdfIterations (TestPFXWorkBudget checks
// the count).
func TestPFXReadOnce(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		if strings.Contains(imp, "pkcs12") {
			t.Errorf("the package imports %s: a PFX would be read twice", imp)
		}
	}
}

// modernPFX makes a PFX as Windows Server 2019 and OpenSSL 3 write them
// (SHA-256 MAC, PBES2 with AES-256), with the given iteration count.
func modernPFX(t testing.TB, iterations int, password string) []byte {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "budget"}, NotBefore: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pfx, err := pkcs12.Modern2023.WithIterations(iterations).Encode(key, cert, nil, password)
	if err != nil {
		t.Fatal(err)
	}
	return pfx
}

// TestPFXWorkPerFile puts 1,000 copies of a PFX whose password is not
// given (100,000 iterations each, the cap; the report's file took 66 s)
// in one PEM file: the key derivation of the whole file stays within
// MaxPFXWork, the PFX files past it are refused with a problem naming the
// budget, and a file of PFX files that open nothing still reaches
// MaxItems.
func TestPFXWorkPerFile(t *testing.T) {
	block := pem.EncodeToMemory(&pem.Block{Type: "PKCS12", Bytes: modernPFX(t, MaxPFXIterations, "unknown")})
	var b *Bundle
	before := kdfIterations.Load()
	within(t, watchdog, func() { b, _ = loadBytes("many.pem", bytes.Repeat(block, 1000)) })
	if n := kdfIterations.Load() - before; n > MaxPFXWork {
		t.Errorf("%d key-derivation iterations for one file, want at most %d", n, MaxPFXWork)
	}
	msgs := problemsOf(b)
	refused := 0
	for _, m := range msgs {
		if strings.Contains(m, "at most 1000000 are spent on one file") {
			refused++
		}
	}
	if refused < MaxProblems/2 || !strings.Contains(msgs[len(msgs)-1], "more problems in this file") {
		t.Errorf("problems %q; want the PFX files past the budget refused, and the problems capped", msgs)
	}

	// PFX files that fail count as items: 10,005 of them stop at MaxItems.
	small := pem.EncodeToMemory(&pem.Block{Type: "PKCS12", Bytes: modernPFX(t, 1, "unknown")})
	within(t, watchdog, func() { b, _ = loadBytes("items.pem", bytes.Repeat(small, MaxItems+5)) })
	if msgs := problemsOf(b); !strings.Contains(strings.Join(msgs, "\n"), "the file holds 5 more items") {
		t.Errorf("problems %q; want the 5 PFX files past MaxItems counted", msgs[max(0, len(msgs)-3):])
	}
}

// samplesDir holds the real PFX files of /work/shared/samples, beside
// the repository in CI; a clone elsewhere does not have it.
const samplesDir = "../../shared/samples/certs/dotnet"

// pfxFixtures are the PFX files of the repository with the password that
// opens them.
func pfxFixtures(t *testing.T) map[string]string {
	pw, err := os.ReadFile("../fixtures/pki/pfx-password.txt")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, p := range []string{"../fixtures/pki/*.pfx", "../fixtures/openssl/*.pfx", "../fixtures/pki/broken/*.pfx"} {
		matches, _ := filepath.Glob(p)
		for _, m := range matches {
			files[m] = strings.TrimSpace(string(pw))
		}
	}
	openssl, err := os.ReadFile("../fixtures/openssl/pfx-password.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"../fixtures/openssl/server-aes.pfx", "../fixtures/openssl/server-legacy.pfx"} {
		files[m] = strings.TrimSpace(string(openssl))
	}
	files["../fixtures/pki/broken/certificates-only.pfx"] = "Passw0rd!"
	return files
}

// pfxSamples are the real PFX files of samplesDir with the password that
// opens them (the empty one when it is not known).
func pfxSamples() map[string]string {
	files := map[string]string{}
	samples, _ := filepath.Glob(filepath.Join(samplesDir, "*.pfx"))
	for _, m := range samples {
		switch {
		case strings.Contains(m, "TestDataCertificates-"):
			files[m] = "PLACEHOLDER"
		case strings.Contains(m, "System.Net.TestData-"):
			files[m] = "testcertificate"
		default:
			files[m] = ""
		}
	}
	return files
}

// comparePFX opens the real file path with the empty password, then pw,
// with go-pkcs12 and with aovpnlint's reader: wherever go-pkcs12 opens it, aovpnlint
// opens it too, with the same certificates in the same order and the same
// private key, spends exactly the key-derivation work it counts, and the
// loader reads every certificate without a problem; where no password
// given opens it for go-pkcs12, none opens it for aovpnlint. Where
// go-pkcs12 fails for another reason (no private key, several, one Go
// cannot parse), aovpnlint may read the certificates. It reports whether
// go-pkcs12 opened the file.
func comparePFX(t *testing.T, path, pw string) bool {
	t.Helper()
	der, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	// The empty password first, then pw, as the loader tries them.
	var key any
	var leaf *x509.Certificate
	var cas []*x509.Certificate
	var libErr error
	for _, p := range []string{"", pw} {
		if key, leaf, cas, libErr = pkcs12.DecodeChain(der, p); !errors.Is(libErr, pkcs12.ErrIncorrectPassword) {
			break
		}
	}
	before := kdfIterations.Load()
	o := openPFX(der, []string{pw}, MaxItems, MaxPFXWork)
	if ran := kdfIterations.Load() - before; ran != int64(o.spent) {
		t.Errorf("%s: %d key-derivation iterations ran, %d counted", path, ran, o.spent)
	}
	if libErr != nil {
		if errors.Is(libErr, pkcs12.ErrIncorrectPassword) && !errors.Is(o.err, errPFXPassword) {
			t.Errorf("%s: no password opens it for go-pkcs12 (%v), aovpnlint: %v %q", path, libErr, o.err, o.refusal)
		}
		return false
	}
	if o.err != nil || o.refusal != "" {
		t.Errorf("%s: go-pkcs12 opens it, aovpnlint fails: %v %s", path, o.err, o.refusal)
		return true
	}
	want := append([]*x509.Certificate{leaf}, cas...)
	if len(o.certs) != len(want) {
		t.Errorf("%s: %d certificates, go-pkcs12 %d", path, len(o.certs), len(want))
		return true
	}
	for i := range want {
		if !o.certs[i].Equal(want[i]) {
			t.Errorf("%s: certificate %d differs from go-pkcs12's", path, i)
		}
	}
	if k, ok := o.key.(interface{ Equal(crypto.PrivateKey) bool }); !ok || !k.Equal(key) {
		t.Errorf("%s: the private key differs from go-pkcs12's", path)
	}
	b, _ := loadBytes(path, der, pw)
	if len(b.Problems) != 0 || len(b.Certs) != len(want) {
		t.Errorf("%s: %d certificates, problems %v; want %d", path, len(b.Certs), b.Problems, len(want))
	}
	return true
}

// TestPFXGuardOpensRealFiles checks aovpnlint's PFX reader against
// go-pkcs12 on real files (Windows, .NET, OpenSSL, go-pkcs12; SHA-1 and
// SHA-256 MACs, RC2-40, 3DES and AES parts), each with its password and
// with a wrong one: the same outcome, and where go-pkcs12 opens a file,
// the same certificates and key. The samples of /work/shared are checked
// when they are beside the repository (always in CI); a clone elsewhere
// checks the fixtures and says the samples were skipped.
func TestPFXGuardOpensRealFiles(t *testing.T) {
	opened := 0
	for path, pw := range pfxFixtures(t) {
		if comparePFX(t, path, pw) {
			opened++
		}
		comparePFX(t, path, "wrong password")
	}
	if opened < 5 {
		t.Errorf("only %d PFX fixtures opened; the repository should give at least 5", opened)
	}
	if _, err := os.Stat(samplesDir); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is not beside the repository: only the %d fixtures were checked", samplesDir, opened)
	}
	samples := 0
	for path, pw := range pfxSamples() {
		if comparePFX(t, path, pw) {
			samples++
		}
		comparePFX(t, path, "wrong password")
	}
	if samples < 5 {
		t.Errorf("only %d real PFX files of %s opened; it should give at least 5", samples, samplesDir)
	}
}
