package report

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aovpnlint/aovpnlint/lint"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr,omitempty"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Errors    int         `xml:"errors,attr"`
	Skipped   int         `xml:"skipped,attr"`
	Time      string      `xml:"time,attr,omitempty"`
	Timestamp string      `xml:"timestamp,attr,omitempty"`
	Cases     []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr,omitempty"`
	Failure   *junitOutcome `xml:"failure,omitempty"`
	Skipped   *junitOutcome `xml:"skipped,omitempty"`
}

type junitOutcome struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",cdata"`
}

// junitState holds a JUnit report until it is written: the findings by
// file, and the time each file took.
type junitState struct {
	opts   Options
	byFile map[string][]lint.Finding
	order  []string // the files of the findings, in the order they came
	last   time.Time
	timed  map[string]junitTime
}

type junitTime struct {
	start time.Time
	took  time.Duration
}

func newJUnit(opts Options) *junitState {
	return &junitState{opts: opts, byFile: map[string][]lint.Finding{}, last: opts.Start, timed: map[string]junitTime{}}
}

func (j *junitState) add(f lint.Finding) {
	if _, ok := j.byFile[f.Pos.File]; !ok {
		j.order = append(j.order, f.Pos.File)
	}
	j.byFile[f.Pos.File] = append(j.byFile[f.Pos.File], f)
}

// done times the file called name: from the previous file's end (or the
// start) to now.
func (j *junitState) done(name string) {
	if j.opts.Clock == nil {
		return
	}
	now := j.opts.Clock()
	t := j.timed[name]
	if t.start.IsZero() {
		t.start = j.last
	}
	t.took += now.Sub(j.last)
	j.timed[name] = t
	j.last = now
}

// write writes the JUnit XML report, the way Azure DevOps "Publish Test
// Results", Jenkins and GitLab read it: one test suite per input file
// (then one per other file with findings, such as the configuration
// file), and one test case per finding, named after the file, line,
// column, rule and rule title (unique: a second case of the same name
// gets " (2)"), whose outcome is
//
//   - a failure, for a finding at or above --fail-on, with the finding as
//     its message and the position, fix, Windows errors and related
//     locations as its text;
//   - skipped, with the same message and text, for a finding below it,
//     so that test viewers show it apart from the failures and the
//     passes without failing the run (every finding, with --fail-on
//     none);
//
// and one passing case "FILE: no finding" for a file without findings.
// With a clock, each suite has the time its file took (see
// Writer.FileDone) and when it began, shared evenly among its cases, and
// the report has the time of the whole run; times are in seconds.
func (j *junitState) write(w *Writer, inputs []string) {
	files := append([]string{}, inputs...)
	known := make(map[string]bool, len(files))
	for _, f := range files {
		known[f] = true
	}
	for _, f := range j.order {
		if !known[f] {
			known[f] = true
			files = append(files, f)
		}
	}
	failOn := j.opts.FailOn
	if failOn == 0 {
		failOn = lint.Error + 1
	}
	doc := junitSuites{Name: "aovpnlint"}
	for _, file := range files {
		s := junitSuite{Name: Printable(file)}
		names := map[string]int{}
		for _, f := range j.byFile[file] {
			p := at(f.Pos)
			name := Printable(p.String()) + " " + f.Rule.ID + " " + Printable(f.Rule.Title)
			if names[name]++; names[name] > 1 {
				name += " (" + strconv.Itoa(names[name]) + ")"
			}
			o := &junitOutcome{Message: Printable(p.String()) + ": " + f.Severity.String() + ": " + Printable(f.Message) + " [" + f.Rule.ID + "]",
				Type: f.Severity.String(), Body: outcomeBody(f)}
			c := junitCase{Name: name, Classname: s.Name}
			if f.Severity >= failOn {
				c.Failure = o
				s.Failures++
			} else {
				c.Skipped = o
				s.Skipped++
			}
			s.Cases = append(s.Cases, c)
		}
		if len(s.Cases) == 0 {
			s.Cases = append(s.Cases, junitCase{Name: s.Name + ": no finding", Classname: s.Name})
		}
		if t, ok := j.timed[file]; ok {
			s.Time = seconds(t.took)
			s.Timestamp = t.start.UTC().Format("2006-01-02T15:04:05Z")
			each := seconds(t.took / time.Duration(len(s.Cases)))
			for i := range s.Cases {
				s.Cases[i].Time = each
			}
		}
		s.Tests = len(s.Cases)
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Suites = append(doc.Suites, s)
	}
	if j.opts.Clock != nil {
		doc.Time = seconds(j.opts.Clock().Sub(j.opts.Start))
	}
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		w.err = err
		return
	}
	w.str(xmlHeader)
	w.str(string(b) + "\n")
}

// seconds writes a duration in seconds with three decimals, as JUnit's
// time attributes have it.
func seconds(d time.Duration) string {
	return strconv.FormatFloat(max(d, 0).Seconds(), 'f', 3, 64)
}

// outcomeBody is the text of a failed or skipped case: position, fix,
// Windows errors and related locations, one per line, each made
// printable (see Printable), because CDATA carries characters as they
// are and a control character would make the XML ill-formed, and none
// starting a workflow command (see lineStart).
func outcomeBody(f lint.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", lineStart(Printable(at(f.Pos).String()), `\x3a`))
	if f.Fix != "" {
		fmt.Fprintf(&b, "fix: %s\n", Printable(f.Fix))
	}
	if len(f.WindowsErrors) > 0 {
		fmt.Fprintf(&b, "Windows errors: %s\n", Printable(strings.Join(f.WindowsErrors, ", ")))
	}
	for _, r := range f.Related {
		fmt.Fprintf(&b, "see %s: %s\n", Printable(at(r.Pos).String()), Printable(r.Message))
	}
	return b.String()
}
