package lint

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	good := &Rule{ID: "VPN001", Severity: Error, Title: "the root is VPNProfile", Fix: "f", Citation: "c"}
	named := &Rule{ID: "EAP003", Severity: Error, Title: "EapMethod type matches", Fix: "f", Citation: "c"}
	if err := Validate([]*Rule{good, named}); err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		r    Rule
		want string
	}{
		{Rule{ID: "VPN01", Severity: Error, Title: "t", Fix: "f", Citation: "c"}, "ID is not"},
		{Rule{ID: "XML001", Severity: Error, Title: "t", Fix: "f", Citation: "c"}, "ID is not"},
		{Rule{ID: "VPN002", Title: "t", Fix: "f", Citation: "c"}, "invalid severity"},
		{Rule{ID: "VPN003", Severity: Error, Fix: "f", Citation: "c"}, "no title"},
		{Rule{ID: "VPN004", Severity: Error, Title: "The root.", Fix: "f", Citation: "c"}, "must start lower case"},
		{Rule{ID: "VPN005", Severity: Error, Title: "t", Citation: "c"}, "no fix"},
		{Rule{ID: "VPN006", Severity: Error, Title: "t", Fix: "f"}, "no citation"},
		{*good, "duplicate ID"},
	}
	for _, b := range bad {
		r := b.r
		err := Validate([]*Rule{good, &r})
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%+v: error %v, want %q", b.r, err, b.want)
		}
	}
}

func TestReporterStampsRule(t *testing.T) {
	rule := &Rule{ID: "VPN001", Severity: Warning, Fix: "fix it", WindowsErrors: []string{"13801"}}
	var out []Finding
	r := NewReporter(rule, &out)
	r.Reportf(Pos{File: "f", Line: 2, Col: 3, Within: "in the base64 value, line 1, column 2 of the decoded text"}, "found %d", 1)
	r.Report(Finding{Pos: Pos{File: "f"}, Message: "m", Severity: Error})
	if len(out) != 2 || out[0].Rule != rule || out[0].Severity != Warning || out[0].Fix != "fix it" ||
		out[0].WindowsErrors[0] != "13801" || out[0].Message != "found 1 (in the base64 value, line 1, column 2 of the decoded text)" {
		t.Fatalf("first finding %+v", out[0])
	}
	if out[1].Severity != Warning {
		t.Errorf("a finding reported with severity %v; want the rule's %v, since a rule has one severity", out[1].Severity, Warning)
	}
	if got := out[0].String(); got != "f:2:3: warning: found 1 (in the base64 value, line 1, column 2 of the decoded text) [VPN001]" {
		t.Errorf("String() = %q", got)
	}
}

func TestSortAndPos(t *testing.T) {
	r := &Rule{ID: "VPN001"}
	r2 := &Rule{ID: "EAP001"}
	fs := []Finding{
		{Rule: r, Pos: Pos{File: "b", Line: 1}},
		{Rule: r, Pos: Pos{File: "a", Line: 2, Col: 5}},
		{Rule: r, Pos: Pos{File: "a", Line: 2, Col: 1}},
		{Rule: r2, Pos: Pos{File: "a", Line: 2, Col: 1}},
	}
	Sort(fs)
	var got []string
	for _, f := range fs {
		got = append(got, f.Pos.String()+" "+f.Rule.ID)
	}
	if strings.Join(got, ",") != "a:2:1 EAP001,a:2:1 VPN001,a:2:5 VPN001,b:1 VPN001" {
		t.Errorf("sorted as %v", got)
	}
	if s := (Pos{File: "x.der"}).String(); s != "x.der" {
		t.Errorf("Pos without line = %q", s)
	}
	for _, name := range []string{"error", "warning", "info"} {
		s, err := ParseSeverity(name)
		if err != nil || s.String() != name {
			t.Errorf("ParseSeverity(%q) = %v, %v", name, s, err)
		}
	}
	if _, err := ParseSeverity("fatal"); err == nil {
		t.Error("ParseSeverity accepted fatal")
	}
}

func TestReporterCapsFindingsPerFile(t *testing.T) {
	rule := &Rule{ID: "CERT001", Severity: Error, Fix: "renew", WindowsErrors: []string{"13801"}}
	check := &Check[int]{Rule: *rule, Run: func(n int, r *Reporter) {
		for i := range n {
			r.Reportf(Pos{File: "a.p7b", Line: i + 1, Col: 1}, "certificate %d expired", i)
		}
		r.Report(Finding{Pos: Pos{File: "b.p7b", Line: 1, Col: 1}, Message: "other file", Severity: Warning})
	}}
	out := Run([]*Check[int]{check}, MaxPerRule+4998)
	if len(out) != MaxPerRule+2 {
		t.Fatalf("%d findings, want %d kept, one summary and the other file's", len(out), MaxPerRule)
	}
	sum := out[len(out)-1]
	if sum.Omitted != 4998 || sum.Pos.File != "a.p7b" || sum.Pos.Line != MaxPerRule+1 || sum.Rule.ID != "CERT001" ||
		sum.Message != "and 4,998 more findings of this rule in this file, not listed: at most 1,000 are reported per rule and file" {
		t.Errorf("summary %+v", sum)
	}
	if out[MaxPerRule].Pos.File != "b.p7b" || out[MaxPerRule].Omitted != 0 {
		t.Errorf("the other file's finding is %+v", out[MaxPerRule])
	}
	// Under the limit, nothing is summarised.
	if out := Run([]*Check[int]{check}, MaxPerRule); len(out) != MaxPerRule+1 || out[MaxPerRule-1].Omitted != 0 {
		t.Errorf("at the limit: %d findings", len(out))
	}
}

func TestCapMergesRuns(t *testing.T) {
	rule := &Rule{ID: "VPN005", Severity: Error, Fix: "fix"}
	var fs []Finding
	// Two documents of one file, each reporting 800 findings, and one
	// already summarised run of 2,000 more.
	for doc := range 2 {
		for i := range 800 {
			fs = append(fs, Finding{Rule: rule, Severity: Warning, Message: "m", Pos: Pos{File: "f", Line: doc*1000 + i + 1, Col: 1}})
		}
	}
	fs = append(fs, Finding{Rule: rule, Severity: Error, Message: OmittedMessage(2000), Omitted: 2000, Pos: Pos{File: "f", Line: 5000, Col: 1}})
	Sort(fs)
	out := Cap(fs)
	if len(out) != MaxPerRule+1 {
		t.Fatalf("%d findings, want %d and a summary", len(out), MaxPerRule)
	}
	s := out[MaxPerRule]
	if s.Omitted != 600+2000 || s.Severity != Error || s.Pos.Line != 1201 || !strings.HasPrefix(s.Message, "and 2,600 more") {
		t.Errorf("summary %+v", s)
	}
	if got := thousands(1234567); got != "1,234,567" {
		t.Errorf("thousands: %s", got)
	}
}

// text is a Source for tests.
type text string

func (t text) Pos(off int) Pos { return Pos{File: string(t), Line: 1, Col: off + 1} }

// TestEditsStayInside: a finding's edits point into the decoded text of
// the input (which may hold a secret); they are never encoded with the
// finding, and a summary finding carries none.
func TestEditsStayInside(t *testing.T) {
	rule := &Rule{ID: "VPN006", Severity: Error, Fix: "f", Fixable: "writes true"}
	e := Edit{In: text("secret-bearing.xml"), Start: 3, End: 7, New: "true"}
	if p := e.Pos(); p.File != "secret-bearing.xml" || p.Col != 4 {
		t.Errorf("Pos = %v", p)
	}
	data, err := json.Marshal(Finding{Rule: rule, Severity: Error, Message: "m", Edits: []Edit{e}})
	if err != nil || strings.Contains(string(data), "secret-bearing") || strings.Contains(string(data), "Edits") {
		t.Errorf("a finding encodes as %s (%v)", data, err)
	}
	var fs []Finding
	for i := range MaxPerRule + 2 {
		fs = append(fs, Finding{Rule: rule, Severity: Error, Pos: Pos{File: "f", Line: i + 1}, Message: "m", Edits: []Edit{e}})
	}
	capped := Cap(fs)
	last := capped[len(capped)-1]
	if last.Omitted != 2 || last.Edits != nil {
		t.Errorf("the summary finding stands for %d findings and carries %d edits; want 2 and none", last.Omitted, len(last.Edits))
	}
}

// TestCapKeepsSuppressedApart checks that suppressed findings are capped
// and summarised apart from the others: a summary is suppressed or not,
// and the findings that are not suppressed are kept first.
func TestCapKeepsSuppressedApart(t *testing.T) {
	rule := &Rule{ID: "VPN024", Severity: Warning, Fix: "fix"}
	sup := &Suppression{Reason: "lab", Pos: Pos{File: "f", Line: 1}, InSource: true}
	var fs []Finding
	for i := range MaxPerRule + 10 {
		fs = append(fs, Finding{Rule: rule, Severity: Warning, Message: "m", Pos: Pos{File: "f", Line: 2*i + 2, Col: 1}, Suppressed: sup})
		fs = append(fs, Finding{Rule: rule, Severity: Warning, Message: "m", Pos: Pos{File: "f", Line: 2*i + 3, Col: 1}})
	}
	Sort(fs)
	out := Cap(fs)
	kept := map[bool]int{}
	summaries := map[bool]int{}
	for _, f := range out {
		if f.Omitted > 0 {
			summaries[f.Suppressed != nil] += f.Omitted
			continue
		}
		kept[f.Suppressed != nil]++
	}
	if kept[false] != MaxPerRule || kept[true] != MaxPerRule || summaries[false] != 10 || summaries[true] != 10 {
		t.Errorf("kept %v, summarised %v; want %d of each kind and 10 of each in a summary of its kind", kept, summaries, MaxPerRule)
	}
}

// SortRules orders as a stable sort with CompareIDs does: by family, then
// by ID, malformed IDs last, equal IDs in the order given.
func TestSortRules(t *testing.T) {
	ids := []string{"CERT010", "IN001", "AWS002", "VPN100", "EAP001", "XML001", "CERT002", "VPN01", "NPS003", "OVPN001", "IN001", "CERT1000", "AWS001", "EAP0a1"}
	var rules []*Rule
	for i, id := range ids {
		rules = append(rules, &Rule{ID: id, Title: strconv.Itoa(i)})
	}
	want := slices.Clone(rules)
	slices.SortStableFunc(want, func(a, b *Rule) int { return CompareIDs(a.ID, b.ID) })
	SortRules(rules)
	if !slices.Equal(rules, want) {
		t.Errorf("SortRules gave %v, want %v", ruleKeys(rules), ruleKeys(want))
	}
	order := []string{"IN001/1", "IN001/10", "VPN100/3", "EAP001/4", "CERT002/6", "CERT010/0", "NPS003/8", "OVPN001/9", "AWS001/12", "AWS002/2",
		"CERT1000/11", "EAP0a1/13", "VPN01/7", "XML001/5"}
	if got := ruleKeys(rules); !slices.Equal(got, order) {
		t.Errorf("SortRules gave %v, want %v", got, order)
	}
}

func ruleKeys(rules []*Rule) []string {
	var out []string
	for _, r := range rules {
		out = append(out, r.ID+"/"+r.Title)
	}
	return out
}
