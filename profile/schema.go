package profile

import (
	"strings"
	"sync"
)

// ValueType says how Windows reads an element's text.
type ValueType int

// The value types of ProfileXML elements.
const (
	// Complex elements hold other elements.
	Complex ValueType = iota
	// String values are free text.
	String
	// Bool values are true or false (also 1 or 0, in any case).
	Bool
	// StrictBool values must be exactly lower-case true or false:
	// AlwaysOn and RememberCredentials, which Windows applies only partly
	// otherwise.
	StrictBool
	// Int values are decimal integers within [Spec.Min, Spec.Max].
	Int
	// Enum values are one of Spec.Values, compared ignoring case.
	Enum
	// Opaque elements hold content that is not ProfileXML: the vendor's
	// CustomConfiguration and the EapHostConfig in Eap/Configuration.
	Opaque
)

// Spec describes one ProfileXML element: its Name, its value Type, the
// range [Min, Max] of an Int, the Values of an Enum, and the Children of a
// Complex element.
//
// The table below ([Root]) holds every node the VPNv2 CSP documents under
// ./Device/Vendor/MSFT/VPNv2/{ProfileName} and ./User/... (the Windows 11
// nodes missing from the published XSD, and the read-only ones), under the
// names ProfileXML gives them, plus the elements only the XSD has
// (ProfileName, LockDown). ProfileXML names a list node's rows after the
// row: the CSP's AppTriggerList/{id} is AppTrigger,
// DomainNameInformationList/{id} is DomainNameInformation, RouteList/{id}
// is Route, TrafficFilterList/{id} is TrafficFilter and
// NativeProfile/ProtocolList/NativeProtocolList/{id} is
// NativeProfile/ProtocolList/NativeProtocol. Value types, enumerations and
// ranges are the CSP's where it documents them.
type Spec struct {
	Name     string
	Type     ValueType
	Multi    bool // may appear more than once
	Min, Max int64
	Values   []string
	Children []*Spec
	// Text allows character data in a Complex element (TrafficFilter's
	// App may be written as <App>path</App>).
	Text bool
	// ReadOnly marks a node the CSP documents with Get access only (the
	// App/Type of AppTrigger and TrafficFilter, DomainNameInformation's
	// DomainNameType): Windows works the value out itself and returns it
	// when the profile is read back, so a profile may carry it, but the
	// value written is not applied and is not checked.
	ReadOnly bool
}

func str(name string) *Spec        { return &Spec{Name: name, Type: String} }
func boolean(name string) *Spec    { return &Spec{Name: name, Type: Bool} }
func strictBool(name string) *Spec { return &Spec{Name: name, Type: StrictBool} }
func integer(name string, lo, hi int64) *Spec {
	return &Spec{Name: name, Type: Int, Min: lo, Max: hi}
}
func enum(name string, values ...string) *Spec {
	return &Spec{Name: name, Type: Enum, Values: values}
}
func complexSpec(name string, children ...*Spec) *Spec {
	return &Spec{Name: name, Type: Complex, Children: children}
}
func multi(s *Spec) *Spec { s.Multi = true; return s }

// readOnly marks s as a node Windows fills in itself (CSP access Get).
func readOnly(s *Spec) *Spec { s.ReadOnly = true; return s }

const maxUint32 = 4294967295

// Root is the specification of the whole ProfileXML document.
var Root = complexSpec("VPNProfile",
	str("ProfileName"),
	str("EdpModeId"),
	strictBool("RememberCredentials"),
	strictBool("AlwaysOn"),
	boolean("AlwaysOnActive"),
	str("DnsSuffix"),
	str("TrustedNetworkDetection"),
	boolean("DisableAdvancedOptionsEditButton"),
	boolean("DisableDisconnectButton"),
	boolean("LockDown"),
	boolean("DeviceTunnel"),
	boolean("RegisterDNS"),
	boolean("ByPassForLocal"),
	boolean("RequireVpnClientAppUI"),
	complexSpec("Proxy",
		str("AutoConfigUrl"),
		complexSpec("Manual", str("Server"))),
	complexSpec("APNBinding",
		str("ProviderId"), str("AccessPointName"), str("UserName"), str("Password"),
		boolean("IsCompressionEnabled"), str("AuthenticationType")),
	complexSpec("DeviceCompliance",
		boolean("Enabled"),
		complexSpec("Sso", boolean("Enabled"), str("Eku"), str("IssuerHash"))),
	complexSpec("PluginProfile",
		str("ServerUrlList"), str("PluginPackageFamilyName"), str("CustomStoreUrl"),
		&Spec{Name: "CustomConfiguration", Type: Opaque}),
	multi(complexSpec("AppTrigger", complexSpec("App", str("Id"),
		readOnly(enum("Type", "PackageFamilyName", "FilePath"))))),
	multi(complexSpec("DomainNameInformation",
		str("DomainName"), readOnly(enum("DomainNameType", "FQDN", "Suffix")),
		str("DnsServers"), str("WebProxyServers"),
		boolean("AutoTrigger"), boolean("Persistent"))),
	multi(complexSpec("TrafficFilter",
		&Spec{Name: "App", Type: Complex, Text: true, Children: []*Spec{str("Id"),
			readOnly(enum("Type", "PackageFamilyName", "FilePath", "System"))}},
		str("Claims"),
		integer("Protocol", 0, 255),
		str("LocalPortRanges"), str("RemotePortRanges"),
		str("LocalAddressRanges"), str("RemoteAddressRanges"),
		enum("RoutingPolicyType", "SplitTunnel", "ForceTunnel"),
		enum("Direction", "Outbound", "Inbound"))),
	complexSpec("NativeProfile",
		str("Servers"),
		enum("RoutingPolicyType", "SplitTunnel", "ForceTunnel"),
		enum("NativeProtocolType", "PPTP", "L2TP", "IKEv2", "Automatic", "SSTP", "ProtocolList"),
		complexSpec("ProtocolList",
			multi(complexSpec("NativeProtocol", enum("Type", "Pptp", "L2tp", "Ikev2", "Sstp"))),
			integer("RetryTimeInHours", 0, 500000),
			integer("RetryTimeinHours", 0, 500000)),
		str("L2tpPsk"),
		boolean("DisableClassBasedDefaultRoute"),
		boolean("PlumbIKEv2TSAsRoutes"),
		complexSpec("CryptographySuite",
			enum("AuthenticationTransformConstants", "MD596", "SHA196", "SHA256128", "GCMAES128", "GCMAES192", "GCMAES256"),
			enum("CipherTransformConstants", "DES", "DES3", "AES128", "AES192", "AES256", "GCMAES128", "GCMAES192", "GCMAES256"),
			enum("EncryptionMethod", "DES", "DES3", "AES128", "AES192", "AES256", "AES_GCM_128", "AES_GCM_256"),
			enum("IntegrityCheckMethod", "MD5", "SHA196", "SHA256", "SHA384"),
			enum("DHGroup", "None", "Group1", "Group2", "Group14", "ECP256", "ECP384", "Group24"),
			enum("PfsGroup", "None", "PFS1", "PFS2", "PFS2048", "ECP256", "ECP384", "PFSMM", "PFS24")),
		complexSpec("Authentication",
			enum("UserMethod", "EAP", "MSChapv2"),
			enum("MachineMethod", "Certificate", "Eap"),
			complexSpec("Eap",
				&Spec{Name: "Configuration", Type: Opaque},
				integer("Type", 0, 255)),
			complexSpec("Certificate", str("Eku"), str("Issuer")))),
	multi(complexSpec("Route",
		str("Address"),
		integer("PrefixSize", 0, 128),
		boolean("ExclusionRoute"),
		integer("Metric", 0, maxUint32))),
	enum("DataEncryption", "None", "Require", "Max", "Optional"),
	boolean("DisableIKEv2Fragmentation"),
	integer("IPv4InterfaceMetric", 1, 9999),
	integer("IPv6InterfaceMetric", 1, 9999),
	integer("NetworkOutageTime", 0, maxUint32),
	boolean("PrivateNetwork"),
	boolean("UseRasCredentials"),
)

// child returns the child specification called name (exactly).
func (s *Spec) child(name string) *Spec {
	for _, c := range s.Children {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// childIndex returns the index in s.Children of the child called name, or
// -1.
func (s *Spec) childIndex(name string) int {
	for i, c := range s.Children {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// childNames lists the names of s's children.
func (s *Spec) childNames() []string {
	names := make([]string, len(s.Children))
	for i, c := range s.Children {
		names[i] = c.Name
	}
	return names
}

// placesOf returns the paths of the elements where an element called name
// (compared exactly, or ignoring case when fold is set) is known, such as
// "VPNProfile/NativeProfile", and the name as the table spells it.
func placesOf(name string, fold bool) (paths []string, spelled string) {
	idx := schemaIndex()
	hits := idx.byName[name]
	if fold {
		hits = idx.byFold[strings.ToLower(name)]
	}
	for _, i := range hits {
		paths = append(paths, idx.entries[i].path)
		spelled = idx.entries[i].name
	}
	return paths, spelled
}

// schemaEntry is an element of the table and the path of its parent.
type schemaEntry struct{ name, path string }

// index is the element table flattened once, in walk order, with the
// entries of each name, so that an unknown element costs a look-up, not
// a walk of the table.
type index struct {
	entries []schemaEntry
	names   []string
	byName  map[string][]int
	byFold  map[string][]int
}

var schemaIndex = sync.OnceValue(func() *index {
	idx := &index{byName: map[string][]int{}, byFold: map[string][]int{}}
	var walk func(s *Spec, path string)
	walk = func(s *Spec, path string) {
		for _, c := range s.Children {
			i := len(idx.entries)
			idx.entries = append(idx.entries, schemaEntry{c.Name, path})
			idx.names = append(idx.names, c.Name)
			idx.byName[c.Name] = append(idx.byName[c.Name], i)
			idx.byFold[strings.ToLower(c.Name)] = append(idx.byFold[strings.ToLower(c.Name)], i)
			walk(c, path+"/"+c.Name)
		}
	}
	walk(Root, Root.Name)
	return idx
})
