package wording

import (
	"fmt"
	"testing"
)

func TestSome(t *testing.T) {
	var xs []string
	for i := range 2000 {
		xs = append(xs, fmt.Sprint("r", i))
	}
	if got, want := Some(xs, ", "), "r0, r1, r2, r3, r4 and 1,995 more"; got != want {
		t.Errorf("Some = %q, want %q", got, want)
	}
	if got := Some(xs[:3], "; "); got != "r0; r1; r2" {
		t.Errorf("a short list: %q", got)
	}
	if got := Some(nil, ", "); got != "" {
		t.Errorf("no items: %q", got)
	}
	if got, want := SomeN(xs[:MaxListed], len(xs), ", "), Some(xs, ", "); got != want {
		t.Errorf("SomeN with the first items = %q, Some with all = %q", got, want)
	}
	if got := SomeN(xs[:3], 3, "; "); got != "r0; r1; r2" {
		t.Errorf("SomeN of a short list: %q", got)
	}
}

func TestSomeOf(t *testing.T) {
	five := []string{"a", "b", "c", "d", "e"}
	for _, tc := range []struct {
		first []string
		total int
		want  string
	}{
		{[]string{"a"}, 1, "a"},
		{[]string{"a", "b", "c"}, 3, "a, b and c"},
		{five, 5, "a, b, c, d and e"},
		{five, 6, "a, b, c, d, e and 1 more"},
		{append(five, "f"), 2000, "a, b, c, d, e and 1,995 more"},
	} {
		if got := SomeOf(tc.first, tc.total); got != tc.want {
			t.Errorf("SomeOf(%q, %d) = %q, want %q", tc.first, tc.total, got, tc.want)
		}
	}
}
