package aovpnlint_test

import (
	"fmt"
	"os"
	"time"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/report"
)

// A program checks a profile it holds in memory and reads the findings.
func ExampleLint() {
	profile := []byte(`<VPNProfile>
  <AlwaysOn>True</AlwaysOn>
  <NativeProfile>
    <Servers>vpn.example.com</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication><MachineMethod>Certificate</MachineMethod></Authentication>
  </NativeProfile>
</VPNProfile>`)
	findings, err := aovpnlint.Lint([]aovpnlint.File{{Name: "ProfileXML.xml", Data: profile}}, aovpnlint.Options{Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range findings {
		fmt.Println(f.Pos, f.Rule.ID, f.Severity, f.WindowsErrors)
	}
	// Output:
	// ProfileXML.xml:2:13 VPN006 error [partially applied profile]
	// ProfileXML.xml:2:13 VPN061 info [tunnel also connects on the corporate LAN]
}

// A file given by its path is read when its turn comes, and the profile
// found in whatever wraps it (here a PowerShell deploy script saved as
// UTF-16 by Windows PowerShell 5.1); each finding is written as soon as it
// is known, with the writer the command line uses.
func ExampleStream() {
	w, err := report.NewWriter(os.Stdout, report.Text, report.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	files := []aovpnlint.File{{Path: "input/testdata/script_utf16le_crlf.ps1"}}
	checked, err := aovpnlint.Stream(files, aovpnlint.Options{Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}, func(f lint.Finding) error {
		if f.Severity < lint.Error {
			return nil
		}
		return w.Write(f)
	})
	if err == nil {
		err = w.Close(checked)
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(report.Summary(w.Counts(), len(checked)))
	// Output:
	// input/testdata/script_utf16le_crlf.ps1:10:13: error: AlwaysOn is "True"; expected exactly true or false in lower case, otherwise Windows applies the profile only partly [VPN006]
	//     fix: write the value in lower case: true or false
	// input/testdata/script_utf16le_crlf.ps1:13:25: error: NativeProtocolType is "IKEv3"; expected one of PPTP, L2TP, IKEv2, Automatic, SSTP, ProtocolList [VPN005]
	//     fix: use one of the values the VPNv2 CSP allows for the element
	// 2 errors, 0 warnings, 0 info in 1 file
}

// Certificates are checked together with the profile when they are given
// with their roles: here the gateway certificate is issued for another
// name than the profile's Servers.
func ExampleLint_roles() {
	files := []aovpnlint.File{
		{Path: "fixtures/scenario/profiles/gateway-other-name.xml"},
		{Path: "fixtures/scenario/certs/vpn-other.pem", Role: certcheck.RoleVPN},
		{Path: "fixtures/scenario/certs/nps.pem", Role: certcheck.RoleNPS},
		{Path: "fixtures/scenario/certs/trust.pem", Role: certcheck.RoleTrust},
	}
	findings, err := aovpnlint.Lint(files, aovpnlint.Options{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range findings {
		if f.Severity == lint.Error {
			fmt.Println(f.Rule.ID, f.WindowsErrors, f.Message)
		}
	}
	// Output:
	// VPN070 [13801 0x800B010F 835] server vpn.corp.example is not a DNS name of the VPN server certificate (it has gateway.corp.example); expected a subject alternative name for it
}
