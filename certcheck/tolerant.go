package certcheck

import (
	"bytes"
	"crypto/dsa" //nolint:staticcheck // DSA keys are only measured (see the bounds on tolerant reading)
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aovpnlint/aovpnlint/internal/wording"
)

// DefectKind is a class of encoding defect: a way a certificate departs
// from what RFC 5280 requires, for which Go's parser (and other strict
// TLS clients) refuse it. What Windows does with each class is the rule's
// business (CERT042), not the parser's.
type DefectKind int

// The classes of encoding defects.
const (
	// DefectOther is a defect Go's parser reports that no other class
	// names; the Defect says what Go said.
	DefectOther DefectKind = iota
	// DefectNegativeSerial is a negative serial number (RFC 5280 4.1.2.2).
	DefectNegativeSerial
	// DefectCriticalExtension is an extension RFC 5280 requires to be
	// non-critical (authority or subject key identifier, authority
	// information access) marked critical.
	DefectCriticalExtension
	// DefectDuplicateExtension is an extension that appears more than
	// once (RFC 5280 4.2).
	DefectDuplicateExtension
	// DefectRSAParameters is an RSA public key whose AlgorithmIdentifier
	// lacks the NULL parameters (RFC 3279 2.3.1).
	DefectRSAParameters
	// DefectTimeEncoding is a validity time not in the DER form RFC 5280
	// 4.1.2.5 requires (seconds, "Z", no fraction).
	DefectTimeEncoding
	// DefectNameString is a name attribute in a string type Go does not
	// read (UniversalString, VisibleString, GeneralString...).
	DefectNameString
	// DefectSubjectAltName is a subject alternative name Go refuses: a
	// dNSName, URI or e-mail address that is not valid (UTF-8 in a
	// dNSName, for one).
	DefectSubjectAltName
	// DefectNameConstraints is a name constraints extension Go refuses:
	// empty, or an IP constraint whose mask is not contiguous.
	DefectNameConstraints
	// DefectExtension is another extension Go cannot decode (basic
	// constraints, certificate policies, inhibit any policy, CRL
	// distribution points, key usage...).
	DefectExtension
	// DefectSignatureAlgorithms is a signature algorithm in the signed
	// part that differs from the one outside it (RFC 5280 4.1.1.2).
	DefectSignatureAlgorithms
	// DefectVersion is a version number other than 1, 2 or 3, or
	// extensions in a certificate that is not version 3.
	DefectVersion
)

// Defect is one encoding defect of a certificate that Go's parser refused
// and the tolerant parser read (see [Cert.Defects]).
type Defect struct {
	Kind DefectKind
	// What says what is malformed, in words ("the serial number is
	// negative (-4660)"), without a final period.
	What string
}

// maxDefects is the most defects recorded for one certificate; a
// certificate built with thousands of duplicate extensions gets the first
// ones, which are enough to say what is wrong.
const maxDefects = 8

// Bounds on the keys of certificates read tolerantly. The tolerant reader
// verifies no signature, and the signatures verified later are bounded
// on their own ([rsaRefused] in the loader and the signature cache; Go
// verifies no DSA signature); the bounds are kept so that the
// certificates read tolerantly are exactly those read before the reader
// replaced github.com/zmap/zcrypto, which verified the signature of a
// self-issued certificate while parsing it: an RSA key [rsaRefused]
// refuses, a DSA key over the largest sizes FIPS 186 defines, or a key of
// an algorithm with a parser (RSA, DSA, EC, Ed25519) that Go cannot parse
// keeps the certificate unread (IN005, with Go's error).
const (
	maxTolerantDSAPBits = 3072
	maxTolerantDSAQBits = 256
)

// parseCertificate parses a copy of der, so that the certificate (whose
// fields alias the bytes parsed) never keeps a large input alive: with
// Go's crypto/x509 first and, when Go refuses it, with the tolerant
// parser (see [readTolerantly]). A certificate read tolerantly carries its
// Defects; one neither parser reads returns Go's error.
func parseCertificate(der []byte) (*Cert, error) {
	der = bytes.Clone(der)
	c, err := x509.ParseCertificate(der)
	if err == nil {
		return &Cert{Certificate: c}, nil
	}
	t, defects, ok := readTolerantly(der, err)
	if !ok {
		return nil, err
	}
	return &Cert{Certificate: t, Defects: defects}, nil
}

// readTolerantly reads a certificate Go's parser refused with goErr, with
// the tolerant reader (lenient.go), into an ordinary crypto/x509
// certificate: the raw parts are those of der, the public key is Go's
// reading of the subject public key info when Go can parse it, nil
// otherwise. ok is false when der is not shaped as a certificate, when
// its key is outside the bounds above, or when the tolerant reader
// refuses it too.
func readTolerantly(der []byte, goErr error) (c *x509.Certificate, defects []Defect, ok bool) {
	s, pub, pubAlgo, ok := tolerantCandidate(der)
	if !ok {
		return nil, nil, false
	}
	tolerantReads.Add(1)
	if c, ok = lenientRead(der); !ok {
		return nil, nil, false
	}
	c.PublicKey, c.PublicKeyAlgorithm = pub, pubAlgo
	c.SignatureAlgorithm = goSignatureAlgorithm(s.outerAlg)
	return c, s.defects(goErr), true
}

// tolerantCandidate says whether der goes to the tolerant reader: at most
// MaxTolerantBytes, shaped as a certificate (its outer structure walked by
// the defect scan), with a key within the bounds above. It returns the scan and Go's reading of
// the key.
func tolerantCandidate(der []byte) (s *scanned, pub any, pubAlgo x509.PublicKeyAlgorithm, ok bool) {
	if len(der) > MaxTolerantBytes || derKind(der) != derCert {
		return nil, nil, 0, false
	}
	if s, ok = scanCertificate(der); !ok {
		return nil, nil, 0, false
	}
	pub, pubAlgo = publicKeyOf(s.spki)
	probe := &x509.Certificate{PublicKey: pub}
	if rsaRefused(probe) != "" || dsaTooLarge(pub) || pub == nil && unparsedKnownKey(s.spki) {
		return nil, nil, 0, false
	}
	return s, pub, pubAlgo, true
}

// knownKeys are the key algorithms whose keys are parsed (RSA, DSA, EC,
// Ed25519).
var knownKeys = []string{"1.2.840.113549.1.1.1", "1.2.840.10040.4.1", "1.2.840.10045.2.1", "1.3.101.112"}

// unparsedKnownKey reports a subject public key info of one of knownKeys
// (or one that cannot be read), for a key Go could not parse: such a
// certificate is not read tolerantly (see the bounds above).
func unparsedKnownKey(spki []byte) bool {
	var info struct {
		Algorithm pkix.AlgorithmIdentifier
		Key       asn1.BitString
	}
	if _, err := asn1.Unmarshal(spki, &info); err != nil {
		return true // unreadable: refuse it rather than guess
	}
	for _, oid := range knownKeys {
		if info.Algorithm.Algorithm.String() == oid {
			return true
		}
	}
	return false
}

// tolerantReads counts the certificates handed to the tolerant reader, for
// the tests.
var tolerantReads atomic.Int64

// minimalCert is a certificate Go parses, with "ALG" where its two
// signature algorithms go: goSignatureAlgorithm puts an algorithm there to
// have Go name it. Its key is an Ed25519 key of zeros, its names empty.
const minimalCert = "\x02\x01\x01" + "ALG" + "\x30\x00" +
	"\x30\x1e\x17\x0d260101000000Z\x17\x0d270101000000Z" + "\x30\x00" +
	"\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00" + "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"

// goSignatureAlgorithm returns the signature algorithm Go's parser names
// for the DER AlgorithmIdentifier alg, by parsing a minimal certificate
// that carries it: Go's own reading, RSA-PSS parameters and all.
func goSignatureAlgorithm(alg []byte) x509.SignatureAlgorithm {
	if len(alg) > 1024 {
		return x509.UnknownSignatureAlgorithm
	}
	tbs := strings.Replace(minimalCert, "ALG", string(alg), 1)
	body := appendTLV(nil, 0x30, []byte(tbs))
	body = append(body, alg...)
	body = appendTLV(body, 0x03, []byte{0})
	c, err := x509.ParseCertificate(appendTLV(nil, 0x30, body))
	if err != nil {
		return x509.UnknownSignatureAlgorithm
	}
	return c.SignatureAlgorithm
}

// appendTLV appends a DER element with the tag and content.
func appendTLV(out []byte, tag byte, content []byte) []byte {
	return append(appendLength(append(out, tag), len(content)), content...)
}

// dsaTooLarge reports a DSA key over the bounds above.
func dsaTooLarge(pub any) bool {
	k, ok := pub.(*dsa.PublicKey)
	return ok && (k.P == nil || k.Q == nil || k.P.BitLen() > maxTolerantDSAPBits || k.Q.BitLen() > maxTolerantDSAQBits)
}

// publicKeyOf parses a subject public key info as Go does, and reads an
// RSA key whose AlgorithmIdentifier lacks the NULL parameters as well;
// it returns a nil key (and UnknownPublicKeyAlgorithm) for a key Go
// cannot parse.
func publicKeyOf(spki []byte) (any, x509.PublicKeyAlgorithm) {
	pub, err := x509.ParsePKIXPublicKey(spki)
	if err != nil {
		var info struct {
			Algorithm pkix.AlgorithmIdentifier
			Key       asn1.BitString
		}
		if _, e := asn1.Unmarshal(spki, &info); e != nil || !info.Algorithm.Algorithm.Equal(oidRSAEncryption) {
			return nil, x509.UnknownPublicKeyAlgorithm
		}
		k, e := x509.ParsePKCS1PublicKey(info.Key.RightAlign())
		if e != nil {
			return nil, x509.UnknownPublicKeyAlgorithm
		}
		pub = k
	}
	switch pub.(type) {
	case *rsa.PublicKey:
		return pub, x509.RSA
	case *ecdsa.PublicKey:
		return pub, x509.ECDSA
	case ed25519.PublicKey:
		return pub, x509.Ed25519
	case *dsa.PublicKey:
		return pub, x509.DSA
	case *ecdh.PublicKey:
		return pub, x509.UnknownPublicKeyAlgorithm // X25519, as Go's certificate parser reports it
	}
	return nil, x509.UnknownPublicKeyAlgorithm
}

var (
	oidRSAEncryption = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidExtKeyUsage   = asn1.ObjectIdentifier{2, 5, 29, 37}
)

// extKeyUsages decodes an extended key usage extension as Go does: the
// usages Go names, and the others as OIDs.
func extKeyUsages(value []byte) (known []x509.ExtKeyUsage, unknown []asn1.ObjectIdentifier) {
	var oids []asn1.ObjectIdentifier
	if _, err := asn1.Unmarshal(value, &oids); err != nil {
		return nil, nil
	}
next:
	for _, oid := range oids {
		for u, o := range extKeyUsageOIDs() {
			if o.Equal(oid) {
				known = append(known, u)
				continue next
			}
		}
		unknown = append(unknown, oid)
	}
	return known, unknown
}

// pkixNameOf returns a distinguished name as Go's parser fills it, from its
// DER; when Go cannot decode it (a string type it does not read), from
// our own reading of the DER, each value decoded by its string type as
// [DN] decodes it (see [derString]), any other value as its bytes.
func pkixNameOf(raw []byte) pkix.Name {
	var n pkix.Name
	var rdns pkix.RDNSequence
	if rest, err := asn1.Unmarshal(raw, &rdns); err == nil && len(rest) == 0 && allDecoded(rdns) {
		n.FillFromRDNSequence(&rdns)
		return n
	}
	rdns = nil
	_, seq, _, ok := splitDER(raw)
	for ok && len(seq) > 0 {
		var set []byte
		if _, set, seq, ok = splitDER(seq); !ok {
			break
		}
		var rdn pkix.RelativeDistinguishedNameSET
		for len(set) > 0 {
			var atv []byte
			if _, atv, set, ok = splitDER(set); !ok {
				break
			}
			var oid asn1.ObjectIdentifier
			rest, err := asn1.Unmarshal(atv, &oid)
			if err != nil {
				continue
			}
			_, value, _, ok := splitDER(rest)
			if !ok {
				continue
			}
			s, decoded := derString(rest)
			if !decoded {
				s = strings.ToValidUTF8(string(value), "\ufffd")
			}
			rdn = append(rdn, pkix.AttributeTypeAndValue{Type: oid, Value: s})
		}
		if len(rdn) > 0 {
			rdns = append(rdns, rdn)
		}
	}
	n.FillFromRDNSequence(&rdns)
	return n
}

// allDecoded reports whether encoding/asn1 decoded every value of a name
// (it leaves a value of a string type it does not know nil).
func allDecoded(rdns pkix.RDNSequence) bool {
	for _, rdn := range rdns {
		for _, atv := range rdn {
			if atv.Value == nil {
				return false
			}
		}
	}
	return true
}

// scanned is what scanCertificate finds in a certificate's DER, for the
// defects Go's parser does not name all of (it stops at the first).
type scanned struct {
	spki     []byte // the subject public key info
	outerAlg []byte // the signature algorithm outside the signed part
	list     []Defect
}

func (s *scanned) add(k DefectKind, format string, args ...any) {
	if len(s.list) < maxDefects {
		s.list = append(s.list, Defect{Kind: k, What: fmt.Sprintf(format, args...)})
	}
}

// extensionNames names the extensions messages mention.
var extensionNames = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"2.5.29.14":          "subject key identifier",
		"2.5.29.15":          "key usage",
		"2.5.29.17":          "subject alternative name",
		"2.5.29.18":          "issuer alternative name",
		"2.5.29.19":          "basic constraints",
		"2.5.29.30":          "name constraints",
		"2.5.29.31":          "CRL distribution points",
		"2.5.29.32":          "certificate policies",
		"2.5.29.35":          "authority key identifier",
		"2.5.29.37":          "extended key usage",
		"2.5.29.54":          "inhibit any policy",
		"1.3.6.1.5.5.7.1.1":  "authority information access",
		"1.3.6.1.5.5.7.1.11": "subject information access",
	}
})

// mustNotBeCritical reports whether the extension oid is one RFC 5280
// requires to be non-critical and Go refuses when it is critical.
func mustNotBeCritical(oid string) bool {
	switch oid {
	case "2.5.29.14", "2.5.29.35", "1.3.6.1.5.5.7.1.1":
		return true
	}
	return false
}

func extensionName(oid string) string {
	if n, ok := extensionNames()[oid]; ok {
		return n + " extension (" + oid + ")"
	}
	return "extension " + oid
}

// goString reports whether Go's parser reads the string type t in a name.
func goString(t byte) bool {
	switch t {
	case 0x0c, 0x12, 0x13, 0x14, 0x16, 0x1e:
		return true
	}
	return false
}

// stringType names the other string types of a name.
func stringType(t byte) (name string, known bool) {
	switch t {
	case 0x15:
		return "VideotexString", true
	case 0x19:
		return "GraphicString", true
	case 0x1a:
		return "VisibleString", true
	case 0x1b:
		return "GeneralString", true
	case 0x1c:
		return "UniversalString", true
	}
	return "", false
}

// scanCertificate walks the DER of a certificate for the defects below;
// ok is false when its outer structure cannot be walked.
func scanCertificate(der []byte) (*scanned, bool) {
	s := &scanned{}
	_, cert, _, ok := splitDER(der)
	if !ok {
		return nil, false
	}
	_, tbs, rest, ok := splitDER(cert)
	if !ok {
		return nil, false
	}
	outerAlg, _, ok := element(rest)
	if !ok {
		return nil, false
	}
	s.outerAlg = outerAlg
	version := 0
	tag, content, after, ok := splitDER(tbs)
	if ok && tag == 0xa0 {
		if t, v, _, ok := splitDER(content); ok && t == 0x02 && len(v) == 1 {
			version = int(int8(v[0]))
		} else {
			version = -1
		}
		tbs = after
		tag, content, after, ok = splitDER(tbs)
	}
	switch {
	case version < 0:
		s.add(DefectVersion, "the version field is not a small integer; expected 1, 2 or 3")
	case version > 2:
		s.add(DefectVersion, "the version is %d; expected 1, 2 or 3", version+1)
	}
	if !ok || tag != 0x02 {
		return nil, false
	}
	if len(content) > 0 && content[0]&0x80 != 0 {
		n := new(big.Int).SetBytes(content)
		n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(content))))
		if len(content) <= 20 {
			s.add(DefectNegativeSerial, "the serial number is negative (%s)", n)
		} else {
			s.add(DefectNegativeSerial, "the serial number is negative (%d bytes)", len(content))
		}
	}
	tbs = after
	innerAlg, tbs, ok := element(tbs)
	if !ok {
		return nil, false
	}
	if !bytes.Equal(innerAlg, outerAlg) {
		s.add(DefectSignatureAlgorithms, "the signature algorithm inside the signed part differs from the one outside it")
	}
	var issuer, validity, subject []byte
	for _, p := range []*[]byte{&issuer, &validity, &subject, &s.spki} {
		if *p, tbs, ok = element(tbs); !ok {
			return nil, false
		}
	}
	s.names("issuer", issuer)
	s.times(validity)
	s.key()
	for len(tbs) > 0 {
		tag, content, tbs, ok = splitDER(tbs)
		if !ok {
			break
		}
		if tag == 0xa3 {
			if version >= 0 && version < 2 {
				s.add(DefectVersion, "a certificate of version %d has extensions; expected version 3", version+1)
			}
			s.extensions(content)
		}
	}
	s.names("subject", subject)
	return s, true
}

// element splits the first whole DER element off data.
func element(data []byte) (elem, rest []byte, ok bool) {
	_, _, rest, ok = splitDER(data)
	if !ok {
		return nil, nil, false
	}
	return data[:len(data)-len(rest)], rest, true
}

// names looks for an attribute in a string type Go does not read.
func (s *scanned) names(which string, name []byte) {
	_, rdns, _, ok := splitDER(name)
	for ok && len(rdns) > 0 {
		var set []byte
		if _, set, rdns, ok = splitDER(rdns); !ok {
			return
		}
		for len(set) > 0 {
			var atv []byte
			if _, atv, set, ok = splitDER(set); !ok {
				return
			}
			_, _, value, ok := splitDER(atv)
			if !ok || len(value) == 0 {
				return
			}
			if t := value[0]; !goString(t) {
				kind, known := stringType(t)
				if !known {
					kind = fmt.Sprintf("tag %d", t)
				}
				s.add(DefectNameString, "the %s has an attribute in a string type Go does not read (%s)", which, kind)
				return
			}
		}
	}
}

// times checks that both validity times are in the DER form.
func (s *scanned) times(validity []byte) {
	_, v, _, ok := splitDER(validity)
	for _, which := range []string{"notBefore", "notAfter"} {
		if !ok {
			return
		}
		var tag byte
		var t []byte
		if tag, t, v, ok = splitDER(v); !ok {
			return
		}
		want := map[byte]int{0x17: 13, 0x18: 15}[tag]
		good := want > 0 && len(t) == want && t[len(t)-1] == 'Z'
		for _, b := range t[:max(len(t)-1, 0)] {
			good = good && b >= '0' && b <= '9'
		}
		if !good {
			form := map[byte]string{0x17: "UTCTime YYMMDDHHMMSSZ", 0x18: "GeneralizedTime YYYYMMDDHHMMSSZ"}[tag]
			if form == "" {
				form = "UTCTime or GeneralizedTime"
			}
			s.add(DefectTimeEncoding, "the %s time %s is not in the DER form %s", which, wording.Inline(string(t)), form)
		}
	}
}

// key checks the parameters of an RSA key's AlgorithmIdentifier.
func (s *scanned) key() {
	_, spki, _, ok := splitDER(s.spki)
	if !ok {
		return
	}
	_, alg, _, ok := splitDER(spki)
	if !ok {
		return
	}
	oid, params, ok := element(alg)
	if !ok || !bytes.Equal(oid, []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01}) {
		return
	}
	if !bytes.Equal(params, []byte{0x05, 0x00}) {
		s.add(DefectRSAParameters, "the RSA key's algorithm identifier lacks the NULL parameters RFC 3279 requires")
	}
}

// extensions looks for duplicate extensions and for those marked critical
// that must not be.
func (s *scanned) extensions(content []byte) {
	_, exts, _, ok := splitDER(content)
	seen := map[string]int{}
	for ok && len(exts) > 0 {
		var ext []byte
		if _, ext, exts, ok = splitDER(exts); !ok {
			return
		}
		tag, _, rest, ok := splitDER(ext)
		if !ok || tag != 0x06 {
			return
		}
		var oid asn1.ObjectIdentifier
		if _, err := asn1.Unmarshal(ext[:len(ext)-len(rest)], &oid); err != nil {
			return
		}
		key := oid.String()
		seen[key]++
		if seen[key] == 2 {
			s.add(DefectDuplicateExtension, "the %s appears more than once", extensionName(key))
		}
		if t, v, _, ok := splitDER(rest); ok && t == 0x01 && len(v) == 1 && v[0] != 0 && mustNotBeCritical(key) && seen[key] == 1 {
			s.add(DefectCriticalExtension, "the %s is marked critical; RFC 5280 requires it non-critical", extensionName(key))
		}
	}
}

// goDefects names the defect Go's parser stopped at, by the words of its
// error; phrases are matched in order, the first that occurs wins.
var goDefects = []struct {
	phrase string
	kind   DefectKind
}{
	{"negative serial", DefectNegativeSerial},
	{"basic constraints", DefectExtension},
	{"incorrectly marked critical", DefectCriticalExtension},
	{"duplicate extension", DefectDuplicateExtension},
	{"NULL parameters", DefectRSAParameters},
	{"Time", DefectTimeEncoding},
	{"RDNSequence", DefectNameString},
	{"SAN ", DefectSubjectAltName},
	{"constraint", DefectNameConstraints},
	{"signature algorithm identifiers", DefectSignatureAlgorithms},
	{"invalid version", DefectVersion},
	{"policies", DefectExtension},
	{"policy", DefectExtension},
	{"distribution points", DefectExtension},
	{"key usage", DefectExtension},
	{"extension", DefectExtension},
}

// defects returns the defects found by the scan, and the one Go's parser
// stopped at when the scan did not find one of its class.
func (s *scanned) defects(goErr error) []Defect {
	out := s.list
	msg := goErr.Error()
	kind := DefectOther
	for _, g := range goDefects {
		if strings.Contains(msg, g.phrase) {
			kind = g.kind
			break
		}
	}
	for _, d := range out {
		if d.Kind == kind {
			return out
		}
	}
	d := Defect{Kind: kind, What: "Go's parser reports " + wording.Inline(strings.TrimPrefix(msg, "x509: "))}
	return append([]Defect{d}, out...)
}
