package main

import (
	"strings"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/urfave/cli/v2"
)

func checkCommand(e *env) *cli.Command {
	flags := append(outputFlags(), certFlags()...)
	flags = append(flags,
		&cli.StringSliceFlag{Name: "vpn-cert", Usage: "the VPN gateway's certificate (any container); repeatable"},
		&cli.StringSliceFlag{Name: "nps-cert", Usage: "the NPS (RADIUS) server's certificate; repeatable"},
		&cli.StringSliceFlag{Name: "client-cert", Usage: "user, device or Conditional Access certificates; repeatable"},
		&cli.StringSliceFlag{Name: "crl", Usage: "certificate revocation lists; repeatable"},
		&cli.StringSliceFlag{Name: "certs", Usage: "certificates without a role: classified by their content and the profile; repeatable"},
		&cli.StringSliceFlag{Name: "nps-config", Usage: "the NPS server's configuration export (netsh nps export, Export-NpsConfiguration); the profiles are checked against its network policies; repeatable"},
		&cli.StringFlag{Name: "aws-auth", Usage: "how the AWS Client VPN endpoint authenticates users, when its .ovpn profiles cannot tell: mutual, ad, ad-mfa or saml (AWS010, AWS011, AWS013)"},
		&cli.StringFlag{Name: "target", Value: "any", Usage: "where the profile is deployed: intune (also compare with how Windows reads the profile back, VPN062), powershell or any"},
	)
	return &cli.Command{
		Name:      "check",
		Usage:     "validate profiles, EAP configurations and certificates together",
		ArgsUsage: "FILE...",
		Description: `Reads each FILE ("-" for standard input), finds the ProfileXML and EapHostConfig
documents in it, whatever wraps them (raw XML in UTF-8 or UTF-16, a PowerShell deploy
script, a WMI listing, an Intune Graph export, a SyncML message), and reports every
problem with its rule ID, severity, position, the Windows error it predicts and a fix.

Certificates given with a role flag are checked for that role; certificates given as
FILE or with --certs are classified by their content (each classification is reported).
Every certificate container is read: PEM, DER, base64, PKCS#7, PFX, SST, CRL.

A directory (as FILE or after a role flag) stands for every file below it, hidden
files and folders left out; files of no supported kind found there are skipped.
Findings are sorted by file, line, column and rule.

EXAMPLES:
   aovpnlint check ProfileXML_User.xml
   aovpnlint check --format json VPN_Profile.ps1 intune-export.json
   aovpnlint check profile.xml --vpn-cert rras.cer --nps-cert nps.cer --trust roots.p7b
   aovpnlint check --fail-on warning --at 2027-06-01T00:00:00Z profile.xml
   aovpnlint check --target intune ProfileXML_User.xml
   aovpnlint check --format sarif --output aovpnlint.sarif profiles/
   aovpnlint check --format github profiles/     (annotations in GitHub Actions)

EXIT CODES:
   0  no finding at or above --fail-on
   1  at least one finding at or above --fail-on
   2  bad usage, or a file that cannot be opened or read`,
		Flags:  flags,
		Action: func(c *cli.Context) error { return check(c, e) },
	}
}

func check(c *cli.Context, e *env) error {
	if err := checkUsage(c); err != nil {
		return err
	}
	opts, err := options(c, e)
	if err != nil {
		return err
	}
	switch t := strings.ToLower(c.String("target")); t {
	case "intune", "powershell", "any":
		opts.Target = t
	default:
		return usagef("--target %q: expected intune, powershell or any", c.String("target"))
	}
	switch a := strings.ToLower(c.String("aws-auth")); a {
	case "", "mutual", "ad", "ad-mfa", "saml":
		opts.OpenVPNAuth = a
	default:
		return usagef("--aws-auth %q: expected mutual, ad, ad-mfa or saml", c.String("aws-auth"))
	}
	if c.NArg() == 0 {
		return usagef("check needs at least one FILE (use - for standard input)")
	}
	var srcs []aovpnlint.File
	for _, fr := range []struct {
		flag string
		role certcheck.Role
	}{{"", certcheck.RoleUnknown}, {"vpn-cert", certcheck.RoleVPN}, {"nps-cert", certcheck.RoleNPS}, {"client-cert", certcheck.RoleClient},
		{"trust", certcheck.RoleTrust}, {"crl", certcheck.RoleUnknown}, {"certs", certcheck.RoleUnknown}, {"nps-config", certcheck.RoleUnknown}} {
		names := c.StringSlice(fr.flag)
		if fr.flag == "" {
			names = c.Args().Slice()
		}
		var files []fileRole
		for _, name := range names {
			files = append(files, fileRole{name, fr.role})
		}
		got, err := inputs(files, e)
		if err != nil {
			return err
		}
		for i := range got {
			got[i].CRL = fr.flag == "crl" // a file given as a CRL must hold one
		}
		srcs = append(srcs, got...)
	}
	return checkAndReport(c, e, withoutRoleless(srcs), opts)
}
