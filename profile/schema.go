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

const maxUint32 = 4294967295

// Root is the specification of the whole ProfileXML document. It is one
// composite literal, which the compiler lays out in the binary: a table
// built by function calls would be built again at every start of the
// program (issue 17).
var Root = &Spec{Name: "VPNProfile", Type: Complex, Children: []*Spec{
	{Name: "ProfileName", Type: String},
	{Name: "EdpModeId", Type: String},
	{Name: "RememberCredentials", Type: StrictBool},
	{Name: "AlwaysOn", Type: StrictBool},
	{Name: "AlwaysOnActive", Type: Bool},
	{Name: "DnsSuffix", Type: String},
	{Name: "TrustedNetworkDetection", Type: String},
	{Name: "DisableAdvancedOptionsEditButton", Type: Bool},
	{Name: "DisableDisconnectButton", Type: Bool},
	{Name: "LockDown", Type: Bool},
	{Name: "DeviceTunnel", Type: Bool},
	{Name: "RegisterDNS", Type: Bool},
	{Name: "ByPassForLocal", Type: Bool},
	{Name: "RequireVpnClientAppUI", Type: Bool},
	{Name: "Proxy", Type: Complex, Children: []*Spec{
		{Name: "AutoConfigUrl", Type: String},
		{Name: "Manual", Type: Complex, Children: []*Spec{
			{Name: "Server", Type: String},
		}},
	}},
	{Name: "APNBinding", Type: Complex, Children: []*Spec{
		{Name: "ProviderId", Type: String},
		{Name: "AccessPointName", Type: String},
		{Name: "UserName", Type: String},
		{Name: "Password", Type: String},
		{Name: "IsCompressionEnabled", Type: Bool},
		{Name: "AuthenticationType", Type: String},
	}},
	{Name: "DeviceCompliance", Type: Complex, Children: []*Spec{
		{Name: "Enabled", Type: Bool},
		{Name: "Sso", Type: Complex, Children: []*Spec{
			{Name: "Enabled", Type: Bool},
			{Name: "Eku", Type: String},
			{Name: "IssuerHash", Type: String},
		}},
	}},
	{Name: "PluginProfile", Type: Complex, Children: []*Spec{
		{Name: "ServerUrlList", Type: String},
		{Name: "PluginPackageFamilyName", Type: String},
		{Name: "CustomStoreUrl", Type: String},
		{Name: "CustomConfiguration", Type: Opaque},
	}},
	{Name: "AppTrigger", Type: Complex, Multi: true, Children: []*Spec{
		{Name: "App", Type: Complex, Children: []*Spec{
			{Name: "Id", Type: String},
			{Name: "Type", Type: Enum, ReadOnly: true, Values: []string{"PackageFamilyName", "FilePath"}},
		}},
	}},
	{Name: "DomainNameInformation", Type: Complex, Multi: true, Children: []*Spec{
		{Name: "DomainName", Type: String},
		{Name: "DomainNameType", Type: Enum, ReadOnly: true, Values: []string{"FQDN", "Suffix"}},
		{Name: "DnsServers", Type: String},
		{Name: "WebProxyServers", Type: String},
		{Name: "AutoTrigger", Type: Bool},
		{Name: "Persistent", Type: Bool},
	}},
	{Name: "TrafficFilter", Type: Complex, Multi: true, Children: []*Spec{
		{Name: "App", Type: Complex, Text: true, Children: []*Spec{
			{Name: "Id", Type: String},
			{Name: "Type", Type: Enum, ReadOnly: true, Values: []string{"PackageFamilyName", "FilePath", "System"}},
		}},
		{Name: "Claims", Type: String},
		{Name: "Protocol", Type: Int, Min: 0, Max: 255},
		{Name: "LocalPortRanges", Type: String},
		{Name: "RemotePortRanges", Type: String},
		{Name: "LocalAddressRanges", Type: String},
		{Name: "RemoteAddressRanges", Type: String},
		{Name: "RoutingPolicyType", Type: Enum, Values: []string{"SplitTunnel", "ForceTunnel"}},
		{Name: "Direction", Type: Enum, Values: []string{"Outbound", "Inbound"}},
	}},
	{Name: "NativeProfile", Type: Complex, Children: []*Spec{
		{Name: "Servers", Type: String},
		{Name: "RoutingPolicyType", Type: Enum, Values: []string{"SplitTunnel", "ForceTunnel"}},
		{Name: "NativeProtocolType", Type: Enum, Values: []string{"PPTP", "L2TP", "IKEv2", "Automatic", "SSTP", "ProtocolList"}},
		{Name: "ProtocolList", Type: Complex, Children: []*Spec{
			{Name: "NativeProtocol", Type: Complex, Multi: true, Children: []*Spec{
				{Name: "Type", Type: Enum, Values: []string{"Pptp", "L2tp", "Ikev2", "Sstp"}},
			}},
			{Name: "RetryTimeInHours", Type: Int, Min: 0, Max: 500000},
			{Name: "RetryTimeinHours", Type: Int, Min: 0, Max: 500000},
		}},
		{Name: "L2tpPsk", Type: String},
		{Name: "DisableClassBasedDefaultRoute", Type: Bool},
		{Name: "PlumbIKEv2TSAsRoutes", Type: Bool},
		{Name: "CryptographySuite", Type: Complex, Children: []*Spec{
			{Name: "AuthenticationTransformConstants", Type: Enum, Values: []string{"MD596", "SHA196", "SHA256128", "GCMAES128", "GCMAES192", "GCMAES256"}},
			{Name: "CipherTransformConstants", Type: Enum, Values: []string{"DES", "DES3", "AES128", "AES192", "AES256", "GCMAES128", "GCMAES192", "GCMAES256"}},
			{Name: "EncryptionMethod", Type: Enum, Values: []string{"DES", "DES3", "AES128", "AES192", "AES256", "AES_GCM_128", "AES_GCM_256"}},
			{Name: "IntegrityCheckMethod", Type: Enum, Values: []string{"MD5", "SHA196", "SHA256", "SHA384"}},
			{Name: "DHGroup", Type: Enum, Values: []string{"None", "Group1", "Group2", "Group14", "ECP256", "ECP384", "Group24"}},
			{Name: "PfsGroup", Type: Enum, Values: []string{"None", "PFS1", "PFS2", "PFS2048", "ECP256", "ECP384", "PFSMM", "PFS24"}},
		}},
		{Name: "Authentication", Type: Complex, Children: []*Spec{
			{Name: "UserMethod", Type: Enum, Values: []string{"EAP", "MSChapv2"}},
			{Name: "MachineMethod", Type: Enum, Values: []string{"Certificate", "Eap"}},
			{Name: "Eap", Type: Complex, Children: []*Spec{
				{Name: "Configuration", Type: Opaque},
				{Name: "Type", Type: Int, Min: 0, Max: 255},
			}},
			{Name: "Certificate", Type: Complex, Children: []*Spec{
				{Name: "Eku", Type: String},
				{Name: "Issuer", Type: String},
			}},
		}},
	}},
	{Name: "Route", Type: Complex, Multi: true, Children: []*Spec{
		{Name: "Address", Type: String},
		{Name: "PrefixSize", Type: Int, Min: 0, Max: 128},
		{Name: "ExclusionRoute", Type: Bool},
		{Name: "Metric", Type: Int, Min: 0, Max: maxUint32},
	}},
	{Name: "DataEncryption", Type: Enum, Values: []string{"None", "Require", "Max", "Optional"}},
	{Name: "DisableIKEv2Fragmentation", Type: Bool},
	{Name: "IPv4InterfaceMetric", Type: Int, Min: 1, Max: 9999},
	{Name: "IPv6InterfaceMetric", Type: Int, Min: 1, Max: 9999},
	{Name: "NetworkOutageTime", Type: Int, Min: 0, Max: maxUint32},
	{Name: "PrivateNetwork", Type: Bool},
	{Name: "UseRasCredentials", Type: Bool},
}}

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
