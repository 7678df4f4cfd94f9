package profile

import (
	"fmt"
	"github.com/aovpnlint/aovpnlint/internal/cite"
	"net/netip"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

// splitTunnel reports an explicit SplitTunnel routing policy.
func (np *NativeProfile) splitTunnel() bool { return np.RoutingPolicyType.Is("SplitTunnel") }

// forceTunnel reports ForceTunnel, written or by default: a missing
// RoutingPolicyType means ForceTunnel.
func (np *NativeProfile) forceTunnel() bool {
	return np.RoutingPolicyType.Is("ForceTunnel") || !np.RoutingPolicyType.Present
}

// prefix parses a route as a network prefix; ok is false when the address
// or the prefix length is not valid (VPN005 and VPN023 report that).
func (rt Route) prefix() (netip.Prefix, bool) {
	addr, err := netip.ParseAddr(rt.Address.Value)
	if err != nil {
		return netip.Prefix{}, false
	}
	n, ok := rt.PrefixSize.Int()
	if !ok || n < 0 || int(n) > addr.BitLen() {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(addr, int(n)), true
}

var noRouteAtAll = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN020", Severity: lint.Error,
		Title:         "a split tunnel without the class-based route has routes",
		Fix:           "add a Route for each internal network, or set DisableClassBasedDefaultRoute to false",
		WindowsErrors: []string{"internal hosts unreachable"},
		Citation:      cite.CSP + " (DisableClassBasedDefaultRoute); " + cite.Routing,
	},
	Run: func(p *Profile, r *lint.Reporter) {
		np := p.NativeProfile
		if np == nil || !np.splitTunnel() || !np.DisableClassBasedDefaultRoute.True() || len(p.inclusionRoutes()) > 0 {
			return
		}
		r.Reportf(np.DisableClassBasedDefaultRoute.ValuePos, "SplitTunnel with DisableClassBasedDefaultRoute true and no inclusion Route: no traffic is routed into the tunnel; expected a Route for each internal network")
	},
}

var noRoutes = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN021", Severity: lint.Warning,
		Title:         "a split tunnel lists its routes",
		Fix:           "add a Route for each internal network reached through the tunnel",
		WindowsErrors: []string{"internal hosts unreachable"},
		Citation:      cite.Routing,
	},
	Run: func(p *Profile, r *lint.Reporter) {
		np := p.NativeProfile
		if np == nil || !np.splitTunnel() || len(p.Routes) > 0 || np.DisableClassBasedDefaultRoute.True() {
			return // with DisableClassBasedDefaultRoute true, VPN020 reports it
		}
		r.Reportf(np.RoutingPolicyType.ValuePos, "SplitTunnel without any Route: only the class-based route of the assigned address is added; expected a Route for each internal network")
	},
}

var forceTunnelRoutes = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN022", Severity: lint.Warning,
		Title:         "a force tunnel has no inclusion routes or class-route setting",
		Fix:           "set RoutingPolicyType to SplitTunnel if the routes are meant, or remove the inclusion routes and DisableClassBasedDefaultRoute",
		WindowsErrors: []string{"settings ignored"},
		Citation:      cite.Routing,
	},
	Run: func(p *Profile, r *lint.Reporter) {
		np := p.NativeProfile
		if np == nil || !np.forceTunnel() {
			return
		}
		routes := len(p.inclusionRoutes())
		dcbdr := np.DisableClassBasedDefaultRoute.True()
		if routes == 0 && !dcbdr {
			return
		}
		var what []string
		if routes > 0 {
			what = append(what, wording.Plural(routes, "inclusion route"))
		}
		if dcbdr {
			what = append(what, "DisableClassBasedDefaultRoute true")
		}
		if np.RoutingPolicyType.Present {
			r.Reportf(np.RoutingPolicyType.ValuePos, "ForceTunnel with %s: everything goes through the tunnel and these are ignored; expected SplitTunnel if they are meant", strings.Join(what, " and "))
			return
		}
		r.Reportf(np.Pos, "RoutingPolicyType is missing, which means ForceTunnel, yet the profile has %s; it may have been forgotten: expected RoutingPolicyType SplitTunnel if they are meant", strings.Join(what, " and "))
	},
}

var badRoute = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN023", Severity: lint.Error,
		Title:    "every Route has a valid address and prefix, once",
		Fix:      "write each Route as a network address and its prefix length (10.20.0.0 and 16), without host bits, and list it once",
		Citation: cite.CSP + " (Route/Address, Route/PrefixSize)",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		for _, rt := range p.Routes {
			addr, err := netip.ParseAddr(rt.Address.Value)
			switch {
			case !rt.Address.Present:
				r.Reportf(rt.Pos, "Route has no Address; expected a network address such as 10.20.0.0")
				continue
			case err != nil:
				r.Reportf(rt.Address.ValuePos, "Route Address %s is not an IPv4 or IPv6 address", wording.Quote(rt.Address.Raw))
				continue
			case !rt.PrefixSize.Present:
				r.Reportf(rt.Pos, "Route to %s has no PrefixSize; expected the prefix length", addr)
				continue
			}
			n, ok := rt.PrefixSize.Int()
			if !ok || n < 0 || n > 128 {
				continue // VPN005 reports it
			}
			if int(n) > addr.BitLen() {
				r.Reportf(rt.PrefixSize.ValuePos, "PrefixSize %d is longer than an %s address; expected at most %d", n, family(addr), addr.BitLen())
			}
		}
	},
}

// routePrefix returns the prefix of a route with a valid address and
// prefix length; VPN023 reports the others.
func routePrefix(rt Route) (netip.Prefix, bool) {
	addr, err := netip.ParseAddr(rt.Address.Value)
	if !rt.Address.Present || err != nil || !rt.PrefixSize.Present {
		return netip.Prefix{}, false
	}
	n, ok := rt.PrefixSize.Int()
	if !ok || n < 0 || int(n) > addr.BitLen() {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(addr, int(n)), true
}

var routeHostBits = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN028", Severity: lint.Warning,
		Title:    "every Route is written as a network address",
		Fix:      "write the Route's Address as the network address of its prefix (10.20.0.0 for 10.20.1.5 and 16)",
		Citation: cite.CSP + " (Route/Address, Route/PrefixSize)",
		Doc:      "Windows masks the host bits and installs the network route, so the route works, but the address written is not the one used.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		for _, rt := range p.Routes {
			if pfx, ok := routePrefix(rt); ok && pfx.Masked().Addr() != pfx.Addr() {
				r.Reportf(rt.Address.ValuePos, "Route %s has host bits set; expected the network address %s", pfx, pfx.Masked())
			}
		}
	},
}

var routeTwice = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN029", Severity: lint.Warning,
		Title:    "every Route is listed once",
		Fix:      "remove the repeated Route",
		Citation: cite.CSP + " (Route)",
		Doc:      "A route listed twice (the same network, both exclusion routes or both not) is installed once; the copy is dead text that hides edits.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		seen := map[string]lint.Pos{}
		for _, rt := range p.Routes {
			pfx, ok := routePrefix(rt)
			if !ok {
				continue
			}
			key := fmt.Sprintf("%s %v", pfx.Masked(), rt.ExclusionRoute.True())
			if first, dup := seen[key]; dup {
				r.Report(lint.Finding{Pos: rt.Pos,
					Message: fmt.Sprintf("Route %s appears again (first at line %d); expected each route once", pfx.Masked(), first.Line),
					Related: []lint.Related{{Pos: first, Message: "first route to " + pfx.Masked().String()}}})
				continue
			}
			seen[key] = rt.Pos
		}
	},
}

func family(a netip.Addr) string {
	if a.Is4() {
		return "IPv4"
	}
	return "IPv6"
}

// homeNetworks are ranges common on home and hotel networks.
var homeNetworks = []string{"192.168.0.0/24", "192.168.1.0/24", "192.168.178.0/24", "10.0.0.0/24"}

var homeOverlap = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN024", Severity: lint.Warning,
		Title:         "no route covers address ranges common on home and hotel networks",
		Fix:           "route only the internal networks really used (for example 192.168.10.0/24 instead of 192.168.0.0/16), or move them off common home ranges",
		WindowsErrors: []string{"local devices unreachable or VPN traffic misrouted"},
		Citation:      cite.Routing,
		Doc: "The ranges checked are 192.168.0.0/24, 192.168.1.0/24, 192.168.178.0/24 and 10.0.0.0/24; a supernet such as 192.168.0.0/16 overlaps them. " +
			"Exclusion routes are not checked, nor are the routes of a force tunnel (ForceTunnel, or no RoutingPolicyType): " +
			"VPN022 reports that Windows ignores them, since everything goes through the tunnel.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		if np := p.NativeProfile; np != nil && np.forceTunnel() {
			return // VPN022: the inclusion routes are ignored
		}
		for _, rt := range p.inclusionRoutes() {
			pfx, ok := rt.prefix()
			if !ok {
				continue
			}
			var hits []string
			for _, h := range homeNetworks {
				home := netip.MustParsePrefix(h)
				if pfx.Masked().Overlaps(home) {
					hits = append(hits, h)
				}
			}
			if len(hits) > 0 {
				r.Reportf(rt.Pos, "route %s overlaps %s, common on home and hotel networks: local devices there become unreachable or traffic for them goes into the tunnel; expected routes to the corporate subnets only", pfx.Masked(), wording.JoinAnd(hits))
			}
		}
	},
}

var proxySplit = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN025", Severity: lint.Warning,
		Title:    "a Proxy is set only on a force tunnel",
		Fix:      "remove Proxy from a split-tunnel profile (clients use their usual proxy settings), or use ForceTunnel",
		Citation: cite.ProfileOptions + " (the proxy applies only to force-tunnel connections)",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		if p.Proxy != nil && p.NativeProfile != nil && p.NativeProfile.splitTunnel() {
			r.Reportf(p.Proxy.Pos, "Proxy on a SplitTunnel profile is ignored; Windows applies it only to force-tunnel connections")
		}
	},
}

var trafficFilters = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN026", Severity: lint.Info,
		Title:    "traffic filters block all other tunnel traffic",
		Fix:      "make sure the filters allow every application and destination that must use the tunnel",
		Citation: cite.CSP + " (TrafficFilterList: once a filter is set, all traffic not matched is blocked)",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		if len(p.TrafficFilters) > 0 {
			r.Reportf(p.TrafficFilters[0].Pos, "the profile has %s: all tunnel traffic that no filter matches is blocked; expected a filter for every application and port the tunnel must carry", wording.Plural(len(p.TrafficFilters), "traffic filter"))
		}
	},
}

var proxyBoth = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN035", Severity: lint.Info,
		Title:    "a Proxy uses one method, manual or automatic",
		Fix:      "keep the method the network relies on: Manual/Server or AutoConfigUrl",
		Citation: cite.CSP + " (Proxy, Proxy/AutoConfigUrl, Proxy/Manual); " + cite.XSD,
		Doc: "Was VPN027, a warning; lowered to info after re-reading the CSP, which does not make the two methods " +
			"exclusive. It describes Proxy as \"A collection of configuration objects to enable a post-connect proxy " +
			"support for VPN\", documents AutoConfigUrl (\"Optional. Set a URL to automatically retrieve the proxy " +
			"settings.\") and Manual (\"Optional node containing the manual server settings.\") side by side, and its " +
			"ProfileXML XSD allows both in one sequence. Nothing in the CSP makes a profile with both fail; what remains " +
			"is practitioners' advice (Richard Hicks' templates carry both \"for reference, but best practice is to use one " +
			"method only\"): a reader cannot tell which one the network relies on.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		if p.Proxy != nil && p.Proxy.Manual != nil && p.Proxy.AutoConfigURL.Present {
			r.Reportf(p.Proxy.Pos, "Proxy sets both Manual and AutoConfigUrl; the CSP allows both, but one method is expected, the one the network relies on")
		}
	},
}
