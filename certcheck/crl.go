package certcheck

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"math/big"
	"sort"

	"github.com/aovpnlint/aovpnlint/internal/cite"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

// crlIssuer finds the supplied certificate that issued l: the first, in
// input order, with the subject it names and the key identifier when both
// sides have one (see [certIndex]).
func (in *Set) crlIssuer(l *CRL) *Cert {
	in.mu.Lock()
	defer in.mu.Unlock()
	a, b := in.index().named(string(l.RawIssuer), l.AuthorityKeyId)
	var best *chainNode
	for _, list := range [][]*chainNode{a, b} {
		for _, n := range list {
			if n.first == nil {
				continue // a certificate not supplied, seen by ChainOf
			}
			if best == nil || n.order < best.order {
				best = n
			}
			break
		}
	}
	if best == nil {
		return nil
	}
	return best.first
}

// revocation is a supplied certificate listed by a CRL.
type revocation struct {
	cert  *Cert
	entry x509.RevocationListEntry
}

// reasonRemoveFromCRL is the reason code a delta CRL gives a certificate
// that is no longer on hold (RFC 5280 5.3.1): not a revocation.
const reasonRemoveFromCRL = 8

// revokedBy returns the supplied certificates l lists as revoked: same
// issuer name, authority key identifiers agreeing when both are present,
// and the serial number among the entries. They come in input order, and
// for one certificate in the order of the entries, as a scan of every
// certificate against every entry would give them.
func (in *Set) revokedBy(l *CRL) []revocation {
	in.mu.Lock()
	ix := in.index()
	in.mu.Unlock()
	type match struct {
		order, entry int
		r            revocation
	}
	var found []match
	issuer := string(l.RawIssuer)
	for j, e := range l.RevokedCertificateEntries {
		if e.ReasonCode == reasonRemoveFromCRL {
			continue // a delta CRL's word that a certificate is no longer on hold
		}
		for _, c := range ix.bySerial[issuerSerial{issuer, serialKey(e.SerialNumber)}] {
			if len(l.AuthorityKeyId) > 0 && len(c.AuthorityKeyId) > 0 && !bytes.Equal(l.AuthorityKeyId, c.AuthorityKeyId) {
				continue
			}
			found = append(found, match{ix.order[c], j, revocation{c, e}})
		}
	}
	sort.Slice(found, func(a, b int) bool {
		if found[a].order != found[b].order {
			return found[a].order < found[b].order
		}
		return found[a].entry < found[b].entry
	})
	out := make([]revocation, len(found))
	for i, m := range found {
		out[i] = m.r
	}
	return out
}

var staleCRL = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT050", Severity: lint.Error,
		Title:         "every CRL is before its next update",
		Fix:           "publish a new CRL from the CA (certutil -crl) and make sure it reaches the CRL distribution points",
		WindowsErrors: []string{"TLS handshake failure", "812"},
		Citation:      cite.CRL,
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, l := range in.CRLs {
			if l.NextUpdate.IsZero() {
				continue
			}
			left := l.NextUpdate.Sub(in.Now())
			switch {
			case left < 0:
				r.Reportf(l.Source.Pos, "the CRL of %s is stale: next update was due %s, evaluated at %s", shortName(CRLIssuerDN(l.RevocationList)), stamp(l.NextUpdate), stamp(in.Now()))
			}
		}
	},
}

var expiringCRL = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT054", Severity: lint.Warning,
		Title:         "no CRL reaches its next update within the warning window",
		Fix:           "publish a new CRL from the CA (certutil -crl) before the next update, and check that the CA's CRL publishing schedule and overlap leave time to spare",
		WindowsErrors: []string{"812"},
		Citation:      cite.CRL,
		Doc:           "A CRL that reaches its next update without a newer one published becomes stale (CERT050), and revocation checking then fails.",
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, l := range in.CRLs {
			if l.NextUpdate.IsZero() {
				continue
			}
			if left := l.NextUpdate.Sub(in.Now()); left >= 0 && left <= in.Opts.Warn {
				r.Reportf(l.Source.Pos, "the CRL of %s reaches its next update on %s, in %d days (warning window %d days); expected a newer CRL published before then", shortName(CRLIssuerDN(l.RevocationList)), day(l.NextUpdate), int(left.Hours()/24), int(in.Opts.Warn.Hours()/24))
			}
		}
	},
}

var crlSignature = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT051", Severity: lint.Error,
		Title:    "every CRL is signed by the issuer it names, when that issuer is given",
		Fix:      "take the CRL from the CA that issued it; a CRL signed with another key is rejected",
		Citation: cite.CRL,
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, l := range in.CRLs {
			issuer := in.crlIssuer(l)
			if issuer == nil {
				continue
			}
			known, err := in.verifier().crlSignedBy(l.RevocationList, issuer.Certificate)
			switch {
			case !known:
				r.Report(lint.Finding{Pos: l.Source.Pos,
					Message: fmt.Sprintf("the signature of the CRL of %s was not checked: %s; expected fewer certificates and CRLs with keys of usual sizes", shortName(CRLIssuerDN(l.RevocationList)), in.verifier().exhausted()),
					Related: []lint.Related{{Pos: issuer.Source.Pos, Message: "the issuer certificate"}}})
			case err != nil:
				r.Report(lint.Finding{Pos: l.Source.Pos,
					Message: fmt.Sprintf("the CRL names %s as its issuer but is not signed by that certificate (%s)", shortName(CRLIssuerDN(l.RevocationList)), errText(err)),
					Related: []lint.Related{{Pos: issuer.Source.Pos, Message: "the issuer certificate"}}})
			}
		}
	},
}

var revoked = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT052", Severity: lint.Error,
		Title:         "no supplied certificate is listed as revoked by a supplied CRL of its issuer",
		Fix:           "issue a new certificate; a revoked one is refused",
		WindowsErrors: []string{"855", "859"},
		Citation:      cite.CRL,
		Doc: "A certificate listed by a CRL of its issuer (same issuer name, authority key identifiers " +
			"agreeing, same serial number) is revoked, and Windows refuses it. Version 1 and version 2 " +
			"CRLs are read. A delta CRL (Delta CRL Indicator) lists only what was revoked after its base " +
			"CRL: a certificate it lists is revoked, but one it does not list may be revoked by the base, " +
			"so a delta CRL given without a complete CRL of the same issuer numbered at least its base " +
			"is never taken to show a certificate is not revoked (CERT055). An entry with " +
			"the reason removeFromCRL (a certificate no longer on hold) is not a revocation.",
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, l := range in.CRLs {
			for _, m := range in.revokedBy(l) {
				c, e := m.cert, m.entry
				r.Report(lint.Finding{Pos: c.Source.Pos,
					Message:       fmt.Sprintf("the %s (serial %s) is revoked: the CRL of %s lists it since %s%s", describe(c), wording.Inline(fmt.Sprintf("%x", c.SerialNumber)), shortName(CRLIssuerDN(l.RevocationList)), day(e.RevocationTime), reason(e.ReasonCode)),
					WindowsErrors: roleErrors(c.Role, []string{"13801"}, []string{"859"}, []string{"855"}, nil),
					Related:       []lint.Related{{Pos: l.Source.Pos, Message: "the CRL"}}})
			}
		}
	},
}

var deltaWithoutBase = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT055", Severity: lint.Warning,
		Title:    "a delta CRL is given with its base CRL",
		Fix:      "give the CA's base CRL with its delta CRL (a Windows CA publishes both: <name>.crl and the delta <name>+.crl)",
		Citation: cite.RFC5280 + " 5.2.4 (delta CRL indicator)",
		Doc: "A delta CRL lists only what was revoked after its base CRL: a certificate it does not list may still be " +
			"revoked by the base, so a delta without the base proves nothing about the others.",
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, l := range in.deltasWithoutBase() {
			r.Reportf(l.Source.Pos, "the CRL of %s is a delta CRL (base CRL number %s): it lists only what was revoked after its base CRL, which was not given, so a certificate it does not list may still be revoked; expected the base CRL too", shortName(CRLIssuerDN(l.RevocationList)), l.DeltaBase)
		}
	},
}

// deltasWithoutBase returns the delta CRLs of in, in order, for which no
// complete CRL is given: one of the same issuer, whose authority key
// identifier agrees when both have one, numbered at least the delta's
// base CRL number (or without a number). The complete CRLs are summed up
// by issuer and key identifier first, so that the work stays linear in
// the number of CRLs.
func (in *Set) deltasWithoutBase() []*CRL {
	type key struct{ issuer, aki string }
	// best holds the highest number of the complete CRLs of an issuer:
	// by key identifier, "" for those without one, and byIssuer for all of
	// them; a CRL without a number counts as the highest.
	best := map[key]*big.Int{}
	byIssuer := map[string]*big.Int{}
	unnumbered := big.NewInt(0).Lsh(big.NewInt(1), 160) // above every CRL number (at most 20 octets)
	raise := func(m *big.Int, n *big.Int) *big.Int {
		if m == nil || n.Cmp(m) > 0 {
			return n
		}
		return m
	}
	deltas := 0
	for _, l := range in.CRLs {
		if l.DeltaBase != nil {
			deltas++
			continue
		}
		n := l.Number
		if n == nil {
			n = unnumbered
		}
		k := key{string(l.RawIssuer), string(l.AuthorityKeyId)}
		best[k] = raise(best[k], n)
		byIssuer[k.issuer] = raise(byIssuer[k.issuer], n)
	}
	if deltas == 0 {
		return nil
	}
	var out []*CRL
	for _, l := range in.CRLs {
		if l.DeltaBase == nil {
			continue
		}
		issuer := string(l.RawIssuer)
		top := byIssuer[issuer]
		if len(l.AuthorityKeyId) > 0 {
			top = best[key{issuer, string(l.AuthorityKeyId)}]
			if m := best[key{issuer, ""}]; m != nil {
				top = raise(top, m)
			}
		}
		if top == nil || top.Cmp(l.DeltaBase) < 0 {
			out = append(out, l)
		}
	}
	return out
}

func reason(code int) string {
	names := map[int]string{1: "keyCompromise", 2: "cACompromise", 3: "affiliationChanged", 4: "superseded",
		5: "cessationOfOperation", 6: "certificateHold", 8: "removeFromCRL", 9: "privilegeWithdrawn", 10: "aACompromise"}
	if n, ok := names[code]; ok {
		return " (reason " + n + ")"
	}
	return ""
}
