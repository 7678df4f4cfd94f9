package report

import (
	"github.com/aovpnlint/aovpnlint/lint"
)

// gitlabIssue is a finding in a GitLab Code Quality report (a subset of
// the Code Climate issue format), which GitLab shows in the merge request
// widget and on the changed lines.
type gitlabIssue struct {
	Type        string         `json:"type"`
	CheckName   string         `json:"check_name"`
	Description string         `json:"description"`
	Content     gitlabContent  `json:"content"`
	Categories  []string       `json:"categories"`
	Severity    string         `json:"severity"`
	Fingerprint string         `json:"fingerprint"`
	Location    gitlabLocation `json:"location"`
	EngineName  string         `json:"engine_name"`
}

type gitlabContent struct {
	Body string `json:"body"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
}

// gitlabSeverity maps a severity to GitLab's scale (info, minor, major,
// critical, blocker): an error, which makes Windows reject the profile
// or the connection fail, is critical; a warning major; info info.
func gitlabSeverity(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "critical"
	case lint.Warning:
		return "major"
	}
	return "info"
}

// gitlabIssue writes a finding as an element of the report's array: the
// rule as check_name, the message and rule as description, the fix as
// content, the full fingerprint (unique in the report, stable when lines
// move: see fingerprints), the file relative to the base and the line.
func (w *Writer) gitlabIssue(f lint.Finding) {
	path, _ := relPath(f.Pos.File, w.opts.BaseDir)
	full, _ := w.fp.of(f, path)
	is := gitlabIssue{
		Type: "issue", CheckName: f.Rule.ID,
		Description: Printable(f.Message) + " [" + f.Rule.ID + "]",
		Content:     gitlabContent{Body: "fix: " + Printable(f.Fix)},
		Categories:  []string{"Security"},
		Severity:    gitlabSeverity(f.Severity),
		Fingerprint: full,
		Location:    gitlabLocation{Path: path, Lines: gitlabLines{Begin: at(f.Pos).Line}},
		EngineName:  "aovpnlint",
	}
	if w.n > 0 {
		w.str(",")
	}
	w.str("\n  ")
	w.value(is, "  ")
}
