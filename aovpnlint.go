// Package aovpnlint validates Windows Always On VPN configuration offline:
// the VPNv2 ProfileXML, the EapHostConfig inside it, and the certificates
// involved. It reports every fault it can prove as a [lint.Finding] with a
// stable rule ID, a severity, a file:line:col position, the Windows error
// the fault would cause, and a fix.
//
// The package is a thin facade over the packages that do the work:
// package input reads files in every wrapper a profile comes in, package
// profile and package eapxml model and check the documents, package
// certcheck loads and checks certificates, package crosscheck checks
// them against each other. [Lint] and [Stream] run them all on a set of
// files; [Rules] lists every rule. Package report writes the findings.
//
// Nothing here prints, reads the clock or the system's trusted roots
// implicitly, or touches the network.
package aovpnlint

//go:generate go run ./internal/ruledoc/gen

import (
	"io"
	"time"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/config"
	"github.com/aovpnlint/aovpnlint/crosscheck"
	"github.com/aovpnlint/aovpnlint/eapxml"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/nps"
	"github.com/aovpnlint/aovpnlint/ovpn"
	"github.com/aovpnlint/aovpnlint/profile"
)

// Options configure a check. The zero value is usable.
type Options struct {
	// Now is the time certificates are evaluated at. The zero value means
	// the current time, read once when the run starts.
	Now time.Time
	// Warn is how long before expiry certificates and CRLs are reported
	// as expiring; zero reports only what has expired. The command line
	// uses certcheck.DefaultWarn, 30 days.
	Warn time.Duration
	// Host, when set, is the name the VPN server certificates must be
	// valid for (`aovpnlint cert --host`).
	Host string
	// Passwords are tried on PFX files after the empty password. They are
	// never printed.
	Passwords []string
	// Limits bound the input; zero fields mean input.DefaultLimits.
	Limits input.Limits
	// Target is where profiles are deployed: "intune" turns on the
	// comparison with how Windows reads a profile back (VPN062);
	// "powershell", "any" and "" do not.
	Target string
	// OpenVPNAuth is how the AWS Client VPN endpoint authenticates users,
	// when its profiles cannot tell: "mutual", "ad", "ad-mfa", "saml", or
	// "" (unknown); see ovpn.Options.
	OpenVPNAuth string
	// Config holds severity overrides, disabled rules and suppressions
	// (see package config); nil applies only the inline suppressions
	// written in the profiles.
	Config *config.Config
	// KeepSuppressed emits the findings a suppression accepted, with
	// lint.Finding.Suppressed set, instead of dropping them, for reports
	// that list them as suppressed (SARIF). Disabled rules still report
	// nothing.
	KeepSuppressed bool
	// ElementPaths sets lint.Finding.Path and End on each finding that
	// lies in an XML element, for reports that fingerprint findings or
	// show their extent (SARIF, GitLab); it costs a list of each file's
	// elements.
	ElementPaths bool
	// Checked, when not nil, is called with a file's name once every
	// finding of the file has been emitted (none, for a clean file), in
	// the order of the report, for reports that time each file.
	Checked func(name string)
}

// File is one file to check: its bytes (Data), the path it is read from
// (Path) or a reader (Reader), with the role its certificates are given
// for. Path comes first, then Reader, then Data.
type File struct {
	// Name is how findings refer to the file; for a Path, the path is.
	Name string
	// Data is the content of the file.
	Data []byte
	// Path, when not empty, is a file read when its turn comes: only a
	// regular file, and never past Options.Limits.MaxBytes (see
	// input.Open). A file is read more than once when certificates are
	// checked too (see [Stream]), never kept. The files an OpenVPN
	// profile names by a relative path (cert client.crt) are read from
	// the folder of Path, or of Name for a profile given as Data; never
	// for a Reader.
	Path string
	// Reader, when not nil, is read once, to its end or to
	// Options.Limits.MaxBytes, and what it held is kept for the run.
	Reader io.Reader
	// Role is the role of the file's certificates; it is ignored for
	// profiles. certcheck.RoleUnknown has certificates classified by
	// their content and the profiles checked with them.
	Role certcheck.Role
	// CRL says the file is given as a certificate revocation list (the
	// command line's --crl): it is read as a certificate file whatever it
	// holds, and one that holds no CRL is an IN005 error.
	CRL bool
	// Optional leaves the file out, findings and all, when it turns out
	// to be of no supported kind: a README next to the profiles of a
	// folder.
	Optional bool
}

// Lint checks files, as [Stream] does, and returns the findings, in
// order.
func Lint(files []File, opts Options) ([]lint.Finding, error) {
	var out []lint.Finding
	_, err := Stream(files, opts, func(f lint.Finding) error {
		out = append(out, f)
		return nil
	})
	return out, err
}

// Stream checks files and calls emit with each finding, in order: by
// file name, then line, column and rule (see lint.Sort), each file's
// findings as soon as they are known; the findings of the
// configuration's unused suppressions (IN008 in the configuration file)
// come last. It returns the names of the files checked, in the order
// given (optional files of no supported kind left out), for reports that
// list every file.
//
// Profiles and EAP configurations are checked with their rules,
// certificates with the certificate rules for their role, and the
// documents against each other (the gateway certificate against Servers,
// the NPS certificate and the roots against the EAP server validation,
// the client certificates against the EAP certificate filter); the
// configuration (and the inline suppressions in the profiles) is applied
// to each file. Certificates given without a role are classified by
// their content and what the profiles say: a certificate valid for a
// Servers host is the VPN server's, one valid for a ServerNames entry
// the NPS server's.
//
// The certificates and NPS configuration exports are read first and
// kept (an export as its model, for the documents to be compared with);
// every other file is read,
// checked and let go by a pool of workers (one per CPU), so that memory
// does not grow with the number of profiles: only findings wait, while
// an earlier file is still being checked, and, when certificates are
// given, the files named after a certificate file, whose findings need
// every profile. When certificates are given, the profiles are read
// twice: once for what they say about the certificates, then to be
// checked.
//
// The error is for a file that cannot be read at all (gone, unreadable,
// not a regular file), reported before any finding, or the first error
// emit returns, which stops the run. A panic while checking a file is a
// bug in aovpnlint: it becomes an [InternalError] finding for that file,
// and the other files are still checked.
func Stream(files []File, opts Options, emit func(lint.Finding) error) (checked []string, err error) {
	r := newRun(files, opts)
	if err := r.survey(); err != nil {
		return nil, err
	}
	r.certificates()
	if err := r.check(emit); err != nil {
		return nil, err
	}
	return r.checked(), nil
}

// Rules returns every rule aovpnlint checks, by family (IN, VPN, EAP,
// CERT) and number.
func Rules() []*lint.Rule {
	var rules []*lint.Rule
	rules = append(rules, lint.Rules(input.Checks)...)
	rules = append(rules, lint.Rules(certcheck.BundleChecks)...)
	rules = append(rules, config.Rules()...)
	rules = append(rules, InternalError)
	rules = append(rules, lint.Rules(profile.Checks)...)
	rules = append(rules, lint.Rules(eapxml.Checks)...)
	rules = append(rules, lint.Rules(certcheck.Checks)...)
	rules = append(rules, lint.Rules(profile.DeploymentChecks)...)
	rules = append(rules, lint.Rules(crosscheck.Checks)...)
	rules = append(rules, lint.Rules(nps.Checks)...)
	rules = append(rules, lint.Rules(ovpn.Checks)...)
	rules = append(rules, lint.Rules(crosscheck.OpenVPNChecks)...)
	lint.SortRules(rules)
	return rules
}
