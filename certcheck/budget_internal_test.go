package certcheck

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
)

// resigned returns c with its signature replaced by sig (the same
// algorithm): a certificate whose verification costs the work of sig's
// key size and fails.
func resigned(t testing.TB, c *x509.Certificate, sig []byte) *x509.Certificate {
	t.Helper()
	var outer struct {
		TBS asn1.RawValue
		Alg pkix.AlgorithmIdentifier
		Sig asn1.BitString
	}
	if _, err := asn1.Unmarshal(c.Raw, &outer); err != nil {
		t.Fatal(err)
	}
	outer.Sig = asn1.BitString{Bytes: sig, BitLength: 8 * len(sig)}
	der, err := asn1.Marshal(outer)
	if err != nil {
		t.Fatal(err)
	}
	out, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// randomRSA is an RSA public key of bits bits with exponent e and a random
// odd modulus: verifying with it costs what a real key of that size
// costs, and nothing verifies.
func randomRSA(t testing.TB, bits, e int) *rsa.PublicKey {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), uint(bits)))
	if err != nil {
		t.Fatal(err)
	}
	n.SetBit(n, bits-1, 1)
	n.SetBit(n, 0, 1)
	return &rsa.PublicKey{N: n, E: e}
}

// evilPKI is the input of the report: nCA CAs named "Evil CA", each for
// an RSA key of MaxRSABits bits and exponent 2^31-1, and nLeaf leaves
// issued in that name with random signatures of the key's size (each
// leaf costs nCA verifications of 15 ms or more), plus a CRL in the name
// of the first CA and a trusted root elsewhere.
func evilPKI(t testing.TB, nCA, nLeaf int) *Set {
	t.Helper()
	signer, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	rootKey := newKey(t)
	certs := asCerts(RoleTrust, issue(t, "Root", "Root", &rootKey.PublicKey, rootKey, true, false))
	caName := pkix.Name{CommonName: "Evil CA"}
	for i := 0; i < nCA; i++ {
		ca := makeCert(t, &x509.Certificate{Subject: caName, NotBefore: testNow.AddDate(-1, 0, 0), NotAfter: testNow.AddDate(1, 0, 0),
			IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign},
			&x509.Certificate{Subject: pkix.Name{CommonName: "Root"}, PublicKey: &rootKey.PublicKey}, randomRSA(t, MaxRSABits, MaxRSAExponent), rootKey)
		certs = append(certs, asCerts(RoleChain, ca)...)
	}
	parent := &x509.Certificate{Subject: caName, PublicKey: &signer.PublicKey}
	for i := 0; i < nLeaf; i++ {
		leaf := makeCert(t, &x509.Certificate{Subject: pkix.Name{CommonName: "leaf"}, NotBefore: testNow.AddDate(0, -1, 0), NotAfter: testNow.AddDate(1, 0, 0),
			ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}, parent, &newKey(t).PublicKey, signer)
		sig := make([]byte, MaxRSABits/8)
		rand.Read(sig)
		sig[0] = 0
		certs = append(certs, asCerts(RoleClient, resigned(t, leaf, sig))...)
	}
	crlDER, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{Number: big.NewInt(1), ThisUpdate: testNow, NextUpdate: testNow.AddDate(0, 1, 0)},
		&x509.Certificate{Subject: caName, PublicKey: &signer.PublicKey, KeyUsage: x509.KeyUsageCRLSign, SubjectKeyId: certs[1].SubjectKeyId}, signer)
	if err != nil {
		t.Fatal(err)
	}
	crl, err := x509.ParseRevocationList(crlDER)
	if err != nil {
		t.Fatal(err)
	}
	return &Set{Certs: certs, CRLs: []*CRL{{RevocationList: crl}}, Opts: Options{Now: testNow}}
}

// inputSize is the bytes the signature budget of in allows for.
func inputSize(in *Set) int {
	n := 0
	for _, c := range in.Certs {
		n += len(c.Raw)
	}
	for _, l := range in.CRLs {
		n += len(l.Raw)
	}
	return n
}

// TestSignatureWorkBudget runs every rule on the input of the report (16
// CAs for a 16,384-bit key with exponent 2^31-1, 20 leaves in their name
// with signatures of that size; 60 s for 200 leaves before the fix): the
// work of the verifications made stays within the budget of the input's
// size, so 4 times the leaves cost at most about 4 times the
// verifications; every leaf whose chain could not be searched says so in
// a CERT031 finding naming the budget (the few leaves the budget lets be
// searched to the end say that their issuer was not supplied), none is
// trusted or called untrusted, and the CRL whose signature was not
// checked says so.
func TestSignatureWorkBudget(t *testing.T) {
	perCheck := verifyCost(randomRSA(t, MaxRSABits, MaxRSAExponent))
	var checks [2]int64
	for i, nLeaf := range []int{10, 40} {
		in := evilPKI(t, MaxIssuerCandidates, nLeaf)
		allowance := SignatureWorkBase + allowanceOf(inputSize(in), len(in.Certs))
		var found []string
		within(t, watchdog, func() {
			checks[i] = countSigChecks(func() {
				for _, f := range Lint(in) {
					found = append(found, f.Rule.ID+": "+f.Message)
				}
			})
		})
		if spent := in.verifier().spent; spent > allowance || checks[i] > allowance/perCheck+10 {
			t.Errorf("%d leaves: %d verifications, %d units of work, want at most %d units (%d bytes of input)", nLeaf, checks[i], spent, allowance, inputSize(in))
		}
		// A leaf searched to the end (each of its MaxIssuerCandidates
		// candidates verified, none its issuer) says its issuer was not
		// supplied; the budget allows that for a few leaves at most.
		budget, complete, crl := 0, 0, 0
		for _, f := range found {
			switch {
			case strings.HasPrefix(f, "CERT031") && strings.Contains(f, "reached their budget"):
				budget++
			case strings.HasPrefix(f, "CERT031") && strings.Contains(f, "was not supplied"):
				complete++
			case strings.HasPrefix(f, "CERT030") || strings.HasPrefix(f, "CERT031"):
				t.Errorf("%d leaves: %s; want the search said to be cut short by the budget", nLeaf, f)
			case strings.HasPrefix(f, "CERT051") && strings.Contains(f, "was not checked"):
				crl++
			}
		}
		if budget == 0 || budget+complete != nLeaf || int64(complete) > allowance/(MaxIssuerCandidates*perCheck) || crl != 1 {
			t.Errorf("%d leaves: %d CERT031 findings naming the budget, %d searched to the end and %d CRLs not checked, want %d in all, at most %d searched to the end, and 1; findings %q",
				nLeaf, budget, complete, crl, nLeaf, allowance/(MaxIssuerCandidates*perCheck), found)
		}
	}
	if checks[1] > 5*checks[0]+10 {
		t.Errorf("4x the leaves cost %d verifications against %d: the work does not follow the input", checks[1], checks[0])
	}
}

// TestClassifierBudget classifies 40 self-named CAs for the report's key
// (3.8 s for 200 before the fix): the classifier's verifications stay
// within its budget, and a CA it could not verify is a trusted root that
// says its signature was not verified.
func TestClassifierBudget(t *testing.T) {
	evil := randomRSA(t, MaxRSABits, MaxRSAExponent)
	signer, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	name := pkix.Name{CommonName: "Self CA"}
	var cas []*x509.Certificate
	size := 0
	for i := 0; i < 40; i++ {
		c := makeCert(t, &x509.Certificate{Subject: name, NotBefore: testNow, NotAfter: testNow.AddDate(1, 0, 0), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign},
			&x509.Certificate{Subject: name, PublicKey: &signer.PublicKey}, evil, signer)
		sig := make([]byte, MaxRSABits/8)
		rand.Read(sig)
		sig[0] = 0
		c = resigned(t, c, sig)
		cas = append(cas, c)
		size += len(c.Raw)
	}
	k := NewClassifier(Hints{})
	unverified := 0
	n := countSigChecks(func() {
		for _, c := range cas {
			role, why, ok := k.Classify(c)
			if !ok || role != RoleTrust && role != RoleChain {
				t.Fatalf("classified as %v (%q)", role, why)
			}
			if strings.Contains(why, "was not verified") {
				unverified++
				if role != RoleTrust {
					t.Errorf("a CA not verified classified as %v; want a trusted root that says so", role)
				}
			}
		}
	})
	allowance := SignatureWorkBase + allowanceOf(size, len(cas))
	if k.v.spent > allowance || n > allowance/verifyCost(evil)+1 {
		t.Errorf("%d verifications, %d units of work, want at most %d units", n, k.v.spent, allowance)
	}
	if unverified == 0 || int64(unverified) != int64(len(cas))-n {
		t.Errorf("%d of %d CAs said not verified after %d verifications", unverified, len(cas), n)
	}
}

// TestP256PKISearchedToTheEnd checks 1,500 client certificates with
// P-256 keys under 10 issuing CAs and a root, also P-256: more leaves
// than the budget's base and per-byte allowance can verify (a P-256 leaf
// brings less by its size than its verification costs), so it is the
// allowance per certificate that has every chain searched to the end,
// every leaf trusted, no finding naming the budget.
func TestP256PKISearchedToTheEnd(t *testing.T) {
	in := pkiWith(t, 10, 1500, func() crypto.Signer { return newKey(t) })
	size := inputSize(in)
	if need := int64(len(in.Certs)) * workP256; SignatureWorkBase+SignatureWorkPerByte*int64(size) >= need {
		t.Fatalf("%d bytes of certificates allow %d units without the allowance per certificate, their verification needs %d: the test needs more leaves", size, SignatureWorkBase+SignatureWorkPerByte*int64(size), need)
	}
	var found []string
	within(t, watchdog, func() {
		for _, f := range Lint(in) {
			if f.Rule.ID == "CERT030" || f.Rule.ID == "CERT031" || strings.Contains(f.Message, "budget") {
				found = append(found, f.Rule.ID+": "+f.Message)
			}
		}
	})
	if len(found) > 0 {
		t.Errorf("%d findings about chains or the budget, want none; first: %q", len(found), found[0])
	}
	if v := in.verifier(); v.refused != 0 || v.spent > v.allowance {
		t.Errorf("%d verifications refused, %d units spent of %d", v.refused, v.spent, v.allowance)
	}
	if got := in.ChainOf(in.Certs[len(in.Certs)-1]); !got.Trusted || len(got.Path) != 3 || got.Stopped != "" {
		t.Errorf("the last leaf's chain is not trusted: %+v", got)
	}
}

// TestRSAExponentRefused loads certificates whose RSA exponents are 3,
// 65537 and 2^31-1 (read), 2^31+1, 2^32+1 and 2^62+1 (over
// MaxRSAExponent), 1 and 65536 (not an RSA exponent): the others are
// refused with a problem naming the exponent.
func TestRSAExponentRefused(t *testing.T) {
	key := newKey(t)
	for e, ok := range map[int]bool{3: true, 65537: true, MaxRSAExponent: true, 1<<31 + 1: false, 1<<32 + 1: false, 1<<62 + 1: false, 1: false, 65536: false} {
		c := issue(t, "exponent", "Issuer", randomRSA(t, 2048, e), key, false, false)
		b, _ := loadBytes("e.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}))
		msgs := problemsOf(b)
		switch {
		case ok && (len(b.Certs) != 1 || len(msgs) != 0):
			t.Errorf("e=%d: %d certificates, problems %q; want it read", e, len(b.Certs), msgs)
		case !ok && (len(b.Certs) != 0 || len(b.Refused) != 1 || len(msgs) != 1 || !strings.Contains(msgs[0], "has an RSA public exponent of ")):
			t.Errorf("e=%d: %d certificates, problems %q; want it refused, naming its exponent", e, len(b.Certs), msgs)
		}
	}
}

// TestVerifyCost checks the estimates the documentation of
// SignatureWorkBase quotes, and that a larger exponent costs more.
func TestVerifyCost(t *testing.T) {
	for _, c := range []struct {
		bits, e int
		want    int64
	}{{2048, 65537, 35_840}, {16384, 65537, 2_293_760}, {16384, MaxRSAExponent, 65536 * (31 + 31 + 16)}} {
		if got := verifyCost(randomRSA(t, c.bits, c.e)); got != c.want {
			t.Errorf("RSA %d, e=%d: %d units, want %d", c.bits, c.e, got, c.want)
		}
	}
	if verifyCost(&newKey(t).PublicKey) != workP256 {
		t.Errorf("P-256: %d units, want %d", verifyCost(&newKey(t).PublicKey), workP256)
	}
}
