package main

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"
)

// The help is written from the command definitions (Name, Usage,
// ArgsUsage, Description, Flags, Subcommands), as the manual page
// (man.go) and the completion scripts (completion.go) are. A command's
// Description is prose followed by titled sections, a title being a line
// of capitals ending with a colon ("EXAMPLES:", "EXIT CODES:") and each
// line of a section indented by three spaces; every command has both of
// those (TestEveryCommandHasExamplesAndExitCodes).

// appExitCodes are the exit codes of aovpnlint as a whole.
const appExitCodes = `0  success: no finding at or above --fail-on; for the other commands, done
1  a finding at or above --fail-on (check, cert); an item that could not be read
   (cert show); a document printed as extracted though not well-formed (extract)
2  bad usage, a bad configuration file, an input that cannot be opened or read,
   or a folder with nothing to check (one line on standard error)`

// helpWidth is the width the help wraps its text at.
const helpWidth = 100

// section is a titled part of a command's Description: its title without
// the colon, and its lines without their indentation.
type section struct {
	title string
	lines []string
}

// describe splits a Description into its prose (the lines before the
// first title) and its sections.
func describe(desc string) (prose []string, sections []section) {
	for _, line := range strings.Split(strings.TrimSpace(desc), "\n") {
		if isTitle(line) {
			sections = append(sections, section{title: strings.TrimSuffix(line, ":")})
			continue
		}
		if len(sections) == 0 {
			prose = append(prose, line)
			continue
		}
		s := &sections[len(sections)-1]
		s.lines = append(s.lines, strings.TrimPrefix(line, "   "))
	}
	for len(prose) > 0 && strings.TrimSpace(prose[len(prose)-1]) == "" {
		prose = prose[:len(prose)-1]
	}
	for i := range sections {
		s := &sections[i]
		for len(s.lines) > 0 && strings.TrimSpace(s.lines[len(s.lines)-1]) == "" {
			s.lines = s.lines[:len(s.lines)-1]
		}
	}
	return prose, sections
}

// isTitle reports whether a line of a Description is a section title:
// capitals and spaces ending with a colon, at the start of the line.
func isTitle(line string) bool {
	if len(line) < 2 || !strings.HasSuffix(line, ":") {
		return false
	}
	for _, r := range line[:len(line)-1] {
		if (r < 'A' || r > 'Z') && r != ' ' {
			return false
		}
	}
	return line[0] != ' '
}

// sectionLines returns the lines of the section title of c's Description.
func sectionLines(c *cli.Command, title string) []string {
	_, sections := describe(c.Description)
	for _, s := range sections {
		if s.title == title {
			return s.lines
		}
	}
	return nil
}

// examples returns the example command lines of c.
func examples(c *cli.Command) []string {
	var out []string
	for _, l := range sectionLines(c, "EXAMPLES") {
		if strings.HasPrefix(l, "aovpnlint ") {
			out = append(out, l)
		}
	}
	return out
}

// writeAppHelp writes the help of aovpnlint: what it does, how it is
// run, every command with its purpose, the global options, an example of
// each command and the exit codes.
func writeAppHelp(w io.Writer, app *cli.App) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "%s %s - %s\n\n", app.Name, app.Version, app.Usage)
	fmt.Fprintf(b, "USAGE:\n   %[1]s COMMAND [OPTIONS] [ARGUMENTS...]\n   %[1]s help [COMMAND]     the help of a command (or %[1]s COMMAND --help)\n\n", app.Name)
	b.WriteString("COMMANDS:\n")
	var rows [][2]string
	walkCommands(app.Commands, func(path string, c *cli.Command) {
		if !c.Hidden {
			rows = append(rows, [2]string{path, c.Usage})
		}
	})
	writeColumns(b, rows)
	b.WriteString("\nOPTIONS:\n")
	writeColumns(b, [][2]string{{"-h, --help", "show this help"}, {"-v, --version", "print the version (aovpnlint version says more)"}})
	b.WriteString("\nEXAMPLES:\n")
	walkCommands(app.Commands, func(_ string, c *cli.Command) {
		if ex := examples(c); len(ex) > 0 && !c.Hidden {
			fmt.Fprintf(b, "   %s\n", ex[0])
		}
	})
	b.WriteString("\nEXIT CODES:\n")
	for _, l := range strings.Split(appExitCodes, "\n") {
		fmt.Fprintf(b, "   %s\n", l)
	}
	fmt.Fprintf(b, "\nThe README and `%s man` say more; `%s completion SHELL` prints a completion script.\n", app.Name, app.Name)
	return b.Flush()
}

// writeHelp writes the help of the command path, or of aovpnlint when
// path is empty.
func writeHelp(w io.Writer, app *cli.App, path []*cli.Command) error {
	if len(path) == 0 {
		return writeAppHelp(w, app)
	}
	c := path[len(path)-1]
	name := app.Name + " " + commandName(path)
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "%s - %s\n\n", name, c.Usage)
	b.WriteString("USAGE:\n")
	fmt.Fprintf(b, "   %s\n", usageLine(name, c))
	for _, sub := range c.Subcommands {
		if !sub.Hidden {
			fmt.Fprintf(b, "   %s\n", usageLine(name+" "+sub.Name, sub))
		}
	}
	prose, sections := describe(c.Description)
	if len(prose) > 0 {
		b.WriteString("\nDESCRIPTION:\n")
		writeIndented(b, prose)
	}
	if len(c.Subcommands) > 0 {
		b.WriteString("\nCOMMANDS:\n")
		var rows [][2]string
		for _, sub := range c.Subcommands {
			if !sub.Hidden {
				rows = append(rows, [2]string{sub.Name, sub.Usage})
			}
		}
		writeColumns(b, rows)
	}
	b.WriteString("\nOPTIONS:\n")
	var rows [][2]string
	for _, f := range c.Flags {
		if v, ok := f.(cli.VisibleFlag); ok && !v.IsVisible() {
			continue
		}
		rows = append(rows, [2]string{flagSynopsis(f), flagUsage(f)})
	}
	rows = append(rows, [2]string{"-h, --help", "show this help"})
	writeColumns(b, rows)
	for _, s := range sections {
		fmt.Fprintf(b, "\n%s:\n", s.title)
		writeIndented(b, s.lines)
	}
	return b.Flush()
}

// writeIndented writes lines indented by three spaces; an empty line
// stays empty.
func writeIndented(b *bufio.Writer, lines []string) {
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			b.WriteString("\n")
		} else {
			fmt.Fprintf(b, "   %s\n", l)
		}
	}
}

// usageLine is the synopsis of a command: its name, [OPTIONS] when it has
// any, and its operands.
func usageLine(name string, c *cli.Command) string {
	parts := []string{name}
	if len(c.Flags) > 0 {
		parts = append(parts, "[OPTIONS]")
	}
	if c.ArgsUsage != "" {
		parts = append(parts, c.ArgsUsage)
	}
	return strings.Join(parts, " ")
}

// flagSynopsis is how a flag is written: its short alias, its name and
// other aliases, and its value's placeholder: "-f, --format FORMAT".
func flagSynopsis(f cli.Flag) string {
	names := flagNames(f)
	var short, long []string
	for _, n := range names {
		if len(n) == 1 {
			short = append(short, "-"+n)
		} else {
			long = append(long, "--"+n)
		}
	}
	s := strings.Join(append(short, long...), ", ")
	if p := placeholder(f); p != "" {
		s += " " + p
	}
	return s
}

// flagUsage is a flag's usage with its default value, when it has one.
func flagUsage(f cli.Flag) string {
	u := ""
	def := ""
	switch f := unwrapFlag(f).(type) {
	case *choiceFlag:
		u, def = f.Usage, f.Value
	case *cli.StringFlag:
		u, def = f.Usage, f.Value
	case *cli.IntFlag:
		u, def = f.Usage, strconv.Itoa(f.Value)
	case *cli.BoolFlag:
		u = f.Usage
	case *cli.StringSliceFlag:
		u = f.Usage
	case cli.DocGenerationFlag:
		u, def = f.GetUsage(), f.GetValue()
	}
	if def != "" && def != "0" {
		u += " (default: " + def + ")"
	}
	return u
}

// placeholder names the value a flag takes ("" for a switch): FILE for
// flags that name files, the flag's own word for the others.
func placeholder(f cli.Flag) string {
	switch f := unwrapFlag(f).(type) {
	case *cli.BoolFlag:
		return ""
	case *cli.StringFlag:
		if f.TakesFile {
			return "FILE"
		}
	case *cli.StringSliceFlag:
		if f.TakesFile {
			return "FILE"
		}
	}
	switch name := flagNames(f)[0]; name {
	case "fail-on", "min-severity":
		return "SEVERITY"
	case "at":
		return "TIME"
	case "warn-days":
		return "DAYS"
	case "host":
		return "NAME"
	case "aws-auth":
		return "METHOD"
	case "color":
		return "WHEN"
	case "sarif-category":
		return "CATEGORY"
	case "disable", "enable":
		return "RULE"
	default:
		return strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
	}
}

// takesFile reports whether a flag's value is a file name.
func takesFile(f cli.Flag) bool {
	switch f := unwrapFlag(f).(type) {
	case *cli.StringFlag:
		return f.TakesFile
	case *cli.StringSliceFlag:
		return f.TakesFile
	}
	return false
}

// writeColumns writes rows of two columns, the second wrapped at
// helpWidth with its continuation lines under its start; a first column
// too wide puts the second on the next line.
func writeColumns(b *bufio.Writer, rows [][2]string) {
	const maxLeft = 34
	left := 0
	for _, r := range rows {
		if len(r[0]) <= maxLeft {
			left = max(left, len(r[0]))
		}
	}
	indent := strings.Repeat(" ", 3+left+2)
	for _, r := range rows {
		lines := wrapText(r[1], helpWidth-len(indent))
		if len(r[0]) > left {
			fmt.Fprintf(b, "   %s\n", r[0])
			for _, l := range lines {
				fmt.Fprintf(b, "%s%s\n", indent, l)
			}
			continue
		}
		for i, l := range lines {
			if i == 0 {
				fmt.Fprintf(b, "   %-*s  %s\n", left, r[0], l)
			} else {
				fmt.Fprintf(b, "%s%s\n", indent, l)
			}
		}
		if len(lines) == 0 {
			fmt.Fprintf(b, "   %s\n", r[0])
		}
	}
}

// wrapText breaks text into lines of at most width characters, at
// spaces; a word longer than width has a line of its own.
func wrapText(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
