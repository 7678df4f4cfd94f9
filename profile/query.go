package profile

import (
	"strings"

	"github.com/aovpnlint/aovpnlint/eapxml"
	"github.com/aovpnlint/aovpnlint/lint"
)

// The questions rules ask of a parsed profile: its gateway hosts, its
// protocol, its EapHostConfig, its routes.

// Protocol returns NativeProtocolType as written, or "" for a plug-in
// profile or when it is absent.
func (p *Profile) Protocol() string {
	if p.NativeProfile == nil {
		return ""
	}
	return p.NativeProfile.NativeProtocolType.Value
}

// UsesProtocol reports whether the native profile may connect with proto
// ("IKEv2", "SSTP", "L2TP", "PPTP"): named directly, through Automatic, or
// in the protocol list.
func (p *Profile) UsesProtocol(proto string) bool {
	np := p.NativeProfile
	if np == nil {
		return false
	}
	t := np.NativeProtocolType
	switch {
	case t.Is(proto), t.Is("Automatic"):
		return true
	case t.Is("ProtocolList") && np.ProtocolList != nil:
		for _, x := range np.ProtocolList.Protocols {
			if x.Is(proto) {
				return true
			}
		}
	}
	return false
}

// ServerHosts returns the host of each Servers entry ("host;friendly"
// entries separated by commas) with its position.
func (p *Profile) ServerHosts() []Host {
	if p.NativeProfile == nil || !p.NativeProfile.Servers.Present {
		return nil
	}
	s := p.NativeProfile.Servers
	var out []Host
	for _, e := range s.Entries(",") {
		host, _, _ := strings.Cut(e.Value, ";")
		host = strings.TrimSpace(host)
		if host == "" {
			continue
		}
		out = append(out, Host{Name: host, IP: isIP(host), Pos: s.PosAt(e.Offset)})
	}
	return out
}

// Host is a gateway host named in Servers and where it is written.
type Host struct {
	Name string
	// IP reports a host written as an IPv4 or IPv6 address.
	IP  bool
	Pos lint.Pos
}

// EAP returns the EapHostConfig of NativeProfile/Authentication/Eap, or nil.
func (p *Profile) EAP() *eapxml.Config {
	if p.NativeProfile == nil || p.NativeProfile.Authentication == nil || p.NativeProfile.Authentication.Eap == nil {
		return nil
	}
	return p.NativeProfile.Authentication.Eap.Config
}

// ConditionalAccess reports whether DeviceCompliance/Enabled is true: the
// profile uses Entra Conditional Access.
func (p *Profile) ConditionalAccess() bool {
	return p.DeviceCompliance != nil && p.DeviceCompliance.Enabled.True()
}

// inclusionRoutes returns the routes through the tunnel (not exclusion
// routes).
func (p *Profile) inclusionRoutes() []Route {
	var out []Route
	for _, rt := range p.Routes {
		if !rt.ExclusionRoute.True() {
			out = append(out, rt)
		}
	}
	return out
}
