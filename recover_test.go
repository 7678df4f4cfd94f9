package aovpnlint

import (
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/input"
)

// TestPanicBecomesInternalError makes reading the second of three files
// panic: that file gets one IN009 finding, and the other two are still
// checked.
func TestPanicBecomesInternalError(t *testing.T) {
	files := []*input.File{
		input.Read("a.xml", []byte("<VPNProfile><NativeProfile/></VPNProfile>"), input.Limits{}),
		nil,
		input.Read("c.xml", []byte("<VPNProfile/>"), input.Limits{}),
	}
	out := run(len(files), func(i int) (*input.File, certcheck.Role) {
		if files[i] == nil {
			panic("index out of range [3] with length 3")
		}
		return files[i], certcheck.RoleUnknown
	}, Options{})
	perFile := map[string][]string{}
	for _, f := range out {
		perFile[f.Pos.File] = append(perFile[f.Pos.File], f.Rule.ID)
		if f.Rule == InternalError {
			if f.Pos.Line != 1 || f.Pos.Col != 1 || !strings.Contains(f.Message, `internal error while reading: "index out of range [3] with length 3"`) {
				t.Errorf("IN009 finding %s", f)
			}
		}
	}
	if got := perFile["input 2"]; len(got) != 1 || got[0] != "IN009" {
		t.Errorf("the panicking input has %v, want one IN009", got)
	}
	if len(perFile["a.xml"]) == 0 || len(perFile["c.xml"]) == 0 {
		t.Errorf("the other files were not checked: %v", perFile)
	}
}
