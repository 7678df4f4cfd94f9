// Package engine is what the browser page asks of aovpnlint, in plain Go:
// check files and write the findings as `aovpnlint check` writes them,
// explain a Windows error or a rule as `aovpnlint explain` does, and show
// a file's text with its secrets redacted. The WebAssembly module
// (web/wasm) only carries requests and answers between the page and these
// functions, so that they are tested here, without a browser, against the
// command line.
//
// Files are named by path and read through the os package, as the command
// line reads them: in the browser, wasm_exec.js's file system is the
// page's own (web/page/vfs.js), a read-only folder of the files the user
// dropped, so an OpenVPN profile finds the files it names beside it and a
// file over the size limit is refused before it is read, as at the
// command line.
package engine

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"time"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/report"
)

// File is a file to check: its path, as findings name it, and the role of
// its certificates.
type File struct {
	Name string `json:"name"`
	// Role is what the command line's flags say: "" for a file given
	// without a role (its certificates are classified), or "vpn", "nps",
	// "client" or "trust" (--vpn-cert, --nps-cert, --client-cert,
	// --trust).
	Role string `json:"role"`
	// Optional leaves the file out, findings and all, when it is of no
	// supported kind, as the command line leaves out such files found in
	// a folder it is given (a README beside the profiles).
	Optional bool `json:"optional"`
}

// Settings are the command line's other flags of a check.
type Settings struct {
	// At is --at, an RFC 3339 time; empty means the current time, read
	// once for the check.
	At string `json:"at"`
	// WarnDays is --warn-days; the page sends the command line's default,
	// 30.
	WarnDays int `json:"warnDays"`
	// Passwords are tried on PFX files (and encrypted OpenVPN keys) after
	// the empty password, as --pfx-password-file's is. They are never
	// written anywhere.
	Passwords []string `json:"passwords"`
	// Target is --target: "any" (or empty), "intune" or "powershell".
	Target string `json:"target"`
	// AWSAuth is --aws-auth: empty, "mutual", "ad", "ad-mfa" or "saml".
	AWSAuth string `json:"awsAuth"`
}

// Result is what a check found.
type Result struct {
	// JSON is the report, byte for byte what `aovpnlint check --format
	// json` writes for the same files and settings (see [Result.SARIF]
	// for SARIF).
	JSON string `json:"json"`
	// Checked are the files checked, in the order the command line gives
	// them to the library (see [Args]); an optional file of no supported
	// kind is not among them.
	Checked []string `json:"checked"`
	// Certificates are the certificates of the certificate files, each
	// with the role it was checked for.
	Certificates []Certificate `json:"certificates"`
	// Counts are the findings by severity.
	Counts report.Counts `json:"counts"`
	// At is the time certificates were evaluated at, RFC 3339 in UTC.
	At string `json:"at"`
	// Command is the command line that writes the same JSON report (see
	// [Command]).
	Command string `json:"command"`

	// What SARIF needs to check the files again.
	srcs []aovpnlint.File
	opts aovpnlint.Options
}

// SARIF checks the files again and writes the findings in SARIF, byte for
// byte what `aovpnlint check --format sarif` writes for the same files and
// settings: as the command line does for SARIF, the run keeps the findings
// a suppression accepted and gives each finding its element path (see
// aovpnlint.Options). It is written when asked for rather than with every
// check: a SARIF log describes every rule, and writing it was most of the
// time a check took in the browser.
func (r *Result) SARIF() (string, error) {
	opts := r.opts
	opts.KeepSuppressed, opts.ElementPaths = true, true
	var b bytes.Buffer
	if _, _, _, err := write(&b, report.SARIF, r.srcs, opts); err != nil {
		return "", err
	}
	return b.String(), nil
}

// write checks the files and writes the report in the format, as the
// command line's checkAndReport does: the writer started before the first
// finding, an internal error (IN009) also given to the writer as a tool
// error, the files checked given when it closes. It returns the files
// checked, the certificates with their roles, and the counts.
func write(out io.Writer, format report.Format, srcs []aovpnlint.File, opts aovpnlint.Options) ([]string, []aovpnlint.CertificateRole, report.Counts, error) {
	w, err := report.NewWriter(out, format, ReportOptions())
	if err != nil {
		return nil, nil, report.Counts{}, err
	}
	checked, certs, err := aovpnlint.StreamWithRoles(srcs, opts, func(f lint.Finding) error {
		if f.Rule == aovpnlint.InternalError {
			w.ToolError(f.Pos, f.Message)
		}
		return w.Write(f)
	})
	if err != nil {
		return nil, nil, report.Counts{}, err
	}
	if err := w.Close(checked); err != nil {
		return nil, nil, report.Counts{}, err
	}
	return checked, certs, w.Counts(), nil
}

// Certificate is a certificate of a certificate file and its role (see
// aovpnlint.CertificateRole).
type Certificate struct {
	File       string `json:"file"`
	Line       int    `json:"line"`
	Source     string `json:"source"`
	Subject    string `json:"subject"`
	Thumbprint string `json:"thumbprint"`
	// Role names the role as the command line's flags do ("vpn", "nps",
	// "client", "trust", "ca"), or "" when no role fits.
	Role string `json:"role"`
	// RoleName names it for people: "VPN server".
	RoleName string `json:"roleName"`
	Given    bool   `json:"given"`
	Why      string `json:"why"`
}

// UsageError is a setting the command line would refuse as bad usage; its
// message is the command line's.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, args ...any) error {
	return &UsageError{fmt.Sprintf(format, args...)}
}

// roles are the roles a file can be given, by the name the page and the
// command line's flags use.
var roles = map[string]certcheck.Role{
	"": certcheck.RoleUnknown, "vpn": certcheck.RoleVPN, "nps": certcheck.RoleNPS,
	"client": certcheck.RoleClient, "trust": certcheck.RoleTrust,
}

// onlyChecked returns the files that were checked: an optional file of no
// supported kind is left out of a check, and so of its command line.
func onlyChecked(files []File, checked []string) []File {
	in := map[string]bool{}
	for _, name := range checked {
		in[name] = true
	}
	var out []File
	for _, f := range files {
		if in[f.Name] {
			out = append(out, f)
		}
	}
	return out
}

// roleFlags are the command line's flags for the roles, in the order the
// command line reads them (its files come first, without a flag).
var roleFlags = []struct{ role, flag string }{{"", ""}, {"vpn", "--vpn-cert"}, {"nps", "--nps-cert"}, {"client", "--client-cert"}, {"trust", "--trust"}}

// inCommandOrder checks the names and roles of the files and puts them in
// the order `aovpnlint check` gives them to the library: the files without
// a role first, then those of --vpn-cert, --nps-cert, --client-cert and
// --trust, each group in the order given. The order matters where a
// document's findings at another file are put in the order the files were
// given.
func inCommandOrder(files []File) ([]File, error) {
	seen := map[string]bool{}
	for _, f := range files {
		if _, ok := roles[f.Role]; !ok {
			return nil, usagef("role %q of %s: expected vpn, nps, client, trust or none", f.Role, report.Printable(f.Name))
		}
		if f.Name == "" || seen[f.Name] {
			return nil, usagef("file name %q is empty or given twice", report.Printable(f.Name))
		}
		seen[f.Name] = true
	}
	var out []File
	for _, rf := range roleFlags {
		for _, f := range files {
			if f.Role == rf.role {
				out = append(out, f)
			}
		}
	}
	return out, nil
}

// Args are the arguments of `aovpnlint check` (after "check") that check
// the files with the settings, evaluated at the time at: the files without
// a role, then each role's flag with its files, and the other settings'
// flags. The passwords are left out: the command line reads them from a
// file (--pfx-password-file) or the environment, never from its
// arguments. When a file without a role has a name that starts with "-",
// "--" ends the flags before the files, so that it is not read as one.
func Args(files []File, s Settings, at time.Time) []string {
	args := []string{"--at", at.UTC().Format(time.RFC3339Nano), "--warn-days", fmt.Sprint(s.WarnDays)}
	if t := strings.ToLower(s.Target); t != "" && t != "any" {
		args = append(args, "--target", t)
	}
	if s.AWSAuth != "" {
		args = append(args, "--aws-auth", strings.ToLower(s.AWSAuth))
	}
	ordered, err := inCommandOrder(files)
	if err != nil {
		ordered = files
	}
	var operands []string
	dash := false
	for _, f := range ordered {
		name := f.Name
		for _, rf := range roleFlags {
			switch {
			case f.Role != rf.role:
			case rf.flag == "":
				operands = append(operands, name)
				dash = dash || strings.HasPrefix(name, "-")
			default:
				args = append(args, rf.flag, name)
			}
		}
	}
	if dash {
		args = append(args, "--")
	}
	return append(args, operands...)
}

// Command is `aovpnlint check --format json` with [Args], each argument
// that needs it in single quotes for a POSIX shell, with
// --pfx-password-file when passwords are given: what a user runs, from
// the folder that holds the files, to get the page's JSON report from the
// command line.
func Command(files []File, s Settings, at time.Time) string {
	words := []string{"aovpnlint", "check", "--format", "json"}
	if len(s.Passwords) > 0 {
		words = append(words, "--pfx-password-file", "PASSWORD-FILE")
	}
	for _, a := range Args(files, s, at) {
		words = append(words, shellQuote(a))
	}
	return strings.Join(words, " ")
}

// shellQuote writes a word for a POSIX shell: as it is when it holds only
// characters no shell treats specially, otherwise in single quotes (a
// quote inside written '"'"'), its control characters escaped.
func shellQuote(w string) string {
	if w != "" && strings.Trim(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:+=,") == "" {
		return w
	}
	return "'" + strings.ReplaceAll(report.Printable(w), "'", `'"'"'`) + "'"
}

// Options returns the options of a check with these settings, as the
// command line makes them from its flags (see cmd/aovpnlint's options and
// check): the evaluation time, the warning window, the passwords, the
// target and the AWS authentication.
func (s Settings) Options() (aovpnlint.Options, error) {
	if s.WarnDays < 0 {
		return aovpnlint.Options{}, usagef("--warn-days %d: expected zero or more days", s.WarnDays)
	}
	opts := aovpnlint.Options{Warn: time.Duration(s.WarnDays) * 24 * time.Hour}
	if s.At != "" {
		t, err := time.Parse(time.RFC3339, s.At)
		if err != nil {
			return opts, usagef("--at %q: expected an RFC 3339 time such as 2027-06-01T00:00:00Z", s.At)
		}
		opts.Now = t
	}
	for _, p := range s.Passwords {
		if p != "" {
			opts.Passwords = append(opts.Passwords, p)
		}
	}
	switch t := strings.ToLower(s.Target); t {
	case "":
		opts.Target = "any"
	case "intune", "powershell", "any":
		opts.Target = t
	default:
		return opts, usagef("--target %q: expected intune, powershell or any", s.Target)
	}
	switch a := strings.ToLower(s.AWSAuth); a {
	case "", "mutual", "ad", "ad-mfa", "saml":
		opts.OpenVPNAuth = a
	default:
		return opts, usagef("--aws-auth %q: expected mutual, ad, ad-mfa or saml", s.AWSAuth)
	}
	return opts, nil
}

// Check checks files with the settings and writes the findings in JSON,
// as `aovpnlint check` writes them: the same library call
// (aovpnlint.Stream's run, through StreamWithRoles, which also says the
// roles), the same report options, the same writer. A zero evaluation
// time is read once, here, so that both reports and the roles agree.
func Check(files []File, s Settings) (*Result, error) {
	opts, err := s.Options()
	if err != nil {
		return nil, err
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if len(files) == 0 {
		return nil, usagef("check needs at least one FILE")
	}
	files, err = inCommandOrder(files)
	if err != nil {
		return nil, err
	}
	var srcs []aovpnlint.File
	for _, f := range files {
		srcs = append(srcs, aovpnlint.File{Path: f.Name, Role: roles[f.Role], Optional: f.Optional})
	}
	var b bytes.Buffer
	checked, certs, counts, err := write(&b, report.JSON, srcs, opts)
	if err != nil {
		return nil, err
	}
	res := &Result{JSON: b.String(), Checked: checked, Counts: counts, At: opts.Now.UTC().Format(time.RFC3339Nano),
		Command: Command(onlyChecked(files, checked), s, opts.Now), srcs: srcs, opts: opts}
	for _, c := range certs {
		res.Certificates = append(res.Certificates, Certificate{File: c.Pos.File, Line: c.Pos.Line, Source: c.Source,
			Subject: c.Subject, Thumbprint: c.Thumbprint, Role: RoleID(c.Role), RoleName: c.Role.String(), Given: c.Given, Why: c.Why})
	}
	return res, nil
}

// ReportOptions are the report options of `aovpnlint check` (see
// cmd/aovpnlint's reportOptions) for the page: the tool's name and
// version, every rule, the default --fail-on, SARIF's category without
// --sarif-category ("aovpnlint/check"), and the edits of fixable findings
// for SARIF's fixes. The base directory makes absolute file names
// relative in SARIF, and the page's names are relative already; no Azure
// Pipelines job runs the page; colour and JUnit's clock are for formats
// the page does not write.
func ReportOptions() report.Options {
	return report.Options{Tool: report.Tool{Name: "aovpnlint", Version: Version()}, Rules: aovpnlint.Rules(), FailOn: lint.Error,
		Category: "aovpnlint/check", Replacements: func(f lint.Finding) ([]lint.Replacement, error) { return input.Replacements(f.Edits) }}
}

// Version is the module version from the build information, as the
// command line reports it: "devel" for a build from a working copy
// without version control information.
func Version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Version == "" || info.Main.Version == "(devel)" {
		return "devel"
	}
	return info.Main.Version
}

// RoleID names a role as the command line's flags do (certcheck.Role.ID):
// "vpn", "nps", "client", "trust", "ca" (a CA certificate that only helps
// build chains), or "" for none.
func RoleID(r certcheck.Role) string { return r.ID() }

// IsUsage reports whether err is a setting the command line would refuse
// as bad usage.
func IsUsage(err error) bool {
	var u *UsageError
	return errors.As(err, &u)
}
