package eapxml

import (
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/cite"
	"github.com/aovpnlint/aovpnlint/internal/hostname"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

var skeleton = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP006", Severity: lint.Error,
		Title:         "EapHostConfig has an EapMethod and a Config or ConfigBlob",
		Fix:           "export the EAP configuration from a configured connection (Get-VpnConnection's EapConfigXmlStream, or the New-EapConfiguration cmdlet) and paste the whole EapHostConfig: EapMethod with Type, VendorId, VendorType and AuthorId, then Config",
		WindowsErrors: []string{"profile install fails"},
		Citation:      cite.EAPConfiguration + "; EapHostConfig schema, https://learn.microsoft.com/windows/win32/eaphost/eaphostconfigschema-eaphostconfig-element",
		Doc: "EapHost builds the method from EapMethod (which method: Type, VendorId, VendorType, AuthorId) and its " +
			"settings from Config (or the opaque ConfigBlob). Without them, or with template text in their place, there " +
			"is no method to load: the profile is refused when it is applied, or the connection cannot start its " +
			"authentication.",
	},
	Run: func(c *Config, r *lint.Reporter) {
		if c.WrongRoot {
			return // EAP002
		}
		if t := c.Text; t.Value != "" {
			r.Reportf(t.ValuePos, "EapHostConfig holds text %s in place of its elements; expected EapMethod and Config, since Windows cannot load an EAP method from text", wording.Quote(t.Value))
			if !c.Method.Present && !c.HasConfig && !c.Blob.Present {
				return
			}
		}
		if !c.Method.Present {
			r.Reportf(c.Pos, "EapHostConfig has no EapMethod; expected EapMethod with Type and AuthorId (and VendorId, VendorType), which name the method Windows loads")
		} else {
			var missing []string
			if c.Method.Type.Empty() {
				missing = append(missing, "Type")
			}
			if c.Method.Author.Empty() {
				missing = append(missing, "AuthorId")
			}
			if len(missing) > 0 {
				r.Reportf(c.Method.Pos, "EapMethod has no %s; expected Type and AuthorId, which the EapHostConfig schema requires to name the method Windows loads", strings.Join(missing, " and "))
			}
		}
		if !c.HasConfig && !c.Blob.Present {
			r.Reportf(c.Pos, "EapHostConfig has neither Config nor ConfigBlob; expected Config with the method's settings")
		}
	},
}

var serverNameForm = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP025", Severity: lint.Error,
		Title:         "every ServerNames entry is a well-formed name or pattern",
		Fix:           "list the NPS server names as DNS names separated by ; (nps1.corp.example.com;nps2.corp.example.com), without placeholders",
		WindowsErrors: []string{"812"},
		Citation:      cite.ServerValidation + " (ServerNames)",
		Doc: "An entry with a space, an empty label, an over-long label or name, or template text such as " +
			"<NPS server> never matches the NPS certificate, so server validation fails. Entries written as regular " +
			"expressions (with *, ^, $, [ or \\) are left to EAP032.",
	},
	Run: func(c *Config, r *lint.Reporter) {
		for _, v := range c.Validations() {
			names := v.Block.ServerNames
			if !names.Present {
				continue
			}
			if ph := hostname.Placeholder(names.Value); ph != "" {
				r.Reportf(names.ValuePos, "%s ServerNames %s holds the template placeholder %s; expected the NPS server names", v.Method, wording.Quote(names.Value), wording.Quote(ph))
				continue
			}
			for _, e := range names.Entries(";") {
				if strings.ContainsAny(e.Value, `*^$[]\(){}|+?,"'`) {
					continue // a pattern (EAP032), or commas and quotes (EAP013)
				}
				if why := hostname.Problem(e.Value); why != "" {
					r.Reportf(names.PosAt(e.Offset), "%s ServerNames entry %s %s; expected a DNS name", v.Method, wording.Quote(e.Value), why)
				}
			}
		}
	},
}
