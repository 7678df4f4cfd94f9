package aovpnlint_test

import (
	"fmt"
	"os"
	"time"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/report"
)

// A program checks a profile it holds in memory and reads the findings.
func ExampleCheckBytes() {
	profile := []byte(`<VPNProfile>
  <AlwaysOn>True</AlwaysOn>
  <NativeProfile>
    <Servers>vpn.example.com</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication><MachineMethod>Certificate</MachineMethod></Authentication>
  </NativeProfile>
</VPNProfile>`)
	findings := aovpnlint.CheckBytes("ProfileXML.xml", profile, aovpnlint.Options{Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	for _, f := range findings {
		fmt.Println(f.Pos, f.Rule.ID, f.Severity, f.WindowsErrors)
	}
	// Output:
	// ProfileXML.xml:2:13 VPN006 error [partially applied profile]
	// ProfileXML.xml:2:13 VPN061 info [tunnel also connects on the corporate LAN]
}

// Files are read with input.Open, which finds the profile in whatever
// wraps it (here a PowerShell deploy script saved as UTF-16 by Windows
// PowerShell 5.1), and the findings are written with the same renderer
// the command line uses.
func ExampleCheck() {
	f, err := input.Open("input/testdata/script_utf16le_crlf.ps1", nil, input.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	findings := aovpnlint.Check([]*input.File{f}, aovpnlint.Options{Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	var errors []lint.Finding
	for _, x := range findings {
		if x.Severity == lint.Error {
			errors = append(errors, x)
		}
	}
	report.Text(os.Stdout, errors, report.TextOptions{})
	fmt.Println(report.Summary(findings, 1))
	// Output:
	// input/testdata/script_utf16le_crlf.ps1:10:13: error: AlwaysOn is "True"; expected exactly true or false in lower case, otherwise Windows applies the profile only partly [VPN006]
	//     fix: write the value in lower case: true or false
	// input/testdata/script_utf16le_crlf.ps1:13:25: error: NativeProtocolType is "IKEv3"; expected one of PPTP, L2TP, IKEv2, Automatic, SSTP, ProtocolList [VPN005]
	//     fix: use one of the values the VPNv2 CSP allows for the element
	// 2 errors, 0 warnings, 3 info in 1 file
}

// Certificates are checked together with the profile when they are given
// with their roles: here the gateway certificate is issued for another
// name than the profile's Servers.
func ExampleRun() {
	var inputs []aovpnlint.Input
	for _, in := range []struct {
		path string
		role certcheck.Role
	}{
		{"fixtures/scenario/profiles/gateway-other-name.xml", certcheck.RoleUnknown},
		{"fixtures/scenario/certs/vpn-other.pem", certcheck.RoleVPN},
		{"fixtures/scenario/certs/nps.pem", certcheck.RoleNPS},
		{"fixtures/scenario/certs/trust.pem", certcheck.RoleTrust},
	} {
		f, err := input.Open(in.path, nil, input.Limits{})
		if err != nil {
			fmt.Println(err)
			return
		}
		inputs = append(inputs, aovpnlint.Input{File: f, Role: in.role})
	}
	for _, f := range aovpnlint.Run(inputs, aovpnlint.Options{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}) {
		if f.Severity == lint.Error {
			fmt.Println(f.Rule.ID, f.WindowsErrors, f.Message)
		}
	}
	// Output:
	// VPN070 [13801 0x800B010F] server vpn.corp.example is not a DNS name of the VPN server certificate (it has gateway.corp.example)
}
