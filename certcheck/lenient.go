package certcheck

// The tolerant certificate reader: it reads a DER certificate crypto/x509
// refuses and fills an ordinary *x509.Certificate with what the checks and
// `cert show` read. It accepts what github.com/zmap/zcrypto/x509 (the
// parser zlint reads certificates from the wild with, which certcheck used
// before) accepts and refuses what it refuses, as far as the samples and
// the differential tests show (zcrypto_diff_internal_test.go): the
// structure is decoded by encoding/asn1, from which zcrypto's own ASN.1
// decoder was forked, and the few places where the two decoders differ
// (a GeneralizedTime with a fraction, BMPString code points, BOOLEAN
// values in a name) are decided here as zcrypto decides them. No
// signature is verified and no recursion follows the input's nesting:
// the work is proportional to the input.

import (
	"bytes"
	"crypto/elliptic"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/binary"
	"math/big"
	"net/url"
	"time"
)

type lenientCert struct {
	Raw      asn1.RawContent
	TBS      lenientTBS
	SigAlg   pkix.AlgorithmIdentifier
	SigValue asn1.BitString
}

type lenientTBS struct {
	Raw             asn1.RawContent
	Version         int `asn1:"optional,explicit,default:0,tag:0"`
	SerialNumber    *big.Int
	SigAlg          pkix.AlgorithmIdentifier
	Issuer          asn1.RawValue
	Validity        lenientValidity
	Subject         asn1.RawValue
	PublicKey       lenientSPKI
	IssuerUniqueID  asn1.BitString   `asn1:"optional,tag:1"`
	SubjectUniqueID asn1.BitString   `asn1:"optional,tag:2"`
	Extensions      []pkix.Extension `asn1:"optional,explicit,tag:3"`
}

// lenientValidity keeps the times raw: they are decoded by lenientTime.
type lenientValidity struct {
	NotBefore, NotAfter asn1.RawValue
}

type lenientSPKI struct {
	Raw       asn1.RawContent
	Algorithm pkix.AlgorithmIdentifier
	PublicKey asn1.BitString
}

// lenientATV is an attribute of a name with its value kept raw, for
// lenientValue to judge.
type lenientATV struct {
	Type  asn1.ObjectIdentifier
	Value asn1.RawValue
}

// lenientRDNSET is one relative distinguished name (encoding/asn1 reads a
// slice type whose name ends in SET as a SET).
type lenientRDNSET []lenientATV

type lenientRDNSequence []lenientRDNSET

type lenientBasicConstraints struct {
	IsCA       bool `asn1:"optional"`
	MaxPathLen int  `asn1:"optional,default:-1"`
}

type lenientSubtree struct {
	Value asn1.RawValue `asn1:"optional"`
	Min   int           `asn1:"tag:0,default:0,optional"`
	Max   int           `asn1:"tag:1,optional"`
}

type lenientNameConstraints struct {
	Permitted []lenientSubtree `asn1:"optional,tag:0"`
	Excluded  []lenientSubtree `asn1:"optional,tag:1"`
}

type lenientDistributionPoint struct {
	DistributionPoint lenientDPName  `asn1:"optional,tag:0"`
	Reason            asn1.BitString `asn1:"optional,tag:1"`
	CRLIssuer         asn1.RawValue  `asn1:"optional,tag:2"`
}

type lenientDPName struct {
	FullName     asn1.RawValue      `asn1:"optional,tag:0"`
	RelativeName lenientRDNSequence `asn1:"optional,tag:1"`
}

type lenientAuthKeyID struct {
	ID []byte `asn1:"optional,tag:0"`
}

type lenientPolicy struct {
	Policy     asn1.ObjectIdentifier
	Qualifiers []lenientQualifier `asn1:"optional"`
}

type lenientQualifier struct {
	ID        asn1.ObjectIdentifier
	Qualifier asn1.RawValue
}

type lenientUserNotice struct {
	NoticeRef    lenientNoticeRef `asn1:"optional"`
	ExplicitText asn1.RawValue    `asn1:"optional"`
}

type lenientNoticeRef struct {
	Organization  asn1.RawValue
	NoticeNumbers []int
}

type lenientAccess struct {
	Method   asn1.ObjectIdentifier
	Location asn1.RawValue
}

type lenientOtherName struct {
	TypeID asn1.ObjectIdentifier
	Value  asn1.RawValue `asn1:"explicit"`
}

type lenientEDIPartyName struct {
	NameAssigner string `asn1:"tag:0,optional,explicit"`
	PartyName    string `asn1:"tag:1,explicit"`
}

type lenientCABFOrganizationID struct {
	Scheme    string `asn1:"printable"`
	Country   string `asn1:"printable"`
	State     string `asn1:"printable,optional,tag:0"`
	Reference string `asn1:"utf8"`
}

type lenientQCStatement struct {
	ID   asn1.ObjectIdentifier
	Info asn1.RawValue `asn1:"optional"`
}

type lenientMonetaryString struct {
	Currency string `asn1:"printable"`
	Amount   int
	Exponent int
}

type lenientMonetaryNumber struct {
	Currency int
	Amount   int
	Exponent int
}

type lenientPDSLocation struct {
	URL      string `asn1:"ia5"`
	Language string `asn1:"printable"`
}

var (
	oidKeyDSA          = asn1.ObjectIdentifier{1, 2, 840, 10040, 4, 1}
	oidKeyEC           = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidKeyEd25519      = asn1.ObjectIdentifier{1, 3, 101, 112}
	oidKeyX25519       = asn1.ObjectIdentifier{1, 3, 101, 110}
	oidAIA             = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 1, 1}
	oidAccessOCSP      = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 1}
	oidAccessIssuers   = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 2}
	oidSCTList         = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 11129, 2, 4, 2}
	oidPrecertPoison   = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 11129, 2, 4, 3}
	oidTorDescriptor   = asn1.ObjectIdentifier{2, 23, 140, 1, 31}
	oidCABFOrgID       = asn1.ObjectIdentifier{2, 23, 140, 3, 1}
	oidQCStatements    = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 1, 3}
	oidQualifierNotice = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 2, 2}
	oidQualifierCPS    = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 2, 1}
	oidQCCompliance    = asn1.ObjectIdentifier{0, 4, 0, 1862, 1, 1}
	oidQCLimit         = asn1.ObjectIdentifier{0, 4, 0, 1862, 1, 2}
	oidQCRetention     = asn1.ObjectIdentifier{0, 4, 0, 1862, 1, 3}
	oidQCSSCD          = asn1.ObjectIdentifier{0, 4, 0, 1862, 1, 4}
	oidQCPDS           = asn1.ObjectIdentifier{0, 4, 0, 1862, 1, 5}
	oidQCType          = asn1.ObjectIdentifier{0, 4, 0, 1862, 1, 6}
	oidQCLegislation   = asn1.ObjectIdentifier{0, 4, 0, 1862, 1, 7}
	// lenientCurves are the named curves whose keys are read.
	lenientCurves = []struct {
		oid   asn1.ObjectIdentifier
		curve func() elliptic.Curve
	}{
		{asn1.ObjectIdentifier{1, 3, 132, 0, 33}, elliptic.P224},
		{asn1.ObjectIdentifier{1, 2, 840, 10045, 3, 1, 7}, elliptic.P256},
		{asn1.ObjectIdentifier{1, 3, 132, 0, 34}, elliptic.P384},
		{asn1.ObjectIdentifier{1, 3, 132, 0, 35}, elliptic.P521},
	}
)

// lenientRead reads der tolerantly and fills a crypto/x509 certificate
// with what the checks and `cert show` read (the public key and signature
// algorithm are set by the caller); false when der is not read.
func lenientRead(der []byte) (*x509.Certificate, bool) {
	var lc lenientCert
	if rest, err := asn1.Unmarshal(der, &lc); err != nil || len(rest) > 0 {
		return nil, false
	}
	tbs := &lc.TBS
	if !lenientKey(&tbs.PublicKey) || !lenientName(tbs.Subject.FullBytes) || !lenientName(tbs.Issuer.FullBytes) {
		return nil, false
	}
	notBefore, ok1 := lenientTime(tbs.Validity.NotBefore)
	notAfter, ok2 := lenientTime(tbs.Validity.NotAfter)
	if !ok1 || !ok2 {
		return nil, false
	}
	c := &x509.Certificate{
		Raw:                     lc.Raw,
		RawTBSCertificate:       tbs.Raw,
		RawSubjectPublicKeyInfo: tbs.PublicKey.Raw,
		RawSubject:              tbs.Subject.FullBytes,
		RawIssuer:               tbs.Issuer.FullBytes,
		Signature:               lc.SigValue.RightAlign(),
		Version:                 tbs.Version + 1,
		SerialNumber:            tbs.SerialNumber,
		Issuer:                  pkixNameOf(tbs.Issuer.FullBytes),
		Subject:                 pkixNameOf(tbs.Subject.FullBytes),
		NotBefore:               notBefore,
		NotAfter:                notAfter,
	}
	if c.SerialNumber == nil {
		c.SerialNumber = new(big.Int)
	}
	var e lenientExtensions
	for _, ext := range tbs.Extensions {
		if !e.read(ext) {
			return nil, false
		}
	}
	if c.Version < 3 {
		// Go reads no extension in a version 1 or 2 certificate.
		c.MaxPathLen = -1
		return c, true
	}
	e.fill(c, tbs.Extensions)
	return c, true
}

// lenientTime decodes a validity time as encoding/asn1 does, except a
// GeneralizedTime with a fraction of a second, which is refused (RFC 5280
// 4.1.2.5.2 forbids it, and zcrypto refuses it).
func lenientTime(v asn1.RawValue) (time.Time, bool) {
	var t time.Time
	if _, err := asn1.Unmarshal(v.FullBytes, &t); err != nil {
		return time.Time{}, false
	}
	if v.Tag == asn1.TagGeneralizedTime && bytes.ContainsAny(v.Bytes, ".,") {
		return time.Time{}, false
	}
	return t, true
}

// lenientName reports whether raw is a distinguished name that is read:
// a SEQUENCE of SETs of attributes whose values lenientValue accepts.
func lenientName(raw []byte) bool {
	var rdns lenientRDNSequence
	if _, err := asn1.Unmarshal(raw, &rdns); err != nil {
		return false
	}
	return lenientValues(rdns)
}

// lenientValues reports whether every value of a name is read.
func lenientValues(rdns lenientRDNSequence) bool {
	for _, set := range rdns {
		for _, atv := range set {
			if !lenientValue(atv.Value) {
				return false
			}
		}
	}
	return true
}

// lenientValue reports whether an attribute value is read: encoding/asn1's
// reading of an ANY value, except that a BOOLEAN is not decoded (any byte
// is accepted), a BMPString needs only an even length (unpaired
// surrogates and non-characters are accepted) and a GeneralizedTime must
// have no fraction.
func lenientValue(v asn1.RawValue) bool {
	if v.IsCompound || v.Class != asn1.ClassUniversal {
		return true
	}
	switch v.Tag {
	case asn1.TagBoolean:
		return true
	case asn1.TagBMPString:
		return len(v.Bytes)%2 == 0
	}
	var x any
	if _, err := asn1.Unmarshal(v.FullBytes, &x); err != nil {
		return false
	}
	return v.Tag != asn1.TagGeneralizedTime || !bytes.ContainsAny(v.Bytes, ".,")
}

// lenientKey reports whether the subject public key is read: a key of an
// algorithm it knows must be well formed (an RSA modulus and exponent
// above zero, DSA parameters above zero, an EC point on one of the four
// NIST curves, an Ed25519 or X25519 key of at most 32 bytes); a key of
// another algorithm is not looked at.
func lenientKey(k *lenientSPKI) bool {
	data := k.PublicKey.RightAlign()
	params := k.Algorithm.Parameters.FullBytes
	switch alg := k.Algorithm.Algorithm; {
	case alg.Equal(oidRSAEncryption):
		var p struct{ N, E *big.Int }
		rest, err := asn1.Unmarshal(data, &p)
		return err == nil && len(rest) == 0 && p.N.Sign() > 0 && p.E.Sign() > 0
	case alg.Equal(oidKeyDSA):
		var y *big.Int
		if rest, err := asn1.Unmarshal(data, &y); err != nil || len(rest) > 0 {
			return false
		}
		var p struct{ P, Q, G *big.Int }
		rest, err := asn1.Unmarshal(params, &p)
		return err == nil && len(rest) == 0 && y.Sign() > 0 && p.P.Sign() > 0 && p.Q.Sign() > 0 && p.G.Sign() > 0
	case alg.Equal(oidKeyEC):
		var curve asn1.ObjectIdentifier
		if rest, err := asn1.Unmarshal(params, &curve); err != nil || len(rest) > 0 {
			return false
		}
		for _, c := range lenientCurves {
			if c.oid.Equal(curve) {
				x, _ := elliptic.Unmarshal(c.curve(), data) //nolint:staticcheck // only says whether the point is on the curve
				return x != nil
			}
		}
		return false
	case alg.Equal(oidKeyEd25519), alg.Equal(oidKeyX25519):
		return len(data) <= 32
	}
	return true
}

// lenientExtensions is what the extensions say, the last of duplicates
// winning where a field holds one value.
type lenientExtensions struct {
	keyUsage                      x509.KeyUsage
	bcValid, isCA, maxPathLenZero bool
	maxPathLen                    int
	dnsNames, emails, uris        []string
	ips                           [][]byte
	ncCritical                    bool
	permittedDNS, excludedDNS     []string
	permittedEmail, excludedMail  []string
	permittedURI, excludedURI     []string
	permittedIP, excludedIP       [][]byte // address then mask
	crlDP                         []string
	authorityKeyID, subjectKeyID  []byte
	policies                      []asn1.ObjectIdentifier
	ocsp, issuers                 []string
}

// read decodes one extension; false when it is malformed in a way that
// makes the certificate unread (extensions of unknown type never are,
// nor a malformed key usage or basic constraints, which are ignored).
func (e *lenientExtensions) read(ext pkix.Extension) bool {
	id := ext.Id
	if len(id) == 4 && id[0] == 2 && id[1] == 5 && id[2] == 29 {
		switch id[3] {
		case 15: // key usage
			var bits asn1.BitString
			if _, err := asn1.Unmarshal(ext.Value, &bits); err == nil {
				var usage int
				for i := 0; i < 9; i++ {
					if bits.At(i) != 0 {
						usage |= 1 << uint(i)
					}
				}
				e.keyUsage = x509.KeyUsage(usage)
			}
		case 19: // basic constraints
			var bc lenientBasicConstraints
			if _, err := asn1.Unmarshal(ext.Value, &bc); err == nil {
				e.bcValid, e.isCA, e.maxPathLen, e.maxPathLenZero = true, bc.IsCA, bc.MaxPathLen, bc.MaxPathLen == 0
			}
		case 17: // subject alternative name
			var ok bool
			if e.dnsNames, e.emails, e.uris, e.ips, ok = lenientGeneralNames(ext.Value); !ok {
				return false
			}
		case 18: // issuer alternative name
			if _, _, _, _, ok := lenientGeneralNames(ext.Value); !ok {
				return false
			}
		case 30:
			return e.nameConstraints(ext)
		case 31:
			return e.distributionPoints(ext.Value)
		case 35:
			var a lenientAuthKeyID
			if _, err := asn1.Unmarshal(ext.Value, &a); err != nil {
				return false
			}
			e.authorityKeyID = a.ID
		case 37:
			var usages []asn1.ObjectIdentifier
			_, err := asn1.Unmarshal(ext.Value, &usages)
			return err == nil
		case 14:
			var id []byte
			if _, err := asn1.Unmarshal(ext.Value, &id); err != nil {
				return false
			}
			e.subjectKeyID = id
		case 32:
			return e.certificatePolicies(ext.Value)
		}
		return true
	}
	switch {
	case id.Equal(oidAIA):
		var aia []lenientAccess
		if _, err := asn1.Unmarshal(ext.Value, &aia); err != nil {
			return false
		}
		for _, a := range aia {
			if a.Location.Tag != 6 {
				continue
			}
			if a.Method.Equal(oidAccessOCSP) {
				e.ocsp = append(e.ocsp, string(a.Location.Bytes))
			} else if a.Method.Equal(oidAccessIssuers) {
				e.issuers = append(e.issuers, string(a.Location.Bytes))
			}
		}
	case id.Equal(oidSCTList):
		return lenientSCTList(ext.Value)
	case id.Equal(oidPrecertPoison):
		return bytes.Equal(ext.Value, []byte{0x05, 0x00})
	case id.Equal(oidTorDescriptor):
		return lenientTorDescriptors(ext.Value)
	case id.Equal(oidCABFOrgID):
		var o lenientCABFOrganizationID
		_, err := asn1.Unmarshal(bmpAsZcrypto(ext.Value), &o)
		return err == nil
	case id.Equal(oidQCStatements):
		return lenientQCStatements(ext.Value)
	}
	return true
}

// lenientGeneralNames decodes GeneralNames: the DNS names, e-mail
// addresses, URIs and IP addresses, the other forms checked and dropped.
func lenientGeneralNames(value []byte) (dns, emails, uris []string, ips [][]byte, ok bool) {
	var seq asn1.RawValue
	if _, err := asn1.Unmarshal(value, &seq); err != nil || !seq.IsCompound || seq.Tag != asn1.TagSequence || seq.Class != asn1.ClassUniversal {
		return nil, nil, nil, nil, false
	}
	for rest := seq.Bytes; len(rest) > 0; {
		var v asn1.RawValue
		var err error
		if rest, err = asn1.Unmarshal(rest, &v); err != nil {
			return nil, nil, nil, nil, false
		}
		switch v.Tag {
		case 0:
			var o lenientOtherName
			_, err = asn1.UnmarshalWithParams(v.FullBytes, &o, "tag:0")
		case 1:
			emails = append(emails, string(v.Bytes))
		case 2:
			dns = append(dns, string(v.Bytes))
		case 4:
			if !lenientName(v.Bytes) {
				return nil, nil, nil, nil, false
			}
		case 5:
			var edi lenientEDIPartyName
			_, err = asn1.UnmarshalWithParams(bmpAsZcrypto(v.FullBytes), &edi, "tag:5")
		case 6:
			uris = append(uris, string(v.Bytes))
		case 7:
			if len(v.Bytes) != 4 && len(v.Bytes) != 16 {
				return nil, nil, nil, nil, false
			}
			ips = append(ips, v.Bytes)
		case 8:
			var id asn1.ObjectIdentifier
			_, err = asn1.UnmarshalWithParams(v.FullBytes, &id, "tag:8")
		}
		if err != nil {
			return nil, nil, nil, nil, false
		}
	}
	return dns, emails, uris, ips, true
}

// nameConstraints decodes a name constraints extension.
func (e *lenientExtensions) nameConstraints(ext pkix.Extension) bool {
	var nc lenientNameConstraints
	if _, err := asn1.Unmarshal(ext.Value, &nc); err != nil {
		return false
	}
	if ext.Critical {
		e.ncCritical = true
	}
	for i, list := range [][]lenientSubtree{nc.Permitted, nc.Excluded} {
		permitted := i == 0
		for _, s := range list {
			v := s.Value
			var err error
			switch v.Tag {
			case 1:
				if permitted {
					e.permittedEmail = append(e.permittedEmail, string(v.Bytes))
				} else {
					e.excludedMail = append(e.excludedMail, string(v.Bytes))
				}
			case 2:
				if permitted {
					e.permittedDNS = append(e.permittedDNS, string(v.Bytes))
				} else {
					e.excludedDNS = append(e.excludedDNS, string(v.Bytes))
				}
			case 4:
				if !lenientName(v.Bytes) {
					return false
				}
			case 5:
				var edi lenientEDIPartyName
				if permitted {
					_, err = asn1.UnmarshalWithParams(bmpAsZcrypto(v.FullBytes), &edi, "tag:5")
				} else {
					_, err = asn1.Unmarshal(bmpAsZcrypto(v.Bytes), &edi)
				}
			case 6:
				if permitted {
					e.permittedURI = append(e.permittedURI, string(v.Bytes))
				} else {
					e.excludedURI = append(e.excludedURI, string(v.Bytes))
				}
			case 7:
				if len(v.Bytes) != 2*4 && len(v.Bytes) != 2*16 {
					return false
				}
				if permitted {
					e.permittedIP = append(e.permittedIP, v.Bytes)
				} else {
					e.excludedIP = append(e.excludedIP, v.Bytes)
				}
			case 8:
				var id asn1.ObjectIdentifier
				if permitted {
					_, err = asn1.UnmarshalWithParams(v.FullBytes, &id, "tag:8")
				} else {
					_, err = asn1.Unmarshal(v.Bytes, &id)
				}
			}
			if err != nil {
				return false
			}
		}
	}
	return true
}

// distributionPoints decodes a CRL distribution points extension: the
// URIs of the full names.
func (e *lenientExtensions) distributionPoints(value []byte) bool {
	var dps []lenientDistributionPoint
	if _, err := asn1.Unmarshal(value, &dps); err != nil {
		return false
	}
	for _, dp := range dps {
		if !lenientValues(dp.DistributionPoint.RelativeName) {
			return false
		}
	}
	for _, dp := range dps {
		for names := dp.DistributionPoint.FullName.Bytes; len(names) > 0; {
			var n asn1.RawValue
			var err error
			if names, err = asn1.Unmarshal(names, &n); err != nil {
				return false
			}
			if n.Tag == 6 {
				e.crlDP = append(e.crlDP, string(n.Bytes))
			}
		}
	}
	return true
}

// certificatePolicies decodes a certificate policies extension: the
// policy identifiers; a user notice or CPS qualifier must decode.
func (e *lenientExtensions) certificatePolicies(value []byte) bool {
	var policies []lenientPolicy
	if _, err := asn1.Unmarshal(value, &policies); err != nil {
		return false
	}
	e.policies = nil
	for _, p := range policies {
		e.policies = append(e.policies, p.Policy)
		for _, q := range p.Qualifiers {
			var err error
			if q.ID.Equal(oidQualifierNotice) {
				var un lenientUserNotice
				_, err = asn1.Unmarshal(q.Qualifier.FullBytes, &un)
			} else if q.ID.Equal(oidQualifierCPS) {
				var raw asn1.RawValue
				_, err = asn1.Unmarshal(q.Qualifier.FullBytes, &raw)
			}
			if err != nil {
				return false
			}
		}
	}
	return true
}

// lenientSCTList checks a signed certificate timestamp list (RFC 6962
// 3.3): an OCTET STRING holding a length and SCTs, each a length and a
// version 1 SCT long enough for its fields (the list's own length and
// bytes after an SCT's fields are not checked).
func lenientSCTList(value []byte) bool {
	var list []byte
	if _, err := asn1.Unmarshal(value, &list); err != nil || len(list) < 2 {
		return false
	}
	for list = list[2:]; len(list) > 0; {
		if len(list) < 2 {
			return false
		}
		n := 2 + int(binary.BigEndian.Uint16(list))
		if n > len(list) {
			return false
		}
		if !lenientSCT(list[2:n]) {
			return false
		}
		list = list[n:]
	}
	return true
}

// lenientSCT checks one SCT: version 0 (v1), log ID and timestamp, then
// the extensions with their length, the hash and signature algorithms,
// and the signature with its length (bytes after it are not looked at).
func lenientSCT(sct []byte) bool {
	const fixed = 1 + 32 + 8
	if len(sct) < fixed || sct[0] != 0 {
		return false
	}
	sct, ok := lenientSkip(sct[fixed:])
	if !ok || len(sct) < 2 {
		return false
	}
	_, ok = lenientSkip(sct[2:])
	return ok
}

// lenientSkip skips a field of bytes after its 2-byte length.
func lenientSkip(data []byte) ([]byte, bool) {
	if len(data) < 2 {
		return nil, false
	}
	n := 2 + int(binary.BigEndian.Uint16(data))
	if n > len(data) {
		return nil, false
	}
	return data[n:], true
}

// lenientTorDescriptors checks a CA/Browser Forum Tor service descriptor
// extension: a SEQUENCE of SEQUENCEs of a UTF8String, an algorithm
// identifier and a BIT STRING, nothing after.
func lenientTorDescriptors(value []byte) bool {
	var seq asn1.RawValue
	rest, err := asn1.Unmarshal(value, &seq)
	if err != nil || len(rest) > 0 || !lenientIsSequence(seq) {
		return false
	}
	for data := seq.Bytes; len(data) > 0; {
		var outer asn1.RawValue
		if data, err = asn1.Unmarshal(data, &outer); err != nil || !lenientIsSequence(outer) {
			return false
		}
		fields := outer.Bytes
		var onion asn1.RawValue
		if fields, err = asn1.Unmarshal(fields, &onion); err != nil || onion.Tag != asn1.TagUTF8String || onion.Class != asn1.ClassUniversal || onion.IsCompound {
			return false
		}
		var alg pkix.AlgorithmIdentifier
		if fields, err = asn1.Unmarshal(fields, &alg); err != nil {
			return false
		}
		var hash asn1.BitString
		if fields, err = asn1.Unmarshal(fields, &hash); err != nil || len(fields) > 0 {
			return false
		}
	}
	return true
}

func lenientIsSequence(v asn1.RawValue) bool {
	return v.Tag == asn1.TagSequence && v.Class == asn1.ClassUniversal && v.IsCompound
}

// lenientQCStatements checks a qualified certificate statements extension
// (ETSI EN 319 412-5): the statements ETSI defines must hold what it says.
func lenientQCStatements(value []byte) bool {
	var statements []lenientQCStatement
	if _, err := asn1.Unmarshal(value, &statements); err != nil {
		return false
	}
	for _, s := range statements {
		val := s.Info.FullBytes
		var err error
		switch id := s.ID; {
		case id.Equal(oidQCCompliance), id.Equal(oidQCSSCD):
			if val != nil {
				return false
			}
		case id.Equal(oidQCLimit):
			var ms lenientMonetaryString
			if _, err = asn1.Unmarshal(bmpAsZcrypto(val), &ms); err != nil {
				var mn lenientMonetaryNumber
				_, err = asn1.Unmarshal(val, &mn)
			}
		case id.Equal(oidQCRetention):
			var years int
			_, err = asn1.Unmarshal(val, &years)
		case id.Equal(oidQCPDS):
			var locations []lenientPDSLocation
			_, err = asn1.Unmarshal(bmpAsZcrypto(val), &locations)
		case id.Equal(oidQCType):
			var types []asn1.ObjectIdentifier
			_, err = asn1.Unmarshal(val, &types)
		case id.Equal(oidQCLegislation):
			var countries []string
			_, err = asn1.Unmarshal(bmpAsZcrypto(val), &countries)
		}
		if err != nil {
			return false
		}
	}
	return true
}

// fill copies what the extensions say into c, a version 3 certificate.
func (e *lenientExtensions) fill(c *x509.Certificate, exts []pkix.Extension) {
	c.KeyUsage = e.keyUsage
	c.BasicConstraintsValid, c.IsCA, c.MaxPathLen, c.MaxPathLenZero = e.bcValid, e.isCA, e.maxPathLen, e.maxPathLenZero
	if !c.BasicConstraintsValid {
		c.MaxPathLen = -1 // as the zcrypto conversion did (Go reports 0; the checks read -1 and 0 without MaxPathLenZero alike)
	}
	c.SubjectKeyId, c.AuthorityKeyId = e.subjectKeyID, e.authorityKeyID
	c.OCSPServer, c.IssuingCertificateURL = e.ocsp, e.issuers
	c.DNSNames, c.EmailAddresses = e.dnsNames, e.emails
	for _, ip := range e.ips {
		c.IPAddresses = append(c.IPAddresses, ip)
	}
	c.CRLDistributionPoints = e.crlDP
	c.PermittedDNSDomainsCritical = e.ncCritical
	c.PermittedDNSDomains, c.ExcludedDNSDomains = e.permittedDNS, e.excludedDNS
	for _, b := range e.permittedIP {
		r := newElem(c.PermittedIPRanges)
		r.IP, r.Mask = b[:len(b)/2], b[len(b)/2:]
		c.PermittedIPRanges = append(c.PermittedIPRanges, r)
	}
	for _, b := range e.excludedIP {
		r := newElem(c.ExcludedIPRanges)
		r.IP, r.Mask = b[:len(b)/2], b[len(b)/2:]
		c.ExcludedIPRanges = append(c.ExcludedIPRanges, r)
	}
	c.PermittedEmailAddresses, c.ExcludedEmailAddresses = e.permittedEmail, e.excludedMail
	c.PermittedURIDomains, c.ExcludedURIDomains = e.permittedURI, e.excludedURI
	for _, x := range exts {
		c.Extensions = append(c.Extensions, x)
		if x.Id.Equal(oidExtKeyUsage) {
			c.ExtKeyUsage, c.UnknownExtKeyUsage = extKeyUsages(x.Value)
		}
	}
	for _, u := range e.uris {
		if p, err := url.Parse(u); err == nil {
			c.URIs = append(c.URIs, p)
		}
	}
	for _, id := range e.policies {
		c.PolicyIdentifiers = append(c.PolicyIdentifiers, id)
		if o, err := x509.OIDFromInts(oidUint64s(id)); err == nil {
			c.Policies = append(c.Policies, o)
		}
	}
}

// newElem returns a new element for a slice of pointers: a *net.IPNet for
// the IP ranges of name constraints, without importing net (certcheck
// imports no network package: TestNoNetworkImports).
func newElem[T any](_ []*T) *T { return new(T) }

// oidUint64s returns the arcs of id, nil when one is negative.
func oidUint64s(id asn1.ObjectIdentifier) []uint64 {
	out := make([]uint64, len(id))
	for i, n := range id {
		if n < 0 {
			return nil
		}
		out[i] = uint64(n)
	}
	return out
}

// bmpAsZcrypto returns der, the encoding of a structure whose string
// fields are decoded only to be checked (EDI party names, CA/Browser Forum
// organisation identifiers, QC statements), with the code units of each
// BMPString that encoding/asn1 refuses and zcrypto's decoder accepts (an
// unpaired surrogate, a non-character) replaced by 'A', so that decoding
// it accepts what zcrypto accepted; der itself when it has none. The
// values are thrown away after the check, so the replacement shows
// nowhere. Elements are walked in order with a stack, not recursion; an
// encoding the walk cannot follow is returned as it is (and refused by
// the decoder if it is malformed).
func bmpAsZcrypto(der []byte) []byte {
	var out []byte // a copy, made at the first replacement
	stack := [][2]int{{0, len(der)}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top[0] >= top[1] {
			stack = stack[:len(stack)-1]
			continue
		}
		tag, constructed, start, end, ok := tlv(der, top[0], top[1])
		if !ok {
			return firstOf(out, der)
		}
		top[0] = end
		switch {
		case constructed:
			stack = append(stack, [2]int{start, end})
		case tag == asn1.TagBMPString && (end-start)%2 == 0:
			for k := start; k+1 < end; k += 2 {
				if u := uint16(der[k])<<8 | uint16(der[k+1]); goRefusesBMP(u) {
					if out == nil {
						out = bytes.Clone(der)
					}
					out[k], out[k+1] = 0, 'A'
				}
			}
		}
	}
	return firstOf(out, der)
}

// firstOf returns a when it is set, else b.
func firstOf(a, b []byte) []byte {
	if a != nil {
		return a
	}
	return b
}

// goRefusesBMP reports the BMPString code units encoding/asn1 refuses:
// surrogates and the permanently reserved non-characters.
func goRefusesBMP(u uint16) bool {
	return u >= 0xd800 && u <= 0xdfff || u >= 0xfdd0 && u <= 0xfdef || u == 0xfffe || u == 0xffff
}

// tlv reads the DER element at der[at:limit]: its tag number (for the
// universal class; -1 for another class or a multi-byte tag), whether it
// is constructed, and where its content starts and ends; false when it
// is not a definite-length element that fits.
func tlv(der []byte, at, limit int) (tag int, constructed bool, start, end int, ok bool) {
	if at+2 > limit {
		return 0, false, 0, 0, false
	}
	b := der[at]
	constructed = b&0x20 != 0
	tag = int(b & 0x1f)
	if b&0xc0 != 0 || tag == 0x1f {
		tag = -1
	}
	i := at + 1
	if b&0x1f == 0x1f { // multi-byte tag number
		for i < limit && der[i]&0x80 != 0 {
			i++
		}
		i++
		if i >= limit {
			return 0, false, 0, 0, false
		}
	}
	l := int(der[i])
	i++
	if l&0x80 != 0 {
		n := l & 0x7f
		if n == 0 || n > 4 || i+n > limit {
			return 0, false, 0, 0, false
		}
		l = 0
		for k := 0; k < n; k++ {
			l = l<<8 | int(der[i+k])
		}
		i += n
	}
	if l < 0 || l > limit-i {
		return 0, false, 0, 0, false
	}
	return tag, constructed, i, i + l, true
}
