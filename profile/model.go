// Package profile models a VPNv2 ProfileXML document and checks it.
//
// [Parse] reads a parsed document against the element table of the VPNv2
// CSP ([Root]) in any element order, the way Windows does, and returns a
// [Profile]: typed, positioned values for every element, the parsed
// EapHostConfig (written literally or HTML-escaped in Eap/Configuration),
// and the elements Windows would ignore (unknown, misplaced, repeated),
// which count as absent for every other rule, as they do for Windows.
//
// [Checks] lists the profile rules and [DeploymentChecks] those that depend
// on where the profile is deployed ([Options]); [Lint] runs them, together
// with the EAP rules of package eapxml on the embedded EapHostConfig. The
// rules that compare the profile with certificates live in package
// crosscheck.
package profile

import (
	"github.com/aovpnlint/aovpnlint/eapxml"
	"github.com/aovpnlint/aovpnlint/internal/xmlval"
	"github.com/aovpnlint/aovpnlint/lint"
)

// Text is the text of an element with its position; the zero value means
// absent.
type Text = xmlval.Text

// Profile is a ProfileXML document. Each Text field holds the child of
// VPNProfile of the same name (spelled as Go spells initialisms: DNSSuffix
// for DnsSuffix, EdpModeID for EdpModeId); it is zero when the element is
// absent, unknown or misplaced.
type Profile struct {
	// Pos is the root element's start tag; RootName and RootSpace are its
	// local name and namespace URI.
	Pos       lint.Pos
	RootName  string
	RootSpace string

	ProfileName                      Text
	EdpModeID                        Text
	RememberCredentials              Text
	AlwaysOn                         Text
	AlwaysOnActive                   Text
	DNSSuffix                        Text
	TrustedNetworkDetection          Text
	DisableAdvancedOptionsEditButton Text
	DisableDisconnectButton          Text
	LockDown                         Text
	DeviceTunnel                     Text
	RegisterDNS                      Text
	ByPassForLocal                   Text
	RequireVpnClientAppUI            Text
	Proxy                            *Proxy
	APNBinding                       *Block
	DeviceCompliance                 *DeviceCompliance
	PluginProfile                    *PluginProfile
	NativeProfile                    *NativeProfile
	AppTriggers                      []AppTrigger
	DomainNameInformation            []DomainNameInformation
	TrafficFilters                   []TrafficFilter
	Routes                           []Route
	DataEncryption                   Text
	DisableIKEv2Fragmentation        Text
	IPv4InterfaceMetric              Text
	IPv6InterfaceMetric              Text
	NetworkOutageTime                Text
	PrivateNetwork                   Text
	UseRasCredentials                Text

	// Values lists every element with a typed value (boolean, integer,
	// enumeration), in document order, for the value rules.
	Values []Value
	// Unknown lists elements whose names are not known at their place.
	Unknown []Unknown
	// Misplaced lists known elements under the wrong parent.
	Misplaced []Misplaced
	// Duplicates lists second and later occurrences of single-valued
	// elements.
	Duplicates []Duplicate
	// StrayText lists non-space text inside elements that hold only
	// elements (such as the '>' left by a "-->>" typo).
	StrayText []Text
	// Order lists the children of VPNProfile in document order.
	Order []Element
}

// Block is a complex element known only by its presence; Pos is its start
// tag.
type Block struct{ Pos lint.Pos }

// Element names an element (Name) and where its start tag is (Pos).
type Element struct {
	Name string
	Pos  lint.Pos
}

// Value is an element with a typed value and the specification it
// follows.
type Value struct {
	Text
	// Path is the element's path, such as
	// "VPNProfile/NativeProfile/NativeProtocolType".
	Path string
	Spec *Spec
}

// Unknown is an element whose name is not known at its place.
type Unknown struct {
	Element
	// Space is the element's namespace URI; ProfileXML elements have
	// none.
	Space string
	// Parent is the path of the element it was found in.
	Parent string
	// Suggest is the closest known name, with Where it is known when that
	// is not Parent. CaseOnly marks a name that differs from it only by
	// case.
	Suggest  string
	Where    string
	CaseOnly bool
	// Edits rename the element to Suggest, when it is known at its place
	// under that name and the rename makes no duplicate (see package lint's
	// Edit); nil otherwise.
	Edits []lint.Edit
}

// Misplaced is a known element under the wrong parent.
type Misplaced struct {
	Element
	// Parent is the path it was found in; BelongsIn the paths where it is
	// known.
	Parent    string
	BelongsIn []string
	// Edits move the element under the one parent it belongs in, when
	// that parent is a single element that exists and holds no element of
	// the same name yet; nil otherwise.
	Edits []lint.Edit
}

// Duplicate is a repeated single-valued element; First is where the one
// Windows reads is.
type Duplicate struct {
	Element
	Parent string
	First  lint.Pos
}

// Proxy is the Proxy block.
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type Proxy struct {
	Pos           lint.Pos
	AutoConfigURL Text
	Manual        *Block
	ManualServer  Text
}

// DeviceCompliance is the Entra Conditional Access block.
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type DeviceCompliance struct {
	Pos     lint.Pos
	Enabled Text
	Sso     *Sso
}

// Sso selects the certificate used for Kerberos single sign-on.
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type Sso struct {
	Pos        lint.Pos
	Enabled    Text
	Eku        Text
	IssuerHash Text
}

// PluginProfile configures a third-party (UWP plug-in) VPN client.
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type PluginProfile struct {
	Pos                     lint.Pos
	ServerURLList           Text
	PluginPackageFamilyName Text
	CustomStoreURL          Text
	CustomConfiguration     Text
}

// NativeProfile configures the built-in VPN client.
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type NativeProfile struct {
	Pos                           lint.Pos
	Servers                       Text
	RoutingPolicyType             Text
	NativeProtocolType            Text
	ProtocolList                  *ProtocolList
	L2tpPsk                       Text
	DisableClassBasedDefaultRoute Text
	PlumbIKEv2TSAsRoutes          Text
	CryptographySuite             *CryptographySuite
	Authentication                *Authentication
	// Order lists the children of NativeProfile in document order.
	Order []Element
}

// ProtocolList lists the protocols tried in order.
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type ProtocolList struct {
	Pos              lint.Pos
	Protocols        []Text
	RetryTimeInHours Text
}

// CryptographySuite is the custom IKEv2/IPsec policy.
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type CryptographySuite struct {
	Pos                              lint.Pos
	AuthenticationTransformConstants Text
	CipherTransformConstants         Text
	EncryptionMethod                 Text
	IntegrityCheckMethod             Text
	DHGroup                          Text
	PfsGroup                         Text
}

// Authentication says how the user or device authenticates.
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type Authentication struct {
	Pos           lint.Pos
	UserMethod    Text
	MachineMethod Text
	Eap           *Eap
}

// Eap is the Eap block of Authentication.
type Eap struct {
	Pos lint.Pos
	// Configuration is the Configuration element (Present when it exists).
	Configuration Text
	// Config is the EapHostConfig found in Configuration, written as
	// elements or as escaped text; nil when there is none.
	Config *eapxml.Config
	// Escaped reports that Config was read from escaped text.
	Escaped bool
	// Placeholder reports a Configuration holding only comments and white
	// space, the way templates leave it.
	Placeholder bool
	// Commented reports a placeholder that holds a comment.
	Commented bool
	// Malformed reports escaped text that is not well-formed XML (IN001
	// says where).
	Malformed bool
	Type      Text
}

// AppTrigger starts the VPN when an app starts.
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type AppTrigger struct {
	Pos lint.Pos
	App Text
}

// DomainNameInformation is a Name Resolution Policy Table rule.
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type DomainNameInformation struct {
	Pos             lint.Pos
	DomainName      Text
	DNSServers      Text
	WebProxyServers Text
	AutoTrigger     Text
	Persistent      Text
}

// TrafficFilter is one traffic filter rule.
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type TrafficFilter struct {
	Pos lint.Pos
	// App is App/Id, or the text of App when it is written flat.
	App                 Text
	Claims              Text
	Protocol            Text
	LocalPortRanges     Text
	RemotePortRanges    Text
	LocalAddressRanges  Text
	RemoteAddressRanges Text
	RoutingPolicyType   Text
	Direction           Text
}

// Route is a route through (or, with ExclusionRoute, around) the tunnel.
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type Route struct {
	Pos            lint.Pos
	Address        Text
	PrefixSize     Text
	ExclusionRoute Text
	Metric         Text
}
