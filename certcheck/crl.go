package certcheck

import (
	"bytes"
	"crypto/x509"
	"math/big"
	"sort"
)

// certIndex finds supplied certificates by subject, key identifier and
// issuer with serial number in constant time, so that the CRL rules cost
// the certificates plus the CRL entries, not their product.
type certIndex struct {
	order     map[*Cert]int
	bySubject map[string][]*Cert
	bySKI     map[subjectSKI][]*Cert
	noSKI     map[string][]*Cert
	bySerial  map[issuerSerial][]*Cert
}

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

// certs returns the index of in.Certs, built on first use.
func (in *Input) certs() *certIndex {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.ci != nil {
		return in.ci
	}
	ci := &certIndex{
		order:     map[*Cert]int{},
		bySubject: map[string][]*Cert{},
		bySKI:     map[subjectSKI][]*Cert{},
		noSKI:     map[string][]*Cert{},
		bySerial:  map[issuerSerial][]*Cert{},
	}
	for i, c := range in.Certs {
		if _, dup := ci.order[c]; dup {
			continue
		}
		ci.order[c] = i
		subject := string(c.RawSubject)
		ci.bySubject[subject] = append(ci.bySubject[subject], c)
		if len(c.SubjectKeyId) > 0 {
			k := subjectSKI{subject, string(c.SubjectKeyId)}
			ci.bySKI[k] = append(ci.bySKI[k], c)
		} else {
			ci.noSKI[subject] = append(ci.noSKI[subject], c)
		}
		k := issuerSerial{string(c.RawIssuer), serialKey(c.SerialNumber)}
		ci.bySerial[k] = append(ci.bySerial[k], c)
	}
	in.ci = ci
	return ci
}

// crlIssuer finds the supplied certificate that issued l: the first, in
// input order, with the subject it names and the key identifier when both
// sides have one.
func (in *Input) crlIssuer(l *CRL) *Cert {
	ci := in.certs()
	issuer := string(l.RawIssuer)
	if len(l.AuthorityKeyId) == 0 {
		if list := ci.bySubject[issuer]; len(list) > 0 {
			return list[0]
		}
		return nil
	}
	var best *Cert
	for _, list := range [][]*Cert{ci.bySKI[subjectSKI{issuer, string(l.AuthorityKeyId)}], ci.noSKI[issuer]} {
		if len(list) > 0 && (best == nil || ci.order[list[0]] < ci.order[best]) {
			best = list[0]
		}
	}
	return best
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
func (in *Input) revokedBy(l *CRL) []revocation {
	ci := in.certs()
	type match struct {
		order, entry int
		r            revocation
	}
	var found []match
	issuer := string(l.RawIssuer)
	for j, e := range l.RevokedCertificateEntries {
		for _, c := range ci.bySerial[issuerSerial{issuer, serialKey(e.SerialNumber)}] {
			if len(l.AuthorityKeyId) > 0 && len(c.AuthorityKeyId) > 0 && !bytes.Equal(l.AuthorityKeyId, c.AuthorityKeyId) {
				continue
			}
			found = append(found, match{ci.order[c], j, revocation{c, e}})
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
