package ovpn

import "github.com/aovpnlint/aovpnlint/lint"

// Options is what the rules are told besides the file.
type Options struct {
	// Auth is what the administrator says the AWS Client VPN endpoint
	// uses, when the file cannot tell: "" (unknown), "mutual", "ad",
	// "ad-mfa" or "saml". The command line passes --aws-auth. Any value
	// but "" makes the AWS rules apply.
	Auth string
}

// Input is what the rules read: the profile and the options.
type Input struct {
	Profile *Profile
	Opts    Options
}

// Checks lists the rules on an OpenVPN profile alone, in the order they
// run. The rules that need certificates (OVPN040, OVPN042 to OVPN050,
// AWS017) are in package crosscheck. Retired IDs: none.
var Checks = []*lint.Check[*Input]{}

// Lint runs every rule of Checks on p.
func Lint(p *Profile, opts Options) []lint.Finding {
	return lint.Run(Checks, &Input{Profile: p, Opts: opts})
}
