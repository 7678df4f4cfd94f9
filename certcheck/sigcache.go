package certcheck

import (
	"bytes"
	"crypto/x509"
	"sync"
)

// sigCache remembers signature checks: chain building, classification and
// the rules ask the same question about the same pair several times, and
// an RSA verification is the most expensive step of a run. It is bounded:
// past maxSigCache entries it starts afresh, so that a long-lived program
// checking many certificates does not keep them all alive.
var sigCache struct {
	sync.Mutex
	m map[[2]*x509.Certificate]bool
}

const maxSigCache = 4096

// signedBy reports whether parent's key verifies child's signature.
func signedBy(child, parent *x509.Certificate) bool {
	key := [2]*x509.Certificate{child, parent}
	sigCache.Lock()
	ok, hit := sigCache.m[key]
	sigCache.Unlock()
	if hit {
		return ok
	}
	ok = parent.CheckSignature(child.SignatureAlgorithm, child.RawTBSCertificate, child.Signature) == nil
	sigCache.Lock()
	if sigCache.m == nil || len(sigCache.m) >= maxSigCache {
		sigCache.m = map[[2]*x509.Certificate]bool{}
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
