package crosscheck

import (
	"fmt"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/nps"
)

var npsMethod = &lint.Check[*Documents]{
	Rule: lint.Rule{
		ID: "NPS020", Severity: lint.Error,
		Title:         "an NPS network policy for VPN allows the EAP method the profile uses",
		Fix:           "allow the profile's EAP method (and, for PEAP, its inner method) in the NPS network policy for VPN connections (Constraints, Authentication Methods), or change the profile's method to one the policy allows",
		WindowsErrors: []string{"812", "66"},
		Citation:      "NPS event 6273, reason code 66 (the authentication method is not enabled on the matching network policy); " + "Configure Network Policy Server (Always On VPN), https://learn.microsoft.com/windows-server/remote/remote-access/vpn/always-on-vpn/deploy/vpn-deploy-nps",
		Doc: "Checked when an NPS configuration export is given with the profile. NPS decides by the first network " +
			"policy whose conditions match; the conditions that depend on the user (groups) cannot be judged from the " +
			"files, so the profile's method is reported only when no enabled VPN policy that grants access allows it " +
			"(outer type; for PEAP, the inner method too when the policy's PEAP settings could be read).",
	},
	Run: func(in *Documents, r *lint.Reporter) {
		if in.EAP == nil || len(in.NPS) == 0 {
			return
		}
		outer, ok := in.EAP.Method.Type.Int()
		if !ok {
			return
		}
		inner := int64(-1)
		if ms := in.EAP.Methods(); outer == 25 && len(ms) > 1 {
			if t, ok := ms[1].Type.Int(); ok {
				inner = t
			}
		}
		for _, e := range in.NPS {
			pols := e.VPNPolicies()
			if len(pols) == 0 {
				continue // NPS010
			}
			if allowedBy(pols, int(outer), int(inner)) {
				continue
			}
			var allowed []string
			for _, p := range pols {
				for _, m := range p.Methods() {
					allowed = append(allowed, methodName(m.Type, m.Inner))
				}
			}
			what := methodName(int(outer), nil)
			if inner >= 0 {
				what = fmt.Sprintf("PEAP with inner %s", methodName(int(inner), nil))
			}
			var rel []lint.Related
			for i, p := range pols {
				if i == wording.MaxListed {
					break
				}
				rel = append(rel, lint.Related{Pos: p.Pos, Message: "network policy " + wording.Quote(p.Name.Value)})
			}
			r.Report(lint.Finding{Pos: in.EAP.Method.Type.ValuePos, Related: rel,
				Message: fmt.Sprintf("the profile authenticates with %s, which no NPS network policy for VPN allows (they allow %s); expected a policy that allows it, or NPS rejects the connection (812, reason code 66)", what, wording.Some(dedupe(allowed), ", "))})
		}
	},
}

// allowedBy reports whether a policy allows the outer EAP type, and for
// PEAP the inner type (-1: not known) when the policy's PEAP settings
// name its inner methods.
func allowedBy(pols []*nps.Policy, outer, inner int) bool {
	for _, p := range pols {
		for _, m := range p.Methods() {
			if m.Type != outer {
				continue
			}
			if outer != 25 || inner < 0 || !m.InnerKnown {
				return true
			}
			for _, im := range m.Inner {
				if im.Type == inner {
					return true
				}
			}
		}
	}
	return false
}

// methodName names an EAP method: "EAP-TLS (13)", "PEAP-MSCHAPv2".
func methodName(t int, inner []nps.InnerMethod) string {
	names := map[int]string{13: "EAP-TLS", 25: "PEAP", 26: "EAP-MSCHAPv2"}
	n, ok := names[t]
	if !ok {
		n = fmt.Sprintf("EAP type %d", t)
	}
	if t == 25 && len(inner) > 0 {
		var in []string
		for _, m := range inner {
			in = append(in, strings.TrimPrefix(methodName(m.Type, nil), "EAP-"))
		}
		n += "-" + strings.Join(in, "/")
	}
	return n
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
