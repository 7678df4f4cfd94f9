package corpus

import (
	"os"
	"slices"
	"testing"
)

// TestParseSharedREADME reads the real README and checks a few contracts
// against what it says, so that a parser that reads nothing cannot pass.
func TestParseSharedREADME(t *testing.T) {
	data, err := os.ReadFile("../../../shared/corpus/README.md")
	if err != nil {
		t.Skipf("the shared corpus is not beside the repository (%v); skipping", err)
	}
	es, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]*Expect{}
	for _, e := range es {
		by[e.File] = e
	}
	if len(es) != 17 {
		t.Errorf("parsed %d files, want 17", len(es))
	}
	u := by["hicks-ProfileXML_User.xml"]
	if u == nil || !u.Exit1 || len(u.Must) != 4 || !slices.Equal(u.Must[0].Lines, []int{33, 32, 29}) || !slices.Contains(u.MustNot, "VPN063") {
		t.Errorf("hicks-ProfileXML_User.xml parsed as %+v", u)
	}
	f := by["frydrychm-ProfileXML_User.xml"]
	if f == nil || len(f.Must) != 3 || !slices.Equal(f.Must[0].Lines, []int{20, 19, 18}) || f.Must[1].Rule != "VPN012" {
		t.Errorf("frydrychm-ProfileXML_User.xml parsed as %+v", f)
	}
	c := by["hicks-ProfileXML_Entra_ConditionalAccess.xml"]
	if c == nil || c.Exit1 || !slices.Equal(c.MustNot, []string{"IN001", "VPN005", "VPN011", "VPN020", "VPN040", "VPN041", "VPN042",
		"EAP001", "EAP002", "EAP003", "EAP004", "EAP011", "EAP012", "EAP017", "EAP018", "EAP020", "EAP021", "EAP022", "EAP030", "VPN070"}) {
		t.Errorf("hicks-ProfileXML_Entra_ConditionalAccess.xml parsed as %+v", c)
	}
	n := by["newera-user-eap.xml"]
	if n == nil || slices.Contains(n.MustNot, "VPN022") || slices.Contains(n.MustNot, "VPN042") || !slices.Contains(n.MustNot, "VPN030") {
		t.Errorf("newera-user-eap.xml: the Not specified list must not count as MUST NOT: %+v", n)
	}
	exit1 := 0
	for _, e := range es {
		if e.Exit1 {
			exit1++
		}
	}
	if exit1 != 3 {
		t.Errorf("%d files exit 1, want 3", exit1)
	}
}

func TestCheckFails(t *testing.T) {
	e := &Expect{File: "x.xml", Must: []Must{{"VPN024", "warning", []int{2}}}, MustNot: []string{"VPN010"}}
	text := []byte("<a>\n<Route>\n<x/>\n</Route>\n</a>\n")
	ok := []Finding{{"VPN024", "warning", 3}}
	if p := Check(e, ok, 0, text); len(p) != 0 {
		t.Errorf("a finding inside the element was not accepted: %v", p)
	}
	for name, c := range map[string]struct {
		fs   []Finding
		exit int
	}{
		"missing":          {nil, 0},
		"outside":          {[]Finding{{"VPN024", "warning", 5}}, 0},
		"wrong severity":   {[]Finding{{"VPN024", "error", 2}}, 1},
		"forbidden":        {append([]Finding{{"VPN010", "info", 1}}, ok...), 0},
		"certificate rule": {append([]Finding{{"CERT001", "info", 1}}, ok...), 0},
		"exit":             {ok, 1},
	} {
		if p := Check(e, c.fs, c.exit, text); len(p) == 0 {
			t.Errorf("%s: no problem reported", name)
		}
	}
}
