package input

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
)

// refSkipString is skipString as it was before issue 17's second round,
// kept as the reference: one byte at a time, the backslashes counted
// afterwards as textCost counted them.
func refSkipString(p *jsonParser) (int, *jsonError) {
	start := p.i
	p.i++ // opening quote
	for p.i < len(p.data) {
		switch c := p.data[p.i]; {
		case c == '"':
			p.i++
			return bytes.Count(p.data[start:p.i], []byte{'\\'}), nil
		case c == '\\':
			if p.i+1 >= len(p.data) {
				return 0, p.fail("unexpected end of JSON in a string")
			}
			switch p.data[p.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p.i += 2
			case 'u':
				if p.i+6 > len(p.data) {
					return 0, p.fail("incomplete \\u escape")
				}
				if _, ok := hex4(p.data[p.i+2 : p.i+6]); !ok {
					return 0, p.fail("invalid \\u escape")
				}
				p.i += 6
			default:
				if sec, ok := p.t.Secret(p.i+1, p.i+2); ok {
					return 0, p.fail("invalid escape (%s)", sec.Withheld())
				}
				return 0, p.fail("invalid escape \\%s", p.t.Quote(p.i+1, p.i+2))
			}
		case c < 0x20:
			return 0, p.fail("control character in a string")
		default:
			p.i++
		}
	}
	return 0, p.fail("unterminated string")
}

// refJSONStringInto is jsonStringInto as it was before issue 17's second
// round, kept as the reference: byte by byte, every decoded character
// through Builder.Decoded.
func refJSONStringInto(b *srctext.Builder, data []byte, start, end int) bool {
	escaped := false
	plain := start + 1
	i := plain
	for i < end-1 {
		if data[i] != '\\' {
			i++
			continue
		}
		b.Copy(data[plain:i], plain)
		escaped = true
		switch e := data[i+1]; e {
		case 'u':
			r1, _ := hex4(data[i+2 : i+6])
			r := rune(r1)
			n := 6
			if utf16.IsSurrogate(r) && i+12 <= end-1 && data[i+6] == '\\' && data[i+7] == 'u' {
				if r2, ok := hex4(data[i+8 : i+12]); ok {
					if d := utf16.DecodeRune(r, rune(r2)); d != utf8.RuneError {
						r, n = d, 12
					}
				}
			}
			var enc [utf8.UTFMax]byte
			b.Decoded(utf8.AppendRune(enc[:0], r), i)
			i += n
		default:
			b.Decoded([]byte{jsonEscape(e)}, i)
			i += 2
		}
		plain = i
	}
	b.Copy(data[plain:end-1], plain)
	return escaped
}

// refRawControls is rawControls as it was before issue 17's second round:
// byte by byte.
func refRawControls(head []byte) int {
	n := 0
	for _, c := range head {
		if isControl[c] {
			if n++; n == 2 {
				break
			}
		}
	}
	return n
}

// wordCases returns words to try the word-at-a-time tests on: each byte
// value at each of the eight places among neighbours that stop nothing
// and that stop (so that a borrow from a lower byte is tried too), and
// random words from bytes near the edges.
func wordCases() []uint64 {
	var out []uint64
	for _, fill := range []byte{'a', 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xFF, 0x00, 0x1F, '"', '\\'} {
		for place := range 8 {
			for c := range 256 {
				var w [8]byte
				for k := range w {
					w[k] = fill
				}
				w[place] = byte(c)
				out = append(out, binary.LittleEndian.Uint64(w[:]))
			}
		}
	}
	edges := []byte{0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0x9F, 0xA0, 0xA2, 0xDC, 0xFF, 'a', 'n'}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		var w [8]byte
		for k := range w {
			w[k] = edges[r.IntN(len(edges))]
		}
		out = append(out, binary.LittleEndian.Uint64(w[:]))
	}
	return out
}

// TestWordTestsAreExact checks jsonStops and hasLow against the bytes of
// each word looked at one by one: a word they pass over must hold no byte
// that skipString or rawControls has to look at, and a word they stop at
// must hold one (else the fast path would never be taken).
func TestWordTestsAreExact(t *testing.T) {
	for _, w := range wordCases() {
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], w)
		stop, low := false, false
		for _, c := range b {
			stop = stop || c == '"' || c == '\\' || c < 0x20
			low = low || c < 0x20
		}
		if got := jsonStops(w); got != stop {
			t.Fatalf("jsonStops(% x) = %v, want %v", b, got, stop)
		}
		if got := hasLow(w); got != low {
			t.Fatalf("hasLow(% x) = %v, want %v", b, got, low)
		}
	}
}

// jsonStringCases are string tokens (and broken ones) at the edges of
// skipString's word-at-a-time path: escapes and quotes at each place of a
// word, near the end of the data, control characters, bad escapes.
func jsonStringCases() [][]byte {
	var out [][]byte
	pieces := []string{`\u003c`, `\n`, `\"`, `\\`, `\/`, `\ud83d\ude00`, `\ud83d`, `é`, "\x01", "\x1f", `\x`, `\u12`, `\u12g4`, `"`, `\`, "a"}
	for _, p := range pieces {
		for pad := range 18 {
			s := `"` + strings.Repeat("a", pad) + p + strings.Repeat("b", 17-pad) + `"`
			out = append(out, []byte(s))
			out = append(out, []byte(s[:len(s)-1-pad%5])) // cut short
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 5_000 {
		var b strings.Builder
		b.WriteByte('"')
		for range r.IntN(40) {
			b.WriteString(pieces[r.IntN(len(pieces))])
			b.WriteString(strings.Repeat("x", r.IntN(12)))
		}
		b.WriteByte('"')
		out = append(out, []byte(b.String()))
	}
	return out
}

// checkStringAsReference compares skipString, and for a valid token the
// decoding, with the references on the string token starting data.
func checkStringAsReference(t *testing.T, data []byte) {
	t.Helper()
	text := srctext.New("f", data)
	p := &jsonParser{t: text, data: data}
	ref := &jsonParser{t: text, data: data}
	n, err := p.skipString()
	refN, refErr := refSkipString(ref)
	if fmt.Sprint(err) != fmt.Sprint(refErr) || p.i != ref.i || err == nil && n != refN {
		t.Fatalf("skipString(%q) = %d, %v at %d; want %d, %v at %d", data, n, err, p.i, refN, refErr, ref.i)
	}
	if err != nil {
		return
	}
	var got, want srctext.Builder
	gotEscaped := jsonStringInto(&got, data, 0, p.i)
	wantEscaped := refJSONStringInto(&want, data, 0, p.i)
	g, w := got.Text(text), want.Text(text)
	if gotEscaped != wantEscaped || !bytes.Equal(g.Data, w.Data) {
		t.Fatalf("decoding %q: %q escaped %v, want %q escaped %v", data[:p.i], g.Data, gotEscaped, w.Data, wantEscaped)
	}
	if runs := mapRuns(g); runs > p.runs || p.runs > 2*n+1 {
		t.Fatalf("decoding %q made %d runs; skipString counted %d, which should be at least that and at most %d", data[:p.i], runs, p.runs, 2*n+1)
	}
	for off := 0; off <= len(g.Data); off++ {
		if gr, _ := g.Root(off); true {
			if wr, _ := w.Root(off); gr != wr {
				t.Fatalf("decoding %q: offset %d maps to %d, want %d", data[:p.i], off, gr, wr)
			}
		}
	}
}

// mapRuns returns the number of runs of a text's map, from what Own
// counts.
func mapRuns(t *srctext.Text) int {
	if own := t.Own(); own > 0 {
		return int((own - int64(len(t.Data))) / int64(unsafe.Sizeof(srctext.Run{})))
	}
	return 0
}

// TestJSONValueMapAtItsRuns checks that the decoded ProfileXML of an
// Intune export has its map made at the runs skipString counted, not two
// per escape: json.Marshal writes "\u003e\n" side by side at each line's
// end. The bytes text allocates are those of the token's size and of its
// map, with an eighth more (the allocator's size classes) and the text.
func TestJSONValueMapAtItsRuns(t *testing.T) {
	data, err := os.ReadFile("../fixtures/scenario/profiles/user-tunnel.xml")
	if err != nil {
		t.Fatal(err)
	}
	export, err := json.Marshal(map[string]string{"value": string(data)})
	if err != nil {
		t.Fatal(err)
	}
	text := srctext.New("f", export)
	v, _, jerr := parseJSON(text, 8, 100)
	if jerr != nil {
		t.Fatal(jerr.msg)
	}
	val := v.field("value")
	var decoded *srctext.Text
	got := allocatedBy(func() { decoded, _ = val.text(text) })
	runs := mapRuns(decoded)
	want := uint64(srctext.Cost(val.end-val.start, runs))*9/8 + 256 // the token's size, size classes, the text
	if runs == 0 || got > want {
		t.Errorf("decoding %d bytes with %d backslashes into %d runs allocated %d bytes; expected at most %d", val.end-val.start, val.backslash, runs, got, want)
	}
	t.Logf("%d bytes, %d backslashes, %d runs counted, %d made, %d bytes allocated", val.end-val.start, val.backslash, val.runs, runs, got)
}

// TestJSONStringsAsReference checks skipString (its end, error and count
// of backslashes) and jsonStringInto (the bytes and where each comes from)
// against the byte-by-byte references, on the edge cases and on every
// string of the JSON fixtures.
func TestJSONStringsAsReference(t *testing.T) {
	for _, c := range jsonStringCases() {
		checkStringAsReference(t, c)
	}
	n := 0
	filepath.WalkDir("testdata", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range data {
			if c == '"' && (i == 0 || data[i-1] != '\\') {
				checkStringAsReference(t, data[i:])
				n++
			}
		}
		return nil
	})
	if n < 100 {
		t.Fatalf("%d strings of the JSON fixtures compared; expected those of testdata", n)
	}
}

// FuzzJSONStringsAsReference compares skipString and jsonStringInto with
// the references on any bytes after an opening quote.
func FuzzJSONStringsAsReference(f *testing.F) {
	for _, c := range jsonStringCases()[:200] {
		f.Add(c[1:])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkStringAsReference(t, append([]byte{'"'}, data...))
	})
}

// TestRawControlsAsReference checks rawControls against the byte-by-byte
// reference on heads with controls at every place of a word, text with
// line ends, and random bytes.
func TestRawControlsAsReference(t *testing.T) {
	var cases [][]byte
	for _, c := range []byte{0x00, 0x01, 0x08, 0x09, 0x0A, 0x0D, 0x1A, 0x1B, 0x1F} {
		for i := range 20 {
			for j := i; j < 20; j++ {
				head := bytes.Repeat([]byte("ab \xff"), 6)[:21]
				head[i], head[j] = c, 0x02
				cases = append(cases, head, head[:j], head[i:])
			}
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 20_000 {
		head := make([]byte, r.IntN(70))
		for k := range head {
			if r.IntN(8) == 0 {
				head[k] = byte(r.IntN(0x20))
			} else {
				head[k] = byte(0x20 + r.IntN(0xE0))
			}
		}
		cases = append(cases, head)
	}
	for _, data := range fixtureFiles(t, allFixtures...) {
		cases = append(cases, data[:min(len(data), sniffHead)])
	}
	for _, head := range cases {
		if got, want := rawControls(head), refRawControls(head); got != want {
			t.Fatalf("rawControls(%q) = %d, want %d", head, got, want)
		}
	}
}
