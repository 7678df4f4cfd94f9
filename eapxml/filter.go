package eapxml

import (
	"fmt"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"strings"
)

// OIDConditionalAccess is the EKU of the certificates Entra ID issues for
// Conditional Access ("AAD Conditional Access").
const OIDConditionalAccess = "1.3.6.1.4.1.311.87"

// Filter is what an EAP-TLS certificate filter asks of a client
// certificate, resolved from FilteringInfo the way Windows applies it: the
// issuer condition (CAHashList, when enabled) AND one of the purpose
// conditions (Client Authentication plus ClientAuth's extra EKUs; Any
// Purpose plus AnyPurpose's extra EKUs; All Purpose).
type Filter struct {
	// Issuers are the normalised thumbprints of CAHashList when it is
	// enabled; a certificate qualifies only when one of them is on its
	// chain. Nil means no issuer condition.
	Issuers []string
	// ClientAuth, when not nil, lets a certificate with Client
	// Authentication and every EKU listed qualify.
	ClientAuth []string
	// AnyPurpose, when not nil, lets a certificate with Microsoft's Any
	// Purpose EKU and every EKU listed qualify.
	AnyPurpose []string
	// AllPurpose lets a certificate with the All Purpose EKU
	// (anyExtendedKeyUsage) qualify.
	AllPurpose bool
}

// Filter returns the certificate filter of an EAP-TLS configuration. With
// no FilteringInfo, or with no purpose list enabled, Windows asks for
// Client Authentication alone. Names that EKUMapping does not define are
// left out (EAP020 reports them).
func (t *TLS) Filter() Filter {
	var f Filter
	fi := t.Filtering
	if fi == nil {
		f.ClientAuth = []string{}
		return f
	}
	if h := fi.CAHashList; h != nil && h.Enabled.True() {
		f.Issuers = []string{}
		for _, ih := range h.IssuerHash {
			if tp, err := Thumbprint(ih.Value); err == nil {
				f.Issuers = append(f.Issuers, tp)
			}
		}
	}
	f.AllPurpose = fi.AllPurposeEnabled.True()
	if l := fi.ClientAuthEKUList; l.Active() {
		f.ClientAuth = fi.OIDs(l)
	}
	if l := fi.AnyPurposeEKUList; l.Active() {
		f.AnyPurpose = fi.OIDs(l)
	}
	if f.ClientAuth == nil && f.AnyPurpose == nil && !f.AllPurpose {
		f.ClientAuth = []string{}
	}
	return f
}

// Active reports whether an EKU list filters: it exists and its Enabled
// attribute is true.
func (l *EKUList) Active() bool { return l != nil && l.Enabled.True() }

// OID returns the OID EKUMapping defines for name, or "" when it defines
// none.
func (f *FilteringInfo) OID(name string) string {
	for _, m := range f.EKUMapping {
		if m.Name.Value == name {
			return m.OID.Value
		}
	}
	return ""
}

// OIDs returns the OIDs an EKU list names: through EKUMapping for an
// EKUName, or as written for an EKUOID. The result is never nil.
func (f *FilteringInfo) OIDs(l *EKUList) []string {
	out := []string{}
	if l == nil {
		return out
	}
	var byName map[string]string // the first definition of each name, as OID finds it
	for _, e := range l.Entries {
		switch {
		case e.OID.Value != "":
			out = append(out, e.OID.Value)
		case e.Name.Value != "":
			if byName == nil {
				byName = make(map[string]string, len(f.EKUMapping))
				for _, m := range f.EKUMapping {
					if _, seen := byName[m.Name.Value]; !seen {
						byName[m.Name.Value] = m.OID.Value
					}
				}
			}
			if oid := byName[e.Name.Value]; oid != "" {
				out = append(out, oid)
			}
		}
	}
	return out
}

// TLSMethods returns the EAP-TLS configurations of c: the outer method
// when it is EAP-TLS, and every inner EAP-TLS method of PEAP.
func (c *Config) TLSMethods() []*TLS {
	var out []*TLS
	for _, m := range c.Methods() {
		if m.TLS != nil {
			out = append(out, m.TLS)
		}
	}
	return out
}

// String describes what the filter asks for, for messages: "Client
// Authentication and 1.3.6.1.4.1.311.87, from a CA in CAHashList".
func (f Filter) String() string {
	var ways []string
	add := func(base string, extra []string) {
		if extra == nil {
			return
		}
		ways = append(ways, wording.Some(append([]string{base}, extra...), " and "))
	}
	add("Client Authentication", f.ClientAuth)
	add("Any Purpose", f.AnyPurpose)
	if f.AllPurpose {
		ways = append(ways, "All Purpose")
	}
	s := strings.Join(ways, ", or ")
	if f.Issuers != nil {
		s += fmt.Sprintf(", from one of %d CAs in CAHashList", len(f.Issuers))
	}
	return s
}
