package report_test

import (
	"os"
	"time"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/report"
)

// A program holding findings writes them for a CI system with the same
// code the command line uses: here as JUnit XML, where the error becomes a
// failed test named after its file, position and rule, and the clean file
// a passing one. (Options.Clock adds each file's time and timestamp.)
func ExampleWrite() {
	profile := []byte("<VPNProfile><AlwaysOn>True</AlwaysOn><TrustedNetworkDetection>corp.example.com</TrustedNetworkDetection>" +
		"<NativeProfile><Servers>vpn.example.com;vpn.example.com</Servers><RoutingPolicyType>SplitTunnel</RoutingPolicyType><NativeProtocolType>IKEv2</NativeProtocolType>" +
		"<Authentication><MachineMethod>Certificate</MachineMethod></Authentication></NativeProfile>" +
		"<Route><Address>10.20.0.0</Address><PrefixSize>16</PrefixSize></Route></VPNProfile>")
	findings, _ := aovpnlint.Lint([]aovpnlint.File{{Name: "ProfileXML.xml", Data: profile}}, aovpnlint.Options{Now: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)})
	report.Write(os.Stdout, report.JUnit, findings, []string{"ProfileXML.xml", "clean.xml"}, report.Options{FailOn: lint.Error})
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <testsuites name="aovpnlint" tests="2" failures="1" errors="0">
	//   <testsuite name="ProfileXML.xml" tests="1" failures="1" errors="0" skipped="0">
	//     <testcase name="ProfileXML.xml:1:23 VPN006 AlwaysOn and RememberCredentials are exactly lower-case true or false" classname="ProfileXML.xml">
	//       <failure message="ProfileXML.xml:1:23: error: AlwaysOn is &#34;True&#34;; expected exactly true or false in lower case, otherwise Windows applies the profile only partly [VPN006]" type="error"><![CDATA[ProfileXML.xml:1:23
	// fix: write the value in lower case: true or false
	// Windows errors: partially applied profile
	// ]]></failure>
	//     </testcase>
	//   </testsuite>
	//   <testsuite name="clean.xml" tests="1" failures="0" errors="0" skipped="0">
	//     <testcase name="clean.xml: no finding" classname="clean.xml"></testcase>
	//   </testsuite>
	// </testsuites>
}
