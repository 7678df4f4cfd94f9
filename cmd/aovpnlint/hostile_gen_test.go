package main

// Generators of the hostile inputs of issue 9. Everything is made at run
// time, at the sizes the issue gives, so that the repository stays small.

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// hostileAt is the evaluation time of every run that checks certificates,
// inside the validity of the generated ones.
const hostileAt = "2030-01-01T00:00:00Z"

var (
	certNotBefore = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	certNotAfter  = time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC)
)

// writeFile writes data to dir/name and returns the path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// inputSize is the number of bytes in the regular files named (folders
// walked); anything else counts as nothing.
func inputSize(t *testing.T, paths ...string) int64 {
	t.Helper()
	var n int64
	for _, p := range paths {
		filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				if info, err := d.Info(); err == nil {
					n += info.Size()
				}
			}
			return nil
		})
	}
	return n
}

// --- certificates ---

func ecKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func rsaKey(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// keyID is the subject key identifier used for pub: the SHA-1 of its
// encoding, as any value works as long as issuer and subject agree.
func keyID(t *testing.T, pub crypto.PublicKey) []byte {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha1.Sum(der)
	return sum[:]
}

// certSpec describes a certificate to make.
type certSpec struct {
	serial  int64
	subject pkix.Name
	ca      bool
	dns     []string
	ekus    []x509.ExtKeyUsage
	extra   []pkix.Extension
	pub     crypto.PublicKey // the subject's key
	// issuer and signer: the issuer's name and key; the certificate is
	// self-issued when issuer is empty.
	issuer pkix.Name
	signer crypto.Signer
}

// makeCert returns the DER of the certificate s describes.
func makeCert(t *testing.T, s certSpec) []byte {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(s.serial), Subject: s.subject,
		NotBefore: certNotBefore, NotAfter: certNotAfter,
		BasicConstraintsValid: true, IsCA: s.ca,
		DNSNames: s.dns, ExtKeyUsage: s.ekus, ExtraExtensions: s.extra,
		SubjectKeyId: keyID(t, s.pub),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	if s.ca {
		tmpl.KeyUsage |= x509.KeyUsageCertSign | x509.KeyUsageCRLSign
	}
	issuer := s.issuer
	if len(issuer.Names) == 0 && issuer.CommonName == "" {
		issuer = s.subject
	}
	parent := &x509.Certificate{Subject: issuer, SubjectKeyId: keyID(t, s.signer.Public())}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, s.pub, s.signer)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func pemCerts(ders ...[]byte) []byte {
	var b bytes.Buffer
	for _, d := range ders {
		pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: d})
	}
	return b.Bytes()
}

func certName(cn string) pkix.Name {
	return pkix.Name{CommonName: cn, Organization: []string{"Hostile"}}
}

// --- DER by hand ---

// tlv encodes a DER element with a definite length.
func tlv(tag byte, content ...[]byte) []byte {
	n := 0
	for _, c := range content {
		n += len(c)
	}
	out := make([]byte, 0, n+6)
	out = append(out, tag)
	switch {
	case n < 0x80:
		out = append(out, byte(n))
	case n < 1<<8:
		out = append(out, 0x81, byte(n))
	case n < 1<<16:
		out = append(out, 0x82, byte(n>>8), byte(n))
	case n < 1<<24:
		out = append(out, 0x83, byte(n>>16), byte(n>>8), byte(n))
	default:
		out = append(out, 0x84, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
	for _, c := range content {
		out = append(out, c...)
	}
	return out
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	der, err := asn1.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

var (
	oidData          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidEncryptedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}
	oidSHA256        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidPBES2         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidHMACSHA256    = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}
	oidAES256CBC     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
)

// The PKCS#12 structures (RFC 7292), as far as the hostile files need.
type (
	p12ContentInfo struct {
		ContentType asn1.ObjectIdentifier
		Content     asn1.RawValue // [0] EXPLICIT, written by explicitContent
	}
	p12DigestInfo struct {
		Algorithm pkix.AlgorithmIdentifier
		Digest    []byte
	}
	p12MacData struct {
		Mac        p12DigestInfo
		MacSalt    []byte
		Iterations int
	}
	p12WithMAC struct {
		Version  int
		AuthSafe p12ContentInfo
		MacData  p12MacData
	}
	p12WithoutMAC struct {
		Version  int
		AuthSafe p12ContentInfo
	}
	p12EncryptedContentInfo struct {
		ContentType                asn1.ObjectIdentifier
		ContentEncryptionAlgorithm pkix.AlgorithmIdentifier
		EncryptedContent           []byte `asn1:"tag:0,optional"`
	}
	p12EncryptedData struct {
		Version              int
		EncryptedContentInfo p12EncryptedContentInfo
	}
	pbkdf2Params struct {
		Salt       []byte
		Iterations int
		Prf        pkix.AlgorithmIdentifier
	}
	pbes2Params struct {
		Kdf              pkix.AlgorithmIdentifier
		EncryptionScheme pkix.AlgorithmIdentifier
	}
)

// explicitContent is the [0] EXPLICIT content of a ContentInfo.
func explicitContent(t *testing.T, v any) asn1.RawValue {
	return asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: mustMarshal(t, v)}
}

// pfxMACIterations is a PFX of about 1 KB whose MAC (HMAC-SHA-256) asks
// for iter iterations of the PKCS#12 key derivation: whoever checks the
// MAC runs the KDF that many times before learning anything.
func pfxMACIterations(t *testing.T, iter int) []byte {
	t.Helper()
	filler := bytes.Repeat([]byte{0x5a}, 900)
	safe := mustMarshal(t, []p12ContentInfo{{ContentType: oidData, Content: explicitContent(t, filler)}})
	return mustMarshal(t, p12WithMAC{
		Version:  3,
		AuthSafe: p12ContentInfo{ContentType: oidData, Content: explicitContent(t, safe)},
		MacData: p12MacData{
			Mac:        p12DigestInfo{Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidSHA256, Parameters: asn1.NullRawValue}, Digest: make([]byte, 32)},
			MacSalt:    []byte("hostile!"),
			Iterations: iter,
		},
	})
}

// pfxPBES2Iterations is a PFX of about 1 KB without a MAC (so the empty
// password is accepted without one) whose one safe is encrypted with
// PBES2 (PBKDF2-HMAC-SHA-256, AES-256-CBC) of iter iterations.
func pfxPBES2Iterations(t *testing.T, iter int) []byte {
	t.Helper()
	kdf := pkix.AlgorithmIdentifier{Algorithm: oidPBKDF2, Parameters: asn1.RawValue{FullBytes: mustMarshal(t, pbkdf2Params{
		Salt: []byte("hostile!"), Iterations: iter,
		Prf: pkix.AlgorithmIdentifier{Algorithm: oidHMACSHA256, Parameters: asn1.NullRawValue},
	})}}
	enc := pkix.AlgorithmIdentifier{Algorithm: oidAES256CBC, Parameters: asn1.RawValue{FullBytes: mustMarshal(t, make([]byte, 16))}}
	alg := pkix.AlgorithmIdentifier{Algorithm: oidPBES2, Parameters: asn1.RawValue{FullBytes: mustMarshal(t, pbes2Params{Kdf: kdf, EncryptionScheme: enc})}}
	ed := p12EncryptedData{EncryptedContentInfo: p12EncryptedContentInfo{
		ContentType: oidData, ContentEncryptionAlgorithm: alg, EncryptedContent: bytes.Repeat([]byte{0xa5}, 864),
	}}
	safe := mustMarshal(t, []p12ContentInfo{{ContentType: oidEncryptedData, Content: explicitContent(t, ed)}})
	return mustMarshal(t, p12WithoutMAC{
		Version:  3,
		AuthSafe: p12ContentInfo{ContentType: oidData, Content: explicitContent(t, safe)},
	})
}

// pkcs7 is a degenerate PKCS#7 SignedData (a .p7b) whose certificates
// field holds the given elements as they are.
func pkcs7(t *testing.T, certs [][]byte) []byte {
	t.Helper()
	signed := tlv(0x30,
		mustMarshal(t, 1),
		tlv(0x31),
		tlv(0x30, mustMarshal(t, oidData)),
		tlv(0xa0, certs...),
		tlv(0x31),
	)
	return tlv(0x30, mustMarshal(t, oidSignedData), tlv(0xa0, signed))
}

// sstOfEmpty is a Windows serialized store of n certificate elements
// (id 32) of length zero, with the end marker.
func sstOfEmpty(n int) []byte {
	elem := []byte{32, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}
	b := make([]byte, 0, 8+12*(n+1))
	b = append(b, 0, 0, 0, 0, 'C', 'E', 'R', 'T')
	for range n {
		b = append(b, elem...)
	}
	return append(b, make([]byte, 12)...)
}

// crossSigned returns m certificates with subject X and key A signed by
// key B, m with subject X and key B signed by key A (no self-signed one
// among them, and every one an issuer of every other of the other key),
// a leaf issued by X with key A, and an unrelated self-signed root (so
// that there is a trust anchor and chains are built): a search of every
// path from the leaf explores m^depth of them.
func crossSigned(t *testing.T, m int) (pool, leaf, root []byte) {
	t.Helper()
	a, b := rsaKey(t), rsaKey(t)
	x := certName("Cross CA")
	var ders [][]byte
	for i := range m {
		ders = append(ders,
			makeCert(t, certSpec{serial: int64(2*i + 1), subject: x, ca: true, pub: a.Public(), issuer: x, signer: b}),
			makeCert(t, certSpec{serial: int64(2*i + 2), subject: x, ca: true, pub: b.Public(), issuer: x, signer: a}))
	}
	l := makeCert(t, certSpec{serial: 99999, subject: certName("cross.example"), dns: []string{"cross.example"},
		ekus: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, pub: ecKey(t).Public(), issuer: x, signer: a})
	r := ecKey(t)
	return pemCerts(ders...), pemCerts(l), pemCerts(makeCert(t, certSpec{serial: 1, subject: certName("Unrelated Root"), ca: true, pub: r.Public(), signer: r}))
}

// sameSubjectCAs returns n self-signed CA certificates with one subject
// and one key (each an issuer of all of them), and a leaf they all issued.
func sameSubjectCAs(t *testing.T, n int) (cas, leaf []byte) {
	t.Helper()
	k := ecKey(t)
	x := certName("Same Subject CA")
	var b bytes.Buffer
	for i := range n {
		pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: makeCert(t, certSpec{serial: int64(i + 1), subject: x, ca: true, pub: k.Public(), signer: k})})
	}
	l := makeCert(t, certSpec{serial: 1 << 40, subject: certName("same.example"), dns: []string{"same.example"},
		ekus: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, pub: ecKey(t).Public(), issuer: x, signer: k})
	return b.Bytes(), pemCerts(l)
}

// smallLeaf is a short leaf certificate (ECDSA P-256, short names, no
// extension but the key identifiers and EKU).
func smallLeaf(t *testing.T) []byte {
	t.Helper()
	k := ecKey(t)
	return makeCert(t, certSpec{serial: 7, subject: pkix.Name{CommonName: "l"}, pub: k.Public(),
		ekus: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, issuer: pkix.Name{CommonName: "i"}, signer: ecKey(t)})
}

// hugeRSACert is a certificate for an RSA public key with a random odd
// modulus of bits bits (no private key exists), signed by a small ECDSA
// key.
func hugeRSACert(t *testing.T, bits int) []byte {
	t.Helper()
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), uint(bits)))
	if err != nil {
		t.Fatal(err)
	}
	n.SetBit(n, bits-1, 1)
	n.SetBit(n, 0, 1)
	return makeCert(t, certSpec{serial: 3, subject: certName("huge modulus"), pub: &rsa.PublicKey{N: n, E: 65537},
		issuer: certName("Small ECDSA CA"), signer: ecKey(t)})
}

// stepProvisionerCert is a certificate with the smallstep provisioner
// extension (1.3.6.1.4.1.37476.9000.64.1) whose type is -1:
// certinfo indexes its table of type names with it.
func stepProvisionerCert(t *testing.T) []byte {
	t.Helper()
	val := mustMarshal(t, struct {
		Type         int
		Name         []byte
		CredentialID []byte
	}{-1, []byte("hostile provisioner " + strings.Repeat("p", 44)), []byte("credential")})
	ext := pkix.Extension{Id: asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 37476, 9000, 64, 1}, Value: val}
	return makeCert(t, certSpec{serial: 5, subject: certName("step.example"), dns: []string{"step.example"},
		ekus: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, extra: []pkix.Extension{ext},
		pub: ecKey(t).Public(), issuer: certName("Step CA"), signer: ecKey(t)})
}

// --- documents ---

// examplesProfile is the example profile of examples/vpn, a complete
// user tunnel.
func examplesProfile(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("examples/vpn/ProfileXML_User.xml")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// benignLargeProfile is the example profile with 29,900 routes added: a
// correct profile of about 90,000 elements (2.2 MB), under the limit of
// 100,000. Its time per byte sets how much linear work a case may do.
func benignLargeProfile() ([]byte, error) {
	data, err := os.ReadFile("examples/vpn/ProfileXML_User.xml")
	if err != nil {
		return nil, err
	}
	s := string(data)
	i := strings.LastIndex(s, "</VPNProfile>")
	if i < 0 {
		return nil, fmt.Errorf("examples/vpn/ProfileXML_User.xml has no </VPNProfile>")
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for n := range 29900 {
		fmt.Fprintf(&b, "  <Route><Address>10.%d.%d.0</Address><PrefixSize>24</PrefixSize></Route>\n", n>>8&255, n&255)
	}
	b.WriteString(s[i:])
	return []byte(b.String()), nil
}

// nearLimitElements is how many empty elements the documents "near the
// limit" hold under their root: 99,991 elements with the root, under the
// limit of 100,000 per document.
const nearLimitElements = 99_990

// nearLimitProfile is a ProfileXML of nearLimitElements empty elements
// under the root.
func nearLimitProfile() string {
	return "<VPNProfile>" + strings.Repeat("<a/>", nearLimitElements) + "</VPNProfile>"
}

// pskProfile is an L2TP profile whose L2tpPsk element holds psk as written
// (escaped, CDATA or elements as the caller wrote them).
func pskProfile(psk string) string {
	return "<VPNProfile><NativeProfile><Servers>vpn.example.com</Servers>" +
		"<RoutingPolicyType>SplitTunnel</RoutingPolicyType><NativeProtocolType>L2TP</NativeProtocolType>" +
		"<Authentication><UserMethod>MSChapv2</UserMethod></Authentication>" +
		"<L2tpPsk>" + psk + "</L2tpPsk></NativeProfile>" +
		"<Route><Address>10.20.0.0</Address><PrefixSize>16</PrefixSize></Route></VPNProfile>\n"
}

// intuneExport wraps base64 ProfileXML values in an Intune Graph export.
func intuneExport(values ...string) []byte {
	var b strings.Builder
	b.WriteString(`{"@odata.type":"#microsoft.graph.windows10CustomConfiguration","displayName":"hostile","omaSettings":[`)
	for i, v := range values {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"@odata.type":"#microsoft.graph.omaSettingStringXml","displayName":"ProfileXML %d","omaUri":"./User/Vendor/MSFT/VPNv2/Hostile%d/ProfileXML","fileName":"p%d.xml","value":"%s"}`, i, i, i, v)
	}
	b.WriteString("]}\n")
	return []byte(b.String())
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// wmiListing is a Format-List listing whose ProfileXML is profile on one
// line.
func wmiListing(profile string) []byte {
	return []byte("InstanceID              : Hostile\r\nParentID                : ./Vendor/MSFT/VPNv2\r\nProfileXML              : " +
		strings.ReplaceAll(profile, "\n", "") + "\r\n")
}
