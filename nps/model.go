package nps

import (
	"github.com/aovpnlint/aovpnlint/internal/xmlval"
	"github.com/aovpnlint/aovpnlint/lint"
)

// Text is a value read from the export: its text and where it is. The
// zero value means the element is absent.
type Text = xmlval.Text

// Export is an NPS configuration export, read into the parts the rules and
// the cross-checks need. Every value keeps its position. RADIUS shared
// secrets are never read: a client or remote server records only whether
// it has one.
type Export struct {
	// Pos is the root element's start tag.
	Pos lint.Pos
	// Version is the export's Version element (257 in every known export).
	Version Text
	// HasService reports whether the export has the
	// Microsoft_Internet_Authentication_Service element that holds
	// everything else; without it nothing was read.
	HasService bool
	// NetworkPolicies are the network policies in document order, each
	// paired with its RadiusProfiles entry; [Export.EvaluationOrder]
	// sorts them as NPS walks them.
	NetworkPolicies []*Policy
	// RequestPolicies are the connection request policies (Proxy_Policies)
	// in document order, each paired with its Proxy_Profiles entry.
	RequestPolicies []*Policy
	// HasNetworkSection and HasRequestSection report whether the export
	// has the NetworkPolicy and Proxy_Policies elements at all: a rule
	// that finds no policy says nothing about a section that is missing.
	HasNetworkSection, HasRequestSection bool
	// NetworkSection and RequestSection are the positions of those
	// elements (the root's when missing).
	NetworkSection, RequestSection lint.Pos
	// Clients are the RADIUS clients in document order.
	Clients []*Client
	// RemoteServers are the members of the remote RADIUS server groups.
	RemoteServers []*RemoteServer
	// Problems are what the reader could not read or interpret, in
	// document order; each kind has its rule.
	Problems []Problem

	// work counts the subset tests of the shadow search, for the tests
	// that bound it.
	work int
}

// Kind says whether a policy is a network policy or a connection request
// policy.
type Kind int

// The kinds of policy.
const (
	// Network is a network policy (NetworkPolicy and RadiusProfiles).
	Network Kind = iota + 1
	// Request is a connection request policy (Proxy_Policies and
	// Proxy_Profiles).
	Request
)

// Policy is a network policy or a connection request policy.
type Policy struct {
	Kind Kind
	// Name is the policy's name attribute, the name NPS shows. The
	// element's tag is a sanitised copy that may repeat among siblings
	// and is never used.
	Name Text
	// Pos is the policy element's start tag.
	Pos lint.Pos
	// Index is the policy's place among the policies of its kind in
	// document order, from 0.
	Index int
	// Enabled is Policy_Enabled ("Policy State"); absent means enabled.
	Enabled Text
	// Order is msNPSequence, the processing order: lowest first.
	Order Text
	// SourceTag is Policy_SourceTag, the type of network access server;
	// only 0 (unspecified) is interpreted.
	SourceTag Text
	// Conditions are the msNPConstraint values, all of which must match.
	Conditions []Condition
	// Profile holds the policy's settings: the RadiusProfiles (or
	// Proxy_Profiles) entry of the same name; nil when there is none.
	Profile *Profile

	// order and orderOK are Order read as a number.
	order   int64
	orderOK bool
	// vpn is how the policy's conditions meet a VPN request.
	vpn VPNMatch
	// shadow is the first policy tried before this one that matches every
	// VPN request this one matches (see Export.Shadow).
	shadow *Policy
}

// Condition is one msNPConstraint value: a function call such as
// MATCH("NAS-Port-Type=^5$"), NTGROUPS("S-1-5-21-...") or
// TIMEOFDAY("0 00:00-24:00; ...").
type Condition struct {
	// Text is the value as written.
	Text Text
	// Func is the function name in upper case (MATCH, NTGROUPS,
	// USERNTGROUPS, MACHINENTGROUPS, TIMEOFDAY, ...); empty when the value
	// is not a function call.
	Func string
	// Attribute is, for MATCH, the request attribute before '='
	// (NAS-Port-Type); Pattern is the regular expression after it. For
	// the other functions Attribute is empty and Pattern is the argument.
	Attribute, Pattern string
	// VPN says whether a VPN request meets the condition.
	VPN Match
	// ForVPN reports whether the condition singles out VPN requests: a
	// NAS-Port-Type that matches Virtual (5), an MS-RAS-Vendor that
	// matches Microsoft (311), or any Tunnel-Type.
	ForVPN bool

	// k identifies the condition when two policies are compared (see
	// key).
	k string
}

// Match says whether a VPN request meets a condition or a policy.
type Match int

// The answers, from the most to the least certain.
const (
	// No: the request certainly does not meet it (NAS-Port-Type ^19$).
	No Match = iota + 1
	// Maybe: it depends on what the export does not say (the user's
	// groups, the RADIUS client's address, the time of day).
	Maybe
	// Yes: every VPN request meets it.
	Yes
)

// String returns "no", "maybe" or "yes".
func (m Match) String() string {
	switch m {
	case No:
		return "no"
	case Maybe:
		return "maybe"
	case Yes:
		return "yes"
	}
	return "unknown"
}

// VPNMatch is how a policy's conditions meet a VPN request.
type VPNMatch struct {
	// Match is Yes when every condition is met, No when one is not, Maybe
	// otherwise.
	Match Match
	// ForVPN reports whether a condition singles out VPN requests (see
	// [Condition].ForVPN).
	ForVPN bool
	// ByTag reports whether only Policy_SourceTag, whose values are not
	// documented, may make the policy one for VPN: it is not 0 and no
	// condition names VPN.
	ByTag bool
}

// Profile is the settings of a policy: a RadiusProfiles entry (network
// policy) or a Proxy_Profiles entry (connection request policy).
type Profile struct {
	Name Text
	Pos  lint.Pos
	// AllowDialin is msNPAllowDialin, the Access Permission: 1 grants
	// access, 0 denies it.
	AllowDialin Text
	// IgnoreDialin is msIgnoreUserDialinProperties: 1 ignores the user
	// account's dial-in properties; absent or 0 lets them decide.
	IgnoreDialin Text
	// AuthTypes are the msNPAuthenticationType2 values, in order.
	AuthTypes []AuthType
	// EAPTypes are the msNPAllowedEapType values: the allowed outer EAP
	// methods, in order.
	EAPTypes []EAPType
	// EAPConfigs are the msEAPConfiguration values, decoded.
	EAPConfigs []*EAPConfig
	// CertificateOIDs are the Allowed-Certificate-OID values: the purpose
	// OIDs a client certificate must carry for EAP-TLS and PEAP-TLS.
	CertificateOIDs []CertificateOID
	// OverrideAuth is msOverrideRAPAuth (connection request policies):
	// 1 when the policy's own authentication methods replace the network
	// policy's (a reading of an attribute documented as reserved).
	OverrideAuth Text
	// AuthProvider is msAuthProviderType (connection request policies):
	// 1 authenticates on this server.
	AuthProvider Text
}

// AuthType is one msNPAuthenticationType2 value.
type AuthType struct {
	Text Text
	// Value is the number, 0 when it does not read as one.
	Value int
}

// The msNPAuthenticationType2 values (Win32 NPS SDO documentation,
// sdo-np-authentication-type).
const (
	AuthPAP              = 1
	AuthMD5CHAP          = 2
	AuthMSCHAP           = 3
	AuthMSCHAPv2         = 4
	AuthEAP              = 5
	AuthARAP             = 6
	AuthUnauthenticated  = 7
	AuthCustom           = 8
	AuthMSCHAPPassword   = 9
	AuthMSCHAPv2Password = 10
	AuthPEAP             = 11
)

// The EAP method types the reader knows (IANA EAP registry; Windows
// names).
const (
	EAPMD5      = 4
	EAPTLS      = 13
	EAPPEAP     = 25
	EAPMSCHAPv2 = 26
)

// EAPType is one msNPAllowedEapType value: an allowed outer EAP method.
type EAPType struct {
	Text Text
	// Type is the EAP type (byte 0 of the 16-byte method identity); 0
	// when the value could not be read.
	Type int
	// Read reports whether the value has the known 16-byte layout.
	Read bool
}

// EAPConfig is one msEAPConfiguration value: the server side settings of
// one EAP method, decoded from bin.hex.
type EAPConfig struct {
	// Text is the element and its hex text.
	Text Text
	// Type is the EAP method the settings are for (byte 0); 0 when the
	// value is not hex or shorter than the 20-byte header.
	Type int
	// Understood reports whether the bytes follow the layout known for
	// Type and were read completely: the fields below are then set. A
	// value that is not understood has a problem in [Export].Problems.
	Understood bool
	// Thumbprint is the SHA-1 thumbprint of the certificate NPS presents
	// for this method, as 40 lower-case hex digits, with the position of
	// its first hex digit; zero when not read.
	Thumbprint Thumbprint
	// Flags is the flags word of the settings (PEAP: bit 0 is most
	// likely Fast Reconnect; the other bits are not known).
	Flags uint32
	// Inner are the inner methods of a PEAP configuration, in order.
	Inner []InnerMethod
}

// Thumbprint is a certificate thumbprint found in a blob.
type Thumbprint struct {
	// Hex is the thumbprint as 40 lower-case hex digits; empty when none
	// was read.
	Hex string
	// Pos is the position of its first hex digit in the file.
	Pos lint.Pos
}

// InnerMethod is one inner (tunnelled) method of a PEAP configuration.
type InnerMethod struct {
	// Type is the EAP type: 26 EAP-MSCHAPv2 (PEAP-MSCHAPv2), 13 EAP-TLS
	// (PEAP-TLS).
	Type int
	// Pos is the position of the entry's type field in the file.
	Pos lint.Pos
	// Settings is the number of bytes of the entry's own settings after
	// its 16-byte header; they are not interpreted.
	Settings int
}

// CertificateOID is an Allowed-Certificate-OID value.
type CertificateOID struct {
	Text Text
	// OID is the dotted purpose OID (1.3.6.1.4.1.311.87).
	OID string
	// NameKnown reports whether the element's name is one given in
	// [Options].CertificateOIDElements. When it is false, the element was
	// read as the setting only because its name is unknown and its value
	// is a dotted OID (see the package documentation), and a problem
	// says so.
	NameKnown bool
}

// Client is a RADIUS client (a network access server such as the RRAS
// VPN server).
type Client struct {
	Name Text
	Pos  lint.Pos
	// Address is IP_Address: an address or a DNS name.
	Address Text
	// Enabled is Radius_Client_Enabled.
	Enabled Text
	// RequireSignature is Require_Signature (Message-Authenticator).
	RequireSignature Text
	// Secret says whether the client has a shared secret, never what it
	// is.
	Secret Secret
}

// RemoteServer is a member of a remote RADIUS server group, to which a
// connection request policy may forward requests.
type RemoteServer struct {
	// Group is the name attribute of the server group.
	Group Text
	Name  Text
	Pos   lint.Pos
	// Address is the server's Address.
	Address Text
	// Secret says whether an Authentication_Secret or Accounting_Secret
	// is present, never what it is.
	Secret Secret
}

// Secret records that a shared secret element exists, and nothing of its
// content.
type Secret struct {
	// Present reports whether the element exists.
	Present bool
	// Empty reports whether it holds no text.
	Empty bool
	// Pos is the secret element's start tag.
	Pos lint.Pos
}

// ProblemKind classifies a [Problem]; each kind has its rule.
type ProblemKind int

// The kinds of problem.
const (
	// BadBlob: a bin.hex value (msEAPConfiguration, msNPAllowedEapType)
	// whose bytes do not follow the known layout (NPS003).
	BadBlob ProblemKind = iota + 1
	// BadValue: a boolean or integer value that does not read as one
	// (NPS004).
	BadValue
	// Uncertain: a part of the export whose format is not documented, or
	// not known, and that the reader therefore did not interpret (NPS005).
	Uncertain
)

// Problem is something the reader could not read or interpret.
type Problem struct {
	Kind ProblemKind
	Pos  lint.Pos
	// Message says what was found and what was expected, lower case,
	// without a final period.
	Message string
}
