package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/input"
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
are never printed.

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
		f, err := input.Open(name, e.stdin, input.Limits{})
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
			fmt.Fprintf(e.stderr, "%s: holds no certificate (it is a %s)\n", f.Name, f.Kind)
			unreadable = true
		}
		for _, cert := range b.Certs {
			if err := showCert(e, cert); err != nil {
				return err
			}
		}
		for _, crl := range b.CRLs {
			showCRL(e, crl)
		}
		for _, p := range f.Problems {
			fmt.Fprintf(e.stderr, "%s: %s\n", p.Pos, p.Message)
			unreadable = true
		}
	}
	if unreadable {
		return errUnreadable
	}
	return nil
}

func showCert(e *env, c *certcheck.Cert) error {
	text, err := certinfo.CertificateText(c.Certificate)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "== %s: %s (%s)\n%s", c.Source.Pos, c.Source, c.Source.Container, text)
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
	return nil
}

func showCRL(e *env, l *certcheck.CRL) {
	fmt.Fprintf(e.stdout, "== %s (CRL)\nIssuer: %s\nThis update: %s\nNext update: %s\nRevoked certificates: %d\n",
		l.Source.Pos, l.Issuer, l.ThisUpdate.UTC().Format("2006-01-02T15:04:05Z"), l.NextUpdate.UTC().Format("2006-01-02T15:04:05Z"), len(l.RevokedCertificateEntries))
	for _, r := range l.RevokedCertificateEntries {
		fmt.Fprintf(e.stdout, "    serial %x revoked %s\n", r.SerialNumber, r.RevocationTime.UTC().Format("2006-01-02"))
	}
	fmt.Fprintln(e.stdout)
}
