package certcheck

import (
	"crypto/sha256"
	"crypto/x509"
	"fmt"
	"math/big"
	"sync/atomic"
	"time"

	"github.com/aovpnlint/aovpnlint/internal/wording"
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
	// Stopped says why the search for issuers was cut short when no
	// trusted path was found: a certificate with more than
	// MaxIssuerCandidates possible issuers, MaxChainSignatureChecks
	// reached, or the run's budget of signature verification (see
	// [SignatureWorkBase]) spent. Path is then the best path found before
	// that, and it is not known whether a trusted one exists. Empty when
	// the search was complete.
	Stopped string
	// Unchecked says why the chain stops where it does when the issuer of
	// its last certificate was supplied but Go cannot verify that
	// signature (an Ed448 or GOST key): "the signature of X by Y could
	// not be checked: ...". Empty otherwise.
	Unchecked string

	complete bool // the path ends at a certificate known to be self-signed, or one selfSignedUnchecked
}

// IssuerIssue is a fault of an issuing certificate on a chain.
type IssuerIssue struct {
	Issuer *x509.Certificate
	Why    string
}

// Complete reports whether the path reaches a self-signed root, trusted
// or not: only then is the root of the certificate known. A root whose
// signature the run's budget did not allow verifying is not known to be
// one (Stopped says so).
func (ch *Chain) Complete() bool { return ch.complete }

// Top returns the last certificate of the path.
func (ch *Chain) Top() *x509.Certificate { return ch.Path[len(ch.Path)-1] }

// chainNode is one distinct certificate (by content) among the inputs.
type chainNode struct {
	cert  *x509.Certificate
	first *Cert // its first copy in Set.Certs; nil for one not supplied
	sum   [sha256.Size]byte
	order int // of its first copy in Set.Certs

	selfSigned, selfSignedKnown bool
	// unchecked: a self-signed root by name and key identifiers whose
	// signature Go cannot verify (see selfSignedUnchecked).
	unchecked bool
	// unverified: it names itself as issuer, but the run's budget did
	// not allow verifying its signature.
	unverified bool

	issuersKnown bool
	issuers      []*chainNode // that verify its signature, in input order
	cut          string       // why issuers is not all of them

	spkiSum   [sha256.Size]byte // of its public key, once spkiKnown (see keyWith)
	spkiKnown bool
}

type subjectSKI struct{ subject, ski string }

type issuerSerial struct{ issuer, serial string }

func serialKey(n *big.Int) string {
	if n == nil {
		return "nil"
	}
	if n.Sign() < 0 {
		return "-" + string(n.Bytes())
	}
	return string(n.Bytes())
}

type memoKey struct {
	n *chainNode
	r int
}

// certIndex is the one index of the supplied certificates, built on first
// use, that makes chain building and the CRL rules proportional to the
// certificates: copies with the same content are one node; nodes are
// found by subject, by subject and subject key identifier, and (for
// those without a key identifier) by subject alone; certificates by
// issuer and serial number; trusted roots are a set; and the result of a
// search from a certificate with r steps left is computed once and
// shared by every chain that reaches it.
type certIndex struct {
	v         *verifier
	nodes     map[[sha256.Size]byte]*chainNode
	bySubject map[string][]*chainNode
	bySKI     map[subjectSKI][]*chainNode
	noSKI     map[string][]*chainNode // by subject: certificates without a subject key identifier
	order     map[*Cert]int           // of each supplied certificate
	bySerial  map[issuerSerial][]*Cert
	trusted   map[[sha256.Size]byte]bool
	anchors   bool
	memo      map[memoKey]*pathSum
	chains    map[[sha256.Size]byte]*Chain
}

// index returns the index of in.Certs, building it on first use; in.mu
// must be held.
func (in *Set) index() *certIndex {
	if in.ix != nil {
		return in.ix
	}
	ix := &certIndex{
		v:         in.verifier(),
		nodes:     map[[sha256.Size]byte]*chainNode{},
		bySubject: map[string][]*chainNode{},
		bySKI:     map[subjectSKI][]*chainNode{},
		noSKI:     map[string][]*chainNode{},
		order:     map[*Cert]int{},
		bySerial:  map[issuerSerial][]*Cert{},
		trusted:   map[[sha256.Size]byte]bool{},
		memo:      map[memoKey]*pathSum{},
		chains:    map[[sha256.Size]byte]*Chain{},
	}
	for i, c := range in.Certs {
		if _, dup := ix.order[c]; dup {
			continue
		}
		ix.order[c] = i
		if len(in.CRLs) > 0 { // only the CRL rules look certificates up by serial number
			k := issuerSerial{string(c.RawIssuer), serialKey(c.SerialNumber)}
			ix.bySerial[k] = append(ix.bySerial[k], c)
		}
		n := ix.node(c.Certificate)
		if n.first == nil {
			n.first = c
		}
		if c.Role == RoleTrust && !ix.trusted[n.sum] {
			ix.trusted[n.sum] = true
			// A root not verified for want of budget still makes the
			// chains judged: the searches that reach it say so.
			ix.anchors = ix.anchors || ix.isSelfSigned(n) || n.unverified || n.unchecked
		}
	}
	ix.prefetch()
	in.ix = ix
	indexBuilds.Add(1)
	return ix
}

// prefetch has the verifier check ahead, on every core, the signatures
// chain building will ask about: each supplied certificate against each
// candidate issuer that issuers tries (see verifier.prefetch, which keeps
// the budget and the answers exactly as they would be without it).
func (ix *certIndex) prefetch() {
	if len(ix.nodes) < prefetchMin {
		return
	}
	var pairs []sigPair
	for _, n := range ix.nodes {
		cands := ix.candidates(n, MaxIssuerCandidates)
		for _, p := range cands[:min(len(cands), MaxIssuerCandidates)] {
			pairs = append(pairs, sigPair{n.cert, p.cert, n.keyWith(p)})
		}
	}
	ix.v.prefetch(pairs)
}

// keyWith returns the verifier's key of the pair n (the child) and p (the
// parent): n's content hash, and p's public key's, made once per node.
func (n *chainNode) keyWith(p *chainNode) sigKey {
	if !p.spkiKnown {
		p.spkiSum, p.spkiKnown = sha256.Sum256(p.cert.RawSubjectPublicKeyInfo), true
	}
	return sigKey{n.sum, p.spkiSum}
}

// indexBuilds counts the indexes built, for the tests.
var indexBuilds atomic.Int64

// node returns the node of c, adding it on first sight.
func (ix *certIndex) node(c *x509.Certificate) *chainNode {
	sum := sha256.Sum256(c.Raw)
	if n, ok := ix.nodes[sum]; ok {
		return n
	}
	n := &chainNode{cert: c, sum: sum, order: len(ix.nodes), unchecked: selfSignedUnchecked(c)}
	ix.nodes[sum] = n
	subject := string(c.RawSubject)
	ix.bySubject[subject] = append(ix.bySubject[subject], n)
	if len(c.SubjectKeyId) > 0 {
		k := subjectSKI{subject, string(c.SubjectKeyId)}
		ix.bySKI[k] = append(ix.bySKI[k], n)
	} else {
		ix.noSKI[subject] = append(ix.noSKI[subject], n)
	}
	return n
}

// isSelfSigned reports whether n is self-signed, verified once; false
// (and n.unverified) when the budget did not allow the verification.
func (ix *certIndex) isSelfSigned(n *chainNode) bool {
	if !n.selfSignedKnown {
		ok, known := ix.v.selfSigned(n.cert)
		n.selfSigned, n.unverified, n.selfSignedKnown = ok, !known, true
	}
	return n.selfSigned
}

// anchor reports a trusted root: a self-signed certificate given as
// trust, or one whose signature Go cannot verify but whose name and key
// identifiers make it self-signed (see selfSignedUnchecked).
func (ix *certIndex) anchor(n *chainNode) bool {
	return ix.trusted[n.sum] && (n.unchecked || ix.isSelfSigned(n))
}

// root reports a certificate a path may end at as at a root: self-signed,
// or selfSignedUnchecked.
func (ix *certIndex) root(n *chainNode) bool { return n.unchecked || ix.isSelfSigned(n) }

// named returns the nodes that may be the certificate named by issuer
// (the raw name) and key identifier aki, as two lists in input order:
// subject equal to issuer, and a subject key identifier equal to aki when
// both are present.
func (ix *certIndex) named(issuer string, aki []byte) (a, b []*chainNode) {
	if len(aki) > 0 {
		return ix.bySKI[subjectSKI{issuer, string(aki)}], ix.noSKI[issuer]
	}
	return ix.bySubject[issuer], nil
}

// unchecked says why n has no issuer when a certificate named as its
// issuer was supplied but Go cannot verify the signature it would have
// made; "" when there is none.
func (ix *certIndex) unchecked(n *chainNode) string {
	for _, p := range ix.candidates(n, MaxIssuerCandidates) {
		if goCannotVerify(n.cert, p.cert) {
			return fmt.Sprintf("its issuer %s was supplied, but the signature could not be checked: %s", shortName(SubjectDN(p.cert)), uncheckedWhy(n.cert, p.cert))
		}
	}
	return ""
}

// candidates returns up to limit+1 certificates that may have issued n, in
// input order: see named.
func (ix *certIndex) candidates(n *chainNode, limit int) []*chainNode {
	a, b := ix.named(string(n.cert.RawIssuer), n.cert.AuthorityKeyId)
	var out []*chainNode
	for len(out) <= limit && (len(a) > 0 || len(b) > 0) {
		var p *chainNode
		if len(b) == 0 || (len(a) > 0 && a[0].order < b[0].order) {
			p, a = a[0], a[1:]
		} else {
			p, b = b[0], b[1:]
		}
		if p != n {
			out = append(out, p)
		}
	}
	return out
}

// Anchors reports whether any trusted root was supplied; without one no
// chain can be judged. The certificates and their roles must not change
// once Anchors, ChainOf or Check has been called.
func (in *Set) Anchors() bool {
	in.mu.Lock() // the cross-document rules ask from several goroutines
	defer in.mu.Unlock()
	return in.index().anchors
}

// chainOf builds (once per content) and returns the chain of c. Issuers
// are looked for among every supplied certificate, matched by name and key
// identifier and confirmed by their signature. Signatures are verified at
// the low level, which still accepts SHA-1, so that a SHA-1-signed
// intermediate is reported as weak (CERT041) rather than as a broken
// chain; this is why x509.Verify is not used.
//
// The path chosen is the one a depth-first search over the issuers in
// input order would choose, never putting a certificate twice on a path:
// the first path that reaches a trusted root; failing that, the longest,
// and among the longest the first that ends at a self-signed root. The
// search is computed bottom-up with memoised results per certificate and
// remaining depth, so its work grows with the number of certificates,
// not with the number of paths; MaxIssuerCandidates and
// MaxChainSignatureChecks bound it further, and Chain.Stopped says when
// they did.
func (in *Set) chainOf(c *x509.Certificate) *Chain {
	in.mu.Lock()
	defer in.mu.Unlock()
	ix := in.index()
	leaf := ix.node(c)
	ch, ok := ix.chains[leaf.sum]
	if !ok {
		b := &chainBuild{ix: ix}
		sum := b.solve(leaf, maxChainLength-1)
		ch = &Chain{}
		var path []*chainNode
		switch {
		case sum.trusted != nil:
			path, ch.Trusted = sum.trusted, true
		case sum.ss != nil:
			path = sum.ss
		default:
			path = sum.long
		}
		for _, n := range path {
			ch.Path = append(ch.Path, n.cert)
		}
		top := path[len(path)-1]
		ch.complete = ix.root(top)
		if !ch.Trusted {
			if ch.complete {
				ch.Untrusted = top.cert
			} else {
				ch.Unchecked = ix.unchecked(top)
			}
			ch.Stopped = sum.stopped
		}
		ch.Issues = issuerIssues(ch.Path, ch.Trusted, in.Now())
		ix.chains[leaf.sum] = ch
	}
	if ch.Path[0] != c {
		// An identical copy: the same chain, starting at this copy.
		cp := *ch
		cp.Path = append([]*x509.Certificate{c}, ch.Path[1:]...)
		return &cp
	}
	return ch
}

// pathSum summarises the paths a depth-first search visits from a node
// with r steps left (paths never coming back to the node itself): the
// first that reaches a trusted root, the first of the longest, and the
// first of the longest that ends at a self-signed certificate.
type pathSum struct {
	trusted, long, ss []*chainNode
	stopped           string
	partial           bool // cut by the signature budget: not memoised
}

// chainBuild is one chain search, with its signature budget.
type chainBuild struct {
	ix     *certIndex
	checks int
}

func (b *chainBuild) solve(n *chainNode, r int) *pathSum {
	key := memoKey{n, r}
	if s, ok := b.ix.memo[key]; ok {
		return s
	}
	s := &pathSum{long: []*chainNode{n}}
	if b.ix.anchor(n) {
		s.trusted = s.long
	} else if b.ix.root(n) {
		s.ss = s.long
	} else if n.unverified {
		s.stopped = fmt.Sprintf("%s, so the signature of %s, which names itself as its issuer, was not verified", b.ix.v.exhausted(), shortName(SubjectDN(n.cert)))
	} else if r > 0 {
		issuers, ok := b.issuers(n)
		if !ok {
			s.stopped = fmt.Sprintf("the search stopped after %d signature checks (at most %d for one chain)", b.checks, MaxChainSignatureChecks)
			s.partial = true
		} else if n.cut != "" {
			s.stopped = n.cut
		}
		for _, p := range issuers {
			sub := b.solve(p, r-1)
			s.partial = s.partial || sub.partial
			if s.stopped == "" {
				s.stopped = sub.stopped
			}
			if t := sub.trusted; t != nil && !onPath(t, n) {
				s.trusted = append([]*chainNode{n}, t...)
				break
			}
			b.consider(s, n, sub.long)
			if sub.ss != nil {
				b.consider(s, n, sub.ss)
			}
		}
	}
	if !s.partial {
		b.ix.memo[key] = s
	}
	return s
}

// consider weighs the path n, then sub (cut where it would come back to
// n), against the longest paths found so far in s.
func (b *chainBuild) consider(s *pathSum, n *chainNode, sub []*chainNode) {
	for i, x := range sub {
		if x == n {
			sub = sub[:i]
			break
		}
	}
	path := append([]*chainNode{n}, sub...)
	ss := b.ix.root(path[len(path)-1])
	switch {
	case len(path) > len(s.long):
		s.long, s.ss = path, nil
		if ss {
			s.ss = path
		}
	case len(path) == len(s.long) && s.ss == nil && ss:
		s.ss = path
	}
}

func onPath(path []*chainNode, n *chainNode) bool {
	for _, x := range path {
		if x == n {
			return true
		}
	}
	return false
}

// issuers returns the supplied certificates that issued n (their
// signature verifies), computed once per node. ok is false when the
// signature budget of this build does not allow computing them.
func (b *chainBuild) issuers(n *chainNode) (issuers []*chainNode, ok bool) {
	if n.issuersKnown {
		return n.issuers, true
	}
	cands := b.ix.candidates(n, MaxIssuerCandidates)
	if len(cands) > MaxIssuerCandidates {
		cands = cands[:MaxIssuerCandidates]
		n.cut = fmt.Sprintf("more than %d supplied certificates could have issued %s; only the first %d were tried", MaxIssuerCandidates, shortName(SubjectDN(n.cert)), MaxIssuerCandidates)
	}
	if b.checks+len(cands) > MaxChainSignatureChecks {
		return nil, false
	}
	for _, p := range cands {
		b.checks++
		key := n.keyWith(p)
		ok, known := b.ix.v.signedByKey(n.cert, p.cert, &key)
		if ok {
			n.issuers = append(n.issuers, p)
		}
		if !known && n.cut == "" {
			n.cut = fmt.Sprintf("%s, so whether %s was issued by each certificate named as its issuer was not checked", b.ix.v.exhausted(), shortName(SubjectDN(n.cert)))
		}
	}
	n.issuersKnown = true
	return n.issuers, true
}

// shortName shows a name from a certificate in a message: escaped and cut
// (see [wording.Inline]).
func shortName(s string) string {
	if s == "" {
		return "a certificate with an empty subject"
	}
	return wording.Inline(s)
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
