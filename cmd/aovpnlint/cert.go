package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/fsread"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/report"
	"github.com/smallstep/certinfo"
	"github.com/urfave/cli/v2"
)

func certCommand(e *env) *cli.Command {
	flags := append(outputFlags(), certFlags()...)
	flags = append(flags,
		&cli.StringFlag{Name: "purpose", Usage: "what the certificates are for: server (the VPN gateway), nps, or client; without it each is classified by its content"},
		&cli.StringFlag{Name: "host", Usage: "a host name the server certificates must be valid for"},
	)
	return &cli.Command{
		Name:      "cert",
		Usage:     "validate certificates alone, for a purpose",
		ArgsUsage: "FILE...",
		Description: `Reads every certificate and CRL in each FILE (PEM with any label, DER, base64, PKCS#7,
PFX, Windows serialized store, CRL) and checks each for the role it plays: validity,
extended key usage, Key Usage, names, chain to the roots given with --trust (never the
system store), key strength, signature algorithm, revocation by the CRLs given.

EXAMPLES:
   aovpnlint cert --purpose server --host vpn.example.com --trust root.cer rras.pfx
   aovpnlint cert --purpose client --trust root.cer --trust issuing.cer user.cer issuing.crl
   aovpnlint cert show chain.p7b

EXIT CODES:
   0  no finding at or above --fail-on
   1  at least one finding at or above --fail-on
   2  bad usage, or a file that cannot be opened or read`,
		Flags:       flags,
		Action:      func(c *cli.Context) error { return certAction(c, e) },
		Subcommands: []*cli.Command{certShowCommand(e)},
	}
}

func certAction(c *cli.Context, e *env) error {
	if err := checkUsage(c); err != nil {
		return err
	}
	opts, err := options(c, e)
	if err != nil {
		return err
	}
	opts.Host = c.String("host")
	purpose := certcheck.RoleUnknown
	if p := c.String("purpose"); p != "" {
		if purpose, err = certcheck.ParseRole(p); err != nil || purpose == certcheck.RoleTrust {
			return usagef("--purpose %q: expected server, nps or client", p)
		}
	}
	if c.NArg() == 0 {
		return usagef("cert needs at least one FILE (use - for standard input)")
	}
	var files []fileRole
	for _, name := range c.Args().Slice() {
		files = append(files, fileRole{name, purpose})
	}
	for _, name := range c.StringSlice("trust") {
		files = append(files, fileRole{name, certcheck.RoleTrust})
	}
	srcs, err := inputs(files, e)
	if err != nil {
		return err
	}
	return checkAndReport(c, e, srcs, opts)
}

// errUnreadable is returned by cert show when some item could not be read.
var errUnreadable = errors.New("some items could not be read")

func certShowCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "show",
		Usage:     "print every certificate and CRL in the files as text",
		ArgsUsage: "FILE...",
		Description: `Prints every certificate in any container with its extended key usages named
(1.3.6.1.4.1.311.87 as AAD Conditional Access, 1.3.6.1.5.5.8.2.2 as IP security IKE
intermediate) and its SHA-1 thumbprint in the form TrustedRootCA takes. Private keys
are never printed. A certificate the describer fails on, or whose RSA key is over
16,384 bits, is shown in a short form: subject, issuer, serial, validity, key, names.
Control characters in the certificates are printed as escapes.

EXIT CODES:
   0  every item was printed
   1  an item could not be read (said on standard error)
   2  bad usage, or a file that cannot be opened or read`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "pfx-password-file", Usage: "file holding the password of PFX files (or set AOVPNLINT_PFX_PASSWORD)"},
		},
		Action: func(c *cli.Context) error { return certShow(c, e) },
	}
}

func certShow(c *cli.Context, e *env) error {
	if c.NArg() == 0 {
		return usagef("cert show needs at least one FILE")
	}
	opts, err := options(c, e)
	if err != nil {
		return err
	}
	var files []*input.File
	for _, name := range c.Args().Slice() {
		f, err := readShown(name, e)
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	unreadable := false
	for _, f := range files {
		b := &certcheck.Bundle{}
		if f.Kind == input.Certificate {
			b = certcheck.Load(certcheck.File{Name: f.Name, Raw: f.Raw, Text: f.Text}, certcheck.LoadOptions{Passwords: opts.Passwords})
		} else if len(f.Problems) == 0 {
			fmt.Fprintf(e.stderr, "%s: holds no certificate (it is a %s)\n", report.Printable(f.Name), f.Kind)
			unreadable = true
		}
		refused := map[*certcheck.Cert]bool{}
		for _, c := range b.Refused {
			refused[c] = true
		}
		certs := append(append([]*certcheck.Cert{}, b.Certs...), b.Refused...)
		sort.SliceStable(certs, func(i, j int) bool { return before(certs[i].Source, certs[j].Source) })
		for _, cert := range certs {
			showCert(e, cert, refused[cert])
		}
		for _, crl := range b.CRLs {
			showCRL(e, crl)
		}
		for _, p := range f.Problems {
			fmt.Fprintf(e.stderr, "%s: %s\n", report.Printable(p.Pos.String()), report.Printable(p.Message))
			unreadable = true
		}
		for _, p := range b.Problems {
			fmt.Fprintf(e.stderr, "%s: %s\n", report.Printable(p.Pos.String()), report.Printable(p.Message))
			unreadable = true
		}
	}
	if unreadable {
		return errUnreadable
	}
	return nil
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

// before orders the certificates of one file as the file holds them.
func before(a, b certcheck.Source) bool {
	if a.Pos.Line != b.Pos.Line {
		return a.Pos.Line < b.Pos.Line
	}
	if a.Offset != b.Offset {
		return a.Offset < b.Offset
	}
	return a.Index < b.Index
}

// showCert prints a certificate: certinfo's full description, or, when
// certinfo fails or panics on it, or its RSA key is over the limit (it is
// never handed to certinfo then, which would print the modulus byte by
// byte), a short description of our own. One certificate that cannot be
// described never stops the others.
func showCert(e *env, c *certcheck.Cert, refused bool) {
	var text string
	if refused || !plainCertificate(c.Certificate) {
		text = shortText(c.Certificate) // a loading problem says why it was refused
	} else if t, err := certinfoText(c.Certificate); err == nil {
		text = t
	} else {
		text = shortText(c.Certificate)
		fmt.Fprintf(e.stderr, "%s: %s is shown in short form: %s\n", report.Printable(c.Source.Pos.String()), c.Source, report.Printable(err.Error()))
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
	fmt.Fprintf(e.stdout, "SHA-1 thumbprint (TrustedRootCA form): %s\n\n", c.Thumbprint())
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

// shortText describes a certificate without certinfo and without any
// arithmetic on its key: names, serial, validity, key algorithm and size,
// subject alternative names.
func shortText(c *x509.Certificate) string {
	var b strings.Builder
	stamp := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
	fmt.Fprintf(&b, "Certificate (short form):\n")
	fmt.Fprintf(&b, "    Subject: %s\n", report.Printable(c.Subject.String()))
	fmt.Fprintf(&b, "    Issuer: %s\n", report.Printable(c.Issuer.String()))
	fmt.Fprintf(&b, "    Serial number: %x\n", c.SerialNumber)
	fmt.Fprintf(&b, "    Validity: %s to %s\n", stamp(c.NotBefore), stamp(c.NotAfter))
	fmt.Fprintf(&b, "    Public key: %s\n", keyText(c))
	var sans []string
	for _, n := range c.DNSNames {
		sans = append(sans, "DNS:"+report.Printable(n))
	}
	for _, ip := range c.IPAddresses {
		sans = append(sans, "IP:"+ip.String())
	}
	for _, m := range c.EmailAddresses {
		sans = append(sans, "email:"+report.Printable(m))
	}
	for _, u := range c.URIs {
		sans = append(sans, "URI:"+report.Printable(u.String()))
	}
	if len(sans) == 0 {
		sans = []string{"none"}
	}
	fmt.Fprintf(&b, "    Subject alternative names: %s\n", wording.Some(sans, ", "))
	return b.String()
}

// keyText names a public key's algorithm and size; for RSA only the length
// of the modulus is read.
func keyText(c *x509.Certificate) string {
	switch k := c.PublicKey.(type) {
	case *rsa.PublicKey:
		return fmt.Sprintf("RSA %d bits", k.N.BitLen())
	case *ecdsa.PublicKey:
		return fmt.Sprintf("ECDSA %s (%d bits)", k.Curve.Params().Name, k.Curve.Params().BitSize)
	case ed25519.PublicKey:
		return "Ed25519 (256 bits)"
	}
	return c.PublicKeyAlgorithm.String()
}

// printableLines escapes each line of a description made by certinfo or
// shortText (see report.Printable), keeping its line breaks.
func printableLines(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = report.Printable(l)
	}
	return strings.Join(lines, "\n")
}

// plainCertificate reports whether certinfo may describe c: its names
// (subject, issuer, subject alternative names) hold no character that
// report.Printable would escape, and no string anywhere in it holds a line
// break.
//
// certinfo prints the strings of a certificate as they are, each inside a
// line of its own layout, and printableLines escapes each line of its
// description: so a control character, a bidirectional override or a
// byte that is not UTF-8 in any value is escaped where it stands, but a
// line break in a CRL distribution point, an OCSP or CA issuers URL, a
// name constraint, a comment or an otherName value would print lines of
// the certificate's choosing, such as a second "SHA-1 thumbprint" line
// ahead of the real one. The decision is made on the certificate as a
// whole, before certinfo runs: the strings Go parsed and every ASN.1
// string anywhere in the to-be-signed certificate and in its extensions
// (attribute values, otherName values, policy qualifiers, comments), plus
// the octet strings certinfo prints as text (smallstep's provisioner and
// registration authority extensions). A certificate that fails is
// described by shortText, which escapes each value.
//
// Only line breaks are looked for outside the names: real roots hold
// other characters Printable escapes where certinfo does not print them
// (a policy URL ending in a NUL in Microsoft's roots, Latin-1 in a
// VisibleString), and would otherwise lose their full description.
func plainCertificate(c *x509.Certificate) bool {
	if !plainNames(c) {
		return false
	}
	strs := [][]string{{c.Subject.String(), c.Issuer.String()},
		c.DNSNames, c.EmailAddresses, c.CRLDistributionPoints, c.OCSPServer, c.IssuingCertificateURL,
		c.PermittedDNSDomains, c.ExcludedDNSDomains, c.PermittedEmailAddresses, c.ExcludedEmailAddresses,
		c.PermittedURIDomains, c.ExcludedURIDomains}
	for _, u := range c.URIs {
		strs = append(strs, []string{u.String()})
	}
	for _, names := range [][]pkix.AttributeTypeAndValue{c.Subject.Names, c.Issuer.Names} {
		for _, n := range names {
			strs = append(strs, []string{fmt.Sprint(n.Value)})
		}
	}
	for _, list := range strs {
		for _, x := range list {
			if breaksLine(x) {
				return false
			}
		}
	}
	if !derStringsPlain(c.RawTBSCertificate, false, 0) {
		return false
	}
	for _, e := range c.Extensions {
		if !derStringsPlain(e.Value, e.Id.Equal(oidStepProvisioner) || e.Id.Equal(oidStepRA), 0) {
			return false
		}
	}
	return true
}

// breaksLine reports whether s holds a character that starts a new line
// on a terminal or in a report: line feed, carriage return, vertical tab,
// form feed, next line (NEL), line or paragraph separator.
func breaksLine(s string) bool {
	return strings.ContainsAny(s, "\n\r\v\f\u0085\u2028\u2029")
}

// plainNames reports whether every name of c (subject, issuer, subject
// alternative names) is free of control and invisible characters: a
// certificate whose names hold one is described by shortText, as before
// issue 9's review.
func plainNames(c *x509.Certificate) bool {
	names := []string{c.Subject.String(), c.Issuer.String()}
	names = append(names, c.DNSNames...)
	names = append(names, c.EmailAddresses...)
	for _, u := range c.URIs {
		names = append(names, u.String())
	}
	for _, n := range names {
		if report.Printable(n) != n {
			return false
		}
	}
	return true
}

// The smallstep extensions certinfo describes, whose octet strings it
// prints as text.
var (
	oidStepProvisioner = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 37476, 9000, 64, 1}
	oidStepRA          = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 37476, 9000, 64, 2}
)

// maxDERDepth bounds the nesting derStringsPlain follows; a certificate
// nested deeper is described in short form.
const maxDERDepth = 64

// derStringsPlain reports whether no ASN.1 string in the DER elements of
// data (and, with octets, no octet string, read as text) holds a line
// break (see breaksLine). Data that is not DER holds no string as far as
// certinfo is concerned, and passes.
func derStringsPlain(data []byte, octets bool, depth int) bool {
	if depth > maxDERDepth {
		return false
	}
	for len(data) > 0 {
		var v asn1.RawValue
		rest, err := asn1.Unmarshal(data, &v)
		if err != nil {
			return true
		}
		data = rest
		switch {
		case v.IsCompound:
			if !derStringsPlain(v.Bytes, octets, depth+1) {
				return false
			}
		case v.Class != asn1.ClassUniversal:
		case v.Tag == asn1.TagBMPString:
			if breaksLine(wideString(v.Bytes, 2)) {
				return false
			}
		case v.Tag == 28: // UniversalString
			if breaksLine(wideString(v.Bytes, 4)) {
				return false
			}
		case v.Tag == asn1.TagT61String: // read as Latin-1, where 0x85 is NEL
			if breaksLine(string(v.Bytes)) || bytes.IndexByte(v.Bytes, 0x85) >= 0 {
				return false
			}
		case isStringTag(v.Tag) || octets && v.Tag == asn1.TagOctetString:
			if breaksLine(string(v.Bytes)) {
				return false
			}
		}
	}
	return true
}

// isStringTag reports the universal tags of ASN.1 character strings read
// as bytes: UTF8String, NumericString, PrintableString, VideotexString,
// IA5String, GraphicString, VisibleString, GeneralString, and
// ObjectDescriptor.
func isStringTag(tag int) bool {
	switch tag {
	case asn1.TagUTF8String, asn1.TagNumericString, asn1.TagPrintableString, 21, asn1.TagIA5String, 25, 26, asn1.TagGeneralString, 7:
		return true
	}
	return false
}

// wideString decodes a big-endian string of size-byte characters
// (BMPString: 2, UniversalString: 4), surrogates left as they are: enough
// for breaksLine.
func wideString(b []byte, size int) string {
	var out []rune
	for i := 0; i+size <= len(b); i += size {
		var r rune
		for _, x := range b[i : i+size] {
			r = r<<8 | rune(x)
		}
		out = append(out, r)
	}
	return string(out)
}

func showCRL(e *env, l *certcheck.CRL) {
	next := "none (the CRL names no next update)"
	if !l.NextUpdate.IsZero() {
		next = l.NextUpdate.UTC().Format("2006-01-02T15:04:05Z")
	}
	kind := "CRL"
	if l.DeltaBase != nil {
		kind = fmt.Sprintf("delta CRL, base CRL number %s", l.DeltaBase)
	}
	fmt.Fprintf(e.stdout, "== %s (%s)\nIssuer: %s\nThis update: %s\nNext update: %s\nRevoked certificates: %d\n",
		report.Printable(l.Source.Pos.String()), kind, report.Printable(l.Issuer.String()), l.ThisUpdate.UTC().Format("2006-01-02T15:04:05Z"), next, len(l.RevokedCertificateEntries))
	for _, r := range l.RevokedCertificateEntries {
		fmt.Fprintf(e.stdout, "    serial %x revoked %s\n", r.SerialNumber, r.RevocationTime.UTC().Format("2006-01-02"))
	}
	fmt.Fprintln(e.stdout)
}
