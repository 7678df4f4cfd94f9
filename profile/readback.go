package profile

import (
	"cmp"
	"github.com/aovpnlint/aovpnlint/internal/cite"
	"slices"
	"strings"

	"github.com/aovpnlint/aovpnlint/lint"
)

// readBackTop is the order in which Windows returns the children of
// VPNProfile when the profile is read back (MDM_VPNv2_01), as Microsoft's
// read-back listings and practitioners' Intune-compatible samples show it.
// NativeProfile and PluginProfile share a place. Elements not listed have
// no documented place and are not compared.
var readBackTop = [][]string{
	{"RememberCredentials"}, {"AlwaysOn"}, {"DeviceCompliance"}, {"DeviceTunnel"}, {"DnsSuffix"},
	{"TrustedNetworkDetection"}, {"DisableAdvancedOptionsEditButton"}, {"DisableDisconnectButton"}, {"Proxy"},
	{"NativeProfile", "PluginProfile"}, {"Route"}, {"TrafficFilter"}, {"DomainNameInformation"}, {"RegisterDNS"},
	{"NetworkOutageTime"}, {"IPv4InterfaceMetric"}, {"IPv6InterfaceMetric"}, {"UseRasCredentials"},
	{"DataEncryption"}, {"PrivateNetwork"}, {"DisableIKEv2Fragmentation"},
}

// readBackNative is the read-back order of the children of NativeProfile.
var readBackNative = [][]string{
	{"Servers"}, {"RoutingPolicyType"}, {"NativeProtocolType"}, {"Authentication"}, {"CryptographySuite"},
	{"DisableClassBasedDefaultRoute"},
}

var readBackOrder = &lint.Check[*Deployment]{
	Rule: lint.Rule{
		ID: "VPN062", Severity: lint.Info,
		Title:         "with --target intune, the profile is written the way Windows reads it back",
		Fix:           "reorder the elements as Windows returns them, write Servers as host;host, and add MachineMethod Eap next to UserMethod EAP",
		WindowsErrors: []string{"compliance error"},
		Citation:      cite.CSP + " (read-back listings); Richard Hicks, Always On VPN and Intune on Windows 11 (practitioner guidance)",
		Doc: "Intune compares the profile it sent with what Windows reads back; on Windows 11 a difference makes the " +
			"profile report as failed although it works. Windows returns VPNProfile's children in the order " +
			"RememberCredentials, AlwaysOn, DeviceCompliance, DeviceTunnel, DnsSuffix, TrustedNetworkDetection, " +
			"DisableAdvancedOptionsEditButton, DisableDisconnectButton, Proxy, NativeProfile (or PluginProfile), Route, " +
			"TrafficFilter, DomainNameInformation, RegisterDNS, NetworkOutageTime, IPv4InterfaceMetric, " +
			"IPv6InterfaceMetric, UseRasCredentials, DataEncryption, PrivateNetwork, DisableIKEv2Fragmentation; " +
			"NativeProfile's as Servers, RoutingPolicyType, NativeProtocolType, Authentication, CryptographySuite, " +
			"DisableClassBasedDefaultRoute; Authentication's as UserMethod, MachineMethod, Eap. Other elements are not " +
			"compared. Windows also writes each Servers entry as host;friendly-name and adds MachineMethod Eap next to " +
			"UserMethod EAP. Checked only with --target intune.",
	},
	Run: func(in *Deployment, r *lint.Reporter) {
		p := in.Profile
		if p == nil || !strings.EqualFold(in.Target, "intune") {
			return
		}
		checkOrder(r, "VPNProfile", p.Order, readBackTop)
		np := p.NativeProfile
		if np == nil {
			return
		}
		checkOrder(r, "NativeProfile", np.Order, readBackNative)
		if a := np.Authentication; a != nil {
			var order []Element
			for _, e := range []struct {
				name string
				pos  lint.Pos
				ok   bool
			}{{"UserMethod", a.UserMethod.Pos, a.UserMethod.Present}, {"MachineMethod", a.MachineMethod.Pos, a.MachineMethod.Present}, {"Eap", posOf(a.Eap), a.Eap != nil}} {
				if e.ok {
					order = append(order, Element{Name: e.name, Pos: e.pos})
				}
			}
			sortByPos(order)
			checkOrder(r, "Authentication", order, [][]string{{"UserMethod"}, {"MachineMethod"}, {"Eap"}})
			if a.UserMethod.Is("EAP") && !a.MachineMethod.Present {
				r.Reportf(a.UserMethod.Pos, "UserMethod EAP without MachineMethod: Windows reads the profile back with MachineMethod Eap added, which Intune reports as a difference; expected <MachineMethod>Eap</MachineMethod>")
			}
		}
		s := np.Servers
		for _, e := range s.Entries(",") {
			if !strings.Contains(e.Value, ";") {
				r.Reportf(s.PosAt(e.Offset), "Servers entry %s has no friendly name: Windows reads it back as %s;%s, which Intune reports as a difference; expected %s;%s", e.Value, e.Value, e.Value, e.Value, e.Value)
			}
		}
	},
}

func posOf(e *Eap) lint.Pos {
	if e == nil {
		return lint.Pos{}
	}
	return e.Pos
}

func sortByPos(es []Element) {
	slices.SortFunc(es, func(a, b Element) int {
		return cmp.Or(cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col))
	})
}

// checkOrder reports each element that comes after one Windows returns
// after it.
func checkOrder(r *lint.Reporter, parent string, order []Element, want [][]string) {
	rank := map[string]int{}
	for i, names := range want {
		for _, n := range names {
			rank[n] = i + 1
		}
	}
	var latest Element
	for _, e := range order {
		k := rank[e.Name]
		if k == 0 {
			continue
		}
		if k < rank[latest.Name] {
			r.Reportf(e.Pos, "<%s> comes after <%s> (line %d) in <%s>; Windows reads the profile back with %s first, which Intune reports as a difference", e.Name, latest.Name, latest.Pos.Line, parent, e.Name)
			continue
		}
		latest = e
	}
}
