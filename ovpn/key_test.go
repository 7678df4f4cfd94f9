package ovpn_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"math/big"
	"strings"
	"sync"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/ovpn"
)

// testRSA is one RSA key for every test that needs one: generating keys
// is slow.
var testRSA = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

func pemOf(label string, der []byte, headers map[string]string) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: label, Headers: headers, Bytes: der}))
}

// sec1 is an ECPrivateKey as SEC 1 writes it, for building keys without
// the optional public key.
type sec1 struct {
	Version    int
	PrivateKey []byte
	Curve      asn1.ObjectIdentifier `asn1:"optional,explicit,tag:0"`
}

// TestReadKey reads each private key format OpenVPN accepts and compares
// the public key with the generated one.
func TestReadKey(t *testing.T) {
	rk := testRSA()
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ec384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	pkcs8 := func(k any) []byte {
		der, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		return der
	}
	sec1DER := func(k *ecdsa.PrivateKey) []byte {
		der, err := x509.MarshalECPrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		return der
	}
	scalar, _ := ec384.Bytes()
	noPublic, _ := asn1.Marshal(sec1{Version: 1, PrivateKey: scalar, Curve: asn1.ObjectIdentifier{1, 3, 132, 0, 34}})
	cases := []struct {
		name, text string
		want       crypto.PublicKey
	}{
		{"PKCS#1", pemOf("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rk), nil), &rk.PublicKey},
		{"PKCS#8 RSA after text", "# client key\n\n" + pemOf("PRIVATE KEY", pkcs8(rk), nil), &rk.PublicKey},
		{"PKCS#8 EC", pemOf("PRIVATE KEY", pkcs8(ec), nil), &ec.PublicKey},
		{"SEC1", pemOf("EC PRIVATE KEY", sec1DER(ec), nil), &ec.PublicKey},
		{"SEC1 without its public key", pemOf("EC PRIVATE KEY", noPublic, nil), &ec384.PublicKey},
		{"PKCS#8 Ed25519", pemOf("PRIVATE KEY", pkcs8(ed), nil), ed.Public()},
		{"CRLF", strings.ReplaceAll(pemOf("PRIVATE KEY", pkcs8(ec), nil), "\n", "\r\n"), &ec.PublicKey},
	}
	for _, tc := range cases {
		k := ovpn.ReadKey(srctext.New("k.pem", []byte(tc.text)))
		if k.Problem != "" || k.Encrypted || k.Public == nil {
			t.Errorf("%s: %+v", tc.name, k)
			continue
		}
		if !k.Public.(interface{ Equal(crypto.PublicKey) bool }).Equal(tc.want) {
			t.Errorf("%s: the public key read differs from the key's", tc.name)
		}
		if wantLine := strings.Count(tc.text[:strings.Index(tc.text, "-----BEGIN")], "\n") + 1; k.Pos.Line != wantLine {
			t.Errorf("%s: at line %d; want the BEGIN line %d", tc.name, k.Pos.Line, wantLine)
		}
	}
}

// TestReadKeyRefuses reads keys that are encrypted, not keys, or made to
// be expensive: each ends in Encrypted or a Problem, with no public key.
func TestReadKeyRefuses(t *testing.T) {
	rk := testRSA()
	big16k := new(big.Int).Lsh(big.NewInt(1), ovpn.MaxRSABits) // 16,385 bits
	hugeRSA, _ := asn1.Marshal(struct {
		Version int
		N, E    *big.Int
	}{0, big16k, big.NewInt(65537)})
	//lint:ignore SA1019 the legacy format is what the test needs
	legacy, err := x509.EncryptPEMBlock(rand.Reader, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rk), []byte("pw"), x509.PEMCipherAES256) //nolint:staticcheck
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, text string
		encrypted  bool
		problem    string
	}{
		{"PKCS#8 encrypted", pemOf("ENCRYPTED PRIVATE KEY", []byte("opaque"), nil), true, ""},
		{"legacy encrypted", string(pem.EncodeToMemory(legacy)), true, ""},
		{"no PEM", "nothing here\n", false, "no PEM block"},
		{"certificate", pemOf("CERTIFICATE", []byte{0x30, 0}, nil), false, "labelled CERTIFICATE"},
		{"empty", "-----BEGIN PRIVATE KEY-----\n\n-----END PRIVATE KEY-----\n", false, "empty"},
		{"no END", "-----BEGIN PRIVATE KEY-----\nMIIB\n", false, "no -----END PRIVATE KEY-----"},
		{"placeholder", "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n", false, "not valid base64"},
		{"not DER", pemOf("PRIVATE KEY", []byte("not der"), nil), false, "not a PKCS#8"},
		{"DER over 16 KiB", pemOf("PRIVATE KEY", make([]byte, ovpn.MaxKeyDER+1), nil), false, "more than 16384 bytes"},
		{"RSA modulus of 16,385 bits", pemOf("RSA PRIVATE KEY", hugeRSA, nil), false, "16385 bits"},
		{"OpenSSH", pemOf("OPENSSH PRIVATE KEY", []byte("openssh-key-v1"), nil), false, "OpenSSH"},
	}
	for _, tc := range cases {
		k := ovpn.ReadKey(srctext.New("k.pem", []byte(tc.text)))
		if k.Public != nil || k.Encrypted != tc.encrypted || !strings.Contains(k.Problem, tc.problem) || (tc.problem == "") != (k.Problem == "") {
			t.Errorf("%s: %+v; want encrypted %v and a problem with %q", tc.name, k, tc.encrypted, tc.problem)
		}
	}
}
