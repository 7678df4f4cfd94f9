package config_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/config"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/lint"
)

// atMost times base and then loaded on inputs of the same size (each the
// shortest of three runs, under a watchdog) and fails when loaded took
// more than factor times as long. loaded adds suppressions to what base
// does; work per finding that grows with the number of elements or of
// suppressions, as before issue 9, makes it hundreds of times slower.
// Both return what is wrong with their results, if anything.
func atMost(t *testing.T, factor int, base, loaded func() error) {
	t.Helper()
	var without, with time.Duration
	var err error
	watchdog(t, 2*time.Minute, t.Name(), func() {
		if without, err = best(base); err == nil {
			with, err = best(loaded)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("without: %v; with: %v (%.1fx)", without, with, float64(with)/float64(without))
	if with > time.Duration(factor)*without {
		t.Errorf("took %v with the suppressions, more than %d times the %v without", with, factor, without)
	}
}

// skipShort skips the tests of 100,000 findings with -short.
func skipShort(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 100,000 findings")
	}
}

// best returns the shortest of three timings of fn, or its error.
func best(fn func() error) (time.Duration, error) {
	d := time.Duration(1<<63 - 1)
	for range 3 {
		start := time.Now()
		if err := fn(); err != nil {
			return 0, err
		}
		d = min(d, time.Since(start))
	}
	return d, nil
}

// count counts findings by rule and severity. IN008 and IN010, which Apply reports
// through a lint.Reporter and so at most lint.MaxPerRule times per file,
// is counted by rule alone, summary findings for what they stand for.
func count(fs []lint.Finding) map[string]int {
	m := map[string]int{}
	for _, f := range fs {
		if f.Rule.ID == "IN008" || f.Rule.ID == "IN010" {
			m[f.Rule.ID] += max(f.Omitted, 1)
			continue
		}
		m[f.Rule.ID+" "+f.Severity.String()]++
	}
	return m
}

// hostileProfile writes a profile of n elements: the root, then n-1 Route
// elements on lines 3, 5, ..., each with a finding of rule and the
// comment comment(i) on the line before; and one more comment,
// comment(-1), after the last.
func hostileProfile(n int, rule *lint.Rule, comment func(i int) string) (*input.File, []lint.Finding, error) {
	var b strings.Builder
	b.WriteString("<VPNProfile>\n")
	var findings []lint.Finding
	for i := range n - 1 {
		fmt.Fprintf(&b, "  <!-- %s -->\n  <Route>%d</Route>\n", comment(i), i)
		findings = append(findings, lint.Finding{Rule: rule, Severity: lint.Warning, Pos: lint.Pos{File: "hostile.xml", Line: 3 + 2*i, Col: 3}, Message: "m"})
	}
	fmt.Fprintf(&b, "  <!-- %s -->\n</VPNProfile>\n", comment(-1))
	// Nodes, not only elements, count toward the limit: the comments too.
	f := input.Read("hostile.xml", []byte(b.String()), input.Limits{MaxElements: 4 * n})
	if len(f.Docs) != 1 || f.Docs[0].XML == nil {
		return nil, nil, fmt.Errorf("the profile of %d elements was not parsed: %v", n, f.Problems)
	}
	return f, findings, nil
}

// TestInlineSuppressions applies 100,000 inline suppression comments to a
// profile of 100,000 elements with a finding in each, and checks the
// result and that it takes at most 10 times as long as with plain
// comments (before issue 9, finding the element after each comment
// scanned the elements, and each finding scanned every comment). The
// comments cycle through four kinds: applied and used, of another rule
// (unused), without a reason, and not a suppression.
func TestInlineSuppressions(t *testing.T) {
	skipShort(t)
	const n = 100_000
	vpn024 := ruleByID(t, "VPN024")
	plain, findings, err := hostileProfile(n, vpn024, func(int) string { return "a comment" })
	if err != nil {
		t.Fatal(err)
	}
	hostile, _, err := hostileProfile(n, vpn024, func(i int) string {
		switch {
		case i < 0:
			return "aovpnlint:ignore VPN024 nothing follows"
		case i%4 == 0:
			return fmt.Sprint("aovpnlint:ignore VPN024 lab route ", i)
		case i%4 == 1:
			return fmt.Sprint("aovpnlint:ignore VPN023 lab route ", i)
		case i%4 == 2:
			return "aovpnlint:ignore VPN024"
		}
		return "a comment"
	})
	if err != nil {
		t.Fatal(err)
	}
	base := func() error {
		if out := config.Apply(nil, map[string]*input.Places{"hostile.xml": plain.Places(true)}, findings); len(out) != n-1 {
			return fmt.Errorf("kept %d of %d findings with plain comments", len(out), n-1)
		}
		return nil
	}
	atMost(t, 10, base, func() error {
		out := config.Apply(nil, map[string]*input.Places{"hostile.xml": hostile.Places(true)}, findings)
		quarter := (n - 1 + 3) / 4 // i%4 == 0 for i < n-1
		want := map[string]int{
			"VPN024 warning": n - 1 - quarter,
			// i%4 == 1 and the last comment (unused), i%4 == 2 (no reason)
			"IN008": (n-1+2)/4 + 1,
			"IN010": (n - 1 + 1) / 4,
		}
		if got := count(out); fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("findings %v, want %v", got, want)
		}
		for _, f := range out {
			if f.Omitted > 0 {
				continue // the summary of the IN008 findings past lint.MaxPerRule
			}
			var ok bool
			switch f.Rule.ID + " " + f.Severity.String() {
			case "VPN024 warning": // on the element
				ok = (f.Pos.Line-3)/2%4 != 0
			case "IN010 warning": // on the comment
				ok = (f.Pos.Line-2)/2%4 == 2
			case "IN008 info":
				ok = (f.Pos.Line-2)/2%4 == 1 || f.Pos.Line == 2*n
			}
			if !ok {
				return fmt.Errorf("unexpected: %s", f)
			}
		}
		return nil
	})
}

// TestPathSuppression applies one path: suppression to 100,000 findings
// in a profile of 100,000 elements, and checks the result and that it
// takes at most 10 times as long as with no configuration (before issue
// 9, each finding scanned every element for its path).
func TestPathSuppression(t *testing.T) {
	skipShort(t)
	const elements = 100_000
	vpn024 := ruleByID(t, "VPN024")
	c, err := config.Parse("c.yaml", []byte("suppress:\n  - rule: VPN024\n    path: VPNProfile/Route\n    reason: lab\n"), aovpnlint.Rules())
	if err != nil {
		t.Fatal(err)
	}
	// Line 2+i holds item i: a Route with an Address (two elements), or a
	// DomainNameInformation. A finding on the Address or the
	// DomainNameInformation, and one in a file without places.
	var b strings.Builder
	b.WriteString("<VPNProfile>\n")
	var findings []lint.Finding
	items := (elements - 1) * 2 / 3
	for i := range items {
		if i%2 == 0 {
			fmt.Fprintf(&b, "  <Route><Address>10.0.%d.%d</Address></Route>\n", i/256%256, i%256)
			findings = append(findings, lint.Finding{Rule: vpn024, Pos: lint.Pos{File: "hostile.xml", Line: 2 + i, Col: 10}})
		} else {
			fmt.Fprintf(&b, "  <DomainNameInformation>%d</DomainNameInformation>\n", i)
			findings = append(findings, lint.Finding{Rule: vpn024, Pos: lint.Pos{File: "hostile.xml", Line: 2 + i, Col: 3}})
		}
	}
	b.WriteString("</VPNProfile>\n")
	findings = append(findings, lint.Finding{Rule: vpn024, Pos: lint.Pos{File: "elsewhere.xml", Line: 2, Col: 10}})
	f := input.Read("hostile.xml", []byte(b.String()), input.Limits{})
	if len(f.Docs) != 1 || f.Docs[0].XML == nil {
		t.Fatalf("the profile of %d elements was not parsed: %v", elements, f.Problems)
	}
	// The places are made once: TestPlacesLinear in package input
	// measures them.
	places := map[string]*input.Places{"hostile.xml": f.Places(true)}
	base := func() error {
		if out := config.Apply(nil, places, findings); len(out) != len(findings) {
			return fmt.Errorf("kept %d of %d findings without configuration", len(out), len(findings))
		}
		return nil
	}
	atMost(t, 10, base, func() error {
		out := config.Apply(c, places, findings)
		if len(out) != items/2+1 {
			return fmt.Errorf("kept %d findings, want %d", len(out), items/2+1)
		}
		for _, f := range out {
			if f.Rule.ID != "VPN024" || f.Pos.File == "hostile.xml" && f.Pos.Col != 3 {
				return fmt.Errorf("kept %s", f)
			}
		}
		return nil
	})
}

// manySuppressions returns a configuration of k suppressions of the given
// rules in turn, each for its own file (site-0.xml, site-1.xml, ...), so
// that they match nothing in hostile.xml, and one of VPN024 in
// hostile.xml, first.
func manySuppressions(t testing.TB, k int, ids []string) *config.Config {
	var b strings.Builder
	b.WriteString("suppress:\n  - {rule: VPN024, files: hostile.xml, reason: lab}\n")
	for j := range k {
		fmt.Fprintf(&b, "  - {rule: %s, files: site-%d.xml, reason: r}\n", ids[j%len(ids)], j)
	}
	c, err := config.Parse("c.yaml", []byte(b.String()), aovpnlint.Rules())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestManySuppressions applies 5,000 suppressions of the rules found to
// 100,000 findings, and checks the result and that it takes at most 10
// times as long as one suppression (before issue 9, each finding was
// matched with every suppression of its rule, glob by glob).
func TestManySuppressions(t *testing.T) {
	skipShort(t)
	const n, k = 100_000, 5_000
	ids := []string{"VPN024", "VPN023", "VPN012", "VPN021"}
	var rules []*lint.Rule
	for _, id := range ids {
		rules = append(rules, ruleByID(t, id))
	}
	var findings []lint.Finding
	for i := range n {
		findings = append(findings, lint.Finding{Rule: rules[i%len(rules)], Severity: lint.Warning, Pos: lint.Pos{File: "hostile.xml", Line: 1 + i, Col: 1}})
	}
	apply := func(k int) func() error {
		c := manySuppressions(t, k, ids)
		return func() error {
			out := config.Apply(c, nil, findings)
			want := map[string]int{"VPN012 warning": n / 4, "VPN021 warning": n / 4, "VPN023 warning": n / 4}
			if k > 0 {
				want["IN008"] = k
			}
			if got := count(out); fmt.Sprint(got) != fmt.Sprint(want) {
				return fmt.Errorf("%d suppressions: kept %v, want %v", k, got, want)
			}
			for _, f := range out {
				if f.Rule.ID == "IN008" && f.Pos.Line < 3 {
					return fmt.Errorf("%d suppressions: the used suppression was reported: %s", k, f)
				}
			}
			return nil
		}
	}
	atMost(t, 10, apply(0), apply(k))
}

// BenchmarkApply applies, to n findings of four rules in 10 files, n/100
// suppressions of those rules (one in ten for an element path) and an
// inline suppression before every fourth of the n elements.
func BenchmarkApply(b *testing.B) {
	ids := []string{"VPN024", "VPN023", "VPN012", "VPN021"}
	var rules []*lint.Rule
	for _, id := range ids {
		rules = append(rules, ruleByID(b, id))
	}
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprint("findings=", n), func(b *testing.B) {
			var text strings.Builder
			text.WriteString("suppress:\n")
			for j := range n / 100 {
				fmt.Fprintf(&text, "  - {rule: %s, files: [\"vpn/f%d.xml\", \"site-%d/*.xml\"], reason: r}\n", ids[j%len(ids)], j%10, j)
				if j%10 == 0 {
					fmt.Fprintf(&text, "  - {rule: %s, path: VPNProfile/Route, reason: r}\n", ids[j%len(ids)])
				}
			}
			c, err := config.Parse("c.yaml", []byte(text.String()), aovpnlint.Rules())
			if err != nil {
				b.Fatal(err)
			}
			places := map[string]*input.Places{}
			var findings []lint.Finding
			per := n / 10
			for file := range 10 {
				name := fmt.Sprintf("vpn/f%d.xml", file)
				var p strings.Builder
				p.WriteString("<VPNProfile>\n")
				for i := range per {
					if i%4 == 0 {
						fmt.Fprintf(&p, "  <!-- aovpnlint:ignore %s lab -->\n", ids[i%len(ids)])
					} else {
						p.WriteString("  <!-- -->\n")
					}
					fmt.Fprintf(&p, "  <Route>%d</Route>\n", i)
					findings = append(findings, lint.Finding{Rule: rules[i/2%len(rules)], Pos: lint.Pos{File: name, Line: 3 + 2*i, Col: 3}})
				}
				p.WriteString("</VPNProfile>\n")
				places[name] = input.Read(name, []byte(p.String()), input.Limits{}).Places(true)
			}
			b.ResetTimer()
			for b.Loop() {
				config.Apply(c, places, findings)
			}
		})
	}
}

// TestPathSuppressionLongNames applies a path suppression to 2,000
// findings inside an element whose name is a megabyte long: only a prefix
// of each element path as long as the suppression's is made, so the work
// does not grow with the name (a whole path per finding allocated 2 GB).
func TestPathSuppressionLongNames(t *testing.T) {
	long := "L" + strings.Repeat("x", 1<<20)
	var b strings.Builder
	b.WriteString("<VPNProfile><" + long + ">")
	for range 2000 {
		b.WriteString("<Route/>")
	}
	b.WriteString("</" + long + "><NativeProfile><Route/></NativeProfile></VPNProfile>")
	f := input.Read("long.xml", []byte(b.String()), input.Limits{})
	if len(f.Docs) != 1 || f.Docs[0].XML == nil {
		t.Fatalf("not parsed: %v", f.Problems)
	}
	rule := ruleByID(t, "VPN003")
	var findings []lint.Finding
	for _, e := range f.Docs[0].XML.Elements() {
		if e.Name == "Route" {
			findings = append(findings, lint.Finding{Rule: rule, Severity: lint.Warning, Message: "m", Pos: e.Start})
		}
	}
	c, err := config.Parse("c.yaml", []byte("suppress:\n  - rule: VPN003\n    path: VPNProfile/NativeProfile\n    reason: the route is for the lab\n"), aovpnlint.Rules())
	if err != nil {
		t.Fatal(err)
	}
	places := map[string]*input.Places{"long.xml": f.Places(true)}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	out := config.Apply(c, places, findings)
	runtime.ReadMemStats(&after)
	if len(out) != 2000 {
		t.Errorf("%d findings kept, want the 2,000 outside NativeProfile", len(out))
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("applying the suppression allocated %d MiB for 2,001 findings", alloc>>20)
	}
}
