package xmldoc

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/beevik/etree"
)

// sameWithoutCharData parses data with and without Limits.NoCharData and
// returns how the two differ beyond the character data the first leaves
// out of the tree: the errors, the nodes drawn, the comments, every
// element's name, positions, attributes and text as Doc reads them, the
// other tokens in order. It returns "" when they do not.
func sameWithoutCharData(data []byte, lim Limits) string {
	leanLim, fullLim := lim, lim
	leanLim.NoCharData = true
	if lim.Budget != nil {
		leanLim.Budget, fullLim.Budget = NewBudget(lim.Budget.limit), NewBudget(lim.Budget.limit)
		leanLim.Budget.used, fullLim.Budget.used = lim.Budget.used, lim.Budget.used
	}
	lean, leanErr := Parse(srctext.New("f.xml", data), leanLim)
	full, fullErr := Parse(srctext.New("f.xml", data), fullLim)
	switch {
	case leanErr != nil || fullErr != nil:
		if !reflect.DeepEqual(leanErr, fullErr) {
			return fmt.Sprintf("error %+v without character data, %+v with", leanErr, fullErr)
		}
		return ""
	case leanLim.Budget != nil && leanLim.Budget.used != fullLim.Budget.used:
		return fmt.Sprintf("%d nodes drawn without character data, %d with", leanLim.Budget.used, fullLim.Budget.used)
	case lean.CharDataInTree() || !full.CharDataInTree():
		return "CharDataInTree does not say how the tree was built"
	case !reflect.DeepEqual(lean.Comments, full.Comments):
		return fmt.Sprintf("comments %v without character data, %v with", lean.Comments, full.Comments)
	case len(lean.elems) != len(full.elems):
		return fmt.Sprintf("%d elements without character data, %d with", len(lean.elems), len(full.elems))
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
		case le.FullTag() != fe.FullTag() || !sameAttrs(le, fe):
			return at + ": name or attributes differ"
		case ln != fn:
			return fmt.Sprintf("%s: positions %+v without character data, %+v with", at, ln, fn)
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
		return "an element of the tree without character data was not found from its place in the tree"
	}
	return ""
}

// sameTokens compares the tokens of a tree built without character data
// (lean) with those of the whole tree (full), character data skipped.
func sameTokens(lean, full []etree.Token, path string) string {
	i := 0
	for _, f := range full {
		if _, ok := f.(*etree.CharData); ok {
			continue
		}
		if i >= len(lean) {
			return path + ": a token is missing without character data"
		}
		l := lean[i]
		if l.Index() != i {
			return fmt.Sprintf("%s%d: index %d", path, i, l.Index())
		}
		i++
		if reflect.TypeOf(l) != reflect.TypeOf(f) {
			return fmt.Sprintf("%s%d: %T without character data, %T with", path, i, l, f)
		}
		if le, ok := l.(*etree.Element); ok {
			if d := sameTokens(le.Child, f.(*etree.Element).Child, fmt.Sprintf("%s%d/", path, i)); d != "" {
				return d
			}
		}
	}
	if i != len(lean) {
		return fmt.Sprintf("%s: %d tokens without character data, %d with (text left out)", path, len(lean), i)
	}
	return ""
}

// TestNoCharData parses every file of the differential test, its decodings,
// cut and changed variants, under each of its limits, with and without
// Limits.NoCharData: nothing may differ but the character data missing
// from the tree.
func TestNoCharData(t *testing.T) {
	var parsed, texts int
	for _, path := range referenceFiles(t) {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(raw) > 8<<20 {
			continue
		}
		for _, data := range decodings(raw) {
			for _, lim := range referenceLimits {
				if d := sameWithoutCharData(data, lim); d != "" {
					t.Errorf("%s: %s", path, d)
				}
			}
			for _, v := range variants(data) {
				if d := sameWithoutCharData(v, DefaultLimits); d != "" {
					t.Errorf("%s changed to %.200q: %s", path, v, d)
				}
			}
			if d, err := Parse(srctext.New("f", data), Limits{NoCharData: true}); err == nil {
				parsed++
				texts += len(d.texts)
			}
		}
	}
	t.Logf("%d documents parsed without character data in the tree, %d runs of text read through Doc", parsed, texts)
	if parsed == 0 || texts == 0 {
		t.Errorf("%d documents parsed, %d runs of text: want some of each", parsed, texts)
	}
}

// sameAttrs compares the attributes of two elements, each naming its own.
func sameAttrs(l, f *etree.Element) bool {
	if len(l.Attr) != len(f.Attr) {
		return false
	}
	for i, a := range l.Attr {
		b := f.Attr[i]
		if a.Space != b.Space || a.Key != b.Key || a.Value != b.Value || a.Element() != l || b.Element() != f {
			return false
		}
	}
	return true
}
