// Command aovpnlint validates Windows Always On VPN configuration before it
// is rolled out: the VPNv2 ProfileXML (raw, in a deploy script, a WMI
// listing, an Intune export or a SyncML message), the EapHostConfig inside
// it, the NPS configuration export, OpenVPN profiles, and the certificates
// involved.
//
// Usage:
//
//	aovpnlint check [options] FILE...   validate profiles, EAP configurations and certificates
//	aovpnlint cert [options] FILE...    validate certificates alone, for a purpose
//	aovpnlint cert show FILE...         print certificates as text or JSON
//	aovpnlint extract FILE              print the ProfileXML or EapHostConfig found in a wrapper
//	aovpnlint rules [--format json]     list every rule
//	aovpnlint explain CODE|TEXT|RULE    explain a Windows error, event log text or rule
//	aovpnlint completion SHELL          print a completion script (bash, zsh, fish, powershell)
//	aovpnlint version                   print the version, commit and Go version
//	aovpnlint man                       print the manual page
//	aovpnlint help [COMMAND]            print the help of aovpnlint or of a command
//
// Exit codes: 0 when no finding reaches --fail-on, 1 when one does, 2 for
// bad usage or an input that cannot be read at all.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	// Imported for its initialiser: it grows the main goroutine's stack
	// once, early (see the package).
	_ "github.com/aovpnlint/aovpnlint/internal/mainstack"
	"github.com/aovpnlint/aovpnlint/report"
	"github.com/urfave/cli/v2"
)

func main() {
	os.Exit(run(os.Args, &env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		getenv: os.Getenv, terminal: isTerminal, now: time.Now,
	}))
}

// env is what the program takes from its surroundings, injected so that
// tests run the whole program against buffers.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	terminal       func(io.Writer) bool
	// version overrides the version read from the build information.
	version string
	// now is the clock reports record times with (JUnit); nil records
	// none.
	now func() time.Time
	// at is the evaluation time of certificates when --at is not given;
	// zero is the current time (certcheck reads the clock once).
	at time.Time
}

// errFindings is returned by an action when findings reach --fail-on.
var errFindings = errors.New("findings at or above --fail-on")

// usageError marks bad usage: exit 2 with the message.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// run runs the program and returns its exit code; it is the only place
// that decides one.
func run(args []string, e *env) int {
	app := newApp(e)
	err := dispatch(app, args[1:], e)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errFindings):
		return 1
	case errors.Is(err, errMalformed), errors.Is(err, errUnreadable):
		return 1
	case errors.Is(err, errNoCommand), errors.Is(err, errReported):
		return 2 // said on standard error already
	}
	fmt.Fprintln(e.stderr, "aovpnlint:", oneLine(err.Error()))
	return 2
}

func newApp(e *env) *cli.App {
	app := &cli.App{
		Name:      "aovpnlint",
		Usage:     "validate Always On VPN profiles, EAP configurations and certificates before rollout",
		Version:   version(e),
		Reader:    e.stdin,
		Writer:    e.stdout,
		ErrWriter: e.stderr,
		Commands:  []*cli.Command{checkCommand(e), certCommand(e), extractCommand(e), rulesCommand(e), explainCommand(e), fixCommand(e), serveCommand(e)},
		// Paths may contain commas: repeat a flag to give several files.
		DisableSliceFlagSeparator: true,
		// The exit code is decided by run, never inside urfave/cli.
		ExitErrHandler: func(*cli.Context, error) {},
		// Help, --version, and unknown commands and flags are handled
		// by dispatch (args.go, help.go) before urfave/cli parses.
		HideHelp:    true,
		HideVersion: true,
		// Shown nowhere (version prints the build's stamps); set so that
		// urfave/cli does not stat the executable at every start to fill
		// it in.
		Compiled: time.Unix(0, 0).UTC(),
	}
	// The commands about aovpnlint itself come after the others.
	app.Commands = append(app.Commands, completionCommand(e), versionCommand(e), manCommand(e))
	walkCommands(app.Commands, func(_ string, c *cli.Command) {
		c.OnUsageError = onUsageError
		c.HideHelp = true
	})
	return app
}

// oneLine keeps an error message to one line: line breaks and other
// control characters, which a file name may hold, are escaped rather than
// written.
func oneLine(s string) string {
	return report.Printable(strings.TrimSpace(s))
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
