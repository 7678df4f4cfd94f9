package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/aovpnlint/aovpnlint/lint"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",cdata"`
}

// junit writes the findings as JUnit XML, the way Azure DevOps "Publish
// Test Results" and other CI systems read it: one test suite per input
// file, one failing test case per finding at or above failOn (named after
// the rule, the finding as its message, the location, fix and related
// locations as its body), and one passing case for a file without such a
// finding, whose output lists any findings below the threshold.
func junit(w io.Writer, fs []lint.Finding, inputs []string, failOn lint.Severity) error {
	byFile := map[string][]lint.Finding{}
	files := append([]string{}, inputs...)
	known := make(map[string]bool, len(files))
	for _, f := range files {
		known[f] = true
	}
	for _, f := range fs {
		if !known[f.Pos.File] {
			known[f.Pos.File] = true
			files = append(files, f.Pos.File)
		}
		byFile[f.Pos.File] = append(byFile[f.Pos.File], f)
	}
	none := failOn == 0 || failOn > lint.Error
	doc := junitSuites{Name: "aovpnlint"}
	for _, file := range files {
		s := junitSuite{Name: Printable(file), Time: "0"}
		var below []string
		for _, f := range byFile[file] {
			if none || f.Severity < failOn {
				below = append(below, Printable(f.String()))
				continue
			}
			s.Cases = append(s.Cases, junitCase{
				Name: f.Rule.ID + " " + f.Rule.Title, Classname: s.Name, Time: "0",
				Failure: &junitFailure{Message: Printable(f.String()), Type: f.Severity.String(), Body: failureBody(f)},
			})
			s.Failures++
		}
		if s.Failures == 0 {
			name := "no finding"
			if !none {
				name = "no finding at or above " + failOn.String()
			}
			s.Cases = append(s.Cases, junitCase{Name: name, Classname: s.Name, Time: "0", SystemOut: strings.Join(below, "\n")})
		}
		s.Tests = len(s.Cases)
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Suites = append(doc.Suites, s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// failureBody is the text of a failure: position, fix, Windows errors and
// related locations, one per line, each made printable, because CDATA
// carries characters as they are and a control character would make the
// XML ill-formed.
func failureBody(f lint.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", Printable(f.Pos.String()))
	if f.Fix != "" {
		fmt.Fprintf(&b, "fix: %s\n", Printable(f.Fix))
	}
	if len(f.WindowsErrors) > 0 {
		fmt.Fprintf(&b, "Windows errors: %s\n", Printable(strings.Join(f.WindowsErrors, ", ")))
	}
	for _, r := range f.Related {
		fmt.Fprintf(&b, "see %s: %s\n", Printable(r.Pos.String()), Printable(r.Message))
	}
	return b.String()
}
