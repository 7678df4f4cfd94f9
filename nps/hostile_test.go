package nps_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/fuzzlimit"
	"github.com/aovpnlint/aovpnlint/nps"
)

// problemsOf returns the messages of e's problems of a kind.
func problemsOf(e *nps.Export, kind nps.ProblemKind) []string {
	var out []string
	for _, p := range e.Problems {
		if p.Kind == kind {
			out = append(out, p.Message)
		}
	}
	return out
}

func vpn(name string, order int, configs ...string) genPolicy {
	return genPolicy{name: name, order: order, conds: []string{`NTGROUPS("S-1-5-21-1-2-3-1105")`, `MATCH("NAS-Port-Type=^5$")`}, allow: "1",
		auth: []int{5}, eap: []string{allowedType(13), allowedType(25)}, configs: configs}
}

// TestHostile reads exports made to be expensive: each ends in a problem
// or an ordinary reading, within the watchdog's bound.
func TestHostile(t *testing.T) {
	huge := strings.Repeat("0123456789abcdef", 1<<19) // 8 MiB of hex
	spaced := strings.Repeat("00 ", nps.MaxBlob+1)
	cases := []struct {
		name string
		data []byte
		want string // in a BadBlob problem
	}{
		{"huge blob", genExport([]genPolicy{vpn("P", 1, huge)}, 0, ""), "over the limit of 65536"},
		{"blob one byte over the limit", genExport([]genPolicy{vpn("P", 1, strings.Repeat("00", nps.MaxBlob+1))}, 0, ""), "holds 16385 bytes, over the limit of 16384"},
		{"blob of white space", genExport([]genPolicy{vpn("P", 1, spaced)}, 0, ""), "over the limit"},
		{"odd hex", genExport([]genPolicy{vpn("P", 1, tlsBlob(thumbA)+"0")}, 0, ""), "odd number of hex digits"},
		{"inner method count 2^32-1", genExport([]genPolicy{vpn("P", 1, strings.Replace(peapBlob(thumbA, innerSpec{typ: 26}), "01000000010000001000", "ffffffff010000001000", 1))}, 0, ""), "says it has 4294967295 inner methods"},
		{"header length 2^32-1", genExport([]genPolicy{vpn("P", 1, tlsBlob(thumbA)[:32]+"ffffffff"+tlsBlob(thumbA)[40:])}, 0, ""), "says 4294967295 bytes follow"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fuzzlimit.Run(t, len(tc.data), func() {
				e, _ := check(t, tc.name, tc.data)
				if got := strings.Join(problemsOf(e, nps.BadBlob), "\n"); !strings.Contains(got, tc.want) {
					t.Errorf("problems %q; want one with %q", got, tc.want)
				}
			})
		})
	}
}

// TestDeepNesting nests elements 240 deep inside a policy's properties and
// inside a section: the reader looks only where NPS writes values, so the
// export reads as usual.
func TestDeepNesting(t *testing.T) {
	deep := strings.Repeat("<x>", 240) + "1.3.6.1.4.1.311.87" + strings.Repeat("</x>", 240)
	p := vpn("P", 1, tlsBlob(thumbA))
	p.extra = deep
	data := genExport([]genPolicy{p}, 0, "")
	data = []byte(strings.Replace(string(data), "<Clients name=\"Clients\">", "<Clients name=\"Clients\">"+deep, 1))
	fuzzlimit.Run(t, len(data), func() {
		e, fs := check(t, "deep.xml", data)
		if len(e.VPNPolicies()) != 1 || len(e.Clients) != 0 || len(e.VPNPolicies()[0].CertificateOIDs()) != 0 {
			t.Errorf("deep nesting changed the reading: %d VPN policies, %d clients, findings %v", len(e.VPNPolicies()), len(e.Clients), fs)
		}
	})
}

// TestManyPolicies reads 2,000 policies sharing one processing order: the
// problems are reported (and capped by the reporter), within the
// watchdog's bound.
func TestManyPolicies(t *testing.T) {
	var pols []genPolicy
	for i := range 2000 {
		pols = append(pols, vpn(fmt.Sprintf("P%d", i), 1, tlsBlob(thumbA)))
	}
	data := genExport(pols, 0, "")
	fuzzlimit.Run(t, len(data), func() {
		e, fs := check(t, "many.xml", data)
		if n := len(problemsOf(e, nps.Uncertain)); n != 1999 {
			t.Errorf("%d problems; want 1,999 shared processing orders", n)
		}
		if len(fs) > 3*1001 {
			t.Errorf("%d findings; want at most 1,000 per rule and a summary", len(fs))
		}
	})
}

// TestShadowWork bounds the shadow search: deny policies and VPN policies
// that all share the condition NAS-Port-Type ^5$ but differ in their group
// make a naive search test every pair; the search tests a number of pairs
// that grows with the policies, not with their square.
func TestShadowWork(t *testing.T) {
	work := func(n int) int {
		var pols []genPolicy
		for i := range n {
			pols = append(pols, genPolicy{name: fmt.Sprintf("Deny %d", i), order: i, allow: "0",
				conds: []string{fmt.Sprintf(`NTGROUPS("S-1-5-21-1-2-3-%d")`, i), `MATCH("NAS-Port-Type=^5$")`}})
		}
		for i := range n {
			p := vpn(fmt.Sprintf("VPN %d", i), n+i, tlsBlob(thumbA))
			p.conds = []string{fmt.Sprintf(`NTGROUPS("S-1-5-21-1-2-4-%d")`, i), `MATCH("NAS-Port-Type=^5$")`, `MATCH("Tunnel-Type=^3$")`}
			pols = append(pols, p)
		}
		e, _ := check(t, "shadow.xml", genExport(pols, 0, ""))
		return nps.Work(e)
	}
	small, large := work(50), work(500)
	if large > 20*max(small, 50) {
		t.Errorf("the shadow search made %d subset tests for 100 policies and %d for 1,000; want at most 20 times as many", small, large)
	}
}
