package lint

import (
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
	if out[1].Severity != Error {
		t.Errorf("explicit severity replaced: %v", out[1].Severity)
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
