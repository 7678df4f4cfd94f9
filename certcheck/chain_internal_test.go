package certcheck

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	mrand "math/rand"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint/internal/benchcpu"
	"github.com/aovpnlint/aovpnlint/lint"
)

// referenceChain is the chain search certcheck used before issue 9: a
// depth-first search over every certificate at every step. It defines
// which path is chosen; chainOf must choose the same one wherever the
// issuer relation has no cycle.
func referenceChain(certs []*Cert, c *x509.Certificate) *Chain {
	anchor := func(c *x509.Certificate) bool {
		for _, t := range certs {
			if t.Role == RoleTrust && bytes.Equal(t.Raw, c.Raw) {
				return selfSigned(c)
			}
		}
		return false
	}
	contains := func(list []*x509.Certificate, c *x509.Certificate) bool {
		for _, x := range list {
			if bytes.Equal(x.Raw, c.Raw) {
				return true
			}
		}
		return false
	}
	issuers := func(c *x509.Certificate) []*x509.Certificate {
		var out []*x509.Certificate
		for _, cand := range certs {
			p := cand.Certificate
			if p == c || !bytes.Equal(p.RawSubject, c.RawIssuer) {
				continue
			}
			if len(c.AuthorityKeyId) > 0 && len(p.SubjectKeyId) > 0 && !bytes.Equal(c.AuthorityKeyId, p.SubjectKeyId) {
				continue
			}
			if signedBy(c, p) && !contains(out, p) {
				out = append(out, p)
			}
		}
		return out
	}
	best := &Chain{Path: []*x509.Certificate{c}}
	var search func(path []*x509.Certificate) bool
	search = func(path []*x509.Certificate) bool {
		cur := path[len(path)-1]
		if anchor(cur) {
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
		for _, issuer := range issuers(cur) {
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
	best.Issues = issuerIssues(best.Path, best.Trusted, testNow)
	return best
}

// cyclic reports whether the issuer relation among certs has a cycle.
func cyclic(certs []*Cert) bool {
	state := map[*x509.Certificate]int{}
	var visit func(c *x509.Certificate) bool
	visit = func(c *x509.Certificate) bool {
		switch state[c] {
		case 1:
			return true
		case 2:
			return false
		}
		state[c] = 1
		for _, p := range certs {
			if p.Certificate != c && bytes.Equal(p.RawSubject, c.RawIssuer) && !selfSigned(c) && signedBy(c, p.Certificate) && visit(p.Certificate) {
				return true
			}
		}
		state[c] = 2
		return false
	}
	for _, c := range certs {
		if visit(c.Certificate) {
			return true
		}
	}
	return false
}

func describeChain(ch *Chain) string {
	var names []string
	for _, c := range ch.Path {
		names = append(names, fmt.Sprintf("%s#%s", c.Subject.CommonName, c.SerialNumber))
	}
	s := strings.Join(names, " > ")
	if ch.Trusted {
		s += " (trusted)"
	}
	if ch.Untrusted != nil {
		s += " (untrusted root)"
	}
	for _, is := range ch.Issues {
		s += "; " + is.Issuer.SerialNumber.String() + " " + is.Why
	}
	return s
}

// TestChainMatchesDepthFirstSearch builds random small PKIs (names, keys
// and signers drawn from small pools, so that renewals, cross-signing,
// self-issued and self-signed certificates, copies and dead ends all
// occur) and compares every leaf's chain with the reference search: the
// same path wherever the issuer relation has no cycle, and a valid path
// (each link verified, no certificate twice, a trusted one ending at a
// trusted root) where it has one.
func TestChainMatchesDepthFirstSearch(t *testing.T) {
	rng := mrand.New(mrand.NewSource(42))
	var keys []*ecdsa.PrivateKey
	for i := 0; i < 4; i++ {
		keys = append(keys, newKey(t))
	}
	names := []string{"Root A", "Root B", "Issuing", "Other"}
	compared, checkedCyclic := 0, 0
	for trial := 0; trial < 400; trial++ {
		var certs []*Cert
		for i, n := 0, 2+rng.Intn(6); i < n; i++ {
			subject, issuer := names[rng.Intn(len(names))], names[rng.Intn(len(names))]
			key, signer := keys[rng.Intn(len(keys))], keys[rng.Intn(len(keys))]
			if rng.Intn(3) == 0 {
				issuer, signer = subject, key // self-signed
			}
			c := issue(t, subject, issuer, &key.PublicKey, signer, rng.Intn(6) > 0, rng.Intn(2) == 0)
			role := RoleChain
			if rng.Intn(3) == 0 {
				role = RoleTrust
			}
			certs = append(certs, &Cert{Certificate: c, Role: role})
			if rng.Intn(8) == 0 {
				certs = append(certs, &Cert{Certificate: c, Role: RoleChain}) // a copy
			}
		}
		var leaves []*Cert
		for i, n := 0, 1+rng.Intn(2); i < n; i++ {
			signer := keys[rng.Intn(len(keys))]
			leaf := &Cert{Certificate: issue(t, "leaf", names[rng.Intn(len(names))], &newKey(t).PublicKey, signer, false, rng.Intn(2) == 0), Role: RoleClient}
			leaves = append(leaves, leaf)
		}
		rng.Shuffle(len(certs), func(i, j int) { certs[i], certs[j] = certs[j], certs[i] })
		all := append(append([]*Cert{}, leaves...), certs...)
		in := &Set{Certs: all, Opts: Options{Now: testNow}}
		isCyclic := cyclic(all)
		for _, leaf := range leaves {
			got, want := in.ChainOf(leaf), referenceChain(all, leaf.Certificate)
			if got.Stopped != "" {
				t.Fatalf("trial %d: search stopped on a small PKI: %s", trial, got.Stopped)
			}
			if !isCyclic {
				compared++
				if describeChain(got) != describeChain(want) {
					t.Errorf("trial %d: chain %s, the reference search gives %s", trial, describeChain(got), describeChain(want))
				}
				continue
			}
			checkedCyclic++
			seen := map[string]bool{}
			for i, c := range got.Path {
				if seen[string(c.Raw)] {
					t.Errorf("trial %d: %s holds a certificate twice", trial, describeChain(got))
				}
				seen[string(c.Raw)] = true
				if i > 0 && !signedBy(got.Path[i-1], c) {
					t.Errorf("trial %d: %s has a link that does not verify", trial, describeChain(got))
				}
			}
			if got.Trusted && !in.index().anchor(in.index().node(got.Top())) {
				t.Errorf("trial %d: %s is trusted but does not end at a trusted root", trial, describeChain(got))
			}
		}
	}
	if compared < 200 || checkedCyclic < 5 {
		t.Errorf("%d chains compared, %d cyclic ones checked: the random PKIs do not cover both cases", compared, checkedCyclic)
	}
}

// crossSigned makes the input of the report: a leaf under X, m
// certificates named X for key A signed by key B and m named X for key B
// signed by key A (with key identifiers, so each has m possible issuers),
// and a trusted root elsewhere (so that chains are judged).
func crossSigned(t testing.TB, m int) *Set {
	a, b := newKey(t), newKey(t)
	rootKey := newKey(t)
	certs := asCerts(RoleClient, issue(t, "leaf", "X", &newKey(t).PublicKey, a, false, true))
	for i := 0; i < m; i++ {
		certs = append(certs, asCerts(RoleChain,
			issue(t, "X", "X", &a.PublicKey, b, true, true),
			issue(t, "X", "X", &b.PublicKey, a, true, true))...)
	}
	certs = append(certs, asCerts(RoleTrust, issue(t, "Root", "Root", &rootKey.PublicKey, rootKey, true, true))...)
	return &Set{Certs: certs, Opts: Options{Now: testNow}}
}

func countSigChecks(f func()) int64 {
	before := sigChecks.Load()
	f()
	return sigChecks.Load() - before
}

func findingsOf(in *Set, id string) []lint.Finding {
	var out []lint.Finding
	for _, f := range Lint(in) {
		if f.Rule.ID == id {
			out = append(out, f)
		}
	}
	return out
}

// TestChainCrossSignedBounded runs the cross-signed input of the report
// (M=10 took 1.35 s before the fix, M=15 26 s, M=20 200 s): all the
// rules, for M=10 and M=100, verify a number of signatures that grows at
// most linearly, and past MaxIssuerCandidates the chain says the search
// was cut short, in a CERT031 finding.
func TestChainCrossSignedBounded(t *testing.T) {
	checks := map[int]int64{}
	for _, m := range []int{10, 100} {
		in := crossSigned(t, m)
		var found []lint.Finding
		within(t, watchdog, func() {
			checks[m] = countSigChecks(func() { found = findingsOf(in, "CERT031") })
		})
		if limit := int64(len(in.Certs)+1) * (MaxIssuerCandidates + 2); checks[m] > limit {
			t.Errorf("M=%d: %d signature checks for %d certificates, want at most %d", m, checks[m], len(in.Certs), limit)
		}
		if len(found) != 1 {
			t.Fatalf("M=%d: CERT031 findings %v, want one", m, found)
		}
		stopped := strings.Contains(found[0].Message, "could not be searched to the end: more than 16 supplied certificates could have issued")
		if stopped != (m > MaxIssuerCandidates) {
			t.Errorf("M=%d: %q; want the search cut short exactly when M > %d", m, found[0].Message, MaxIssuerCandidates)
		}
	}
	if checks[100] > 20*checks[10] {
		t.Errorf("10x the certificates cost %d signature checks against %d: not linear", checks[100], checks[10])
	}
}

// TestChainManySameSubject gives 10,000 CA certificates with the same
// subject (about 5 MB), each one a possible issuer of the leaf, none
// leading to the trusted root: the leaf's chain tries MaxIssuerCandidates
// of them, not all, and says so. It runs on one core: with two, prefetch
// verifies ahead, within the run's budget, every pair the chains of all
// the certificates could ask about (TestPrefetchChangesNothing), and this
// test counts what one chain's search asks for.
func TestChainManySameSubject(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	caKey, rogue, rootKey := newKey(t), newKey(t), newKey(t)
	root := issue(t, "Root", "Root", &rootKey.PublicKey, rootKey, true, false)
	certs := asCerts(RoleClient, issue(t, "leaf", "Same CA", &newKey(t).PublicKey, caKey, false, false))
	certs = append(certs, asCerts(RoleTrust, root)...)
	size := 0
	for _, c := range variants(t, issue(t, "Same CA", "Root", &caKey.PublicKey, rogue, true, false), 10_000) { // not signed by the root
		size += len(c.Raw)
		certs = append(certs, &Cert{Certificate: c, Role: RoleChain})
	}
	in := &Set{Certs: certs, Opts: Options{Now: testNow}}
	var ch *Chain
	var n int64
	within(t, watchdog, func() { n = countSigChecks(func() { ch = in.ChainOf(certs[0]) }) })
	if limit := int64(3 * MaxIssuerCandidates); n > limit {
		t.Errorf("%d signature checks for one chain among %d certificates (%d bytes), want at most %d", n, len(certs), size, limit)
	}
	if ch.Trusted || !strings.Contains(ch.Stopped, "only the first 16 were tried") {
		t.Errorf("chain %s, stopped %q; want an untrusted chain saying the search was cut short", describeChain(ch), ch.Stopped)
	}
}

// variants returns n certificates that differ from c in their serial
// number only (their signatures no longer verify, which the tests using
// them want): many distinct certificates without signing each.
func variants(t testing.TB, c *x509.Certificate, n int) []*x509.Certificate {
	t.Helper()
	serial := c.SerialNumber.Bytes()
	field := append([]byte{0x02, byte(len(serial))}, serial...)
	at := bytes.Index(c.Raw, field)
	if at < 0 || len(serial) < 3 || bytes.Count(c.Raw, field) != 1 {
		t.Fatalf("serial %x not found once in the certificate", serial)
	}
	var out []*x509.Certificate
	for i := 0; i < n; i++ {
		der := bytes.Clone(c.Raw)
		p := der[at+2+len(serial)-3:]
		p[0], p[1], p[2] = byte(i>>16), byte(i>>8), byte(i)
		v, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// TestChainCopiesShareOneResult gives 8,500 and then 85,000 copies of one
// client certificate (as a PKCS#7 of copies given as client certificates;
// each copy was a chain search over every certificate before the fix),
// with their CA as the trusted root: whatever the number of copies, the
// signature checks are the same handful (a copy is one certificate, its
// chain built once), the work grows at most linearly, and each copy's
// chain starts at that copy.
func TestChainCopiesShareOneResult(t *testing.T) {
	caKey := newKey(t)
	ca := issue(t, "CA", "CA", &caKey.PublicKey, caKey, true, true)
	leaf := issue(t, "copied leaf", "CA", &newKey(t).PublicKey, caKey, false, true)
	run := func(copies int) (int64, time.Duration) {
		certs := asCerts(RoleTrust, ca)
		for i := 0; i < copies; i++ {
			c, err := x509.ParseCertificate(leaf.Raw) // each copy parsed on its own, as from a file
			if err != nil {
				t.Fatal(err)
			}
			certs = append(certs, &Cert{Certificate: c, Role: RoleClient})
		}
		in := &Set{Certs: certs, Opts: Options{Now: testNow}}
		var n int64
		start := spent()
		within(t, watchdog, func() { n = countSigChecks(func() { Lint(in) }) })
		took := spent() - start
		for _, c := range []*Cert{certs[1], certs[len(certs)-1]} {
			if ch := in.ChainOf(c); ch.Path[0] != c.Certificate || !ch.Trusted || len(ch.Path) != 2 {
				t.Errorf("copy: chain %s; want it trusted and starting at its own copy", describeChain(ch))
			}
		}
		return n, took
	}
	small, smallTook := run(8_500)
	large, largeTook := run(85_000)
	if small > 10 || large > 10 {
		t.Errorf("%d and %d signature checks for 8,500 and 85,000 copies of one certificate, want a handful", small, large)
	}
	if largeTook > 40*smallTook+time.Second {
		t.Errorf("10x the copies took %v against %v: not linear", largeTook, smallTook)
	}
}

// spent is the process's CPU time where it is read (other processes on a
// loaded machine inflate a wall time: 85,000 copies once took 7.2 s of it
// against 85 ms for 8,500 while other tests ran), the wall time elsewhere.
func spent() time.Duration {
	if d, ok := benchcpu.CPUTime(); ok {
		return d
	}
	return time.Duration(time.Now().UnixNano())
}

// pki makes a realistic input: a root, ca issuing CAs under it and n
// client certificates spread over them, with ECDSA P-256 keys.
func pki(t testing.TB, cas, n int) *Set {
	return pkiWith(t, cas, n, func() crypto.Signer { return newKey(t) })
}

// pkiWith is pki with the keys newSigner makes.
func pkiWith(t testing.TB, cas, n int, newSigner func() crypto.Signer) *Set {
	rootKey := newSigner()
	certs := asCerts(RoleTrust, issue(t, "Root", "Root", rootKey.Public(), rootKey, true, true))
	var caKeys []crypto.Signer
	for i := 0; i < cas; i++ {
		k := newSigner()
		caKeys = append(caKeys, k)
		certs = append(certs, asCerts(RoleChain, issue(t, fmt.Sprintf("Issuing %d", i), "Root", k.Public(), rootKey, true, true))...)
	}
	leafKey := newSigner()
	for i := 0; i < n; i++ {
		certs = append(certs, asCerts(RoleClient, issue(t, fmt.Sprintf("client %d", i), fmt.Sprintf("Issuing %d", i%cas), leafKey.Public(), caKeys[i%cas], false, true))...)
	}
	return &Set{Certs: certs, Opts: Options{Now: testNow}}
}

// rsaSigner returns a maker of RSA 2048-bit keys.
func rsaSigner(t testing.TB) func() crypto.Signer {
	return func() crypto.Signer {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
}

// BenchmarkChains runs every rule on 1,000 and 10,000 client certificates
// under 10 issuing CAs and a root: each leaf's chain is built and judged,
// with ECDSA P-256 keys and with RSA 2048-bit keys (the usual AD CS
// certificate; an RSA signature is cheaper to verify). The signature
// cache is emptied each round, as each run of the command line starts
// empty.
func BenchmarkChains(b *testing.B) {
	for _, keys := range []struct {
		name string
		make func() crypto.Signer
	}{{"p256", func() crypto.Signer { return newKey(b) }}, {"rsa2048", rsaSigner(b)}} {
		for _, n := range []int{1_000, 10_000} {
			certs := pkiWith(b, 10, n, keys.make).Certs
			b.Run(fmt.Sprintf("%s/leaves=%d", keys.name, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					Lint(&Set{Certs: certs, Opts: Options{Now: testNow}})
				}
			})
		}
	}
}

// BenchmarkCrossSigned builds the chain of a leaf under M cross-signed
// certificates named alike (the input of the report).
func BenchmarkCrossSigned(b *testing.B) {
	for _, m := range []int{10, 20, 1_000} {
		certs := crossSigned(b, m).Certs
		b.Run(fmt.Sprintf("M=%d", m), func(b *testing.B) {
			for b.Loop() {
				in := &Set{Certs: certs, Opts: Options{Now: testNow}}
				in.ChainOf(certs[0])
			}
		})
	}
}

// TestStoppedSearchIsCERT031 gives a leaf 20 possible issuers, each a
// self-signed root that is not trusted: the search is cut at 16, so the
// root it reached is not known to be the only one; CERT031 says the
// search was cut short and CERT030 does not claim an untrusted root.
func TestStoppedSearchIsCERT031(t *testing.T) {
	caKey, rootKey := newKey(t), newKey(t)
	certs := asCerts(RoleClient, issue(t, "leaf", "Same CA", &newKey(t).PublicKey, caKey, false, true))
	certs = append(certs, asCerts(RoleTrust, issue(t, "Root", "Root", &rootKey.PublicKey, rootKey, true, true))...)
	for i := 0; i < 20; i++ {
		certs = append(certs, asCerts(RoleChain, issue(t, "Same CA", "Same CA", &caKey.PublicKey, caKey, true, true))...)
	}
	in := &Set{Certs: certs, Opts: Options{Now: testNow}}
	if ch := in.ChainOf(certs[0]); ch.Untrusted == nil || ch.Stopped == "" {
		t.Fatalf("chain %s, stopped %q; want an untrusted root and the search cut short", describeChain(ch), ch.Stopped)
	}
	var ids []string
	for _, f := range Lint(in) {
		if f.Rule.ID == "CERT030" || f.Rule.ID == "CERT031" {
			ids = append(ids, f.Rule.ID+": "+f.Message)
		}
	}
	if len(ids) != 1 || !strings.HasPrefix(ids[0], "CERT031: the chain of the client certificate CN=leaf could not be searched to the end: more than 16 supplied certificates could have issued CN=leaf") {
		t.Errorf("findings %q; want one CERT031 saying the search was cut short", ids)
	}
}

// TestChainSignatureBudget builds seven layers of 16 CAs, each CA of a
// layer issued by every CA of the next one, none reaching the trusted
// root (16^7 paths; a search over paths never ends): the chain search
// stops after MaxChainSignatureChecks signature checks and says so.
func TestChainSignatureBudget(t *testing.T) {
	var keys []*ecdsa.PrivateKey
	for i := 0; i <= 8; i++ {
		keys = append(keys, newKey(t))
	}
	certs := asCerts(RoleClient, issue(t, "leaf", "L1", &newKey(t).PublicKey, keys[1], false, true))
	certs = append(certs, asCerts(RoleTrust, issue(t, "Root", "Root", &keys[0].PublicKey, keys[0], true, true))...)
	for layer := 1; layer <= 7; layer++ {
		for i := 0; i < MaxIssuerCandidates; i++ {
			c := issue(t, fmt.Sprintf("L%d", layer), fmt.Sprintf("L%d", layer+1), &keys[layer].PublicKey, keys[layer+1], true, true)
			certs = append(certs, &Cert{Certificate: c, Role: RoleChain})
		}
	}
	in := &Set{Certs: certs, Opts: Options{Now: testNow}}
	var ch *Chain
	var n int64
	within(t, watchdog, func() { n = countSigChecks(func() { ch = in.ChainOf(certs[0]) }) })
	if n > MaxChainSignatureChecks {
		t.Errorf("%d signature checks, want at most %d", n, MaxChainSignatureChecks)
	}
	if ch.Trusted || !strings.HasPrefix(ch.Stopped, "the search stopped after") {
		t.Errorf("chain %s, stopped %q; want the search stopped by its signature budget", describeChain(ch), ch.Stopped)
	}
}
