package fix_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/aovpnlint/aovpnlint/fix"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/fuzzlimit"
	"github.com/beevik/etree"
)

// wrapper writes a document the way a wrapper carries it, and says what
// the document's text reads as in the result (the same, or with CRLF line
// ends).
type wrapper struct {
	name string
	wrap func(doc []byte) []byte
	crlf bool
}

var wrappers = []wrapper{
	{"raw.xml", func(d []byte) []byte { return d }, false},
	{"utf16le_bom_crlf.xml", func(d []byte) []byte { return utf16LE(crlf(d)) }, true},
	{"single.ps1", func(d []byte) []byte {
		return []byte("$ProfileXML = '" + strings.ReplaceAll(string(d), "'", "''") + "'\n")
	}, false},
	{"herestring.ps1", func(d []byte) []byte { return []byte("$ProfileXML = @'\n" + string(d) + "\n'@\n") }, false},
	{"double.ps1", func(d []byte) []byte {
		return []byte("$ProfileXML = \"" + strings.ReplaceAll(string(d), `"`, `""`) + "\"\n")
	}, false},
	{"string.json", func(d []byte) []byte { return intune("omaSettingString", string(d)) }, false},
	{"base64.json", func(d []byte) []byte { return intune("omaSettingStringXml", base64.StdEncoding.EncodeToString(d)) }, false},
	{"cdata.syncml.xml", func(d []byte) []byte { return syncML("<![CDATA[" + string(d) + "]]>") }, false},
	{"escaped.syncml.xml", func(d []byte) []byte { return syncML(html.EscapeString(string(d))) }, false},
	{"escaped.txt", func(d []byte) []byte { return []byte(html.EscapeString(string(d))) }, false},
}

func crlf(d []byte) []byte {
	return bytes.ReplaceAll(bytes.ReplaceAll(d, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
}

func utf16LE(d []byte) []byte {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(string(d))) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

func intune(setting, value string) []byte {
	v, _ := json.Marshal(value) // Go escapes <, > and & as \u003c, as Graph does
	return fmt.Appendf(nil, `{"@odata.type": "#microsoft.graph.windows10CustomConfiguration", "omaSettings": [{"@odata.type": "#microsoft.graph.%s", "omaUri": "./User/Vendor/MSFT/VPNv2/Fuzz/ProfileXML", "value": %s}]}`+"\n", setting, v)
}

func syncML(data string) []byte {
	return []byte(`<SyncML xmlns="SYNCML:SYNCML1.2"><SyncBody><Atomic><CmdID>1</CmdID><Add><CmdID>2</CmdID><Item><Target><LocURI>./Vendor/MSFT/VPNv2/Fuzz/ProfileXML</LocURI></Target><Data>` + data + "</Data></Item></Add></Atomic><Final/></SyncBody></SyncML>\n")
}

// FuzzFix fixes a document carried by each wrapper and proves what fix
// promises: the document fixed inside the wrapper reads exactly as the
// document fixed alone (so the wrapper's escaping, encoding and line ends
// carried the change, and nothing else moved); fixed alone, it parses as
// it did except at the fixed places (the same elements, those that differ
// all on lines the edits touched); a second run changes nothing; the check
// reports none of the findings fixed and no new one.
func FuzzFix(f *testing.F) {
	var seeds []string
	for _, glob := range []string{"testdata/wrappers/raw.xml", "testdata/wrappers/eap.xml", "../profile/testdata/vpn00[346]*.xml",
		"../profile/testdata/vpn067*.xml", "../eapxml/testdata/eap00[12]*.xml", "../eapxml/testdata/eap012*.xml"} {
		files, _ := filepath.Glob(glob)
		seeds = append(seeds, files...)
	}
	for _, p := range seeds {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for i := range wrappers {
			f.Add(data, uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, doc []byte, which uint8) {
		w := wrappers[int(which)%len(wrappers)]
		file := w.wrap(doc)
		bare := doc
		if w.crlf {
			bare = crlf(doc)
		}
		in := input.Read(w.name, file, input.Limits{})
		if len(in.Docs) != 1 || !bytes.Equal(in.Docs[0].Text.Data, bare) || in.Docs[0].XML == nil {
			t.Skip("the wrapper does not carry this document as it is")
		}
		fuzzlimit.Run(t, len(file), func() { checkWrapped(t, w, file, bare) })
	})
}

// checkWrapped is the body of FuzzFix for one wrapped document.
func checkWrapped(t *testing.T, w wrapper, file, bare []byte) {
	wrapped := fixFile(t, w.name, file)
	alone := fixFile(t, "doc.xml", bare)
	if len(wrapped.Fixed) > 0 {
		checkGuarantees(t, w.name, file, wrapped)
	}
	if len(alone.Fixed) > 0 {
		checkGuarantees(t, "doc.xml", bare, alone)
		sameExceptFixed(t, bare, alone)
	}
	// Inside the wrapper, the same changes make the same document.
	fixedKeys := func(r *fix.Result) []string {
		var ks []string
		for _, c := range r.Fixed {
			ks = append(ks, within.ReplaceAllString(key(c.Finding), ""))
		}
		slices.Sort(ks)
		return ks
	}
	if !slices.Equal(fixedKeys(wrapped), fixedKeys(alone)) {
		if wrapped.Refused == "" && len(wrapped.Unfixed) == 0 {
			t.Fatalf("%s fixed %q, the document alone %q, and says nothing of the difference", w.name, fixedKeys(wrapped), fixedKeys(alone))
		}
		return
	}
	got, want := after(wrapped, file), after(alone, bare)
	g, a := input.Read(w.name, got, input.Limits{}), input.Read("doc.xml", want, input.Limits{})
	if len(g.Docs) != 1 || len(a.Docs) != 1 || !bytes.Equal(g.Docs[0].Text.Data, a.Docs[0].Text.Data) {
		t.Fatalf("%s: the fixed file does not hold the document as fixed alone:\n%s\nwant the document:\n%s", w.name, got, want)
	}
}

// within matches where a message says a finding is inside an encoded
// value, which a document alone has not.
var within = regexp.MustCompile(` \(in the [^()]* of the decoded text\)$`)

func after(r *fix.Result, before []byte) []byte {
	if r.After == nil {
		return before
	}
	return r.After
}

// sameExceptFixed checks that the fixed document holds the same elements
// as doc, and that every element of doc whose name, attributes or text
// changed lies on a line an edit touched.
func sameExceptFixed(t *testing.T, doc []byte, res *fix.Result) {
	t.Helper()
	lines := map[int]bool{}
	for _, c := range res.Fixed {
		if c.Pass > 1 {
			return // positions of a later pass are in the file as it was then
		}
		lines[c.Finding.Pos.Line] = true
		for _, sp := range c.Spans {
			for l := sp.Start.Line; l <= sp.End.Line; l++ {
				lines[l] = true
			}
		}
	}
	before, afterElems := elements(t, doc), elements(t, res.After)
	if len(before) != len(afterElems) {
		t.Fatalf("%d elements before fix, %d after", len(before), len(afterElems))
	}
	left := map[string]int{}
	for _, e := range afterElems {
		left[e.desc]++
	}
	for _, e := range before {
		if left[e.desc] > 0 {
			left[e.desc]--
			continue
		}
		touched := false
		for l := e.first; l <= e.last; l++ {
			touched = touched || lines[l]
		}
		if !touched {
			t.Errorf("the element %s (lines %d-%d) changed, but no edit touched it", e.desc, e.first, e.last)
		}
	}
}

type element struct {
	desc        string
	first, last int
}

// elements lists the elements of a document (the first in the file) and
// of the documents escaped in it, each described by its name, attributes
// and trimmed text, with its lines.
func elements(t *testing.T, data []byte) []element {
	t.Helper()
	f := input.Read("doc.xml", data, input.Limits{})
	if len(f.Docs) == 0 || f.Docs[0].XML == nil {
		t.Fatalf("the document does not parse")
	}
	x := f.Docs[0].XML
	var out []element
	var walk func(e *etree.Element)
	walk = func(e *etree.Element) {
		var attrs []string
		for _, a := range e.Attr {
			attrs = append(attrs, a.FullKey()+"="+a.Value)
		}
		slices.Sort(attrs)
		start, end := x.Span(e)
		first, _ := x.Src.LineCol(start)
		last, _ := x.Src.LineCol(end)
		out = append(out, element{fmt.Sprintf("<%s %s>%q", e.FullTag(), strings.Join(attrs, " "), strings.TrimSpace(e.Text())), first, last})
		for _, c := range e.ChildElements() {
			walk(c)
		}
	}
	walk(x.Root)
	return out
}
