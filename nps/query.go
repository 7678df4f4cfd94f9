package nps

import (
	"cmp"
	"slices"
)

// IsEnabled reports whether NPS evaluates the policy: Policy_Enabled is
// absent (as on the default connection request policy) or does not read
// as false.
func (pol *Policy) IsEnabled() bool { return !pol.Enabled.False() }

// Grants reports whether the policy's Access Permission grants access
// (msNPAllowDialin 1).
func (pol *Policy) Grants() bool { return pol.Profile != nil && pol.Profile.AllowDialin.True() }

// Denies reports whether the policy's Access Permission denies access
// (msNPAllowDialin 0).
func (pol *Policy) Denies() bool { return pol.Profile != nil && pol.Profile.AllowDialin.False() }

// Sequence returns the processing order (msNPSequence) and whether it was
// read.
func (pol *Policy) Sequence() (int64, bool) { return pol.order, pol.orderOK }

// VPN returns how the policy's conditions meet a VPN request from RRAS
// (NAS-Port-Type Virtual, MS-RAS-Vendor Microsoft).
func (pol *Policy) VPN() VPNMatch { return pol.vpn }

// ForVPN reports whether the policy is one for VPN connections: a VPN
// request may meet its conditions and a condition names VPN, or only its
// Policy_SourceTag, whose values are not documented, may make it one.
func (pol *Policy) ForVPN() bool {
	return pol.vpn.Match != No && (pol.vpn.ForVPN || pol.vpn.ByTag)
}

// AllowsAuth reports whether msNPAuthenticationType2 lists the
// authentication type t (AuthEAP, AuthPAP, ...).
func (pol *Policy) AllowsAuth(t int) bool {
	if pol.Profile == nil {
		return false
	}
	return slices.ContainsFunc(pol.Profile.AuthTypes, func(a AuthType) bool { return a.Value == t })
}

// Method is an outer EAP method a policy allows, with its settings.
type Method struct {
	// Type is the EAP type (13 EAP-TLS, 25 PEAP, 26 EAP-MSCHAPv2).
	Type int
	// Allowed is the msNPAllowedEapType element that allows it.
	Allowed Text
	// Config is the first msEAPConfiguration for the method; nil when the
	// policy has none (NPS then uses settings the export does not show).
	Config *EAPConfig
	// Inner are the inner methods of PEAP; InnerKnown is false when the
	// method is not PEAP or its settings are missing or not understood.
	Inner      []InnerMethod
	InnerKnown bool
}

// Methods returns the outer EAP methods the policy allows, in the order of
// its msNPAllowedEapType values, those that could not be read left out.
// It does not look at msNPAuthenticationType2: see [Policy.AllowsAuth].
func (pol *Policy) Methods() []Method {
	if pol.Profile == nil {
		return nil
	}
	// The first configuration of each type: looked up in the list when it
	// is short, as it is in every export seen, found in one pass when it
	// is long (a policy may list many types and configurations).
	configs := pol.Profile.EAPConfigs
	var first map[int]*EAPConfig
	if len(configs) > 8 {
		first = make(map[int]*EAPConfig, len(configs))
		for _, c := range configs {
			if _, ok := first[c.Type]; !ok {
				first[c.Type] = c
			}
		}
	}
	firstOf := func(t int) *EAPConfig {
		if first != nil {
			return first[t]
		}
		for _, c := range configs {
			if c.Type == t {
				return c
			}
		}
		return nil
	}
	var out []Method
	for _, t := range pol.Profile.EAPTypes {
		if !t.Read {
			continue
		}
		if out == nil {
			out = make([]Method, 0, len(pol.Profile.EAPTypes))
		}
		m := Method{Type: t.Type, Allowed: t.Text, Config: firstOf(t.Type)}
		if m.Type == EAPPEAP && m.Config != nil && m.Config.Understood {
			m.Inner, m.InnerKnown = m.Config.Inner, true
		}
		out = append(out, m)
	}
	return out
}

// Allows reports whether the policy allows the outer EAP method t.
func (pol *Policy) Allows(t int) bool {
	return slices.ContainsFunc(pol.Methods(), func(m Method) bool { return m.Type == t })
}

// AllowsInner reports whether a PEAP configuration of the policy lists
// the inner method t.
func (pol *Policy) AllowsInner(t int) bool {
	for _, m := range pol.Methods() {
		if slices.ContainsFunc(m.Inner, func(in InnerMethod) bool { return in.Type == t }) {
			return true
		}
	}
	return false
}

// Thumbprints returns the server certificate thumbprints of the settings
// of the methods the policy allows, in method order, each once, with the
// position of its first occurrence: the certificates NPS presents for this
// policy.
func (pol *Policy) Thumbprints() []Thumbprint {
	var out []Thumbprint
	for _, m := range pol.Methods() {
		if m.Config == nil || m.Config.Thumbprint.Hex == "" {
			continue
		}
		if !slices.ContainsFunc(out, func(t Thumbprint) bool { return t.Hex == m.Config.Thumbprint.Hex }) {
			out = append(out, m.Config.Thumbprint)
		}
	}
	return out
}

// CertificateOIDs returns the policy's Allowed-Certificate-OID values:
// when there is one, NPS accepts for EAP-TLS and PEAP-TLS only client
// certificates that carry one of these purposes.
func (pol *Policy) CertificateOIDs() []CertificateOID {
	if pol.Profile == nil {
		return nil
	}
	return pol.Profile.CertificateOIDs
}

// RestrictsCertificates reports whether the policy has an
// Allowed-Certificate-OID value.
func (pol *Policy) RestrictsCertificates() bool { return len(pol.CertificateOIDs()) > 0 }

// ForCertificates reports whether the policy is meant for certificate
// authentication: it allows EAP-TLS, lists EAP-TLS inside PEAP, or
// restricts client certificates to purpose OIDs.
func (pol *Policy) ForCertificates() bool {
	return pol.Allows(EAPTLS) || pol.AllowsInner(EAPTLS) || pol.RestrictsCertificates()
}

// EvaluationOrder returns the enabled policies of a kind in the order NPS
// tries them: by msNPSequence, lowest first; policies with the same number
// in document order (NPS's own order among them is not documented); those
// without a readable number last, in document order.
func (e *Export) EvaluationOrder(k Kind) []*Policy {
	all := e.NetworkPolicies
	if k == Request {
		all = e.RequestPolicies
	}
	var out []*Policy
	for _, pol := range all {
		if pol.IsEnabled() {
			out = append(out, pol)
		}
	}
	slices.SortStableFunc(out, func(a, b *Policy) int {
		switch {
		case a.orderOK && !b.orderOK:
			return -1
		case !a.orderOK && b.orderOK:
			return 1
		}
		return cmp.Compare(a.order, b.order)
	})
	return out
}

// VPNPolicies returns the network policies that grant VPN connections, in
// evaluation order: enabled, granting access, with conditions a VPN request
// may meet, and meant for VPN (see [Policy.ForVPN]). The cross-checks read
// each one's [Policy.Methods], [Policy.Thumbprints] and
// [Policy.CertificateOIDs]; [Export.EvaluationOrder] gives every policy
// that may be tried before them.
func (e *Export) VPNPolicies() []*Policy {
	var out []*Policy
	for _, pol := range e.EvaluationOrder(Network) {
		if pol.Grants() && pol.ForVPN() {
			out = append(out, pol)
		}
	}
	return out
}

// Shadow returns the first enabled policy that NPS tries before pol and
// that matches every VPN request pol matches, or nil: its conditions are
// all met by a VPN request, or they are all conditions of pol too. NPS uses
// the first policy whose conditions match, so pol is never reached by such
// a request. It is worked out by [Parse].
func (e *Export) Shadow(pol *Policy) *Policy { return pol.shadow }
