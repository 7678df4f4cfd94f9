package input

import (
	"bytes"

	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
	"github.com/beevik/etree"
)

// Redacted replaces secrets in [Doc.Pretty] output.
const Redacted = "(redacted by aovpnlint)"

// secretElements are the ProfileXML elements whose text is a secret: the
// L2TP pre-shared key and the APN binding password.
var secretElements = []string{"L2tpPsk", "Password"}

// Pretty returns the document as indented UTF-8 XML: an EapHostConfig that
// was escaped inside Eap/Configuration is written back as elements, the
// XML declaration is dropped (the output is UTF-8 whatever the input was),
// and secrets (L2tpPsk, Password) are replaced by [Redacted]. A document
// that is not well-formed is returned as extracted.
func (d *Doc) Pretty() []byte {
	if d.XML == nil {
		return d.Text.Data
	}
	tree := d.XML.Tree.Copy()
	unescapeEmbedded(d.XML, d.XML.Root, tree.Root())
	redact(tree.Root())
	for _, t := range tree.Child {
		if pi, ok := t.(*etree.ProcInst); ok && pi.Target == "xml" {
			tree.RemoveChild(pi)
		}
	}
	tree.Indent(2)
	var b bytes.Buffer
	tree.WriteTo(&b)
	return b.Bytes()
}

// unescapeEmbedded walks the original tree and its copy side by side and
// replaces the escaped text of each element with an embedded document by
// that document's elements.
func unescapeEmbedded(x *xmldoc.Doc, orig, cp *etree.Element) {
	kids, cpKids := orig.ChildElements(), cp.ChildElements()
	if nested := x.Embedded[orig]; nested != nil {
		for _, t := range append([]etree.Token{}, cp.Child...) {
			cp.RemoveChild(t)
		}
		cp.AddChild(nested.Root.Copy())
		return
	}
	for i := range kids {
		if i < len(cpKids) {
			unescapeEmbedded(x, kids[i], cpKids[i])
		}
	}
}

func redact(e *etree.Element) {
	for _, c := range e.ChildElements() {
		for _, s := range secretElements {
			if c.Tag == s && len(c.ChildElements()) == 0 {
				c.SetText(Redacted)
			}
		}
		redact(c)
	}
}
