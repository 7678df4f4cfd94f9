package input_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
	"github.com/beevik/etree"
)

// npsExport writes an NPS export of about n nodes: elements with a name
// and a data type each, as netsh nps export writes them.
func npsExport(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?>` + "\n" + `<Root xmlns:dt="urn:schemas-microsoft-com:datatypes"><Children><Microsoft_Internet_Authentication_Service name="Microsoft_Internet_Authentication_Service"><Children>`)
	for i := 0; i < n/4; i++ {
		fmt.Fprintf(&b, `<Client%d name="c%d" dt:dt="int">%d</Client%d>`+"\n", i, i, i, i)
	}
	b.WriteString(`</Children></Microsoft_Internet_Authentication_Service></Children></Root>`)
	return []byte(b.String())
}

// An NPS export may hold three times the nodes of another file (its
// elements carry two or three attributes each, and the specification's
// limit counts elements); past that it is refused like any other.
func TestNPSExportNodeBudget(t *testing.T) {
	f := input.Read("nps.xml", npsExport(150_000), input.Limits{})
	if f.Kind != input.NPSExport {
		t.Fatalf("an export of 150,000 nodes read as %s (%v)", f.Kind, f.Problems)
	}
	f = input.Read("nps.xml", npsExport(400_000), input.Limits{})
	refused := false
	for _, p := range f.Problems {
		refused = refused || p.Kind == input.OverLimit
	}
	if !refused {
		t.Errorf("an export of 400,000 nodes was read: kind %s, problems %v", f.Kind, f.Problems)
	}
	// A profile gets no such allowance.
	profile := "<VPNProfile>" + strings.Repeat(`<Route a="1" b="2" c="3"/>`, 30_000) + "</VPNProfile>"
	f = input.Read("p.xml", []byte(profile), input.Limits{})
	refused = false
	for _, p := range f.Problems {
		refused = refused || p.Kind == input.OverLimit
	}
	if !refused {
		t.Errorf("a profile of 120,000 nodes was read")
	}
}

// Every document's tree is built bare (the parsers read attributes and
// text through the xmldoc.Doc), and extract prints it from the whole tree:
// the values and attributes are in its output, and an export's secrets are
// not.
func TestBareTreesPrintedWhole(t *testing.T) {
	files, _ := filepath.Glob("../nps/testdata/*.xml")
	samples, _ := filepath.Glob("../../shared/samples/nps/*.xml")
	profiles, _ := filepath.Glob("../profile/testdata/ok_*.xml")
	files = append(append(files, samples...), profiles...)
	docs := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f := input.Read(path, data, input.Limits{})
		for _, d := range f.Docs {
			if d.XML == nil {
				continue
			}
			docs++
			if !d.XML.Bare() {
				t.Errorf("%s: the tree is not bare", path)
			}
			out, err := d.Pretty()
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			// The root's attributes and the first value, as Doc reads
			// them, are printed.
			root := d.XML.Root
			for name, value := range d.XML.Attrs(root) {
				if !bytes.Contains(out, []byte(name+`="`+value+`"`)) {
					t.Errorf("%s: the root's attribute %s=%q is not printed", path, name, value)
				}
			}
			if v := firstValue(d.XML, root); v != "" && !bytes.Contains(out, []byte(">"+v+"<")) {
				t.Errorf("%s: the value %q is not printed", path, v)
			}
			if bytes.Contains(out, []byte("not-a-real-secret")) {
				t.Errorf("%s: a secret is printed", path)
			}
		}
	}
	if docs < 20 {
		t.Fatalf("only %d documents read", docs)
	}
}

// firstValue returns the text of the first leaf element below e, in
// document order, that holds text without markup in it.
func firstValue(x *xmldoc.Doc, e *etree.Element) string {
	for c := range e.ChildElementsSeq() {
		if v := firstValue(x, c); v != "" {
			return v
		}
	}
	if b, _, ok := x.PlainText(e); ok {
		if v := strings.TrimSpace(string(b)); v != "" && v == string(b) && !strings.ContainsAny(v, "<>&") && !secretName(e.Tag) {
			return v
		}
	}
	return ""
}

// secretName reports the elements whose text extract withholds.
func secretName(tag string) bool {
	return strings.Contains(strings.ToLower(tag), "secret") || strings.Contains(strings.ToLower(tag), "psk") || strings.Contains(strings.ToLower(tag), "password")
}
