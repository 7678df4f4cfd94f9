package input

import (
	"bytes"
	"fmt"

	"github.com/aovpnlint/aovpnlint/internal/secret"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
	"github.com/aovpnlint/aovpnlint/lint"
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
// private key) and those are replaced too.
//
// The error, an [*UnredactableError], says why nothing is returned: a
// secret has no end (a start tag without its end tag in a broken
// document), so what follows it cannot be told from it; or a document
// that is not well-formed names a secret element where no secret could be
// delimited (its tags written in a way the search does not read), so it
// cannot be redacted with certainty.
func (d *Doc) Pretty() ([]byte, error) {
	out := d.Text.Data
	if d.XML == nil {
		if at, name, ok := secret.Find(out).Named(out); ok {
			return nil, &UnredactableError{Pos: d.Text.Pos(at), Name: name, Named: true}
		}
	} else {
		// The tree the parsers read is bare: the document is parsed again
		// whole to be printed.
		x, err := d.XML.Whole()
		if err != nil {
			// Not expected: the same bytes were read once within the same
			// limits.
			return nil, fmt.Errorf("%s: the document could not be read again to be printed: %s", err.Pos, err.Msg)
		}
		tree := x.Tree.Copy()
		unescapeEmbedded(x, x.Root, tree.Root())
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
	redacted, ok := secret.Redact(out)
	if !ok {
		return nil, &UnredactableError{Pos: d.At}
	}
	return redacted, nil
}

// UnredactableError says why a document cannot be shown with its secrets
// redacted. It names no part of the secret.
type UnredactableError struct {
	// Pos is where the document starts, or, with Named, where the name is.
	Pos lint.Pos
	// Named is set when a document that is not well-formed names a secret
	// element (Name, as package secret lists it) outside every secret
	// that could be delimited; otherwise a secret does not end where it
	// should.
	Named bool
	Name  string
}

// Why says what is wrong, to follow the name of the document: "holds a
// secret (such as <L2tpPsk>) that does not end where it should".
func (e *UnredactableError) Why() string {
	if e.Named {
		return fmt.Sprintf("is not well-formed and names %s at %s where no secret could be delimited (its tags may be escaped in a way aovpnlint does not read)", wording.Quote(e.Name), e.Pos)
	}
	return "holds a secret (such as <L2tpPsk>, or an OpenVPN <key>) that does not end where it should"
}

// Error says what Why says, of "the document".
func (e *UnredactableError) Error() string {
	return "the document " + e.Why() + "; cannot redact with certainty"
}

// unescapeEmbedded walks the original tree and its copy side by side and
// replaces the escaped text of each element with an embedded document by
// that document's elements.
func unescapeEmbedded(x *xmldoc.Doc, orig, cp *etree.Element) {
	kids, cpKids := orig.ChildElements(), cp.ChildElements()
	if nested := x.Embedded[orig]; nested != nil {
		cp.Child = nil // all at once: etree removes a child by searching for it
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
// holds a secret, mixed content included, by Redacted. The content is
// dropped at once: removing its tokens one by one (etree searches for each)
// takes time in the square of their number.
func redact(e *etree.Element) {
	if secret.IsName(e.FullTag()) {
		e.Child = nil
		e.SetText(Redacted)
		return
	}
	for _, c := range e.ChildElements() {
		redact(c)
	}
}
