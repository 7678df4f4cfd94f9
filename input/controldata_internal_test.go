package input

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"unicode/utf8"
)

// refControlData is controlData as it was before issue 17, kept as the
// reference: it always decodes the head before counting.
func refControlData(head []byte) (foreign, bool) {
	text, _, _ := decodeText(head)
	controls := 0
	for _, c := range text {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' && c != 0x1A && c != 0x1B {
			controls++
		}
	}
	chars := utf8.RuneCount(text)
	if controls < 2 || controls*32 <= chars {
		return foreign{}, false
	}
	return foreign{what: fmt.Sprintf("binary data, not text (%d of its first %d characters are NUL or other control characters)", controls, chars)}, true
}

// fixtureFiles returns the content of every file under dirs.
func fixtureFiles(t *testing.T, dirs ...string) [][]byte {
	var out [][]byte
	for _, dir := range dirs {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if data, err := os.ReadFile(p); err == nil {
					out = append(out, data)
				}
			}
			return nil
		})
	}
	return out
}

// controlCases are heads at the edges of the shortcut controlData takes
// when the bytes hold fewer than two control characters: UTF-16 whose zero
// bytes are the only controls, one control in UTF-8 and in UTF-16, and
// data.
var controlCases = [][]byte{
	[]byte("<VPNProfile>\x01</VPNProfile>"),
	[]byte("\x00\x01"),
	[]byte("\x01\x00"),
	[]byte("\xff\xfe\x01\x00\x02\x00"),
	[]byte("\xff\xfe<\x00a\x00\x01\x00"),
	[]byte("\xef\xbb\xbf\x01\x02"),
	[]byte("a\x00b\x00c\x00\x01\x00"),
	[]byte("\x80\x81\x01\x02 text"),
	{0x00, 0x00, 0x00, 0x00},
	{0x01, 0x02, 0x03, 0x04, 0x05},
}

// TestControlDataMatchesReference checks that controlData judges every
// fixture file and the edge cases as the reference does.
func TestControlDataMatchesReference(t *testing.T) {
	n := 0
	check := func(data []byte) {
		t.Helper()
		head := data[:min(len(data), sniffHead)]
		if got, want := fmtForeign(controlData(head)), fmtForeign(refControlData(head)); got != want {
			t.Fatalf("controlData(%q) = %s, want %s", head[:min(len(head), 64)], got, want)
		}
		n++
	}
	for _, c := range controlCases {
		check(c)
	}
	for _, data := range fixtureFiles(t, allFixtures...) {
		check(data)
	}
	if n < 100 {
		t.Fatalf("%d heads compared; expected the fixture files", n)
	}
}

// FuzzControlDataMatchesReference compares controlData with the reference
// on any bytes.
func FuzzControlDataMatchesReference(f *testing.F) {
	for _, c := range controlCases {
		f.Add(c)
	}
	seeds(f, "testdata", "../fixtures/pki")
	f.Fuzz(func(t *testing.T, data []byte) {
		head := data[:min(len(data), sniffHead)]
		if got, want := fmtForeign(controlData(head)), fmtForeign(refControlData(head)); got != want {
			t.Fatalf("controlData = %s, want %s", got, want)
		}
	})
}

func fmtForeign(k foreign, ok bool) string {
	if !ok {
		return "text"
	}
	return k.what
}

// TestHex4MatchesParseUint checks hex4 against what it replaced,
// strconv.ParseUint(s, 16, 16), on every four-byte string of digits,
// letters and the bytes around them (a \u escape always has four bytes
// after the u: the JSON reader checked it).
func TestHex4MatchesParseUint(t *testing.T) {
	chars := []byte("0189:;@AFGafg_+- x\x00\xff")
	n := 0
	for _, a := range chars {
		for _, b := range chars {
			for _, c := range chars {
				for _, d := range chars {
					h := []byte{a, b, c, d}
					want, err := strconv.ParseUint(string(h), 16, 16)
					if got, ok := hex4(h); got != want || ok != (err == nil) {
						t.Fatalf("hex4(%q) = %d %v, want %d %v", h, got, ok, want, err)
					}
					n++
				}
			}
		}
	}
	if n != len(chars)*len(chars)*len(chars)*len(chars) {
		t.Fatalf("%d strings compared", n)
	}
}
