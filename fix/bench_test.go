package fix_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/fix"
)

// routesProfile is a split-tunnel profile of n routes whose element name
// is written <route>: n renames (VPN066) in one pass.
func routesProfile(n int) []byte {
	var b strings.Builder
	b.WriteString("<VPNProfile>\n  <AlwaysOn>true</AlwaysOn>\n  <TrustedNetworkDetection>corp.example.com</TrustedNetworkDetection>\n" +
		"  <NativeProfile>\n    <Servers>vpn.example.com</Servers>\n    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>\n" +
		"    <NativeProtocolType>IKEv2</NativeProtocolType>\n    <Authentication><MachineMethod>Certificate</MachineMethod></Authentication>\n  </NativeProfile>\n")
	for i := range n {
		fmt.Fprintf(&b, "  <route>\n    <Address>10.%d.%d.0</Address>\n    <PrefixSize>24</PrefixSize>\n  </route>\n", 20+i/200, i%200)
	}
	b.WriteString("</VPNProfile>\n")
	return []byte(b.String())
}

// TestFixScales: ten times the findings to fix cost at most twenty times
// the allocations (a quadratic path in grouping, lifting or rewriting
// would cost a hundred times).
func TestFixScales(t *testing.T) {
	allocs := func(n int) float64 {
		data := routesProfile(n)
		return testing.AllocsPerRun(1, func() {
			res, err := fix.File("routes.xml", data, aovpnlint.Options{})
			if err != nil || len(res.Fixed) != n {
				t.Fatalf("fixed %d of %d: %v", len(res.Fixed), n, err)
			}
		})
	}
	small, large := allocs(100), allocs(1000)
	if large > 20*small {
		t.Errorf("fixing 1000 findings made %.0f allocations, 100 findings %.0f: more than 20 times", large, small)
	}
}

func BenchmarkFix(b *testing.B) {
	for _, name := range []string{"raw.xml", "raw_utf16le_bom_crlf.xml", "script_single.ps1", "intune_string_html_escaped.json", "intune_base64.json", "syncml_escaped.xml"} {
		data, err := os.ReadFile("testdata/wrappers/" + name)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := fix.File(name, data, aovpnlint.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, n := range []int{100, 1000} {
		data := routesProfile(n)
		b.Run(fmt.Sprintf("routes-%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := fix.File("routes.xml", data, aovpnlint.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDiff measures the diff of the 1000 renamed routes: 2000
// changed lines, past the exact algorithm's bound.
func BenchmarkDiff(b *testing.B) {
	res, err := fix.File("routes.xml", routesProfile(1000), aovpnlint.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		res.Diff()
	}
}

// TestFixPastTheCap: the check lists at most lint.MaxPerRule findings of a
// rule in a file and counts the others in a summary; fix repairs the
// listed ones in a pass, the rest in the next, and tells the findings
// repaired from those left by their number when the summary hides them.
func TestFixPastTheCap(t *testing.T) {
	data := routesProfile(1500)
	res, err := fix.File("routes.xml", data, aovpnlint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Refused != "" || len(res.Fixed) != 1500 || len(res.Unfixed) != 0 {
		t.Fatalf("fixed %d, %d not fixed, refused %q; want all 1500 fixed", len(res.Fixed), len(res.Unfixed), res.Refused)
	}
	if last := res.Fixed[len(res.Fixed)-1]; last.Pass != 2 {
		t.Errorf("the last finding was fixed in pass %d, want 2", last.Pass)
	}
	checkGuarantees(t, "routes.xml", data, res)
}
