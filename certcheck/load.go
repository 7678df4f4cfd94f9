package certcheck

import (
	"bytes"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aovpnlint/aovpnlint/internal/container"
	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

// Cert is a certificate, where it came from, and the role it is checked
// for.
type Cert struct {
	*x509.Certificate
	Source Source
	// Role is what the certificate is for; see [Role].
	Role Role
	// Classified says why [Classify] chose Role for a certificate given
	// without one; it is empty when the role was given.
	Classified string
	// Defects are the encoding defects of a certificate Go's parser
	// refused and the tolerant parser read, in the order found (CERT042
	// reports them); nil for a certificate Go parses.
	Defects []Defect
}

// Thumbprint returns the SHA-1 thumbprint in the form Windows writes into
// TrustedRootCA: lower-case hex pairs separated by spaces.
func (c *Cert) Thumbprint() string { return Thumbprint(c.Raw) }

// Thumbprint returns the SHA-1 of der as lower-case hex pairs separated by
// spaces ("3b 1e 0f ...").
func Thumbprint(der []byte) string {
	sum := sha1.Sum(der)
	var b strings.Builder
	for i, x := range sum {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%02x", x)
	}
	return b.String()
}

// CRL is a certificate revocation list and where it came from.
type CRL struct {
	*x509.RevocationList
	Source Source
	// DeltaBase is the base CRL number of a delta CRL (the Delta CRL
	// Indicator extension, RFC 5280 5.2.4), nil for a complete CRL. A
	// delta CRL lists only what was revoked since its base CRL, so it
	// never shows that a certificate is not revoked (see CERT052).
	DeltaBase *big.Int
}

// Source locates an item in its file.
type Source struct {
	// Pos is the item's position: the line of its PEM BEGIN line, or the
	// file alone for binary formats.
	Pos lint.Pos
	// Container is the format the item was read from: "PEM", "DER",
	// "base64", "PKCS#7", "PFX" or "SST".
	Container string
	// Index counts the items of the container from 0.
	Index int
	// Offset is the byte offset, in the file as read, of the container
	// (of the element, for a serialized store).
	Offset int
	// Name is the item's friendly name, when the container gives one.
	Name string
}

// String describes the source for messages: "certificate 2 of the PKCS#7
// bundle".
func (s Source) String() string {
	switch s.Container {
	case "PKCS#7":
		return fmt.Sprintf("certificate %d of the PKCS#7 bundle", s.Index+1)
	case "PFX":
		return fmt.Sprintf("certificate %d of the PFX", s.Index+1)
	case "SST":
		return fmt.Sprintf("item %d of the serialized store (byte %d)", s.Index+1, s.Offset)
	}
	return "the certificate"
}

// File is a certificate file to read: what the input layer found it to be.
type File struct {
	// Name is the name findings use.
	Name string
	// Raw holds the bytes as read.
	Raw []byte
	// Text is the decoded text of a text file (PEM, header-less base64),
	// mapped to the file's lines; nil for a binary file.
	Text *srctext.Text
}

// Problem is what could not be read in a certificate file, and where: the
// IN005 rule (see [BundleChecks]) reports it.
type Problem struct {
	Pos     lint.Pos
	Message string
	// CRL marks a problem with a CRL, or with a file given as a CRL: its
	// fix speaks of CRLs.
	CRL bool
}

// Bundle is what a file held: its certificates and CRLs in file order,
// and what could not be read.
type Bundle struct {
	// Name is the file's name.
	Name  string
	Certs []*Cert
	CRLs  []*CRL
	// Problems are what could not be read, in file order (IN005).
	Problems []Problem
	// Oddities are what was read all the same but is worth knowing, in
	// file order (CERT062): at most [MaxProblems], the others counted in
	// OmittedOddities.
	Oddities        []Oddity
	OmittedOddities int
	// Refused are certificates that were parsed but take no part in any
	// check, each with an IN005 problem: their RSA key is larger than
	// [MaxRSABits]. They are kept so that `cert show` can still describe
	// them (without touching the key).
	Refused []*Cert
}

// LoadOptions configure [Load].
type LoadOptions struct {
	// Passwords are tried on a PFX after the empty password. They are
	// never printed.
	Passwords []string
	// CRL says the file is given as a certificate revocation list (the
	// command line's --crl): one that holds no CRL is a problem.
	CRL bool
}

// Load reads the certificates and CRLs of a file input classified as a
// certificate file: PEM with any label (the decoded bytes decide what a
// block is), DER certificates, header-less base64, PKCS#7 bundles (DER,
// PEM, BER), PFX/PKCS#12, Windows serialized stores and single serialized
// elements, and CRLs. Whatever cannot be read is a problem of the bundle
// (IN005), and the rest is still read. Load writes nothing but the bundle
// it returns, as crypto/x509's ParseCertificates returns what it parsed.
//
// The work is bounded whoever wrote the file: at most [MaxItems]
// certificates, CRLs and containers are read (the others are counted), at
// most [MaxProblems] problems are recorded (one more says how many were
// left out), a certificate with an RSA key over [MaxRSABits] or an
// exponent outside 3 to [MaxRSAExponent] is refused, and a PFX asking for
// more key derivation than [MaxPFXIterations], or than is left of
// [MaxPFXWork] for the file, is refused before any. Loaded certificates
// and CRLs never share memory with f.Raw.
//
// A file given as a CRL (opts.CRL) that holds no CRL is a problem; one
// that is neither text (f.Text) nor a binary certificate container is not
// read at all.
func Load(f File, opts LoadOptions) *Bundle {
	l := &loader{f: f, b: &Bundle{Name: f.Name}, opts: opts}
	read := true
	switch {
	case f.Text != nil:
		l.text()
	case opts.CRL && !container.IsBinaryCertificate(f.Raw):
		read = false // given as a CRL, but neither text nor a binary certificate container
	default:
		l.binary(f.Raw, lint.Pos{File: f.Name}, 0, "DER", "")
	}
	switch {
	case !read:
		l.crlProblem(lint.Pos{File: f.Name}, "the file is given as a CRL (--crl) but is not a certificate file; expected a CRL, DER or PEM (-----BEGIN X509 CRL-----)")
	case opts.CRL && len(l.b.CRLs) == 0 && !l.crlReported:
		held := "nothing that could be read"
		if n := len(l.b.Certs) + len(l.b.Refused); n > 0 {
			held = wording.Plural(n, "certificate")
		}
		l.crlProblem(lint.Pos{File: f.Name}, "the file is given as a CRL (--crl) but holds no CRL; it holds %s", held)
	case len(l.b.Certs)+len(l.b.CRLs)+len(l.b.Refused) == 0 && !l.reported:
		l.problem(lint.Pos{File: f.Name}, "the file holds no certificate or CRL")
	}
	at := lint.Pos{File: f.Name}
	if l.skipped > 0 {
		l.record(at, fmt.Sprintf("the file holds %d more items (certificates, CRLs, store items or their containers) after the first %d; they were not read (at most %d are read from one file)", l.skipped, MaxItems, MaxItems))
	}
	if l.dropped > 0 {
		l.record(at, fmt.Sprintf("and %d more problems in this file (only the first %d are listed)", l.dropped, MaxProblems))
	}
	return l.b
}

type loader struct {
	f        File
	b        *Bundle
	opts     LoadOptions
	reported bool
	// crlReported says a problem with a CRL was recorded.
	crlReported bool
	problems    int // problems recorded
	dropped     int // problems left out past MaxProblems
	items       int // items read: certificates, CRLs, store items, containers
	skipped     int // items left out past MaxItems
	kdf         int // key-derivation iterations spent on the file's PFX files
}

// problem records an IN005 problem, unless MaxProblems are already
// recorded: it is then only counted.
func (l *loader) problem(at lint.Pos, format string, args ...any) {
	l.add(Problem{Pos: at, Message: fmt.Sprintf(format, args...)})
}

// crlProblem records an IN005 problem with a CRL, as problem does.
func (l *loader) crlProblem(at lint.Pos, format string, args ...any) {
	l.crlReported = true
	l.add(Problem{Pos: at, Message: fmt.Sprintf(format, args...), CRL: true})
}

func (l *loader) add(p Problem) {
	l.reported = true
	if l.problems >= MaxProblems {
		l.dropped++
		return
	}
	l.problems++
	l.b.Problems = append(l.b.Problems, p)
}

// odd records an oddity (CERT062), unless MaxProblems are already
// recorded: it is then only counted.
func (l *loader) odd(o Oddity) {
	if len(l.b.Oddities) >= MaxProblems {
		l.b.OmittedOddities++
		return
	}
	l.b.Oddities = append(l.b.Oddities, o)
}

// maxErrText is the most characters of a parser's error a message shows:
// enough for Go's longest wording with the OID or value it names.
const maxErrText = 200

// errText shows an error of a parser in a message: its text may quote the
// input (Go's x509 parser quotes a URI or a name it refuses, at any
// length), so it is cut to maxErrText characters, ending in "...", and
// escaped (see [wording.Escape]).
func errText(err error) string {
	s := err.Error()
	if utf8.RuneCountInString(s) > maxErrText {
		s = string([]rune(s)[:maxErrText-3]) + "..."
	}
	return wording.Escape(s)
}

// full reports that further problems are only counted; callers use it to
// skip building the message (and the position) of a problem.
func (l *loader) full() bool { return l.problems >= MaxProblems }

func (l *loader) record(at lint.Pos, msg string) {
	l.b.Problems = append(l.b.Problems, Problem{Pos: at, Message: msg})
}

// room reports whether one more item may be read, and counts it: read
// when true, skipped when false.
func (l *loader) room() bool {
	if l.items >= MaxItems {
		l.skipped++
		return false
	}
	l.items++
	return true
}

// addCert adds a parsed certificate (see [parseCertificate]) found at
// src, or refuses it when its RSA key is over MaxRSABits or its exponent
// is not one aovpnlint verifies.
func (l *loader) addCert(cert *Cert, src Source) {
	cert.Source = src
	c := cert.Certificate
	if why := rsaRefused(c); why != "" {
		l.problem(src.Pos, "%s (SHA-1 %s) %s; it is not checked (no signature is verified with it)", src, Thumbprint(c.Raw), why)
		l.b.Refused = append(l.b.Refused, cert)
		return
	}
	l.b.Certs = append(l.b.Certs, cert)
}

// addCRL adds a CRL read by parseCRL; one Go refused that is not a
// version 1 CRL is an oddity.
func (l *loader) addCRL(r crlRead, src Source) {
	if r.strict != nil && !r.version1 {
		l.odd(Oddity{Pos: src.Pos, Kind: CRLStrictRefused, What: "the CRL", Detail: errText(r.strict)})
	}
	l.b.CRLs = append(l.b.CRLs, &CRL{RevocationList: r.crl, Source: src, DeltaBase: deltaBase(r.crl)})
}

// rsaRefused says why the RSA public key of c is refused, or returns ""
// for any other key: a modulus larger than MaxRSABits, or an exponent
// that is even, below 3 or above MaxRSAExponent. Only the length of the
// modulus and the exponent are looked at.
func rsaRefused(c *x509.Certificate) string {
	k, ok := c.PublicKey.(*rsa.PublicKey)
	if !ok || k.N == nil {
		return ""
	}
	if bits := k.N.BitLen(); bits > MaxRSABits {
		return fmt.Sprintf("has an RSA key of %d bits, over the limit of %d", bits, MaxRSABits)
	}
	if k.E < 3 || k.E&1 == 0 || k.E > MaxRSAExponent {
		return fmt.Sprintf("has an RSA public exponent of %d; expected an odd exponent from 3 to %d (certificates use 65537)", k.E, MaxRSAExponent)
	}
	return ""
}

// text reads PEM blocks, or header-less base64 when there are none.
func (l *loader) text() {
	data := l.f.Text.Data
	if !bytes.Contains(data, pemBegin) {
		compact := bytes.Join(bytes.Fields(data), nil)
		der, err := base64.StdEncoding.DecodeString(string(compact))
		if err != nil {
			l.problem(l.f.Text.Pos(0), "the base64 text cannot be decoded: %s", errText(err))
			return
		}
		l.binary(der, l.f.Text.Pos(0), 0, "base64", "")
		return
	}
	scanPEM(data, func(b pemBlock) bool {
		if l.items >= MaxItems {
			l.skipped++ // counted, not decoded
			return true
		}
		if b.problem != "" {
			if l.full() {
				l.dropped++
			} else {
				l.problem(l.f.Text.Pos(b.offset), "the PEM block cannot be decoded: %s", b.problem)
			}
			return true
		}
		if strings.Contains(b.label, "PRIVATE KEY") {
			return true // aovpnlint never needs, reads or prints private keys
		}
		at := l.f.Text.Pos(b.offset)
		if b.crcr > 0 {
			l.odd(Oddity{Pos: at, Kind: DoubleCarriageReturn, What: "the PEM block", Count: b.crcr})
		}
		der, err := decodePEMBody(b.body)
		if err != nil {
			l.problem(at, "the PEM block cannot be decoded: its base64 is damaged (%s)", errText(err))
			return true
		}
		l.binary(der, at, b.offset, "PEM", b.label)
		return true
	})
}

// binary reads DER bytes, a serialized store or a serialized element;
// label is the PEM label the bytes came with, if any.
func (l *loader) binary(data []byte, pos lint.Pos, offset int, format, label string) {
	switch {
	case container.IsSST(data) || container.IsSerializedElement(data):
		l.sst(data, pos, offset)
	default:
		l.der(data, Source{Pos: pos, Container: format, Offset: offset}, label)
	}
}

// The kinds of DER structure told apart by their outer layout.
const (
	derUnknown = iota
	derCert
	derCRL
	derPKCS7
	derPFX
)

var oidSignedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}

// derKind looks at the outer layout of der: a ContentInfo naming
// SignedData is PKCS#7; SEQUENCE { INTEGER 3, ContentInfo } is PFX; a
// SEQUENCE starting with a to-be-signed SEQUENCE is a certificate or a
// CRL, told apart by the fourth field of the to-be-signed part (a validity
// SEQUENCE in a certificate, a time in a CRL), or by its first: a version
// 1 CRL has no version and starts with its signature algorithm.
func derKind(der []byte) int {
	if len(der) > 1 && der[1] == 0x80 { // BER indefinite length
		if d, err := toDER(der); err == nil {
			der = d
		}
	}
	tag, outer, _, ok := splitPrefix(der)
	if !ok || tag != 0x30 {
		return derUnknown
	}
	first, firstContent, rest, ok := splitPrefix(outer)
	if !ok {
		return derUnknown
	}
	switch first {
	case 0x06:
		var oid asn1.ObjectIdentifier
		if _, err := asn1.Unmarshal(outer[:len(outer)-len(rest)], &oid); err == nil && oid.Equal(oidSignedData) {
			return derPKCS7
		}
	case 0x02:
		if len(firstContent) == 1 && firstContent[0] == 3 {
			return derPFX
		}
	case 0x30:
		fields := firstContent
		for i := 0; i < 4; i++ {
			t, _, after, ok := splitPrefix(fields)
			if !ok {
				return derUnknown
			}
			if i == 0 && t == 0xA0 {
				return derCert // explicit version: only certificates have it
			}
			if i == 0 && t == 0x30 {
				return derCRL // a version 1 CRL starts with its signature algorithm; a certificate with its version or serial
			}
			if i == 3 {
				switch t {
				case 0x30:
					return derCert
				case 0x17, 0x18:
					return derCRL
				}
			}
			fields = after
		}
	}
	return derUnknown
}

// splitPrefix is splitDER for data that may be cut short: an element
// claiming more bytes than remain gets the bytes that remain. It lets
// derKind name a truncated container without padding it.
func splitPrefix(data []byte) (tag byte, content, rest []byte, ok bool) {
	if t, c, r, ok := splitDER(data); ok {
		return t, c, r, true
	}
	total, ok := container.DERLength(data)
	if !ok || total <= len(data) {
		return 0, nil, nil, false
	}
	header := 2
	if data[1] >= 0x80 {
		header += int(data[1] & 0x7F)
	}
	return data[0], data[header:], nil, true
}

// derName names the kind of the DER item der in messages.
func derName(kind int) string {
	switch kind {
	case derCert:
		return "the certificate"
	case derCRL:
		return "the CRL"
	case derPKCS7:
		return "the PKCS#7 bundle"
	case derPFX:
		return "the PFX"
	}
	return "the DER data"
}

// der reads the DER item at the start of data, then what follows its
// outer element, each with an oddity (CERT062): zero bytes or white space
// (Windows and .NET write eight zero bytes after a PFX; some tools pad
// DER, editors add a line break), OpenSSL trust
// settings after the certificate of a TRUSTED CERTIFICATE (label), more
// DER items (one PEM block holding several certificates), each read in
// turn, or other bytes after a PFX, which are ignored. Other bytes after
// a certificate or a CRL are a problem, and the items before them are
// read all the same.
func (l *loader) der(data []byte, src Source, label string) {
	total, ok := container.DERLength(data)
	if ok && total > len(data) {
		kind := derKind(data)
		report := l.problem
		if kind == derCRL {
			report = l.crlProblem
		}
		report(src.Pos, "%s is truncated: its outer element claims %d bytes, only %d are there", derName(kind), total, len(data))
		return
	}
	if !ok || total == len(data) || derKind(data[:total]) == derUnknown {
		l.item(data, src)
		return
	}
	kind := l.item(data[:total], src)
	rest := data[total:]
	switch {
	case blank(rest):
		l.odd(Oddity{Pos: src.Pos, Kind: TrailingBytes, What: derName(kind), Bytes: len(rest), Zero: allZero(rest), Blank: true})
		return
	case label == "TRUSTED CERTIFICATE" && kind == derCert:
		if n, ok := container.DERLength(rest); ok && n == len(rest) && rest[0] == 0x30 {
			l.odd(Oddity{Pos: src.Pos, Kind: TrustSettings, What: "the certificate", Bytes: len(rest)})
			return
		}
	case kind == derPFX:
		l.odd(Oddity{Pos: src.Pos, Kind: TrailingBytes, What: "the PFX", Bytes: len(rest)})
		return
	}
	// More DER items, one after the other.
	count := 1
	for len(rest) > 0 {
		n, ok := container.DERLength(rest)
		if blank(rest) {
			l.odd(Oddity{Pos: src.Pos, Kind: TrailingBytes, What: "the last DER item", Bytes: len(rest), Zero: allZero(rest), Blank: true})
			break
		}
		if !ok || n > len(rest) || derKind(rest[:n]) == derUnknown {
			l.problem(src.Pos, "%s is followed by %d bytes that are neither zero padding nor another certificate or CRL; they were not read", derName(kind), len(rest))
			break
		}
		s := src
		s.Index = count
		count++
		if l.items >= MaxItems {
			l.skipped++ // counted, not parsed
		} else {
			kind = l.item(rest[:n], s)
		}
		rest = rest[n:]
	}
	if count > 1 {
		what := "one PEM block"
		if src.Container != "PEM" {
			what = "the " + src.Container + " data"
		}
		l.odd(Oddity{Pos: src.Pos, Kind: ConcatenatedDER, What: what, Count: count})
	}
}

// blank reports whether b holds only zero bytes and white space, as a
// binary file may end (see container.IsBinaryCertificate).
func blank(b []byte) bool { return len(bytes.Trim(b, "\x00\r\n \t")) == 0 }

// allZero reports whether every byte of b is zero.
func allZero(b []byte) bool {
	for _, x := range b {
		if x != 0 {
			return false
		}
	}
	return true
}

// item reads one DER item, the whole of der: a certificate, a CRL, a
// PKCS#7 bundle or a PFX. It returns the kind it took it for.
func (l *loader) item(der []byte, src Source) int {
	c, certErr := parseCertificate(der)
	if certErr == nil {
		if l.room() {
			l.addCert(c, src)
		}
		return derCert
	}
	kind := derKind(der)
	switch kind {
	case derPKCS7:
		l.pkcs7(der, src)
	case derPFX:
		l.pfx(der, src)
	case derCRL:
		if !l.room() {
			return kind
		}
		crl, err := parseCRL(der)
		if err != nil {
			l.crlProblem(src.Pos, "the CRL cannot be parsed: %s", errText(err))
			return kind
		}
		l.addCRL(crl, src)
	case derCert:
		if l.room() {
			l.problem(src.Pos, "%s (SHA-1 %s) cannot be parsed by Go's x509 parser: %s", src, Thumbprint(der), errText(certErr))
		}
	default:
		l.problem(src.Pos, "the data (%d bytes) is neither a certificate, a PKCS#7 bundle, a PFX nor a CRL", len(der))
	}
	return kind
}

// pkcs7 reads a PKCS#7 certificate bundle (.p7b). BER is normalised first
// (go.mozilla.org/pkcs7's own converter fails on an empty
// indefinite-length SET), then the certificates and CRLs of the SignedData
// are read one by one, so that one certificate Go refuses does not hide
// the others, and at most the items left of MaxItems are parsed: the rest
// of a huge SET is only counted.
func (l *loader) pkcs7(der []byte, src Source) {
	src.Container = "PKCS#7"
	if !l.room() {
		return // the bundle itself is an item
	}
	norm, err := toDER(der)
	if err != nil {
		l.problem(src.Pos, "the PKCS#7 bundle is not valid BER: %s", errText(err))
		return
	}
	certs, crls, err := signedDataParts(norm)
	if err != nil {
		l.problem(src.Pos, "the PKCS#7 bundle cannot be read: %s", errText(err))
		return
	}
	before := len(l.b.Certs) + len(l.b.Refused)
	i := 0
	err = eachElement(certs, func(raw []byte) {
		s := src
		s.Index = i
		i++
		if !l.room() {
			return
		}
		c, err := parseCertificate(raw)
		if err != nil {
			if !l.full() {
				l.problem(src.Pos, "%s (SHA-1 %s) cannot be parsed by Go's x509 parser: %s", s, Thumbprint(raw), errText(err))
			} else {
				l.dropped++
			}
			return
		}
		l.addCert(c, s)
	})
	if err != nil {
		l.problem(src.Pos, "the certificates of the PKCS#7 bundle are damaged after %d of them: %s", i, errText(err))
	}
	err = eachElement(crls, func(raw []byte) {
		if !l.room() {
			return
		}
		crl, err := parseCRL(raw)
		if err != nil {
			l.crlProblem(src.Pos, "a CRL in the PKCS#7 bundle cannot be parsed: %s", errText(err))
			return
		}
		l.addCRL(crl, src)
	})
	if err != nil {
		l.problem(src.Pos, "the CRLs of the PKCS#7 bundle are damaged: %s", errText(err))
	}
	if len(l.b.Certs)+len(l.b.Refused) == before && !l.reported {
		l.problem(src.Pos, "the PKCS#7 bundle holds no certificate; expected at least one (the file may be damaged)")
	}
}

// signedDataParts returns the contents of the certificates [0] and crls
// [1] fields of a PKCS#7 SignedData (DER), each a run of elements.
func signedDataParts(der []byte) (certs, crls []byte, err error) {
	var ci struct {
		ContentType asn1.ObjectIdentifier
		Content     asn1.RawValue `asn1:"explicit,tag:0"`
	}
	if _, err := asn1.Unmarshal(der, &ci); err != nil {
		return nil, nil, err
	}
	var sd struct {
		Version          int
		DigestAlgorithms asn1.RawValue
		ContentInfo      asn1.RawValue
		Certificates     asn1.RawValue `asn1:"optional,tag:0"`
		CRLs             asn1.RawValue `asn1:"optional,tag:1"`
	}
	if _, err := asn1.Unmarshal(ci.Content.Bytes, &sd); err != nil {
		return nil, nil, err
	}
	return sd.Certificates.Bytes, sd.CRLs.Bytes, nil
}

// eachElement calls f with each whole DER element of data, in order,
// without allocating; it stops at the first element whose header is
// damaged.
func eachElement(data []byte, f func(raw []byte)) error {
	for len(data) > 0 {
		n, err := elementLength(data)
		if err != nil {
			return err
		}
		f(data[:n])
		data = data[n:]
	}
	return nil
}

// elementLength returns the length, header included, of the definite
// length DER element at the start of data (high tag numbers allowed).
func elementLength(data []byte) (int, error) {
	i := 1
	if len(data) > 0 && data[0]&0x1F == 0x1F {
		for i < len(data) && i < 6 && data[i]&0x80 != 0 {
			i++
		}
		i++
	}
	if i >= len(data) {
		return 0, errors.New("truncated element header")
	}
	l := int(data[i])
	i++
	if l >= 0x80 {
		n := l & 0x7F
		if n == 0 || n > 4 || i+n > len(data) {
			return 0, fmt.Errorf("element length of %d bytes does not fit", n)
		}
		l = 0
		for _, b := range data[i : i+n] {
			l = l<<8 | int(b)
		}
		i += n
	}
	if l < 0 || l > len(data)-i {
		return 0, fmt.Errorf("element claims %d bytes, only %d left", l, len(data)-i)
	}
	return i + l, nil
}

// sst reads a serialized store or a single serialized element. An item
// that cannot be parsed is reported on its own and the others are read;
// items past MaxItems are counted, not parsed.
func (l *loader) sst(data []byte, pos lint.Pos, offset int) {
	if !l.room() {
		return // the store itself is an item
	}
	items, more, err := parseSST(data, MaxItems-l.items)
	for i, it := range items {
		if !l.room() {
			continue
		}
		src := Source{Pos: pos, Container: "SST", Index: i, Offset: offset + it.offset, Name: it.friendlyName()}
		if it.hashMismatch() {
			l.problem(pos, "the SHA-1 property of %s does not match the item it describes; the store is damaged", src)
		}
		switch it.id {
		case sstCert:
			c, err := parseCertificate(it.der)
			if err != nil {
				if !l.full() {
					l.problem(pos, "%s (SHA-1 %s) cannot be parsed by Go's x509 parser: %s", src, Thumbprint(it.der), errText(err))
				} else {
					l.dropped++
				}
				continue
			}
			l.addCert(c, src)
		case sstCRL:
			crl, err := parseCRL(it.der)
			if err != nil {
				l.crlProblem(pos, "the CRL in %s cannot be parsed: %s", src, errText(err))
				continue
			}
			l.addCRL(crl, src)
		}
	}
	l.skipped += more
	if err != nil {
		l.problem(pos, "the serialized store is damaged: %s; %d items were read before it", errText(err), len(items)+more)
	}
}

// CopyAs returns b as if it had been loaded from a file named name (the
// same file reached by another path): a copy of each certificate (Certs
// and Refused), whose roles and reasons can then be given anew, of each
// CRL, problem and oddity, with their positions in name. The parsed
// certificates and CRLs themselves are shared; no check changes them. So
// one loaded file serves every use of it.
func (b *Bundle) CopyAs(name string) *Bundle {
	in := func(p lint.Pos) lint.Pos {
		if p.File == b.Name {
			p.File = name
		}
		return p
	}
	certs := func(cs []*Cert) []*Cert {
		if cs == nil {
			return nil
		}
		out := make([]*Cert, len(cs))
		for i, c := range cs {
			cc := *c
			cc.Source.Pos = in(c.Source.Pos)
			out[i] = &cc
		}
		return out
	}
	out := *b
	out.Name = name
	out.Certs, out.Refused = certs(b.Certs), certs(b.Refused)
	out.CRLs = nil
	for _, l := range b.CRLs {
		ll := *l
		ll.Source.Pos = in(l.Source.Pos)
		out.CRLs = append(out.CRLs, &ll)
	}
	out.Problems = slices.Clone(b.Problems)
	for i := range out.Problems {
		out.Problems[i].Pos = in(out.Problems[i].Pos)
	}
	out.Oddities = slices.Clone(b.Oddities)
	for i := range out.Oddities {
		out.Oddities[i].Pos = in(out.Oddities[i].Pos)
	}
	return &out
}

// SetRole gives every certificate of the bundle the role r, except that a
// CA certificate given with a leaf role (the chain in a PFX or a .p7b, an
// issuing CA passed next to a client certificate) only helps build chains
// (RoleChain): leaf roles belong to leaf certificates.
func (b *Bundle) SetRole(r Role) {
	for _, c := range b.Certs {
		c.Role = r
		if r.isLeaf() && isCA(c.Certificate) {
			c.Role = RoleChain
		}
	}
}
