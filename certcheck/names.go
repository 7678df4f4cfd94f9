package certcheck

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/aovpnlint/aovpnlint/internal/cite"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

// DNSNames returns the names a certificate is valid for, as Windows
// matches a host against it: its DNS subject alternative names, or its
// common name when it has no subject alternative name at all.
func DNSNames(c *x509.Certificate) []string {
	if len(c.DNSNames) > 0 || len(c.IPAddresses) > 0 || len(c.EmailAddresses) > 0 || len(c.URIs) > 0 {
		return c.DNSNames
	}
	if c.Subject.CommonName != "" {
		return []string{c.Subject.CommonName}
	}
	return nil
}

// ValidFor reports whether c is valid for host: an IP address against the
// IP address SANs, a name against [DNSNames], ignoring case, a wildcard
// standing for exactly one left-most label. The host is normalised once,
// so that the work is the length of host plus that of the names, whatever
// their number.
func ValidFor(c *x509.Certificate, host string) bool {
	host = strings.TrimSuffix(strings.TrimSpace(host), ".")
	if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		for _, a := range c.IPAddresses {
			if b, ok := netip.AddrFromSlice(a); ok && b.Unmap() == ip.Unmap() {
				return true
			}
		}
		return false
	}
	h := newHostMatch(host)
	for _, n := range DNSNames(c) {
		if h.matches(n) {
			return true
		}
	}
	return false
}

// MatchName reports whether the certificate name pattern (which may start
// with "*." ) matches host, ignoring case. A wildcard stands for exactly
// one whole left-most label: *.example.com matches vpn.example.com, but not
// example.com or a.vpn.example.com.
func MatchName(pattern, host string) bool { return newHostMatch(host).matches(pattern) }

// hostMatch is a host name in lower case without its final dot, with its
// first label cut off, for matching many patterns.
type hostMatch struct {
	name, label, parent string
	dotted              bool
}

func newHostMatch(host string) hostMatch {
	h := hostMatch{name: strings.ToLower(strings.TrimSuffix(host, "."))}
	h.label, h.parent, h.dotted = strings.Cut(h.name, ".")
	return h
}

// matches reports whether the certificate name pattern matches h; see
// [MatchName].
func (h hostMatch) matches(pattern string) bool {
	pattern = strings.ToLower(strings.TrimSuffix(pattern, "."))
	if rest, ok := strings.CutPrefix(pattern, "*."); ok {
		return h.dotted && h.label != "" && h.parent == rest && !strings.Contains(rest, "*")
	}
	return pattern == h.name
}

var dnsSAN = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT020", Severity: lint.Warning,
		Title:         "server certificates carry their names as DNS subject alternative names",
		Fix:           "reissue the certificate with the server's DNS name in the Subject Alternative Name (and in the subject)",
		WindowsErrors: []string{"866"},
		Citation:      cite.CertRequirements + " (SAN dns=); RFC 6125 6.4.4",
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, c := range in.Certs {
			if !c.Role.isServer() || len(c.DNSNames) > 0 {
				continue
			}
			if c.Subject.CommonName == "" {
				r.Reportf(c.Source.Pos, "the %s has no DNS subject alternative name and no common name; expected its DNS name in both", describe(c))
				continue
			}
			r.Reportf(c.Source.Pos, "the %s names %s only in its common name; expected it as a DNS subject alternative name", describe(c), wording.Inline(c.Subject.CommonName))
		}
	},
}

var hostName = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT021", Severity: lint.Error,
		Title:         "the server certificate is valid for the host given with --host",
		Fix:           "issue the certificate for the name clients connect to, or correct --host",
		WindowsErrors: []string{"0x800B010F", "13801", "835"},
		Citation:      cite.Troubleshoot + " (13801: the name in Servers must match the certificate); RFC 6125 6.4",
	},
	Run: func(in *Set, r *lint.Reporter) {
		if in.Opts.Host == "" {
			return
		}
		for _, c := range in.Certs {
			if c.Role.isServer() && !ValidFor(c.Certificate, in.Opts.Host) {
				r.Reportf(c.Source.Pos, "the %s is valid for %s, not %s", describe(c), validNames(c.Certificate), wording.Inline(in.Opts.Host))
			}
		}
	},
}

// validNames lists the names a certificate is valid for, for a message:
// at most wording.MaxListed, each escaped and cut, the others counted.
func validNames(c *x509.Certificate) string {
	names := append([]string{}, DNSNames(c)...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 {
		return "no name"
	}
	for i := range names[:min(len(names), wording.MaxListed)] {
		names[i] = wording.Inline(names[i])
	}
	return wording.Some(names, ", ")
}

// Distinguished names are shown the way Windows shows them (certutil, the
// certificate dialog, CertNameToStr): the most specific attribute first,
// "CN=vpn.example.com, OU=VPN, O=Contoso, DC=corp, DC=example". That is
// the reverse of the order the certificate encodes them in, the order of
// RFC 4514, so it reads the same in aovpnlint as in the Windows dialogs an
// administrator compares it with, and a name cut short in a message
// (wording.Inline) keeps its common name. OpenSSL's default, encoded order
// ("DC=example, DC=corp, ..., CN=") is not used.
//
// Every attribute is shown where the certificate puts it: the relative
// distinguished names are read from the DER (RawSubject, RawIssuer).
// Go's pkix.Name.String reverses too, but moves the types it knows ahead
// of the others, prints those as dotted OIDs with hex values
// ("0.9.2342.19200300.100.1.25=#1304636f7270" for DC=corp) and splits
// multi-valued RDNs.

// nameAttributes names the attribute types of distinguished names: the
// names Windows writes (S for stateOrProvinceName, E for emailAddress, T
// for title, G for givenName, I for initials), then the RFC 4519 and
// CA/Browser Forum names for the types Windows has none for. A type not
// listed is shown as OID.1.2.3, as Windows shows it.
var nameAttributes = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"2.5.4.3":                    "CN",
		"2.5.4.4":                    "SN",
		"2.5.4.5":                    "SERIALNUMBER",
		"2.5.4.6":                    "C",
		"2.5.4.7":                    "L",
		"2.5.4.8":                    "S",
		"2.5.4.9":                    "STREET",
		"2.5.4.10":                   "O",
		"2.5.4.11":                   "OU",
		"2.5.4.12":                   "T",
		"2.5.4.13":                   "Description",
		"2.5.4.15":                   "businessCategory",
		"2.5.4.16":                   "postalAddress",
		"2.5.4.17":                   "PostalCode",
		"2.5.4.18":                   "POBox",
		"2.5.4.20":                   "Phone",
		"2.5.4.24":                   "X21Address",
		"2.5.4.41":                   "name",
		"2.5.4.42":                   "G",
		"2.5.4.43":                   "I",
		"2.5.4.44":                   "generationQualifier",
		"2.5.4.46":                   "dnQualifier",
		"2.5.4.65":                   "pseudonym",
		"2.5.4.97":                   "organizationIdentifier",
		"0.9.2342.19200300.100.1.1":  "UID",
		"0.9.2342.19200300.100.1.25": "DC",
		"1.2.840.113549.1.9.1":       "E",
		"1.2.840.113549.1.9.2":       "UnstructuredName",
		"1.2.840.113549.1.9.8":       "UnstructuredAddress",
		"1.3.6.1.4.1.311.60.2.1.1":   "jurisdictionL",
		"1.3.6.1.4.1.311.60.2.1.2":   "jurisdictionST",
		"1.3.6.1.4.1.311.60.2.1.3":   "jurisdictionC",
	}
})

// SubjectDN is the subject of c as [DN] shows it.
func SubjectDN(c *x509.Certificate) string { return nameOf(c.RawSubject, c.Subject.ToRDNSequence) }

// IssuerDN is the issuer of c as [DN] shows it.
func IssuerDN(c *x509.Certificate) string { return nameOf(c.RawIssuer, c.Issuer.ToRDNSequence) }

// CRLIssuerDN is the issuer of a CRL as [DN] shows it.
func CRLIssuerDN(l *x509.RevocationList) string { return nameOf(l.RawIssuer, l.Issuer.ToRDNSequence) }

// nameOf shows raw, or, for a certificate that was not parsed from DER
// (a template), the name Go holds.
func nameOf(raw []byte, rdns func() pkix.RDNSequence) string {
	if len(raw) == 0 {
		raw, _ = asn1.Marshal(rdns())
	}
	return DN(raw)
}

// DN shows a DER-encoded distinguished name (a certificate's RawSubject
// or RawIssuer, a CRL's RawIssuer, a directoryName) the way Windows shows
// it: most specific first (the reverse of the encoded order, as Windows
// and RFC 4514 write names), "TYPE=value" joined by ", ", the attributes
// of a multi-valued RDN joined by " + " in their encoded order.
//
// Types are named as Windows names them (CN, OU, O, L, S, C, DC, E,
// SERIALNUMBER, T, G, I, SN, ...), others by their RFC 4519 name
// (organizationIdentifier, UID, ...), and a type with no name as
// OID.1.2.3. Values are text: UTF8String, PrintableString, IA5String,
// NumericString, VisibleString and the like as they are, BMPString
// (UTF-16) and UniversalString (UTF-32) decoded, a T61String as UTF-8
// when it is valid UTF-8 and as Latin-1 otherwise (as Windows reads
// it). A value that is not a string (or a string that cannot be
// decoded) is written as in RFC 4514: # and the hex of its DER.
//
// Values are escaped as RFC 4514 says (a backslash before , + " \ < > ;,
// before a leading # or space and a trailing space), and every character
// that is not printable (control characters, line breaks, bidirectional
// overrides, bytes that are not UTF-8) is written as a Go escape such as
// \x1b (see wording.Escape), so that no text of the certificate reaches a
// terminal or a report raw. An empty name (or no bytes) is ""; bytes
// that are not a DER name are shown as # and their hex.
func DN(raw []byte) string {
	if len(raw) == 0 {
		return ""
	}
	tag, seq, rest, ok := splitDER(raw)
	if !ok || tag != 0x30 || len(rest) > 0 {
		return "#" + hex.EncodeToString(raw)
	}
	var rdns []string
	for len(seq) > 0 {
		var set []byte
		tag, set, seq, ok = splitDER(seq)
		if !ok || tag != 0x31 {
			return "#" + hex.EncodeToString(raw)
		}
		var atvs []string
		for len(set) > 0 {
			var atv, oid []byte
			tag, atv, set, ok = splitDER(set)
			if !ok || tag != 0x30 {
				return "#" + hex.EncodeToString(raw)
			}
			tag, oid, value, ok := splitDER(atv)
			if !ok || tag != 0x06 {
				return "#" + hex.EncodeToString(raw)
			}
			atvs = append(atvs, attributeName(oid)+"="+attributeValue(value))
		}
		rdns = append(rdns, strings.Join(atvs, " + "))
	}
	for i, j := 0, len(rdns)-1; i < j; i, j = i+1, j-1 {
		rdns[i], rdns[j] = rdns[j], rdns[i]
	}
	return strings.Join(rdns, ", ")
}

// attributeName names an attribute type given as the content of its
// OBJECT IDENTIFIER.
func attributeName(oid []byte) string {
	dotted := oidString(oid)
	if name, ok := nameAttributes()[dotted]; ok {
		return name
	}
	return "OID." + dotted
}

// oidString is the dotted form of the content of an OBJECT IDENTIFIER,
// or # and its hex when it is not one (empty, an arc cut short or not
// minimally encoded, an arc over 2^56).
func oidString(content []byte) string {
	var b strings.Builder
	var arc uint64
	first := true
	for i, x := range content {
		if arc == 0 && x == 0x80 || arc>>56 != 0 {
			return "#" + hex.EncodeToString(content)
		}
		arc = arc<<7 | uint64(x&0x7f)
		if x&0x80 != 0 {
			if i == len(content)-1 {
				return "#" + hex.EncodeToString(content)
			}
			continue
		}
		if first {
			top := min(arc/40, 2)
			b.WriteString(strconv.FormatUint(top, 10) + "." + strconv.FormatUint(arc-40*top, 10))
			first = false
		} else {
			b.WriteString("." + strconv.FormatUint(arc, 10))
		}
		arc = 0
	}
	if first {
		return "#" + hex.EncodeToString(content)
	}
	return b.String()
}

// attributeValue shows the DER value of an attribute (the element that
// follows its type): the decoded string, escaped (see [DN]), or # and the
// hex of the element.
func attributeValue(der []byte) string {
	s, ok := derString(der)
	if !ok {
		return "#" + hex.EncodeToString(der)
	}
	return escapeValue(s)
}

// derString decodes the ASN.1 character string that der holds (the whole
// of der must be one element); ok is false for anything else.
func derString(der []byte) (string, bool) {
	tag, b, rest, ok := splitDER(der)
	if !ok || len(rest) > 0 {
		return "", false
	}
	switch tag {
	case asn1.TagUTF8String, asn1.TagPrintableString, asn1.TagIA5String, asn1.TagNumericString,
		26 /* VisibleString */, 25 /* GraphicString */, asn1.TagGeneralString, 21 /* VideotexString */ :
		return string(b), true
	case asn1.TagT61String:
		if utf8.Valid(b) {
			return string(b), true
		}
		r := make([]rune, len(b))
		for i, x := range b {
			r[i] = rune(x)
		}
		return string(r), true
	case asn1.TagBMPString:
		if len(b)%2 != 0 {
			return "", false
		}
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
		return string(utf16.Decode(u)), true
	case 28: // UniversalString
		if len(b)%4 != 0 {
			return "", false
		}
		r := make([]rune, len(b)/4)
		for i := range r {
			r[i] = rune(b[4*i])<<24 | rune(b[4*i+1])<<16 | rune(b[4*i+2])<<8 | rune(b[4*i+3])
			if !utf8.ValidRune(r[i]) {
				r[i] = utf8.RuneError
			}
		}
		return string(r), true
	}
	return "", false
}

// escapeValue escapes an attribute value as RFC 4514 asks, then writes
// every character that is not printable as a Go escape.
func escapeValue(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case strings.IndexByte(`,+"\<>;`, c) >= 0,
			i == 0 && (c == '#' || c == ' '),
			i == len(s)-1 && c == ' ':
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return wording.Escape(b.String())
}

// EKUDisplayName returns the name Windows shows for an extended key
// usage ("Client Authentication"), or "" when it has none here (see
// [EKUName] for the name and the OID together).
func EKUDisplayName(oid asn1.ObjectIdentifier) string {
	for _, n := range ekuNames {
		if n.oid.Equal(oid) {
			return n.name
		}
	}
	return ""
}
