package config_test

import (
	"fmt"
	"testing"

	"github.com/aovpnlint/aovpnlint/config"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/lint"
)

// TestKeepSuppressed checks that an applier asked to keep suppressed
// findings keeps each with the suppression that accepted it: the
// innermost inline suppression of its rule around it (an outer one for a
// finding outside the inner element), the configuration entry otherwise;
// and that one not asked drops them, as before.
func TestKeepSuppressed(t *testing.T) {
	vpn024, vpn012 := ruleByID(t, "VPN024"), ruleByID(t, "VPN012")
	profile := `<VPNProfile>
  <!-- aovpnlint:ignore VPN024 outer reason -->
  <A>
    <!-- aovpnlint:ignore VPN024 inner reason -->
    <B>x</B>
    <C>y</C>
  </A>
  <D>z</D>
</VPNProfile>
`
	f := input.Read("p.xml", []byte(profile), input.Limits{})
	at := func(r *lint.Rule, line int) lint.Finding {
		return lint.Finding{Rule: r, Severity: r.Severity, Message: "m", Pos: lint.Pos{File: "p.xml", Line: line, Col: 5}}
	}
	findings := []lint.Finding{at(vpn024, 5), at(vpn024, 6), at(vpn024, 8), at(vpn012, 5)}
	c, err := config.Parse("c.yaml", []byte("suppress:\n  - rule: VPN012\n    reason: config reason\n"), []*lint.Rule{vpn024, vpn012})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"VPN024 5 inline inner reason at p.xml:4:5",
		"VPN024 6 inline outer reason at p.xml:2:3",
		"VPN024 8 not suppressed",
		"VPN012 5 config config reason at c.yaml:2:5",
	}
	a := config.NewApplier(c)
	a.KeepSuppressed = true
	out := a.File("p.xml", f.Places(false), findings)
	got := map[string]bool{}
	for _, g := range out {
		s := fmt.Sprintf("%s %d not suppressed", g.Rule.ID, g.Pos.Line)
		if p := g.Suppressed; p != nil {
			kind := "config"
			if p.InSource {
				kind = "inline"
			}
			s = fmt.Sprintf("%s %d %s %s at %s", g.Rule.ID, g.Pos.Line, kind, p.Reason, p.Pos)
		}
		got[s] = true
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("missing %q in %v", w, got)
		}
	}
	if len(out) != len(findings) {
		t.Errorf("%d findings kept, want all %d", len(out), len(findings))
	}
	dropped := config.NewApplier(c).File("p.xml", f.Places(false), findings)
	if len(dropped) != 1 || dropped[0].Pos.Line != 8 || dropped[0].Suppressed != nil {
		t.Errorf("without KeepSuppressed: %v", dropped)
	}
}

// TestKeepSuppressedLinear keeps 100,000 findings, each accepted by the
// inline suppression before its element, and checks that each gets its
// own suppression's reason in at most 10 times the time of dropping them
// (finding the suppression walks up the nesting, never along the
// suppressions).
func TestKeepSuppressedLinear(t *testing.T) {
	skipShort(t)
	const n = 100_000
	vpn024 := ruleByID(t, "VPN024")
	f, findings, err := hostileProfile(n, vpn024, func(i int) string { return fmt.Sprint("aovpnlint:ignore VPN024 lab route ", i) })
	if err != nil {
		t.Fatal(err)
	}
	places := f.Places(false)
	atMost(t, 10, func() error {
		if out := config.NewApplier(nil).File("hostile.xml", places, findings); len(out) != 1 { // the unused last comment
			return fmt.Errorf("%d findings left, want 1", len(out))
		}
		return nil
	}, func() error {
		a := config.NewApplier(nil)
		a.KeepSuppressed = true
		out := a.File("hostile.xml", places, findings)
		for _, g := range out {
			if g.Rule.ID == "IN008" {
				continue
			}
			i := (g.Pos.Line - 3) / 2
			if g.Suppressed == nil || g.Suppressed.Reason != fmt.Sprint("lab route ", i) || !g.Suppressed.InSource {
				return fmt.Errorf("%s: suppressed by %+v, want lab route %d", g.Pos, g.Suppressed, i)
			}
		}
		if len(out) != n {
			return fmt.Errorf("%d findings, want %d", len(out), n)
		}
		return nil
	})
}
