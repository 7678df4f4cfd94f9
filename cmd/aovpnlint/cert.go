package main

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"strings"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/report"
	"github.com/urfave/cli/v2"
)

func certCommand(e *env) *cli.Command {
	flags := append(outputFlags(), certFlags()...)
	flags = append(flags,
		purposeFlag(),
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
	s, err := readSettings(c, e)
	if err != nil {
		return err
	}
	purpose, err := readPurpose(c)
	if err != nil {
		return err
	}
	if c.NArg() == 0 {
		return usagef("cert needs at least one FILE (use - for standard input)")
	}
	opts, err := options(c, e)
	if err != nil {
		return err
	}
	opts.Host = c.String("host")
	var args []argument
	for _, name := range c.Args().Slice() {
		args = append(args, argument{path: name, role: purpose})
	}
	for _, name := range c.StringSlice("trust") {
		args = append(args, argument{flag: "trust", path: name, role: certcheck.RoleTrust})
	}
	p, err := gather(args, e)
	if err != nil {
		return err
	}
	return checkAndReport(c, e, p, opts, s)
}

// purposeFlag is --purpose of cert and cert show.
func purposeFlag() cli.Flag {
	return &choiceFlag{StringFlag: &cli.StringFlag{Name: "purpose", Usage: "what the certificates are for: server (the VPN gateway), nps, or client; without it each is classified by its content"},
		values: []string{"server", "nps", "client"}, also: []string{"vpn", "user", "device"}}
}

// readPurpose reads --purpose: the role the certificates are checked for,
// or certcheck.RoleUnknown when it is not given.
func readPurpose(c *cli.Context) (certcheck.Role, error) {
	if c.String("purpose") == "" {
		return certcheck.RoleUnknown, nil
	}
	p, err := choose(c, findFlag(c.Command, "purpose").(*choiceFlag))
	if err != nil {
		return certcheck.RoleUnknown, err
	}
	return certcheck.ParseRole(p)
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
