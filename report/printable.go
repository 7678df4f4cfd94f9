package report

import (
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/wording"
)

// Printable returns s safe to write to a terminal, a one-line report or
// a CI log: every character that is not printable (C0 and C1 controls,
// DEL, so no terminal escape sequence and no CR LF that forges a report
// line; line and paragraph separators; bidirectional overrides and other
// format characters) is written as a Go escape (\x1b, \r, \n, \u202e), and
// bytes that are not UTF-8 as \xff. The second # of "##[" and "##vso["
// (in any case) is written \x23, because the GitHub Actions runner and
// the Azure Pipelines agent take those anywhere in a log line as a command
// (##[add-mask], ##vso[task.setvariable]). Everything else, backslashes in
// Windows paths included, is kept as it is. File names, messages and
// values that come from input files pass through it before they reach
// the text output, JUnit XML or an error line.
func Printable(s string) string { return defuse(wording.Escape(s), `\x23`) }

// defuse writes the second # of every "##[" and "##vso[" (the last three
// letters in any case) of s as esc: "\x23" in text, "\u0023" in JSON,
// "&#35;" in XML, so that no CI runner reading the output as a log takes
// it for a command.
func defuse(s, esc string) string {
	if !strings.Contains(s, "##") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "##")
		if i < 0 {
			break
		}
		rest := s[i+2:]
		if strings.HasPrefix(rest, "[") || len(rest) >= 4 && strings.EqualFold(rest[:4], "vso[") {
			b.WriteString(s[:i+1])
			b.WriteString(esc)
			s = rest
			continue
		}
		b.WriteString(s[:i+1])
		s = s[i+1:]
	}
	b.WriteString(s)
	return b.String()
}

// lineStart keeps a line of output from starting a GitHub workflow
// command: the runner takes a line whose first characters after any
// spaces are "::" for one (::stop-commands::, ::add-mask::), and a file
// name can start so. The first colon of such a line is written esc.
func lineStart(line, esc string) string {
	t := strings.TrimLeft(line, " \t")
	if !strings.HasPrefix(t, "::") {
		return line
	}
	i := len(line) - len(t)
	return line[:i] + esc + line[i+1:]
}

// defuseLines applies lineStart to every line of a document.
func defuseLines(doc, esc string) string {
	if !strings.Contains(doc, "::") {
		return doc
	}
	lines := strings.SplitAfter(doc, "\n")
	for i, l := range lines {
		lines[i] = lineStart(l, esc)
	}
	return strings.Join(lines, "")
}
