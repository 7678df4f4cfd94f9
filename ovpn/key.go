package ovpn

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"fmt"
	"math/big"
	"strings"
	"sync"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
)

// The limits of ReadKey.
const (
	// MaxKeyDER is the largest DER private key ReadKey reads: an RSA key
	// of MaxRSABits in PKCS#8 takes about 9.5 KiB.
	MaxKeyDER = 16 << 10
	// MaxRSABits is the largest RSA modulus ReadKey accepts.
	MaxRSABits = 16384
)

// The object identifiers of the key algorithms and curves ReadKey reads.
var (
	oidRSA     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidRSAPSS  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}
	oidEC      = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidEd25519 = asn1.ObjectIdentifier{1, 3, 101, 112}
	// curves holds functions, not curves: the first call of any of them
	// builds all four (crypto/elliptic's initAll), which a run that reads
	// no EC key should not pay for at start-up.
	curves = []struct {
		oid   asn1.ObjectIdentifier
		curve func() elliptic.Curve
	}{
		{asn1.ObjectIdentifier{1, 3, 132, 0, 33}, elliptic.P224},
		{asn1.ObjectIdentifier{1, 2, 840, 10045, 3, 1, 7}, elliptic.P256},
		{asn1.ObjectIdentifier{1, 3, 132, 0, 34}, elliptic.P384},
		{asn1.ObjectIdentifier{1, 3, 132, 0, 35}, elliptic.P521},
	}
	// otherAlgorithms names key algorithms ReadKey knows but does not read.
	otherAlgorithms = map[string]string{
		"1.2.840.10040.4.1": "DSA", "1.3.101.110": "X25519", "1.3.101.111": "X448", "1.3.101.113": "Ed448",
	}
)

// keyLabels are the PEM labels of private keys, as OpenSSL writes them.
var keyLabels = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"PRIVATE KEY": true, "RSA PRIVATE KEY": true, "EC PRIVATE KEY": true, "ENCRYPTED PRIVATE KEY": true,
		"DSA PRIVATE KEY": true, "OPENSSH PRIVATE KEY": true, "ANY PRIVATE KEY": true,
	}
})

// ReadKey reads a PEM private key: the body of <key>, or a key file a
// profile names. It keeps only what a rule needs: the label, whether the
// key is encrypted, and the public key, taken from the ASN.1 (PKCS#1 n and
// e; PKCS#8 wrapping RSA, EC or Ed25519; SEC1 with its publicKey field, or
// derived from the private scalar when the field is absent). Nothing is
// validated beyond that: no rsa.PrivateKey is built, so no Validate or
// Precompute runs on a hostile key. DER over [MaxKeyDER] bytes and RSA
// moduli over [MaxRSABits] bits are refused with a Problem. The private
// material is cleared before ReadKey returns and no Problem quotes any of
// the key's bytes. Text before the BEGIN line (comments, blank lines) is
// skipped, as OpenSSL skips it; a second key after the first is not read.
func ReadKey(t *srctext.Text) *Key { return ReadKeyWith(t, nil) }

// ReadKeyWith is ReadKey for a key that may be encrypted: decrypt, when
// not nil, is given the DER of an encrypted PKCS#8 key (ENCRYPTED PRIVATE
// KEY) and returns its PKCS#8 DER when a password it knows decrypts it;
// the public key is then read from that, Encrypted stays true, and the
// decrypted bytes are cleared. Keys encrypted the legacy way (Proc-Type:
// 4,ENCRYPTED) are not decrypted.
func ReadKeyWith(t *srctext.Text, decrypt func(encrypted []byte) ([]byte, bool)) *Key {
	k := &Key{Pos: t.Pos(0)}
	data := t.Data
	at := -1
	for off := 0; off < len(data); {
		end := lineEnd(data, off, len(data))
		if isPEMBegin(bytes.TrimRight(data[off:end], " \t\r")) {
			at = off
			break
		}
		off = end + 1
	}
	if at < 0 {
		k.Problem = "it holds no PEM block (no -----BEGIN line); expected a private key in PEM"
		return k
	}
	k.Pos = t.Pos(at)
	end := lineEnd(data, at, len(data))
	begin := bytes.TrimRight(data[at:end], " \t\r")
	label, ok := strings.CutSuffix(string(begin[len("-----BEGIN "):min(len(begin), 100)]), "-----")
	if !ok || !keyLabels()[label] {
		k.Problem = "its PEM block is not a private key; expected -----BEGIN PRIVATE KEY----- or another private key label"
		if ok && isPlainLabel(label) {
			k.Label = label
			k.Problem = fmt.Sprintf("its PEM block is labelled %s, not a private key; expected -----BEGIN PRIVATE KEY----- or another private key label", label)
		}
		return k
	}
	k.Label = label
	b64, encrypted, problem := pemBody(data, end+1, label)
	defer clear(b64)
	if encrypted || label == "ENCRYPTED PRIVATE KEY" {
		k.Encrypted = true
		if decrypt != nil && !encrypted && problem == "" {
			k.Public = decryptPublic(b64, decrypt)
		}
		return k
	}
	if problem != "" {
		k.Problem = problem
		return k
	}
	der := make([]byte, base64.StdEncoding.DecodedLen(len(b64)))
	defer clear(der)
	n, err := base64.StdEncoding.Decode(der, b64)
	if err != nil {
		k.Problem = "its body is not valid base64; expected the base64 of the key's DER"
		return k
	}
	der = der[:n]
	if n > MaxKeyDER {
		k.Problem = tooLarge
		return k
	}
	switch label {
	case "RSA PRIVATE KEY":
		k.Public, k.Problem = readPKCS1(der)
	case "EC PRIVATE KEY":
		k.Public, k.Problem = readSEC1(der, nil)
	case "PRIVATE KEY":
		k.Public, k.Problem = readPKCS8(der)
	case "OPENSSH PRIVATE KEY":
		k.Problem = "it is an OpenSSH private key, which OpenVPN does not read; expected a PEM key in PKCS#8 (openssl pkey -in key -out key.pem)"
	default:
		k.Problem = fmt.Sprintf("a %s is not read; expected PKCS#8 (-----BEGIN PRIVATE KEY-----), PKCS#1 or SEC1", label)
	}
	return k
}

// isPlainLabel reports a label of capitals, digits and spaces, short
// enough to show.
func isPlainLabel(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ') {
			return false
		}
	}
	return true
}

// tooLarge is the problem of a key over MaxKeyDER.
var tooLarge = fmt.Sprintf("its body holds more than %d bytes of DER, more than any private key OpenVPN uses; the reader does not read it", MaxKeyDER)

// pemBody collects the base64 of a PEM block whose BEGIN line ends before
// from: it reports a legacy encrypted key (a Proc-Type header naming
// ENCRYPTED), and a problem when the END line is missing, the body is
// empty, or it is larger than MaxKeyDER can decode from.
func pemBody(data []byte, from int, label string) (b64 []byte, encrypted bool, problem string) {
	limit := base64.StdEncoding.EncodedLen(MaxKeyDER) + 4 // one more group: a body over the limit
	closed := false
	for off := from; off < len(data); {
		end := lineEnd(data, off, len(data))
		line := bytes.TrimSpace(data[off:end])
		off = end + 1
		if isPEMEnd(line) {
			closed = true
			break
		}
		if i := bytes.IndexByte(line, ':'); i > 0 {
			// A header: Proc-Type: 4,ENCRYPTED or DEK-Info: ...
			if bytes.Equal(line[:i], []byte("Proc-Type")) && bytes.Contains(line[i:], []byte("ENCRYPTED")) {
				encrypted = true
			}
			continue
		}
		if len(b64)+len(line) > limit {
			return b64, encrypted, tooLarge
		}
		b64 = append(b64, line...)
	}
	switch {
	case !closed:
		return b64, encrypted, fmt.Sprintf("its PEM block has no -----END %s----- line", label)
	case len(b64) == 0:
		return b64, encrypted, "its PEM block is empty; expected the key's base64 between the BEGIN and END lines"
	}
	return b64, encrypted, ""
}

// The ASN.1 structures read: only the fields before the private ones
// (encoding/asn1 ignores the elements of a SEQUENCE after a struct's
// fields).
type (
	pkcs1Public struct {
		Version int
		N, E    *big.Int
	}
	pkcs8Key struct {
		Version    int
		Algo       pkix.AlgorithmIdentifier
		PrivateKey []byte
	}
	sec1Key struct {
		Version    int
		PrivateKey []byte
		Curve      asn1.ObjectIdentifier `asn1:"optional,explicit,tag:0"`
		PublicKey  asn1.BitString        `asn1:"optional,explicit,tag:1"`
	}
)

// readPKCS1 takes n and e from an RSAPrivateKey.
func readPKCS1(der []byte) (crypto.PublicKey, string) {
	var k pkcs1Public
	if _, err := asn1.Unmarshal(der, &k); err != nil {
		return nil, "its DER is not an RSA private key (PKCS#1 RSAPrivateKey)"
	}
	switch {
	case k.N == nil || k.N.Sign() <= 0:
		return nil, "its RSA modulus is not a positive number"
	case k.N.BitLen() > MaxRSABits:
		return nil, fmt.Sprintf("its RSA modulus has %d bits, more than the %d the reader accepts", k.N.BitLen(), MaxRSABits)
	case k.E == nil || k.E.Sign() <= 0 || !k.E.IsInt64() || k.E.Int64() > 1<<31-1 || k.E.Int64() < 3:
		return nil, "its RSA public exponent is not a number between 3 and 2^31-1"
	}
	return &rsa.PublicKey{N: k.N, E: int(k.E.Int64())}, ""
}

// readPKCS8 reads the key a PKCS#8 PrivateKeyInfo wraps.
func readPKCS8(der []byte) (crypto.PublicKey, string) {
	var k pkcs8Key
	if _, err := asn1.Unmarshal(der, &k); err != nil {
		return nil, "its DER is not a PKCS#8 PrivateKeyInfo"
	}
	defer clear(k.PrivateKey)
	switch alg := k.Algo.Algorithm; {
	case alg.Equal(oidRSA), alg.Equal(oidRSAPSS):
		return readPKCS1(k.PrivateKey)
	case alg.Equal(oidEC):
		var curve asn1.ObjectIdentifier
		if _, err := asn1.Unmarshal(k.Algo.Parameters.FullBytes, &curve); err != nil {
			return nil, "its EC key does not name its curve; expected a named curve"
		}
		return readSEC1(k.PrivateKey, curve)
	case alg.Equal(oidEd25519):
		var seed []byte
		if _, err := asn1.Unmarshal(k.PrivateKey, &seed); err != nil || len(seed) != ed25519.SeedSize {
			return nil, "its Ed25519 key is not a 32-byte seed"
		}
		priv := ed25519.NewKeyFromSeed(seed)
		pub := priv.Public()
		clear(seed)
		clear(priv)
		return pub, ""
	default:
		if name, ok := otherAlgorithms[alg.String()]; ok {
			return nil, fmt.Sprintf("it is a %s key, which the reader does not compare with certificates", name)
		}
		return nil, fmt.Sprintf("its algorithm %s is not RSA, EC or Ed25519", alg)
	}
}

// readSEC1 reads an ECPrivateKey on the curve it names, or on curve when
// it names none (inside PKCS#8): the public key from its publicKey field
// when present, otherwise computed from the private scalar.
func readSEC1(der []byte, curve asn1.ObjectIdentifier) (crypto.PublicKey, string) {
	var k sec1Key
	if _, err := asn1.Unmarshal(der, &k); err != nil {
		return nil, "its DER is not an EC private key (SEC 1 ECPrivateKey)"
	}
	defer clear(k.PrivateKey)
	if len(k.Curve) > 0 {
		curve = k.Curve
	}
	var c elliptic.Curve
	for _, e := range curves {
		if e.oid.Equal(curve) {
			c = e.curve()
		}
	}
	if c == nil {
		return nil, fmt.Sprintf("its curve %s is not P-224, P-256, P-384 or P-521", curve)
	}
	if len(k.PublicKey.Bytes) > 0 {
		if pub, err := ecdsa.ParseUncompressedPublicKey(c, k.PublicKey.Bytes); err == nil {
			return pub, ""
		}
	}
	size := (c.Params().BitSize + 7) / 8
	if len(k.PrivateKey) > size {
		return nil, "its private scalar is longer than its curve allows"
	}
	scalar := make([]byte, size)
	defer clear(scalar)
	copy(scalar[size-len(k.PrivateKey):], k.PrivateKey)
	priv, err := ecdsa.ParseRawPrivateKey(c, scalar)
	if err != nil {
		return nil, "its private scalar is not valid for its curve"
	}
	pub := priv.PublicKey // a copy: the private key is not kept
	return &pub, ""
}

// decryptPublic returns the public key of an encrypted PKCS#8 key whose
// base64 is b64, when decrypt decrypts it; nil otherwise.
func decryptPublic(b64 []byte, decrypt func([]byte) ([]byte, bool)) crypto.PublicKey {
	der := make([]byte, base64.StdEncoding.DecodedLen(len(b64)))
	defer clear(der)
	n, err := base64.StdEncoding.Decode(der, b64)
	if err != nil || n > MaxKeyDER {
		return nil
	}
	plain, ok := decrypt(der[:n])
	if !ok {
		return nil
	}
	defer clear(plain)
	pub, problem := readPKCS8(plain)
	if problem != "" {
		return nil
	}
	return pub
}
