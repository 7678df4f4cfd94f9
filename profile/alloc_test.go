package profile_test

import (
	"runtime"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/profile"
)

// TestParseAllocationsPerElement checks what profile.Parse allocates for
// each element it accepts, counted on the difference between a profile of
// 200 routes and one of 100 (five elements each): no node, list of
// children, path, value or text of its own for each element, which the
// walk carves from chunks, takes from the table and reads in place.
func TestParseAllocationsPerElement(t *testing.T) {
	allocs := func(routes int) (float64, float64) {
		var b strings.Builder
		b.WriteString("<VPNProfile><NativeProfile><Servers>vpn.example.com</Servers></NativeProfile>\n")
		for range routes {
			b.WriteString("  <Route>\n    <Address>10.0.0.1</Address>\n    <PrefixSize>32</PrefixSize>\n    <ExclusionRoute>false</ExclusionRoute>\n    <Metric>1</Metric>\n  </Route>\n")
		}
		b.WriteString("</VPNProfile>\n")
		x := readOne(t, "p.xml", b.String()).Docs[0].XML
		n := testing.AllocsPerRun(5, func() {
			if p := profile.Parse(x); len(p.Routes) != routes {
				t.Fatalf("%d routes, want %d", len(p.Routes), routes)
			}
		})
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range 5 {
			profile.Parse(x)
		}
		runtime.ReadMemStats(&after)
		return n, float64(after.TotalAlloc-before.TotalAlloc) / 5
	}
	n200, b200 := allocs(200)
	n100, b100 := allocs(100)
	perElement := (n200 - n100) / (100 * 5)
	// The bytes: the model's (a Value for each leaf, a Route with four
	// texts, the root's list of children) and the walk's node, a few words
	// for each element: 393 bytes. With a copy of the element's text in each
	// node, 561.
	if bytes := (b200 - b100) / (100 * 5); bytes > 450 {
		t.Errorf("profile.Parse allocated %.0f bytes per element; expected at most 450", bytes)
	} else {
		t.Logf("%.0f bytes per element", bytes)
	}
	// A leaf value is one allocation, its string (input's tree is bare:
	// no string of the tree to share), its mapped text made when asked
	// for; a Route's text is not read (the model takes its position): 4
	// allocations for five elements, and the chunks of nodes and lists of
	// children. Before the chunks, 5.4; with them but Doc.Text's map grown
	// run by run, 2.9; with a string and a mapped text for each value,
	// 1.43, and with a node holding each element's text, 0.83.
	if perElement > 0.7 {
		t.Errorf("profile.Parse made %.2f allocations per element", perElement)
	}
	t.Logf("%.2f allocations per element", perElement)
}

// TestModelListsMadeAtTheirSize checks that Parse makes the lists of the
// model once, at their size, rather than growing them by doubling (a 1 KB
// device tunnel made its list of values five times): the lists of the
// root's and NativeProfile's children and of the routes are as long as
// their room, and the values have room for no more than the document's
// elements.
func TestModelListsMadeAtTheirSize(t *testing.T) {
	var b strings.Builder
	b.WriteString("<VPNProfile><NativeProfile><Servers>vpn.example.com</Servers><NativeProtocolType>IKEv2</NativeProtocolType><RoutingPolicyType>SplitTunnel</RoutingPolicyType></NativeProfile>\n")
	for range 13 {
		b.WriteString("  <Route><Address>10.0.0.1</Address><PrefixSize>32</PrefixSize></Route>\n")
	}
	b.WriteString("<AlwaysOn>true</AlwaysOn></VPNProfile>\n")
	x := readOne(t, "p.xml", b.String()).Docs[0].XML
	p := profile.Parse(x)
	for _, l := range []struct {
		name     string
		len, cap int
	}{
		{"Order", len(p.Order), cap(p.Order)},
		{"NativeProfile.Order", len(p.NativeProfile.Order), cap(p.NativeProfile.Order)},
		{"Routes", len(p.Routes), cap(p.Routes)},
	} {
		if l.len == 0 || l.cap != l.len {
			t.Errorf("%s holds %d elements in room for %d", l.name, l.len, l.cap)
		}
	}
	if len(p.Values) == 0 || cap(p.Values) > x.Len() {
		t.Errorf("Values holds %d values in room for %d; the document has %d elements", len(p.Values), cap(p.Values), x.Len())
	}
}

// TestValuesRoomLeavesOutTheEapHostConfig checks that the room Parse makes
// for the values leaves out the elements of an EapHostConfig written as
// elements inside Eap/Configuration, which the walk does not read (a
// user tunnel's 69 elements gave room for 69 values, where it has 20).
func TestValuesRoomLeavesOutTheEapHostConfig(t *testing.T) {
	var b strings.Builder
	b.WriteString("<VPNProfile><AlwaysOn>true</AlwaysOn><NativeProfile><Servers>vpn.example.com</Servers><NativeProtocolType>IKEv2</NativeProtocolType>")
	b.WriteString("<Authentication><UserMethod>Eap</UserMethod><Eap><Configuration><EapHostConfig xmlns=\"http://www.microsoft.com/provisioning/EapHostConfig\"><Config>")
	for range 50 {
		b.WriteString("<X><Y>1</Y></X>")
	}
	b.WriteString("</Config></EapHostConfig></Configuration></Eap></Authentication></NativeProfile></VPNProfile>\n")
	x := readOne(t, "p.xml", b.String()).Docs[0].XML
	p := profile.Parse(x)
	// The elements outside the EapHostConfig: VPNProfile, AlwaysOn,
	// NativeProfile, Servers, NativeProtocolType, Authentication,
	// UserMethod, Eap, Configuration.
	if len(p.Values) == 0 || cap(p.Values) > 9 {
		t.Errorf("Values holds %d values in room for %d; expected room for at most the 9 elements outside the EapHostConfig (the document has %d)", len(p.Values), cap(p.Values), x.Len())
	}
}
