package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"
)

func manCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "man",
		Usage: "print the manual page (roff), written from the command definitions",
		Description: `Prints aovpnlint(1) in roff: every command with its description, options, examples
and exit codes, the environment variables and the configuration file. It is written from
the same definitions as the help, so it always matches this version; release archives
carry it as aovpnlint.1.

EXAMPLES:
   aovpnlint man | man -l -
   aovpnlint man > /usr/local/share/man/man1/aovpnlint.1

EXIT CODES:
   0  the page was printed
   2  bad usage`,
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("man takes no argument, but was given %s", quoteArg(c.Args().First()))
			}
			return writeMan(e.stdout, c.App, readBuildVersion(e))
		},
	}
}

// roff escapes text for a roff text line: backslashes, and a dot or
// apostrophe at the start of the line (which would make it a request).
func roff(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

// roffLiteral escapes text shown as typed (commands, options): as roff,
// with every hyphen a minus sign, as man pages write options.
func roffLiteral(s string) string {
	return strings.ReplaceAll(roff(s), "-", `\-`)
}

// writeMan writes the manual page of app.
func writeMan(w io.Writer, app *cli.App, v buildVersion) error {
	b := bufio.NewWriter(w)
	date := firstNonEmpty(v.BuildTime, v.CommitTime)
	if len(date) >= 10 {
		date = date[:10]
	}
	fmt.Fprintf(b, ".TH AOVPNLINT 1 %q %q \"User Commands\"\n", date, "aovpnlint "+v.Version)
	b.WriteString(".SH NAME\naovpnlint \\- " + roff(app.Usage) + "\n")
	b.WriteString(".SH SYNOPSIS\n.B aovpnlint\n.I COMMAND\n[\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR...]\n.br\n.B aovpnlint help\n[\\fICOMMAND\\fR]\n")
	b.WriteString(`.SH DESCRIPTION
aovpnlint checks Windows Always On VPN configuration before it is rolled out, offline:
the VPNv2 ProfileXML (raw, in a PowerShell deploy script, a WMI listing, an Intune export or
a SyncML message), the EapHostConfig inside it, NPS configuration exports, OpenVPN and AWS
Client VPN profiles, and the certificates involved (PEM, DER, base64, PKCS#7, PFX, SST,
CRL). Each finding has a stable rule ID, a severity, the file, line and column it is at,
the Windows error it predicts, and the fix.
.SH COMMANDS
`)
	var err error
	walkCommands(app.Commands, func(path string, c *cli.Command) {
		if !c.Hidden && err == nil {
			writeManCommand(b, path, c)
		}
	})
	b.WriteString(".SH EXIT STATUS\n.nf\n")
	for _, l := range strings.Split(appExitCodes, "\n") {
		b.WriteString(roff(l) + "\n")
	}
	b.WriteString(`.fi
.SH ENVIRONMENT
.TP
.B AOVPNLINT_CONFIG
the configuration file, when \fB\-\-config\fR is not given
.TP
.B AOVPNLINT_PFX_PASSWORD
a password of PFX files and encrypted keys (never given on the command line)
.TP
.B NO_COLOR
when set, the text report is not coloured (unless \fB\-\-color always\fR)
.TP
.B TERM
when dumb, the text report is not coloured (unless \fB\-\-color always\fR)
.SH FILES
.TP
.B .aovpnlint.yaml
the configuration (severity overrides, disabled rules, suppressions with reasons), looked
for in the working directory and the folders above it up to the root of the repository;
the globs of a file found above the working directory are relative to its folder
.SH SEE ALSO
The README and docs/rules.md of https://github.com/aovpnlint/aovpnlint, and
.B aovpnlint explain
for each rule and Windows error.
`)
	return b.Flush()
}

// writeManCommand writes the subsection of one command.
func writeManCommand(b *bufio.Writer, path string, c *cli.Command) {
	fmt.Fprintf(b, ".SS \"%s\"\n", roffLiteral(usageLine("aovpnlint "+path, c)))
	b.WriteString(roff(c.Usage) + ".\n")
	prose, sections := describe(c.Description)
	writeManText(b, prose)
	if len(c.Flags) > 0 {
		b.WriteString(".PP\nOptions:\n")
		for _, f := range c.Flags {
			if v, ok := f.(cli.VisibleFlag); ok && !v.IsVisible() {
				continue
			}
			syn := flagSynopsis(f)
			if p := placeholder(f); p != "" {
				syn = strings.TrimSuffix(syn, " "+p)
				fmt.Fprintf(b, ".TP\n\\fB%s\\fR \\fI%s\\fR\n", roffLiteral(syn), p)
			} else {
				fmt.Fprintf(b, ".TP\n\\fB%s\\fR\n", roffLiteral(syn))
			}
			b.WriteString(roff(flagUsage(f)) + "\n")
		}
	}
	for _, s := range sections {
		fmt.Fprintf(b, ".PP\n%s:\n.RS\n.nf\n", roff(capitalise(strings.ToLower(s.title))))
		for _, l := range s.lines {
			if strings.HasPrefix(l, "aovpnlint ") {
				b.WriteString(roffLiteral(l) + "\n")
			} else {
				b.WriteString(roff(l) + "\n")
			}
		}
		b.WriteString(".fi\n.RE\n")
	}
}

// writeManText writes prose: paragraphs filled, indented lines as they
// are.
func writeManText(b *bufio.Writer, lines []string) {
	if len(lines) == 0 {
		return
	}
	b.WriteString(".PP\n")
	literal := false
	for _, l := range lines {
		switch {
		case strings.TrimSpace(l) == "":
			if literal {
				b.WriteString(".fi\n")
				literal = false
			}
			b.WriteString(".PP\n")
		case strings.HasPrefix(l, " "):
			if !literal {
				b.WriteString(".nf\n")
				literal = true
			}
			b.WriteString(roff(l) + "\n")
		default:
			if literal {
				b.WriteString(".fi\n")
				literal = false
			}
			b.WriteString(roff(l) + "\n")
		}
	}
	if literal {
		b.WriteString(".fi\n")
	}
}
