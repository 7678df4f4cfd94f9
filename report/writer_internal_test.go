package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/lint"
)

// The writer streams; these are the whole-document writers it replaced,
// kept as references: its output must be byte for byte theirs.

func refJSON(w io.Writer, fs []lint.Finding, tool Tool) error {
	type jsonDoc struct {
		Version  int           `json:"version"`
		Tool     Tool          `json:"tool"`
		Findings []jsonFinding `json:"findings"`
		Summary  Counts        `json:"summary"`
	}
	doc := jsonDoc{Version: JSONVersion, Tool: tool, Findings: make([]jsonFinding, 0, len(fs)), Summary: Count(fs)}
	for _, f := range fs {
		doc.Findings = append(doc.Findings, toJSON(f))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func refSARIF(w io.Writer, fs []lint.Finding, opts Options) error {
	ref := &Writer{opts: opts.withDefaults()}
	index := map[string]int{}
	for i, r := range opts.Rules {
		index[r.ID] = i
	}
	results := []sarifResult{}
	for _, f := range fs {
		results = append(results, ref.toSARIF(f, index[f.Rule.ID]))
	}
	s, err := encoded(ref.sarifLog(results, []sarifInvocation{{ExecutionSuccessful: true, ToolExecutionNotifications: []sarifNotification{}}}, true), "")
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, s+"\n")
	return err
}

func refText(w io.Writer, fs []lint.Finding, color bool) error {
	var b strings.Builder
	for i, f := range fs {
		if i > 0 && f.Pos.File != fs[i-1].Pos.File {
			b.WriteString("\n")
		}
		sev, id := f.Severity.String(), "["+f.Rule.ID+"]"
		if color {
			sev, id = colour(f.Severity)+sev+reset, dim+id+reset
		}
		fmt.Fprintf(&b, "%s: %s: %s %s\n", Printable(at(f.Pos).String()), sev, Printable(f.Message), id)
		if f.Fix != "" {
			fmt.Fprintf(&b, "    fix: %s\n", Printable(f.Fix))
		}
		for _, r := range f.Related {
			fmt.Fprintf(&b, "    see %s: %s\n", Printable(at(r.Pos).String()), Printable(r.Message))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// randomFindings returns n sorted findings over a few files and rules,
// with the characters JSON and HTML escape, related locations and none.
func randomFindings(r *rand.Rand, n int, rules []*lint.Rule) []lint.Finding {
	words := []string{"a<b>&c", `quote "x"`, "tab\there", "é", "line\nbreak", "plain", ""}
	var fs []lint.Finding
	for range n {
		rule := rules[r.IntN(len(rules))]
		f := lint.Finding{Rule: rule, Severity: lint.Severity(1 + r.IntN(3)),
			Pos:     lint.Pos{File: fmt.Sprintf("dir/f%d.xml", r.IntN(4)), Line: r.IntN(50), Col: r.IntN(9)},
			Message: words[r.IntN(len(words))] + " " + words[r.IntN(len(words))], Fix: words[r.IntN(len(words))],
			WindowsErrors: rule.WindowsErrors}
		for range r.IntN(3) {
			f.Related = append(f.Related, lint.Related{Pos: lint.Pos{File: "roots.p7b", Line: r.IntN(3)}, Message: words[r.IntN(len(words))]})
		}
		fs = append(fs, f)
	}
	lint.Sort(fs)
	return fs
}

func TestWriterMatchesWholeDocument(t *testing.T) {
	rules := []*lint.Rule{
		{ID: "VPN001", Severity: lint.Error, Title: "a <title> & more", Fix: "fix \"it\"", Citation: "c", WindowsErrors: []string{"13801"}},
		{ID: "CERT002", Severity: lint.Warning, Title: "second", Doc: "long doc\nwith a line", Citation: "d"},
		{ID: "EAP003", Severity: lint.Info, Title: "third", Citation: "e"},
	}
	r := rand.New(rand.NewPCG(1, 2))
	tool := Tool{Name: "aovpnlint", Version: "v1.2.3"}
	for _, n := range []int{0, 1, 2, 7, 40} {
		fs := randomFindings(r, n, rules)
		for _, tc := range []struct {
			format Format
			opts   Options
			ref    func(io.Writer) error
		}{
			{JSON, Options{Tool: tool}, func(w io.Writer) error { return refJSON(w, fs, tool) }},
			{SARIF, Options{Tool: tool, Rules: rules, BaseDir: "/src"}, func(w io.Writer) error {
				return refSARIF(w, fs, Options{Tool: tool, Rules: rules, BaseDir: "/src"})
			}},
			{Text, Options{}, func(w io.Writer) error { return refText(w, fs, false) }},
			{Text, Options{Color: true}, func(w io.Writer) error { return refText(w, fs, true) }},
		} {
			var got, want bytes.Buffer
			if err := Write(&got, tc.format, fs, nil, tc.opts); err != nil {
				t.Fatal(err)
			}
			if err := tc.ref(&want); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("%s with %d findings differs from the whole document:\ngot:\n%s\nwant:\n%s", tc.format, n, got.String(), want.String())
			}
		}
	}
}

// The writer holds no finding for the streamed formats: what it has
// written after each finding is everything up to that finding.
func TestWriterStreams(t *testing.T) {
	rules := []*lint.Rule{{ID: "VPN001", Severity: lint.Error, Title: "t", Citation: "c"}}
	fs := randomFindings(rand.New(rand.NewPCG(3, 4)), 200, rules)
	for _, format := range []Format{Text, JSON, SARIF, GitHub, Azure, GitLab, Checkstyle} {
		var b bytes.Buffer
		w, err := NewWriter(&b, format, Options{Rules: rules})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			if err := w.Write(f); err != nil {
				t.Fatal(err)
			}
		}
		// bufio holds at most its buffer (4 KiB) of 200 findings.
		if held := w.out.Buffered(); b.Len() == 0 || held > 4096 {
			t.Errorf("%s: %d bytes written and %d held before Close; expected the findings written as they came", format, b.Len(), held)
		}
		if err := w.Close(nil); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWriterRefusesUnknownFormatAndRule(t *testing.T) {
	if _, err := NewWriter(io.Discard, "xml", Options{}); err == nil {
		t.Error("format xml accepted")
	}
	rule := &lint.Rule{ID: "VPN001"}
	err := Write(io.Discard, SARIF, []lint.Finding{{Rule: rule}}, nil, Options{})
	if err == nil || !strings.Contains(err.Error(), "VPN001") {
		t.Errorf("a finding of a rule SARIF does not list: err = %v", err)
	}
}
