package profile

import (
	"fmt"
	"github.com/aovpnlint/aovpnlint/internal/cite"
	"net/netip"
	"strconv"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

// parseAddr parses an IPv4 or IPv6 address, also written in brackets.
func parseAddr(s string) (netip.Addr, error) {
	return netip.ParseAddr(strings.Trim(s, "[]"))
}

var trafficFilter = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN063", Severity: lint.Error,
		Title:    "every TrafficFilter has ports only with TCP or UDP, and valid ranges",
		Fix:      "give port ranges only with Protocol 6 (TCP) or 17 (UDP), and write ports as 80,443 or 52000-52112 and addresses as 10.0.0.1, 10.0.0.0/8 or 10.0.0.1-10.0.0.9",
		Citation: cite.CSP + " (TrafficFilterList: LocalPortRanges and RemotePortRanges depend on Protocol 6 or 17)",
		Doc: "Protocol is a number from 0 to 255. Port ranges are comma-separated ports or low-high ranges from 0 to " +
			"65535. Address ranges are comma-separated addresses, prefixes or first-last ranges of one family.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		for _, f := range p.TrafficFilters {
			proto, protoOK := f.Protocol.Int() // VPN005 reports a value that is not a number
			for _, ports := range []struct {
				name string
				t    Text
			}{{"LocalPortRanges", f.LocalPortRanges}, {"RemotePortRanges", f.RemotePortRanges}} {
				if !ports.t.Present {
					continue
				}
				switch {
				case !f.Protocol.Present:
					r.Reportf(ports.t.Pos, "%s without Protocol; expected Protocol 6 (TCP) or 17 (UDP) with port ranges", ports.name)
				case protoOK && proto != 6 && proto != 17:
					r.Reportf(ports.t.Pos, "%s with Protocol %d; expected Protocol 6 (TCP) or 17 (UDP), the only protocols with ports", ports.name, proto)
				}
				checkRanges(r, ports.t, ports.name, portRange)
			}
			checkRanges(r, f.LocalAddressRanges, "LocalAddressRanges", addressRange)
			checkRanges(r, f.RemoteAddressRanges, "RemoteAddressRanges", addressRange)
		}
	},
}

// checkRanges reports each entry of a comma-separated list that valid
// rejects, at the entry.
func checkRanges(r *lint.Reporter, t Text, name string, valid func(string) string) {
	if !t.Present {
		return
	}
	entries := t.Entries(",")
	if len(entries) == 0 {
		r.Reportf(t.ValuePos, "%s is empty; expected at least one entry", name)
	}
	for _, e := range entries {
		if want := valid(e.Value); want != "" {
			r.Reportf(t.PosAt(e.Offset), "%s entry %s is not valid; expected %s", name, wording.Quote(e.Value), want)
		}
	}
}

// portRange checks "443" or "52000-52112".
func portRange(s string) string {
	const want = "a port or low-high range from 0 to 65535"
	lo, hi, isRange := strings.Cut(s, "-")
	a, err1 := strconv.ParseUint(strings.TrimSpace(lo), 10, 16)
	if !isRange {
		if err1 != nil {
			return want
		}
		return ""
	}
	b, err2 := strconv.ParseUint(strings.TrimSpace(hi), 10, 16)
	switch {
	case err1 != nil || err2 != nil:
		return want
	case a > b:
		return fmt.Sprintf("the low port first (%d-%d)", b, a)
	}
	return ""
}

// addressRange checks "10.0.0.1", "10.0.0.0/8" or "10.0.0.1-10.0.0.9".
func addressRange(s string) string {
	const want = "an address, a prefix such as 10.0.0.0/8, or a range such as 10.0.0.1-10.0.0.9"
	if strings.Contains(s, "/") {
		if _, err := netip.ParsePrefix(s); err != nil {
			return want
		}
		return ""
	}
	lo, hi, isRange := strings.Cut(s, "-")
	a, err1 := parseAddr(strings.TrimSpace(lo))
	if !isRange {
		if err1 != nil {
			return want
		}
		return ""
	}
	b, err2 := parseAddr(strings.TrimSpace(hi))
	switch {
	case err1 != nil || err2 != nil:
		return want
	case a.Is4() != b.Is4():
		return "both ends of a range in the same address family"
	case b.Less(a):
		return fmt.Sprintf("the lower address first (%s-%s)", b, a)
	}
	return ""
}
