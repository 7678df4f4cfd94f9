package nps_test

import (
	"fmt"
	"github.com/aovpnlint/aovpnlint/internal/benchcpu"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
	"github.com/aovpnlint/aovpnlint/nps"
)

// largeExport generates an export of about 5 MB in the native layout:
// policies network policies (VPN policies with PEAP and EAP-TLS settings,
// and deny policies), the default connection request policy, and clients
// RADIUS clients.
func largeExport(policies, clients int) []byte {
	var pols []genPolicy
	for i := range policies {
		if i%4 == 3 {
			pols = append(pols, genPolicy{name: fmt.Sprintf("Deny contractors %d", i), order: i + 1, allow: "0",
				conds: []string{fmt.Sprintf(`NTGROUPS("S-1-5-21-1004336348-1177238915-682003330-%d")`, 5000+i), allWeek}, auth: []int{5}})
			continue
		}
		p := vpn(fmt.Sprintf("Always On VPN site %d", i), i+1, tlsBlob(thumbA), peapBlob(thumbA, innerSpec{typ: 13, settings: make([]byte, 24)}))
		p.conds[0] = fmt.Sprintf(`NTGROUPS("S-1-5-21-1004336348-1177238915-682003330-%d")`, 1000+i)
		pols = append(pols, p)
	}
	return genExport(pols, clients, "not-a-real-secret")
}

// BenchmarkRead reads a generated 6 MB export: "xml" parses it bare with
// positions (what input does for a file that starts like an export; see
// xmldoc.Limits.Bare), "xml-whole" builds the whole tree instead, "nps"
// reads the parsed document into the model and runs every NPS rule,
// "both" parses bare and reads.
func BenchmarkRead(b *testing.B) {
	data := largeExport(800, 3500)
	// Parsed bare, as package input parses an export (xml-whole: the
	// whole tree, for comparison).
	lim := xmldoc.Limits{MaxDepth: 256, MaxElements: 10_000_000, Bare: true}
	whole := lim
	whole.Bare = false
	x, err := xmldoc.Parse(srctext.New("large.xml", data), lim)
	if err != nil {
		b.Fatal(err)
	}
	nodes := xmldoc.NewBudget(1 << 30)
	if _, err := xmldoc.Parse(srctext.New("large.xml", data), xmldoc.Limits{MaxDepth: 256, Budget: nodes}); err != nil {
		b.Fatal(err)
	}
	b.Logf("export of %d bytes, %d XML nodes, %d network policies", len(data), nodes.Used(), len(nps.Parse(x).NetworkPolicies))
	b.Run("xml", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		defer benchcpu.PerOp(b)()
		for b.Loop() {
			if _, err := xmldoc.Parse(srctext.New("large.xml", data), lim); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("xml-whole", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		defer benchcpu.PerOp(b)()
		for b.Loop() {
			if _, err := xmldoc.Parse(srctext.New("large.xml", data), whole); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("nps", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		defer benchcpu.PerOp(b)()
		for b.Loop() {
			nps.Lint(nps.Parse(x))
		}
	})
	b.Run("both", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		defer benchcpu.PerOp(b)()
		for b.Loop() {
			x, _ := xmldoc.Parse(srctext.New("large.xml", data), lim)
			nps.Lint(nps.Parse(x))
		}
	})
}
