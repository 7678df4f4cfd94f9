package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/config"
	"github.com/aovpnlint/aovpnlint/fix"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/fsread"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/report"
	"github.com/urfave/cli/v2"
)

func fixCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "fix",
		Usage:     "rewrite the mistakes whose correction is certain, without touching anything else",
		ArgsUsage: "FILE...",
		Description: `Reads each FILE as check does and makes the corrections aovpnlint is certain of,
those of the rules docs/rules.md marks fixable: a boolean written True or 1 where
Windows wants true, an https:// EAP namespace, a thumbprint written with colons, an
element name in the wrong case, a known element under the wrong parent, a Servers
entry written twice. Nothing that needs a decision (which root, which name) is changed.

Each value is changed where it is written: inside a PowerShell string or here-string,
an Intune JSON string (a base64 value is encoded again), a SyncML message, an
HTML-escaped EapHostConfig, in the file's own encoding, byte order mark and line ends.
Everything else keeps its bytes. A file that cannot be rewritten exactly (a WMI
listing, a script that builds the profile at run time) is left as it is, and says why.

Without --write nothing is written: fix lists what it would change (or, with --diff,
prints a unified diff of the decoded text, secrets withheld).

EXAMPLES:
   aovpnlint fix ProfileXML_User.xml
   aovpnlint fix --diff VPN_Profile.ps1 intune-export.json
   aovpnlint fix --write profiles/

EXIT CODES:
   0  no finding at or above --fail-on remains (in the files as fix leaves them, or would leave them)
   1  findings at or above --fail-on remain that no fix covers
   2  bad usage, or a file that cannot be opened, read or written`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "write", Aliases: []string{"w"}, Usage: "rewrite the files in place (without it, nothing is written)"},
			&cli.BoolFlag{Name: "diff", Usage: "print a unified diff of the changes instead of listing them"},
			&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "lowest severity of a remaining finding that makes the exit code 1: error, warning, info or none"},
			&cli.StringFlag{Name: "config", Usage: "configuration file, as for check: a disabled rule or a suppressed finding is not fixed (default: " + config.DefaultName + " in the working directory, when there is one)"},
			&cli.StringFlag{Name: "target", Value: "any", Usage: "where the profile is deployed, as for check: intune, powershell or any"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no summary line"},
		},
		Action: func(c *cli.Context) error { return fixFiles(c, e) },
	}
}

// fixFiles runs fix on every FILE, in order.
func fixFiles(c *cli.Context, e *env) error {
	level, err := chooseValue("fail-on", c.String("fail-on"), []string{"error", "warning", "info", "none"})
	if err != nil {
		return err
	}
	failOn := parseFailOn(level)
	target, err := chooseValue("target", c.String("target"), []string{"intune", "powershell", "any"})
	if err != nil {
		return err
	}
	opts, err := options(c, e)
	if err != nil {
		return err
	}
	opts.Target = target
	if c.NArg() == 0 {
		return usagef("fix needs at least one FILE (use - for standard input)")
	}
	write := c.Bool("write")
	var named []argument
	for _, a := range c.Args().Slice() {
		if a == "-" && write {
			return usagef("fix --write cannot rewrite standard input; give the file's path")
		}
		named = append(named, argument{path: a, role: certcheck.RoleUnknown})
	}
	p, err := gather(named, e)
	if err != nil {
		return err
	}
	files := p.files
	lim := opts.Limits
	if lim.MaxBytes <= 0 {
		lim.MaxBytes = input.DefaultLimits.MaxBytes
	}
	var fixed, changed, remaining int
	failed := false
	for _, f := range files {
		name := f.Path
		var data []byte
		if f.Path == "" {
			name = f.Name
			data, err = fsread.Reader(name, f.Reader, lim.MaxBytes)
		} else {
			data, err = fsread.File(f.Path, lim.MaxBytes)
		}
		var tl *fsread.TooLargeError
		if errors.As(err, &tl) {
			// Too large to be read: the check says so (IN006), nothing is fixed.
			fs, err := aovpnlint.Lint([]aovpnlint.File{f}, opts)
			if err != nil {
				return err
			}
			for _, fd := range fs {
				failed = failed || fd.Severity >= failOn && fd.Suppressed == nil
			}
			remaining += len(fs)
			continue
		}
		if err != nil {
			return err
		}
		res, err := fix.File(name, data, opts)
		if err != nil {
			return err
		}
		if f.Optional && res.Kind == input.Unknown {
			continue
		}
		if c.Bool("diff") {
			if _, err := io.WriteString(e.stdout, printableDiff(res.Diff())); err != nil {
				return err
			}
		} else {
			listChanges(e.stdout, res, write)
		}
		if write && res.After != nil {
			if err := rewriteFile(f.Path, data, res.After); err != nil {
				return err
			}
		}
		fixed += len(res.Fixed)
		if res.After != nil {
			changed++
		}
		for _, fd := range res.Remaining {
			failed = failed || fd.Severity >= failOn && fd.Suppressed == nil
			if fd.Rule == aovpnlint.InternalError {
				return fmt.Errorf("internal error while checking %s (%s)", report.Printable(fd.Pos.File), fd.Rule.ID)
			}
		}
		remaining += len(res.Remaining)
	}
	if !c.Bool("quiet") {
		fmt.Fprintln(e.stderr, fixSummary(fixed, changed, remaining, write))
	}
	if failed {
		return errFindings
	}
	return nil
}

// listChanges writes what fix changed in one file, or would change: each
// finding repaired with its change, each one not repaired with why.
func listChanges(w io.Writer, res *fix.Result, write bool) {
	verb := "would fix"
	if write {
		verb = "fixed"
	}
	for _, ch := range res.Fixed {
		fmt.Fprintf(w, "%s: %s [%s]\n    %s: %s\n", report.Printable(ch.Finding.Pos.String()), report.Printable(ch.Finding.Message), ch.Finding.Rule.ID, verb, report.Printable(ch.What))
	}
	for _, ch := range res.Unfixed {
		fmt.Fprintf(w, "%s: %s [%s]\n    not fixed: %s\n", report.Printable(ch.Finding.Pos.String()), report.Printable(ch.Finding.Message), ch.Finding.Rule.ID, report.Printable(ch.What))
	}
	if res.Refused != "" && len(res.Unfixed) == 0 {
		fmt.Fprintf(w, "%s: not changed: %s\n", report.Printable(res.Name), report.Printable(res.Refused))
	}
}

// fixSummary is the line written to standard error at the end.
func fixSummary(fixed, changed, remaining int, write bool) string {
	did := "would fix"
	if write {
		did = "fixed"
	}
	s := fmt.Sprintf("aovpnlint fix: %s %s in %s", did, wording.Plural(fixed, "finding"), wording.Plural(changed, "file"))
	if !write && fixed > 0 {
		s += " (run with --write to make the changes)"
	}
	switch remaining {
	case 0:
		return s + "; no other finding"
	case 1:
		return s + "; 1 finding remains that no fix covers (aovpnlint check lists it)"
	}
	return s + fmt.Sprintf("; %d findings remain that no fix covers (aovpnlint check lists them)", remaining)
}

// rewriteFile replaces the content of path, which was before, with after:
// written to a new file beside it (beside the file a symbolic link points
// to), with the same permissions, then renamed over it, so that the file
// is never half written. A file that changed since it was read is left
// alone.
func rewriteFile(path string, before, after []byte) error {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	st, err := os.Stat(real)
	if err != nil {
		return err
	}
	now, err := fsread.File(real, int64(len(before))+1)
	if err != nil {
		return err
	}
	if string(now) != string(before) {
		return fmt.Errorf("%s changed while it was being fixed; it was left as it is", report.Printable(path))
	}
	tmp, err := os.CreateTemp(filepath.Dir(real), "."+filepath.Base(real)+".aovpnlint-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after the rename, nothing to remove
	if _, err := tmp.Write(after); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(st.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), real)
}

// replacements gives a report the edits of a finding as they are made in
// its file, for SARIF's fixes.
func replacements(f lint.Finding) ([]lint.Replacement, error) { return input.Replacements(f.Edits) }

// printableDiff makes each line of a diff safe for a terminal and a CI log
// as report.Printable does (no control character, no ##[ or ##vso[ command),
// keeping its tabs, which indentation in profiles uses.
func printableDiff(diff []byte) string {
	lines := strings.SplitAfter(string(diff), "\n")
	var b strings.Builder
	b.Grow(len(diff))
	for _, l := range lines {
		body, nl := strings.CutSuffix(l, "\n")
		parts := strings.Split(body, "\t")
		for i, p := range parts {
			parts[i] = report.Printable(p)
		}
		b.WriteString(strings.Join(parts, "\t"))
		if nl {
			b.WriteByte('\n')
		}
	}
	return b.String()
}
