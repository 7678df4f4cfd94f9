package certcheck

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"fmt"
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"
)

type sigKey [2][sha256.Size]byte

// maxSigCache bounds the signature checks a verifier remembers.
const maxSigCache = 1 << 16

// sigChecks counts the signature verifications actually run (cache
// misses), for the tests; aheadHits the answers signedBy took from
// prefetch.
var sigChecks, aheadHits atomic.Int64

// verifier verifies signatures within a budget of work (see
// [SignatureWorkBase]) and remembers what it verified: chain building,
// classification and the rules ask the same question about the same pair
// several times, and an RSA verification is the most expensive step of a
// run. Answers are keyed by content (the SHA-256 of the child and of the
// parent's public key), so that identical copies of a certificate cost
// one verification. There is one verifier per run (per [Set]); nothing is
// kept from one run to the next. It is safe for concurrent use.
type verifier struct {
	mu        sync.Mutex
	allowance int64 // units of work allowed
	spent     int64 // units of work spent
	refused   int   // verifications not made for want of budget
	known     map[sigKey]bool
	// ahead holds the answers prefetch found, not yet asked for: they
	// are charged to the budget, and moved to known, when they are.
	ahead map[sigKey]bool
}

// prefetchMin is the fewest certificates for which chain building has
// their signatures checked ahead on several cores: below it, starting the
// workers costs more than they save.
const prefetchMin = 64

// newVerifier returns a verifier allowed the work of certs certificates
// and bytes bytes of certificates and CRLs.
func newVerifier(bytes, certs int) *verifier {
	return &verifier{allowance: SignatureWorkBase + allowanceOf(bytes, certs)}
}

// allowanceOf is the work bytes bytes of certificates and CRLs, certs of
// them certificates, add to a budget.
func allowanceOf(bytes, certs int) int64 {
	return SignatureWorkPerByte*int64(bytes) + SignatureWorkPerCertificate*int64(certs)
}

// allow adds the work of one more certificate of bytes bytes to the
// budget.
func (v *verifier) allow(bytes int) {
	v.mu.Lock()
	v.allowance += allowanceOf(bytes, 1)
	v.mu.Unlock()
}

// charge takes cost units from the budget; false when they are not left,
// and the verification must not be made.
func (v *verifier) charge(cost int64) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.spent+cost > v.allowance {
		v.refused++
		return false
	}
	v.spent += cost
	return true
}

// exhausted describes the budget for a message, once a check was refused:
// "the signature checks of this run reached their budget of 64142240
// units of work (64000000, 128 per byte of the certificates and CRLs
// given and 100000 per certificate; README, Hostile input)", for one
// certificate of 330 bytes.
func (v *verifier) exhausted() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return fmt.Sprintf("the signature checks of this run reached their budget of %d units of work (%d, %d per byte of the certificates and CRLs given and %d per certificate; README, Hostile input)",
		v.allowance, SignatureWorkBase, SignatureWorkPerByte, SignatureWorkPerCertificate)
}

// signedBy reports whether parent's key verifies child's signature. known
// is false when the budget does not allow the verification: ok is then
// false too, and the caller must say that the question is open. An RSA
// key refused by [rsaRefused], on either side, is never used: the answer
// is no.
func (v *verifier) signedBy(child, parent *x509.Certificate) (ok, known bool) {
	return v.signedByKey(child, parent, nil)
}

// signedByKey is signedBy for a pair whose key (the SHA-256 of the child
// and of the parent's public key) the caller has, or nil to compute it.
func (v *verifier) signedByKey(child, parent *x509.Certificate, known *sigKey) (ok, isKnown bool) {
	if rsaRefused(parent) != "" || rsaRefused(child) != "" {
		return false, true
	}
	if k, isRSA := parent.PublicKey.(*rsa.PublicKey); isRSA && !rsaMayVerify(k, child.Signature) {
		// Go refuses it too, but only after setting up the modulus,
		// which for a large key costs a third of a verification.
		return false, true
	}
	var key sigKey
	if known != nil {
		key = *known
	} else {
		key = sigKey{sha256.Sum256(child.Raw), sha256.Sum256(parent.RawSubjectPublicKeyInfo)}
	}
	v.mu.Lock()
	ok, hit := v.known[key]
	v.mu.Unlock()
	if hit {
		return ok, true
	}
	if !v.charge(verifyCost(parent.PublicKey)) {
		return false, false
	}
	v.mu.Lock()
	ok, hit = v.ahead[key]
	delete(v.ahead, key)
	v.mu.Unlock()
	if hit {
		aheadHits.Add(1)
	} else {
		sigChecks.Add(1)
		ok = parent.CheckSignature(child.SignatureAlgorithm, child.RawTBSCertificate, child.Signature) == nil
	}
	v.mu.Lock()
	if v.known == nil || len(v.known) >= maxSigCache {
		v.known = map[sigKey]bool{}
	}
	v.known[key] = ok
	v.mu.Unlock()
	return ok, true
}

// sigPair is a certificate, one that may have issued it, and the key of
// the pair in the verifier's answers.
type sigPair struct {
	child, parent *x509.Certificate
	key           sigKey
}

// prefetch verifies the signatures of pairs (child, parent) ahead, on
// every core the program may use, for signedBy to find: the answers are
// kept aside, and each is charged to the budget only when signedBy is
// asked for it, so that what the budget refuses, and every answer, are
// what they would be without prefetch. The work done ahead is bounded as
// well: nothing is verified unless all of it fits in what is left of the
// budget. Pairs signedBy answers without verifying (an RSA key refused or
// unusable) and pairs already known are skipped. With one core it does
// nothing.
func (v *verifier) prefetch(pairs []sigPair) {
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 || len(pairs) < prefetchMin {
		return
	}
	type job struct {
		key           sigKey
		child, parent *x509.Certificate
	}
	var jobs []job
	var cost int64
	seen := map[sigKey]bool{}
	v.mu.Lock()
	for _, pr := range pairs {
		child, parent, key := pr.child, pr.parent, pr.key
		if rsaRefused(parent) != "" || rsaRefused(child) != "" {
			continue
		}
		if k, isRSA := parent.PublicKey.(*rsa.PublicKey); isRSA && !rsaMayVerify(k, child.Signature) {
			continue
		}
		if _, known := v.known[key]; known || seen[key] {
			continue
		}
		seen[key] = true
		jobs = append(jobs, job{key, child, parent})
		cost += verifyCost(parent.PublicKey)
	}
	left := v.allowance - v.spent
	v.mu.Unlock()
	if cost > left || len(jobs) < prefetchMin {
		return
	}
	answers, done := make([]bool, len(jobs)), make([]bool, len(jobs))
	check := func(i int) {
		// A panic in Go's verification is left for signedBy to meet again
		// on the caller's goroutine, where it is recovered and reported.
		defer func() { _ = recover() }()
		j := jobs[i]
		sigChecks.Add(1)
		answers[i] = j.parent.CheckSignature(j.child.SignatureAlgorithm, j.child.RawTBSCertificate, j.child.Signature) == nil
		done[i] = true
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(jobs); i += workers {
				check(i)
			}
		})
	}
	wg.Wait()
	v.mu.Lock()
	if v.ahead == nil {
		v.ahead = make(map[sigKey]bool, len(jobs))
	}
	for i, j := range jobs {
		if done[i] {
			v.ahead[j.key] = answers[i]
		}
	}
	v.mu.Unlock()
}

// selfSigned reports whether c names itself as issuer and its signature
// verifies with its own key; known is false when the budget did not allow
// the verification of a certificate that names itself.
func (v *verifier) selfSigned(c *x509.Certificate) (ok, known bool) {
	if !selfIssued(c) {
		return false, true
	}
	return v.signedBy(c, c)
}

// selfIssued reports whether c names itself as its issuer.
func selfIssued(c *x509.Certificate) bool { return bytes.Equal(c.RawSubject, c.RawIssuer) }

// crlSignedBy checks the signature of l with issuer, as
// [x509.RevocationList.CheckSignatureFrom] does; known is false when the
// budget does not allow it (err is then nil).
func (v *verifier) crlSignedBy(l *x509.RevocationList, issuer *x509.Certificate) (known bool, err error) {
	if !v.charge(verifyCost(issuer.PublicKey)) {
		return false, nil
	}
	sigChecks.Add(1)
	return true, l.CheckSignatureFrom(issuer)
}

// rsaMayVerify reports whether Go's RSA verification could accept sig
// with k: a signature of the modulus' length, a valid public exponent and
// an odd modulus. When it is false, Go returns an error without the
// exponentiation, but after setting up the modulus.
func rsaMayVerify(k *rsa.PublicKey, sig []byte) bool {
	return k.N != nil && k.N.Bit(0) == 1 && len(sig) == (k.N.BitLen()+7)/8 &&
		k.E >= 3 && k.E&1 == 1 && k.E <= MaxRSAExponent
}

// The estimated work of a verification with each kind of key, in the
// units of [SignatureWorkBase]; measured against RSA 2048 (35,840 units)
// on the same machine and rounded up. Measured again with go1.26.8 on the
// project's machine (median of 7 alternated rounds, twice): P-224 6.5 to
// 7.1 times RSA 2048, P-256 2.2 to 2.4, P-384 19 to 21, P-521 86 to 94,
// Ed25519 1.7 to 1.8; P-384, P-521 and Ed25519 were raised to match.
const (
	workP224    = 300_000
	workP256    = 100_000
	workP384    = 800_000
	workP521    = 3_600_000
	workEd25519 = 70_000
	workOther   = 1_000 // refused by Go without arithmetic
)

// verifyCost estimates the work of verifying a signature with pub, before
// any: see [SignatureWorkBase].
func verifyCost(pub any) int64 {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if k.N == nil {
			return workOther
		}
		w := int64(k.N.BitLen()+63) / 64
		e := uint64(max(k.E, 0))
		return w * w * int64(bits.Len64(e)+bits.OnesCount64(e)+16)
	case *ecdsa.PublicKey:
		if k.Curve == nil {
			return workOther
		}
		switch k.Curve.Params().BitSize {
		case 224:
			return workP224
		case 256:
			return workP256
		case 384:
			return workP384
		}
		return workP521
	case ed25519.PublicKey:
		return workEd25519
	}
	return workOther
}
