package report

import (
	"strconv"
	"strings"

	"github.com/aovpnlint/aovpnlint/lint"
)

// githubCommand writes a finding as a GitHub Actions workflow command,
// which the runner turns into an annotation on the file and line (shown
// inline on a pull request, without code scanning):
//
//	::error file=F,line=L,col=C,endLine=L,endColumn=E,title=VPN006%3A title::message [VPN006]%0Afix: ...
//
// errors as error, warnings as warning, info as notice. Every text from
// the input is made printable first (see Printable), then escaped as the
// runner unescapes it: %, CR and LF everywhere, and : and , in the
// properties, so that no text ends the command early or starts another.
func (w *Writer) githubCommand(f lint.Finding) {
	kind := "notice"
	switch f.Severity {
	case lint.Error:
		kind = "error"
	case lint.Warning:
		kind = "warning"
	}
	p := at(f.Pos)
	file, _ := relPath(f.Pos.File, w.opts.BaseDir)
	props := []string{
		"file=" + ghProperty(Printable(file)),
		"line=" + strconv.Itoa(p.Line),
		"col=" + strconv.Itoa(p.Col),
	}
	if e, ok := end(f); ok {
		props = append(props, "endLine="+strconv.Itoa(e.Line), "endColumn="+strconv.Itoa(e.Col))
	}
	props = append(props, "title="+ghProperty(f.Rule.ID+": "+Printable(f.Rule.Title)))
	w.str("::" + kind + " " + strings.Join(props, ",") + "::" + ghData(annotationText(f)) + "\n")
}

// annotationText is the text of an annotation: the message and the rule,
// then the fix and the related locations, one per line.
func annotationText(f lint.Finding) string {
	s := Printable(f.Message) + " [" + f.Rule.ID + "]"
	if f.Fix != "" {
		s += "\nfix: " + Printable(f.Fix)
	}
	for _, r := range f.Related {
		s += "\nsee " + Printable(at(r.Pos).String()) + ": " + Printable(r.Message)
	}
	return s
}

// The escapes of workflow commands (data, and property values) and of
// logging commands, as the runner and the agent unescape them.
var (
	ghDataEscape     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropertyEscape = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
	vsoDataEscape    = strings.NewReplacer("%", "%AZP25", "\r", "%0D", "\n", "%0A")
	vsoPropertyEsc   = strings.NewReplacer("%", "%AZP25", "\r", "%0D", "\n", "%0A", ";", "%3B", "]", "%5D")
)

// ghData escapes the data of a workflow command.
func ghData(s string) string { return ghDataEscape.Replace(s) }

// ghProperty escapes a property value of a workflow command.
func ghProperty(s string) string { return ghPropertyEscape.Replace(s) }

// azureCommand writes a finding as an Azure Pipelines logging command,
// which the agent turns into an issue of the run (errors and warnings;
// Azure Pipelines has no third kind, so an info finding is a plain log
// line as the text format writes it):
//
//	##vso[task.logissue type=error;sourcepath=F;linenumber=L;columnnumber=C;code=VPN006]message [VPN006]%0Afix: ...
//
// Every text from the input is made printable first (see Printable, which
// also keeps "##vso[" from appearing in it), then escaped as the agent
// unescapes it: % as %AZP25, CR and LF everywhere, and ; and ] in the
// properties, so that no text ends the command early or starts another.
func (w *Writer) azureCommand(f lint.Finding) {
	p := at(f.Pos)
	file, _ := relPath(f.Pos.File, w.opts.BaseDir)
	if f.Severity < lint.Warning {
		w.str(lineStart(Printable(file)+":"+strconv.Itoa(p.Line)+":"+strconv.Itoa(p.Col), `\x3a`) +
			": " + f.Severity.String() + ": " + Printable(f.Message) + " [" + f.Rule.ID + "]\n")
		return
	}
	props := []string{
		"type=" + f.Severity.String(),
		"sourcepath=" + vsoProperty(Printable(file)),
		"linenumber=" + strconv.Itoa(p.Line),
		"columnnumber=" + strconv.Itoa(p.Col),
		"code=" + vsoProperty(f.Rule.ID),
	}
	w.str("##vso[task.logissue " + strings.Join(props, ";") + "]" + vsoData(annotationText(f)) + "\n")
}

// vsoData escapes the data of a logging command.
func vsoData(s string) string { return vsoDataEscape.Replace(s) }

// vsoProperty escapes a property value of a logging command.
func vsoProperty(s string) string { return vsoPropertyEsc.Replace(s) }
