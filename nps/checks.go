package nps

import (
	"fmt"
	"slices"

	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

// The documents the NPS rules rest on (see ../shared/reference/nps-export.md
// for every source).
const (
	citeNetworkPolicies = "Network policies, https://learn.microsoft.com/windows-server/networking/technologies/nps/nps-np-overview"
	citeOverview        = "Network Policy Overview Properties, https://learn.microsoft.com/previous-versions/windows/it-pro/windows-server-2008-r2-and-2008/cc754917(v=ws.10)"
	citeReasonCodes     = "NPS reason codes, https://learn.microsoft.com/previous-versions/windows/it-pro/windows-server-2008-r2-and-2008/dd197521(v=ws.10)"
	citeAuthTypes       = "msNPAuthenticationType2, https://learn.microsoft.com/windows/win32/nps/sdo-np-authentication-type"
	citeEAPTypes        = "msNPAllowedEapType, https://learn.microsoft.com/windows/win32/nps/sdo-np-allowed-eap-type"
	citePortTypes       = "NAS-Port-Type values, https://learn.microsoft.com/windows/win32/nps/sdo-np-allowed-port-types"
	citeDialin          = "msIgnoreUserDialinProperties, https://learn.microsoft.com/windows/win32/nps/sdo-ignore-user-dialin-properties; dial-in properties of a user account, https://learn.microsoft.com/previous-versions/windows/it-pro/windows-server-2008-r2-and-2008/cc732724(v=ws.10)"
	citePlanNPS         = "Plan and implement NPS (PAP, SPAP, CHAP and MS-CHAP are highly insecure), https://learn.microsoft.com/training/modules/implement-remote-access/5-plan-nps"
	citeAdvanced        = "Advanced features of Always On VPN (Allowed-Certificate-OID), https://learn.microsoft.com/windows-server/remote/remote-access/vpn/always-on-vpn/deploy/always-on-vpn-adv-options"
	citeExport          = "Export-NpsConfiguration, https://learn.microsoft.com/powershell/module/nps/export-npsconfiguration"
	citeLayout          = "../shared/reference/nps-export.md sections 3 and 5 (the msEAPConfiguration layout, observed and inferred)"
)

// Checks lists the rules on an NPS export alone, in the order they run.
// The rules that compare an export with profiles and certificates are in
// package crosscheck. Retired IDs: none.
var Checks = []*lint.Check[*Export]{
	badBlob,          // NPS003
	badValue,         // NPS004
	uncertain,        // NPS005
	noVPNPolicy,      // NPS010
	denyFirst,        // NPS011
	noCertMethod,     // NPS012
	noRequestPolicy,  // NPS019
	weakAuth,         // NPS041
	dialinDecides,    // NPS042
	passwordFallback, // NPS043
}

// Lint runs every NPS rule on e.
func Lint(e *Export) []lint.Finding { return lint.Run(Checks, e) }

// reportProblems reports the problems of one kind.
func reportProblems(e *Export, kind ProblemKind, r *lint.Reporter) {
	for _, p := range e.Problems {
		if p.Kind == kind {
			r.Reportf(p.Pos, "%s", p.Message)
		}
	}
}

var badBlob = &lint.Check[*Export]{
	Rule: lint.Rule{
		ID: "NPS003", Severity: lint.Warning,
		Title:    "every msEAPConfiguration and msNPAllowedEapType value has the layout NPS writes",
		Fix:      "export the configuration again from the NPS server (netsh nps export or Export-NpsConfiguration) rather than editing the bin.hex values by hand",
		Citation: citeEAPTypes + "; " + citeLayout,
		Doc: "msNPAllowedEapType holds 16 bytes, the EAP type then 15 zero bytes; msEAPConfiguration holds the same 16 bytes, " +
			"the length of what follows, and the method's settings, among them the SHA-1 thumbprint of the certificate NPS presents. " +
			"A value that is not hex, has an odd number of digits, or whose lengths and markers disagree with that layout is reported " +
			"at the offending byte and not read further: the reader never guesses a thumbprint or an inner method, so the cross-checks " +
			"say nothing about such a value.",
	},
	Run: func(e *Export, r *lint.Reporter) { reportProblems(e, BadBlob, r) },
}

var badValue = &lint.Check[*Export]{
	Rule: lint.Rule{
		ID: "NPS004", Severity: lint.Warning,
		Title:    "every boolean and integer value of a policy or RADIUS client reads as its type",
		Fix:      "write booleans as 0 or 1 and integers in decimal, as NPS exports them",
		Citation: citeExport,
		Doc: "NPS writes booleans (Policy_Enabled, msNPAllowDialin, msIgnoreUserDialinProperties, Radius_Client_Enabled) as 0 or 1 and " +
			"integers (msNPSequence, msNPAuthenticationType2) in decimal. A value that does not read so was edited by hand; the reader " +
			"takes the policy as enabled, its order as unknown and the authentication type as absent.",
	},
	Run: func(e *Export, r *lint.Reporter) { reportProblems(e, BadValue, r) },
}

var uncertain = &lint.Check[*Export]{
	Rule: lint.Rule{
		ID: "NPS005", Severity: lint.Info,
		Title:    "the reader interprets every part of the export the rules depend on",
		Fix:      "check the part named in the NPS console; where the export format is not documented, the finding says how it was read",
		Citation: citeLayout,
		Doc: "The export format is documented only in part. Where it is not (the element name of Allowed-Certificate-OID, the settings of " +
			"an inner method of PEAP, EAP methods other than PEAP and EAP-TLS, a Policy_SourceTag other than 0, condition functions " +
			"other than MATCH, the group functions and TIMEOFDAY, the order of two policies with the same msNPSequence), the reader says " +
			"what it could not interpret and how it read it, instead of guessing silently. The package documentation of nps lists each decision.",
	},
	Run: func(e *Export, r *lint.Reporter) { reportProblems(e, Uncertain, r) },
}

var noVPNPolicy = &lint.Check[*Export]{
	Rule: lint.Rule{
		ID: "NPS010", Severity: lint.Error,
		Title:         "an enabled network policy grants access to VPN connections",
		Fix:           "add or enable a network policy that grants access, with the condition NAS Port Type Virtual (VPN) and the users' group",
		WindowsErrors: []string{"812", "48", "6273"},
		Citation:      citeNetworkPolicies + "; " + citePortTypes + "; " + citeReasonCodes + " (48)",
		Doc: "NPS tries the enabled network policies in processing order and uses the first whose conditions all match; when none grants " +
			"access to a VPN request, it rejects it (reason 48 or 65) and the client shows error 812. The reader counts as a VPN policy " +
			"one whose conditions a request from RRAS may meet and of which one singles out VPN: NAS-Port-Type matching Virtual (5), " +
			"MS-RAS-Vendor matching 311, or a Tunnel-Type. A policy with only group or client conditions and a Policy_SourceTag other " +
			"than 0 also counts (the tag's values are not documented; NPS005 says so).",
	},
	Run: func(e *Export, r *lint.Reporter) {
		if !e.HasService || len(e.VPNPolicies()) > 0 {
			return
		}
		f := lint.Finding{Pos: e.NetworkSection}
		switch n := len(e.NetworkPolicies); {
		case !e.HasNetworkSection:
			f.Message = "the export has no NetworkPolicy section, so no network policy grants access to VPN connections; expected one that grants access with a condition for VPN (NAS-Port-Type ^5$)"
		case n == 0:
			f.Message = "the export has no network policy, so none grants access to VPN connections; expected one that grants access with a condition for VPN (NAS-Port-Type ^5$)"
		default:
			f.Message = fmt.Sprintf("none of the %s grants access to VPN connections; expected an enabled one that grants access (msNPAllowDialin 1) with a condition for VPN: NAS-Port-Type Virtual (^5$), MS-RAS-Vendor ^311$ or a Tunnel-Type", policies(n))
		}
		for _, pol := range e.NetworkPolicies {
			if len(f.Related) == wording.MaxListed {
				break
			}
			if why := almostVPN(pol); why != "" {
				f.Related = append(f.Related, lint.Related{Pos: pol.Pos, Message: pol.label() + " " + why})
			}
		}
		r.Report(f)
	},
}

// policies counts network policies: "1 network policy", "7 network
// policies".
func policies(n int) string {
	if n == 1 {
		return "1 network policy"
	}
	return fmt.Sprintf("%d network policies", n)
}

// almostVPN says why a network policy meant for VPN does not grant VPN
// connections, or returns "" for a policy that is not meant for VPN.
func almostVPN(pol *Policy) string {
	if pol.vpn.Match == No || !pol.vpn.ForVPN && !pol.vpn.ByTag {
		return ""
	}
	switch {
	case !pol.IsEnabled():
		return "would match VPN connections but is disabled"
	case pol.Denies():
		return "matches VPN connections but denies access"
	case pol.Profile == nil:
		return "matches VPN connections but has no settings"
	case !pol.Grants():
		return "matches VPN connections but its access permission is not set"
	}
	return ""
}

var denyFirst = &lint.Check[*Export]{
	Rule: lint.Rule{
		ID: "NPS011", Severity: lint.Error,
		Title:         "no policy that denies access is tried before a VPN policy on the same connections",
		Fix:           "move the VPN policy above the deny policy (Move Up in the NPS console), or disable the deny policy",
		WindowsErrors: []string{"812", "6273"},
		Citation:      citeNetworkPolicies + " (the first matching policy decides); " + citeReasonCodes,
		Doc: "NPS uses the first enabled policy whose conditions match and does not try the next one. The built-in policy \"Connections to " +
			"Microsoft Routing and Remote Access server\" (MS-RAS-Vendor ^311$, deny) matches every request RRAS sends; left above the " +
			"Always On VPN policy, it rejects every user. The rule reports a deny policy tried before a VPN policy when its conditions hold " +
			"for every VPN request, or are all conditions of the VPN policy too. A deny policy whose conditions only may overlap (another " +
			"group) is not reported.",
	},
	Run: func(e *Export, r *lint.Reporter) {
		for _, pol := range e.VPNPolicies() {
			s := e.Shadow(pol)
			if s == nil || !s.Denies() {
				continue
			}
			why := "its conditions hold for every VPN request"
			if s.vpn.Match != Yes {
				why = "each of its conditions is one of that policy's too"
			}
			r.Report(lint.Finding{Pos: s.Pos,
				Message: fmt.Sprintf("%s denies access and NPS tries it before %s (%s): %s, so NPS rejects the VPN connections that policy is meant to grant; expected the VPN policy first", s.label(), pol.label(), orderWords(s, pol), why),
				Related: []lint.Related{{Pos: pol.Pos, Message: "the VPN policy it hides: " + pol.label()}},
			})
		}
	},
}

// orderWords says why a comes before b: "processing order 1 before 2".
func orderWords(a, b *Policy) string {
	switch {
	case a.orderOK && b.orderOK && a.order != b.order:
		return fmt.Sprintf("processing order %d before %d", a.order, b.order)
	case a.orderOK && b.orderOK:
		return fmt.Sprintf("the same processing order %d, and it comes first in the file", a.order)
	case a.orderOK:
		return fmt.Sprintf("processing order %d, and that policy has none", a.order)
	}
	return "it comes first in the file"
}

var noCertMethod = &lint.Check[*Export]{
	Rule: lint.Rule{
		ID: "NPS012", Severity: lint.Error,
		Title:         "a VPN policy allows EAP with EAP-TLS or PEAP",
		Fix:           "in the policy's Constraints, Authentication Methods, add EAP types \"Microsoft: Protected EAP (PEAP)\" or \"Microsoft: Smart Card or other certificate\"",
		WindowsErrors: []string{"812", "66", "6273"},
		Citation:      citeAuthTypes + "; " + citeEAPTypes + "; " + citeReasonCodes + " (66)",
		Doc: "Always On VPN user tunnels authenticate with EAP: EAP-TLS (type 13) or PEAP (type 25) with EAP-TLS or EAP-MSCHAPv2 inside. " +
			"A VPN policy that does not allow EAP (msNPAuthenticationType2 5), or allows it with neither method (msNPAllowedEapType), " +
			"rejects every such client with reason 66, and the client shows error 812. Which method each profile uses is compared by the " +
			"cross-checks.",
	},
	Run: func(e *Export, r *lint.Reporter) {
		for _, pol := range e.VPNPolicies() {
			prof := pol.Profile
			if !pol.AllowsAuth(AuthEAP) {
				if pol.AllowsAuth(AuthPEAP) {
					continue // type 11 alone is not seen in exports; not judged
				}
				r.Reportf(prof.Pos, "%s does not allow EAP (msNPAuthenticationType2 5 is not listed), so it rejects Always On VPN clients, which use EAP-TLS or PEAP; expected EAP among its authentication methods", pol.label())
				continue
			}
			if slices.ContainsFunc(prof.EAPTypes, func(t EAPType) bool { return !t.Read }) || pol.Allows(EAPTLS) || pol.Allows(EAPPEAP) {
				continue
			}
			var names []string
			for _, m := range pol.Methods() {
				names = append(names, EAPName(m.Type))
			}
			allowed := "no EAP method (no msNPAllowedEapType)"
			if len(names) > 0 {
				allowed = "only " + wording.JoinAnd(names)
			}
			r.Reportf(prof.Pos, "%s allows EAP with %s; expected EAP-TLS (\"Smart Card or other certificate\") or PEAP, which Always On VPN clients use", pol.label(), allowed)
		}
	},
}

var noRequestPolicy = &lint.Check[*Export]{
	Rule: lint.Rule{
		ID: "NPS019", Severity: lint.Error,
		Title:         "an enabled connection request policy takes VPN requests",
		Fix:           "enable a connection request policy whose conditions a VPN request meets, such as the default \"Use Windows authentication for all users\"",
		WindowsErrors: []string{"812", "49", "6273"},
		Citation:      citeNetworkPolicies + "; " + citeReasonCodes + " (49)",
		Doc: "NPS first finds the connection request policy that decides where a request is authenticated; when no enabled one matches, " +
			"it rejects the request with reason 49 before any network policy is tried. The rule fires when the export has connection " +
			"request policies and every enabled one excludes VPN requests by its conditions (or none is enabled).",
	},
	Run: func(e *Export, r *lint.Reporter) {
		if !e.HasRequestSection {
			return
		}
		for _, crp := range e.EvaluationOrder(Request) {
			if crp.vpn.Match != No {
				return
			}
		}
		why := "the export has none"
		switch enabled, all := len(e.EvaluationOrder(Request)), len(e.RequestPolicies); {
		case all > 0 && enabled == 0:
			why = fmt.Sprintf("none of the %d is enabled", all)
		case all > 0:
			why = fmt.Sprintf("%d of the %d are enabled, and each has a condition a VPN request does not meet", enabled, all)
		}
		r.Reportf(e.RequestSection, "no connection request policy takes VPN requests (%s), so NPS rejects every VPN request before trying a network policy (reason 49); expected an enabled one whose conditions a VPN request meets", why)
	},
}

// weak lists the authentication types that protect passwords weakly or not
// at all.
var weak = []int{AuthPAP, AuthMD5CHAP, AuthMSCHAP, AuthMSCHAPPassword, AuthARAP, AuthUnauthenticated}

var weakAuth = &lint.Check[*Export]{
	Rule: lint.Rule{
		ID: "NPS041", Severity: lint.Warning,
		Title:    "a VPN policy allows no weak authentication type (PAP, CHAP, MS-CHAP, unauthenticated access)",
		Fix:      "in the policy's Constraints, Authentication Methods, clear the less secure methods and keep EAP",
		Citation: citePlanNPS + "; " + citeAuthTypes,
		Doc: "PAP sends the password in clear text, CHAP needs it stored reversibly, and MS-CHAP (version 1) is broken; unauthenticated " +
			"access needs none. Always On VPN needs none of them: allowed on a VPN policy they only let a client that is not Always On VPN " +
			"connect with a password.",
	},
	Run: func(e *Export, r *lint.Reporter) {
		for _, pol := range e.VPNPolicies() {
			var names []string
			var first Text
			for _, a := range pol.Profile.AuthTypes {
				if slices.Contains(weak, a.Value) && !slices.Contains(names, authName(a.Value)) {
					if len(names) == 0 {
						first = a.Text
					}
					names = append(names, authName(a.Value))
				}
			}
			if len(names) > 0 {
				r.Reportf(first.ValuePos, "%s allows %s, which protect passwords weakly or not at all; expected only EAP with EAP-TLS or PEAP", pol.label(), wording.JoinAnd(names))
			}
		}
	},
}

var dialinDecides = &lint.Check[*Export]{
	Rule: lint.Rule{
		ID: "NPS042", Severity: lint.Info,
		Title:         "a VPN policy ignores the dial-in properties of user accounts",
		Fix:           "on the policy's Overview tab, tick \"Ignore user account dial-in properties\", or set every VPN user's Network Access Permission to \"Control access through NPS Network Policy\"",
		WindowsErrors: []string{"812", "65", "6273"},
		Citation:      citeDialin + "; " + citeOverview + "; " + citeReasonCodes + " (65)",
		Doc: "Unless the policy ignores them, the dial-in properties of each user account in Active Directory still apply: an account " +
			"whose Network Access Permission is \"Deny access\" is rejected with reason 65, whatever the policy grants, and the client " +
			"shows error 812. Controlling access by group through the policy alone is easier to audit.",
	},
	Run: func(e *Export, r *lint.Reporter) {
		for _, pol := range e.VPNPolicies() {
			t := pol.Profile.IgnoreDialin
			switch {
			case t.True():
			case t.Present:
				r.Reportf(t.ValuePos, "%s sets msIgnoreUserDialinProperties to %s, so a user account whose dial-in permission is Deny access is rejected (reason 65); expected 1 (Ignore user account dial-in properties)", pol.label(), wording.Quote(t.Value))
			default:
				r.Reportf(pol.Profile.Pos, "%s has no msIgnoreUserDialinProperties, so a user account whose dial-in permission is Deny access is rejected (reason 65); expected it set to 1 (Ignore user account dial-in properties)", pol.label())
			}
		}
	},
}

// passwordMethods are the EAP methods that authenticate with a password.
var passwordMethods = []int{EAPMSCHAPv2, EAPMD5}

var passwordFallback = &lint.Check[*Export]{
	Rule: lint.Rule{
		ID: "NPS043", Severity: lint.Warning,
		Title:    "a VPN policy meant for certificates accepts no password-based EAP method",
		Fix:      "remove EAP-MSCHAPv2 from the PEAP inner methods (and from the EAP types) of the certificate policy; give password users a policy of their own",
		Citation: citeAdvanced + "; " + citeEAPTypes,
		Doc: "A policy that allows EAP-TLS, lists EAP-TLS inside PEAP, or restricts client certificates with Allowed-Certificate-OID is " +
			"meant for certificates. If the same policy also accepts EAP-MSCHAPv2 or MD5-Challenge, outside PEAP or inside it, anyone " +
			"with a password connects without a certificate, and the Allowed-Certificate-OID restriction (the Conditional Access " +
			"certificate) is not applied to them: NPS checks certificate purposes only for certificate authentication.",
	},
	Run: func(e *Export, r *lint.Reporter) {
		for _, pol := range e.VPNPolicies() {
			if !pol.ForCertificates() {
				continue
			}
			why := certificateReason(pol)
			for _, m := range pol.Methods() {
				if slices.Contains(passwordMethods, m.Type) {
					r.Reportf(m.Allowed.ValuePos, "%s is meant for certificates (%s) but also allows %s, which accepts a password; expected certificate methods only", pol.label(), why, EAPName(m.Type))
				}
				for _, in := range m.Inner {
					if slices.Contains(passwordMethods, in.Type) {
						r.Reportf(in.Pos, "%s is meant for certificates (%s) but its PEAP settings also accept %s inside PEAP, a password; expected EAP-TLS as the only inner method", pol.label(), why, EAPName(in.Type))
					}
				}
			}
		}
	},
}

// certificateReason says why a policy is meant for certificates.
func certificateReason(pol *Policy) string {
	switch {
	case pol.Allows(EAPTLS):
		return "it allows EAP-TLS"
	case pol.AllowsInner(EAPTLS):
		return "it lists EAP-TLS inside PEAP"
	}
	return "it restricts client certificates to " + pol.CertificateOIDs()[0].OID
}
