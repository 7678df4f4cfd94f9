package secret

import (
	"reflect"
	"strings"
	"testing"
)

// scanTexts are texts whose secrets open, close and nest in the ways Find
// reads: plain, escaped, in JSON, unclosed, empty, PEM.
var scanTexts = []string{
	"<r><L2tpPsk>abc</L2tpPsk><x>y</x><Password>p</Password></r>",
	"<L2tpPsk>a<L2tpPsk>b</L2tpPsk>c</L2tpPsk>tail<key>k</key>",
	"<Data>&lt;L2tpPsk&gt;a&amp;b&lt;/L2tpPsk&gt;</Data>&#60;Password&#62;x&#60;/Password&#62;",
	`"\u003cL2tpPsk\u003eab\u003c\/L2tpPsk\u003e" "\u003cPassword\u003e`,
	"<r><L2tpPsk/><L2tpPsk />x<L2tpPsk x='<y>'>abc</L2tpPsk></r>",
	"x\n-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\ny<tls-auth>\nk\n</tls-auth>",
	"&lt;L2tpPsk&gt;a&LT;L2tpPsk&gt;b&lt;/L2tpPsk&gt;c&lt;/L2tpPsk&gt;d<r><L2tpPsk>abc",
	"$ProfileXML = @'\n<VPNProfile><NativeProfile><L2tpPsk>s</L2tpPsk></NativeProfile></VPNProfile>\n'@",
}

// TestScanInStepsIsFind checks that scans that go on from each other, in
// steps of every length, find what Find finds, and that each stop has
// found every span that opens before it.
func TestScanInStepsIsFind(t *testing.T) {
	for _, text := range scanTexts {
		checkScanSteps(t, text)
	}
}

func checkScanSteps(t *testing.T, text string) {
	t.Helper()
	data := []byte(text)
	want := Find(data)
	for step := 1; step <= len(data)+1; step++ {
		var got Spans
		next := 0
		for limit := step; next < len(data); limit += step {
			got, next = Scan(got, data, next, limit)
			if next < min(limit, len(data)) {
				t.Fatalf("%q, step %d: stopped at %d before the limit %d", text, step, next, limit)
			}
			for _, s := range want[len(got):] {
				if s.Open < next {
					t.Fatalf("%q, step %d: the scan stopped at %d without the span opening at %d", text, step, next, s.Open)
				}
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q, step %d: spans %+v, Find %+v", text, step, got, want)
		}
	}
}

// FuzzScanIsFind checks TestScanInStepsIsFind's properties on mutated
// texts.
func FuzzScanIsFind(f *testing.F) {
	for _, text := range scanTexts {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 512 {
			text = text[:512] // every step length is tried: quadratic
		}
		if strings.TrimSpace(text) == "" {
			return
		}
		checkScanSteps(t, text)
	})
}
