package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/suggest"
	"github.com/urfave/cli/v2"
)

// errNoCommand is returned when aovpnlint is run without a command: the
// help has been written to standard error, and the exit status is 2.
var errNoCommand = errors.New("no command")

// dispatch reads the command line the way every entry of the help says:
// `aovpnlint`, `aovpnlint --help`, `aovpnlint help [COMMAND]`, `aovpnlint
// COMMAND --help`, `aovpnlint --version`; anything else names a command,
// whose flags are checked (an unknown one is refused with the closest
// known name) and moved in front of its operands before urfave/cli reads
// them (see reorder).
func dispatch(app *cli.App, args []string, e *env) error {
	i := 0
	help, showVersion := false, false
loop:
	for ; i < len(args) && strings.HasPrefix(args[i], "-") && args[i] != "-"; i++ {
		switch args[i] {
		case "-h", "--help", "-help":
			help = true
		case "-v", "--version", "-version":
			showVersion = true
		case "--":
			i++
			break loop
		default:
			return unknownGlobalFlag(app, args[i])
		}
	}
	rest := args[i:]
	switch {
	case showVersion && !help:
		fmt.Fprintln(e.stdout, versionLine(e))
		return nil
	case len(rest) == 0 && help:
		return writeAppHelp(e.stdout, app)
	case len(rest) == 0:
		if err := writeAppHelp(e.stderr, app); err != nil {
			return err
		}
		return errNoCommand
	case rest[0] == "help":
		path, err := commandPath(app.Name, app.Commands, rest[1:], true)
		if err != nil {
			return err
		}
		return writeHelp(e.stdout, app, path)
	}
	path, err := commandPath(app.Name, app.Commands, rest, false)
	if err != nil {
		return err
	}
	rest = rest[len(path):]
	// `aovpnlint cert help [show]` is the help of cert [show].
	if cmd := path[len(path)-1]; len(cmd.Subcommands) > 0 && len(rest) > 0 && rest[0] == "help" {
		sub, err := commandPath(app.Name+" "+commandName(path), cmd.Subcommands, rest[1:], true)
		if err != nil {
			return err
		}
		return writeHelp(e.stdout, app, append(path, sub...))
	}
	flags, operands, err := reorder(path, rest)
	if err != nil {
		return err
	}
	if err := subcommandSlip(path, operands); err != nil {
		return err
	}
	if help || hasHelp(flags) {
		return writeHelp(e.stdout, app, path)
	}
	argv := []string{app.Name}
	for _, c := range path {
		argv = append(argv, c.Name)
		namedFlags(c)
	}
	argv = append(argv, flags...)
	if len(operands) > 0 {
		argv = append(argv, "--")
		argv = append(argv, operands...)
	}
	return app.Run(argv)
}

// subcommandSlip returns the error for a command with subcommands whose
// first operand is no file but a slip for a subcommand (cert shwo).
func subcommandSlip(path []*cli.Command, operands []string) error {
	cmd := path[len(path)-1]
	if len(cmd.Subcommands) == 0 || len(operands) == 0 || operands[0] == "-" {
		return nil
	}
	if _, err := os.Stat(operands[0]); err == nil {
		return nil
	}
	var names []string
	for _, c := range cmd.Subcommands {
		names = append(names, c.Name)
	}
	if best, ok := closest(operands[0], names); ok {
		return usagef("%s %s: no such file, nor subcommand; did you mean aovpnlint %s %s?", commandName(path), quoteArg(operands[0]), commandName(path), best)
	}
	return nil
}

// hasHelp reports whether the flags of a command ask for its help.
func hasHelp(flags []string) bool {
	for _, f := range flags {
		if f == "-h" || f == "--help" || f == "-help" {
			return true
		}
	}
	return false
}

// commandPath returns the command of cmds that args names and the
// subcommands after it (cert show); only the first argument must name a
// command. With wholly, every argument must name one (help cert show).
// parent names what cmds belong to, for messages.
func commandPath(parent string, cmds []*cli.Command, args []string, wholly bool) ([]*cli.Command, error) {
	if len(args) == 0 {
		return nil, nil
	}
	cmd := findCommand(cmds, args[0])
	if cmd == nil {
		return nil, unknownCommand(parent, cmds, args[0])
	}
	path := []*cli.Command{cmd}
	for _, a := range args[1:] {
		sub := findCommand(cmd.Subcommands, a)
		if sub == nil {
			if wholly {
				if len(cmd.Subcommands) == 0 {
					return nil, usagef("%s %s has no subcommand; %s is not one", parent, commandName(path), quoteArg(a))
				}
				return nil, unknownCommand(parent+" "+commandName(path), cmd.Subcommands, a)
			}
			break
		}
		cmd = sub
		path = append(path, cmd)
	}
	return path, nil
}

// findCommand returns the command of cmds named name (or one of its
// aliases), or nil.
func findCommand(cmds []*cli.Command, name string) *cli.Command {
	for _, c := range cmds {
		if c.Hidden {
			continue
		}
		if c.Name == name {
			return c
		}
		for _, a := range c.Aliases {
			if a == name {
				return c
			}
		}
	}
	return nil
}

// unknownCommand is the error for a command that does not exist, with
// the closest one and the list.
func unknownCommand(parent string, cmds []*cli.Command, name string) error {
	var names []string
	for _, c := range cmds {
		if !c.Hidden {
			names = append(names, c.Name)
		}
	}
	what := "command"
	if strings.Contains(parent, " ") {
		what = "subcommand of " + strings.TrimPrefix(parent, "aovpnlint ")
	}
	msg := fmt.Sprintf("unknown %s %s", what, quoteArg(name))
	if best, ok := closest(name, names); ok {
		msg += fmt.Sprintf("; did you mean %s?", best)
	}
	return usagef("%s (the commands are %s; %s help says more)", msg, orList(names, "and"), parent)
}

// unknownGlobalFlag is the error for a flag written before the command:
// a command's flag said to go after it, or the closest global flag.
func unknownGlobalFlag(app *cli.App, arg string) error {
	name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
	var owners []string
	walkCommands(app.Commands, func(path string, c *cli.Command) {
		if findFlag(c, name) != nil && len(owners) < 3 {
			owners = append(owners, path)
		}
	})
	if len(owners) > 0 {
		return usagef("%s goes after the command: aovpnlint %s %s ...", dashed(name), owners[0], dashed(name))
	}
	msg := fmt.Sprintf("unknown flag %s", dashed(name))
	if best, ok := closest(name, []string{"help", "version"}); ok {
		msg += fmt.Sprintf("; did you mean --%s?", best)
	}
	return usagef("%s (before a command, only --help and --version are flags; aovpnlint help lists the commands)", msg)
}

// reorder checks the flags of the command path ends with and moves them in
// front of its operands, because urfave/cli v2 stops reading flags at the
// first operand and users write `aovpnlint check profile.xml --format
// json`. A flag that takes a value carries the next argument with it
// (--format json) unless it has one (--format=json); "--" ends the flags;
// "-" (standard input) and a negative number (explain -2146762487) are
// operands. An unknown flag, or one without its value, is a usage error
// naming the closest flag of the command. Flag names are read from the
// flags' fields, never through urfave/cli's Names, which runs a regular
// expression on each.
func reorder(path []*cli.Command, rest []string) (flags, operands []string, err error) {
	cmd := path[len(path)-1]
	for j := 0; j < len(rest); j++ {
		a := rest[j]
		switch {
		case a == "--":
			operands = append(operands, rest[j+1:]...)
			return flags, operands, nil
		case a == "-" || !strings.HasPrefix(a, "-"):
			operands = append(operands, a)
		case strings.Trim(a[1:], "0123456789") == "":
			operands = append(operands, a) // a negative number
		default:
			name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
			if name == "h" || name == "help" {
				flags = append(flags, "--help")
				continue
			}
			f := findFlag(cmd, name)
			if f == nil {
				return nil, nil, unknownFlag(path, name)
			}
			flags = append(flags, a)
			if _, isBool := unwrapFlag(f).(*cli.BoolFlag); isBool || hasValue {
				continue
			}
			if j+1 >= len(rest) {
				return nil, nil, usagef("%s needs a value%s", dashed(name), expectedValues(f))
			}
			j++
			flags = append(flags, rest[j])
		}
	}
	return flags, operands, nil
}

// unknownFlag is the error for a flag the command does not have.
func unknownFlag(path []*cli.Command, name string) error {
	cmd := path[len(path)-1]
	var names []string
	for _, f := range cmd.Flags {
		for _, n := range flagNames(f) {
			if len(n) > 1 {
				names = append(names, n)
			}
		}
	}
	msg := fmt.Sprintf("%s has no flag %s", commandName(path), dashed(name))
	if best, ok := closest(name, names); ok {
		msg += fmt.Sprintf("; did you mean --%s?", best)
	}
	return usagef("%s (aovpnlint help %s lists its flags)", msg, commandName(path))
}

// commandName is the name of a command path: "check", "cert show".
func commandName(path []*cli.Command) string {
	var names []string
	for _, c := range path {
		names = append(names, c.Name)
	}
	return strings.Join(names, " ")
}

// findFlag returns the flag of cmd with the name or alias name, or nil.
func findFlag(cmd *cli.Command, name string) cli.Flag {
	for _, f := range cmd.Flags {
		for _, n := range flagNames(f) {
			if n == name {
				return f
			}
		}
	}
	return nil
}

// flagNames returns a flag's name and aliases from its fields.
func flagNames(f cli.Flag) []string {
	switch f := unwrapFlag(f).(type) {
	case *choiceFlag:
		return append([]string{f.Name}, f.Aliases...)
	case *cli.StringFlag:
		return append([]string{f.Name}, f.Aliases...)
	case *cli.BoolFlag:
		return append([]string{f.Name}, f.Aliases...)
	case *cli.IntFlag:
		return append([]string{f.Name}, f.Aliases...)
	case *cli.StringSliceFlag:
		return append([]string{f.Name}, f.Aliases...)
	}
	return f.Names()
}

// dashed writes a flag name as it is typed: -f, --format.
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// closest returns the candidate a mistyped name was meant to be: the
// one equal to it but for case; else the only candidate it is the start
// of (expl for explain); else the one nearest by edit distance, when
// that distance is at most 1 for a name of up to 3 characters, 2 up to 8,
// and 3 beyond (chekc for check is two edits).
func closest(name string, candidates []string) (string, bool) {
	if best, caseOnly, ok := suggest.Closest(name, candidates); ok && caseOnly {
		return best, true
	}
	prefixed := ""
	for _, c := range candidates {
		if len(name) >= 3 && strings.HasPrefix(strings.ToLower(c), strings.ToLower(name)) {
			if prefixed != "" {
				prefixed = ""
				break
			}
			prefixed = c
		}
	}
	if prefixed != "" {
		return prefixed, true
	}
	limit := 1
	switch {
	case len(name) > 8:
		limit = 3
	case len(name) > 3:
		limit = 2
	}
	best, bestDist := "", limit+1
	for _, c := range candidates {
		if d := suggest.Bounded(name, c, bestDist-1); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best, best != ""
}

// orList joins words as "a, b and c" (or "a, b or c").
func orList(words []string, conj string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + conj + " " + words[len(words)-1]
}

// quoteArg quotes a command-line argument for a message.
func quoteArg(s string) string { return fmt.Sprintf("%q", s) }

// walkCommands calls f with every command and subcommand of cmds, and its
// name path ("cert show"), in order.
func walkCommands(cmds []*cli.Command, f func(path string, c *cli.Command)) {
	var walk func(prefix string, cmds []*cli.Command)
	walk = func(prefix string, cmds []*cli.Command) {
		for _, c := range cmds {
			path := strings.TrimSpace(prefix + " " + c.Name)
			f(path, c)
			walk(path, c.Subcommands)
		}
	}
	walk("", cmds)
}

// onUsageError words the errors urfave/cli's flag parsing returns for the
// flags reorder let through (a value of the wrong type) as every other
// error: --flag, what was found, what was expected.
func onUsageError(_ *cli.Context, err error, _ bool) error {
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		// invalid value "x" for flag -warn-days: parse error
		value, flag, found := strings.Cut(rest, " for flag -")
		if found {
			name, _, _ := strings.Cut(flag, ":")
			return usagef("%s %s: expected a whole number", dashed(name), value)
		}
	}
	if rest, ok := strings.CutPrefix(msg, "invalid boolean value "); ok {
		value, flag, found := strings.Cut(rest, " for -")
		if found {
			name, _, _ := strings.Cut(flag, ":")
			return usagef("%s=%s: expected true or false", dashed(name), strings.Trim(value, `"`))
		}
	}
	if rest, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return usagef("unknown flag %s", dashed(rest))
	}
	if rest, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return usagef("%s needs a value", dashed(rest))
	}
	return usageError{msg}
}
