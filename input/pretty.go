package input

import (
	"bytes"

	"github.com/aovpnlint/aovpnlint/internal/secret"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
	"github.com/beevik/etree"
)

// Redacted replaces secrets in [Doc.Pretty] output.
const Redacted = secret.Marker

// Pretty returns the document as extract prints it, with every secret
// replaced by [Redacted]. A well-formed document is indented UTF-8 XML: an
// EapHostConfig that was escaped inside Eap/Configuration is written back
// as elements, the XML declaration is dropped (the output is UTF-8
// whatever the input was), and the content of every element that holds a
// secret (see package secret: L2tpPsk, Password, in any case) is replaced
// whole, text and nested elements alike. A document that is not
// well-formed is returned as extracted. Either way, the output is then
// searched for secrets written otherwise (escaped inside text, a PEM
// private key) and those are replaced too. ok is false, and nothing is
// returned, when a secret has no end (a start tag without its end tag in
// a broken document): what follows it cannot be told from it, so nothing
// can be shown with certainty.
func (d *Doc) Pretty() (out []byte, ok bool) {
	out = d.Text.Data
	if d.XML != nil {
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
		out = b.Bytes()
	}
	return secret.Redact(out)
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

// redact replaces the content of e, and of every element below it, that
// holds a secret, mixed content included, by Redacted.
func redact(e *etree.Element) {
	if secret.IsName(e.FullTag()) {
		for _, t := range append([]etree.Token{}, e.Child...) {
			e.RemoveChild(t)
		}
		e.SetText(Redacted)
		return
	}
	for _, c := range e.ChildElements() {
		redact(c)
	}
}
