package main

import (
	"bytes"
	"crypto/sha1"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/fsread"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/report"
	"github.com/smallstep/certinfo"
	"github.com/urfave/cli/v2"
)

// errUnreadable is returned by cert show when some item could not be read.
var errUnreadable = errors.New("some items could not be read")

func certShowCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "show",
		Usage:     "print every certificate and CRL in the files as text, or as a JSON inventory",
		ArgsUsage: "FILE|FOLDER...",
		Description: `Prints every certificate in any container (a folder stands for the certificate files
below it) with its names as Windows shows them (CN=..., OU=..., DC=corp, DC=example: most
specific first), every subject alternative name (DNS, IP, email, URI, UPN and other
otherNames, directoryName), its extended key usages named (1.3.6.1.4.1.311.87 as AAD
Conditional Access, 1.3.6.1.5.5.7.3.2 as Client Authentication), the role aovpnlint would
check it for (or the one --purpose gives), and its SHA-1 thumbprint in the form
TrustedRootCA takes (40 hex digits). Private keys are never printed.

A certificate the describer (certinfo) cannot print (Ed448, X25519, GOST, RSA-PSS or
ML-DSA keys, a damaged extension), or whose RSA key is over 16,384 bits, is shown in a
short form of our own: subject, issuer, serial, validity, key algorithm and size, names.
Control characters in the certificates are printed as escapes.

--format json writes one object per certificate and CRL (file, item, thumbprint,
subject, issuer, serial, validity, EKUs, SANs, key, role) and the problems met; the
README describes its fields.

EXAMPLES:
   aovpnlint cert show chain.p7b
   aovpnlint cert show --format json --pfx-password-file pw.txt certs/

EXIT CODES:
   0  every item was printed
   1  an item could not be read (said on standard error)
   2  bad usage, or a file that cannot be opened or read (said on standard error;
      the other files are still shown)`,
		Flags: []cli.Flag{
			&choiceFlag{StringFlag: &cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "text, or json: an inventory of the certificates and CRLs"}, values: []string{"text", "json"}},
			purposeFlag(),
			pfxPasswordFlag(),
		},
		Action: func(c *cli.Context) error { return certShow(c, e) },
	}
}

// shower shows the items of the files one file at a time: text is
// written as each certificate is read, the JSON inventory item by item.
type shower struct {
	e        *env
	json     *jsonInventory // nil for text
	purpose  certcheck.Role
	classify *certcheck.Classifier
	// unreadable is set when an item could not be read (exit 1),
	// unopened when a file could not be opened or read (exit 2).
	unreadable bool
	unopened   int
}

func certShow(c *cli.Context, e *env) error {
	format, err := choose(c, findFlag(c.Command, "format").(*choiceFlag))
	if err != nil {
		return err
	}
	s := &shower{e: e, classify: certcheck.NewClassifier(certcheck.Hints{})}
	if format == "json" {
		s.json = &jsonInventory{w: e.stdout}
	}
	if s.purpose, err = readPurpose(c); err != nil {
		return err
	}
	if c.NArg() == 0 {
		return usagef("cert show needs at least one FILE")
	}
	passwords, err := passwords(c, e)
	if err != nil {
		return err
	}
	s.json.start()
	wd, _ := os.Getwd()
	seen := map[string]bool{}
	for _, arg := range c.Args().Slice() {
		paths, fromDir, err := expand(arg)
		if err != nil {
			s.cannotRead(arg, err)
		}
		if fromDir && len(paths) == 0 {
			s.cannotRead(arg, errors.New("the folder holds no file (hidden files and folders and documentation are left out)"))
		}
		shown := 0
		for _, p := range paths {
			// Each file once: named twice, or named and in a folder named.
			if key := absPath(wd, p); p != "-" && seen[key] {
				shown++
				continue
			} else {
				seen[key] = true
			}
			f, err := readShown(p, e)
			if err != nil {
				s.cannotRead(p, err)
				continue
			}
			if s.file(f, fromDir, passwords) {
				shown++
			}
		}
		if fromDir && len(paths) > 0 && shown == 0 {
			s.cannotRead(arg, fmt.Errorf("none of the %s in the folder holds a certificate or CRL", wording.Plural(len(paths), "file")))
		}
	}
	if err := s.json.end(); err != nil {
		return err
	}
	switch {
	case s.unopened > 0:
		return errReported
	case s.unreadable:
		return errUnreadable
	}
	return nil
}

// errReported is returned when every error has been written to standard
// error: the exit status is 2 and nothing more is said.
var errReported = errors.New("reported")

// cannotRead says, as a tool error on one line, that a file named on the
// command line (or found in a folder) could not be opened or read; the
// others are still shown, and the exit status will be 2.
func (s *shower) cannotRead(name string, err error) {
	s.unopened++
	msg := unwrapPath(err).Error()
	fmt.Fprintf(s.e.stderr, "aovpnlint: %s: %s\n", report.Printable(name), report.Printable(msg))
	s.json.problem(lint.Pos{File: name}, msg)
}

// problem says on standard error (and in the JSON inventory) what could
// not be read.
func (s *shower) problem(at lint.Pos, msg string) {
	fmt.Fprintf(s.e.stderr, "%s: %s\n", report.Printable(at.String()), report.Printable(msg))
	s.json.problem(at, msg)
}

// file shows the items of one file in the order it holds them, and
// reports whether it is a certificate file (or an OpenVPN profile, with
// its certificates). A file found in a folder that is no certificate
// file is left out, as check leaves out files of no supported kind.
func (s *shower) file(f *input.File, fromDir bool, passwords []string) bool {
	b := &certcheck.Bundle{}
	switch {
	case f.Kind == input.Certificate:
		b = certcheck.Load(certcheck.File{Name: f.Name, Raw: f.Raw, Text: f.Text}, certcheck.LoadOptions{Passwords: passwords})
	case f.Kind == input.OpenVPN:
		b = aovpnlint.OpenVPNCertificates(f, passwords)
	case fromDir && f.Kind != input.TooLarge:
		return false
	case len(f.Problems) == 0:
		s.problem(lint.Pos{File: f.Name}, fmt.Sprintf("holds no certificate (it is a %s)", f.Kind))
		s.unreadable = true
	}
	roles := s.roles(b)
	type item struct {
		src  certcheck.Source
		cert *certcheck.Cert
		crl  *certcheck.CRL
	}
	var items []item
	for _, c := range b.Certs {
		items = append(items, item{src: c.Source, cert: c})
	}
	refused := map[*certcheck.Cert]bool{}
	for _, c := range b.Refused {
		refused[c] = true
		items = append(items, item{src: c.Source, cert: c})
	}
	for _, l := range b.CRLs {
		items = append(items, item{src: l.Source, crl: l})
	}
	sort.SliceStable(items, func(i, j int) bool { return before(items[i].src, items[j].src) })
	for i, it := range items {
		switch {
		case it.crl != nil && s.json != nil:
			s.json.item(crlItem(f.Name, i+1, it.crl))
		case it.crl != nil:
			showCRL(s.e, it.crl)
		case s.json != nil:
			s.json.item(certItem(f.Name, i+1, it.cert, roles[it.cert]))
		default:
			showCert(s.e, it.cert, refused[it.cert], roles[it.cert])
		}
	}
	for _, p := range f.Problems {
		s.problem(p.Pos, p.Message)
		s.unreadable = true
	}
	for _, p := range b.Problems {
		s.problem(p.Pos, p.Message)
		s.unreadable = true
	}
	return f.Kind == input.Certificate || f.Kind == input.OpenVPN || f.Kind == input.TooLarge
}

// role is the role aovpnlint gives a certificate, and why.
type role struct {
	role certcheck.Role
	why  string
}

// roles gives each certificate of b the role `cert` would check it for:
// the one --purpose names (a CA certificate given with a leaf purpose
// only helps build chains), or the one certcheck's classifier gives it
// without profile hints. A refused certificate takes no part in any
// check and has none.
func (s *shower) roles(b *certcheck.Bundle) map[*certcheck.Cert]role {
	out := map[*certcheck.Cert]role{}
	if s.purpose != certcheck.RoleUnknown {
		b.SetRole(s.purpose)
	}
	for _, c := range b.Certs {
		switch {
		case s.purpose != certcheck.RoleUnknown && c.Role == s.purpose:
			out[c] = role{c.Role, "given with --purpose"}
		case s.purpose != certcheck.RoleUnknown:
			out[c] = role{c.Role, "a CA certificate given with --purpose, so it only helps build chains"}
		case c.Classified != "":
			out[c] = role{c.Role, c.Classified} // the role an OpenVPN profile gives it
		default:
			r, why, ok := s.classify.Classify(c.Certificate)
			if !ok {
				why = "no role fits: not a CA, and no Server or Client Authentication"
			}
			out[c] = role{r, why}
		}
	}
	for _, c := range b.Refused {
		out[c] = role{certcheck.RoleUnknown, "refused: it takes no part in any check (see the problem reported for it)"}
	}
	return out
}

// readShown reads a file for cert show through fsread, as every input is
// read: only a regular file (a FIFO or a device is refused before it is
// opened), never more than the size limit; "-" is standard input. A file
// over the limit is not read and comes back with its IN006 problem.
func readShown(name string, e *env) (*input.File, error) {
	limit := input.DefaultLimits.MaxBytes
	var data []byte
	var err error
	if name == "-" {
		name = "<stdin>"
		data, err = fsread.Reader(name, e.stdin, limit)
	} else {
		data, err = fsread.File(name, limit)
	}
	var tooLarge *fsread.TooLargeError
	if errors.As(err, &tooLarge) {
		return &input.File{Name: name, Kind: input.TooLarge, Problems: []input.Problem{{Kind: input.OverLimit, Pos: lint.Pos{File: name},
			Message: fmt.Sprintf("file is larger than the limit of %d bytes; it was not read", limit)}}}, nil
	}
	if err != nil {
		return nil, err
	}
	return input.Read(name, data, input.Limits{}), nil
}

// before orders the items of one file as the file holds them.
func before(a, b certcheck.Source) bool {
	if a.Pos.Line != b.Pos.Line {
		return a.Pos.Line < b.Pos.Line
	}
	if a.Offset != b.Offset {
		return a.Offset < b.Offset
	}
	return a.Index < b.Index
}

// showCert prints a certificate: certinfo's full description with the
// names as certcheck.DN and certcheck.SubjectAltNames write them, or,
// when certinfo fails or panics on it, or its RSA key is over the limit
// (it is never handed to certinfo then, which would print the modulus
// byte by byte), a short description of our own. Then its extended key
// usages, its role and its thumbprint. One certificate that cannot be
// described never stops the others.
func showCert(e *env, c *certcheck.Cert, refused bool, r role) {
	var text string
	if refused || !plainCertificate(c.Certificate) {
		text = shortText(c.Certificate) // a loading problem says why it was refused
	} else if t, err := certinfoText(c.Certificate); err != nil {
		text = shortText(c.Certificate)
		fmt.Fprintf(e.stderr, "%s: %s is shown in short form: %s\n", report.Printable(c.Source.Pos.String()), c.Source, report.Printable(err.Error()))
	} else if t, ok := windowsNames(t, c.Certificate); ok {
		text = t
	} else {
		text = shortText(c.Certificate)
	}
	fmt.Fprintf(e.stdout, "== %s: %s (%s)\n%s", report.Printable(c.Source.Pos.String()), c.Source, c.Source.Container, printableLines(text))
	if !strings.HasSuffix(text, "\n") {
		fmt.Fprintln(e.stdout)
	}
	ekus := certcheck.EKUs(c.Certificate)
	names := make([]string, len(ekus))
	for i, o := range ekus {
		names[i] = certcheck.EKUName(o)
	}
	if len(names) == 0 {
		names = []string{"none (valid for every purpose)"}
	}
	fmt.Fprintf(e.stdout, "Extended key usages: %s\n", strings.Join(names, ", "))
	fmt.Fprintf(e.stdout, "Role: %s — %s\n", roleID(r.role), report.Printable(r.why))
	fmt.Fprintf(e.stdout, "SHA-1 thumbprint (TrustedRootCA form): %s\n\n", thumbprint(c.Raw))
}

// thumbprint is the SHA-1 of der as TrustedRootCA takes it: 40
// lower-case hex digits, no spaces.
func thumbprint(der []byte) string {
	sum := sha1.Sum(der)
	return hex.EncodeToString(sum[:])
}

// roleID names a role in cert show: the word the JSON inventory writes,
// "unclassified" for none.
func roleID(r certcheck.Role) string {
	if id := r.ID(); id != "" {
		return id
	}
	return "unclassified"
}

// The lines of certinfo's description that windowsNames replaces: the
// issuer line (up to the validity block), the subject line (up to the
// key block), and the lines under the subject alternative name heading.
const (
	certinfoIssuer   = "\n        Issuer: "
	certinfoValidity = "        Validity\n"
	certinfoSubject  = "\n        Subject:"
	certinfoKey      = "        Subject Public Key Info:\n"
	certinfoSAN      = "            X509v3 Subject Alternative Name:"
	certinfoSANLine  = "                "
)

// windowsNames replaces the names in certinfo's description of c (which
// prints them in encoded order, with "UnknownOID" for DC and other types,
// and leaves out otherName and directoryName alternative names) by those
// certcheck.DN and certcheck.SubjectAltNames give. ok is false when the
// description does not have certinfo's layout.
func windowsNames(text string, c *x509.Certificate) (string, bool) {
	replace := func(text, from, to, with string) (string, bool) {
		i := strings.Index(text, from)
		if i < 0 {
			return text, false
		}
		j := strings.Index(text[i+len(from):], to)
		if j < 0 {
			return text, false
		}
		return text[:i] + with + text[i+len(from)+j:], true
	}
	line := func(label, name string) string {
		if name == "" {
			return strings.TrimSuffix(label, " ") + "\n"
		}
		return strings.TrimSuffix(label, " ") + " " + name + "\n"
	}
	text, ok1 := replace(text, certinfoIssuer, certinfoValidity, line(certinfoIssuer, certcheck.IssuerDN(c)))
	text, ok2 := replace(text, certinfoSubject, certinfoKey, line(certinfoSubject, certcheck.SubjectDN(c)))
	if !ok1 || !ok2 {
		return text, false
	}
	i := strings.Index(text, certinfoSAN)
	if i < 0 {
		return text, true
	}
	head := i + strings.Index(text[i:], "\n") + 1
	end := head
	for strings.HasPrefix(text[end:], certinfoSANLine) {
		end += strings.Index(text[end:], "\n") + 1
	}
	return text[:head] + certinfoSANLine + sanText(c) + "\n" + text[end:], true
}

// sanText lists the subject alternative names of c for the text output.
func sanText(c *x509.Certificate) string {
	sans, more, err := certcheck.SubjectAltNames(c)
	var list []string
	for _, n := range sans {
		list = append(list, n.String())
	}
	if more > 0 {
		list = append(list, fmt.Sprintf("and %d more (over the limit of %d)", more, certcheck.MaxSubjectAltNames))
	}
	if err != nil {
		list = append(list, "("+err.Error()+")")
	}
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

// certinfoText is certinfo's description of c; a panic inside certinfo
// (it indexes tables with values from the certificate) becomes an error.
func certinfoText(c *x509.Certificate) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("the certificate describer failed on it (%v)", r)
		}
	}()
	return certinfo.CertificateText(c)
}

// stamp writes a time as RFC 3339 in UTC.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// serialHex writes a serial number as Windows does: the hex of its
// bytes, a negative one (which real roots have) in two's complement.
func serialHex(n *big.Int) string {
	if n == nil {
		return ""
	}
	if n.Sign() >= 0 {
		return fmt.Sprintf("%x", n)
	}
	// -x in the fewest bytes whose top bit is set: 2^(8k) - x.
	x := new(big.Int).Neg(n)
	k := (new(big.Int).Sub(x, big.NewInt(1)).BitLen() + 8) / 8
	return fmt.Sprintf("%0*x", 2*k, new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(8*k)), x))
}

// shortText describes a certificate without certinfo and without any
// arithmetic on its key: names, serial, validity, key algorithm and size,
// subject alternative names.
func shortText(c *x509.Certificate) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Certificate (short form):\n")
	fmt.Fprintf(&b, "    Subject: %s\n", certcheck.SubjectDN(c))
	fmt.Fprintf(&b, "    Issuer: %s\n", certcheck.IssuerDN(c))
	fmt.Fprintf(&b, "    Serial number: %s\n", serialHex(c.SerialNumber))
	fmt.Fprintf(&b, "    Validity: %s to %s\n", stamp(c.NotBefore), stamp(c.NotAfter))
	fmt.Fprintf(&b, "    Public key: %s\n", certcheck.PublicKeyInfo(c))
	fmt.Fprintf(&b, "    Subject alternative names: %s\n", sanText(c))
	return b.String()
}

func showCRL(e *env, l *certcheck.CRL) {
	next := "none (the CRL names no next update)"
	if !l.NextUpdate.IsZero() {
		next = stamp(l.NextUpdate)
	}
	kind := "CRL"
	if l.DeltaBase != nil {
		kind = fmt.Sprintf("delta CRL, base CRL number %s", l.DeltaBase)
	}
	fmt.Fprintf(e.stdout, "== %s (%s)\nIssuer: %s\nThis update: %s\nNext update: %s\nRevoked certificates: %d\n",
		report.Printable(l.Source.Pos.String()), kind, certcheck.CRLIssuerDN(l.RevocationList), stamp(l.ThisUpdate), next, len(l.RevokedCertificateEntries))
	for _, r := range l.RevokedCertificateEntries {
		fmt.Fprintf(e.stdout, "    serial %s revoked %s\n", serialHex(r.SerialNumber), r.RevocationTime.UTC().Format("2006-01-02"))
	}
	fmt.Fprintln(e.stdout)
}

// The JSON inventory of cert show --format json. Its field names are
// stable; lists are never null; version changes when a field changes
// meaning or goes away (adding one does not).
const inventoryVersion = 1

// jsonInventory writes the inventory as the items come: the document is
// opened by start, each item is written at once, the problems and the end
// by end. Every method does nothing on a nil inventory (text output).
type jsonInventory struct {
	w        io.Writer
	n        int
	problems []jsonProblem
	err      error
}

// jsonProblem is what could not be read, and where.
type jsonProblem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// jsonCert is a certificate in the inventory.
type jsonCert struct {
	Kind       string    `json:"kind"` // "certificate"
	File       string    `json:"file"`
	Item       int       `json:"item"`
	Line       int       `json:"line"`
	Container  string    `json:"container"`
	Thumbprint string    `json:"thumbprint"`
	Subject    string    `json:"subject"`
	Issuer     string    `json:"issuer"`
	Serial     string    `json:"serial"`
	NotBefore  string    `json:"notBefore"`
	NotAfter   string    `json:"notAfter"`
	EKUs       []jsonEKU `json:"ekus"`
	SANs       []jsonSAN `json:"sans"`
	// SANsOmitted counts the names over certcheck.MaxSubjectAltNames.
	SANsOmitted int     `json:"sansOmitted"`
	Key         jsonKey `json:"key"`
	Role        string  `json:"role"`
	RoleReason  string  `json:"roleReason"`
}

type jsonEKU struct {
	OID  string `json:"oid"`
	Name string `json:"name"`
}

type jsonSAN struct {
	Type  string `json:"type"`
	Value string `json:"value"`
	OID   string `json:"oid"`
}

type jsonKey struct {
	Algorithm string `json:"algorithm"`
	OID       string `json:"oid"`
	Curve     string `json:"curve"`
	Bits      int    `json:"bits"`
}

// jsonCRL is a CRL in the inventory.
type jsonCRL struct {
	Kind       string `json:"kind"` // "crl"
	File       string `json:"file"`
	Item       int    `json:"item"`
	Line       int    `json:"line"`
	Container  string `json:"container"`
	Thumbprint string `json:"thumbprint"`
	Issuer     string `json:"issuer"`
	Number     string `json:"number"`
	ThisUpdate string `json:"thisUpdate"`
	NextUpdate string `json:"nextUpdate"`
	Revoked    int    `json:"revoked"`
}

func certItem(file string, n int, c *certcheck.Cert, r role) jsonCert {
	out := jsonCert{Kind: "certificate", File: file, Item: n, Line: c.Source.Pos.Line, Container: c.Source.Container,
		Thumbprint: thumbprint(c.Raw), Subject: certcheck.SubjectDN(c.Certificate), Issuer: certcheck.IssuerDN(c.Certificate),
		Serial: serialHex(c.SerialNumber), NotBefore: stamp(c.NotBefore), NotAfter: stamp(c.NotAfter),
		EKUs: []jsonEKU{}, SANs: []jsonSAN{}, Role: roleID(r.role), RoleReason: r.why}
	for _, o := range certcheck.EKUs(c.Certificate) {
		out.EKUs = append(out.EKUs, jsonEKU{OID: o.String(), Name: certcheck.EKUDisplayName(o)})
	}
	sans, more, _ := certcheck.SubjectAltNames(c.Certificate)
	for _, n := range sans {
		out.SANs = append(out.SANs, jsonSAN{Type: n.Type, Value: n.Value, OID: n.OID})
	}
	out.SANsOmitted = more
	k := certcheck.PublicKeyInfo(c.Certificate)
	out.Key = jsonKey{Algorithm: k.Algorithm, OID: k.OID, Curve: k.Curve, Bits: k.Bits}
	return out
}

func crlItem(file string, n int, l *certcheck.CRL) jsonCRL {
	out := jsonCRL{Kind: "crl", File: file, Item: n, Line: l.Source.Pos.Line, Container: l.Source.Container,
		Thumbprint: thumbprint(l.Raw), Issuer: certcheck.CRLIssuerDN(l.RevocationList),
		ThisUpdate: stamp(l.ThisUpdate), Revoked: len(l.RevokedCertificateEntries)}
	if !l.NextUpdate.IsZero() {
		out.NextUpdate = stamp(l.NextUpdate)
	}
	if l.Number != nil {
		out.Number = serialHex(l.Number)
	}
	return out
}

func (j *jsonInventory) write(s string) {
	if j.err == nil {
		_, j.err = io.WriteString(j.w, s)
	}
}

func (j *jsonInventory) start() {
	if j != nil {
		j.write(fmt.Sprintf("{\n  \"version\": %d,\n  \"items\": [", inventoryVersion))
	}
}

func (j *jsonInventory) item(v any) {
	if j == nil {
		return
	}
	b, err := marshal(v, "    ")
	if err != nil {
		j.err = err
		return
	}
	if j.n > 0 {
		j.write(",")
	}
	j.n++
	j.write("\n    " + b)
}

func (j *jsonInventory) problem(at lint.Pos, msg string) {
	if j != nil {
		j.problems = append(j.problems, jsonProblem{File: at.File, Line: at.Line, Column: at.Col, Message: msg})
	}
}

func (j *jsonInventory) end() error {
	if j == nil {
		return nil
	}
	if j.n > 0 {
		j.write("\n  ")
	}
	if j.problems == nil {
		j.problems = []jsonProblem{}
	}
	b, err := marshal(j.problems, "  ")
	if err != nil {
		return err
	}
	j.write("],\n  \"problems\": " + b + "\n}\n")
	return j.err
}

// marshal writes v as indented JSON after prefix, with <, > and & as
// they are (names hold them).
func marshal(v any, prefix string) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}
