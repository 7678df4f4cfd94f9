package certcheck

import (
	"crypto/x509"
	"math/bits"
	"strconv"
	"sync"
)

// KeyInfo describes the public key of a certificate as its
// SubjectPublicKeyInfo says, for display: it is read from the DER, never
// from the key Go parsed, so that keys Go does not know (Ed448, X25519,
// GOST, RSA-PSS, ML-DSA, ML-KEM) are named too, and no arithmetic is done
// on the key.
type KeyInfo struct {
	// Algorithm names the algorithm (RSA, RSA-PSS, EC, DSA, Ed25519,
	// Ed448, X25519, GOST R 34.10-2012 256-bit, ML-DSA-65, ...), or is
	// its dotted OID when it has no name here.
	Algorithm string
	// OID is the algorithm's dotted OID.
	OID string
	// Curve names the elliptic curve of an EC key (P-256,
	// brainpoolP256r1, ...) or is its dotted OID; empty for other keys.
	Curve string
	// Bits is the size of the key: the length of the modulus for RSA,
	// of the prime p for DSA and Diffie-Hellman, the size of the curve
	// for EC and GOST, and for the other algorithms (Ed25519, Ed448,
	// X25519, ML-DSA, ...) the length of the public key itself (Ed448:
	// 456, as OpenSSL counts it). 0 when it cannot be read.
	Bits int
}

// String writes the key as `cert show` prints it: "RSA, 2048 bits",
// "EC P-256, 256 bits".
func (k KeyInfo) String() string {
	s := k.Algorithm
	if k.Curve != "" {
		s += " " + k.Curve
	}
	if k.Bits > 0 {
		s += ", " + strconv.Itoa(k.Bits) + " bits"
	}
	return s
}

// keyAlgorithm is an entry of [keyAlgorithms].
type keyAlgorithm struct {
	name  string
	fixed int
}

// keyAlgorithms names public key algorithms; fixed is the size of the
// algorithms whose size the key does not say (GOST).
var keyAlgorithms = sync.OnceValue(func() map[string]keyAlgorithm {
	return map[string]keyAlgorithm{
		"1.2.840.113549.1.1.1":    {"RSA", 0},
		"1.2.840.113549.1.1.10":   {"RSA-PSS", 0},
		"1.2.840.113549.1.1.7":    {"RSA-OAEP", 0},
		"1.2.840.10045.2.1":       {"EC", 0},
		"1.2.840.10040.4.1":       {"DSA", 0},
		"1.2.840.113549.1.3.1":    {"DH", 0},
		"1.2.840.10046.2.1":       {"DH (X9.42)", 0},
		"1.3.101.110":             {"X25519", 0},
		"1.3.101.111":             {"X448", 0},
		"1.3.101.112":             {"Ed25519", 0},
		"1.3.101.113":             {"Ed448", 0},
		"1.2.156.10197.1.301":     {"SM2", 256},
		"1.2.643.2.2.19":          {"GOST R 34.10-2001", 256},
		"1.2.643.7.1.1.1.1":       {"GOST R 34.10-2012 256-bit", 256},
		"1.2.643.7.1.1.1.2":       {"GOST R 34.10-2012 512-bit", 512},
		"2.16.840.1.101.3.4.3.17": {"ML-DSA-44", 0},
		"2.16.840.1.101.3.4.3.18": {"ML-DSA-65", 0},
		"2.16.840.1.101.3.4.3.19": {"ML-DSA-87", 0},
		"2.16.840.1.101.3.4.3.20": {"SLH-DSA-SHA2-128s", 0},
		"2.16.840.1.101.3.4.3.21": {"SLH-DSA-SHA2-128f", 0},
		"2.16.840.1.101.3.4.3.22": {"SLH-DSA-SHA2-192s", 0},
		"2.16.840.1.101.3.4.3.23": {"SLH-DSA-SHA2-192f", 0},
		"2.16.840.1.101.3.4.3.24": {"SLH-DSA-SHA2-256s", 0},
		"2.16.840.1.101.3.4.3.25": {"SLH-DSA-SHA2-256f", 0},
		"2.16.840.1.101.3.4.3.26": {"SLH-DSA-SHAKE-128s", 0},
		"2.16.840.1.101.3.4.3.27": {"SLH-DSA-SHAKE-128f", 0},
		"2.16.840.1.101.3.4.3.28": {"SLH-DSA-SHAKE-192s", 0},
		"2.16.840.1.101.3.4.3.29": {"SLH-DSA-SHAKE-192f", 0},
		"2.16.840.1.101.3.4.3.30": {"SLH-DSA-SHAKE-256s", 0},
		"2.16.840.1.101.3.4.3.31": {"SLH-DSA-SHAKE-256f", 0},
		"2.16.840.1.101.3.4.4.1":  {"ML-KEM-512", 0},
		"2.16.840.1.101.3.4.4.2":  {"ML-KEM-768", 0},
		"2.16.840.1.101.3.4.4.3":  {"ML-KEM-1024", 0},
	}
})

// namedCurve is an entry of [namedCurves].
type namedCurve struct {
	name string
	bits int
}

// namedCurves names the elliptic curves of EC keys, with their size.
var namedCurves = sync.OnceValue(func() map[string]namedCurve {
	return map[string]namedCurve{
		"1.2.840.10045.3.1.1":   {"P-192", 192},
		"1.3.132.0.33":          {"P-224", 224},
		"1.2.840.10045.3.1.7":   {"P-256", 256},
		"1.3.132.0.34":          {"P-384", 384},
		"1.3.132.0.35":          {"P-521", 521},
		"1.3.132.0.10":          {"secp256k1", 256},
		"1.3.36.3.3.2.8.1.1.7":  {"brainpoolP256r1", 256},
		"1.3.36.3.3.2.8.1.1.11": {"brainpoolP384r1", 384},
		"1.3.36.3.3.2.8.1.1.13": {"brainpoolP512r1", 512},
		"1.2.156.10197.1.301":   {"SM2", 256},
	}
})

// PublicKeyInfo describes the public key of c from its
// SubjectPublicKeyInfo; see [KeyInfo]. A SubjectPublicKeyInfo that cannot
// be read gives the algorithm Go names, with no size.
func PublicKeyInfo(c *x509.Certificate) KeyInfo {
	unknown := KeyInfo{Algorithm: c.PublicKeyAlgorithm.String()}
	tag, spki, rest, ok := splitDER(c.RawSubjectPublicKeyInfo)
	if !ok || tag != 0x30 || len(rest) > 0 {
		return unknown
	}
	tag, algo, spki, ok := splitDER(spki)
	if !ok || tag != 0x30 {
		return unknown
	}
	tag, key, _, ok := splitDER(spki)
	if !ok || tag != 0x03 || len(key) == 0 {
		return unknown
	}
	key = key[1:] // the count of unused bits
	tag, oid, params, ok := splitDER(algo)
	if !ok || tag != 0x06 {
		return unknown
	}
	k := KeyInfo{OID: oidString(oid)}
	known, named := keyAlgorithms()[k.OID]
	k.Algorithm = k.OID
	if named {
		k.Algorithm = known.name
	}
	switch {
	case known.fixed > 0:
		k.Bits = known.fixed
	case k.Algorithm == "RSA" || k.Algorithm == "RSA-PSS" || k.Algorithm == "RSA-OAEP":
		// RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
		if tag, seq, _, ok := splitDER(key); ok && tag == 0x30 {
			if tag, n, _, ok := splitDER(seq); ok && tag == 0x02 {
				k.Bits = integerBits(n)
			}
		}
	case k.Algorithm == "DSA" || k.Algorithm == "DH" || k.Algorithm == "DH (X9.42)":
		// parameters: SEQUENCE { p INTEGER, ... }
		if tag, seq, _, ok := splitDER(params); ok && tag == 0x30 {
			if tag, p, _, ok := splitDER(seq); ok && tag == 0x02 {
				k.Bits = integerBits(p)
			}
		}
	case k.Algorithm == "EC":
		if tag, curve, _, ok := splitDER(params); ok && tag == 0x06 {
			k.Curve = oidString(curve)
			if c, ok := namedCurves()[k.Curve]; ok {
				k.Curve, k.Bits = c.name, c.bits
			}
		}
		if k.Bits == 0 && len(key) > 1 {
			switch key[0] {
			case 4: // uncompressed point: 04 || X || Y
				k.Bits = (len(key) - 1) / 2 * 8
			case 2, 3: // compressed: 02 or 03 || X
				k.Bits = (len(key) - 1) * 8
			}
		}
	default:
		k.Bits = len(key) * 8
	}
	return k
}

// integerBits is the length in bits of the non-negative INTEGER whose DER
// content is b.
func integerBits(b []byte) int {
	for len(b) > 0 && b[0] == 0 {
		b = b[1:]
	}
	if len(b) == 0 {
		return 0
	}
	return (len(b)-1)*8 + bits.Len8(b[0])
}
