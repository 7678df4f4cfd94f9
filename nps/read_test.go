package nps_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/nps"
)

// samplesDir holds the real exports of /work/shared/samples, beside the
// repository; a clone elsewhere does not have it.
const samplesDir = "../../shared/samples/nps"

func samples(t *testing.T) []string {
	files, _ := filepath.Glob(filepath.Join(samplesDir, "*.xml"))
	if len(files) == 0 {
		t.Skipf("no samples in %s", samplesDir)
	}
	return files
}

// at returns the text of data at a position (line and byte column), for
// checking that a position points where it should.
func at(data []byte, p lint.Pos) string {
	lines := bytes.Split(data, []byte("\n"))
	if p.Line < 1 || p.Line > len(lines) || p.Col < 1 || p.Col > len(lines[p.Line-1]) {
		return ""
	}
	return string(lines[p.Line-1][p.Col-1:])
}

// TestSamples reads the three real exports: none has a VPN policy, each
// says so (NPS010) and nothing else goes wrong in reading them; the PEAP
// settings of the minyugu export decode to the thumbprint and inner method
// the reference lists, at the right place in the file.
func TestSamples(t *testing.T) {
	for _, path := range samples(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		e, fs := check(t, path, data)
		ids := map[string]int{}
		for _, f := range fs {
			ids[f.Rule.ID]++
		}
		if ids["NPS010"] != 1 || ids["NPS003"] != 0 || ids["NPS004"] != 0 {
			t.Errorf("%s: findings %v; want one NPS010 and no NPS003 or NPS004", filepath.Base(path), fs)
		}
		if len(e.NetworkPolicies) == 0 || len(e.RequestPolicies) == 0 {
			t.Errorf("%s: %d network and %d connection request policies read; want some of each", filepath.Base(path), len(e.NetworkPolicies), len(e.RequestPolicies))
		}
		for _, pol := range e.NetworkPolicies {
			if pol.Profile == nil {
				t.Errorf("%s: network policy %q has no profile", filepath.Base(path), pol.Name.Value)
			}
		}
		if !strings.Contains(path, "minyugu") {
			continue
		}
		blobs := 0
		for _, pol := range e.NetworkPolicies {
			for _, c := range pol.Profile.EAPConfigs {
				blobs++
				if !c.Understood || c.Type != nps.EAPPEAP || c.Thumbprint.Hex != "2c6309139f605edd59adf035b1fff11ee18df5ac" ||
					len(c.Inner) != 1 || c.Inner[0].Type != nps.EAPMSCHAPv2 || c.Flags != 1 {
					t.Errorf("minyugu %q: decoded %+v; want PEAP, thumbprint 2c63...f5ac, inner EAP-MSCHAPv2, flags 1", pol.Name.Value, c)
				}
				if got := at(data, c.Thumbprint.Pos); !strings.HasPrefix(got, "2c6309139f605edd59adf035b1fff11ee18df5ac") {
					t.Errorf("minyugu %q: the thumbprint's position %s points at %.20q", pol.Name.Value, c.Thumbprint.Pos, got)
				}
				if got := at(data, c.Inner[0].Pos); !strings.HasPrefix(got, "1a000000") {
					t.Errorf("minyugu %q: the inner method's position %s points at %.20q", pol.Name.Value, c.Inner[0].Pos, got)
				}
			}
		}
		if blobs != 6 {
			t.Errorf("minyugu: %d msEAPConfiguration values read; want 6", blobs)
		}
	}
}

// TestSampleBlobs decodes each real msEAPConfiguration of
// eap-blobs.tsv (placeholders left out) and compares it with the columns
// the reference wrote by hand.
func TestSampleBlobs(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(samplesDir, "eap-blobs.tsv"))
	if err != nil {
		t.Skip(err)
	}
	rows := 0
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 4 || f[0] == "blob_hex" || strings.Contains(f[0], "<") {
			continue
		}
		rows++
		x := genExport([]genPolicy{{name: "P", order: 1, conds: []string{`MATCH("NAS-Port-Type=^5$")`}, allow: "1", auth: []int{5},
			eap: []string{allowedType(25)}, configs: []string{f[0]}}}, 0, "")
		e, _ := check(t, "blob.xml", x)
		c := e.NetworkPolicies[0].Profile.EAPConfigs[0]
		var inner []string
		for _, in := range c.Inner {
			inner = append(inner, fmt.Sprintf("%d (%s)", in.Type, nps.EAPName(in.Type)))
		}
		outer := fmt.Sprintf("%d (%s)", c.Type, nps.EAPName(c.Type))
		if !c.Understood || outer != f[1] || strings.Join(inner, ", ") != f[2] || c.Thumbprint.Hex != f[3] {
			t.Errorf("blob %s...: decoded %s, inner %q, thumbprint %s; the reference says %s, %s, %s", f[0][:32], outer, inner, c.Thumbprint.Hex, f[1], f[2], f[3])
		}
	}
	if rows == 0 {
		t.Error("eap-blobs.tsv holds no real blob")
	}
}

const (
	thumbA = "3f1b2c9d8e7a6f5041322314059687a8b9cadbec"
	thumbB = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"
)

// TestQueries checks what the cross-checks read: the VPN policies in
// evaluation order, their methods, inner methods, thumbprints and
// certificate purposes.
func TestQueries(t *testing.T) {
	data, err := os.ReadFile("testdata/ok_vpn.xml")
	if err != nil {
		t.Fatal(err)
	}
	e, _ := check(t, "ok_vpn.xml", data)
	var names []string
	for _, pol := range e.VPNPolicies() {
		names = append(names, pol.Name.Value)
	}
	if want := []string{"AOVPN certificates", "AOVPN passwords"}; !slices.Equal(names, want) {
		t.Fatalf("VPN policies %q; want %q", names, want)
	}
	var order []string
	for _, pol := range e.EvaluationOrder(nps.Network) {
		order = append(order, pol.Name.Value)
	}
	if want := []string{"AOVPN certificates", "AOVPN passwords", "Connections to Microsoft Routing and Remote Access server", "Connections to other access servers"}; !slices.Equal(order, want) {
		t.Errorf("evaluation order %q; want %q", order, want)
	}
	certs, passwords := e.VPNPolicies()[0], e.VPNPolicies()[1]
	ms := certs.Methods()
	if len(ms) != 2 || ms[0].Type != nps.EAPTLS || ms[0].Config == nil || !ms[0].Config.Understood ||
		ms[1].Type != nps.EAPPEAP || !ms[1].InnerKnown || len(ms[1].Inner) != 1 || ms[1].Inner[0].Type != nps.EAPTLS {
		t.Errorf("methods of %q: %+v; want EAP-TLS with its settings, then PEAP with inner EAP-TLS", certs.Name.Value, ms)
	}
	if tp := certs.Thumbprints(); len(tp) != 1 || tp[0].Hex != thumbA || at(data, tp[0].Pos)[:40] != thumbA {
		t.Errorf("thumbprints of %q: %+v; want %s once, at its place in the file", certs.Name.Value, tp, thumbA)
	}
	if !certs.ForCertificates() || certs.RestrictsCertificates() || !certs.AllowsInner(nps.EAPTLS) || certs.AllowsInner(nps.EAPMSCHAPv2) {
		t.Errorf("%q: ForCertificates %v, RestrictsCertificates %v; want a certificate policy without purpose OIDs", certs.Name.Value, certs.ForCertificates(), certs.RestrictsCertificates())
	}
	if ms := passwords.Methods(); len(ms) != 1 || !passwords.AllowsInner(nps.EAPMSCHAPv2) || passwords.ForCertificates() {
		t.Errorf("methods of %q: %+v; want PEAP with inner EAP-MSCHAPv2 only", passwords.Name.Value, ms)
	}
	if e.Shadow(certs) != nil || e.Shadow(passwords) != nil {
		t.Errorf("the VPN policies are shadowed by %v and %v; want neither", e.Shadow(certs), e.Shadow(passwords))
	}
	if len(e.Clients) != 1 || e.Clients[0].Address.Value != "10.0.0.5" || !e.Clients[0].Secret.Present || e.Clients[0].Secret.Empty {
		t.Errorf("clients %+v; want RRAS01 at 10.0.0.5 with a secret", e.Clients)
	}
}

// TestCertificateOIDs checks the two ways an Allowed-Certificate-OID is
// found: by its value under an unknown name (reported), and under a name
// given in Options (not reported).
func TestCertificateOIDs(t *testing.T) {
	data, err := os.ReadFile("testdata/nps043_password.xml")
	if err != nil {
		t.Fatal(err)
	}
	oidProblems := func(e *nps.Export) int {
		n := 0
		for _, p := range e.Problems {
			if strings.Contains(p.Message, "Allowed-Certificate-OID") {
				n++
			}
		}
		return n
	}
	x := parse(t, "nps043_password.xml", data)
	for _, tc := range []struct {
		opts      nps.Options
		nameKnown bool
		problems  int
	}{{nps.Options{}, false, 1}, {nps.Options{CertificateOIDElements: []string{"msAllowedCertificateOID"}}, true, 0}} {
		e := nps.ParseWith(x, tc.opts)
		pol := e.VPNPolicies()[1]
		oids := pol.CertificateOIDs()
		if len(oids) != 1 || oids[0].OID != "1.3.6.1.4.1.311.87" || oids[0].NameKnown != tc.nameKnown || !pol.RestrictsCertificates() {
			t.Errorf("options %+v: OIDs %+v; want 1.3.6.1.4.1.311.87 with NameKnown %v", tc.opts, oids, tc.nameKnown)
		}
		if n := oidProblems(e); n != tc.problems {
			t.Errorf("options %+v: %d problems about Allowed-Certificate-OID; want %d", tc.opts, n, tc.problems)
		}
	}
	bad := nps.ParseWith(x, nps.Options{CertificateOIDElements: []string{"msNPAction"}})
	if n := len(bad.Problems) - len(nps.Parse(x).Problems); n != 0 {
		// msNPAction is a policy property, not a profile one: nothing changes.
		t.Errorf("naming a policy property adds %d problems; want none", n)
	}
}

// TestUTF16 reads fixtures encoded as UTF-16 (with and without BOM, both
// byte orders where input accepts them): the findings are the same, at the
// same lines and columns of the decoded text.
func TestUTF16(t *testing.T) {
	for _, name := range []string{"ok_vpn.xml", "nps011_builtin.xml", "nps003_blobs.xml"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		want := findingStrings(lintFile(name, data))
		for _, enc := range []struct {
			name string
			b    []byte
		}{{"UTF-16 LE with BOM", utf16(data, false, true)}, {"UTF-16 BE with BOM", utf16(data, true, true)}, {"UTF-16 LE without BOM", utf16(data, false, false)}} {
			if got := findingStrings(lintFile(name, enc.b)); !slices.Equal(got, want) {
				t.Errorf("%s in %s: findings\n%s\nwant\n%s", name, enc.name, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
	}
}

func findingStrings(fs []lint.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.String())
	}
	return out
}

// utf16 encodes ASCII-and-UTF-8 text as UTF-16.
func utf16(data []byte, big, bom bool) []byte {
	var out []byte
	put := func(u uint16) {
		if big {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	if bom {
		put(0xFEFF)
	}
	for _, r := range string(data) {
		if r >= 0x10000 {
			r -= 0x10000
			put(uint16(0xD800 + r>>10))
			put(uint16(0xDC00 + r&0x3FF))
			continue
		}
		put(uint16(r))
	}
	return out
}

// TestBlobPositions reads a PEAP value written over three lines with
// indentation, as .NET re-indents ias.xml: the thumbprint and the inner
// method point at their hex digits in the file.
func TestBlobPositions(t *testing.T) {
	b := peapBlob(thumbB, innerSpec{typ: 13, settings: make([]byte, 8)}, innerSpec{typ: 26})
	split := "\n" + b[:50] + "\n\t\t\t\t" + strings.ToUpper(b[50:130]) + "\n\t\t\t\t" + b[130:] + "\n\t\t"
	data := genExport([]genPolicy{vpn("P", 1, split)}, 0, "")
	e, _ := check(t, "split.xml", data)
	c := e.NetworkPolicies[0].Profile.EAPConfigs[0]
	if !c.Understood || len(c.Inner) != 2 {
		t.Fatalf("decoded %+v; want PEAP with two inner methods", c)
	}
	if got := at(data, c.Thumbprint.Pos); !strings.HasPrefix(strings.ToLower(got), thumbB) || c.Thumbprint.Hex != thumbB {
		t.Errorf("thumbprint %s at %s points at %.40q", c.Thumbprint.Hex, c.Thumbprint.Pos, got)
	}
	for i, want := range []string{"0d000000", "1a000000"} {
		if got := at(data, c.Inner[i].Pos); !strings.HasPrefix(strings.ToLower(got), want) {
			t.Errorf("inner method %d at %s points at %.8q; want %s", i, c.Inner[i].Pos, got, want)
		}
	}
}
