package input

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
)

var update = flag.Bool("update", false, "rewrite the generated fixtures in testdata")

// readBackXML is a profile as Windows returns it from WMI: one line,
// elements in read-back order, spaces inside tags and values.
const readBackXML = `<VPNProfile><RememberCredentials>false</RememberCredentials><AlwaysOn>True</AlwaysOn><DnsSuffix>corp.example.com</DnsSuffix><TrustedNetworkDetection>corp.example.com</TrustedNetworkDetection><NativeProfile><Servers>vpn.example.com;vpn.example.com</Servers><RoutingPolicyType>SplitTunnel</RoutingPolicyType><NativeProtocolType>Ikev2</NativeProtocolType><Authentication><UserMethod>Eap</UserMethod><MachineMethod>Eap</MachineMethod><Eap><Configuration><EapHostConfig xmlns="http://www.microsoft.com/provisioning/EapHostConfig"><EapMethod><Type xmlns="http://www.microsoft.com/provisioning/EapCommon">13</Type><VendorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorId><VendorType xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorType><AuthorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</AuthorId></EapMethod><Config xmlns="http://www.microsoft.com/provisioning/EapHostConfig"><Eap xmlns="http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1"><Type>13</Type><EapType xmlns="https://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV1"><CredentialsSource><CertificateStore><SimpleCertSelection>true</SimpleCertSelection></CertificateStore></CredentialsSource><ServerValidation><DisableUserPromptForServerValidation>true</DisableUserPromptForServerValidation><ServerNames>nps1.corp.example.com</ServerNames><TrustedRootCA>3b 1e 0f 6a 22 9c 4d 8e 71 5a 2b 90 c4 d1 ee 07 36 48 5f a2 </TrustedRootCA></ServerValidation><DifferentUsername>false</DifferentUsername><PerformServerValidation xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</PerformServerValidation><AcceptServerName xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</AcceptServerName><TLSExtensions xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2"><FilteringInfo xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV3"><EKUMapping><EKUMap><EKUName>AAD Conditional Access</EKUName><EKUOID>1.3.6.1.4.1.311.87</EKUOID></EKUMap></EKUMapping><ClientAuthEKUList Enabled="true"><EKUMapInList><EKUName>AAD Conditional Access</EKUName></EKUMapInList></ClientAuthEKUList></FilteringInfo></TLSExtensions></EapType></Eap></Config></EapHostConfig></Configuration></Eap></Authentication></NativeProfile></VPNProfile>`

// formatList renders properties the way PowerShell's Format-List does on a
// console width columns wide: names padded to a common width, values
// wrapped word by word. A word that does not fit on the rest of the line
// starts a new line (the space before it is dropped) unless it is longer
// than a whole line, in which case it is broken where the line ends, as the
// Microsoft troubleshooting page's read-back listing shows. ambiguous
// reports a word wrap that left a line exactly full, which a reader cannot
// tell from a break inside a word; dropped lists the offsets, in the
// values, of the spaces dropped there.
func formatList(props [][2]string, width, indent int) (text string, dropped []int) {
	nameWidth := 0
	for _, p := range props {
		nameWidth = max(nameWidth, len(p[0]))
	}
	lead := strings.Repeat(" ", indent)
	valueCol := indent + nameWidth + 3
	room := width - valueCol
	var b strings.Builder
	for _, p := range props {
		var lines []string
		cur := ""
		off := 0 // offset in the value of the end of the word being placed
		// push ends the line; dropAt is the offset of the space dropped
		// after it, or -1.
		push := func(dropAt int) {
			if dropAt >= 0 && len(cur) == room {
				dropped = append(dropped, dropAt)
			}
			lines = append(lines, cur)
			cur = ""
		}
		for i, w := range strings.Split(p[1], " ") {
			if i > 0 {
				off++ // the space before w
			}
			wordStart := off
			off += len(w)
			sep := " "
			if i == 0 {
				sep = ""
			}
			switch {
			case len(cur)+len(sep)+len(w) <= room:
				cur += sep + w
			case len(w) <= room || len(cur)+len(sep) >= room:
				if i > 0 {
					push(wordStart - 1)
				} else {
					push(-1)
				}
				for len(w) > room {
					cur = w[:room]
					push(-1)
					w = w[room:]
				}
				cur = w
			default:
				cur += sep
				for len(cur)+len(w) > room {
					n := room - len(cur)
					cur += w[:n]
					push(-1)
					w = w[n:]
				}
				cur = w
			}
		}
		lines = append(lines, cur)
		fmt.Fprintf(&b, "%s%-*s : %s\n", lead, nameWidth, p[0], lines[0])
		for _, l := range lines[1:] {
			fmt.Fprintf(&b, "%s%s\n", strings.Repeat(" ", valueCol), l)
		}
	}
	return b.String(), dropped
}

func listing(width, indent int) (string, []int) {
	return formatList([][2]string{
		{"__GENUS", "2"},
		{"__CLASS", "MDM_VPNv2_01"},
		{"__PATH", `\\CLIENT01\root\cimv2\mdm\dmmap:MDM_VPNv2_01.InstanceID="Contoso%20AlwaysOn%20VPN",ParentID="./Vendor/MSFT/VPNv2"`},
		{"AlwaysOn", ""},
		{"InstanceID", "Contoso%20AlwaysOn%20VPN"},
		{"ParentID", "./Vendor/MSFT/VPNv2"},
		{"ProfileXML", readBackXML},
		{"RememberCredentials", "False"},
		{"TrustedNetworkDetection", ""},
	}, width, indent)
}

// inTag reports whether offset i of s lies inside a tag.
func inTag(s string, i int) bool {
	return strings.LastIndexByte(s[:i], '<') > strings.LastIndexByte(s[:i], '>')
}

// TestWMIRoundTrip wraps a profile at every console width from 80 to 240
// and checks what joining the continuation lines gives back. A word wrap
// that fills a line exactly drops a space no reader can see. Inside a tag
// the XML parser finds the gap and the space is put back, so the profile
// must come back byte for byte. Between two words of text content (the
// hex pairs of a thumbprint, "AAD Conditional Access") nothing shows the
// gap: there the profile must come back with exactly those spaces missing,
// the documented limit of reading wrapped listings.
func TestWMIRoundTrip(t *testing.T) {
	exact, repaired, lossy := 0, 0, 0
	for width := 80; width <= 240; width++ {
		for _, indent := range []int{0, 4} {
			text, dropped := listing(width, indent)
			want := readBackXML
			inTagDrops := 0
			for k := len(dropped) - 1; k >= 0; k-- {
				if d := dropped[k]; inTag(readBackXML, d) {
					inTagDrops++
				} else {
					want = want[:d] + want[d+1:]
				}
			}
			switch {
			case want != readBackXML:
				lossy++
			case inTagDrops > 0:
				repaired++
			default:
				exact++
			}
			f := Read("list.txt", []byte(text), Limits{})
			if f.Kind != WMI || len(f.Docs) != 1 {
				t.Fatalf("width %d: kind %v, %d docs, problems %v", width, f.Kind, len(f.Docs), f.Problems)
			}
			for _, p := range f.Problems {
				t.Errorf("width %d indent %d: %s: %s", width, indent, p.Pos, p.Message)
			}
			if got := string(f.Docs[0].Text.Data); got != want {
				t.Fatalf("width %d indent %d: joined value differs:\n got %q\nwant %q", width, indent, got, want)
			}
		}
	}
	if repaired == 0 || exact == 0 {
		t.Errorf("the widths exercise too little: %d exact, %d repaired", exact, repaired)
	}
	t.Logf("%d layouts joined exactly, %d exactly after putting spaces back, %d with a space lost in text content", exact, repaired, lossy)
}

// flatten runs every continuation line of the ProfileXML value into the
// first one without the spaces Format-List dropped, as copies pasted into
// web articles do.
func flatten(text string) string {
	var out []string
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		out = append(out, lines[i])
		if !strings.Contains(lines[i], "ProfileXML") {
			continue
		}
		var joined strings.Builder
		for i+1 < len(lines) && strings.HasPrefix(lines[i+1], "    ") && !strings.Contains(lines[i+1], " : ") {
			i++
			joined.WriteString(strings.TrimLeft(lines[i], " "))
		}
		out = append(out, strings.Repeat(" ", 28)+joined.String())
	}
	return strings.Join(out, "\n")
}

// TestWMIFixtures keeps the generated WMI fixtures in step with the
// generator; run with -update to rewrite them.
func TestWMIFixtures(t *testing.T) {
	wrapped, _ := listing(120, 0)
	indented, _ := listing(120, 2)
	fixtures := map[string]string{
		"wmi_formatlist.txt": wrapped,
		"wmi_flattened.txt":  flatten(indented),
	}
	for name, content := range fixtures {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, []byte(content)) {
			t.Errorf("%s is out of date; run go test ./input -run TestWMIFixtures -update", path)
		}
	}
}

// TestWMIRepairsChargeOneParse checks that putting spaces back into a
// wrapped profile, which parses the value again each time, charges the
// file's budget of nodes for one parse only: the listing that needs the
// most repairs fits a limit of exactly the profile's nodes and the
// continuation lines of the value, and not one node less.
func TestWMIRepairsChargeOneParse(t *testing.T) {
	best, bestDrops := 0, 0
	for width := 80; width <= 240; width++ {
		_, dropped := listing(width, 0)
		inTagDrops := 0
		for _, d := range dropped {
			if inTag(readBackXML, d) {
				inTagDrops++
			}
		}
		if inTagDrops > bestDrops {
			best, bestDrops = width, inTagDrops
		}
	}
	if bestDrops < 2 {
		t.Fatalf("no width needs two repairs or more (at most %d)", bestDrops)
	}
	budget := xmldoc.NewBudget(1 << 20)
	if _, err := xmldoc.Parse(srctext.New("p", []byte(readBackXML)), xmldoc.Limits{Budget: budget}); err != nil {
		t.Fatal(err)
	}
	text, _ := listing(best, 0)
	lines := strings.Split(text, "\n")
	continuation := 0
	for i, l := range lines {
		if strings.HasPrefix(l, "ProfileXML") {
			for _, c := range lines[i+1:] {
				if !strings.HasPrefix(c, " ") {
					break
				}
				continuation++
			}
		}
	}
	need := budget.Used() + continuation
	f := Read("list.txt", []byte(text), Limits{MaxElements: need})
	if len(f.Docs) != 1 || f.Docs[0].XML == nil || len(f.Problems) > 0 {
		t.Fatalf("width %d (%d spaces put back): within %d nodes, %d documents, problems %v", best, bestDrops, need, len(f.Docs), f.Problems)
	}
	if string(f.Docs[0].Text.Data) != readBackXML {
		t.Errorf("width %d: the profile did not come back whole", best)
	}
	f = Read("list.txt", []byte(text), Limits{MaxElements: need - 1})
	if len(f.Problems) != 1 || f.Problems[0].Kind != OverLimit {
		t.Errorf("width %d: within %d nodes, problems %v; want the limit of nodes", best, need-1, f.Problems)
	}
}
