// Package eapxml models the EapHostConfig document of an Always On VPN
// profile (the Eap/Configuration payload, or a bare eapconfig.xml) and
// checks it.
//
// [Parse] turns a parsed document into a [Config]: a typed model in which
// every value knows its file:line:col. Elements are selected by namespace
// URI and local name, never by bare name, because EapHostConfig reuses
// names such as Type, Eap and ServerValidation across namespaces. An
// https:// variant of a Microsoft provisioning namespace is read as its
// http:// original (so the rest of the document is still checked) and
// recorded for EAP001. Elements Windows would ignore (wrong namespace,
// unknown name) are kept in the model with their positions, for EAP002.
//
// [Checks] lists the EAP rules; [Lint] runs them.
package eapxml

import (
	"github.com/aovpnlint/aovpnlint/internal/xmlval"
	"github.com/aovpnlint/aovpnlint/lint"
)

// The namespace URIs of the Microsoft EAP schemas. Windows accepts only
// these http:// spellings.
const (
	NSHost     = "http://www.microsoft.com/provisioning/EapHostConfig"
	NSCommon   = "http://www.microsoft.com/provisioning/EapCommon"
	NSBase     = "http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1"
	NSTLS1     = "http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV1"
	NSTLS2     = "http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2"
	NSTLS3     = "http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV3"
	NSPEAP1    = "http://www.microsoft.com/provisioning/MsPeapConnectionPropertiesV1"
	NSPEAP2    = "http://www.microsoft.com/provisioning/MsPeapConnectionPropertiesV2"
	NSPEAP3    = "http://www.microsoft.com/provisioning/MsPeapConnectionPropertiesV3"
	NSMSCHAPv2 = "http://www.microsoft.com/provisioning/MsChapV2ConnectionPropertiesV1"

	// ProvisioningPrefix starts every Microsoft provisioning namespace.
	ProvisioningPrefix = "http://www.microsoft.com/provisioning/"
	// HTTPSPrefix is the https:// spelling Windows rejects (EAP001).
	HTTPSPrefix = "https://www.microsoft.com/provisioning/"
)

// The EAP method types (IANA numbers) that matter for VPN.
const (
	TypeTLS      = 13 // EAP-TLS
	TypePEAP     = 25 // PEAP
	TypeMSCHAPv2 = 26 // EAP-MSCHAPv2
)

// Text is the text of an element or attribute with its position; the zero
// value means absent.
type Text = xmlval.Text

// Config is an EapHostConfig document.
type Config struct {
	// Pos is the EapHostConfig start tag.
	Pos lint.Pos
	// Method is the outer EapMethod block.
	Method Method
	// HasConfig reports a Config element; ConfigPos is its start tag.
	HasConfig bool
	ConfigPos lint.Pos
	// Eap is the method configuration Config/Eap, nil when absent.
	Eap *Eap
	// OtherMethod is a method element in Config other than Eap (TTLS's
	// EapTtls, TEAP's EapTeap), which aovpnlint does not model.
	OtherMethod *Element
	// Blob is a ConfigBlob element: an opaque configuration.
	Blob Text
	// WrongRoot reports a root element that is not EapHostConfig in its
	// namespace (EAP002); nothing else of the document is read then.
	WrongRoot bool
	// Text is the character data written directly inside EapHostConfig,
	// between its elements (a template's placeholder).
	Text Text
	// HTTPS lists every declaration of an https:// provisioning namespace.
	HTTPS []Decl
	// Misplaced lists the elements Windows would not read: in the wrong
	// namespace, or unknown in a Microsoft namespace.
	Misplaced []Misplaced
	// Foreign lists elements in namespaces aovpnlint does not know
	// (extensions), kept so that rules can name them.
	Foreign []Element
}

// Element names an element of the document: its namespace, its local
// name and the position of its start tag.
type Element struct {
	Space string // namespace URI as written
	Name  string // local name
	Pos   lint.Pos
}

// Decl is a namespace declaration: the URI declared, and the position of
// the xmlns attribute.
type Decl struct {
	URI string
	// Element is the local name of the element that declares it.
	Element string
	Pos     lint.Pos
	// Edits write http:// in place of https:// in the declaration, when
	// the scheme is written without references; nil otherwise.
	Edits []lint.Edit
}

// Misplaced is an element Windows would ignore.
type Misplaced struct {
	Element
	// Parent is the local name of the element it was found in.
	Parent string
	// Want is the namespace the name belongs in at this place; empty when
	// the name is not known here.
	Want string
	// Suggest is the closest name known at this place, when the name is
	// not; CaseOnly marks a name that differs from it only by case.
	Suggest  string
	CaseOnly bool
	// BelongsIn names where a known element belongs when it is not known
	// at this place ("TLSExtensions").
	BelongsIn string
	// Edits rename the element to Suggest, when the name differs from
	// one known at this place, in the element's namespace, only by case,
	// and no sibling has that name yet; nil otherwise.
	Edits []lint.Edit
}

// Method is the EapMethod block: which method the configuration is for.
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type Method struct {
	Pos                                lint.Pos
	Present                            bool
	Type, VendorID, VendorType, Author Text
}

// Eap is a method configuration (BaseEapConnectionPropertiesV1 Eap): the
// outer one in Config, or an inner one inside PEAP.
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type Eap struct {
	Pos lint.Pos
	// Type is the method number written in Eap/Type.
	Type Text
	// EapType is the method-specific element; its namespace says which
	// method's schema it follows. Zero when absent.
	EapType Element
	// Exactly one of these is set when EapType is in a known namespace.
	TLS      *TLS
	PEAP     *PEAP
	MSCHAPv2 *MSCHAPv2
}

// ServerValidation is a ServerValidation block (TLS or PEAP).
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type ServerValidation struct {
	Pos           lint.Pos
	Present       bool
	DisablePrompt Text // DisableUserPromptForServerValidation
	ServerNames   Text
	TrustedRootCA []Text
}

// TLS is the EAP-TLS configuration (EapTlsConnectionPropertiesV1 EapType).
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type TLS struct {
	Pos lint.Pos
	// SmartCard or CertificateStore says where the client certificate
	// comes from; SimpleCertSelection is inside CertificateStore.
	SmartCard           Text
	CertificateStore    Text
	SimpleCertSelection Text
	ServerValidation    ServerValidation
	DifferentUsername   Text
	// PerformServerValidation, AcceptServerName and TLSExtensions are in
	// the V2 namespace.
	PerformServerValidation Text
	AcceptServerName        Text
	TLSExtensions           Text
	// Filtering is TLSExtensions/FilteringInfo (V3 namespace), nil when
	// absent.
	Filtering *FilteringInfo
}

// FilteringInfo is the client-certificate filter of EAP-TLS.
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type FilteringInfo struct {
	Pos               lint.Pos
	AllPurposeEnabled Text
	CAHashList        *HashList
	// EKUMapping lists the name-to-OID pairs; EKUMappingPos is the
	// EKUMapping element (zero when absent).
	EKUMapping        []EKUMap
	EKUMappingPos     lint.Pos
	ClientAuthEKUList *EKUList
	AnyPurposeEKUList *EKUList
}

// HashList is CAHashList: issuer thumbprints, active only when Enabled is
// true.
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type HashList struct {
	Pos        lint.Pos
	Enabled    Text // the Enabled attribute
	IssuerHash []Text
}

// EKUMap defines a name for an EKU OID.
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type EKUMap struct {
	Pos  lint.Pos
	Name Text
	OID  Text
}

// EKUList is ClientAuthEKUList or AnyPurposeEKUList, active only when
// Enabled is true.
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type EKUList struct {
	Pos     lint.Pos
	Enabled Text // the Enabled attribute
	Entries []EKUListEntry
}

// EKUListEntry is an EKUMapInList: a reference to an EKUMapping name, or
// an OID written directly.
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type EKUListEntry struct {
	Pos  lint.Pos
	Name Text
	OID  Text
}

// PEAP is the PEAP configuration (MsPeapConnectionPropertiesV1 EapType).
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type PEAP struct {
	Pos              lint.Pos
	ServerValidation ServerValidation
	FastReconnect    Text
	InnerEapOptional Text
	// Inner lists the inner methods (Eap elements); one is expected.
	Inner                  []*Eap
	EnableQuarantineChecks Text
	RequireCryptoBinding   Text
	Extensions             PeapExtensions
}

// PeapExtensions holds the Windows 7 and later PEAP switches.
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type PeapExtensions struct {
	Pos                                lint.Pos
	Present                            bool
	PerformServerValidation            Text
	AcceptServerName                   Text
	AllowPromptingWhenServerCANotFound Text
}

// MSCHAPv2 is the EAP-MSCHAPv2 configuration.
// Each Text field holds the element of the same name (zero when absent);
// Pos is the start tag.
type MSCHAPv2 struct {
	Pos                    lint.Pos
	UseWinLogonCredentials Text
}
