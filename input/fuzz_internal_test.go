package input

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/fuzzlimit"
	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
)

// seeds adds every file of the fixture folders to a fuzz target's seed
// corpus.
func seeds(f *testing.F, dirs ...string) {
	for _, dir := range dirs {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if data, err := os.ReadFile(p); err == nil && len(data) < 1<<20 {
					f.Add(data)
				}
			}
			return nil
		})
	}
}

var allFixtures = []string{"testdata", "../profile/testdata", "../eapxml/testdata", "../fixtures/profiles", "../fixtures/pki", "../fixtures/scenario", "../certcheck/testdata", "../crosscheck/testdata"}

// checkFile fails on a file that breaks the invariants of Read: a kind,
// problems and documents positioned in the file.
func checkFile(t *testing.T, f *File) {
	t.Helper()
	for _, p := range f.Problems {
		if p.Kind == 0 || p.Message == "" || p.Pos.File != f.Name {
			t.Fatalf("bad problem %+v", p)
		}
	}
	for _, d := range f.Docs {
		if d.Text == nil || d.At.File != f.Name {
			t.Fatalf("bad document %+v", d)
		}
	}
}

// FuzzRead covers content sniffing and text decoding (BOMs, UTF-16 with
// and without BOM, legacy code pages) and, through them, every wrapper.
func FuzzRead(f *testing.F) {
	seeds(f, allFixtures...)
	f.Fuzz(func(t *testing.T, data []byte) {
		var file *File
		fuzzlimit.Run(t, len(data), func() { file = Read("fuzz", data, Limits{}) })
		checkFile(t, file)
	})
}

// fuzzWrapper runs one wrapper's extractor directly on decoded text, so the
// fuzzer explores it without first having to pass the sniffer.
func fuzzWrapper(f *testing.F, extract func(r *reader, t *srctext.Text)) {
	seeds(f, "testdata", "../fixtures/profiles")
	f.Fuzz(func(t *testing.T, data []byte) {
		file := &File{Name: "fuzz", Raw: data}
		fuzzlimit.Run(t, len(data), func() {
			text, _, _ := decodeText(data)
			file.Text = srctext.New("fuzz", text)
			extract(&reader{f: file, lim: Limits{}.withDefaults()}, file.Text)
		})
		checkFile(t, file)
	})
}

func FuzzScript(f *testing.F) { fuzzWrapper(f, (*reader).script) }
func FuzzWMI(f *testing.F)    { fuzzWrapper(f, (*reader).wmi) }
func FuzzIntune(f *testing.F) { fuzzWrapper(f, (*reader).intune) }

func FuzzSyncML(f *testing.F) {
	fuzzWrapper(f, func(r *reader, t *srctext.Text) {
		if x, err := xmldoc.Parse(t, r.xml()); err == nil {
			r.syncML(x)
		}
	})
}

// FuzzEscapedEAP covers a ProfileXML whose Eap/Configuration holds escaped
// text: the unescaping and the nested parse.
func FuzzEscapedEAP(f *testing.F) {
	seeds(f, "../eapxml/testdata")
	f.Add([]byte("&lt;EapHostConfig xmlns=&quot;http://www.microsoft.com/provisioning/EapHostConfig&quot;&gt;&lt;/EapHostConfig&gt;"))
	f.Fuzz(func(t *testing.T, data []byte) {
		wrapped := append([]byte("<VPNProfile><NativeProfile><Authentication><Eap><Configuration>"), data...)
		wrapped = append(wrapped, "</Configuration></Eap></Authentication></NativeProfile></VPNProfile>"...)
		var file *File
		fuzzlimit.Run(t, len(wrapped), func() { file = Read("fuzz", wrapped, Limits{}) })
		checkFile(t, file)
	})
}
