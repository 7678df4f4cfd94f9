// Package corpus reads the expectations of the shared real-world corpus
// (../shared/corpus/README.md) and compares findings with them. The README
// is the contract: per file, a MUST table (rule, severity, line; line 0 is
// any line; a finding anywhere inside the element that starts on the line
// counts, and a paragraph "For RULE ... accept ... (line N)" adds accepted
// lines), a MUST NOT list, and the files that exit with status 1. Rules
// that need certificates may not appear at all, since the corpus is
// checked without any.
//
// The parser follows the README's layout; Parse fails rather than return
// an empty contract when the layout changes.
package corpus

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Must is a finding a file has to produce.
type Must struct {
	Rule, Severity string
	// Lines are the accepted start-tag lines; 0 accepts any line.
	Lines []int
}

// Expect is the contract for one corpus file.
type Expect struct {
	File    string
	Must    []Must
	MustNot []string
	// Exit1 marks the files that exit with status 1 under the default
	// --fail-on error; every other file has no error finding.
	Exit1 bool
}

// CertificateRules match the rules that need certificates, which may not
// appear for any corpus file.
var CertificateRules = regexp.MustCompile(`^(VPN070|EAP03[0-4]|CERT\d+)$`)

var (
	ruleID     = regexp.MustCompile(`\b(IN|VPN|EAP|CERT|NPS)\d{3}\b`)
	heading    = regexp.MustCompile(`^### (\S+)$`)
	mustRow    = regexp.MustCompile(`^\|\s*((?:IN|VPN|EAP|CERT|NPS)\d{3})\s*\|\s*(error|warning|info)\s*\|\s*(\d+)\s*\|`)
	lineRef    = regexp.MustCompile(`\(line (\d+)\)`)
	backticked = regexp.MustCompile("`([^`]+\\.xml)`")
)

// Parse reads the corpus README and returns the contract of every file it
// describes, in README order.
func Parse(readme []byte) ([]*Expect, error) {
	var out []*Expect
	var cur *Expect
	var exit1 []string
	inMustNot := false
	var para []string
	flush := func() {
		text := strings.Join(para, " ")
		para = nil
		if strings.Contains(text, "exit with status 1") {
			for _, m := range backticked.FindAllStringSubmatch(text, -1) {
				exit1 = append(exit1, m[1])
			}
		}
		if cur == nil || !strings.HasPrefix(text, "For ") || !strings.Contains(text, "accept") {
			return
		}
		id := ruleID.FindString(text)
		for i := range cur.Must {
			if cur.Must[i].Rule != id {
				continue
			}
			for _, m := range lineRef.FindAllStringSubmatch(text, -1) {
				n, _ := strconv.Atoi(m[1])
				if !slices.Contains(cur.Must[i].Lines, n) {
					cur.Must[i].Lines = append(cur.Must[i].Lines, n)
				}
			}
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(readme))
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), " \r")
		switch {
		case strings.HasPrefix(line, "## "):
			flush()
			cur, inMustNot = nil, false
		case heading.MatchString(line):
			flush()
			cur = &Expect{File: heading.FindStringSubmatch(line)[1]}
			out = append(out, cur)
			inMustNot = false
		case cur != nil && mustRow.MatchString(line):
			m := mustRow.FindStringSubmatch(line)
			n, _ := strconv.Atoi(m[3])
			cur.Must = append(cur.Must, Must{Rule: m[1], Severity: m[2], Lines: []int{n}})
		case cur != nil && strings.HasPrefix(line, "MUST NOT"):
			flush()
			inMustNot = true
		case cur != nil && inMustNot && strings.HasPrefix(line, "- "):
			head, _, _ := strings.Cut(line, ":")
			cur.MustNot = append(cur.MustNot, ruleID.FindAllString(head, -1)...)
		case line == "" || strings.HasPrefix(line, "|"):
			flush()
			if line == "" && inMustNot && cur != nil && len(cur.MustNot) > 0 {
				inMustNot = false
			}
		default:
			if strings.HasPrefix(line, "Not specified") || strings.HasPrefix(line, "MUST:") {
				inMustNot = false
			}
			para = append(para, line)
		}
	}
	flush()
	if len(out) == 0 || len(exit1) == 0 {
		return nil, fmt.Errorf("the corpus README has no per-file sections or no exit-status list: its layout changed")
	}
	for _, name := range exit1 {
		found := false
		for _, e := range out {
			if e.File == name {
				e.Exit1, found = true, true
			}
		}
		if !found {
			return nil, fmt.Errorf("the corpus README says %s exits with status 1 but has no section for it", name)
		}
	}
	return out, nil
}

// Finding is what the comparison needs of a finding.
type Finding struct {
	Rule, Severity string
	Line           int
}

// Check compares a file's findings and exit code with its contract; text
// is the decoded file, to find where elements end. It returns one line per
// problem.
func Check(e *Expect, fs []Finding, exit int, text []byte) []string {
	var problems []string
	for _, m := range e.Must {
		if !hasFinding(fs, m, text) {
			problems = append(problems, fmt.Sprintf("missing %s %s at line %v", m.Severity, m.Rule, m.Lines))
		}
	}
	hasError := false
	for _, f := range fs {
		if slices.Contains(e.MustNot, f.Rule) {
			problems = append(problems, fmt.Sprintf("forbidden %s %s at line %d", f.Severity, f.Rule, f.Line))
		}
		if CertificateRules.MatchString(f.Rule) {
			problems = append(problems, fmt.Sprintf("certificate rule %s without certificates (line %d)", f.Rule, f.Line))
		}
		hasError = hasError || f.Severity == "error"
	}
	switch {
	case e.Exit1 && exit != 1:
		problems = append(problems, fmt.Sprintf("exit status %d, want 1", exit))
	case !e.Exit1 && exit != 0:
		problems = append(problems, fmt.Sprintf("exit status %d, want 0", exit))
	case !e.Exit1 && hasError:
		problems = append(problems, "an error finding on a file that must have none")
	}
	return problems
}

func hasFinding(fs []Finding, m Must, text []byte) bool {
	for _, f := range fs {
		if f.Rule != m.Rule || f.Severity != m.Severity {
			continue
		}
		for _, l := range m.Lines {
			if l == 0 || (f.Line >= l && f.Line <= ElementEnd(text, l)) {
				return true
			}
		}
	}
	return false
}

var startTag = regexp.MustCompile(`<([A-Za-z][\w.-]*)`)

// ElementEnd returns the line of the end tag of the first element that
// starts on line start of the decoded text (start itself when it cannot
// tell).
func ElementEnd(text []byte, start int) int {
	lines := strings.Split(string(text), "\n")
	if start < 1 || start > len(lines) {
		return start
	}
	m := startTag.FindStringSubmatch(lines[start-1])
	if m == nil {
		return start
	}
	closeTag := "</" + m[1] + ">"
	for i := start - 1; i < len(lines); i++ {
		if strings.Contains(lines[i], closeTag) {
			return i + 1
		}
	}
	return start
}
