package profile_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/profile"
)

// cspNodes lists every node the VPNv2 CSP documents under
// ./Device/Vendor/MSFT/VPNv2/{ProfileName} and ./User/Vendor/MSFT/VPNv2/{ProfileName}
// (the headings of https://learn.microsoft.com/windows/client-management/mdm/vpnv2-csp,
// page dated 05/11/2023), spelled as the CSP spells them, with the format
// and allowed values its "Description framework properties" and "Allowed
// values" tables give:
//
//	node         a node holding other nodes
//	chr          a string
//	bool         a boolean
//	int          an integer, [lo-hi] when the CSP gives a range
//	enum a|b|c   a string with allowed values (listed in the page's tables
//	             or, for Direction and the App/Type nodes, in the text)
//
// ProfileXML is left out: it is the node that carries the document.
var cspNodes = []struct{ path, format string }{
	{"AlwaysOn", "bool"},
	{"AlwaysOnActive", "bool"},
	{"APNBinding", "node"},
	{"APNBinding/AccessPointName", "chr"},
	{"APNBinding/AuthenticationType", "chr"},
	{"APNBinding/IsCompressionEnabled", "bool"},
	{"APNBinding/Password", "chr"},
	{"APNBinding/ProviderId", "chr"},
	{"APNBinding/UserName", "chr"},
	{"AppTriggerList/{appTriggerRowId}", "node"},
	{"AppTriggerList/{appTriggerRowId}/App", "node"},
	{"AppTriggerList/{appTriggerRowId}/App/Id", "chr"},
	{"AppTriggerList/{appTriggerRowId}/App/Type", "enum PackageFamilyName|FilePath"}, // Get only
	{"ByPassForLocal", "bool"},
	{"DataEncryption", "enum None|Require|Max|Optional"},
	{"DeviceCompliance", "node"},
	{"DeviceCompliance/Enabled", "bool"},
	{"DeviceCompliance/Sso", "node"},
	{"DeviceCompliance/Sso/Eku", "chr"},
	{"DeviceCompliance/Sso/Enabled", "bool"},
	{"DeviceCompliance/Sso/IssuerHash", "chr"},
	{"DeviceTunnel", "bool"},
	{"DisableAdvancedOptionsEditButton", "bool"},
	{"DisableDisconnectButton", "bool"},
	{"DisableIKEv2Fragmentation", "bool"},
	{"DnsSuffix", "chr"},
	{"DomainNameInformationList/{dniRowId}", "node"},
	{"DomainNameInformationList/{dniRowId}/AutoTrigger", "bool"},
	{"DomainNameInformationList/{dniRowId}/DnsServers", "chr"},
	{"DomainNameInformationList/{dniRowId}/DomainName", "chr"},
	{"DomainNameInformationList/{dniRowId}/DomainNameType", "enum FQDN|Suffix"}, // Get only
	{"DomainNameInformationList/{dniRowId}/Persistent", "bool"},
	{"DomainNameInformationList/{dniRowId}/WebProxyServers", "chr"},
	{"EdpModeId", "chr"},
	{"IPv4InterfaceMetric", "int [1-9999]"},
	{"IPv6InterfaceMetric", "int [1-9999]"},
	{"NativeProfile", "node"},
	{"NativeProfile/Authentication", "node"},
	{"NativeProfile/Authentication/Certificate", "node"},
	{"NativeProfile/Authentication/Certificate/Eku", "chr"},
	{"NativeProfile/Authentication/Certificate/Issuer", "chr"},
	{"NativeProfile/Authentication/Eap", "node"},
	{"NativeProfile/Authentication/Eap/Configuration", "chr"}, // the EapHostConfig
	{"NativeProfile/Authentication/Eap/Type", "int"},
	{"NativeProfile/Authentication/MachineMethod", "enum Certificate"},
	{"NativeProfile/Authentication/UserMethod", "enum EAP|MSChapv2"},
	{"NativeProfile/CryptographySuite", "node"},
	{"NativeProfile/CryptographySuite/AuthenticationTransformConstants", "enum MD596|SHA196|SHA256128|GCMAES128|GCMAES192|GCMAES256"},
	{"NativeProfile/CryptographySuite/CipherTransformConstants", "enum DES|DES3|AES128|AES192|AES256|GCMAES128|GCMAES192|GCMAES256"},
	{"NativeProfile/CryptographySuite/DHGroup", "enum None|Group1|Group2|Group14|ECP256|ECP384|Group24"},
	{"NativeProfile/CryptographySuite/EncryptionMethod", "enum DES|DES3|AES128|AES192|AES256|AES_GCM_128|AES_GCM_256"},
	{"NativeProfile/CryptographySuite/IntegrityCheckMethod", "enum MD5|SHA196|SHA256|SHA384"},
	{"NativeProfile/CryptographySuite/PfsGroup", "enum None|PFS1|PFS2|PFS2048|ECP256|ECP384|PFSMM|PFS24"},
	{"NativeProfile/DisableClassBasedDefaultRoute", "bool"},
	{"NativeProfile/L2tpPsk", "chr"},
	{"NativeProfile/NativeProtocolType", "enum PPTP|L2TP|IKEv2|Automatic|SSTP|ProtocolList"},
	{"NativeProfile/PlumbIKEv2TSAsRoutes", "bool"},
	{"NativeProfile/ProtocolList", "node"},
	{"NativeProfile/ProtocolList/NativeProtocolList/{NativeProtocolRowId}", "node"},
	{"NativeProfile/ProtocolList/NativeProtocolList/{NativeProtocolRowId}/Type", "enum Pptp|L2tp|Ikev2|Sstp"},
	{"NativeProfile/ProtocolList/RetryTimeInHours", "int [0-500000]"}, // "Default 168, max 500000"
	{"NativeProfile/RoutingPolicyType", "enum SplitTunnel|ForceTunnel"},
	{"NativeProfile/Servers", "chr"},
	{"NetworkOutageTime", "int [0-4294967295]"},
	{"PluginProfile", "node"},
	{"PluginProfile/CustomConfiguration", "chr"}, // the vendor's XML
	{"PluginProfile/PluginPackageFamilyName", "chr"},
	{"PluginProfile/ServerUrlList", "chr"},
	{"PrivateNetwork", "bool"},
	{"Proxy", "node"},
	{"Proxy/AutoConfigUrl", "chr"},
	{"Proxy/Manual", "node"},
	{"Proxy/Manual/Server", "chr"},
	{"RegisterDNS", "bool"},
	{"RememberCredentials", "bool"},
	{"RequireVpnClientAppUI", "bool"}, // ./User only
	{"RouteList/{routeRowId}", "node"},
	{"RouteList/{routeRowId}/Address", "chr"},
	{"RouteList/{routeRowId}/ExclusionRoute", "bool"},
	{"RouteList/{routeRowId}/Metric", "int"},
	// The CSP gives [0-4294967295]; the XSD types it xs:unsignedByte and
	// aovpnlint accepts 0 to 128, the longest IPv6 prefix.
	{"RouteList/{routeRowId}/PrefixSize", "int [0-128]"},
	{"TrafficFilterList/{trafficFilterId}", "node"},
	{"TrafficFilterList/{trafficFilterId}/App", "node"},
	{"TrafficFilterList/{trafficFilterId}/App/Id", "chr"},
	{"TrafficFilterList/{trafficFilterId}/App/Type", "enum PackageFamilyName|FilePath|System"}, // Get only
	{"TrafficFilterList/{trafficFilterId}/Claims", "chr"},
	{"TrafficFilterList/{trafficFilterId}/Direction", "enum Outbound|Inbound"},
	{"TrafficFilterList/{trafficFilterId}/LocalAddressRanges", "chr"},
	{"TrafficFilterList/{trafficFilterId}/LocalPortRanges", "chr"},
	{"TrafficFilterList/{trafficFilterId}/Protocol", "int [0-255]"},
	{"TrafficFilterList/{trafficFilterId}/RemoteAddressRanges", "chr"},
	{"TrafficFilterList/{trafficFilterId}/RemotePortRanges", "chr"},
	{"TrafficFilterList/{trafficFilterId}/RoutingPolicyType", "enum SplitTunnel|ForceTunnel"},
	{"TrustedNetworkDetection", "chr"},
	{"UseRasCredentials", "bool"},
}

// cspReadOnly lists the nodes the CSP documents with Get access only
// among those a ProfileXML element stands for (list and interior nodes
// such as AppTriggerList are Get only too, but ProfileXML has no element
// for the list itself).
var cspReadOnly = []string{
	"AppTriggerList/{appTriggerRowId}/App/Type",
	"DomainNameInformationList/{dniRowId}/DomainNameType",
	"TrafficFilterList/{trafficFilterId}/App/Type",
}

// xsdOnly lists the elements of the ProfileXML XSD (the same CSP page)
// that are not CSP nodes.
var xsdOnly = []string{"ProfileName", "LockDown"}

// profileXMLPath turns a CSP node path into the path of its ProfileXML
// element: a list row is named after the row.
func profileXMLPath(csp string) string {
	for _, r := range []struct{ from, to string }{
		{"AppTriggerList/{appTriggerRowId}", "AppTrigger"},
		{"DomainNameInformationList/{dniRowId}", "DomainNameInformation"},
		{"RouteList/{routeRowId}", "Route"},
		{"TrafficFilterList/{trafficFilterId}", "TrafficFilter"},
		{"ProtocolList/NativeProtocolList/{NativeProtocolRowId}", "ProtocolList/NativeProtocol"},
	} {
		csp = strings.Replace(csp, r.from, r.to, 1)
	}
	return csp
}

// lookup follows path from the root of the element table.
func lookup(path string) *profile.Spec {
	s := profile.Root
	for _, name := range strings.Split(path, "/") {
		i := slices.IndexFunc(s.Children, func(c *profile.Spec) bool { return c.Name == name })
		if i < 0 {
			return nil
		}
		s = s.Children[i]
	}
	return s
}

// TestSchemaCoversCSP holds the element table to the CSP: every node the
// CSP documents is known at the place ProfileXML gives it, with the
// CSP's value type, allowed values and range, and the read-only nodes
// are marked so.
func TestSchemaCoversCSP(t *testing.T) {
	for _, n := range cspNodes {
		path := profileXMLPath(n.path)
		s := lookup(path)
		if s == nil {
			t.Errorf("CSP node %s: no element VPNProfile/%s in profile.Root", n.path, path)
			continue
		}
		if msg := sameFormat(s, n.format); msg != "" {
			t.Errorf("CSP node %s (%s): %s", n.path, n.format, msg)
		}
		if want := slices.Contains(cspReadOnly, n.path); s.ReadOnly != want {
			t.Errorf("CSP node %s: ReadOnly is %v; the CSP documents it with %s", n.path, s.ReadOnly, map[bool]string{true: "Get access only", false: "Add and Replace access"}[want])
		}
	}
	for _, name := range xsdOnly {
		if lookup(name) == nil {
			t.Errorf("XSD element %s is not in profile.Root", name)
		}
	}
}

// sameFormat compares s with a format of cspNodes and describes the first
// difference; "" when they agree.
func sameFormat(s *profile.Spec, format string) string {
	kind, rest, _ := strings.Cut(format, " ")
	switch kind {
	case "node":
		if s.Type != profile.Complex {
			return "expected an element that holds elements"
		}
	case "chr":
		// A string, or content that is not ProfileXML (the EapHostConfig,
		// the vendor's CustomConfiguration).
		if s.Type != profile.String && s.Type != profile.Opaque {
			return "expected a string"
		}
	case "bool":
		if s.Type != profile.Bool && s.Type != profile.StrictBool {
			return "expected a boolean"
		}
	case "int":
		if s.Type != profile.Int {
			return "expected an integer"
		}
		if rest == "" {
			return ""
		}
		lo, hi, _ := strings.Cut(strings.Trim(rest, "[]"), "-")
		if strconv.FormatInt(s.Min, 10) != lo || strconv.FormatInt(s.Max, 10) != hi {
			return "range is [" + strconv.FormatInt(s.Min, 10) + "-" + strconv.FormatInt(s.Max, 10) + "]"
		}
	case "enum":
		if s.Type != profile.Enum {
			return "expected an enumeration"
		}
		// Every value the CSP allows is accepted (compared ignoring case,
		// as Windows does); the table may accept more, such as the
		// MachineMethod Eap Windows writes back.
		for _, v := range strings.Split(rest, "|") {
			if !slices.ContainsFunc(s.Values, func(w string) bool { return strings.EqualFold(v, w) }) {
				return v + " is not among the values " + strings.Join(s.Values, ", ")
			}
		}
	default:
		return "unknown format in the test's table"
	}
	return ""
}
