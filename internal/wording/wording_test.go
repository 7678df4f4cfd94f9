package wording

import (
	"strings"
	"testing"
)

func TestWording(t *testing.T) {
	for got, want := range map[string]string{
		Plural(1, "route"):               "1 route",
		Plural(0, "route"):               "0 routes",
		Plural(3, "traffic filter"):      "3 traffic filters",
		Quote("  a b "):                  `"a b"`,
		Quote(" \n "):                    "empty",
		Quote(strings.Repeat("x", 70)):   `"` + strings.Repeat("x", 57) + `..."`,
		JoinAnd(nil):                     "",
		JoinAnd([]string{"a"}):           "a",
		JoinAnd([]string{"a", "b", "c"}): "a, b and c",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

// TestInline checks that text from an input is shown escaped and cut, and
// printable text as it is.
func TestInline(t *testing.T) {
	for in, want := range map[string]string{
		"VPNProfile":                     "VPNProfile",
		`a "b" \c é 中`:                   `a "b" \c é 中`,
		"line\nforged: error [IN001]":    `line\nforged: error [IN001]`,
		"\x1b[31mred\r":                  `\x1b[31mred\r`,
		"rtl\u202eevil":                  `rtl\u202eevil`,
		"bad\xffbyte":                    `bad\xffbyte`,
		strings.Repeat("x", MaxQuote):    strings.Repeat("x", MaxQuote),
		strings.Repeat("é", MaxQuote+1):  strings.Repeat("é", MaxQuote-3) + "...",
		strings.Repeat("\n", MaxQuote+1): strings.Repeat(`\n`, MaxQuote-3) + "...",
	} {
		if got := Inline(in); got != want {
			t.Errorf("Inline(%q) = %q, want %q", in, got, want)
		}
	}
}
