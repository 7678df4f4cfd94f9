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
