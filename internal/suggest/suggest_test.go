package suggest

import "testing"

func TestClosest(t *testing.T) {
	known := []string{"RoutingPolicyType", "NativeProtocolType", "Servers", "AlwaysOn", "DisableClassBasedDefaultRoute"}
	tests := []struct {
		name     string
		want     string
		caseOnly bool
		ok       bool
	}{
		{"RoutingpolicyType", "RoutingPolicyType", true, true},
		{"alwayson", "AlwaysOn", true, true},
		{"Server", "Servers", false, true},
		{"NativeProtcolType", "NativeProtocolType", false, true},
		{"DisableClassBasedDefaultRoutes", "DisableClassBasedDefaultRoute", false, true},
		{"Foo", "", false, false},
		{"Sevres", "", false, false}, // two edits on a 6-letter name is too far
	}
	for _, tc := range tests {
		got, caseOnly, ok := Closest(tc.name, known)
		if ok != tc.ok || (ok && (got != tc.want || caseOnly != tc.caseOnly)) {
			t.Errorf("Closest(%q) = %q, %v, %v; want %q, %v, %v", tc.name, got, caseOnly, ok, tc.want, tc.caseOnly, tc.ok)
		}
	}
	if d := Distance("kitten", "sitting"); d != 3 {
		t.Errorf("Distance(kitten, sitting) = %d, want 3", d)
	}
}

func TestBounded(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		k    int
		want int
	}{
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 2, 3},
		{"Servers", "servers", 0, 0},
		{"VPNProfile", "vpnprofle", 2, 1},
		{"abc", "abcdefgh", 3, 4}, // lengths too far apart
		{string(make([]byte, MaxLen+1)), "x", 3, 4},
	} {
		if got := Bounded(tc.a, tc.b, tc.k); got != tc.want {
			t.Errorf("Bounded(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.k, got, tc.want)
		}
	}
	// Agrees with Distance (on lower-case strings) wherever it is within k.
	words := []string{"routingpolicytype", "nativeprotocoltype", "servers", "alwayson", "server", "sevres", "dnssuffix", "dnsserver"}
	for _, a := range words {
		for _, b := range words {
			d := Distance(a, b)
			for k := range 5 {
				if got, want := Bounded(a, b, k), min(d, k+1); got != want {
					t.Errorf("Bounded(%q, %q, %d) = %d, want %d", a, b, k, got, want)
				}
			}
		}
	}
}

func BenchmarkClosest(b *testing.B) {
	known := make([]string, 0, 200)
	for i := range 200 {
		known = append(known, "ElementNameNumber"+string(rune('A'+i%26))+string(rune('a'+i/26)))
	}
	b.ReportAllocs()
	for b.Loop() {
		Closest("SomeUnknownElementName", known)
	}
}

// Distance is the plain Levenshtein edit distance, counted in bytes with
// case counted: the reference Bounded is compared with.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
