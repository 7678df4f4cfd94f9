package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/report"
	"github.com/urfave/cli/v2"
)

// errMalformed is returned by extract when a document was printed as
// extracted because it is not well-formed.
var errMalformed = errors.New("not well-formed")

func extractCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "extract",
		Usage:     "print the ProfileXML or EapHostConfig found in a script, WMI listing, Intune export or SyncML file",
		ArgsUsage: "FILE",
		Description: `Finds the documents in FILE ("-" for standard input) the way check does and prints
each as indented UTF-8 XML, with an EapHostConfig that was escaped inside
Eap/Configuration written back as elements. The content of every element that holds a
secret (L2tpPsk, Password and the like, in any case, nested elements included) and every
PEM private key is replaced by "(redacted by aovpnlint)". A document that is not
well-formed is printed as extracted, secrets replaced, only when every secret in it ends
where it should and no secret element's name (L2tpPsk, Password..., in any case) appears
outside the secrets found; otherwise nothing is printed. When FILE holds several
documents, each is preceded by a comment saying where it was found.

EXAMPLES:
   aovpnlint extract VPN_Profile.ps1 > ProfileXML.xml
   aovpnlint extract intune-export.json

EXIT CODES:
   0  every document found was printed
   1  a document is not well-formed XML; it was printed as extracted and the error
      is on standard error
   2  bad usage, a file that cannot be read, no document in the file, or a secret
      that cannot be redacted with certainty (nothing is printed then)`,
		Action: func(c *cli.Context) error { return extract(c, e) },
	}
}

func extract(c *cli.Context, e *env) error {
	if c.NArg() != 1 {
		return usagef("extract needs exactly one FILE")
	}
	f, err := input.Open(c.Args().First(), e.stdin, input.Limits{})
	if err != nil {
		return err
	}
	if f.Kind == input.OpenVPN {
		return extractOpenVPN(e, f)
	}
	if len(f.Docs) == 0 {
		if len(f.Problems) > 0 {
			p := f.Problems[0]
			return fmt.Errorf("%s: %s", p.Pos, p.Message)
		}
		return fmt.Errorf("%s: no ProfileXML or EapHostConfig found (the file is a %s)", f.Name, f.Kind)
	}
	// Every document is redacted before anything is printed: when one
	// cannot be, nothing is.
	outs := make([][]byte, len(f.Docs))
	for i, d := range f.Docs {
		out, err := d.Pretty()
		var why *input.UnredactableError
		if errors.As(err, &why) {
			return fmt.Errorf("%s: the %s %s; cannot redact with certainty, so nothing was printed", d.At, d.Origin, why.Why())
		}
		if err != nil {
			return err
		}
		outs[i] = out
	}
	malformed := false
	for i, d := range f.Docs {
		if len(f.Docs) > 1 {
			if i > 0 {
				fmt.Fprintln(e.stdout)
			}
			fmt.Fprintf(e.stdout, "<!-- %s -->\n", commentText(fmt.Sprintf("document %d of %d: %s at %s", i+1, len(f.Docs), d.Origin, d.At)))
		}
		out := outs[i]
		e.stdout.Write(out)
		if len(out) > 0 && out[len(out)-1] != '\n' {
			fmt.Fprintln(e.stdout)
		}
		if d.XML == nil {
			malformed = true
		}
	}
	for _, p := range f.Problems {
		fmt.Fprintf(e.stderr, "%s: %s\n", report.Printable(p.Pos.String()), report.Printable(p.Message))
	}
	if malformed {
		return errMalformed
	}
	return nil
}

// commentText makes s safe as the text of an XML comment on a line of its
// own: every character that is not printable escaped (report.Printable:
// no line break, no terminal escape), a space put between two '-' (an XML
// comment may not hold "--") and after a final '-' (nor end in "--->").
func commentText(s string) string {
	s = report.Printable(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		if s[i] == '-' && i > 0 && s[i-1] == '-' {
			b.WriteByte(' ')
		}
		b.WriteByte(s[i])
	}
	if strings.HasSuffix(s, "-") {
		b.WriteByte(' ')
	}
	return b.String()
}

// extractOpenVPN prints an OpenVPN profile with its secrets redacted, each
// line made printable (report.Printable) and ended with a line feed.
func extractOpenVPN(e *env, f *input.File) error {
	out, err := aovpnlint.RedactedOpenVPN(f)
	var why *input.UnredactableError
	if errors.As(err, &why) {
		return fmt.Errorf("%s: the OpenVPN profile %s; cannot redact with certainty, so nothing was printed", why.Pos, why.Why())
	}
	if err != nil {
		return err
	}
	text := strings.TrimSuffix(string(out), "\n")
	for _, line := range strings.Split(text, "\n") {
		fmt.Fprintln(e.stdout, report.Printable(strings.TrimSuffix(line, "\r")))
	}
	return nil
}
