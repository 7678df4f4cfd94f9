package ovpn

import (
	"strings"
	"testing"
)

// TestIsSkipsQuotedXMLLines checks that Is skips the lines of an XML
// document with attributes (quotes) without splitting them into words:
// a text of 2,000 such lines after a PowerShell line costs no more
// allocations than one of 20.
func TestIsSkipsQuotedXMLLines(t *testing.T) {
	allocs := func(lines int) float64 {
		data := []byte("$ProfileXML = @'\n" + strings.Repeat("<EapHostConfig xmlns=\"http://www.microsoft.com/provisioning/EapHostConfig\" a='b'>\n", lines) + "'@\n")
		return testing.AllocsPerRun(5, func() {
			if Is(data) {
				t.Fatal("a script taken for an OpenVPN profile")
			}
		})
	}
	few, many := allocs(20), allocs(2000)
	if many > few {
		t.Errorf("Is made %.0f allocations over 2,000 quoted XML lines, %.0f over 20", many, few)
	}
}
