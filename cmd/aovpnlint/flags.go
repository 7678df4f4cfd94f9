package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/config"
	"github.com/aovpnlint/aovpnlint/internal/fsread"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/report"
	"github.com/urfave/cli/v2"
)

// The flags check and cert share.
func outputFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "format", Value: "text", Usage: formatUsage()},
		&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the report to this file instead of standard output (the text summary still goes to standard error)"},
		&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "lowest severity that makes the exit code 1: error, warning, info or none"},
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "text format: findings only, no summary line"},
		sarifCategoryFlag,
	}
}

func certFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "at", Usage: "evaluate certificate validity at this RFC 3339 time instead of now"},
		&cli.IntFlag{Name: "warn-days", Value: 30, Usage: "report certificates and CRLs expiring within this many days"},
		&cli.StringSliceFlag{Name: "trust", Usage: "trusted roots (and intermediates) clients have; repeat for several files"},
		&cli.StringFlag{Name: "pfx-password-file", Usage: "file holding the password of PFX files (or set AOVPNLINT_PFX_PASSWORD); the empty password is tried first"},
		&cli.StringFlag{Name: "config", Usage: "configuration file: severity overrides, disabled rules, suppressions with reasons (default: " + config.DefaultName + " in the working directory, when there is one)"},
	}
}

// options reads the flags every check needs: the evaluation time, the
// warning window and the PFX passwords.
func options(c *cli.Context, e *env) (aovpnlint.Options, error) {
	// A zero Now is the current time, decided once by certcheck.
	opts := aovpnlint.Options{Warn: time.Duration(c.Int("warn-days")) * 24 * time.Hour}
	if c.Int("warn-days") < 0 {
		return opts, usagef("--warn-days %d: expected zero or more days", c.Int("warn-days"))
	}
	if at := c.String("at"); at != "" {
		t, err := time.Parse(time.RFC3339, at)
		if err != nil {
			return opts, usagef("--at %q: expected an RFC 3339 time such as 2027-06-01T00:00:00Z", at)
		}
		opts.Now = t
	}
	if path := c.String("pfx-password-file"); path != "" {
		data, err := fsread.File(path, maxPasswordFile)
		if err != nil {
			return opts, fmt.Errorf("--pfx-password-file: %w", err)
		}
		opts.Passwords = append(opts.Passwords, strings.TrimRight(string(data), "\r\n"))
	}
	if pw := e.getenv("AOVPNLINT_PFX_PASSWORD"); pw != "" {
		opts.Passwords = append(opts.Passwords, pw)
	}
	name := c.String("config")
	if name == "" {
		if _, err := os.Stat(config.DefaultName); err == nil {
			name = config.DefaultName
		}
	}
	if name != "" {
		cfg, err := config.Load(name, aovpnlint.Rules())
		if err != nil {
			return opts, usagef("--config: %v", err)
		}
		opts.Config = cfg
	}
	return opts, nil
}

// maxPasswordFile bounds the file --pfx-password-file names: a password,
// not a document.
const maxPasswordFile = 64 << 10

// fileRole is a file named on the command line and the role it was given
// for.
type fileRole struct {
	path string
	role certcheck.Role
}

// inputs names every file to check before any is read, so that a
// missing or unusable path stops the run with one line and no partial
// output; the files themselves are read when their turn comes (see
// aovpnlint.Stream), so that a large batch is never all in memory. A
// directory stands for the files inside it (see expand); of those, files
// of no supported kind are left out rather than reported. Standard input
// ("-") is read once, bounded, when the check starts.
func inputs(files []fileRole, e *env) ([]aovpnlint.File, error) {
	var out []aovpnlint.File
	for _, fr := range files {
		paths, fromDir, err := expand(fr.path)
		if err != nil {
			return nil, err
		}
		for _, p := range paths {
			if p == "-" {
				out = append(out, aovpnlint.File{Name: "<stdin>", Reader: e.stdin, Role: fr.role})
				continue
			}
			if err := usable(p); err != nil {
				return nil, err
			}
			out = append(out, aovpnlint.File{Path: p, Role: fr.role, Optional: fromDir})
		}
	}
	return withoutRoleless(out), nil
}

// withoutRoleless leaves out the files found in a folder without a role
// that are also given with one (vpn/ and --trust vpn/trust/): the role
// given is the one the file is checked for, once.
func withoutRoleless(files []aovpnlint.File) []aovpnlint.File {
	withRole := map[string]bool{}
	for _, f := range files {
		if f.Path != "" && f.Role != certcheck.RoleUnknown {
			withRole[filepath.Clean(f.Path)] = true
		}
	}
	out := files[:0]
	for _, f := range files {
		if f.Optional && f.Role == certcheck.RoleUnknown && withRole[filepath.Clean(f.Path)] {
			continue
		}
		out = append(out, f)
	}
	return out
}

// usable reports why path cannot be checked: it does not exist, is not a
// regular file (a FIFO would block, a device never ends), or cannot be
// opened. It reads nothing.
func usable(path string) error {
	if _, err := fsread.Check(path); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	return f.Close()
}

// docExtensions are the documentation files a directory walk leaves out.
var docExtensions = map[string]bool{".md": true, ".markdown": true, ".html": true, ".htm": true}

// expand returns the files a path names: itself, or for a directory every
// regular file below it in lexical order, leaving out hidden files and
// folders (names starting with a dot, such as .git and .aovpnlint.yaml)
// and documentation (Markdown and HTML, whose code samples would
// otherwise be read as scripts or XML). Files given by name are always
// read, whatever their extension.
func expand(path string) (files []string, fromDir bool, err error) {
	if path == "-" {
		return []string{path}, false, nil
	}
	st, err := os.Stat(path)
	if err != nil || !st.IsDir() {
		return []string{path}, false, nil // usable says what is wrong
	}
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != path && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && !docExtensions[strings.ToLower(filepath.Ext(p))] {
			files = append(files, p)
		}
		return nil
	})
	return files, true, err
}

// checkAndReport checks the files and writes each finding as it comes,
// in the format asked for, to standard output or --output (created with
// the first byte of the report, so that a run stopped before it leaves
// no file). It returns errFindings when a finding reaches --fail-on, and
// the error of exit status 2 for an internal error (IN009).
func checkAndReport(c *cli.Context, e *env, files []aovpnlint.File, opts aovpnlint.Options) (err error) {
	failOn, err := parseFailOn(c.String("fail-on"))
	if err != nil {
		return err
	}
	format := report.Format(c.String("format"))
	out := &output{path: c.String("output"), w: e.stdout}
	// A run that stops before its report is complete leaves no --output
	// file, not an empty or half-written one.
	complete := false
	defer func() {
		if !complete {
			out.discard()
		}
	}()
	ropts := reportOptions(c, e, failOn, out.path == "" && e.terminal(e.stdout) && e.getenv("NO_COLOR") == "")
	var w *report.Writer
	start := func() (err error) {
		if w == nil {
			w, err = report.NewWriter(out, format, ropts)
		}
		return err
	}
	forFormat(&opts, format, func(name string) {
		if start() == nil {
			w.FileDone(name)
		}
	})
	var internal *lint.Finding
	failed := false
	checked, err := aovpnlint.Stream(files, opts, func(f lint.Finding) error {
		if f.Rule == aovpnlint.InternalError && internal == nil {
			internal = &f
		}
		failed = failed || f.Suppressed == nil && f.Severity >= failOn
		if err := start(); err != nil {
			return err
		}
		toolError(w, f)
		return w.Write(f)
	})
	if err != nil {
		return err
	}
	if err := start(); err != nil {
		return err
	}
	if err := w.Close(checked); err != nil {
		return err
	}
	if err := out.close(); err != nil {
		return err
	}
	complete = true
	if format == report.Text && !c.Bool("quiet") {
		fmt.Fprintln(e.stderr, report.Summary(w.Counts(), len(checked)))
	}
	if internal != nil {
		return fmt.Errorf("internal error while checking %s (%s); the report lists it, and the other files were checked", report.Printable(internal.Pos.File), internal.Rule.ID)
	}
	if failed {
		return errFindings
	}
	return nil
}

// output is standard output, or the --output file, created on the first
// write (or when closed, for an empty report).
type output struct {
	path   string
	w      io.Writer
	f      *os.File
	closed bool
}

func (o *output) Write(b []byte) (int, error) {
	if o.path != "" && o.f == nil {
		f, err := os.Create(o.path)
		if err != nil {
			return 0, fmt.Errorf("--output: %w", err)
		}
		o.f, o.w = f, f
	}
	return o.w.Write(b)
}

// discard closes and removes the --output file of a report that was not
// completed; it creates none.
func (o *output) discard() {
	if o.f == nil {
		return
	}
	if !o.closed {
		o.closed = true
		o.f.Close()
	}
	os.Remove(o.path)
}

// close creates an empty --output file if nothing was written, and closes
// it; it does so once.
func (o *output) close() error {
	if o.path == "" || o.closed {
		return nil
	}
	o.closed = true
	if o.f == nil {
		if _, err := o.Write(nil); err != nil {
			return err
		}
	}
	if err := o.f.Close(); err != nil {
		return fmt.Errorf("--output: %w", err)
	}
	return nil
}

// checkUsage validates --format and --fail-on before any file is read.
func checkUsage(c *cli.Context) error {
	if f := c.String("format"); !slices.Contains(report.Formats, report.Format(f)) {
		return usagef("--format %q: expected %s", f, report.FormatNames())
	}
	_, err := parseFailOn(c.String("fail-on"))
	return err
}

// parseFailOn reads --fail-on; none becomes a severity above error, which
// no finding reaches.
func parseFailOn(s string) (lint.Severity, error) {
	if s == "none" {
		return lint.Error + 1, nil
	}
	sev, err := lint.ParseSeverity(s)
	if err != nil {
		return 0, usagef("--fail-on %q: expected error, warning, info or none", s)
	}
	return sev, nil
}
