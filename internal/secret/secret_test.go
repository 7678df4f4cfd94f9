package secret

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestFind checks what is found secret: the content between the start tag
// and its end tag, however the tags are written, and to the end of the
// text when there is no end tag.
func TestFind(t *testing.T) {
	tests := []struct {
		text   string
		secret []string // the content of each span, in order
		closed []bool
		name   string // Name of the first span
	}{
		{"<r><L2tpPsk>abc</L2tpPsk><x>y</x></r>", []string{"abc"}, []bool{true}, "L2tpPsk"},
		{"<r><l2tppsk>abc</l2tppsk></r>", []string{"abc"}, []bool{true}, "L2tpPsk"},
		{"<r><p:PASSWORD a='1'>abc</p:PASSWORD></r>", []string{"abc"}, []bool{true}, "Password"},
		{"<L2tpPsk>a<b/>c<d>e</d>f</L2tpPsk>tail", []string{"a<b/>c<d>e</d>f"}, []bool{true}, "L2tpPsk"},
		{"<L2tpPsk>a<L2tpPsk>b</L2tpPsk>c</L2tpPsk>tail", []string{"a<L2tpPsk>b</L2tpPsk>c"}, []bool{true}, "L2tpPsk"},
		// An end tag in another case or of another name does not end it.
		{"<L2tpPsk>abc</l2tppsk>def", []string{"abc</l2tppsk>def"}, []bool{false}, "L2tpPsk"},
		{"<L2tpPsk>abc</L2tpPsk2>def", []string{"abc</L2tpPsk2>def"}, []bool{false}, "L2tpPsk"},
		{"<r><L2tpPsk>abc", []string{"abc"}, []bool{false}, "L2tpPsk"},
		{"<r><L2tpPsk", []string{""}, []bool{false}, "L2tpPsk"},
		// A start tag broken before its '>' starts the secret at its name.
		{"<L2tpPsk x='<y>'>abc</L2tpPsk>", []string{" x='<y>'>abc"}, []bool{false}, "L2tpPsk"},
		{"<r><L2tpPsk/><L2tpPsk />x</r>", nil, nil, ""},
		// Escaped as text of another document, in JSON, or twice.
		{"<Data>&lt;L2tpPsk&gt;a&amp;b&lt;/L2tpPsk&gt;</Data>", []string{"a&amp;b"}, []bool{true}, "L2tpPsk"},
		{"<Data>&lt;L2tpPsk>ab&lt;/L2tpPsk></Data>", []string{"ab"}, []bool{true}, "L2tpPsk"},
		{"&amp;lt;L2tpPsk&amp;gt;ab&amp;lt;/L2tpPsk&amp;gt;", []string{"ab"}, []bool{true}, "L2tpPsk"},
		{"&#60;L2tpPsk&#62;ab&#x3C;/L2tpPsk&#x3e;", []string{"ab"}, []bool{true}, "L2tpPsk"},
		{`"\u003cL2tpPsk\u003eab\u003c/L2tpPsk\u003e"`, []string{"ab"}, []bool{true}, "L2tpPsk"},
		{`"\u003cL2tpPsk\u003eab\u003c\/L2tpPsk\u003e"`, []string{"ab"}, []bool{true}, "L2tpPsk"},
		// A plain end tag does not end an escaped secret.
		{"&lt;L2tpPsk&gt;ab</L2tpPsk>cd", []string{"ab</L2tpPsk>cd"}, []bool{false}, "L2tpPsk"},
		// NPS and OpenVPN.
		{`<Shared_Secret xmlns:dt="urn:x" dt:dt="string">s3</Shared_Secret>`, []string{"s3"}, []bool{true}, "Shared_Secret"},
		{"client\n<tls-auth>\n-----BEGIN OpenVPN Static key V1-----\nab\n-----END OpenVPN Static key V1-----\n</tls-auth>\n", []string{"\n-----BEGIN OpenVPN Static key V1-----\nab\n-----END OpenVPN Static key V1-----\n"}, []bool{true}, "tls-auth"},
		{"<key>\nk\n</key>\n<cert>c</cert>", []string{"\nk\n"}, []bool{true}, "key"},
		// PEM private keys, with or without an END line; not public keys.
		{"x\n-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\ny", []string{"\nMIIB\n"}, []bool{true}, "PRIVATE KEY"},
		{"-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB", []string{"\nMIIB"}, []bool{false}, "PRIVATE KEY"},
		{"-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----", nil, nil, ""},
		{"<Servers>vpn</Servers><KeyUsage>x</KeyUsage>", nil, nil, ""},
	}
	for _, tc := range tests {
		spans := Find([]byte(tc.text))
		var got []string
		var closed []bool
		for _, s := range spans {
			got = append(got, tc.text[s.Start:s.End])
			closed = append(closed, s.Closed)
		}
		if strings.Join(got, "|") != strings.Join(tc.secret, "|") || len(got) != len(tc.secret) {
			t.Errorf("%q: secrets %q, want %q", tc.text, got, tc.secret)
			continue
		}
		for i := range closed {
			if closed[i] != tc.closed[i] {
				t.Errorf("%q: span %d closed %v, want %v", tc.text, i, closed[i], tc.closed[i])
			}
		}
		if len(spans) > 0 && spans[0].Name != tc.name {
			t.Errorf("%q: name %q, want %q", tc.text, spans[0].Name, tc.name)
		}
	}
}

func TestOverlapAndWithheld(t *testing.T) {
	text := "<a>x</a><L2tpPsk>secret</L2tpPsk><b></b><Password></Password>"
	ss := Find([]byte(text))
	start := strings.Index(text, "secret")
	for _, tc := range []struct {
		start, end int
		want       bool
	}{
		{0, start, false},                     // up to the secret
		{start - 2, start + 1, true},          // into it
		{start + 3, start + 3, true},          // a point inside
		{start + 6, len(text), false},         // from its end tag on (the empty Password is no secret)
		{start + 5, start + 7, true},          // its last byte
		{0, len(text), true},                  // across it
		{len(text), len(text) + 5, false},     // past the end
		{start + 7, start + 2, true},          // reversed
		{start + 6, start + 6, false},         // the point after it
		{strings.Index(text, "<b>"), 0, true}, // reversed across it
	} {
		if _, got := ss.Overlap(tc.start, tc.end); got != tc.want {
			t.Errorf("Overlap(%d, %d) = %v, want %v", tc.start, tc.end, got, tc.want)
		}
	}
	s, _ := ss.Overlap(start, start+1)
	if w := s.Withheld(); w != "text inside <L2tpPsk> not shown, it is a secret" {
		t.Errorf("withheld %q", w)
	}
	pem := Find([]byte("-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----"))
	if len(pem) != 1 || !strings.Contains(pem[0].Withheld(), "private key not shown") {
		t.Errorf("PEM %+v", pem)
	}
}

func TestIsName(t *testing.T) {
	for name, want := range map[string]bool{
		"L2tpPsk": true, "l2tppsk": true, "x:L2TPPSK": true, "Password": true, "Shared_Secret": true,
		"tls-crypt-v2": true, "L2tpPsk2": false, "Servers": false, "": false, "PasswordHint": false,
	} {
		if got := IsName(name); got != want {
			t.Errorf("IsName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestRedact(t *testing.T) {
	out, ok := Redact([]byte("<r><L2tpPsk>a<b/>c</L2tpPsk><x>&lt;Password&gt;p&lt;/Password&gt;</x></r>"))
	want := "<r><L2tpPsk>" + Marker + "</L2tpPsk><x>&lt;Password&gt;" + Marker + "&lt;/Password&gt;</x></r>"
	if !ok || string(out) != want {
		t.Errorf("Redact = %q, %v; want %q", out, ok, want)
	}
	if out, ok := Redact([]byte("<r><L2tpPsk>abc</r>")); ok || out != nil {
		t.Errorf("an unclosed secret was redacted: %q", out)
	}
	plain := []byte("<r><a>b</a></r>")
	if out, ok := Redact(plain); !ok || !bytes.Equal(out, plain) {
		t.Errorf("a text without secrets changed: %q", out)
	}
}

// TestFindLinear checks that the scan costs time in proportion to the
// text, on texts made to defeat it: start tags that never end, secrets
// that are never closed, long chains of escapes, PEM headers.
func TestFindLinear(t *testing.T) {
	units := []string{
		"<L2tpPsk>",
		"<L2tpPsk",
		"&lt;L2tpPsk&gt;<L2tpPsk>",
		"&amp;amp;amp;amp;",
		"<a:b:c:L2tpPsk x='>' ",
		"-----BEGIN PRIVATE KEY",
		`\u003cL2tpPsk\u003e\u003c`,
		"<L2tpPsk/>",
	}
	for _, u := range units {
		small := []byte(strings.Repeat(u, 5_000))
		large := []byte(strings.Repeat(u, 50_000))
		var ts, tl time.Duration
		watchdog(t, u, func() { ts, tl = fastest(func() { Find(small) }), fastest(func() { Find(large) }) })
		// Ten times the text may cost at most forty times the time (caches
		// and a shared machine make it vary); a quadratic scan costs a
		// hundred times.
		if tl > 40*ts+time.Millisecond {
			t.Errorf("%q: 10x the text took %v against %v", u, tl, ts)
		}
	}
}

// fastest returns the shortest of three runs of f.
func fastest(f func()) time.Duration {
	best := time.Duration(1 << 62)
	for range 3 {
		start := time.Now()
		f()
		best = min(best, time.Since(start))
	}
	return best
}

// watchdog runs f, failing the test when it has not returned within half
// a minute (far more than it needs).
func watchdog(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan bool)
	go func() { f(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("%q: no answer within 30 s", what)
	}
}
