package ovpn

import (
	"bytes"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/testfiles"
)

// isReference is Is as it was before cannotMark let it skip lines that
// start with '<' without splitting them: kept to compare with.
func isReference(data []byte) bool {
	data = data[:min(len(data), isLook)]
	data = bytes.TrimPrefix(data, []byte(bom))
	if t := bytes.TrimLeft(data, " \t\r\n"); bytes.HasPrefix(t, []byte("<?xml")) || bytes.HasPrefix(t, []byte("<!")) {
		return false
	}
	var tk tokenizer
	inPEM := false
	for at := 0; at < len(data); {
		end := lineEnd(data, at, len(data))
		line := data[at:min(end+1, len(data))]
		at = end + 1
		switch {
		case isPEMBegin(line):
			inPEM = true
			continue
		case isPEMEnd(line):
			inPEM = false
			continue
		case inPEM:
			continue
		}
		if nul := bytes.IndexByte(line, 0); nul >= 0 {
			line = line[:nul]
		}
		words, _, bad := tk.split(line, 0)
		if bad.msg != "" || len(words) == 0 {
			continue
		}
		if len(words) == 1 && isTag(words[0]) {
			if markerTags()[words[0].value[1:len(words[0].value)-1]] {
				return true
			}
			continue
		}
		if isMarker(words) {
			return true
		}
	}
	return false
}

// isFiles returns the texts the comparison reads: every file of the
// repository's and the shared folders' testdata, fixtures, samples and
// corpus that is not larger than Is reads.
func isFiles(t testing.TB) [][]byte {
	return testfiles.Data(t, 1<<20, "testdata/*", "../*/testdata/*", "../*/testdata/*/*", "../fixtures/*/*", "../examples/*/*",
		"../../shared/corpus/*", "../../shared/samples/*/*")
}

// TestIsSameAsReference compares Is with isReference on every file found,
// and on each of them with "<ca>", "<c\\a>", "< ca>" and "<ca> x" lines
// added at the front.
func TestIsSameAsReference(t *testing.T) {
	files := isFiles(t)
	yes := 0
	for _, data := range files {
		for _, head := range []string{"", "<ca>\n", "<c\\a>\n", "< ca>\n", "<ca> x\n", "  <connection>\r\n", "<VPNProfile>\n<ca>\n"} {
			d := append([]byte(head), data...)
			if got, want := Is(d), isReference(d); got != want {
				t.Fatalf("Is = %v, before %v, on %.200q", got, want, d)
			} else if got {
				yes++
			}
		}
	}
	t.Logf("%d files, %d texts read as OpenVPN", len(files), yes)
	if len(files) < 500 || yes == 0 {
		t.Errorf("%d files, %d read as OpenVPN: want more of each", len(files), yes)
	}
}

func FuzzIsSameAsReference(f *testing.F) {
	for _, s := range []string{"<ca>\n", "<VPNProfile>\n<ca>\n", "<a>\nclient\n", "<c\\a>", "\t<key>\n", "<cert>#x\n"} {
		f.Add([]byte(s))
	}
	for _, data := range isFiles(f)[:40] {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := Is(data), isReference(data); got != want {
			t.Fatalf("Is = %v, before %v", got, want)
		}
	})
}
