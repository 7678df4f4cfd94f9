package certcheck

import (
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"net/netip"
	"strconv"

	"github.com/aovpnlint/aovpnlint/internal/wording"
)

// MaxSubjectAltNames is the largest number of subject alternative names
// [SubjectAltNames] returns for one certificate; the others are counted,
// not decoded. Real certificates carry a few, a CDN's shared certificate
// some hundreds (public CAs issue at most 100 or a few hundred): 4,096
// keeps the display of a hostile certificate proportionate without
// hiding a real one's names.
const MaxSubjectAltNames = 4096

// The types of [GeneralName], as `cert show` prints them and its JSON
// writes them.
const (
	SANDNS           = "DNS"
	SANIP            = "IP"
	SANEmail         = "email"
	SANURI           = "URI"
	SANUPN           = "UPN"
	SANOtherName     = "otherName"
	SANDirectoryName = "directoryName"
	SANRegisteredID  = "registeredID"
	SANX400Address   = "x400Address"
	SANEDIPartyName  = "ediPartyName"
)

// OIDUPN is the otherName type of the user principal name
// (1.3.6.1.4.1.311.20.2.3), the identity EAP-TLS user certificates carry.
const OIDUPN = "1.3.6.1.4.1.311.20.2.3"

// GeneralName is one name of a subject alternative name extension.
type GeneralName struct {
	// Type is one of the SAN constants: SANDNS, SANIP, SANEmail, SANURI,
	// SANUPN (an otherName of type OIDUPN), SANOtherName,
	// SANDirectoryName, SANRegisteredID, SANX400Address, SANEDIPartyName.
	Type string
	// OID is the type of an otherName (a UPN's too), dotted; empty for
	// the other types.
	OID string
	// Value is the name as text, escaped so that it can be printed
	// (wording.Escape): a DNS name, e-mail address or URI as it is
	// written, an IP address in its usual form, the decoded string of an
	// otherName, a directoryName as [DN] shows it, a registeredID dotted.
	// A value that is not text (an otherName that is not a string, an
	// x400Address, an ediPartyName, an IP address that is not 4 or 16
	// bytes) is # and the hex of its DER.
	Value string
}

// String writes the name as `cert show` prints it: "DNS:vpn.example.com",
// "UPN:alice@corp.example.com", "otherName:1.2.3=value".
func (g GeneralName) String() string {
	if g.Type == SANOtherName {
		return g.Type + ":" + g.OID + "=" + g.Value
	}
	return g.Type + ":" + g.Value
}

// oidSAN is the subject alternative name extension, 2.5.29.17.
var oidSAN = asn1.ObjectIdentifier{2, 5, 29, 17}

// errSAN says a subject alternative name extension is not DER.
var errSAN = errors.New("the subject alternative name extension is not valid DER")

// SubjectAltNames reads every name of c's subject alternative name
// extensions (2.5.29.17) in the order the certificate holds them, with
// the types crypto/x509 drops (otherName such as the UPN, directoryName,
// registeredID). At most [MaxSubjectAltNames] are returned; more counts
// the others. When an extension is not DER, the names read before the
// damage are returned with an error.
func SubjectAltNames(c *x509.Certificate) (names []GeneralName, more int, err error) {
	for _, e := range c.Extensions {
		if !e.Id.Equal(oidSAN) {
			continue
		}
		tag, seq, rest, ok := splitDER(e.Value)
		if !ok || tag != 0x30 || len(rest) > 0 {
			err = errSAN
			continue
		}
		for len(seq) > 0 {
			start := seq
			var content []byte
			tag, content, seq, ok = splitDER(seq)
			if !ok {
				err = errSAN
				break
			}
			if len(names) >= MaxSubjectAltNames {
				more++
				continue
			}
			names = append(names, generalName(tag, content, start[:len(start)-len(seq)]))
		}
	}
	return names, more, err
}

// generalName decodes one GeneralName: its tag, its content and the
// whole element.
func generalName(tag byte, content, element []byte) GeneralName {
	text := func() string { return wording.Escape(string(content)) }
	switch tag & 0x1f {
	case 0: // otherName: type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY
		t, oid, rest, ok := splitDER(content)
		if !ok || t != 0x06 {
			return GeneralName{Type: SANOtherName, Value: "#" + hex.EncodeToString(element)}
		}
		g := GeneralName{Type: SANOtherName, OID: oidString(oid)}
		if g.OID == OIDUPN {
			g.Type = SANUPN
		}
		t, value, after, ok := splitDER(rest)
		switch {
		case !ok || t != 0xa0 || len(after) > 0:
			g.Value = "#" + hex.EncodeToString(rest)
		default:
			if s, ok := derString(value); ok {
				g.Value = wording.Escape(s)
			} else {
				g.Value = "#" + hex.EncodeToString(value)
			}
		}
		return g
	case 1:
		return GeneralName{Type: SANEmail, Value: text()}
	case 2:
		return GeneralName{Type: SANDNS, Value: text()}
	case 3:
		return GeneralName{Type: SANX400Address, Value: "#" + hex.EncodeToString(element)}
	case 4:
		return GeneralName{Type: SANDirectoryName, Value: DN(content)}
	case 5:
		return GeneralName{Type: SANEDIPartyName, Value: "#" + hex.EncodeToString(element)}
	case 6:
		return GeneralName{Type: SANURI, Value: text()}
	case 7:
		if a, ok := netip.AddrFromSlice(content); ok {
			return GeneralName{Type: SANIP, Value: a.String()}
		}
		return GeneralName{Type: SANIP, Value: "#" + hex.EncodeToString(content)}
	case 8:
		return GeneralName{Type: SANRegisteredID, Value: oidString(content)}
	}
	return GeneralName{Type: "[" + strconv.Itoa(int(tag&0x1f)) + "]", Value: "#" + hex.EncodeToString(element)}
}
