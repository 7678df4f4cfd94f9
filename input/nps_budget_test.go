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

// An NPS export's tree is built bare (package nps reads its attributes and
// text through the Doc), and extract prints it as it prints the whole
// tree; a document that only starts like an export (the head in a comment)
// is read whole, its attributes and text in the tree.
func TestNPSExportBareTree(t *testing.T) {
	files, _ := filepath.Glob("../nps/testdata/*.xml")
	samples, _ := filepath.Glob("../../shared/samples/nps/*.xml")
	files = append(files, samples...)
	exports := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f := input.Read(path, data, input.Limits{})
		if f.Kind != input.NPSExport {
			continue
		}
		exports++
		d := f.Docs[0]
		if !d.XML.Bare() {
			t.Errorf("%s: the export's tree is not bare", path)
		}
		whole, perr := xmldoc.Parse(d.Text, xmldoc.Limits{MaxElements: 1 << 20})
		if perr != nil {
			t.Fatalf("%s: %v", path, perr)
		}
		full := *d
		full.XML = whole
		got, err1 := d.Pretty()
		want, err2 := full.Pretty()
		if err1 != nil || err2 != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: extract printed %d bytes (%v), %d from the whole tree (%v)", path, len(got), err1, len(want), err2)
		}
	}
	if exports < 10 {
		t.Fatalf("only %d exports read", exports)
	}

	profile := `<!-- <Root xmlns:dt="urn:schemas-microsoft-com:datatypes"> -->` + "\n" +
		`<VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>`
	f := input.Read("p.xml", []byte(profile), input.Limits{})
	if f.Kind != input.ProfileXML || len(f.Docs) != 1 {
		t.Fatalf("read as %s with %d documents", f.Kind, len(f.Docs))
	}
	x := f.Docs[0].XML
	if x.Bare() || x.Root.SelectElement("AlwaysOn").Text() != "true" {
		t.Errorf("a profile that starts like an export lost its text: %q", x.Root.SelectElement("AlwaysOn").Text())
	}
}
