package input

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
)

// allocatedBy returns the bytes f allocates: the least of three calls,
// since the counter is the process's, and what another goroutine
// allocates meanwhile (the test framework's, a finished test's) only adds
// to it. f must do the same work each time.
func allocatedBy(f func()) uint64 {
	least := ^uint64(0)
	for range 3 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		least = min(least, after.TotalAlloc-before.TotalAlloc)
	}
	return least
}

// TestScriptMarkersCopyOnlyCode checks that looking for the run-time
// markers of a script (XmlWriter, $ProfileXML...) copies only its code in
// lower case, not its strings: scanning a script whose here-string holds
// a megabyte allocates about what scanning one of a kilobyte does.
func TestScriptMarkersCopyOnlyCode(t *testing.T) {
	allocated := func(size int) uint64 {
		data := []byte("$ProfileXML = @'\n<VPNProfile>" + strings.Repeat("x", size) + "</VPNProfile>\n'@\n\nAdd-VpnConnection -Name Contoso\n")
		return allocatedBy(func() {
			literals := 0
			if _, found := scanPowerShell(data, func(psLiteral) { literals++ }); !found || literals != 1 {
				t.Fatalf("found %v and %d literals, want the $ProfileXML marker and 1", found, literals)
			}
		})
	}
	small, large := allocated(1<<10), allocated(1<<20)
	if large > small+64<<10 {
		t.Errorf("scanning a script with a 1 MiB string allocated %d bytes, with a 1 KiB string %d", large, small)
	}
}

// TestJSONStringDecodedInOneGo checks that a JSON string value is decoded
// into a text and a map made once, at their final size: a value of 10,000
// escapes takes as many allocations as one of 10.
func TestJSONStringDecodedInOneGo(t *testing.T) {
	allocs := func(escapes int) float64 {
		src := srctext.New("f", []byte(`"`+strings.Repeat(`\u003cA\u003e\n`, escapes)+`"`))
		v, _, err := parseJSON(src, 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		return testing.AllocsPerRun(5, func() {
			if text, escaped := v.text(src); !escaped || len(text.Data) != 4*escapes {
				t.Fatalf("decoded %d bytes, escaped %v", len(text.Data), escaped)
			}
		})
	}
	few, many := allocs(10), allocs(10_000)
	if many > few {
		t.Errorf("decoding a string of 30,000 escapes made %.0f allocations, of 30 escapes %.0f", many, few)
	}
}

// TestJSONMemberNamesNotCopiedTwice checks that a member name without
// escapes is made a string straight from the file's bytes, without being
// decoded into a copy first: counted on the difference between objects
// of 2,000 and 1,000 members, a member costs its value and its name, and
// the lists growing.
func TestJSONMemberNamesNotCopiedTwice(t *testing.T) {
	allocs := func(members int) float64 {
		var b strings.Builder
		b.WriteString("{")
		for i := range members {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `"displayName%d":1`, i)
		}
		b.WriteString("}")
		src := srctext.New("f", []byte(b.String()))
		return testing.AllocsPerRun(5, func() {
			if _, n, err := parseJSON(src, 10, 1<<20); err != nil || n != members+1 {
				t.Fatalf("read %d values: %v", n, err)
			}
		})
	}
	perMember := (allocs(2000) - allocs(1000)) / 1000
	if perMember > 2.5 {
		t.Errorf("%.2f allocations per JSON member", perMember)
	}
	t.Logf("%.2f allocations per member", perMember)
}
