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
}
