package secret

import (
	"bytes"
	"runtime"
	"runtime/debug"
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
		// Character references with leading zeros, in hexadecimal of any
		// case, escaped again, or escaped in JSON and again in XML; the
		// letters of the name escaped too.
		{"&#060;L2tpPsk&#062;Zx9Qw7&Secr3tPart&#060;/L2tpPsk&#062;tail", []string{"Zx9Qw7&Secr3tPart"}, []bool{true}, "L2tpPsk"},
		{"&#x003c;L2tpPsk&#x003E;ab&#x003C;/L2tpPsk&#x3e;", []string{"ab"}, []bool{true}, "L2tpPsk"},
		{"&#00000000000060;L2tpPsk>ab&#60;/L2tpPsk>", []string{"ab"}, []bool{true}, "L2tpPsk"},
		{"&amp;#060;L2tpPsk&amp;#062;ab&amp;#060;/L2tpPsk&amp;#062;", []string{"ab"}, []bool{true}, "L2tpPsk"},
		{"&#38;lt;L2tpPsk&#38;gt;ab&#x26;lt;/L2tpPsk&#038;gt;", []string{"ab"}, []bool{true}, "L2tpPsk"},
		{"&#x26;#x3c;L2tpPsk&#x26;#x3e;ab&amp;#x3c;/L2tpPsk&amp;#x3e;", []string{"ab"}, []bool{true}, "L2tpPsk"},
		{`\u0026lt;L2tpPsk\u0026gt;ab\u0026lt;/L2tpPsk\u0026gt;`, []string{"ab"}, []bool{true}, "L2tpPsk"},
		{`\u003CL2tpPsk\u003Eab\u003C\/L2tpPsk\u003E`, []string{"ab"}, []bool{true}, "L2tpPsk"},
		{"&lt;&#76;2tpPsk&gt;ab&lt;/&#x4c;2tpPsk&gt;", []string{"ab"}, []bool{true}, "L2tpPsk"},
		{"&lt;&#x50;ASSWORD&gt;ab&lt;/&#x50;ASSWORD&gt;", []string{"ab"}, []bool{true}, "Password"},
		// A depth-1 '<' with a letter escaped once: decoded together.
		{"&amp;lt;&#76;2tpPsk&amp;gt;ab&amp;lt;/&#76;2tpPsk&amp;gt;", []string{"ab"}, []bool{true}, "L2tpPsk"},
		// Escapes no decoder reads start a secret but never end one.
		{"&#X3C;L2tpPsk&gt;ab&#X3C;/L2tpPsk&gt;cd", []string{"ab&#X3C;/L2tpPsk&gt;cd"}, []bool{false}, "L2tpPsk"},
		{"&LT;L2tpPsk&GT;ab&LT;/L2tpPsk&GT;cd", []string{"ab&LT;/L2tpPsk&GT;cd"}, []bool{false}, "L2tpPsk"},
		// An escaped letter is no part of a plain tag, nor escaped more
		// deeply than the tag's '<'.
		{"<L2tpPsk>ab</&#76;2tpPsk>cd", []string{"ab</&#76;2tpPsk>cd"}, []bool{false}, "L2tpPsk"},
		{"&lt;L2tpPsk&gt;ab&lt;/&amp;#76;2tpPsk&gt;cd", []string{"ab&lt;/&amp;#76;2tpPsk&gt;cd"}, []bool{false}, "L2tpPsk"},
		// A start tag nested in the secret, however loosely written, needs
		// its own end tag first.
		{"&lt;L2tpPsk&gt;a&LT;L2tpPsk&gt;b&lt;/L2tpPsk&gt;c&lt;/L2tpPsk&gt;d", []string{"a&LT;L2tpPsk&gt;b&lt;/L2tpPsk&gt;c"}, []bool{true}, "L2tpPsk"},
		// '>' and "/>" inside a quoted attribute value do not end the tag.
		{`<L2tpPsk a="/>">ab</L2tpPsk>cd`, []string{"ab"}, []bool{true}, "L2tpPsk"},
		{`<L2tpPsk a='x>y'>ab</L2tpPsk>cd`, []string{"ab"}, []bool{true}, "L2tpPsk"},
		{`&lt;L2tpPsk a=&quot;/&gt;&quot;&gt;ab&lt;/L2tpPsk&gt;cd`, []string{"ab"}, []bool{true}, "L2tpPsk"},
		// A '<' inside an unterminated value: the tag is broken.
		{`<L2tpPsk a="x>ab</L2tpPsk>cd`, []string{` a="x>ab`}, []bool{false}, "L2tpPsk"},
		// Not references: no digits, no semicolon, beyond Unicode.
		{"&#;L2tpPsk&#x;&#60L2tpPsk&#1114112;L2tpPsk>x", nil, nil, ""},
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

// TestNamed checks the search for secret names that Find did not
// delimit: anywhere outside the secrets and their tags, in any case, with
// letters escaped, within a word or not.
func TestNamed(t *testing.T) {
	tests := []struct {
		text string
		at   int // -1 for none
		name string
	}{
		{"<r><L2tpPsk>ab</L2tpPsk><Password a='1'>password</Password></r>", -1, ""},
		{"&#060;L2tpPsk&#062;ab&#060;/L2tpPsk&#062;", -1, ""},
		{"-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----", -1, ""},
		{"<r>%3CL2tpPsk%3Eab%3C/L2tpPsk%3E</r>", 6, "L2tpPsk"},
		{"<r>%3C&#76;2tpPsk%3Eab</r>", 6, "L2tpPsk"},
		{"<r><!-- the PASSWORD --></r>", 12, "Password"},
		{"<r><L2tpPsk>a</L2tpPsk>monkey</r>", 26, "key"},
		{"<r><L2tpPsk>a</L2tpPsk><Shared_Secret>b</Shared_Secret></r>", -1, ""},
		{"<r>x_Shared_Secret<key>k</key></r>", 5, "Shared_Secret"},
		{"<r><secret>s</secret>shared_secret", 21, "Shared_Secret"},
		{"<r><L2tpPsk>a</L2tpPsk></r>", -1, ""},
		{"<r><L2tpPsk>abc</r>", -1, ""},
		{"<r>L2tpPs</r>", -1, ""},
	}
	for _, tc := range tests {
		text := []byte(tc.text)
		at, name, ok := Find(text).Named(text)
		if tc.at < 0 {
			if ok {
				t.Errorf("%q: %s found at %d", tc.text, name, at)
			}
			continue
		}
		if !ok || at != tc.at || name != tc.name {
			t.Errorf("%q: Named = %d %q %v; want %d %q", tc.text, at, name, ok, tc.at, tc.name)
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

// TestFindLinear checks that the scan, and the search for names outside
// the secrets, cost time in proportion to the text, on texts made to
// defeat them: start tags that never end, secrets that are never closed,
// long chains of escapes, PEM headers, names that almost match.
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
		"&#0000000060;L2tpPsk&#062;",
		"&amp;#060;&#38;#38;#38;",
		"&lt;&#76;&#76;&#76;2tpPsk&gt;",
		`\u0026lt;L2tpPsk\u0026gt;\u0026lt;`,
		`<L2tpPsk a="`,
		"&lt;L2tpPsk&gt;&lt;L2tpPs&lt;L2tpPs&lt;/L2tpPs",
	}
	for _, u := range units {
		small := []byte(strings.Repeat(u, 5_000))
		large := []byte(strings.Repeat(u, 50_000))
		var ts, tl time.Duration
		find := func(text []byte) func() { return func() { Find(text).Named(text) } }
		watchdog(t, u, func() { ts, tl = fastest(find(small)), fastest(find(large)) })
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
	// The collector off while timing, and the best of five runs: a shared
	// machine (load 13 seen) made the best of three vary by 60 times.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	runtime.GC()
	best := time.Duration(1 << 62)
	for range 5 {
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
