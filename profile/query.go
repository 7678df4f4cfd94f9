package profile

import (
	"cmp"
	"net/url"
	"slices"
	"strings"

	"github.com/aovpnlint/aovpnlint/eapxml"
	"github.com/aovpnlint/aovpnlint/internal/hostname"
	"github.com/aovpnlint/aovpnlint/internal/xmlval"
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

// HostName is a host or domain name written in the profile, with the
// element it is written in and its position.
type HostName struct {
	Element string // Servers, ServerUrlList, DnsSuffix, TrustedNetworkDetection, DomainName, Proxy/Manual/Server, AutoConfigUrl
	Name    string
	Pos     lint.Pos
}

// HostNames returns every host or domain name the profile writes, in
// document order of the elements: the Servers hosts, the ServerUrlList
// hosts (of URLs too), the DnsSuffix and TrustedNetworkDetection entries,
// each NRPT DomainName, the manual proxy's host and the auto-config URL's
// host. IP addresses are left out. A value that holds a template
// placeholder is left out whole (see Filled).
func (p *Profile) HostNames() []HostName {
	var out []HostName
	add := func(element string, t Text, seps string, url bool) {
		if !t.Present || hostname.Placeholder(t.Value) != "" {
			return
		}
		entries := []xmlval.Entry{{Value: t.Value, Offset: strings.Index(t.Raw, t.Value)}}
		if seps != "" {
			entries = t.Entries(seps)
		}
		for _, e := range entries {
			name := e.Value
			if url {
				name = hostOf(name)
			}
			if name == "" || isIP(name) {
				continue
			}
			out = append(out, HostName{Element: element, Name: name, Pos: t.PosAt(e.Offset)})
		}
	}
	if p.NativeProfile != nil && p.NativeProfile.Servers.Present && hostname.Placeholder(p.NativeProfile.Servers.Value) == "" {
		for _, h := range p.ServerHosts() {
			if !h.IP {
				out = append(out, HostName{Element: "Servers", Name: h.Name, Pos: h.Pos})
			}
		}
	}
	if p.PluginProfile != nil {
		add("ServerUrlList", p.PluginProfile.ServerURLList, ";", true)
	}
	add("DnsSuffix", p.DNSSuffix, ",", false)
	add("TrustedNetworkDetection", p.TrustedNetworkDetection, ",", false)
	for _, d := range p.DomainNameInformation {
		add("DomainName", d.DomainName, "", false)
	}
	if p.Proxy != nil {
		add("Proxy/Manual/Server", p.Proxy.ManualServer, "", true)
		add("AutoConfigUrl", p.Proxy.AutoConfigURL, "", true)
	}
	return out
}

// hostOf returns the host of a URL or of host:port, or s itself.
func hostOf(s string) string {
	if strings.Contains(s, "://") {
		if u, err := url.Parse(s); err == nil {
			return u.Hostname()
		}
		return s
	}
	if rest, ok := strings.CutPrefix(s, "["); ok { // [IPv6]:port
		if h, _, ok := strings.Cut(rest, "]"); ok {
			return h
		}
	}
	if strings.Count(s, ":") == 1 {
		h, _, _ := strings.Cut(s, ":")
		return h
	}
	return s
}

// Filled returns the values an administrator fills in from a template —
// Servers, ServerUrlList, DnsSuffix, TrustedNetworkDetection, each NRPT
// DomainName, DnsServers and WebProxyServers, the proxy server and
// auto-config URL, each Route Address — with the element names, for the
// placeholder rule.
func (p *Profile) Filled() []NamedText {
	var out []NamedText
	add := func(element string, t Text) {
		if t.Present {
			out = append(out, NamedText{Element: element, Text: t})
		}
	}
	add("DnsSuffix", p.DNSSuffix)
	add("TrustedNetworkDetection", p.TrustedNetworkDetection)
	if p.Proxy != nil {
		add("AutoConfigUrl", p.Proxy.AutoConfigURL)
		add("Proxy/Manual/Server", p.Proxy.ManualServer)
	}
	if p.PluginProfile != nil {
		add("ServerUrlList", p.PluginProfile.ServerURLList)
	}
	for _, d := range p.DomainNameInformation {
		add("DomainName", d.DomainName)
		add("DnsServers", d.DNSServers)
		add("WebProxyServers", d.WebProxyServers)
	}
	if p.NativeProfile != nil {
		add("Servers", p.NativeProfile.Servers)
	}
	for _, r := range p.Routes {
		add("Route/Address", r.Address)
	}
	slices.SortStableFunc(out, func(a, b NamedText) int {
		return cmp.Or(cmp.Compare(a.Text.Pos.Line, b.Text.Pos.Line), cmp.Compare(a.Text.Pos.Col, b.Text.Pos.Col))
	})
	return out
}

// NamedText is an element's value and the element's name.
type NamedText struct {
	Element string
	Text    Text
}
