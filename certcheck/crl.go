package certcheck

import (
	"bytes"
	"crypto/x509"
	"sort"
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
