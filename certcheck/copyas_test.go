package certcheck_test

import (
	"testing"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/lint"
)

// TestCopyAs checks that a bundle copied as another file's has every
// position (certificates, refused certificates, CRLs, problems, oddities)
// in the new name, except one that was in another file, and certificates
// of its own, whose roles can change without changing the original's.
func TestCopyAs(t *testing.T) {
	at := func(file string, line int) lint.Pos { return lint.Pos{File: file, Line: line, Col: 1} }
	b := &certcheck.Bundle{Name: "a.pem",
		Certs:    []*certcheck.Cert{{Source: certcheck.Source{Pos: at("a.pem", 1)}, Role: certcheck.RoleTrust}},
		Refused:  []*certcheck.Cert{{Source: certcheck.Source{Pos: at("a.pem", 9)}}},
		CRLs:     []*certcheck.CRL{{Source: certcheck.Source{Pos: at("a.pem", 20)}}},
		Problems: []certcheck.Problem{{Pos: at("a.pem", 30), Message: "p"}, {Pos: at("elsewhere.pem", 2), Message: "q"}},
		Oddities: []certcheck.Oddity{{Pos: at("a.pem", 40)}},
	}
	c := b.CopyAs("link.pem")
	c.Certs[0].Role = certcheck.RoleChain
	got := []lint.Pos{c.Certs[0].Source.Pos, c.Refused[0].Source.Pos, c.CRLs[0].Source.Pos, c.Problems[0].Pos, c.Problems[1].Pos, c.Oddities[0].Pos}
	want := []lint.Pos{at("link.pem", 1), at("link.pem", 9), at("link.pem", 20), at("link.pem", 30), at("elsewhere.pem", 2), at("link.pem", 40)}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("position %d: %v, want %v", i, got[i], want[i])
		}
	}
	if c.Name != "link.pem" || b.Name != "a.pem" || b.Certs[0].Role != certcheck.RoleTrust || b.Certs[0].Source.Pos != at("a.pem", 1) ||
		b.CRLs[0].Source.Pos != at("a.pem", 20) || b.Problems[0].Pos != at("a.pem", 30) || b.Oddities[0].Pos != at("a.pem", 40) {
		t.Errorf("the original changed: %+v", b)
	}
}
