package aovpnlint

import (
	"strings"
	"testing"
)

// panicReader panics when it is read, as a bug in aovpnlint would.
type panicReader struct{}

func (panicReader) Read([]byte) (int, error) { panic("index out of range [3] with length 3") }

// TestPanicBecomesInternalError makes reading the second of three files
// panic: that file gets one IN009 finding, and the other two are still
// checked, many times over so that the workers share them.
func TestPanicBecomesInternalError(t *testing.T) {
	for _, n := range []int{1, 40} {
		var files []File
		for range n {
			files = append(files,
				File{Name: "a.xml", Data: []byte("<VPNProfile><NativeProfile/></VPNProfile>")},
				File{Name: "b.xml", Reader: panicReader{}},
				File{Name: "c.xml", Data: []byte("<VPNProfile/>")})
		}
		out, err := Lint(files, Options{})
		if err != nil {
			t.Fatal(err)
		}
		perFile := map[string][]string{}
		for _, f := range out {
			perFile[f.Pos.File] = append(perFile[f.Pos.File], f.Rule.ID)
			if f.Rule == InternalError {
				if f.Pos.Line != 1 || f.Pos.Col != 1 || !strings.Contains(f.Message, `internal error while reading: "index out of range [3] with length 3"`) {
					t.Errorf("IN009 finding %s", f)
				}
			}
		}
		if got := perFile["b.xml"]; len(got) != n || got[0] != "IN009" {
			t.Errorf("the panicking input has %v, want %d IN009", got, n)
		}
		if len(perFile["a.xml"]) == 0 || len(perFile["c.xml"]) == 0 {
			t.Errorf("the other files were not checked: %v", perFile)
		}
	}
}
