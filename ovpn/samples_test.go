package ovpn_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/ovpn"
)

// samplesDir holds the real profiles of /work/shared/samples, beside the
// repository; a clone elsewhere does not have it.
const samplesDir = "../../shared/samples/ovpn"

func samples(t testing.TB) []string {
	files, _ := filepath.Glob(filepath.Join(samplesDir, "*.ovpn"))
	if len(files) == 0 {
		t.Skipf("no samples in %s", samplesDir)
	}
	return files
}

// sampleRules are, per sample, the rules of this package that must fire
// (section 6 of ../shared/reference/ovpn.md, and what each file shows)
// and those that must not.
var sampleRules = map[string]struct{ fire, not []string }{
	"Abhra121-v1-downloaded-client-config.ovpn":                    {fire: []string{"AWS005", "AWS001"}, not: []string{"AWS010"}},
	"AlphaDevTeam-openvpn-install-client.ovpn":                     {fire: []string{"OVPN062"}, not: []string{"OVPN066", "OVPN067", "OVPN020"}},
	"Devmawi-Azure-VNET-Gateway-Sample-vpnconfig.ovpn":             {fire: []string{"OVPN006", "OVPN020"}},
	"GabrielL92I-OpenVPNonMikrotik-client.ovpn":                    {fire: []string{"OVPN001", "OVPN006"}, not: []string{"OVPN010", "OVPN012"}},
	"Hamza-Bouali-NOSQL-PROJECT-aws-client-vpn.ovpn":               {fire: []string{"OVPN006", "OVPN020", "OVPN067"}},
	"MischaOputa-azure-point-to-site-openvpn-mikrotik-client.ovpn": {fire: []string{"OVPN006", "OVPN020"}, not: []string{"OVPN066"}},
	"Oxyaction-AWS-OpenVPN-client.ovpn":                            {fire: []string{"OVPN006", "OVPN013", "OVPN063", "OVPN065", "OVPN066"}, not: []string{"OVPN060"}},
	"OzakaMax-VPNRWBIDEV-downloaded-client-config.ovpn":            {fire: []string{"OVPN013"}, not: []string{"AWS001", "OVPN005", "AWS010"}},
	"Pilgrim-Xzed-sc-go-downloaded-client-config.ovpn":             {fire: []string{"AWS001"}},
	"ajm113-linux-aws-vpn-client-config.ovpn":                      {fire: []string{"AWS001", "AWS014", "AWS019"}, not: []string{"AWS010", "OVPN001"}},
	"cos-enohara-openvpn-downloaded-client-config.ovpn":            {not: []string{"AWS001", "AWS010"}},
	"cxc02374-SMC-downloaded-client-config.ovpn":                   {fire: []string{"AWS010", "AWS001"}, not: []string{"OVPN010"}},
	"ductran95-services-infra-downloaded-client-config.ovpn":       {fire: []string{"AWS010", "AWS001"}},
	"kasukur-clientvpn-downloaded-client-config-nv.ovpn":           {fire: []string{"OVPN020"}, not: []string{"AWS001"}},
	"kaushik-code-mack-react-downloaded-client-config.ovpn":        {fire: []string{"AWS001"}},
	"nishant1111111-cert-downloaded-client-config.ovpn":            {fire: []string{"AWS010", "AWS001"}},
	"santos-pardos-2048-downloaded-client-config.ovpn":             {fire: []string{"AWS010", "AWS001"}},
	"sawab-awsclientvpn-downloaded-client-config.ovpn":             {not: []string{"AWS001", "AWS010"}},
	"tamucybersec-CCDC-RedTeam2022-vpn.ovpn":                       {fire: []string{"OVPN063", "OVPN064"}, not: []string{"OVPN001"}},
	"wachukxs-vpn-mac-downloaded-client-config.ovpn":               {fire: []string{"OVPN041", "AWS001"}},
}

// TestSamples reads the twenty real profiles: each is recognised, read
// without a reading problem, and draws the findings the reference
// predicts for this package's rules.
func TestSamples(t *testing.T) {
	files := samples(t)
	if len(files) != len(sampleRules) {
		t.Errorf("%d samples, %d in the table", len(files), len(sampleRules))
	}
	for _, path := range files {
		name := filepath.Base(path)
		want, ok := sampleRules[name]
		if !ok {
			t.Errorf("%s is not in the table", name)
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !ovpn.Is(data) {
			t.Errorf("%s: not recognised as a profile", name)
		}
		p := parse(name, string(data))
		if len(p.Problems) > 0 {
			t.Errorf("%s: reading problems %v", name, p.Problems)
		}
		fired := map[string]bool{}
		for _, f := range ovpn.Lint(p, ovpn.Options{}) {
			fired[f.Rule.ID] = true
			if f.Pos.File != name || f.Pos.Line < 1 || f.Message == "" {
				t.Errorf("%s: finding without a place or message: %+v", name, f)
			}
		}
		for _, id := range want.fire {
			if !fired[id] {
				t.Errorf("%s: %s did not fire; fired %v", name, id, keys(fired))
			}
		}
		for _, id := range want.not {
			if fired[id] {
				t.Errorf("%s: %s fired", name, id)
			}
		}
	}
}

// TestSampleLayouts checks what the reference lists as layout facts worth
// a test: the last line of a file without a final newline is read, CRLF
// files read like LF ones, and text before the PEM inside <cert> is not a
// PEM problem.
func TestSampleLayouts(t *testing.T) {
	dir := samples(t)[0]
	dir = filepath.Dir(dir)
	read := func(name string) *ovpn.Profile {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return parse(name, string(data))
	}
	// No final newline: the last line is verify-x509-name server name.
	if d := read("Pilgrim-Xzed-sc-go-downloaded-client-config.ovpn").Last("verify-x509-name"); d == nil || len(d.Args) != 2 || d.Args[1].Value != "name" {
		t.Errorf("the last line without a newline read as %+v", d)
	}
	// CRLF, and an openssl x509 -text dump in front of the PEM in <cert>.
	p := read("Abhra121-v1-downloaded-client-config.ovpn")
	cert := p.Last("cert")
	if cert == nil || cert.Inline == nil || len(cert.Inline.PEM) != 1 || cert.Inline.PEM[0].Placeholder.Line != 0 || cert.Inline.PEM[0].Empty {
		t.Errorf("<cert> with a text dump: %+v", cert)
	}
	if d := p.Last("dev"); d == nil || d.Args[0].Value != "tap" {
		t.Errorf("CRLF: dev read as %+v", d)
	}
	if p.Key == nil || p.Key.Public == nil {
		t.Errorf("the RSA key of a CRLF file was not read: %+v", p.Key)
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.SortFunc(out, lint.CompareIDs)
	return out
}

// TestSampleSecrets checks that no finding on a sample shows a line of
// its private keys or static keys.
func TestSampleSecrets(t *testing.T) {
	for _, path := range samples(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		secrets := secretLines(string(data))
		p := parse(filepath.Base(path), string(data))
		for _, opts := range allOptions() {
			for _, f := range ovpn.Lint(p, opts) {
				for _, s := range secrets {
					if strings.Contains(findingText(f), s) {
						t.Errorf("%s: finding %s shows a line of a secret block", path, f.Rule.ID)
					}
				}
			}
		}
	}
}

// secretLines returns the data lines of a profile's <key>, <tls-auth>,
// <tls-crypt>, <secret> and <auth-user-pass> blocks: at least 12 bytes
// without a space (template text such as "... provided by azure" is in
// other blocks too).
func secretLines(text string) []string {
	var out []string
	in := ""
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r", ""), "\n") {
		tl := strings.TrimSpace(line)
		switch {
		case in == "" && (tl == "<key>" || tl == "<tls-auth>" || tl == "<tls-crypt>" || tl == "<secret>" || tl == "<auth-user-pass>"):
			in = "</" + tl[1:]
		case in != "" && strings.HasPrefix(tl, in):
			in = ""
		case in != "" && len(tl) >= 12 && !strings.HasPrefix(tl, "-----") && !strings.Contains(tl, " "):
			out = append(out, tl)
		}
	}
	return out
}

// allOptions are the options the rules run with in the secret tests.
func allOptions() []ovpn.Options {
	out := []ovpn.Options{{}}
	for _, a := range ovpn.Auths {
		out = append(out, ovpn.Options{Auth: a})
	}
	return out
}

// findingText is every text of a finding a report shows.
func findingText(f lint.Finding) string {
	s := f.Message + "\n" + f.Fix + "\n" + strings.Join(f.WindowsErrors, "\n")
	for _, r := range f.Related {
		s += "\n" + r.Message
	}
	return s
}
