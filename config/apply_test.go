package config_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/config"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/lint"
)

// ruleByID returns the known rule id.
func ruleByID(t testing.TB, id string) *lint.Rule {
	t.Helper()
	for _, r := range aovpnlint.Rules() {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no rule %s", id)
	return nil
}

// TestGlobLimits checks that a glob that would make the matcher take
// exponential time, or too long, is refused at its line and column, and
// that the globs people write still match. Before issue 9, {*,} thirty
// times was accepted; it matches any name at once, but followed by .yaml
// it matches no profile, and finding that out tried 2^30 patterns.
func TestGlobLimits(t *testing.T) {
	for _, bomb := range []string{strings.Repeat("{*,}", 30), strings.Repeat("{*,}", 30) + ".yaml"} {
		text := "suppress:\n  - rule: VPN024\n    reason: the lab gateway\n    files: [\"" + bomb + "\"]\n"
		var err error
		watchdog(t, time.Minute, "Parse and Apply of "+bomb, func() {
			var c *config.Config
			if c, err = config.Parse(".aovpnlint.yaml", []byte(text), aovpnlint.Rules()); err == nil {
				// What Parse let through must not hang Apply either.
				config.Apply(c, nil, []lint.Finding{{Rule: ruleByID(t, "VPN024"), Pos: lint.Pos{File: "profiles/vpn.xml", Line: 1, Col: 1}}})
			}
		})
		want := fmt.Sprintf(".aovpnlint.yaml:4:13: files: the glob %q stands for more than 64 patterns once its braces are expanded; expected at most 64", bomb[:57]+"...")
		if err == nil || err.Error() != want {
			t.Errorf("a glob of 2^30 patterns (%d bytes of configuration):\n got %v\nwant %s", len(text), err, want)
		}
		watchdog(t, time.Minute, "Matches with "+bomb, func() {
			if (config.Suppression{Rule: "VPN024", Files: []string{bomb}}).Matches("profiles/vpn.xml", "") {
				t.Errorf("%s, over the limits, matched", bomb)
			}
		})
	}

	cases := []struct {
		glob string
		want string // "" when accepted
	}{
		{"profiles/**/*.xml", ""},
		{"{user,device}-*.xml", ""},
		{"{a,b}/{c,d,e}/*.xml", ""},
		{"{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}", ""},                  // 64
		{"{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}", "more than 64"}, // 128
		{"{" + strings.Repeat("a,", 63) + "a}", ""},             // 64
		{"{" + strings.Repeat("a,", 64) + "a}", "more than 64"}, // 65
		{"{a,{b,{c,d}}}" + strings.Repeat("{x,y}", 4), ""},      // 4 * 16
		{"{a,{b,{c,d,e}}}" + strings.Repeat("{x,y}", 4), "more than 64"},
		{`\{a,b\}` + strings.Repeat("{x,y}", 6), ""}, // escaped braces are letters
		{"[{,]" + strings.Repeat("{x,y}", 6), ""},    // so are braces in a class
		{strings.Repeat("*", 256), ""},
		{strings.Repeat("*", 257), "the glob is 257 bytes long; expected at most 256"},
	}
	for _, tc := range cases {
		text := "suppress:\n  - rule: VPN024\n    reason: lab\n    files: '" + tc.glob + "'\n"
		_, err := config.Parse("c.yaml", []byte(text), aovpnlint.Rules())
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v; want it accepted", tc.glob, err)
		case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), "c.yaml:4:12: files: ") || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %v; want c.yaml:4:12: files: ...%s", tc.glob, err, tc.want)
		}
	}

	// The sum over distinct globs of length times alternatives is bounded;
	// the same glob again costs nothing.
	var b strings.Builder
	b.WriteString("suppress:\n")
	work := 2 * len("same/{a,b}*.xml")
	for i := 0; ; i++ {
		fmt.Fprintf(&b, "  - rule: VPN024\n    reason: lab\n    files: [\"same/{a,b}*.xml\", \"%04d/{a,b,c,d}*.xml\"]\n", i)
		if work += 4 * len("0000/{a,b,c,d}*.xml"); work > config.MaxGlobWork {
			want := fmt.Sprintf("c.yaml:%d:32: files: the globs of the configuration add up to more than %d", 3*i+4, config.MaxGlobWork)
			if _, err := config.Parse("c.yaml", []byte(b.String()), aovpnlint.Rules()); err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("%d distinct globs: %v; want %s", i+1, err, want)
			}
			break
		}
	}

	// Globs people write, through Apply.
	c, err := config.Parse("c.yaml", []byte(`suppress:
  - {rule: VPN024, reason: a, files: "profiles/**/*.xml"}
  - {rule: VPN023, reason: b, files: "{user,device}-*.xml"}
  - {rule: VPN012, reason: c, files: ["vpn/*.xml", "[xy].xml"]}
`), aovpnlint.Rules())
	if err != nil {
		t.Fatal(err)
	}
	var findings []lint.Finding
	for _, id := range []string{"VPN024", "VPN023", "VPN012"} {
		for _, file := range []string{"profiles/a.xml", "profiles/x/y/b.xml", "profiles.xml", "site/user-1.xml", "device-2.xml", "other-3.xml", "vpn/c.xml", `vpn\d.xml`, "vpn/sub/e.xml", "x.xml", "z.xml"} {
			findings = append(findings, lint.Finding{Rule: ruleByID(t, id), Pos: lint.Pos{File: file, Line: 1, Col: 1}})
		}
	}
	var kept []string
	for _, f := range config.Apply(c, nil, findings) {
		kept = append(kept, f.Rule.ID+" "+f.Pos.File)
	}
	suppressed := map[string]bool{
		"VPN024 profiles/a.xml": true, "VPN024 profiles/x/y/b.xml": true,
		"VPN023 site/user-1.xml": true, "VPN023 device-2.xml": true,
		"VPN012 vpn/c.xml": true, "VPN012 x.xml": true,
	}
	if len(kept) != len(findings)-len(suppressed) {
		t.Errorf("kept %d of %d findings, want %d: %q", len(kept), len(findings), len(findings)-len(suppressed), kept)
	}
	for _, k := range kept {
		if suppressed[k] {
			t.Errorf("%s was not suppressed", k)
		}
	}
}

// oldApply is Apply as it was before issue 9: every finding compared with
// every inline suppression and every suppression of the configuration. It
// is the reference Apply must agree with.
func oldApply(c *config.Config, places map[string]*input.Places, findings []lint.Finding) []lint.Finding {
	type inline struct {
		input.Ignore
		used bool
	}
	var inlines []*inline
	names := make([]string, 0, len(places))
	for name := range places {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		for _, ig := range places[name].Ignores {
			inlines = append(inlines, &inline{Ignore: ig})
		}
	}
	used := make([]bool, len(c.Suppress))
	var out []lint.Finding
	rep, unreasoned := lint.NewReporter(config.Rules()[0], &out), lint.NewReporter(config.Rules()[1], &out)
	for _, f := range findings {
		id := f.Rule.ID
		if c.Disabled[id] {
			continue
		}
		suppressed := false
		for _, ig := range inlines {
			if ig.Reason != "" && slices.Contains(ig.Rules, id) && ig.Pos.File == f.Pos.File && ig.Covers(f.Pos) {
				ig.used, suppressed = true, true
			}
		}
		for i, s := range c.Suppress {
			if s.Rule != id {
				continue
			}
			elementPath := ""
			if pl := places[f.Pos.File]; s.Path != "" && pl != nil {
				elementPath = pl.ElementPath(f.Pos)
			}
			if s.Matches(f.Pos.File, elementPath) {
				used[i], suppressed = true, true
			}
		}
		if suppressed {
			continue
		}
		if sev, ok := c.Severity[id]; ok {
			f.Severity = sev
		}
		out = append(out, f)
	}
	for i, s := range c.Suppress {
		if !used[i] {
			rep.Reportf(s.Pos, "the suppression of %s (%s) matches no finding; expected it to match one, or to be removed", s.Rule, s.Reason)
		}
	}
	for _, ig := range inlines {
		switch {
		case ig.Reason == "":
			unreasoned.Reportf(ig.Pos, "the inline suppression of %s has no reason, so it is not applied; expected <!-- %s %s why the risk is accepted -->", strings.Join(ig.Rules, ","), input.IgnorePrefix, strings.Join(ig.Rules, ","))
		case !ig.used:
			rep.Reportf(ig.Pos, "the inline suppression of %s matches no finding in the element that follows it; expected it to match one, or to be removed", strings.Join(ig.Rules, ","))
		}
	}
	rep.Done()
	unreasoned.Done()
	lint.Sort(out)
	return out
}

// randomProfile writes a profile of nested elements with inline
// suppressions of the rules before some of them, some without a reason,
// some on the line of the element before, some with nothing after them.
func randomProfile(r *rand.Rand, rules []string) string {
	names := []string{"NativeProfile", "Route", "Address", "Servers", "TrafficFilter", "Authentication"}
	var b strings.Builder
	var write func(depth int)
	write = func(depth int) {
		for n := r.IntN(4); n > 0; n-- {
			if r.IntN(3) == 0 {
				b.WriteString("<!-- aovpnlint:ignore " + rules[r.IntN(len(rules))])
				if r.IntN(3) == 0 {
					b.WriteString("," + rules[r.IntN(len(rules))])
				}
				if r.IntN(4) != 0 {
					b.WriteString(" a reason")
				}
				b.WriteString(" -->")
			}
			if r.IntN(2) == 0 {
				b.WriteString("\n" + strings.Repeat("  ", depth))
			}
			name := names[r.IntN(len(names))]
			switch {
			case depth > 3 || r.IntN(4) == 0:
				b.WriteString("<" + name + "/>")
			default:
				b.WriteString("<" + name + ">text")
				write(depth + 1)
				b.WriteString("</" + name + ">")
			}
		}
	}
	b.WriteString("<VPNProfile>")
	write(1)
	b.WriteString("\n</VPNProfile>\n<!-- aovpnlint:ignore " + rules[0] + " trailing -->\n")
	return b.String()
}

// TestApplyAgreesWithScan compares Apply with oldApply on random
// profiles, findings and configurations: the same findings, in the same
// order, with the same IN008 findings.
func TestApplyAgreesWithScan(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	ids := []string{"VPN012", "VPN021", "VPN023", "VPN024"}
	globs := []string{"vpn/*.xml", "**/*.xml", "{user,device}-*.xml", "b.xml", "nomatch/*.xml", "*"}
	paths := []string{"", "", "VPNProfile", "VPNProfile/Route", "VPNProfile/Route/Address", "VPNProfile/NativeProfile", "Route", "VPNProfile/Route/Route"}
	files := []string{"vpn/a.xml", "vpn/sub/b.xml", "user-c.xml", "device-d.xml"}
	compared := 0
	for round := range 300 {
		places := map[string]*input.Places{}
		lines := map[string]int{}
		for _, name := range files[:1+r.IntN(len(files))] {
			text := randomProfile(r, ids)
			places[name] = input.Read(name, []byte(text), input.Limits{}).Places(true)
			lines[name] = strings.Count(text, "\n") + 1
		}
		var text strings.Builder
		text.WriteString("severity: {VPN021: error}\ndisable: [" + ids[r.IntN(len(ids))] + "]\nsuppress:")
		if r.IntN(6) == 0 {
			text.WriteString(" []")
		}
		text.WriteString("\n")
		for i := 1 + r.IntN(5); i > 0 && !strings.HasSuffix(text.String(), "[]\n"); i-- {
			fmt.Fprintf(&text, "  - rule: %s\n    reason: r%d\n", ids[r.IntN(len(ids))], i)
			if r.IntN(2) == 0 {
				fmt.Fprintf(&text, "    files: [%q, %q]\n", globs[r.IntN(len(globs))], globs[r.IntN(len(globs))])
			}
			if p := paths[r.IntN(len(paths))]; p != "" {
				fmt.Fprintf(&text, "    path: %s\n", p)
			}
		}
		c, err := config.Parse("c.yaml", []byte(text.String()), aovpnlint.Rules())
		if err != nil {
			t.Fatal(err)
		}
		var findings []lint.Finding
		for i := r.IntN(40); i > 0; i-- {
			file := files[r.IntN(len(files))]
			line := 1 + r.IntN(max(lines[file], 3))
			findings = append(findings, lint.Finding{Rule: ruleByID(t, ids[r.IntN(len(ids))]), Severity: lint.Warning,
				Pos: lint.Pos{File: file, Line: line, Col: 1 + r.IntN(30)}, Message: fmt.Sprint("finding ", i)})
		}
		got, want := config.Apply(c, places, slices.Clone(findings)), oldApply(c, places, slices.Clone(findings))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d, configuration:\n%s\nApply:\n%s\nthe scan:\n%s", round, text.String(), show(got), show(want))
		}
		compared += len(got)
	}
	t.Logf("%d findings compared", compared)
}

func show(fs []lint.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s\n", f)
	}
	return b.String()
}
