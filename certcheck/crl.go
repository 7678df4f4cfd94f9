package certcheck

import (
	"bytes"
	"crypto/x509"
	"fmt"
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
			case left <= in.Opts.Warn:
				r.Report(lint.Finding{Pos: l.Source.Pos, Severity: lint.Warning,
					Message: fmt.Sprintf("the CRL of %s reaches its next update on %s, in %d days (warning window %d days)", shortName(CRLIssuerDN(l.RevocationList)), day(l.NextUpdate), int(left.Hours()/24), int(in.Opts.Warn.Hours()/24))})
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

func reason(code int) string {
	names := map[int]string{1: "keyCompromise", 2: "cACompromise", 3: "affiliationChanged", 4: "superseded",
		5: "cessationOfOperation", 6: "certificateHold", 8: "removeFromCRL", 9: "privilegeWithdrawn", 10: "aACompromise"}
	if n, ok := names[code]; ok {
		return " (reason " + n + ")"
	}
	return ""
}
