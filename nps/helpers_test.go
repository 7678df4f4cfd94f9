package nps_test

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/nps"
)

// testLimits are the XML limits the tests parse exports with: the
// default depth, and room for the generated large exports.
var testLimits = xmldoc.Limits{MaxDepth: 256, MaxElements: 10_000_000}

// parse decodes data as input does (BOM, UTF-16) and parses it as XML.
func parse(t testing.TB, name string, data []byte) *xmldoc.Doc {
	t.Helper()
	text := srctext.New(name, data)
	if !utf8.Valid(data) || bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		// Decoded as input decodes it; input also parses the XML, which
		// the large generated exports do not need.
		f := input.Read(name, data, input.Limits{MaxElements: 10_000_000})
		if f.Text == nil {
			t.Fatalf("%s: not text", name)
		}
		text = f.Text
	}
	x, err := xmldoc.Parse(text, testLimits)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return x
}

// check reads an export and runs every NPS rule on it.
func check(t testing.TB, name string, data []byte) (*nps.Export, []lint.Finding) {
	t.Helper()
	x := parse(t, name, data)
	if !nps.IsExport(x) {
		t.Fatalf("%s: not recognised as an NPS export", name)
	}
	e := nps.Parse(x)
	return e, nps.Lint(e)
}

// genPolicy is a network policy of a generated export, with its profile.
type genPolicy struct {
	name    string
	order   int
	enabled string // Policy_Enabled; "1" when empty
	conds   []string
	allow   string   // msNPAllowDialin
	auth    []int    // msNPAuthenticationType2
	eap     []string // msNPAllowedEapType, hex
	configs []string // msEAPConfiguration, hex
	extra   string   // more profile properties, as XML
}

// genExport writes an NPS export in the native layout of netsh nps export:
// the network policies given, the default connection request policy, and
// clients RADIUS clients whose shared secret is secret.
func genExport(pols []genPolicy, clients int, secret string) []byte {
	var b strings.Builder
	leaf := func(tag, typ, val string) {
		fmt.Fprintf(&b, "\t\t\t\t\t\t\t\t<%s xmlns:dt=\"urn:schemas-microsoft-com:datatypes\" dt:dt=\"%s\">%s</%s>\r\n", tag, typ, val, tag)
	}
	open := func(name string) {
		fmt.Fprintf(&b, "\t\t\t\t\t\t<%s name=\"%s\">\r\n\t\t\t\t\t\t\t<Properties>\r\n", tagOf(name), name)
	}
	end := func(name string) {
		fmt.Fprintf(&b, "\t\t\t\t\t\t\t</Properties>\r\n\t\t\t\t\t\t</%s>\r\n", tagOf(name))
	}
	b.WriteString("<?xml version=\"1.0\"?>\r\n<Root xmlns:dt=\"urn:schemas-microsoft-com:datatypes\">\r\n\t<Children>\r\n")
	b.WriteString("\t\t<Version name=\"Version\" dt:dt=\"int\">257</Version>\r\n")
	b.WriteString("\t\t<Microsoft_Internet_Authentication_Service name=\"Microsoft_Internet_Authentication_Service\">\r\n\t\t\t<Children>\r\n")
	b.WriteString("\t\t\t\t<RadiusProfiles name=\"RadiusProfiles\">\r\n\t\t\t\t\t<Children>\r\n")
	for _, p := range pols {
		open(p.name)
		leaf("IP_Filter_Template_Guid", "string", "{00000000-0000-0000-0000-000000000000}")
		leaf("Opaque_Data", "string", "")
		leaf("Template_Guid", "string", "{00000000-0000-0000-0000-000000000000}")
		for _, c := range p.configs {
			leaf("msEAPConfiguration", "bin.hex", c)
		}
		leaf("msIgnoreUserDialinProperties", "boolean", "1")
		leaf("msNPAllowDialin", "boolean", p.allow)
		for _, t := range p.eap {
			leaf("msNPAllowedEapType", "bin.hex", t)
		}
		for _, a := range p.auth {
			leaf("msNPAuthenticationType2", "int", fmt.Sprint(a))
		}
		leaf("msRADIUSFramedProtocol", "int", "1")
		leaf("msRADIUSServiceType", "int", "2")
		b.WriteString(p.extra)
		end(p.name)
	}
	b.WriteString("\t\t\t\t\t</Children>\r\n\t\t\t\t</RadiusProfiles>\r\n")
	b.WriteString("\t\t\t\t<NetworkPolicy name=\"NetworkPolicy\">\r\n\t\t\t\t\t<Children>\r\n")
	for _, p := range pols {
		open(p.name)
		leaf("Opaque_Data", "string", "")
		leaf("Policy_Enabled", "boolean", cmp.Or(p.enabled, "1"))
		leaf("Policy_SourceTag", "int", "0")
		leaf("Template_Guid", "string", "{00000000-0000-0000-0000-000000000000}")
		leaf("msNPAction", "string", p.name)
		for _, c := range p.conds {
			leaf("msNPConstraint", "string", c)
		}
		leaf("msNPSequence", "int", fmt.Sprint(p.order))
		end(p.name)
	}
	b.WriteString("\t\t\t\t\t</Children>\r\n\t\t\t\t</NetworkPolicy>\r\n")
	crp := "Use Windows authentication for all users"
	b.WriteString("\t\t\t\t<Proxy_Policies name=\"Proxy_Policies\">\r\n\t\t\t\t\t<Children>\r\n")
	open(crp)
	leaf("msNPConstraint", "string", allWeek)
	leaf("msNPSequence", "int", "999999")
	end(crp)
	b.WriteString("\t\t\t\t\t</Children>\r\n\t\t\t\t</Proxy_Policies>\r\n")
	b.WriteString("\t\t\t\t<Proxy_Profiles name=\"Proxy_Profiles\">\r\n\t\t\t\t\t<Children>\r\n")
	open(crp)
	leaf("msAuthProviderType", "int", "1")
	end(crp)
	b.WriteString("\t\t\t\t\t</Children>\r\n\t\t\t\t</Proxy_Profiles>\r\n")
	b.WriteString("\t\t\t\t<Protocols name=\"Protocols\">\r\n<Children>\r\n<Microsoft_Radius_Protocol name=\"Microsoft_Radius_Protocol\">\r\n<Children>\r\n<Clients name=\"Clients\">\r\n<Children>\r\n")
	for i := range clients {
		name := fmt.Sprintf("RRAS%04d", i)
		open(name)
		leaf("Client_Secret_Template_Guid", "string", "{00000000-0000-0000-0000-000000000000}")
		leaf("IP_Address", "string", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
		leaf("NAS_Manufacturer", "int", "0")
		leaf("Opaque_Data", "string", "")
		leaf("Radius_Client_Enabled", "boolean", "1")
		leaf("Require_Signature", "boolean", "1")
		leaf("Shared_Secret", "string", secret)
		leaf("Template_Guid", "string", "{00000000-0000-0000-0000-000000000000}")
		end(name)
	}
	b.WriteString("</Children>\r\n</Clients>\r\n</Children>\r\n</Microsoft_Radius_Protocol>\r\n</Children>\r\n</Protocols>\r\n")
	b.WriteString("\t\t\t</Children>\r\n\t\t</Microsoft_Internet_Authentication_Service>\r\n\t</Children>\r\n</Root>\r\n")
	return []byte(b.String())
}

// tagOf makes an element tag of a display name as NPS does: every
// character outside [A-Za-z0-9_] becomes '_'.
func tagOf(name string) string {
	t := []byte(name)
	for i, c := range t {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			t[i] = '_'
		}
	}
	if t[0] >= '0' && t[0] <= '9' {
		t[0] = '_'
	}
	return string(t)
}

const allWeek = `TIMEOFDAY("0 00:00-24:00; 1 00:00-24:00; 2 00:00-24:00; 3 00:00-24:00; 4 00:00-24:00; 5 00:00-24:00; 6 00:00-24:00")`

// Blob builders: the layout of package nps's documentation.
func u32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }

func header(t byte, body []byte) []byte {
	return append(append(append([]byte{t}, make([]byte, 15)...), u32(uint32(len(body)))...), body...)
}

// peapBlob builds PEAP settings with the thumbprint and the inner methods
// (type and settings bytes).
func peapBlob(thumb string, inner ...innerSpec) string {
	var entries []byte
	for _, in := range inner {
		entries = append(entries, u32(1)...)
		entries = append(entries, u32(uint32(16+len(in.settings)))...)
		entries = append(entries, u32(uint32(in.typ))...)
		entries = append(entries, u32(0)...)
		entries = append(entries, in.settings...)
	}
	t, _ := hex.DecodeString(thumb)
	n := uint32(40 + len(entries))
	body := slices.Concat(u32(2), u32(n), u32(1), u32(20), t, u32(uint32(len(inner))), entries)
	return hex.EncodeToString(header(25, body))
}

type innerSpec struct {
	typ      int
	settings []byte
}

// tlsBlob builds EAP-TLS settings with the thumbprint.
func tlsBlob(thumb string) string {
	t, _ := hex.DecodeString(thumb)
	return hex.EncodeToString(header(13, slices.Concat(u32(0), u32(1), u32(40), u32(0), u32(20), t)))
}

// allowedType is an msNPAllowedEapType value.
func allowedType(t byte) string { return hex.EncodeToString(append([]byte{t}, make([]byte, 15)...)) }
