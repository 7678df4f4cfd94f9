package profile

import (
	"strings"

	"github.com/beevik/etree"
)

// The certain corrections the parser records for `aovpnlint fix`: an
// element name written in the wrong case (VPN066) and a known element
// under the wrong parent (VPN004). Neither is offered where it would make
// a second element of a name that may appear once.

// renameSafe reports whether renaming c to the name of spec, its sibling
// specification, makes no duplicate: spec may appear more than once, or no
// other child of c's parent is called so, in any case.
func renameSafe(c *etree.Element, spec *Spec) bool {
	if spec == nil {
		return false
	}
	if spec.Multi {
		return true
	}
	for _, s := range c.Parent().ChildElements() {
		if s != c && strings.EqualFold(s.Tag, spec.Name) {
			return false
		}
	}
	return true
}

// moveEdits gives each misplaced element that belongs in one place the
// edits that move it there, when that place is certain: every element on
// the way is one that appears once and is written once, and the target
// holds no element of the same name (in any case) yet. Of several
// elements bound for the same place under one name, only the first is
// moved.
func (p *parser) moveEdits(root *node) {
	type slot struct {
		into *etree.Element
		name string
	}
	taken := map[slot]bool{}
	for _, m := range p.moves {
		into := resolve(root, m.into)
		if into == nil || taken[slot{into, m.elem.Tag}] || hasChildFold(into, m.elem.Tag) {
			continue
		}
		if edits := p.x.MoveEdits(m.elem, into); edits != nil {
			p.prof.Misplaced[m.index].Edits = edits
			taken[slot{into, m.elem.Tag}] = true
		}
	}
}

// resolve returns the element at path ("VPNProfile/NativeProfile") in the
// accepted tree, when each element on the way is one the table allows
// once and the document holds once; nil otherwise.
func resolve(root *node, path string) *etree.Element {
	names := strings.Split(path, "/")
	cur, spec := root, Root
	for _, name := range names[1:] {
		cs := spec.child(name)
		if cs == nil || cs.Multi {
			return nil
		}
		kids := cur.all(name)
		if len(kids) != 1 {
			return nil
		}
		cur, spec = kids[0], cs
	}
	return cur.elem
}

// hasChildFold reports whether e has a child element called name, in any
// case.
func hasChildFold(e *etree.Element, name string) bool {
	for _, c := range e.ChildElements() {
		if strings.EqualFold(c.Tag, name) {
			return true
		}
	}
	return false
}
