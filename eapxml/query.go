package eapxml

import (
	"fmt"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

// The questions rules ask of a parsed EapHostConfig: its methods, their
// server validation, the certificate filter of EAP-TLS.

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

// Validation is one method's server certificate validation: the
// ServerValidation block of a PEAP or EAP-TLS method with the switches
// that go with it.
type Validation struct {
	// Method names the method for messages: "PEAP", "EAP-TLS" or "inner
	// EAP-TLS".
	Method string
	// At is the method's EapType start tag, for findings about a missing
	// block.
	At lint.Pos
	// Block is the ServerValidation block (Present false when missing).
	Block ServerValidation
	// Perform and Accept are PerformServerValidation and AcceptServerName
	// (PeapExtensions for PEAP, the V2 elements for EAP-TLS).
	Perform, Accept Text
}

// Validations returns the server validation settings of every PEAP and
// EAP-TLS method of c, outer first.
func (c *Config) Validations() []Validation {
	methods := c.Methods()
	out := make([]Validation, 0, len(methods)) // made at its size: a Validation is 784 bytes
	for i, m := range methods {
		switch {
		case m.PEAP != nil:
			out = append(out, Validation{Method: "PEAP", At: m.PEAP.Pos, Block: m.PEAP.ServerValidation,
				Perform: m.PEAP.Extensions.PerformServerValidation, Accept: m.PEAP.Extensions.AcceptServerName})
		case m.TLS != nil:
			name := "EAP-TLS"
			if i > 0 {
				name = "inner EAP-TLS"
			}
			out = append(out, Validation{Method: name, At: m.TLS.Pos, Block: m.TLS.ServerValidation,
				Perform: m.TLS.PerformServerValidation, Accept: m.TLS.AcceptServerName})
		}
	}
	return out
}

// On reports whether the server certificate is validated: unless
// PerformServerValidation is false.
func (v Validation) On() bool { return !v.Perform.False() }

// Silent reports whether prompts are disabled
// (DisableUserPromptForServerValidation true).
func (v Validation) Silent() bool { return v.Block.DisablePrompt.True() }

// Thumbprints returns the valid thumbprints among ts, normalised by
// [Thumbprint]; EAP012 reports the others.
func Thumbprints(ts []Text) []string {
	var out []string
	for _, t := range ts {
		if h, err := Thumbprint(t.Value); err == nil {
			out = append(out, h)
		}
	}
	return out
}

// Methods returns the outer method configuration and every inner one, in
// document order.
func (c *Config) Methods() []*Eap {
	var out []*Eap
	var add func(e *Eap)
	add = func(e *Eap) {
		if e == nil {
			return
		}
		out = append(out, e)
		if e.PEAP != nil {
			for _, in := range e.PEAP.Inner {
				add(in)
			}
		}
	}
	add(c.Eap)
	return out
}
