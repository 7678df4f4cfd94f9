package hostname

import (
	"strings"
	"testing"
)

func TestProblem(t *testing.T) {
	for name, want := range map[string]string{
		"vpn.example.com":                        "",
		"vpn.example.com.":                       "",
		".corp.example.com":                      "",
		".":                                      "",
		"vpn":                                    "",
		"xn--bcher-kva.example":                  "",
		"contoso..com":                           "empty label",
		"vpn example.com":                        "space",
		"https://vpn.example.com":                "URL",
		"vpn.example.com:443":                    `":"`,
		strings.Repeat("a", 64) + ".example.com": "label of 64",
		strings.Repeat("abc.", 64) + "com":       "is 259 characters",
		"":                                       "empty",
	} {
		got := Problem(name)
		if want == "" && got != "" || want != "" && !strings.Contains(got, want) {
			t.Errorf("Problem(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestPlaceholder(t *testing.T) {
	for s, want := range map[string]string{
		"YOUR DNS SUFFIX":      "YOUR",
		"<server>":             "<server>",
		"x.x.x.x":              "x.x.x.x",
		"10.0.0.1,X.X.X.X":     "X.X.X.X",
		"your_vpn_server":      "your",
		"CHANGEME.example.com": "CHANGEME",
		"YOUR,DNS,SERVERS":     "YOUR",
		"vpn.example.com":      "",
		"yourcompany.example":  "",
		"todoist.example.com":  "",
		"corp.contoso.com":     "",
	} {
		if got := Placeholder(s); got != want {
			t.Errorf("Placeholder(%q) = %q, want %q", s, got, want)
		}
	}
}
