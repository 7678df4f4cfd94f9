package certcheck

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"hash"
	"sync/atomic"
	"unicode/utf16"

	"github.com/aovpnlint/aovpnlint/certcheck/internal/rc2"
)

// The cryptography of PKCS#12 (RFC 7292) that aovpnlint reads a PFX
// with: the MAC (PKCS#12 KDF or PBMAC1), the decryption of encrypted
// SafeContents and of the shrouded key (PKCS#12 PBE with 3DES or RC2,
// PBES2 with PBKDF2 and AES-CBC). It follows go-pkcs12 v0.7.4 (the
// algorithms it accepts, how it encodes passwords), so that what
// aovpnlint opens is what go-pkcs12 opens, but it knows the cost of every
// key derivation before it starts one, and it runs each once.

var (
	oidDataContentType          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidEncryptedDataContentType = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}

	oidKeyBag         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 1}
	oidShroudedKeyBag = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 2}
	oidCertBag        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 3}
	oidCertTypeX509   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 22, 1}

	oidPBEWithSHA3DES   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 3}
	oidPBEWithSHARC2128 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 5}
	oidPBEWithSHARC240  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 6}
	oidPBES2            = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2           = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidPBMAC1           = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 14}
	oidHMACSHA1         = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 7}
	oidHMACSHA256       = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}
	oidHMACSHA512       = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 11}
	oidSHA1             = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidSHA256           = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA512           = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
	oidAES128CBC        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 2}
	oidAES192CBC        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 22}
	oidAES256CBC        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
)

// The ASN.1 structures of a PFX, as go-pkcs12 declares them.
type (
	pfxPDU struct {
		Version  int
		AuthSafe pfxContentInfo
		MacData  pfxMacData `asn1:"optional"`
	}
	pfxContentInfo struct {
		ContentType asn1.ObjectIdentifier
		Content     asn1.RawValue `asn1:"tag:0,explicit,optional"`
	}
	pfxMacData struct {
		Mac        pfxDigestInfo
		MacSalt    []byte
		Iterations int `asn1:"optional,default:1"`
	}
	pfxDigestInfo struct {
		Algorithm pkix.AlgorithmIdentifier
		Digest    []byte
	}
	pfxEncryptedData struct {
		Version              int
		EncryptedContentInfo pfxEncryptedContentInfo
	}
	pfxEncryptedContentInfo struct {
		ContentType                asn1.ObjectIdentifier
		ContentEncryptionAlgorithm pkix.AlgorithmIdentifier
		EncryptedContent           []byte `asn1:"tag:0,optional"`
	}
	pfxSafeBag struct {
		ID         asn1.ObjectIdentifier
		Value      asn1.RawValue  `asn1:"tag:0,explicit"`
		Attributes []pfxAttribute `asn1:"set,optional"`
	}
	pfxAttribute struct {
		ID    asn1.ObjectIdentifier
		Value asn1.RawValue `asn1:"set"`
	}
	pfxEncryptedPrivateKeyInfo struct {
		Algorithm     pkix.AlgorithmIdentifier
		EncryptedData []byte
	}
	pbeParams struct {
		Salt       []byte
		Iterations int
	}
	pbes2Params struct {
		Kdf              pkix.AlgorithmIdentifier
		EncryptionScheme pkix.AlgorithmIdentifier
	}
	pbkdf2Params struct {
		Salt       asn1.RawValue
		Iterations int
		KeyLength  int                      `asn1:"optional"`
		Prf        pkix.AlgorithmIdentifier `asn1:"optional"`
	}
	pbmac1Params struct {
		Kdf    pkix.AlgorithmIdentifier
		MacAlg pkix.AlgorithmIdentifier
	}
)

// unmarshalAll is asn1.Unmarshal refusing trailing data, as go-pkcs12
// unmarshals.
func unmarshalAll(in []byte, out any) error {
	rest, err := asn1.Unmarshal(in, out)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return errors.New("trailing data found")
	}
	return nil
}

// errUnsupported marks an algorithm or parameter go-pkcs12 refuses before
// deriving any key.
var errUnsupported = errors.New("not supported")

// kdfIterations counts the key-derivation iterations this file's code
// has run, for the tests.
var kdfIterations atomic.Int64

// pbeIterations returns the iteration count an encryption algorithm (a
// PKCS#12 PBE or PBES2 with PBKDF2) asks for. The error wraps
// errUnsupported for what go-pkcs12 cannot decrypt.
func pbeIterations(alg pkix.AlgorithmIdentifier) (int, error) {
	switch {
	case alg.Algorithm.Equal(oidPBEWithSHA3DES), alg.Algorithm.Equal(oidPBEWithSHARC2128), alg.Algorithm.Equal(oidPBEWithSHARC240):
		var p pbeParams
		if err := unmarshalAll(alg.Parameters.FullBytes, &p); err != nil {
			return 0, fmt.Errorf("%w: PBE parameters: %v", errUnsupported, err)
		}
		return p.Iterations, nil
	case alg.Algorithm.Equal(oidPBES2):
		_, kdf, err := parsePBES2(alg)
		if err != nil {
			return 0, err
		}
		return kdf.Iterations, nil
	}
	return 0, fmt.Errorf("%w: encryption algorithm %s", errUnsupported, alg.Algorithm)
}

func parsePBES2(alg pkix.AlgorithmIdentifier) (pbes2Params, pbkdf2Params, error) {
	var p pbes2Params
	var kdf pbkdf2Params
	if err := unmarshalAll(alg.Parameters.FullBytes, &p); err != nil {
		return p, kdf, fmt.Errorf("%w: PBES2 parameters: %v", errUnsupported, err)
	}
	if !p.Kdf.Algorithm.Equal(oidPBKDF2) {
		return p, kdf, fmt.Errorf("%w: PBES2 key derivation %s", errUnsupported, p.Kdf.Algorithm)
	}
	if err := unmarshalAll(p.Kdf.Parameters.FullBytes, &kdf); err != nil {
		return p, kdf, fmt.Errorf("%w: PBKDF2 parameters: %v", errUnsupported, err)
	}
	if kdf.Salt.Tag != asn1.TagOctetString {
		return p, kdf, fmt.Errorf("%w: PBKDF2 salt that is not an OCTET STRING", errUnsupported)
	}
	return p, kdf, nil
}

func hmacPRF(oid asn1.ObjectIdentifier) (func() hash.Hash, bool) {
	switch {
	case oid == nil, oid.Equal(oidHMACSHA1):
		return sha1.New, true
	case oid.Equal(oidHMACSHA256):
		return sha256.New, true
	case oid.Equal(oidHMACSHA512):
		return sha512.New, true
	}
	return nil, false
}

// macIterations returns the iteration count of a PFX MAC: the MacData
// count, or the PBKDF2 count of a PBMAC1 MAC. The error wraps
// errUnsupported for what go-pkcs12 refuses before deriving a key.
func macIterations(m pfxMacData) (int, error) {
	if m.Mac.Algorithm.Algorithm.Equal(oidPBMAC1) {
		_, kdf, _, err := parsePBMAC1(m.Mac.Algorithm)
		return kdf.Iterations, err
	}
	if _, _, _, ok := macHash(m.Mac.Algorithm.Algorithm); !ok {
		return 0, fmt.Errorf("%w: MAC digest algorithm %s", errUnsupported, m.Mac.Algorithm.Algorithm)
	}
	return m.Iterations, nil
}

func parsePBMAC1(alg pkix.AlgorithmIdentifier) (prf func() hash.Hash, kdf pbkdf2Params, mac func() hash.Hash, err error) {
	var p pbmac1Params
	if err := unmarshalAll(alg.Parameters.FullBytes, &p); err != nil {
		return nil, kdf, nil, fmt.Errorf("%w: PBMAC1 parameters: %v", errUnsupported, err)
	}
	if !p.Kdf.Algorithm.Equal(oidPBKDF2) {
		return nil, kdf, nil, fmt.Errorf("%w: PBMAC1 key derivation %s", errUnsupported, p.Kdf.Algorithm)
	}
	if err := unmarshalAll(p.Kdf.Parameters.FullBytes, &kdf); err != nil {
		return nil, kdf, nil, fmt.Errorf("%w: PBKDF2 parameters: %v", errUnsupported, err)
	}
	if kdf.Salt.Tag != asn1.TagOctetString {
		return nil, kdf, nil, fmt.Errorf("%w: PBKDF2 salt that is not an OCTET STRING", errUnsupported)
	}
	prf, ok := hmacPRF(kdf.Prf.Algorithm)
	if !ok {
		return nil, kdf, nil, fmt.Errorf("%w: PBKDF2 PRF %s", errUnsupported, kdf.Prf.Algorithm)
	}
	mac, ok = hmacPRF(p.MacAlg.Algorithm)
	if !ok || p.MacAlg.Algorithm == nil {
		return nil, kdf, nil, fmt.Errorf("%w: PBMAC1 MAC %s", errUnsupported, p.MacAlg.Algorithm)
	}
	if kdf.KeyLength < 20 || kdf.KeyLength > 64 {
		return nil, kdf, nil, fmt.Errorf("%w: PBMAC1 key length %d", errUnsupported, kdf.KeyLength)
	}
	return prf, kdf, mac, nil
}

// macHash returns the hash of a classic PKCS#12 MAC with its output and
// block sizes (u and v of RFC 7292 appendix B).
func macHash(oid asn1.ObjectIdentifier) (h func() hash.Hash, u, v int, ok bool) {
	switch {
	case oid.Equal(oidSHA1):
		return sha1.New, 20, 64, true
	case oid.Equal(oidSHA256):
		return sha256.New, 32, 64, true
	case oid.Equal(oidSHA512):
		return sha512.New, 64, 128, true
	}
	return nil, 0, 0, false
}

// pfxMAC is the MAC of a PFX, read from its MacData before any key
// derivation.
type pfxMAC struct {
	data   pfxMacData
	pbmac1 bool
	prf    func() hash.Hash // PBMAC1: PBKDF2's PRF
	kdf    pbkdf2Params     // PBMAC1
	h      func() hash.Hash // the HMAC's hash
	u, v   int              // classic: output and block sizes of h
	// cost is the key-derivation work of one verification: iterations
	// times blocks derived, as kdfIterations counts it.
	cost int
}

// parseMAC reads the MAC algorithm of m; the error wraps errUnsupported
// for what go-pkcs12 refuses before deriving a key.
func parseMAC(m pfxMacData) (*pfxMAC, error) {
	p := &pfxMAC{data: m}
	if m.Mac.Algorithm.Algorithm.Equal(oidPBMAC1) {
		prf, kdf, mac, err := parsePBMAC1(m.Mac.Algorithm)
		if err != nil {
			return nil, err
		}
		p.pbmac1, p.prf, p.kdf, p.h = true, prf, kdf, mac
		p.cost = pbkdf2Cost(prf, kdf.Iterations, kdf.KeyLength)
		return p, nil
	}
	var ok bool
	if p.h, p.u, p.v, ok = macHash(m.Mac.Algorithm.Algorithm); !ok {
		return nil, fmt.Errorf("%w: MAC digest algorithm %s", errUnsupported, m.Mac.Algorithm.Algorithm)
	}
	p.cost = pkcs12KDFCost(p.u, m.Iterations, p.u)
	return p, nil
}

// verify reports whether password (BMPString bytes, as go-pkcs12 passes
// them) verifies the MAC of content. It derives a key: p.cost.
func (p *pfxMAC) verify(content, password []byte) bool {
	var key []byte
	if p.pbmac1 {
		key = pbkdf2Key(p.prf, password, p.kdf.Salt.Bytes, p.kdf.Iterations, p.kdf.KeyLength)
	} else {
		key = pkcs12KDF(p.h, p.u, p.v, p.data.MacSalt, password, p.data.Iterations, 3, p.u)
	}
	mac := hmac.New(p.h, key)
	mac.Write(content)
	return hmac.Equal(p.data.Mac.Digest, mac.Sum(nil))
}

// pbe is an encryption of a PFX (a PKCS#12 PBE, or PBES2 with PBKDF2 and
// AES-CBC), read from its algorithm identifier before any key
// derivation, as go-pkcs12's pbDecrypt reads it.
type pbe struct {
	pbes2      bool
	prf        func() hash.Hash // PBES2
	salt       []byte
	iterations int
	keyLen     int
	iv         []byte // PBES2
	// cost is the key-derivation work of decrypting: iterations times
	// blocks derived (key and IV), as kdfIterations counts it.
	cost int
}

// parsePBE reads alg; the error wraps errUnsupported for what go-pkcs12
// cannot decrypt.
func parsePBE(alg pkix.AlgorithmIdentifier) (*pbe, error) {
	if alg.Algorithm.Equal(oidPBES2) {
		params, kdf, err := parsePBES2(alg)
		if err != nil {
			return nil, err
		}
		prf, ok := hmacPRF(kdf.Prf.Algorithm)
		if !ok {
			return nil, fmt.Errorf("%w: PBKDF2 PRF %s", errUnsupported, kdf.Prf.Algorithm)
		}
		p := &pbe{pbes2: true, prf: prf, salt: kdf.Salt.Bytes, iterations: kdf.Iterations, iv: params.EncryptionScheme.Parameters.Bytes}
		switch {
		case params.EncryptionScheme.Algorithm.Equal(oidAES256CBC):
			p.keyLen = 32
		case params.EncryptionScheme.Algorithm.Equal(oidAES192CBC):
			p.keyLen = 24
		case params.EncryptionScheme.Algorithm.Equal(oidAES128CBC):
			p.keyLen = 16
		default:
			return nil, fmt.Errorf("%w: PBES2 encryption %s", errUnsupported, params.EncryptionScheme.Algorithm)
		}
		if len(p.iv) != aes.BlockSize {
			return nil, fmt.Errorf("%w: PBES2 IV of %d bytes", errUnsupported, len(p.iv))
		}
		p.cost = pbkdf2Cost(prf, p.iterations, p.keyLen)
		return p, nil
	}
	p := &pbe{}
	switch {
	case alg.Algorithm.Equal(oidPBEWithSHA3DES):
		p.keyLen = 24
	case alg.Algorithm.Equal(oidPBEWithSHARC2128):
		p.keyLen = 16
	case alg.Algorithm.Equal(oidPBEWithSHARC240):
		p.keyLen = 5
	default:
		return nil, fmt.Errorf("%w: encryption algorithm %s", errUnsupported, alg.Algorithm)
	}
	var params pbeParams
	if err := unmarshalAll(alg.Parameters.FullBytes, &params); err != nil {
		return nil, fmt.Errorf("%w: PBE parameters: %v", errUnsupported, err)
	}
	p.salt, p.iterations = params.Salt, params.Iterations
	p.cost = pkcs12KDFCost(20, p.iterations, p.keyLen) + pkcs12KDFCost(20, p.iterations, 8)
	return p, nil
}

// pbeCost is the key-derivation work of decrypting with alg, 0 when it
// cannot be decrypted (no key is derived then).
func pbeCost(alg pkix.AlgorithmIdentifier) int {
	p, err := parsePBE(alg)
	if err != nil {
		return 0
	}
	return p.cost
}

// decrypt decrypts data under password (BMPString bytes), as go-pkcs12's
// pbDecrypt does. It derives the key (and IV): p.cost.
func (p *pbe) decrypt(data, password []byte) ([]byte, error) {
	var block cipher.Block
	var iv []byte
	var err error
	if p.pbes2 {
		key := pbkdf2Key(p.prf, password, p.salt, p.iterations, p.keyLen)
		if block, err = aes.NewCipher(key); err != nil {
			return nil, err
		}
		iv = p.iv
	} else {
		key := pkcs12KDF(sha1.New, 20, 64, p.salt, password, p.iterations, 1, p.keyLen)
		iv = pkcs12KDF(sha1.New, 20, 64, p.salt, password, p.iterations, 2, 8)
		if p.keyLen == 24 {
			block, err = des.NewTripleDESCipher(key)
		} else {
			block, err = rc2.New(key, p.keyLen*8)
		}
		if err != nil {
			return nil, err
		}
	}
	bs := block.BlockSize()
	if len(data) == 0 || len(data)%bs != 0 {
		return nil, errors.New("encrypted data of a length that is not a multiple of the block size")
	}
	out := make([]byte, len(data))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(out, data)
	pad := int(out[len(out)-1])
	if pad == 0 || pad > bs || !bytes.Equal(out[len(out)-pad:], bytes.Repeat([]byte{byte(pad)}, pad)) {
		return nil, errors.New("decryption error, incorrect padding")
	}
	return out[:len(out)-pad], nil
}

// pbeDecrypt decrypts data encrypted with alg under password.
func pbeDecrypt(alg pkix.AlgorithmIdentifier, data, password []byte) ([]byte, error) {
	p, err := parsePBE(alg)
	if err != nil {
		return nil, err
	}
	return p.decrypt(data, password)
}

// pkcs12KDFCost is the work of pkcs12KDF with a hash of u bytes deriving
// size bytes: one run of the iterations per block.
func pkcs12KDFCost(u, iterations, size int) int {
	return max(iterations, 1) * ((size + u - 1) / u)
}

// pbkdf2Cost is the work of pbkdf2Key with prf deriving keyLen bytes.
func pbkdf2Cost(prf func() hash.Hash, iterations, keyLen int) int {
	n := prf().Size()
	return max(iterations, 1) * max((keyLen+n-1)/n, 1)
}

// pbkdf2Key runs PBKDF2 with the password given as BMPString bytes, which
// PBES2 and PBMAC1 take as UTF-8 (as go-pkcs12 converts it).
func pbkdf2Key(prf func() hash.Hash, bmpPassword, salt []byte, iterations, keyLen int) []byte {
	iterations = max(iterations, 1)
	kdfIterations.Add(int64(pbkdf2Cost(prf, iterations, keyLen)))
	key, err := pbkdf2.Key(prf, utf8Password(bmpPassword), salt, iterations, keyLen)
	if err != nil {
		return make([]byte, keyLen) // FIPS 140-only mode: a key that opens nothing
	}
	return key
}

// utf8Password decodes a zero-terminated big-endian BMPString.
func utf8Password(bmp []byte) string {
	if n := len(bmp); n >= 2 && bmp[n-1] == 0 && bmp[n-2] == 0 {
		bmp = bmp[:n-2]
	}
	u := make([]uint16, 0, len(bmp)/2)
	for i := 0; i+1 < len(bmp); i += 2 {
		u = append(u, uint16(bmp[i])<<8|uint16(bmp[i+1]))
	}
	return string(utf16.Decode(u))
}

// bmpPassword encodes a password as go-pkcs12 does: big-endian UCS-2 with
// a zero terminator; ok is false for characters outside the BMP.
func bmpPassword(s string) (b []byte, ok bool) {
	b = make([]byte, 0, 2*len(s)+2)
	for _, r := range s {
		if r >= 0x10000 || (r >= 0xD800 && r < 0xE000) {
			return nil, false
		}
		b = append(b, byte(r>>8), byte(r))
	}
	return append(b, 0, 0), true
}

// pkcs12KDF is the key derivation of RFC 7292 appendix B.2 with hash h
// (output u bytes, block v bytes), producing size bytes for purpose id
// (1 key, 2 IV, 3 MAC key). An iteration count below 1 counts as 1.
func pkcs12KDF(h func() hash.Hash, u, v int, salt, password []byte, iterations int, id byte, size int) []byte {
	iterations = max(iterations, 1)
	fill := func(p []byte) []byte {
		if len(p) == 0 {
			return nil
		}
		n := v * ((len(p) + v - 1) / v)
		out := make([]byte, n)
		for i := 0; i < n; i += len(p) {
			copy(out[i:], p)
		}
		return out
	}
	d := bytes.Repeat([]byte{id}, v)
	in := append(fill(salt), fill(password)...)
	var out []byte
	hh := h()
	for len(out) < size {
		kdfIterations.Add(int64(iterations))
		hh.Reset()
		hh.Write(d)
		hh.Write(in)
		a := hh.Sum(nil)
		for j := 1; j < iterations; j++ {
			hh.Reset()
			hh.Write(a)
			a = hh.Sum(a[:0])
		}
		out = append(out, a...)
		if len(out) >= size {
			break
		}
		// I_j = (I_j + B + 1) mod 2^(8v) for each v-byte block of I, B
		// being a repeated to v bytes.
		b := make([]byte, v)
		for i := range b {
			b[i] = a[i%u]
		}
		for j := 0; j+v <= len(in); j += v {
			carry := 1
			for k := v - 1; k >= 0; k-- {
				x := int(in[j+k]) + int(b[k]) + carry
				in[j+k] = byte(x)
				carry = x >> 8
			}
		}
	}
	return out[:size]
}
