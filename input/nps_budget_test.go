package input_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/input"
)

// npsExport writes an NPS export of about n nodes: elements with a name
// and a data type each, as netsh nps export writes them.
func npsExport(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?>` + "\n" + `<Root xmlns:dt="urn:schemas-microsoft-com:datatypes"><Children><Microsoft_Internet_Authentication_Service name="Microsoft_Internet_Authentication_Service"><Children>`)
	for i := 0; i < n/4; i++ {
		fmt.Fprintf(&b, `<Client%d name="c%d" dt:dt="int">%d</Client%d>`+"\n", i, i, i, i)
	}
	b.WriteString(`</Children></Microsoft_Internet_Authentication_Service></Children></Root>`)
	return []byte(b.String())
}

// An NPS export may hold three times the nodes of another file (its
// elements carry two or three attributes each, and the specification's
// limit counts elements); past that it is refused like any other.
func TestNPSExportNodeBudget(t *testing.T) {
	f := input.Read("nps.xml", npsExport(150_000), input.Limits{})
	if f.Kind != input.NPSExport {
		t.Fatalf("an export of 150,000 nodes read as %s (%v)", f.Kind, f.Problems)
	}
	f = input.Read("nps.xml", npsExport(400_000), input.Limits{})
	refused := false
	for _, p := range f.Problems {
		refused = refused || p.Kind == input.OverLimit
	}
	if !refused {
		t.Errorf("an export of 400,000 nodes was read: kind %s, problems %v", f.Kind, f.Problems)
	}
	// A profile gets no such allowance.
	profile := "<VPNProfile>" + strings.Repeat(`<Route a="1" b="2" c="3"/>`, 30_000) + "</VPNProfile>"
	f = input.Read("p.xml", []byte(profile), input.Limits{})
	refused = false
	for _, p := range f.Problems {
		refused = refused || p.Kind == input.OverLimit
	}
	if !refused {
		t.Errorf("a profile of 120,000 nodes was read")
	}
}
