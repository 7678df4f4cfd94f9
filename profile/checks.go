package profile

import (
	"fmt"
	"github.com/aovpnlint/aovpnlint/internal/cite"
	"strconv"
	"strings"

	"github.com/aovpnlint/aovpnlint/eapxml"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

// Checks lists the ProfileXML rules in the order they run.
// Retired IDs: VPN027 (a Proxy with both methods; now VPN035, info).
var Checks = []*lint.Check[*Profile]{
	rootElement,                // VPN001
	nativeOrPlugin,             // VPN002
	unknownElement,             // VPN003
	misplacedElement,           // VPN004
	invalidValue,               // VPN005
	strictBoolean,              // VPN006
	duplicateElement,           // VPN007
	strayText,                  // VPN008
	hostNameForm,               // VPN009
	servers,                    // VPN010
	authentication,             // VPN011
	automatic,                  // VPN012
	protocolList,               // VPN013
	pluginProfile,              // VPN014
	serverAddress,              // VPN015
	serverResolvable,           // VPN016
	machineCertificateProtocol, // VPN017
	ignoredProtocolList,        // VPN018
	templatePlaceholder,        // VPN019
	noRouteAtAll,               // VPN020
	noRoutes,                   // VPN021
	forceTunnelRoutes,          // VPN022
	badRoute,                   // VPN023
	homeOverlap,                // VPN024
	proxySplit,                 // VPN025
	trafficFilters,             // VPN026
	routeHostBits,              // VPN028
	routeTwice,                 // VPN029
	deviceTunnel,               // VPN030
	deviceTunnelHygiene,        // VPN031
	lockDown,                   // VPN032
	deviceTunnelCompliance,     // VPN033
	deviceTunnelAlwaysOn,       // VPN034
	proxyBoth,                  // VPN035
	conditionalAccessMethod,    // VPN040
	conditionalAccessFilter,    // VPN041
	ssoCertificate,             // VPN042
	l2tpPsk,                    // VPN050
	cryptographySuite,          // VPN051
	ikeFragmentation,           // VPN052
	pluginLoopbackDNS,          // VPN060
	noTrustedNetwork,           // VPN061
	trafficFilter,              // VPN063
	nrptAddresses,              // VPN064
	nrptDomainName,             // VPN065
	elementCase,                // VPN066
	serversTwice,               // VPN067
}

// Options say how a profile is deployed, for the rules that depend on it.
// The zero value checks the profile for any target.
type Options struct {
	// Target is where the profile is deployed: "intune" turns on the
	// comparison with how Windows reads the profile back (VPN062);
	// "powershell", "any" and "" do not.
	Target string
}

// Deployment is a profile and how it is deployed: the input of
// DeploymentChecks.
type Deployment struct {
	Profile *Profile
	Options
}

// DeploymentChecks lists the profile rules that depend on where the
// profile is deployed. Retired IDs: none.
var DeploymentChecks = []*lint.Check[*Deployment]{
	readBackOrder, // VPN062
}

// Lint runs every profile rule on p, the deployment rules with opts, and
// every EAP rule on the EapHostConfig it holds.
func Lint(p *Profile, opts Options) []lint.Finding {
	out := lint.Run(Checks, p)
	out = append(out, lint.Run(DeploymentChecks, &Deployment{Profile: p, Options: opts})...)
	if c := p.EAP(); c != nil {
		out = append(out, eapxml.Lint(c)...)
	}
	return out
}

var rootElement = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN001", Severity: lint.Error,
		Title:         "the root element is VPNProfile without a namespace",
		Fix:           "make the root element <VPNProfile>, spelled exactly so and with no xmlns attribute",
		WindowsErrors: []string{"install fails"},
		Citation:      cite.XSD,
	},
	Run: func(p *Profile, r *lint.Reporter) {
		switch {
		case p.RootName != "VPNProfile":
			r.Reportf(p.Pos, "the root element is <%s>; expected <VPNProfile> (element names are case-sensitive)", wording.Inline(p.RootName))
		case p.RootSpace != "":
			r.Reportf(p.Pos, "<VPNProfile> is in namespace %s; expected no namespace", wording.InlineN(p.RootSpace, wording.MaxURI))
		}
	},
}

var nativeOrPlugin = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN002", Severity: lint.Error,
		Title:         "the profile has exactly one of NativeProfile and PluginProfile",
		Fix:           "keep NativeProfile for the built-in client or PluginProfile for a third-party client, not both and not neither",
		WindowsErrors: []string{"install fails"},
		Citation:      cite.CSP + " (NativeProfile, PluginProfile)",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		switch {
		case p.NativeProfile == nil && p.PluginProfile == nil:
			r.Reportf(p.Pos, "<VPNProfile> has neither NativeProfile nor PluginProfile; expected one of them")
		case p.NativeProfile != nil && p.PluginProfile != nil:
			r.Report(lint.Finding{Pos: p.PluginProfile.Pos,
				Message: "<VPNProfile> has both NativeProfile and PluginProfile; expected only one of them",
				Related: []lint.Related{{Pos: p.NativeProfile.Pos, Message: "NativeProfile"}}})
		}
	},
}

var unknownElement = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN003", Severity: lint.Warning,
		Title:         "every element is known to the VPNv2 CSP",
		Fix:           "correct the element's name (names are case-sensitive) or remove it",
		WindowsErrors: []string{"setting silently ignored"},
		Citation:      cite.CSP,
		Doc:           "Windows ignores elements it does not know. A name that differs from a known one only by case is VPN066.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		for _, u := range p.Unknown {
			if !u.CaseOnly {
				r.Reportf(u.Pos, "%s", unknownMessage(u))
			}
		}
	},
}

var elementCase = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN066", Severity: lint.Error,
		Title:         "every element name has the case the VPNv2 CSP gives it",
		Fix:           "write the element name with the case of the VPNv2 CSP (names are case-sensitive)",
		WindowsErrors: []string{"setting silently ignored"},
		Citation:      cite.CSP,
		Doc: "XML names are case-sensitive: an element whose name differs from a known one only by case is unknown to " +
			"Windows, which ignores it, and the setting the author meant is lost.",
		Fixable: "renames the element, in its start and end tags, to the name the CSP gives it at that place: " +
			"the name differs from it only by case, so no other element was meant; not offered when the element is " +
			"known under that name only elsewhere, or when the rename would make a second element of a name that " +
			"may appear once",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		for _, u := range p.Unknown {
			if u.CaseOnly {
				r.Report(lint.Finding{Pos: u.Pos, Message: unknownMessage(u), Edits: u.Edits})
			}
		}
	},
}

func unknownMessage(u Unknown) string {
	// The name and the namespace come from the input: shown escaped and
	// cut (wording.Inline), so a long or hostile name cannot make every
	// finding huge.
	name, parent := wording.Inline(u.Name), wording.Inline(last(u.Parent))
	if u.Space != "" {
		return fmt.Sprintf("<%s> in <%s> is in namespace %s; ProfileXML elements have no namespace, so Windows ignores it", name, parent, wording.InlineN(u.Space, wording.MaxURI))
	}
	msg := fmt.Sprintf("unknown element <%s> in <%s>; Windows ignores it", name, parent)
	where := ""
	if u.Where != "" && u.Where != u.Parent {
		where = " (in <" + last(u.Where) + ">)"
	}
	switch {
	case u.CaseOnly:
		msg = fmt.Sprintf("unknown element <%s> in <%s>; names are case-sensitive: expected %s%s", name, parent, u.Suggest, where)
	case u.Suggest != "":
		msg += fmt.Sprintf(" (did you mean %s%s?)", u.Suggest, where)
	}
	return msg
}

var misplacedElement = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN004", Severity: lint.Warning,
		Title:         "every known element is under its parent",
		Fix:           "move the element under the parent the VPNv2 CSP defines for it",
		WindowsErrors: []string{"setting silently ignored"},
		Citation:      cite.CSP,
		Fixable: "moves the element, with all it holds, to the end of the one parent the CSP defines for it: " +
			"Windows reads the children of an element in any order, so the place in the parent does not matter; " +
			"offered only when the element belongs under one parent, that parent is written once and may appear " +
			"only once (as every element on its path), and it holds no element of that name yet",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		for _, m := range p.Misplaced {
			r.Report(lint.Finding{Pos: m.Pos, Edits: m.Edits,
				Message: fmt.Sprintf("<%s> is under <%s>; it belongs under %s, so Windows ignores it here", m.Name, wording.Inline(last(m.Parent)), strings.Join(parentNames(m.BelongsIn), " or "))})
		}
	},
}

// parentNames names the elements at paths for a message: "<NativeProfile>",
// or "<App> in <AppTrigger>" when another path ends in the same name.
func parentNames(paths []string) []string {
	count := map[string]int{}
	for _, p := range paths {
		count[last(p)]++
	}
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = "<" + last(p) + ">"
		if count[last(p)] > 1 {
			if up := strings.LastIndexByte(p, '/'); up > 0 {
				names[i] += " in <" + last(p[:up]) + ">"
			}
		}
	}
	return names
}

var invalidValue = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN005", Severity: lint.Error,
		Title:         "every typed element holds a valid value",
		Fix:           "use one of the values the VPNv2 CSP allows for the element",
		WindowsErrors: []string{"install fails", "partial profile"},
		Citation:      cite.CSP + "; " + cite.ProfileOptions,
		Doc: "Enumerations are compared ignoring case, as Windows does; booleans accept true, false, 1 and 0. " +
			"The nodes the CSP documents as read-only (App/Type, DomainNameType) are not checked: Windows works their " +
			"value out itself.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		for _, v := range p.Values {
			if want := invalid(v); want != "" {
				r.Reportf(v.ValuePos, "%s is %s; expected %s", v.Spec.Name, wording.Quote(v.Raw), want)
			}
		}
	},
}

// invalid describes the values v's element accepts when v is not one of
// them, and returns "" for a valid value. StrictBool elements are left to
// VPN006; read-only elements are not applied, so any value is accepted.
func invalid(v Value) string {
	if v.Spec.ReadOnly {
		return ""
	}
	switch v.Spec.Type {
	case Bool:
		if _, ok := v.Bool(); !ok {
			return "true or false"
		}
	case Int:
		if n, ok := v.Int(); !ok || n < v.Spec.Min || n > v.Spec.Max {
			return fmt.Sprintf("an integer from %d to %d", v.Spec.Min, v.Spec.Max)
		}
	case Enum:
		for _, ok := range v.Spec.Values {
			if v.Is(ok) {
				return ""
			}
		}
		return "one of " + strings.Join(v.Spec.Values, ", ")
	}
	return ""
}

var strictBoolean = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN006", Severity: lint.Error,
		Title:         "AlwaysOn and RememberCredentials are exactly lower-case true or false",
		Fix:           "write the value in lower case: true or false",
		WindowsErrors: []string{"partially applied profile"},
		Citation:      "Configure Windows client Always On VPN connections (lower-case true), https://learn.microsoft.com/windows-server/remote/remote-access/vpn/always-on-vpn/deploy/vpn-deploy-client-vpn-connections",
		Fixable: "writes the value as lower-case true or false when it is another spelling of an XML boolean " +
			"(True, TRUE, 1, 0): the value Windows should read does not change, only its spelling; a value that is " +
			"no boolean at all is left alone",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		for _, v := range p.Values {
			if v.Spec.Type == StrictBool && v.Value != "true" && v.Value != "false" {
				f := lint.Finding{Pos: v.ValuePos, Message: fmt.Sprintf("%s is %s; expected exactly true or false in lower case, otherwise Windows applies the profile only partly", v.Spec.Name, wording.Quote(v.Raw))}
				if b, ok := v.Bool(); ok {
					f.Edits = v.Replace(strconv.FormatBool(b))
				}
				r.Report(f)
			}
		}
	},
}

var duplicateElement = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN007", Severity: lint.Error,
		Title:    "single-valued elements appear once",
		Fix:      "keep one occurrence of the element and remove the others",
		Citation: cite.XSD,
	},
	Run: func(p *Profile, r *lint.Reporter) {
		for _, d := range p.Duplicates {
			r.Report(lint.Finding{Pos: d.Pos,
				Message: fmt.Sprintf("<%s> appears again in <%s> (first at line %d); expected it once", d.Name, last(d.Parent), d.First.Line),
				Related: []lint.Related{{Pos: d.First, Message: "first " + d.Name}}})
		}
	},
}

// last returns the last element of a path: "NativeProfile" for
// "VPNProfile/NativeProfile".
func last(path string) string {
	return path[strings.LastIndexByte(path, '/')+1:]
}
