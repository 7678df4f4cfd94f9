package report

import (
	"bytes"
	"encoding/xml"
	"strconv"

	"github.com/aovpnlint/aovpnlint/lint"
)

// xmlHeader starts the XML formats.
const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// checkstyleError writes a finding as an <error> of Checkstyle XML, inside
// a <file> element per file, which Jenkins warnings-ng and SonarQube
// import:
//
//	<file name="profiles/vpn.xml">
//	  <error line="5" column="13" severity="error" message="..." source="aovpnlint.VPN006"></error>
//
// with the severity as Checkstyle names it (error, warning, info) and the
// file relative to the base.
func (w *Writer) checkstyleError(f lint.Finding) {
	if w.n == 0 || f.Pos.File != w.file {
		if w.n > 0 {
			w.str("  </file>\n")
		}
		path, _ := relPath(f.Pos.File, w.opts.BaseDir)
		w.str("  <file name=\"" + xmlAttr(path) + "\">\n")
		w.file = f.Pos.File
	}
	p := at(f.Pos)
	w.str("    <error line=\"" + strconv.Itoa(p.Line) + "\" column=\"" + strconv.Itoa(p.Col) +
		"\" severity=\"" + f.Severity.String() + "\" message=\"" + xmlAttr(Printable(f.Message)) +
		"\" source=\"aovpnlint." + f.Rule.ID + "\"></error>\n")
}

// xmlAttr escapes s for an XML attribute value (quotes, ampersands,
// angle brackets, tabs and line breaks as character references), with
// characters XML cannot hold (made visible by Printable beforehand)
// replaced, and the second # of "##[" and "##vso[" as &#35; (see defuse).
func xmlAttr(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return defuse(b.String(), "&#35;")
}
