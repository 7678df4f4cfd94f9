package main

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
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
	srcs, err := readInputs(files, e)
	if err != nil {
		return err
	}
	findings, checked, err := aovpnlint.RunSources(srcs, opts)
	if err != nil {
		return err
	}
	return writeReport(c, e, findings, checked)
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
			b = certcheck.Load(f, certcheck.LoadOptions{Passwords: opts.Passwords})
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
	if refused || !plainNames(c.Certificate) {
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

// plainNames reports whether every name of c (subject, issuer, subject
// alternative names) is free of control and invisible characters. A
// certificate whose names hold a line break would have certinfo print a
// line of the certificate's choosing, so it is described by shortText,
// which escapes each value.
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

func showCRL(e *env, l *certcheck.CRL) {
	fmt.Fprintf(e.stdout, "== %s (CRL)\nIssuer: %s\nThis update: %s\nNext update: %s\nRevoked certificates: %d\n",
		report.Printable(l.Source.Pos.String()), report.Printable(l.Issuer.String()), l.ThisUpdate.UTC().Format("2006-01-02T15:04:05Z"), l.NextUpdate.UTC().Format("2006-01-02T15:04:05Z"), len(l.RevokedCertificateEntries))
	for _, r := range l.RevokedCertificateEntries {
		fmt.Fprintf(e.stdout, "    serial %x revoked %s\n", r.SerialNumber, r.RevocationTime.UTC().Format("2006-01-02"))
	}
	fmt.Fprintln(e.stdout)
}
