package certcheck_test

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/aovpnlint/aovpnlint/certcheck"
)

// oid reads a dotted OID for the tests.
func oid(t *testing.T, s string) asn1.ObjectIdentifier {
	t.Helper()
	var o asn1.ObjectIdentifier
	for _, p := range strings.Split(s, ".") {
		n := 0
		for _, c := range p {
			n = n*10 + int(c-'0')
		}
		o = append(o, n)
	}
	return o
}

// str is an attribute value of the given universal string tag.
func str(tag int, b []byte) asn1.RawValue { return asn1.RawValue{Tag: tag, Bytes: b} }

func utf8s(s string) asn1.RawValue { return str(asn1.TagUTF8String, []byte(s)) }

func bmp(s string) asn1.RawValue {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return str(asn1.TagBMPString, b)
}

// name marshals RDNs, each a list of type (dotted) and value pairs.
func name(t *testing.T, rdns ...[]any) []byte {
	t.Helper()
	var seq pkix.RDNSequence
	for _, rdn := range rdns {
		var set pkix.RelativeDistinguishedNameSET
		for i := 0; i < len(rdn); i += 2 {
			set = append(set, pkix.AttributeTypeAndValue{Type: oid(t, rdn[i].(string)), Value: rdn[i+1]})
		}
		seq = append(seq, set)
	}
	der, err := asn1.Marshal(seq)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func rdn(kv ...any) []any { return kv }

// TestDN shows names as Windows does: attribute names for every known
// type, most specific first, values decoded from each string type,
// escaped as RFC 4514 says, control characters as Go escapes.
func TestDN(t *testing.T) {
	const dc, cn, ou = "0.9.2342.19200300.100.1.25", "2.5.4.3", "2.5.4.11"
	tests := []struct {
		name string
		der  []byte
		want string
	}{
		{"domain components, most specific first",
			name(t, rdn(dc, str(asn1.TagIA5String, []byte("com"))), rdn(dc, str(asn1.TagIA5String, []byte("example"))), rdn(dc, str(asn1.TagIA5String, []byte("corp"))), rdn(ou, utf8s("VPN")), rdn(cn, utf8s("vpn.corp.example.com"))),
			"CN=vpn.corp.example.com, OU=VPN, DC=corp, DC=example, DC=com"},
		{"Windows names",
			name(t, rdn("2.5.4.6", str(asn1.TagPrintableString, []byte("US"))), rdn("2.5.4.8", utf8s("Washington")), rdn("2.5.4.7", utf8s("Redmond")),
				rdn("2.5.4.9", utf8s("1 Microsoft Way")), rdn("2.5.4.10", utf8s("Contoso")), rdn("2.5.4.97", utf8s("VATUS-123")),
				rdn("2.5.4.5", str(asn1.TagPrintableString, []byte("42"))), rdn("2.5.4.12", utf8s("Admin")), rdn("2.5.4.42", utf8s("Alice")),
				rdn("2.5.4.43", utf8s("A")), rdn("2.5.4.4", utf8s("Smith")), rdn("1.2.840.113549.1.9.1", str(asn1.TagIA5String, []byte("alice@contoso.com"))),
				rdn("0.9.2342.19200300.100.1.1", utf8s("alice"))),
			"UID=alice, E=alice@contoso.com, SN=Smith, I=A, G=Alice, T=Admin, SERIALNUMBER=42, organizationIdentifier=VATUS-123, O=Contoso, STREET=1 Microsoft Way, L=Redmond, S=Washington, C=US"},
		{"unknown type", name(t, rdn("1.2.3.4", utf8s("x"))), "OID.1.2.3.4=x"},
		{"multi-valued RDN kept together",
			name(t, rdn(dc, str(asn1.TagIA5String, []byte("example"))), rdn(cn, utf8s("Alice"), "0.9.2342.19200300.100.1.1", utf8s("alice"))),
			"CN=Alice + UID=alice, DC=example"},
		{"BMPString", name(t, rdn(cn, bmp("Zürich 𝄞"))), "CN=Zürich 𝄞"},
		{"T61String as Latin-1", name(t, rdn(cn, str(asn1.TagT61String, []byte{'Z', 0xfc, 'r', 'i', 'c', 'h'}))), "CN=Zürich"},
		{"T61String holding UTF-8", name(t, rdn(cn, str(asn1.TagT61String, []byte("Zürich")))), "CN=Zürich"},
		{"UniversalString", name(t, rdn(cn, str(28, []byte{0, 0, 0, 'A', 0, 0, 0, 0xe9}))), "CN=Aé"},
		{"not a string", name(t, rdn(cn, 5)), "CN=#020105"},
		{"odd BMPString", name(t, rdn(cn, str(asn1.TagBMPString, []byte{0, 'A', 0}))), "CN=#1e03004100"},
		{"RFC 4514 specials", name(t, rdn(cn, utf8s(`a,b+c"d\e<f>g;h`))), `CN=a\,b\+c\"d\\e\<f\>g\;h`},
		{"leading hash and spaces", name(t, rdn(cn, utf8s("#x ")), rdn(ou, utf8s(" y"))), `OU=\ y, CN=\#x\ `},
		{"control characters", name(t, rdn(cn, utf8s("evil\x1b[31m\nCN=forged\u202e\x00"))), `CN=evil\x1b[31m\nCN=forged\u202e\x00`},
		{"invalid UTF-8", name(t, rdn(cn, utf8s("a\xffb"))), `CN=a\xffb`},
		{"empty name", name(t), ""},
		{"not DER", []byte{0x30, 0x05, 0x31}, "#300531"},
		{"not a name", []byte{0x04, 0x01, 0x00}, "#040100"},
	}
	for _, tt := range tests {
		if got := certcheck.DN(tt.der); got != tt.want {
			t.Errorf("%s: DN = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestSubjectDN reads the subject and issuer a certificate holds, and the
// name Go holds for a certificate that was not parsed.
func TestSubjectDN(t *testing.T) {
	raw := name(t, rdn("0.9.2342.19200300.100.1.25", str(asn1.TagIA5String, []byte("corp"))), rdn("2.5.4.3", utf8s("Issuing CA")))
	c := &x509.Certificate{RawSubject: raw, RawIssuer: raw, Subject: pkix.Name{CommonName: "ignored"}}
	if got := certcheck.SubjectDN(c); got != "CN=Issuing CA, DC=corp" {
		t.Errorf("SubjectDN = %q", got)
	}
	if got := certcheck.IssuerDN(c); got != "CN=Issuing CA, DC=corp" {
		t.Errorf("IssuerDN = %q", got)
	}
	tmpl := &x509.Certificate{Subject: pkix.Name{CommonName: "vpn", Organization: []string{"Contoso"}}}
	if got := certcheck.SubjectDN(tmpl); got != "CN=vpn, O=Contoso" {
		t.Errorf("SubjectDN of a template = %q", got)
	}
}

// ext is a subject alternative name extension holding names.
func sanExt(t *testing.T, names ...asn1.RawValue) pkix.Extension {
	t.Helper()
	der, err := asn1.Marshal(names)
	if err != nil {
		t.Fatal(err)
	}
	return pkix.Extension{Id: asn1.ObjectIdentifier{2, 5, 29, 17}, Value: der}
}

func ctx(tag int, compound bool, b []byte) asn1.RawValue {
	return asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: tag, IsCompound: compound, Bytes: b}
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	der, err := asn1.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// otherName is the content of an otherName of type id holding value.
func otherName(t *testing.T, id string, value any) []byte {
	return append(marshal(t, oid(t, id)), marshal(t, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: marshal(t, value)})...)
}

// TestSubjectAltNames reads every type of name, the ones crypto/x509
// drops (UPN and other otherNames, directoryName, registeredID) too.
func TestSubjectAltNames(t *testing.T) {
	dir := name(t, rdn("0.9.2342.19200300.100.1.25", str(asn1.TagIA5String, []byte("corp"))), rdn("2.5.4.3", utf8s("Alice")))
	c := &x509.Certificate{Extensions: []pkix.Extension{sanExt(t,
		ctx(2, false, []byte("vpn.example.com")),
		ctx(7, false, []byte{192, 0, 2, 1}),
		ctx(7, false, []byte{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}),
		ctx(1, false, []byte("alice@example.com")),
		ctx(6, false, []byte("https://example.com/a")),
		ctx(0, true, otherName(t, certcheck.OIDUPN, utf8s("alice@corp.example.com"))),
		ctx(0, true, otherName(t, "1.3.6.1.4.1.311.25.1", []byte{1, 2, 3})),
		ctx(4, true, dir),
		ctx(8, false, marshal(t, oid(t, "1.2.3.4"))[2:]),
		ctx(2, false, []byte("evil\n.example.com")),
		ctx(7, false, []byte{1, 2, 3}),
		ctx(3, true, []byte{0x30, 0}),
	)}}
	got, more, err := certcheck.SubjectAltNames(c)
	if err != nil || more != 0 {
		t.Fatalf("more %d, err %v", more, err)
	}
	want := []string{"DNS:vpn.example.com", "IP:192.0.2.1", "IP:2001:db8::1", "email:alice@example.com", "URI:https://example.com/a",
		"UPN:alice@corp.example.com", "otherName:1.3.6.1.4.1.311.25.1=#0403010203", "directoryName:CN=Alice, DC=corp",
		"registeredID:1.2.3.4", `DNS:evil\n.example.com`, "IP:#010203", "x400Address:#a3023000"}
	if len(got) != len(want) {
		t.Fatalf("got %d names %v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("name %d: %q, want %q", i, got[i].String(), want[i])
		}
	}
	if got[5].OID != certcheck.OIDUPN || got[5].Value != "alice@corp.example.com" || got[5].Type != certcheck.SANUPN {
		t.Errorf("UPN: %+v", got[5])
	}
}

// TestSubjectAltNamesBounded returns MaxSubjectAltNames names and counts
// the others; a damaged extension gives the names before the damage and
// an error.
func TestSubjectAltNamesBounded(t *testing.T) {
	names := make([]asn1.RawValue, certcheck.MaxSubjectAltNames+5)
	for i := range names {
		names[i] = ctx(2, false, []byte("a.example"))
	}
	got, more, err := certcheck.SubjectAltNames(&x509.Certificate{Extensions: []pkix.Extension{sanExt(t, names...)}})
	if len(got) != certcheck.MaxSubjectAltNames || more != 5 || err != nil {
		t.Errorf("%d names, %d more, %v; want %d and 5 more", len(got), more, err, certcheck.MaxSubjectAltNames)
	}
	e := sanExt(t, ctx(2, false, []byte("a.example")), ctx(2, false, []byte("b.example")))
	damaged := append([]byte{0x30, byte(len(e.Value) - 2)}, e.Value[2:len(e.Value)-3]...)
	damaged[1] = byte(len(damaged) - 2)
	got, _, err = certcheck.SubjectAltNames(&x509.Certificate{Extensions: []pkix.Extension{{Id: e.Id, Value: damaged}}})
	if len(got) != 1 || got[0].Value != "a.example" || err == nil {
		t.Errorf("damaged extension: %v, %v; want a.example and an error", got, err)
	}
}

// spki is a SubjectPublicKeyInfo of algorithm id with params (nil for
// none) and the key bytes.
func spki(t *testing.T, id string, params any, key []byte) *x509.Certificate {
	t.Helper()
	algo := []any{oid(t, id)}
	if params != nil {
		algo = append(algo, params)
	}
	seq := struct {
		Algo asn1.RawValue
		Key  asn1.BitString
	}{asn1.RawValue{FullBytes: marshal(t, algo)}, asn1.BitString{Bytes: key, BitLength: 8 * len(key)}}
	return &x509.Certificate{RawSubjectPublicKeyInfo: marshal(t, seq)}
}

// TestPublicKeyInfo names keys Go parses and keys it does not, with their
// sizes, from the SubjectPublicKeyInfo alone.
func TestPublicKeyInfo(t *testing.T) {
	modulus := make([]byte, 257) // a leading zero and 2048 bits
	modulus[1] = 0x80
	rsaKey := marshal(t, struct{ N, E asn1.RawValue }{asn1.RawValue{Tag: asn1.TagInteger, Bytes: modulus}, asn1.RawValue{Tag: asn1.TagInteger, Bytes: []byte{1, 0, 1}}})
	odd := make([]byte, 129) // 1025 bits: the length of the first byte counts
	odd[0] = 1
	oddKey := marshal(t, struct{ N, E asn1.RawValue }{asn1.RawValue{Tag: asn1.TagInteger, Bytes: odd}, asn1.RawValue{Tag: asn1.TagInteger, Bytes: []byte{3}}})
	point := func(n int) []byte { p := make([]byte, 1+2*n); p[0] = 4; return p }
	p3072 := make([]byte, 384)
	p3072[0] = 0xff
	tests := []struct {
		c    *x509.Certificate
		want string
		oid  string
	}{
		{spki(t, "1.2.840.113549.1.1.1", asn1.NullRawValue, rsaKey), "RSA, 2048 bits", "1.2.840.113549.1.1.1"},
		{spki(t, "1.2.840.113549.1.1.10", nil, rsaKey), "RSA-PSS, 2048 bits", "1.2.840.113549.1.1.10"},
		{spki(t, "1.2.840.113549.1.1.1", asn1.NullRawValue, oddKey), "RSA, 1025 bits", ""},
		{spki(t, "1.2.840.10045.2.1", oid(t, "1.2.840.10045.3.1.7"), point(32)), "EC P-256, 256 bits", "1.2.840.10045.2.1"},
		{spki(t, "1.2.840.10045.2.1", oid(t, "1.3.36.3.3.2.8.1.1.7"), point(32)), "EC brainpoolP256r1, 256 bits", ""},
		{spki(t, "1.2.840.10045.2.1", oid(t, "1.2.3.4"), point(48)), "EC 1.2.3.4, 384 bits", ""},
		{spki(t, "1.3.101.112", nil, make([]byte, 32)), "Ed25519, 256 bits", ""},
		{spki(t, "1.3.101.113", nil, make([]byte, 57)), "Ed448, 456 bits", "1.3.101.113"},
		{spki(t, "1.3.101.110", nil, make([]byte, 32)), "X25519, 256 bits", ""},
		{spki(t, "1.2.643.7.1.1.1.1", []any{oid(t, "1.2.643.7.1.2.1.1.1")}, make([]byte, 66)), "GOST R 34.10-2012 256-bit, 256 bits", ""},
		{spki(t, "2.16.840.1.101.3.4.3.17", nil, make([]byte, 1312)), "ML-DSA-44, 10496 bits", ""},
		{spki(t, "1.2.840.10040.4.1", []asn1.RawValue{{Tag: asn1.TagInteger, Bytes: p3072}, {Tag: asn1.TagInteger, Bytes: []byte{1}}, {Tag: asn1.TagInteger, Bytes: []byte{2}}}, make([]byte, 8)), "DSA, 3072 bits", ""},
		{spki(t, "1.2.3.4.5", nil, make([]byte, 16)), "1.2.3.4.5, 128 bits", "1.2.3.4.5"},
		{&x509.Certificate{PublicKeyAlgorithm: x509.RSA, RawSubjectPublicKeyInfo: []byte{0x30, 0x01}}, "RSA", ""},
	}
	for _, tt := range tests {
		k := certcheck.PublicKeyInfo(tt.c)
		if k.String() != tt.want || tt.oid != "" && k.OID != tt.oid {
			t.Errorf("PublicKeyInfo = %q (%s), want %q (%s)", k, k.OID, tt.want, tt.oid)
		}
	}
}

// TestEKUDisplayName names the EKUs Windows names, and no other.
func TestEKUDisplayName(t *testing.T) {
	if got := certcheck.EKUDisplayName(certcheck.OIDConditionalAccess); got != "AAD Conditional Access" {
		t.Errorf("EKUDisplayName(1.3.6.1.4.1.311.87) = %q", got)
	}
	if got := certcheck.EKUDisplayName(asn1.ObjectIdentifier{1, 2, 3}); got != "" {
		t.Errorf("EKUDisplayName(1.2.3) = %q, want none", got)
	}
}
