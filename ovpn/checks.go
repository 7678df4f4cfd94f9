package ovpn

import "github.com/aovpnlint/aovpnlint/lint"

// Options is what the rules are told besides the file.
type Options struct {
	// Auth is what the administrator says the AWS Client VPN endpoint
	// uses, when the file cannot tell: "" (unknown), "mutual", "ad",
	// "ad-mfa" or "saml". The command line passes --aws-auth. Any value
	// but "" makes the AWS rules apply.
	Auth string
	// Encoding is how the file was encoded before it was decoded into the
	// text Parse read, as the reader of files names it ("UTF-8", "UTF-16
	// LE with BOM"); empty when not known. OpenVPN reads bytes, so a
	// UTF-16 file is not a profile to it (OVPN008).
	Encoding string
}

// Input is what the rules read: the profile and the options.
type Input struct {
	// Profile is the profile Parse read.
	Profile *Profile
	// Opts is what the command line says about the endpoint.
	Opts Options
}

// Checks lists the rules on an OpenVPN profile alone, in the order they
// run. The rules that need certificates (OVPN040, OVPN042 to OVPN050,
// AWS017) are in package crosscheck. Retired IDs: none.
var Checks = []*lint.Check[*Input]{
	unknownOption,         // OVPN001
	unterminated,          // OVPN002
	notInline,             // OVPN003
	longLine,              // OVPN004
	badToken,              // OVPN005
	placeholder,           // OVPN006
	readerLimit,           // OVPN007
	notUTF8,               // OVPN008
	noCredentials,         // OVPN010
	halfPair,              // OVPN011
	noCA,                  // OVPN012
	filePaths,             // OVPN013
	emptyPEM,              // OVPN020
	encryptedKey,          // OVPN041
	noServerCheck,         // OVPN060
	blowfish,              // OVPN061
	cipherIgnored,         // OVPN062
	compression,           // OVPN063
	removedOption,         // OVPN064
	nsCertType,            // OVPN065
	tlsAuthDirection,      // OVPN066
	strayDirection,        // OVPN067
	tlsAuthAndCrypt,       // OVPN068
	weakTLS,               // OVPN069
	noPrefix,              // AWS001
	noRandomHostname,      // AWS002
	notEndpointName,       // AWS003
	badPort,               // AWS004
	tapDevice,             // AWS005
	awsNoCredentials,      // AWS010
	noStaticChallenge,     // AWS011
	badStaticChallenge,    // AWS012
	samlWithoutFederate,   // AWS013
	samlPort,              // AWS014
	renegotiation,         // AWS015
	noMSSFix,              // AWS016
	fullTunnel,            // AWS018
	federate,              // AWS019
	awsMissingCredentials, // AWS020
}

// Lint runs every rule of Checks on p.
func Lint(p *Profile, opts Options) []lint.Finding {
	return lint.Run(Checks, &Input{Profile: p, Opts: opts})
}
