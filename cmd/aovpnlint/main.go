// Command aovpnlint validates Windows Always On VPN configuration before it
// is rolled out: the VPNv2 ProfileXML (raw, in a deploy script, a WMI
// listing, an Intune export or a SyncML message), the EapHostConfig inside
// it, and the certificates involved.
//
// Usage:
//
//	aovpnlint check [flags] FILE...   validate profiles, EAP configurations and certificates
//	aovpnlint cert [flags] FILE...    validate certificates alone, for a purpose
//	aovpnlint cert show FILE...       print certificates as text or JSON
//	aovpnlint extract FILE            print the ProfileXML or EapHostConfig found in a wrapper
//	aovpnlint rules [--format json]   list every rule
//
// Exit codes: 0 when no finding reaches --fail-on, 1 when one does, 2 for
// bad usage or an input that cannot be read at all.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

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
	if len(args) < 2 {
		app.Writer = e.stderr
		cli.ShowAppHelp(cli.NewContext(app, nil, nil))
		return 2
	}
	if a := args[1]; !strings.HasPrefix(a, "-") && app.Command(a) == nil {
		fmt.Fprintf(e.stderr, "aovpnlint: unknown command %q; the commands are check, cert, extract, rules and explain\n", a)
		return 2
	}
	err := app.Run(reorder(app, args))
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errFindings):
		return 1
	case errors.Is(err, errMalformed), errors.Is(err, errUnreadable):
		return 1
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
		ExitErrHandler:  func(*cli.Context, error) {},
		OnUsageError:    onUsageError,
		HideHelpCommand: true,
		Suggest:         true,
	}
	for _, c := range app.Commands {
		c.OnUsageError = onUsageError
		for _, sub := range c.Subcommands {
			sub.OnUsageError = onUsageError
		}
	}
	return app
}

func onUsageError(_ *cli.Context, err error, _ bool) error { return usageError{err.Error()} }

// version reads the module version from the build information, so that
// `go install` builds report their version without linker flags.
func version(e *env) string {
	if e.version != "" {
		return e.version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Version == "" || info.Main.Version == "(devel)" {
		return "devel"
	}
	return info.Main.Version
}

// reorder moves a command's flags in front of its operands, because
// urfave/cli v2 stops reading flags at the first operand and users write
// `aovpnlint check profile.xml --format json`. A flag that takes a value
// carries the next argument with it; "--" ends the flags; a negative
// number is an operand. Subcommands
// (cert show) are followed first.
func reorder(app *cli.App, args []string) []string {
	i := 1
	for i < len(args) && strings.HasPrefix(args[i], "-") {
		i++ // global flags such as --version
	}
	if i >= len(args) || app.Command(args[i]) == nil {
		return args
	}
	cmd := app.Command(args[i])
	head := append([]string{}, args[:i+1]...)
	rest := args[i+1:]
	for len(rest) > 0 && cmd.Command(rest[0]) != nil {
		cmd = cmd.Command(rest[0])
		head = append(head, rest[0])
		rest = rest[1:]
	}
	var flags, operands []string
	for j := 0; j < len(rest); j++ {
		a := rest[j]
		switch {
		case a == "--":
			operands = append(operands, rest[j+1:]...)
			j = len(rest)
		case len(a) > 1 && a[0] == '-' && strings.Trim(a[1:], "0123456789") == "":
			operands = append(operands, a) // a negative number: explain -2146762487
		case len(a) > 1 && a[0] == '-':
			flags = append(flags, a)
			if !strings.Contains(a, "=") && takesValue(cmd, a) && j+1 < len(rest) {
				j++
				flags = append(flags, rest[j])
			}
		default:
			operands = append(operands, a)
		}
	}
	out := append(head, flags...)
	if len(operands) > 0 {
		out = append(out, "--")
		out = append(out, operands...)
	}
	return out
}

func takesValue(cmd *cli.Command, arg string) bool {
	name := strings.TrimLeft(arg, "-")
	for _, f := range cmd.Flags {
		for _, n := range f.Names() {
			if n == name {
				_, isBool := f.(*cli.BoolFlag)
				return !isBool
			}
		}
	}
	return false
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
