package certcheck

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"time"
)

// maxChainLength bounds the certificates in a chain, leaf included.
const maxChainLength = 8

// Chain is the outcome of building a certificate's chain from the
// certificates supplied, never from the system's store.
type Chain struct {
	// Path runs from the certificate up: to a trusted root when Trusted,
	// otherwise as far as an issuer could be found.
	Path []*x509.Certificate
	// Trusted reports a path that ends at a trusted root.
	Trusted bool
	// Untrusted is the self-signed root the path ended at when it is not
	// a trusted one (CERT030); nil when the path stopped at a certificate
	// whose issuer was not supplied (CERT031).
	Untrusted *x509.Certificate
	// Issues lists what is wrong with the issuers on the path (CERT032).
	Issues []IssuerIssue
}

// IssuerIssue is a fault of an issuing certificate on a chain.
type IssuerIssue struct {
	Issuer *x509.Certificate
	Why    string
}

// Complete reports whether the path reaches a self-signed root, trusted
// or not: only then is the root of the certificate known.
func (ch *Chain) Complete() bool { return selfSigned(ch.Top()) }

// Top returns the last certificate of the path.
func (ch *Chain) Top() *x509.Certificate { return ch.Path[len(ch.Path)-1] }

// chainOf builds (once) and returns the chain of c. Issuers are looked for
// among every supplied certificate, matched by name and key identifier and
// confirmed by their signature. Signatures are verified at the low level,
// which still accepts SHA-1, so that a SHA-1-signed intermediate is
// reported as weak (CERT041) rather than as a broken chain; this is why
// x509.Verify is not used.
func (in *Input) chainOf(c *x509.Certificate) *Chain {
	in.mu.Lock() // the cross-document rules ask from several goroutines
	defer in.mu.Unlock()
	if ch, ok := in.chains[c]; ok {
		return ch
	}
	if in.chains == nil {
		in.chains = map[*x509.Certificate]*Chain{}
	}
	best := &Chain{Path: []*x509.Certificate{c}}
	var search func(path []*x509.Certificate) bool
	search = func(path []*x509.Certificate) bool {
		cur := path[len(path)-1]
		if in.anchor(cur) {
			best = &Chain{Path: append([]*x509.Certificate{}, path...), Trusted: true}
			return true
		}
		if len(path) > len(best.Path) || (len(path) == len(best.Path) && selfSigned(cur) && best.Untrusted == nil) {
			best = &Chain{Path: append([]*x509.Certificate{}, path...)}
			if selfSigned(cur) {
				best.Untrusted = cur
			}
		}
		if len(path) >= maxChainLength || selfSigned(cur) {
			return false
		}
		for _, issuer := range in.issuers(cur) {
			if contains(path, issuer) {
				continue
			}
			if search(append(path, issuer)) {
				return true
			}
		}
		return false
	}
	search([]*x509.Certificate{c})
	best.Issues = issuerIssues(best.Path, best.Trusted, in.Opts.Now)
	in.chains[c] = best
	return best
}

// anchor reports a trusted root: a self-signed certificate given as trust.
func (in *Input) anchor(c *x509.Certificate) bool {
	for _, t := range in.Certs {
		if t.Role == RoleTrust && bytes.Equal(t.Raw, c.Raw) {
			return selfSigned(c)
		}
	}
	return false
}

// Anchors reports whether any trusted root was supplied; without one no
// chain can be judged.
func (in *Input) Anchors() bool {
	for _, t := range in.Certs {
		if t.Role == RoleTrust && selfSigned(t.Certificate) {
			return true
		}
	}
	return false
}

// issuers returns the supplied certificates that issued c: subject equal
// to c's issuer, key identifiers agreeing when both are present, and a
// signature that verifies.
func (in *Input) issuers(c *x509.Certificate) []*x509.Certificate {
	var out []*x509.Certificate
	for _, cand := range in.Certs {
		p := cand.Certificate
		if p == c || !bytes.Equal(p.RawSubject, c.RawIssuer) {
			continue
		}
		if len(c.AuthorityKeyId) > 0 && len(p.SubjectKeyId) > 0 && !bytes.Equal(c.AuthorityKeyId, p.SubjectKeyId) {
			continue
		}
		if !signedBy(c, p) {
			continue
		}
		if !contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func contains(list []*x509.Certificate, c *x509.Certificate) bool {
	for _, x := range list {
		if bytes.Equal(x.Raw, c.Raw) {
			return true
		}
	}
	return false
}

// issuerIssues checks every issuer on a path: it must be a CA, within its
// validity, allowed to sign certificates, and within its path length.
func issuerIssues(path []*x509.Certificate, trusted bool, now time.Time) []IssuerIssue {
	var out []IssuerIssue
	for i := 1; i < len(path); i++ {
		p := path[i]
		root := trusted && i == len(path)-1
		switch {
		case !isCA(p) && !(root && p.Version == 1):
			out = append(out, IssuerIssue{p, "is not a CA (its basic constraints do not allow it to issue certificates)"})
		case now.After(p.NotAfter):
			out = append(out, IssuerIssue{p, fmt.Sprintf("expired on %s", day(p.NotAfter))})
		case now.Before(p.NotBefore):
			out = append(out, IssuerIssue{p, fmt.Sprintf("is not valid before %s", day(p.NotBefore))})
		case p.KeyUsage != 0 && p.KeyUsage&x509.KeyUsageCertSign == 0:
			out = append(out, IssuerIssue{p, "has a Key Usage without keyCertSign"})
		case (p.MaxPathLen > 0 || p.MaxPathLenZero) && i-1 > p.MaxPathLen:
			out = append(out, IssuerIssue{p, fmt.Sprintf("allows %d intermediate CA(s) below it (path length), the chain has %d", p.MaxPathLen, i-1)})
		}
	}
	return out
}
