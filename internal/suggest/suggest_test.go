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
