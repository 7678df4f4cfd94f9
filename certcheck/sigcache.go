package certcheck

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"sync"
	"sync/atomic"
)

// sigCache remembers signature checks: chain building, classification and
// the rules ask the same question about the same pair several times, and
// an RSA verification is the most expensive step of a run. It is keyed by
// content (the SHA-256 of the child and of the parent's public key), so
// that identical copies of a certificate, in one file or many, cost one
// verification. It is bounded: past maxSigCache entries it starts afresh,
// so that a long-lived program checking many certificates does not keep
// them all in memory.
var sigCache struct {
	sync.Mutex
	m map[sigKey]bool
}

type sigKey [2][sha256.Size]byte

const maxSigCache = 1 << 16

// sigChecks counts the signature verifications actually run (cache
// misses), for the tests.
var sigChecks atomic.Int64

// signedBy reports whether parent's key verifies child's signature. An RSA
// key over MaxRSABits, on either side, is never used: the answer is no.
func signedBy(child, parent *x509.Certificate) bool {
	if _, over := rsaOverLimit(parent); over {
		return false
	}
	if _, over := rsaOverLimit(child); over {
		return false
	}
	key := sigKey{sha256.Sum256(child.Raw), sha256.Sum256(parent.RawSubjectPublicKeyInfo)}
	sigCache.Lock()
	ok, hit := sigCache.m[key]
	sigCache.Unlock()
	if hit {
		return ok
	}
	sigChecks.Add(1)
	ok = parent.CheckSignature(child.SignatureAlgorithm, child.RawTBSCertificate, child.Signature) == nil
	sigCache.Lock()
	if sigCache.m == nil || len(sigCache.m) >= maxSigCache {
		sigCache.m = map[sigKey]bool{}
	}
	sigCache.m[key] = ok
	sigCache.Unlock()
	return ok
}

// selfSigned reports whether c names itself as issuer and its signature
// verifies with its own key.
func selfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawSubject, c.RawIssuer) && signedBy(c, c)
}
