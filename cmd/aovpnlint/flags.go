package main

import (
	"errors"
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
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/report"
	"github.com/urfave/cli/v2"
)

// The flags check and cert share: the report and the configuration.
func outputFlags() []cli.Flag {
	return []cli.Flag{
		&choiceFlag{StringFlag: &cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: formatUsage()}, values: formatNames()},
		&cli.StringFlag{Name: "output", TakesFile: true, Aliases: []string{"o"}, Usage: "write the report to this file instead of standard output (the text summary still goes to standard error)"},
		&choiceFlag{StringFlag: &cli.StringFlag{Name: "fail-on", Value: "error", Usage: "lowest severity that makes the exit code 1: error, warning, info or none"}, values: []string{"error", "warning", "info", "none"}},
		&choiceFlag{StringFlag: &cli.StringFlag{Name: "min-severity", Aliases: []string{"severity"}, Value: "info", Usage: "leave out of the report the findings below this severity: info (all), warning (hide the info notes) or error; they do not count for --fail-on either"}, values: []string{"info", "warning", "error"}},
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "text format: findings only, no summary line"},
		&choiceFlag{StringFlag: &cli.StringFlag{Name: "color", Aliases: []string{"colour"}, Value: "auto", Usage: "text format: colour the severities always, never, or auto: on a terminal unless NO_COLOR is set or TERM is dumb"}, values: []string{"auto", "always", "never"}},
		sarifCategoryFlag,
		&cli.StringSliceFlag{Name: "disable", Usage: "turn off these rules (IDs separated by commas, or the flag repeated), on top of the configuration file"},
		&cli.StringSliceFlag{Name: "enable", Usage: "turn on these rules that the configuration file turns off"},
		&cli.StringFlag{Name: "config", TakesFile: true, Usage: "configuration file: severity overrides, disabled rules, suppressions with reasons (default: $AOVPNLINT_CONFIG, or " + config.DefaultName + " in the working directory or the nearest folder above it up to the repository root)"},
		&cli.BoolFlag{Name: "no-config", Usage: "read no configuration file, whatever --config, AOVPNLINT_CONFIG or the folders hold"},
	}
}

// certFlags are the flags of the certificate checks check and cert share.
func certFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "at", Usage: "evaluate certificate validity at this RFC 3339 time instead of now"},
		&cli.IntFlag{Name: "warn-days", Value: 30, Usage: "report certificates and CRLs expiring within this many days"},
		&cli.StringSliceFlag{Name: "trust", TakesFile: true, Usage: "trusted roots (and intermediates) clients have; repeat for several files"},
		pfxPasswordFlag(),
	}
}

// pfxPasswordFlag names the file of the PFX password.
func pfxPasswordFlag() cli.Flag {
	return &cli.StringFlag{Name: "pfx-password-file", TakesFile: true, Usage: "file holding the password of PFX files and encrypted keys (or set AOVPNLINT_PFX_PASSWORD); the empty password is tried first"}
}

// choiceFlag is a string flag whose value is one of a few words, given
// in any case (--format JSON); see choose.
type choiceFlag struct {
	*cli.StringFlag
	// values are the words the help lists; also are other words
	// accepted (synonyms, such as vpn for server).
	values, also []string
	names        []string // see Names
}

// choose returns the value of the flag f in the spelling of its list, or
// the usage error that says what is expected.
func choose(c *cli.Context, f *choiceFlag) (string, error) {
	v := c.String(f.Name)
	for _, w := range f.also {
		if strings.EqualFold(v, w) {
			return w, nil
		}
	}
	return chooseValue(f.Name, v, f.values)
}

// chooseValue returns the word of values that v is, ignoring case, or a
// usage error for --name.
func chooseValue(name, v string, values []string) (string, error) {
	for _, w := range values {
		if strings.EqualFold(v, w) {
			return w, nil
		}
	}
	msg := fmt.Sprintf("%s %q: expected %s", dashed(name), v, orList(values, "or"))
	if best, ok := closest(v, values); ok {
		msg += fmt.Sprintf("; did you mean %s?", best)
	}
	return "", usageError{msg}
}

// expectedValues is ": expected a, b or c" for a choice flag, "" for
// another.
func expectedValues(f cli.Flag) string {
	if cf, ok := f.(*choiceFlag); ok {
		return ": " + orList(cf.values, "or")
	}
	return ""
}

// formatNames are the values of --format of check and cert.
func formatNames() []string {
	var out []string
	for _, f := range report.Formats {
		out = append(out, string(f))
	}
	return out
}

// options reads the flags every check needs: the evaluation time, the
// warning window, the PFX passwords and the configuration.
func options(c *cli.Context, e *env) (aovpnlint.Options, error) {
	// A zero Now is the current time, decided once by certcheck.
	opts := aovpnlint.Options{Warn: time.Duration(c.Int("warn-days")) * 24 * time.Hour, Now: e.at}
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
	var err error
	if opts.Passwords, err = passwords(c, e); err != nil {
		return opts, err
	}
	if opts.Config, err = loadConfig(c, e); err != nil {
		return opts, err
	}
	opts.Config, err = ruleSwitches(c, opts.Config)
	return opts, err
}

// passwords reads the PFX passwords: --pfx-password-file, then
// AOVPNLINT_PFX_PASSWORD.
func passwords(c *cli.Context, e *env) ([]string, error) {
	var out []string
	if path := c.String("pfx-password-file"); path != "" {
		data, err := fsread.File(path, maxPasswordFile)
		if err != nil {
			return nil, fmt.Errorf("--pfx-password-file: %w", err)
		}
		out = append(out, strings.TrimRight(string(data), "\r\n"))
	}
	if pw := e.getenv("AOVPNLINT_PFX_PASSWORD"); pw != "" {
		out = append(out, pw)
	}
	return out, nil
}

// maxPasswordFile bounds the file --pfx-password-file names: a password,
// not a document.
const maxPasswordFile = 64 << 10

// loadConfig reads the configuration file: none with --no-config; the
// file --config names, or else the one AOVPNLINT_CONFIG names; or else
// .aovpnlint.yaml in the working directory or the nearest folder above
// it within the repository (config.Find), whose globs are then relative
// to its folder.
func loadConfig(c *cli.Context, e *env) (*config.Config, error) {
	name, from := c.String("config"), "--config"
	if c.Bool("no-config") {
		if name != "" {
			return nil, usagef("--no-config and --config %s say opposite things; give one", quoteArg(name))
		}
		return nil, nil
	}
	if name == "" {
		name, from = e.getenv("AOVPNLINT_CONFIG"), "AOVPNLINT_CONFIG"
	}
	base, wd := "", ""
	if name == "" {
		var err error
		if wd, err = os.Getwd(); err != nil {
			return nil, fmt.Errorf("the configuration file: %w", err)
		}
		if name, err = config.Find(wd); err != nil || name == "" {
			return nil, err
		}
		from, base = "the configuration file", filepath.Dir(name)
		if rel, err := filepath.Rel(wd, name); err == nil {
			name = rel // as the user would write it: .aovpnlint.yaml, ../../.aovpnlint.yaml
		}
	}
	cfg, err := config.Load(name, aovpnlint.Rules())
	if err != nil {
		var ce *config.Error
		if errors.As(err, &ce) {
			return nil, usagef("%s: %v", from, err)
		}
		return nil, usagef("%s %s: %v", from, quoteArg(name), unwrapPath(err))
	}
	if base != "" {
		cfg.SetBase(base, wd)
	}
	return cfg, nil
}

// unwrapPath drops the operation and path of an *fs.PathError, which the
// message names already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ruleSwitches applies --disable and --enable to the configuration cfg
// (nil when there is none): the rules they name, by ID in any case, with
// commas or the flag repeated, are turned off or back on.
func ruleSwitches(c *cli.Context, cfg *config.Config) (*config.Config, error) {
	disable, err := ruleIDs(c, "disable")
	if err != nil {
		return nil, err
	}
	enable, err := ruleIDs(c, "enable")
	if err != nil {
		return nil, err
	}
	if len(disable) == 0 && len(enable) == 0 {
		return cfg, nil
	}
	if cfg == nil {
		cfg = &config.Config{Severity: map[string]lint.Severity{}, Disabled: map[string]bool{}}
	}
	for _, id := range enable {
		if slices.Contains(disable, id) {
			return nil, usagef("--enable and --disable both name %s; give one", id)
		}
		delete(cfg.Disabled, id)
	}
	for _, id := range disable {
		cfg.Disabled[id] = true
	}
	return cfg, nil
}

// ruleIDs reads the rule IDs of --disable or --enable, each checked
// against the rules.
func ruleIDs(c *cli.Context, flag string) ([]string, error) {
	values := c.StringSlice(flag)
	if len(values) == 0 {
		return nil, nil
	}
	var known []string
	for _, r := range aovpnlint.Rules() {
		known = append(known, r.ID)
	}
	var out []string
	for _, v := range values {
		for _, id := range strings.Split(v, ",") {
			id = strings.ToUpper(strings.TrimSpace(id))
			if id == "" {
				continue
			}
			if !slices.Contains(known, id) {
				msg := fmt.Sprintf("--%s %s: no rule has that ID", flag, quoteArg(id))
				if best, ok := closest(id, known); ok {
					msg += fmt.Sprintf("; did you mean %s?", best)
				}
				return nil, usageError{msg + " (aovpnlint rules lists them)"}
			}
			out = append(out, id)
		}
	}
	return out, nil
}

// argument is a file or folder named on the command line: its path, the
// flag it came with ("" for an operand), the role of its certificates,
// and whether it was given as a CRL.
type argument struct {
	flag string
	path string
	role certcheck.Role
	crl  bool
}

// String names the argument as the user wrote it: --trust roots/, vpn/.
func (a argument) String() string {
	if a.flag == "" {
		return quoteArg(a.path)
	}
	return "--" + a.flag + " " + quoteArg(a.path)
}

// plan is what a check reads: the files, each once, and for each folder
// named, the files it stands for (as indexes into files), so that a
// folder in which nothing could be checked is said to be empty.
type plan struct {
	files   []aovpnlint.File
	folders []folder
}

type folder struct {
	arg   argument
	files []int
}

// gather names every file to check before any is read, so that a
// missing or unusable path, or a folder with no file in it, stops the
// run with one line and no partial output; the files themselves are read
// when their turn comes (see aovpnlint.Stream), so that a large batch is
// never all in memory. A directory stands for the files inside it (see
// expand); of those, files of no supported kind are left out rather than
// reported. Standard input ("-") is read once, bounded, when the check
// starts.
//
// Each file is checked once: a file named twice, or named and found in a
// folder also named (vpn/ and vpn/user.xml), is one file, compared by
// its absolute path. A file given with a role (--trust) is not checked
// again without one (found in a folder, or given as an operand too); a
// file given with two roles (--vpn-cert and --nps-cert, one certificate
// for both servers) is checked for both.
func gather(args []argument, e *env) (*plan, error) {
	wd, _ := os.Getwd()
	p := &plan{}
	type key struct {
		path string
		role certcheck.Role
		crl  bool
	}
	index := map[key]int{}
	// Every argument is expanded first, to know the files given with a
	// role.
	expanded := make([][]string, len(args))
	fromDirs := make([]bool, len(args))
	withRole := map[string]bool{}
	for i, a := range args {
		paths, fromDir, err := expand(a.path)
		if err != nil {
			return nil, err
		}
		if fromDir && len(paths) == 0 {
			return nil, usagef("%s: the folder holds no file to check (hidden files and folders and documentation are left out)", a)
		}
		expanded[i], fromDirs[i] = paths, fromDir
		if a.role != certcheck.RoleUnknown || a.crl {
			for _, path := range paths {
				withRole[absPath(wd, path)] = true
			}
		}
	}
	for ai, a := range args {
		fromDir := fromDirs[ai]
		var in []int
		for _, path := range expanded[ai] {
			abs := absPath(wd, path)
			if path == "-" {
				abs = "-"
			}
			k := key{abs, a.role, a.crl}
			if i, ok := index[k]; ok {
				p.files[i].Optional = p.files[i].Optional && fromDir
				in = append(in, i)
				continue
			}
			if a.role == certcheck.RoleUnknown && !a.crl && withRole[abs] {
				continue // checked for the role it is given with
			}
			var f aovpnlint.File
			if path == "-" {
				f = aovpnlint.File{Name: "<stdin>", Reader: e.stdin, Role: a.role, CRL: a.crl}
			} else {
				if err := usable(path); err != nil {
					return nil, err
				}
				f = aovpnlint.File{Path: path, Role: a.role, Optional: fromDir, CRL: a.crl}
			}
			index[k] = len(p.files)
			in = append(in, len(p.files))
			p.files = append(p.files, f)
		}
		if fromDir && len(in) > 0 {
			p.folders = append(p.folders, folder{a, in})
		}
	}
	return p, nil
}

// absPath is path made absolute against the working directory wd,
// cleaned; no file system access.
func absPath(wd, path string) string {
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	return filepath.Join(wd, path)
}

// nothingChecked returns the error for the first folder none of whose
// files was checked (all of them of no supported kind), given the names
// of the files checked; nil when every folder had one.
func (p *plan) nothingChecked(checked []string) error {
	done := map[string]bool{}
	for _, n := range checked {
		done[n] = true
	}
	for _, fo := range p.folders {
		any := false
		for _, i := range fo.files {
			f := p.files[i]
			any = any || done[f.Path] || f.Path == "" || !f.Optional
		}
		if !any {
			return usagef("%s: the folder holds no file aovpnlint can check: of its %s, none is a profile, EAP configuration, NPS export, OpenVPN profile or certificate file", fo.arg, wording.Plural(len(fo.files), "file"))
		}
	}
	return nil
}

// usable reports why path cannot be checked: it does not exist, is not a
// regular file (a FIFO would block, a device never ends), or cannot be
// opened. It reads nothing. The error names the path once: "x.xml: no
// such file or directory".
func usable(path string) error {
	if _, err := fsread.Check(path); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return fmt.Errorf("%s: %w", path, pe.Err)
		}
		return err
	}
	f, err := fsread.Open(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPath(err))
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

// checkAndReport checks the files of p and writes each finding as it
// comes, in the format asked for, to standard output or --output
// (created with the first byte of the report, so that a run stopped
// before it leaves no file). Findings below --min-severity are left out.
// It returns errFindings when a finding reaches --fail-on, the error of
// exit status 2 for an internal error (IN009), and a usage error when a
// folder named held no file that could be checked.
func checkAndReport(c *cli.Context, e *env, p *plan, opts aovpnlint.Options, s settings) (err error) {
	out := &output{path: c.String("output"), w: e.stdout}
	// A run that stops before its report is complete leaves no --output
	// file, not an empty or half-written one.
	complete := false
	defer func() {
		if !complete {
			out.discard()
		}
	}()
	ropts := reportOptions(c, e, s.failOn, s.color(out.path == "", e))
	var w *report.Writer
	start := func() (err error) {
		if w == nil {
			w, err = report.NewWriter(out, s.format, ropts)
		}
		return err
	}
	forFormat(&opts, s.format, func(name string) {
		if start() == nil {
			w.FileDone(name)
		}
	})
	var internal *lint.Finding
	failed := false
	hidden := 0
	checked, err := aovpnlint.Stream(p.files, opts, func(f lint.Finding) error {
		if f.Rule == aovpnlint.InternalError && internal == nil {
			internal = &f
		}
		if f.Severity < s.minSeverity && f.Rule != aovpnlint.InternalError {
			if f.Suppressed == nil {
				hidden++
			}
			return nil
		}
		failed = failed || f.Suppressed == nil && f.Severity >= s.failOn
		if err := start(); err != nil {
			return err
		}
		toolError(w, f)
		return w.Write(f)
	})
	if err != nil {
		return err
	}
	if err := p.nothingChecked(checked); err != nil {
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
	if s.format == report.Text && !c.Bool("quiet") {
		summary := report.Summary(w.Counts(), len(checked))
		if hidden > 0 {
			summary += fmt.Sprintf(" (%s below %s not shown: --min-severity %s)", wording.Plural(hidden, "finding"), s.minSeverity, s.minSeverity)
		}
		fmt.Fprintln(e.stderr, summary)
	}
	if internal != nil {
		return fmt.Errorf("internal error while checking %s (%s); the report lists it, and the other files were checked", report.Printable(internal.Pos.File), internal.Rule.ID)
	}
	if failed {
		return errFindings
	}
	return nil
}

// settings are the report flags check and cert share, read and checked
// before any file is.
type settings struct {
	format      report.Format
	failOn      lint.Severity
	minSeverity lint.Severity
	colour      string // auto, always or never
	noColor     bool   // NO_COLOR is set, or TERM is dumb
}

// readSettings reads --format, --fail-on, --min-severity and --color,
// whose values are accepted in any case.
func readSettings(c *cli.Context, e *env) (settings, error) {
	var s settings
	cmd := c.Command
	get := func(name string) (string, error) {
		f, _ := findFlag(cmd, name).(*choiceFlag)
		return choose(c, f)
	}
	format, err := get("format")
	if err != nil {
		return s, err
	}
	s.format = report.Format(format)
	failOn, err := get("fail-on")
	if err != nil {
		return s, err
	}
	s.failOn = parseFailOn(failOn)
	min, err := get("min-severity")
	if err != nil {
		return s, err
	}
	s.minSeverity, _ = lint.ParseSeverity(min)
	if s.colour, err = get("color"); err != nil {
		return s, err
	}
	s.noColor = e.getenv("NO_COLOR") != "" || e.getenv("TERM") == "dumb"
	return s, nil
}

// color reports whether the text report is coloured: --color always or
// never, or by default (auto) when it goes to a terminal, NO_COLOR is
// not set and TERM is not dumb.
func (s settings) color(toStdout bool, e *env) bool {
	switch s.colour {
	case "always":
		return true
	case "never":
		return false
	}
	return toStdout && !s.noColor && e.terminal(e.stdout)
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

// parseFailOn reads a value of --fail-on that choose accepted; none
// becomes a severity above error, which no finding reaches.
func parseFailOn(s string) lint.Severity {
	if s == "none" {
		return lint.Error + 1
	}
	sev, _ := lint.ParseSeverity(s)
	return sev
}
