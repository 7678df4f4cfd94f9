package eapxml

import (
	"fmt"
	"github.com/aovpnlint/aovpnlint/internal/cite"
	"slices"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

var validationOff = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP010", Severity: lint.Warning,
		Title:         "the server certificate is validated",
		Fix:           "set PerformServerValidation to true and list the NPS server's root in TrustedRootCA and its name in ServerNames",
		WindowsErrors: []string{"credentials exposed to a rogue RADIUS server"},
		Citation:      cite.ServerValidation + "; " + cite.Authentication,
	},
	Run: func(c *Config, r *lint.Reporter) {
		for _, v := range c.Validations() {
			if v.Perform.False() {
				r.Reportf(v.Perform.ValuePos, "%s PerformServerValidation is false: any RADIUS server is trusted; expected true", v.Method)
			}
		}
	},
}

var noTrustedRoot = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP011", Severity: lint.Error,
		Title:         "server validation names a trusted root",
		Fix:           "add a TrustedRootCA element with the SHA-1 thumbprint of the root that issued the NPS server certificate",
		WindowsErrors: []string{"864", "801", "Always On cannot connect unattended"},
		Citation:      cite.ServerValidation + " (TrustedRootCA)",
		Doc: "With prompts disabled and no TrustedRootCA, no server certificate can ever be accepted: the connection " +
			"fails with 864. With prompts enabled the user is asked instead (EAP023).",
	},
	Run: func(c *Config, r *lint.Reporter) {
		for _, v := range c.Validations() {
			if v.On() && len(v.Block.TrustedRootCA) == 0 && v.Block.Present && v.Silent() {
				r.Reportf(v.Block.Pos, "%s validates the server silently but lists no TrustedRootCA, so no server certificate can be accepted; expected the NPS server's root", v.Method)
			}
		}
	},
}

var promptedTrust = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP023", Severity: lint.Warning,
		Title:         "server validation does not leave the trust decision to the user",
		Fix:           "add a ServerValidation block with a TrustedRootCA element holding the SHA-1 thumbprint of the root that issued the NPS server certificate, and the ServerNames",
		WindowsErrors: []string{"864", "801"},
		Citation:      cite.ServerValidation + " (TrustedRootCA)",
		Doc: "Without a TrustedRootCA (or without a ServerValidation block) and with prompts allowed, Windows asks " +
			"the user whether to trust the server: an always-on or device connection, which has nobody to ask, fails, " +
			"and users learn to accept any certificate.",
	},
	Run: func(c *Config, r *lint.Reporter) {
		for _, v := range c.Validations() {
			if !v.On() || len(v.Block.TrustedRootCA) > 0 {
				continue
			}
			switch {
			case !v.Block.Present:
				r.Reportf(v.At, "%s has no ServerValidation block: the user is asked to trust the server; expected TrustedRootCA and ServerNames", v.Method)
			case !v.Silent():
				r.Reportf(v.Block.Pos, "%s lists no TrustedRootCA: the user is asked to trust the server; expected the NPS server's root", v.Method)
			}
		}
	},
}

var badThumbprint = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP012", Severity: lint.Error,
		Title:    "TrustedRootCA and IssuerHash are SHA-1 thumbprints",
		Fix:      "write the certificate's 40-digit SHA-1 thumbprint (spaces and case do not matter), as certutil or Get-ChildItem Cert: show it",
		Citation: cite.ServerValidation + " (TrustedRootCA); " + cite.FilterInfo + " (CAHashList)",
		Fixable: "writes a thumbprint given with colons or hyphens (5A:1B:..., as openssl and certutil print it) the " +
			"way Windows exports it, lower-case hex pairs separated by spaces, when it holds exactly the 40 hex digits " +
			"of a SHA-1 thumbprint: the digits are kept, only the separators change; a SHA-256 or short value is left alone",
	},
	Run: func(c *Config, r *lint.Reporter) {
		report := func(element string, t Text) {
			if _, err := Thumbprint(t.Value); err != nil {
				f := lint.Finding{Pos: t.ValuePos, Message: fmt.Sprintf("%s %s %v; expected a 40-digit SHA-1 thumbprint", element, wording.Quote(t.Value), err)}
				if form, ok := ThumbprintForm(t.Value); ok {
					f.Edits = t.Replace(form)
				}
				r.Report(f)
			}
		}
		for _, v := range c.Validations() {
			for _, t := range v.Block.TrustedRootCA {
				report("TrustedRootCA", t)
			}
		}
		for _, t := range c.TLSMethods() {
			if t.Filtering == nil || t.Filtering.CAHashList == nil {
				continue
			}
			for _, h := range t.Filtering.CAHashList.IssuerHash {
				report("IssuerHash", h)
			}
		}
	},
}

var serverNames = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP013", Severity: lint.Warning,
		Title:         "ServerNames lists the NPS server names, separated by semicolons",
		Fix:           "list the NPS server names in ServerNames separated by ; without quotes, such as nps1.corp.example.com;nps2.corp.example.com",
		WindowsErrors: []string{"credentials exposed to a rogue RADIUS server"},
		Citation:      cite.ServerValidation + " (ServerNames)",
		Doc: "With prompts disabled and ServerNames empty, every certificate issued under the trusted root is accepted " +
			"as the NPS server, including a user's. Windows separates names with semicolons; a comma or a quote becomes " +
			"part of a name, which then never matches.",
	},
	Run: func(c *Config, r *lint.Reporter) {
		for _, v := range c.Validations() {
			if !v.Block.Present {
				continue
			}
			names := v.Block.ServerNames
			switch {
			case names.Empty() && v.Silent():
				at := v.Block.Pos
				if names.Present {
					at = names.Pos
				}
				r.Reportf(at, "%s ServerNames is empty while prompts are disabled: any certificate from the trusted root is accepted as the server; expected the NPS server names", v.Method)
			case strings.ContainsAny(names.Value, `,"'`):
				r.Reportf(names.ValuePos, "%s ServerNames %s uses commas or quotes; expected names separated by ; without quotes", v.Method, wording.Quote(names.Value))
			}
		}
	},
}

var userPrompt = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP014", Severity: lint.Warning,
		Title:         "users are not asked to trust the server",
		Fix:           "set DisableUserPromptForServerValidation to true, with TrustedRootCA and ServerNames filled in",
		WindowsErrors: []string{"Always On cannot connect unattended"},
		Citation:      cite.ServerValidation + " (DisableUserPromptForServerValidation)",
	},
	Run: func(c *Config, r *lint.Reporter) {
		for _, v := range c.Validations() {
			if !v.Block.Present || !v.On() || v.Silent() {
				continue
			}
			if d := v.Block.DisablePrompt; d.Present {
				r.Reportf(d.ValuePos, "%s DisableUserPromptForServerValidation is %s: users are asked to trust the server; expected true", v.Method, wording.Quote(d.Value))
			} else {
				r.Reportf(v.Block.Pos, "%s ServerValidation has no DisableUserPromptForServerValidation, so users are asked to trust the server; expected true", v.Method)
			}
		}
	},
}

var certPicker = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP015", Severity: lint.Warning,
		Title:         "the client certificate is chosen without a picker",
		Fix:           "set SimpleCertSelection to true and narrow the choice with a certificate filter (CAHashList or ClientAuthEKUList)",
		WindowsErrors: []string{"Always On cannot connect unattended"},
		Citation:      cite.EAPConfiguration + " (SimpleCertSelection)",
	},
	Run: func(c *Config, r *lint.Reporter) {
		for _, t := range c.TLSMethods() {
			if t.SimpleCertSelection.False() {
				r.Reportf(t.SimpleCertSelection.ValuePos, "SimpleCertSelection is false: users get a certificate picker; expected true")
			}
		}
	},
}

var passwordMethod = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP016", Severity: lint.Warning,
		Title:         "authentication uses certificates rather than passwords",
		Fix:           "use PEAP with inner EAP-TLS (or EAP-TLS) and a user certificate instead of EAP-MSCHAPv2",
		WindowsErrors: []string{"812", "691"},
		Citation:      cite.Authentication,
		Doc: "Always On VPN is designed for certificate authentication; Microsoft recommends PEAP-TLS or EAP-TLS. " +
			"Password-based EAP-MSCHAPv2 prompts users, does not work with Conditional Access, and fails with 812 " +
			"against an NPS policy that requires certificates.",
	},
	Run: func(c *Config, r *lint.Reporter) {
		for i, m := range c.Methods() {
			if t, ok := m.Type.Int(); !ok || t != TypeMSCHAPv2 {
				continue
			}
			what := "the method is EAP-MSCHAPv2"
			if i > 0 {
				what = "the PEAP inner method is EAP-MSCHAPv2"
			}
			r.Reportf(m.Type.ValuePos, "%s, a password-based method; expected certificate authentication (EAP-TLS)", what)
		}
	},
}

var cryptoBinding = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP017", Severity: lint.Info,
		Title:         "PEAP requires crypto binding",
		Fix:           "set RequireCryptoBinding to true when the NPS servers support it",
		WindowsErrors: []string{"823", "824"},
		Citation:      cite.PEAPSchema + " (RequireCryptoBinding); " + cite.Authentication,
		Doc:           "Crypto binding ties the inner authentication to the PEAP tunnel and stops a man in the middle from relaying it.",
	},
	Run: func(c *Config, r *lint.Reporter) {
		for _, m := range c.Methods() {
			p := m.PEAP
			if p == nil {
				continue
			}
			if !p.RequireCryptoBinding.True() {
				f := lint.Finding{Pos: p.Pos, Message: "PEAP has no RequireCryptoBinding, so crypto binding is not required; expected true"}
				if p.RequireCryptoBinding.Present {
					f.Pos = p.RequireCryptoBinding.ValuePos
					f.Message = fmt.Sprintf("PEAP RequireCryptoBinding is %s; expected true", wording.Quote(p.RequireCryptoBinding.Value))
				}
				r.Report(f)
			}
		}
	},
}

var quarantineChecks = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP024", Severity: lint.Warning,
		Title:    "PEAP does not ask for quarantine checks",
		Fix:      "set EnableQuarantineChecks to false",
		Citation: "NAP Constants (\"The Network Access Protection platform is not available starting with Windows 10\"), https://learn.microsoft.com/windows/win32/nap/nap-constants",
		Doc: "EnableQuarantineChecks asks the client for a Network Access Protection statement of health. The NAP " +
			"platform is not available starting with Windows 10, so the client has none to give: the setting can only " +
			"matter against an old NPS health policy, which such a client cannot satisfy.",
	},
	Run: func(c *Config, r *lint.Reporter) {
		for _, m := range c.Methods() {
			if p := m.PEAP; p != nil && p.EnableQuarantineChecks.True() {
				r.Reportf(p.EnableQuarantineChecks.ValuePos, "PEAP EnableQuarantineChecks is true although Network Access Protection is gone; expected false")
			}
		}
	},
}

var validationDiffers = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP018", Severity: lint.Info,
		Title:    "outer PEAP and inner EAP-TLS validate the same server",
		Fix:      "list the same ServerNames and TrustedRootCA in the PEAP and the inner EAP-TLS ServerValidation",
		Citation: "Configure Windows client Always On VPN connections, https://learn.microsoft.com/windows-server/remote/remote-access/vpn/always-on-vpn/deploy/vpn-deploy-client-vpn-connections",
		Doc: "Windows' own dialog writes the same names and roots in both blocks. Names are compared as sets of " +
			"semicolon-separated, trimmed entries, case included; roots as normalised thumbprints.",
	},
	Run: func(c *Config, r *lint.Reporter) {
		for _, m := range c.Methods() {
			if m.PEAP == nil {
				continue
			}
			outer := m.PEAP.ServerValidation
			if !outer.Present {
				continue
			}
			// The outer sets once for every inner method.
			outerNames, outerRoots := set(ServerNames(outer.ServerNames)), set(Thumbprints(outer.TrustedRootCA))
			for _, in := range m.PEAP.Inner {
				if in.TLS == nil || !in.TLS.ServerValidation.Present {
					continue
				}
				inner := in.TLS.ServerValidation
				var diffs []string
				if a, b := outerNames, set(ServerNames(inner.ServerNames)); !slices.Equal(a, b) {
					diffs = append(diffs, fmt.Sprintf("ServerNames %s inside, %s outside", list(b), list(a)))
				}
				if a, b := outerRoots, set(Thumbprints(inner.TrustedRootCA)); !slices.Equal(a, b) {
					diffs = append(diffs, fmt.Sprintf("%s inside, %s outside", wording.Plural(len(b), "TrustedRootCA"), wording.Plural(len(a), "TrustedRootCA")))
				}
				if len(diffs) > 0 {
					r.Report(lint.Finding{Pos: inner.Pos,
						Message: "the inner EAP-TLS and the outer PEAP validate different servers: " + strings.Join(diffs, "; ") + "; expected the same settings",
						Related: []lint.Related{{Pos: outer.Pos, Message: "outer PEAP ServerValidation"}}})
				}
			}
		}
	},
}

// set sorts and de-duplicates xs.
func set(xs []string) []string {
	out := slices.Clone(xs)
	slices.Sort(out)
	return slices.Compact(out)
}

func list(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	q := make([]string, 0, min(len(xs), wording.MaxListed))
	for _, x := range xs[:min(len(xs), wording.MaxListed)] {
		q = append(q, wording.Quote(x))
	}
	return wording.Some(append(q, xs[len(q):]...), ", ")
}

var noNameCheck = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP019", Severity: lint.Warning,
		Title:         "the server name is compared with ServerNames",
		Fix:           "set AcceptServerName to true and list the NPS server names in ServerNames",
		WindowsErrors: []string{"RADIUS impersonation"},
		Citation:      cite.ServerValidation + "; " + cite.PEAPSchema + " (PeapExtensions/AcceptServerName)",
	},
	Run: func(c *Config, r *lint.Reporter) {
		for _, v := range c.Validations() {
			if v.Accept.False() && v.On() {
				r.Reportf(v.Accept.ValuePos, "%s AcceptServerName is false: ServerNames is never compared with the server certificate; expected true", v.Method)
			}
		}
	},
}
