package xmldoc

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/beevik/etree"
)

// sameBare parses data with and without Limits.Bare and returns how the
// two differ beyond the attributes and character data the first leaves
// out of the tree: the errors, the nodes drawn, the comments, every
// element's name, positions, attributes and text as Doc reads them, the
// other tokens in order. It returns "" when they do not.
func sameBare(data []byte, lim Limits) string {
	leanLim, fullLim := twoLimits(lim)
	leanLim.Bare = true
	lean, leanErr := Parse(srctext.New("f.xml", data), leanLim)
	full, fullErr := Parse(srctext.New("f.xml", data), fullLim)
	switch {
	case leanErr != nil || fullErr != nil:
		if !reflect.DeepEqual(leanErr, fullErr) {
			return fmt.Sprintf("error %+v bare, %+v whole", leanErr, fullErr)
		}
		return ""
	case leanLim.Budget != nil && leanLim.Budget.used != fullLim.Budget.used:
		return fmt.Sprintf("%d nodes drawn bare, %d whole", leanLim.Budget.used, fullLim.Budget.used)
	case !lean.Bare() || full.Bare():
		return "Bare does not say how the tree was built"
	case !reflect.DeepEqual(lean.Comments, full.Comments):
		return fmt.Sprintf("comments %v bare, %v whole", lean.Comments, full.Comments)
	case len(lean.elems) != len(full.elems):
		return fmt.Sprintf("%d elements bare, %d whole", len(lean.elems), len(full.elems))
	case !reflect.DeepEqual(lean.texts, full.texts) || !reflect.DeepEqual(lean.attrs, full.attrs) || !reflect.DeepEqual(lean.uris, full.uris):
		return "the positions of texts, attributes or namespaces differ"
	}
	if d := sameTokens(lean.Tree.Child, full.Tree.Child, "/"); d != "" {
		return d
	}
	for i := range lean.elems {
		le, fe := lean.elems[i], full.elems[i]
		ln, fn := lean.info[i], full.info[i]
		ln.kids, ln.nkids, fn.kids, fn.nkids = 0, 0, 0, 0 // the lean lists hold no text tokens
		at := fmt.Sprintf("element %d <%s>", i, fe.FullTag())
		switch {
		case le.FullTag() != fe.FullTag() || !sameAttrs(fe, fe.Attr, fe) || len(le.Attr) != 0:
			return at + ": name or attributes differ"
		case !sameAttrs(fe, attrsOf(lean, le), nil) || !sameAttrs(fe, attrsOf(full, fe), nil):
			return at + ": Attrs differs from the tree's attributes"
		case ln != fn:
			return fmt.Sprintf("%s: positions %+v bare, %+v whole", at, ln, fn)
		case lean.Pos(le) != full.Pos(fe) || lean.TextPos(le) != full.TextPos(fe) || lean.QuoteName(le) != full.QuoteName(fe) || !reflect.DeepEqual(lean.Decls(le), full.Decls(fe)):
			return at + ": Pos, TextPos, QuoteName or Decls differ"
		case !bytes.Equal(lean.Text(le).Data, full.Text(fe).Data) || lean.HasText(le) != full.HasText(fe) || lean.Escaped(le) != full.Escaped(fe):
			return at + ": Text, HasText or Escaped differ"
		case lean.index(le) != int32(i):
			return fmt.Sprintf("%s: found at %d in the lean document", at, lean.index(le))
		}
		lb, lo, lok := lean.PlainText(le)
		fb, fo, fok := full.PlainText(fe)
		if lok != fok || lo != fo || !bytes.Equal(lb, fb) {
			return at + ": PlainText differs"
		}
	}
	if lean.byElem != nil && full.byElem == nil {
		return "an element of the bare tree was not found from its place in the tree"
	}
	return ""
}

// sameTokens compares the tokens of a tree built bare
// (lean) with those of the whole tree (full), character data skipped.
func sameTokens(lean, full []etree.Token, path string) string {
	i := 0
	for _, f := range full {
		if _, ok := f.(*etree.CharData); ok {
			continue
		}
		if i >= len(lean) {
			return path + ": a token is missing in the bare tree"
		}
		l := lean[i]
		if l.Index() != i {
			return fmt.Sprintf("%s%d: index %d", path, i, l.Index())
		}
		i++
		if reflect.TypeOf(l) != reflect.TypeOf(f) {
			return fmt.Sprintf("%s%d: %T bare, %T whole", path, i, l, f)
		}
		if le, ok := l.(*etree.Element); ok {
			if d := sameTokens(le.Child, f.(*etree.Element).Child, fmt.Sprintf("%s%d/", path, i)); d != "" {
				return d
			}
		}
	}
	if i != len(lean) {
		return fmt.Sprintf("%s: %d tokens bare, %d whole (text left out)", path, len(lean), i)
	}
	return ""
}

// TestBare parses every file of the differential test, its decodings, cut
// and changed variants, under each of its limits, with and without
// Limits.Bare: nothing may differ but the attributes and character data
// missing from the tree, which Doc reads the same.
func TestBare(t *testing.T) {
	var parsed, texts int
	for _, f := range readReferenceFiles(t) {
		path, raw := f.path, f.raw
		for _, data := range decodings(raw) {
			for _, lim := range referenceLimits {
				if d := sameBare(data, lim); d != "" {
					t.Errorf("%s: %s", path, d)
				}
			}
			for _, v := range variants(data) {
				if d := sameBare(v, DefaultLimits); d != "" {
					t.Errorf("%s changed to %.200q: %s", path, v, d)
				}
			}
			if d, err := Parse(srctext.New("f", data), Limits{Bare: true}); err == nil {
				parsed++
				texts += len(d.texts)
			}
		}
	}
	t.Logf("%d documents parsed bare, %d runs of text read through Doc", parsed, texts)
	if parsed == 0 || texts == 0 {
		t.Errorf("%d documents parsed, %d runs of text: want some of each", parsed, texts)
	}
}

// sameAttrs compares the attributes of f, the element of the whole tree,
// with attrs, which name owner.
func sameAttrs(f *etree.Element, attrs []etree.Attr, owner *etree.Element) bool {
	if len(attrs) != len(f.Attr) {
		return false
	}
	for i, a := range attrs {
		b := f.Attr[i]
		if a.Space != b.Space || a.Key != b.Key || a.Value != b.Value || a.Element() != owner || b.Element() != f {
			return false
		}
	}
	return true
}

// attrsOf collects d.Attrs(e) as etree attributes (naming no element),
// after checking that d.Attr finds each.
func attrsOf(d *Doc, e *etree.Element) []etree.Attr {
	var out []etree.Attr
	seen := map[string]bool{} // Attr finds the first of a name (":b" and "b" are one to etree)
	for name, value := range d.Attrs(e) {
		if v, pos, ok := d.Attr(e, name); !ok || !seen[name] && (v != value || pos != d.AttrPos(e, name)) {
			return nil
		}
		seen[name] = true
		a := etree.Attr{Key: name, Value: value}
		if space, key, ok := strings.Cut(name, ":"); ok {
			a.Space, a.Key = space, key
		}
		out = append(out, a)
	}
	return out
}

// TestWhole parses every file of the differential test bare, makes it
// whole and compares the tree, written out, with the tree of a whole
// parse; a document embedded in an element follows to the same element of
// the new tree, whole too; a whole document is its own Whole.
func TestWhole(t *testing.T) {
	checked := 0
	for _, f := range readReferenceFiles(t) {
		path, raw := f.path, f.raw
		bare, berr := Parse(srctext.New(path, raw), Limits{MaxDepth: 256, MaxElements: 1 << 20, Bare: true})
		full, ferr := Parse(srctext.New(path, raw), Limits{MaxDepth: 256, MaxElements: 1 << 20})
		if berr != nil || ferr != nil {
			continue
		}
		if w, _ := full.Whole(); w != full {
			t.Fatalf("%s: Whole of a whole document is another document", path)
		}
		// Attach the root's copy as a document embedded in the last element.
		last := bare.elems[len(bare.elems)-1]
		nested, _ := Parse(srctext.New(path, raw), Limits{MaxDepth: 256, MaxElements: 1 << 20, Bare: true})
		bare.Embedded = map[*etree.Element]*Doc{last: nested}
		w, werr := bare.Whole()
		if werr != nil {
			t.Fatalf("%s: %v", path, werr)
		}
		if w.Bare() || written(w) != written(full) {
			t.Fatalf("%s: the whole tree made from the bare one differs from a whole parse", path)
		}
		got := w.Embedded[w.elems[len(w.elems)-1]]
		if len(w.Embedded) != 1 || got == nil || got.Bare() || written(got) != written(full) {
			t.Fatalf("%s: the embedded document did not follow its element", path)
		}
		checked++
	}
	if checked < 100 {
		t.Fatalf("only %d documents checked", checked)
	}
}

// written returns d's tree as etree writes it.
func written(d *Doc) string {
	var b strings.Builder
	d.Tree.WriteTo(&b)
	return b.String()
}
