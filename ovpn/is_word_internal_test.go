package ovpn

import (
	"strings"
	"testing"
)

// TestIsSkipsLinesOfNoOption checks that Is passes over a line whose first
// word, read as written, is no option that marks a configuration, without
// splitting the line into words: the one long line of an Intune JSON
// export costs no allocation, while a line that starts with a marker, a
// quote or a backslash is still read by the tokenizer and answered as
// before.
func TestIsSkipsLinesOfNoOption(t *testing.T) {
	line := `{"@odata.type":"#microsoft.graph.windows10CustomConfiguration","displayName":"AOVPN User Tunnel","value":"` +
		strings.Repeat(`\u003cAlwaysOn\u003etrue\u003c/AlwaysOn\u003e\n remote vpn.example.com 443 udp `, 40) + `"}`
	data := []byte(line)
	if n := testing.AllocsPerRun(5, func() {
		if Is(data) {
			t.Fatal("a JSON export taken for an OpenVPN profile")
		}
	}); n != 0 {
		t.Errorf("Is made %.0f allocations over one JSON line; expected none", n)
	}
	for _, c := range []struct {
		text string
		want bool
	}{
		{line + "\nremote vpn.example.com 1194 udp\n", true},
		{`"remote" "vpn.example.com"` + "\n", true},
		{`  "remote": "x"` + "\n", false},
		{`re\mote vpn.example.com` + "\n", false},
		{"setenv opt remote vpn.example.com\n", true},
		{"setenv\\ opt remote vpn.example.com\n", false},
		{"\v\fclient\n", true},
		{"client;x\n", false},
		{"#client\n", false},
		{"remote{ x\n", false},
	} {
		if got, want := Is([]byte(c.text)), isReference([]byte(c.text)); got != want || got != c.want {
			t.Errorf("Is(%q) = %v, before %v, want %v", c.text, got, want, c.want)
		}
	}
}
