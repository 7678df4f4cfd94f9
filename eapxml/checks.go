package eapxml

import (
	"fmt"
	"github.com/aovpnlint/aovpnlint/internal/cite"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

// Checks lists the EapHostConfig rules in the order they run.
// Retired IDs: none.
var Checks = []*lint.Check[*Config]{
	httpsNamespace,     // EAP001
	misplacedElement,   // EAP002
	methodTypeMismatch, // EAP003
	peapInnerMethod,    // EAP004
	unusualMethod,      // EAP005
	skeleton,           // EAP006
	validationOff,      // EAP010
	noTrustedRoot,      // EAP011
	badThumbprint,      // EAP012
	serverNames,        // EAP013
	userPrompt,         // EAP014
	certPicker,         // EAP015
	passwordMethod,     // EAP016
	cryptoBinding,      // EAP017
	validationDiffers,  // EAP018
	noNameCheck,        // EAP019
	brokenFilter,       // EAP020
	inactiveFilter,     // EAP021
	noFilteringInfo,    // EAP022
	promptedTrust,      // EAP023
	quarantineChecks,   // EAP024
	serverNameForm,     // EAP025
}

// Lint runs every EAP rule on c.
func Lint(c *Config) []lint.Finding { return lint.Run(Checks, c) }

var httpsNamespace = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP001", Severity: lint.Error,
		Title:         "EAP namespaces use http://, never https://",
		Fix:           "replace https:// with http:// in every www.microsoft.com/provisioning namespace",
		WindowsErrors: []string{"profile install fails"},
		Citation:      cite.EAPConfiguration + "; MicrosoftDocs/windowsserverdocs PR 4329 and MicrosoftDocs/win32 PRs 1119-1123 (https is not supported in EAP schema namespaces)",
		Doc: "Windows matches the EapHostConfig namespaces exactly, and only the http:// spellings exist. " +
			"Samples in Microsoft documentation were bulk-edited to https:// in 2019; profiles copied from them fail to install " +
			"through Intune and PowerShell with an unknown error.",
		Fixable: "writes http:// for https:// in the namespace declaration: only the http:// spelling of a " +
			"Microsoft provisioning namespace exists, and aovpnlint already reads the document as if it were written",
	},
	Run: func(c *Config, r *lint.Reporter) {
		for _, d := range c.HTTPS {
			r.Report(lint.Finding{Pos: d.Pos, Edits: d.Edits,
				Message: fmt.Sprintf("<%s> declares namespace %s; Windows accepts only %s", wording.Inline(d.Element), wording.InlineN(d.URI, wording.MaxURI), wording.InlineN(Canonical(d.URI), wording.MaxURI))})
		}
	},
}

var misplacedElement = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP002", Severity: lint.Error,
		Title:         "every EAP element has a known name in the namespace its place requires",
		Fix:           "move the element into the namespace its parent expects, or correct its name",
		WindowsErrors: []string{"setting ignored"},
		Citation:      cite.EAPHostSchemas,
		Fixable: "renames an element whose name differs only by case from one its parent holds in the same " +
			"namespace (UseWinlogonCredentials to UseWinLogonCredentials): XML names are case-sensitive, and no other " +
			"element was meant; not offered when a sibling already has that name, nor for an element in the wrong " +
			"namespace or with another misspelling",
	},
	Run: func(c *Config, r *lint.Reporter) {
		for _, m := range c.Misplaced {
			r.Report(lint.Finding{Pos: m.Pos, Message: misplacedMessage(m), Edits: m.Edits})
		}
	},
}

func misplacedMessage(m Misplaced) string {
	// Names and namespaces come from the input: shown escaped and cut.
	name, parent := wording.Inline(m.Name), wording.Inline(m.Parent)
	space := wording.InlineN(m.Space, wording.MaxURI)
	if m.Space == "" {
		space = "no namespace"
	}
	if m.Want != "" {
		where := "here"
		if m.Parent != "" {
			where = "in <" + parent + ">"
		}
		return fmt.Sprintf("<%s> is in %s; %s Windows reads it only in namespace %s", name, space, where, m.Want)
	}
	msg := fmt.Sprintf("<%s> is not an element of <%s> in namespace %s", name, parent, space)
	switch {
	case m.Suggest != "" && m.CaseOnly:
		msg += fmt.Sprintf("; element names are case-sensitive: expected %s", m.Suggest)
	case m.Suggest != "":
		msg += fmt.Sprintf("; did you mean %s", m.Suggest)
	}
	switch {
	case m.BelongsIn != "" && m.Suggest != "" && m.Suggest != m.Name:
		msg += fmt.Sprintf(" (in <%s>)", m.BelongsIn)
	case m.BelongsIn != "":
		msg += fmt.Sprintf("; %s belongs in <%s>", name, m.BelongsIn)
	}
	return msg
}

// methodNamespace is the EapType namespace each method type requires.
var methodNamespace = map[int64]string{TypeTLS: NSTLS1, TypePEAP: NSPEAP1, TypeMSCHAPv2: NSMSCHAPv2}

var methodTypeMismatch = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP003", Severity: lint.Error,
		Title:         "EapMethod type, Eap type and EapType namespace name the same method",
		Fix:           "make EapMethod/Type, Config/Eap/Type and the EapType namespace describe the same EAP method",
		WindowsErrors: []string{"850"},
		Citation:      cite.EAPHostSchemas + " (EapMethodType, BaseEapConnectionPropertiesV1)",
	},
	Run: func(c *Config, r *lint.Reporter) {
		outer, inner := c.Method.Type, Text{}
		if c.Eap != nil {
			inner = c.Eap.Type
		}
		if outer.Present && inner.Present && outer.Value != inner.Value {
			r.Reportf(inner.ValuePos, "Config/Eap/Type is %s (%s) but EapMethod/Type is %s (%s); expected the same method",
				inner.Value, methodName(inner), outer.Value, methodName(outer))
		}
		for _, m := range c.Methods() {
			typ, ok := m.Type.Int()
			want, known := methodNamespace[typ]
			if !ok || !known || m.EapType.Name == "" || Canonical(m.EapType.Space) == want {
				continue
			}
			r.Reportf(m.EapType.Pos, "Eap/Type is %d (%s) but its EapType is in namespace %s; expected %s",
				typ, methodName(m.Type), wording.InlineN(m.EapType.Space, wording.MaxURI), want)
		}
	},
}

var peapInnerMethod = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP004", Severity: lint.Error,
		Title:    "PEAP has an inner method, and it is EAP-TLS or EAP-MSCHAPv2",
		Fix:      "add an inner Eap element configuring EAP-TLS (13) or EAP-MSCHAPv2 (26) inside the PEAP EapType",
		Citation: "mspeapconnectionpropertiesv1 EapType element, https://learn.microsoft.com/windows/win32/eaphost/mspeapconnectionpropertiesv1schema-eaptype-element",
	},
	Run: func(c *Config, r *lint.Reporter) {
		for _, m := range c.Methods() {
			if m.PEAP == nil {
				continue
			}
			if len(m.PEAP.Inner) == 0 {
				r.Reportf(m.PEAP.Pos, "PEAP has no inner method; expected an Eap element for EAP-TLS (13) or EAP-MSCHAPv2 (26)")
				continue
			}
			for _, in := range m.PEAP.Inner {
				if t, ok := in.Type.Int(); !ok || (t != TypeTLS && t != TypeMSCHAPv2) {
					at := in.Pos
					if in.Type.Present {
						at = in.Type.ValuePos
					}
					r.Reportf(at, "the PEAP inner method is %s; expected EAP-TLS (13) or EAP-MSCHAPv2 (26)", describeType(in.Type))
				}
			}
		}
	},
}

var unusualMethod = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP005", Severity: lint.Warning,
		Title:         "the EAP method is one aovpnlint can validate for VPN (13, 25 or 26) in Config form",
		Fix:           "use EAP-TLS (13), PEAP (25) or EAP-MSCHAPv2 (26), and export the configuration as XML (Config) rather than ConfigBlob",
		WindowsErrors: []string{"850"},
		Citation:      "Always On VPN authentication, https://learn.microsoft.com/windows/security/operating-system-security/network-security/vpn/vpn-authentication",
	},
	Run: func(c *Config, r *lint.Reporter) {
		if t, ok := c.Method.Type.Int(); c.Method.Type.Present && (!ok || methodNamespace[t] == "") {
			r.Reportf(c.Method.Type.ValuePos, "EapMethod/Type is %s; expected EAP-TLS (13), PEAP (25) or EAP-MSCHAPv2 (26), the methods Always On VPN uses", describeType(c.Method.Type))
		}
		if c.Blob.Present && !c.HasConfig {
			r.Reportf(c.Blob.Pos, "the method configuration is an opaque ConfigBlob, which cannot be validated; expected a Config element")
		}
	},
}

// methodName names the EAP method a Type value denotes.
func methodName(t Text) string {
	v, ok := t.Int()
	if !ok {
		return "not a number"
	}
	switch v {
	case TypeTLS:
		return "EAP-TLS"
	case TypePEAP:
		return "PEAP"
	case TypeMSCHAPv2:
		return "EAP-MSCHAPv2"
	case 21:
		return "EAP-TTLS"
	case 55:
		return "TEAP"
	case 23:
		return "EAP-AKA"
	case 18:
		return "EAP-SIM"
	case 50:
		return "EAP-AKA'"
	}
	return "unknown method"
}

func describeType(t Text) string {
	if !t.Present {
		return "missing"
	}
	if strings.TrimSpace(t.Value) == "" {
		return "empty"
	}
	return fmt.Sprintf("%s (%s)", wording.Inline(t.Value), methodName(t))
}
