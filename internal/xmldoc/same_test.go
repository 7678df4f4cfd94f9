package xmldoc

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/aovpnlint/aovpnlint/internal/fuzzlimit"
	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/beevik/etree"
)

// sameAsReference parses data with Parse and with refParse (encoding/xml,
// the implementation Parse replaced) under the same limits, and returns
// what differs: the error (kind, position, message, related positions,
// limits), or the tree (every token, name, attribute, text), the recorded
// positions of every element, attribute and text, the comments, and the
// nodes drawn from the budget. "" means the same.
func sameAsReference(data []byte, lim Limits) string {
	newLim, refLim := twoLimits(lim)
	got, gotErr := Parse(srctext.New("f.xml", data), newLim)
	want, wantErr := refParse(srctext.New("f.xml", data), refLim)
	switch {
	case gotErr != nil || wantErr != nil:
		if !reflect.DeepEqual(gotErr, wantErr) {
			return fmt.Sprintf("error %+v, encoding/xml %+v", gotErr, wantErr)
		}
		return ""
	case newLim.Budget != nil && newLim.Budget.used != refLim.Budget.used:
		return fmt.Sprintf("%d nodes drawn, encoding/xml %d", newLim.Budget.used, refLim.Budget.used)
	}
	if !reflect.DeepEqual(got.Comments, want.Comments) {
		return fmt.Sprintf("comments %v, encoding/xml %v", got.Comments, want.Comments)
	}
	if len(got.elems) != len(want.nodes) {
		return fmt.Sprintf("%d elements recorded, encoding/xml %d", len(got.elems), len(want.nodes))
	}
	return sameTree(got, want, &got.Tree.Element, &want.Tree.Element, "/")
}

// twoLimits returns two copies of lim for two parses of the same bytes,
// each with a budget of its own in the state of lim's, so that what each
// draws can be compared.
func twoLimits(lim Limits) (a, b Limits) {
	a, b = lim, lim
	if lim.Budget != nil {
		a.Budget, b.Budget = NewBudget(lim.Budget.limit), NewBudget(lim.Budget.limit)
		a.Budget.used, b.Budget.used = lim.Budget.used, lim.Budget.used
	}
	return a, b
}

// referenceFile is a file of the differential tests and its bytes.
type referenceFile struct {
	path string
	raw  []byte
}

// readReferenceFiles reads the files referenceFiles lists, leaving out
// those over 8 MiB.
func readReferenceFiles(t *testing.T) []referenceFile {
	t.Helper()
	var out []referenceFile
	for _, path := range referenceFiles(t) {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(raw) <= 8<<20 {
			out = append(out, referenceFile{path, raw})
		}
	}
	return out
}

// sameTree compares two etree elements, their recorded positions and
// everything below them.
func sameTree(gd *Doc, wd *refDoc, g, w *etree.Element, path string) string {
	if g.Space != w.Space || g.Tag != w.Tag || g.Index() != w.Index() {
		return fmt.Sprintf("%s: element %s:%s #%d, encoding/xml %s:%s #%d", path, g.Space, g.Tag, g.Index(), w.Space, w.Tag, w.Index())
	}
	if (g.Attr == nil) != (w.Attr == nil) || (g.Child == nil) != (w.Child == nil) {
		return fmt.Sprintf("%s: nil attributes or children differ", path)
	}
	if len(g.Attr) != len(w.Attr) {
		return fmt.Sprintf("%s: %d attributes, encoding/xml %d", path, len(g.Attr), len(w.Attr))
	}
	for i := range g.Attr {
		ga, wa := g.Attr[i], w.Attr[i]
		if ga.Space != wa.Space || ga.Key != wa.Key || ga.Value != wa.Value || (ga.Element() == g) != (wa.Element() == w) {
			return fmt.Sprintf("%s: attribute %+v, encoding/xml %+v", path, ga, wa)
		}
	}
	gn, wn := gd.refNode(g), wd.nodes[w]
	if wn != nil {
		wn.end = 0 // not kept
	}
	if (gn == nil) != (wn == nil) || gn != nil && !reflect.DeepEqual(*gn, *wn) {
		return fmt.Sprintf("%s: positions %+v, encoding/xml %+v", path, gn, wn)
	}
	if len(g.Child) != len(w.Child) {
		return fmt.Sprintf("%s: %d children, encoding/xml %d", path, len(g.Child), len(w.Child))
	}
	for i := range g.Child {
		here := fmt.Sprintf("%s%d", path, i)
		switch gc := g.Child[i].(type) {
		case *etree.Element:
			wc, ok := w.Child[i].(*etree.Element)
			if !ok || gc.Parent() != g || wc.Parent() != w {
				return fmt.Sprintf("%s: element, encoding/xml %T", here, w.Child[i])
			}
			if d := sameTree(gd, wd, gc, wc, here+"/"); d != "" {
				return d
			}
		case *etree.CharData:
			wc, ok := w.Child[i].(*etree.CharData)
			if !ok || gc.Data != wc.Data || gc.IsWhitespace() != wc.IsWhitespace() || gc.IsCData() != wc.IsCData() || gc.Index() != wc.Index() || gc.Parent() != g {
				return fmt.Sprintf("%s: text %#v, encoding/xml %#v", here, gc, w.Child[i])
			}
		case *etree.Comment:
			wc, ok := w.Child[i].(*etree.Comment)
			if !ok || gc.Data != wc.Data || gc.Index() != wc.Index() || gc.Parent() != g {
				return fmt.Sprintf("%s: comment %#v, encoding/xml %#v", here, gc, w.Child[i])
			}
		case *etree.ProcInst:
			wc, ok := w.Child[i].(*etree.ProcInst)
			if !ok || gc.Target != wc.Target || gc.Inst != wc.Inst || gc.Index() != wc.Index() || gc.Parent() != g {
				return fmt.Sprintf("%s: processing instruction %#v, encoding/xml %#v", here, gc, w.Child[i])
			}
		case *etree.Directive:
			wc, ok := w.Child[i].(*etree.Directive)
			if !ok || gc.Data != wc.Data || gc.Index() != wc.Index() || gc.Parent() != g {
				return fmt.Sprintf("%s: directive %#v, encoding/xml %#v", here, gc, w.Child[i])
			}
		default:
			return fmt.Sprintf("%s: token %T", here, gc)
		}
	}
	return ""
}

// refNode returns the positions d recorded for e as refParse records
// them (without the end of the start tag, which is not kept).
func (d *Doc) refNode(e *etree.Element) *refNode {
	n := d.node(e)
	if n == nil {
		return nil
	}
	r := &refNode{uri: d.uris[n.uri], start: n.start, close: n.close}
	for _, a := range d.attrSpans(n) {
		r.attrs = append(r.attrs, refAttrSpan{qname: string(d.Src.Data[a.nameOff:a.nameEnd]), nameOff: a.nameOff, value: a.value})
	}
	for k := n.text; k >= 0; k = d.texts[k].next {
		r.texts = append(r.texts, refSpan{d.texts[k].start, d.texts[k].end})
	}
	return r
}

// referenceLimits are the limits the differential tests parse with: the
// default ones, and small ones that the documents break.
var referenceLimits = []Limits{
	DefaultLimits,
	{MaxDepth: 3, MaxElements: 12},
	{MaxDepth: 256, Budget: &Budget{limit: 40, used: 30}},
}

// referenceFiles lists the files the differential test reads: every file
// of the repository's testdata, fixtures and examples folders, and of the
// shared corpus and samples of profiles and NPS exports beside the
// repository.
func referenceFiles(t *testing.T) []string {
	var files []string
	walk := func(root string, keep func(path string) bool) {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !d.Type().IsRegular() {
				return nil
			}
			if keep(path) {
				files = append(files, path)
			}
			return nil
		})
	}
	inFolder := func(path string) bool {
		for _, dir := range strings.Split(filepath.ToSlash(path), "/") {
			if dir == "testdata" || dir == "fixtures" || dir == "examples" {
				return true
			}
		}
		return false
	}
	walk("../..", func(path string) bool { return !strings.Contains(path, "/.git/") && inFolder(path) })
	all := func(string) bool { return true }
	for _, dir := range []string{"../../../shared/corpus", "../../../shared/samples/profiles", "../../../shared/samples/nps"} {
		if _, err := os.Stat(dir); err != nil {
			t.Logf("%s is not beside the repository", dir)
			continue
		}
		walk(dir, all)
	}
	return files
}

// decodings returns data as it is and, for a file in UTF-16 or with a
// byte order mark, as package input decodes it.
func decodings(data []byte) [][]byte {
	out := [][]byte{data}
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		out = append(out, data[3:])
	case len(data) >= 2 && (data[0] == 0xff && data[1] == 0xfe || data[0] == 0xfe && data[1] == 0xff):
		order := binary.ByteOrder(binary.LittleEndian)
		if data[0] == 0xfe {
			order = binary.BigEndian
		}
		units := make([]uint16, 0, len(data)/2)
		for i := 2; i+1 < len(data); i += 2 {
			units = append(units, order.Uint16(data[i:]))
		}
		out = append(out, []byte(string(utf16.Decode(units))))
	}
	return out
}

// TestSameAsReference parses every file of the repository's test data and
// of the shared corpus and samples with Parse and with encoding/xml, under
// the default limits and small ones, and, for each file, versions cut
// short and with one byte changed: the same tree, positions and errors.
func TestSameAsReference(t *testing.T) {
	files := readReferenceFiles(t)
	if len(files) < 100 {
		t.Fatalf("only %d files found", len(files))
	}
	var parsed, failed int
	for _, f := range files {
		path, raw := f.path, f.raw
		for _, data := range decodings(raw) {
			for _, lim := range referenceLimits {
				if d := sameAsReference(data, lim); d != "" {
					t.Errorf("%s: %s", path, d)
				}
			}
			if _, err := Parse(srctext.New("f", data), DefaultLimits); err == nil {
				parsed++
			} else {
				failed++
			}
			for _, v := range variants(data) {
				if d := sameAsReference(v, DefaultLimits); d != "" {
					t.Errorf("%s changed to %.200q: %s", path, v, d)
				}
			}
		}
	}
	t.Logf("%d files: %d decodings parsed, %d refused", len(files), parsed, failed)
	if parsed == 0 || failed == 0 {
		t.Errorf("%d decodings parsed, %d refused: want some of each", parsed, failed)
	}
}

// variants returns versions of data cut short, and with one byte changed
// to one that matters to XML, at a few places spread over it (fewer in a
// large document, to keep the test short).
func variants(data []byte) [][]byte {
	var out [][]byte
	places := 4
	if len(data) > 4<<10 {
		places = 1
	}
	for k := 1; k <= places && len(data) > 0; k++ {
		at := len(data) * k / (places + 1)
		out = append(out, data[:at])
		for _, b := range []byte("<>&;'\"/!?-]\x00\x80\r") {
			v := bytes.Clone(data)
			v[at] = b
			out = append(out, v)
		}
	}
	return out
}

// TestSameAsReferenceCases compares Parse with encoding/xml on documents
// written to reach each rule of the tokenizer: names, attributes,
// references, CDATA, comments, processing instructions, directives,
// namespaces, line ends, invalid UTF-8 and control characters, and the
// end of the document in the middle of each construct.
func TestSameAsReferenceCases(t *testing.T) {
	for _, doc := range referenceCases {
		for _, lim := range referenceLimits {
			if d := sameAsReference([]byte(doc), lim); d != "" {
				t.Errorf("%q (limits %d, %d): %s", doc, lim.MaxDepth, lim.MaxElements, d)
			}
		}
		for _, v := range variants([]byte(doc)) {
			if d := sameAsReference(v, DefaultLimits); d != "" {
				t.Errorf("%q: %s", v, d)
			}
		}
	}
}

// referenceCases are documents written to reach each rule of the
// tokenizer.
var referenceCases = []string{
	"<a/>", "<a></a>", "<a>x</a>", " <a/> ", "\r\n<a/>\r\n", "<a/>x", "<a/>&#32;", "<a/>&amp;", "<a/>\u00a0", "<a/>\u0085x",
	"", " ", "<", "<a", "<a ", "<a b", "<a b=", "<a b='", "<a b='x", "<a b='x'", "<a b='x'/", "<a/", "<a>", "<a></", "<a></a", "<a></a ",
	"<a b='1'c='2'/>", "<a b = \"1\" />", "<a b='x\"y'/>", "<a b=\"x'y\"/>", "<a b='x<y'/>", "<a b='x>y'/>", "<a b='x]]>y'/>",
	"<a b='&amp;&lt;&gt;&apos;&quot;'/>", "<a b='&#65;&#x42;&#x10FFFF;'/>", "<a b='&#xD800;'/>", "<a b='&#0;'/>", "<a b='&#x110000;'/>",
	"<a b='&#99999999999999999999999;'/>", "<a b='&#;'/>", "<a b='&#x;'/>", "<a b='&#X41;'/>", "<a b='&foo;'/>", "<a b='&'/>", "<a b='& '/>",
	"<a b='&amp'/>", "<a b='&#65'/>", "<a b='&1;'/>", "<a b='&;'/>", "<a b='&é;'/>", "<a b='x\r\ny\rz\n'/>", "<a b='\t'/>", "<a b='\x01'/>",
	"<a b='\xff'/>", "<a b='\xc3'/>", "<a b='\xc3\xa9'/>", "<a b='\xef\xbf\xbe'/>", "<a b='\xed\xa0\x80'/>",
	"<a>&amp;&lt;&gt;&apos;&quot;</a>", "<a>&#65;&#x42;</a>", "<a>&#1;</a>", "<a>x&#1;y\x02</a>", "<a>\xff&bad;</a>", "<a>&bad;\xff</a>",
	"<a>]]></a>", "<a>]]&gt;</a>", "<a>]&#93;></a>", "<a>] ]></a>", "<a>]]]></a>", "<a>x\ry\r\nz\n\r</a>", "<a>\r</a>", "<a>\r", "<a>\rx",
	"<a>&", "<a>&a", "<a>&amp", "<a>&#", "<a>&#x", "<a>&#x4", "<a>&#x41", "<a>x", "<a>\xff", "<a>\x01",
	"<a><![CDATA[x<y&z]]></a>", "<a><![CDATA[]]></a>", "<a><![CDATA[]]]></a>", "<a><![CDATA[x\r\ny\r]]></a>", "<a><![CDATA[\x01]]></a>",
	"<a><![CDATA[x", "<a><![CDATA[x]", "<a><![CDATA[x]]", "<a><![CDAT", "<a><![CDATX[x]]></a>", "<a><![cdata[x]]></a>", "<![CDATA[ ]]><a/>", "<![CDATA[x]]><a/>",
	"<a><!-- x --></a>", "<a><!----></a>", "<a><!---></a>", "<a><!-- - --></a>", "<a><!-- -- --></a>", "<a><!-- x ---></a>", "<a><!-x--></a>",
	"<a><!--", "<a><!-- x", "<a><!-- x -", "<a><!-- x --", "<a><!-", "<a><!", "<!-- c --><a/><!-- d -->", "<a><!-- \x01 \xff --></a>",
	"<?xml version='1.0'?><a/>", "<?xml version=\"1.1\"?><a/>", "<?xml version='1.0' encoding='UTF-16'?><a/>", "<?xml encoding='latin1'?><a/>",
	"<?xml?><a/>", "<?xml version=?><a/>", "<?xml version='?><a/>", "<?xml versionx='2'?><a/>", "<?xml version = '2'?><a/>",
	"<?pi data?><a><?pi x?></a>", "<?pi?><a/>", "<??><a/>", "<?1?><a/>", "<?pi", "<?pi ", "<?pi x", "<?pi x?", "<a><?pi ??></a>", "<?a:b:c?><a/>",
	"<!DOCTYPE a><a/>", "<!DOCTYPE a [<!ELEMENT a ANY>]><a/>", "<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>", "<!DOCTYPE a SYSTEM 'x'><a/>",
	"<!DOCTYPE a PUBLIC 'x' 'y'><a/>", "<!DOCTYPE a [<!-- c > --> ]><a/>", "<!DOCTYPE a [<!- x>]><a/>", "<!DOCTYPE a ['>']><a/>",
	"<!DOCTYPE a [\"<!--\"]><a/>", "<!DOCTYPE a <<>>><a/>", "<!DOCTYPE a <!x>><a/>", "<!DOCTYPE a <!-x>><a/>", "<!>><a/>", "<!'>'><a/>",
	"<!DOCTYPE", "<!DOCTYPE a [", "<!DOCTYPE a '", "<!DOCTYPE a <!--", "<!DOCTYPE a <!-- x -", "<a><!DOCTYPE b></a>", "<!x\x01\xff><a/>",
	"<p:a xmlns:p='u'/>", "<p:a/>", "<xml:a/>", "<xmlns:a/>", "<xmlns/>", "<:a/>", "<a:/>", "<a:b:c/>", "<a b:c:d='1'/>", "<a :b='1'/>",
	"<p:a xmlns:p='p'/>", "<p:a xmlns:p='u' xmlns:p='p'/>", "<p:a xmlns:p='p' xmlns:p='u'/>", "<a xmlns='u'><:b/></a>", "<:b/>",
	"<a xmlns:p='u'><p:b/><p:c xmlns:p='v'><p:d/></p:c><p:e/></a>", "<a xmlns:p='u'><b xmlns:p=''><p:c/></b></a>",
	"<p:a xmlns:p='u'></q:a>", "<p:a xmlns:p='u' xmlns:q='u'></q:a>", "<p:a xmlns:p='u'></a>", "<a></p:a>", "<a xmlns='u'></a>",
	"<a x='1' x='2'/>", "<a p:x='1' p:x='2' xmlns:p='u'/>", "<a x='1' y='2' x='3'/>", "<a xmlns:p='u' xmlns:p='v'/>",
	"<a><b></a>", "<a></b>", "</a>", "<a/></a>", "<a/><b/>", "<a></a><b></b>", "<a><b/><c></c></a>", "<a>< b/></a>", "<a></ a>", "<a></a b>",
	"<a></a\n>", "<a></a\r\n\t >", "<a></a x>", "<a></1>", "<a></é>", "<a></a:b:c>", "<1a/>", "<-a/>", "<.a/>", "<é/>", "<aé/>", "<a\xff/>",
	"<\xff/>", "<a\u00b7/>", "<\u00b7/>", "<a\u0300/>", "<\u3007/>", "<a b='1' / >", "<a b='1'/ >", "<a/ >", "<a b='1'\r\n/>", "<a\tb='1'/>",
	"<a b=1/>", "<a b/>", "<a b c='1'/>", "<a b\n=\n'1'/>", "<a 1b='1'/>", "<a b='1'\"/>", "<a b=''''/>", "<a\"/>", "<a=/>", "<a @/>",
	"<a>\xef\xbb\xbf</a>", "\xef\xbb\xbf<a/>", "<a>\t\n\r</a>", "<a>" + strings.Repeat("x", 5000) + "\x01</a>",
	"<r><L2tpPsk>se&cret</L2tpPsk></r>", "<r><L2tpPsk><x a='1'>s<!--c--><?p?></x></L2tpPsk><y/></r>", "<r><Password>\x01</Password></r>",
	"<r><L2tpPsk><L2tpPsk>s</L2tpPsk>t</L2tpPsk></r>", "<r><L2tpPsk></x></L2tpPsk></r>", "<r><L2tpPsk><!DOCTYPE x></L2tpPsk></r>",
	"<a><b><c><d/></c></b></a>", "<a>x<b>y</b>z<!--c-->w<?p q?>v</a>",
	// Tags with more attributes than the small budgets hold, broken before
	// or after the attribute that does not fit.
	"<a a1='1' a2='2' a3='3' a4='4' a5='5' a6='6' a7='7' a8='8' a9='9' a10='10' a11='11' a12='12' a13='13'/>",
	"<a a1='1' a2='2' a3='3' a4='4' a5='5' a6='6' a7='7' a8='8' a9='9' a10='10' a11='11' a12='12' x=y/>",
	"<a x=y a1='1' a2='2' a3='3' a4='4' a5='5' a6='6' a7='7' a8='8' a9='9' a10='10' a11='11' a12='12'/>",
	"<a a1='1' a1='1' a3='3' a4='4' a5='5' a6='6' a7='7' a8='8' a9='9' a10='10' a11='11' a12='12'/>",
	"<r><b/><c/><d/><e a1='1' a2='2' a3='3' a4='4' a5='5' a6='6' a7='7'/><f/></r>",
	"<r><b/><c/><d/><e a1='1' a2='2' a3='3' a4='4' a5='5' a6='6' a7='7' a8='8' a9='9' a10='10'>",
	"<r><b/><c/><d/><e/><f/><g/><h/><i/><j/><k/><l/><m/><1",
	"<r><b/><c/><d/><e/><f/><g/><h/><i/><j/><k/><l/><m/></r>",
}

// FuzzSameAsReference compares Parse with encoding/xml (refParse) on any
// input, under the default limits or the depth and number of nodes given
// (0 for the default): the same tree and positions, or the same error at
// the same place with the same message.
func FuzzSameAsReference(f *testing.F) {
	for i, doc := range referenceCases {
		f.Add([]byte(doc), uint8(i%2*3), uint16(i%3*10))
	}
	for _, pattern := range []string{"../../profile/testdata/*.xml", "../../nps/testdata/*.xml", "../../../shared/corpus/*.xml"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data, uint8(0), uint16(0))
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, depth uint8, nodes uint16) {
		lim := Limits{MaxDepth: int(depth), MaxElements: int(nodes)}
		fuzzlimit.Run(t, len(data), func() {
			if d := sameAsReference(data, lim); d != "" {
				t.Fatal(d)
			}
			if d := sameBare(data, lim); d != "" {
				t.Fatal(d)
			}
		})
	})
}

// TestNamesSameAsReference checks the name tables against encoding/xml's
// judgement of every character of the Basic Multilingual Plane and a few
// beyond it, first in a name and after its first character.
func TestNamesSameAsReference(t *testing.T) {
	check := func(r rune) {
		for _, doc := range []string{"<" + string(r) + "/>", "<a" + string(r) + "/>"} {
			if d := sameAsReference([]byte(doc), DefaultLimits); d != "" {
				t.Fatalf("%q: %s", doc, d)
			}
		}
	}
	for r := rune(0x20); r < 0x10000; r++ {
		check(r)
	}
	for _, r := range []rune{0x10000, 0x1F600, 0xE0001, 0x10FFFF} {
		check(r)
	}
}
