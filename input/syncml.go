package input

import (
	"bytes"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
	"github.com/beevik/etree"
)

// A SyncML (OMA-DM) message delivers a profile as
//
//	<Add><Item><Target><LocURI>./Vendor/MSFT/VPNv2/Name/ProfileXML</LocURI></Target>
//	  <Data>escaped XML, or a CDATA section</Data></Item></Add>
//
// usually inside <Atomic>. Replace commands are read the same way.
// Elements are matched by local name, since SyncML documents carry a
// "SYNCML:SYNCML1.2" default namespace or none.

// syncML extracts every ProfileXML item of a SyncML message.
func (r *reader) syncML(x *xmldoc.Doc) {
	found := false
	var visit func(e *etree.Element)
	visit = func(e *etree.Element) {
		for _, c := range e.ChildElements() {
			if r.full {
				return
			}
			if c.Tag == "Add" || c.Tag == "Replace" {
				for _, item := range c.ChildElements() {
					if !r.full && item.Tag == "Item" && r.syncMLItem(x, c.Tag, item) {
						found = true
					}
				}
				continue
			}
			visit(c)
		}
	}
	visit(x.Root)
	if !found && !r.full {
		r.f.unsupported(x.Pos(x.Root), "the SyncML message has no Add or Replace of a node ending in /ProfileXML")
	}
}

func (r *reader) syncMLItem(x *xmldoc.Doc, command string, item *etree.Element) bool {
	var locURI, quoted string
	if target := child(item, "Target"); target != nil {
		if loc := child(target, "LocURI"); loc != nil {
			if !r.decoded(x.TextCost(loc), x.Pos(loc)) {
				return false
			}
			t := x.Text(loc)
			trimmed := bytes.TrimSpace(t.Data)
			locURI = string(trimmed)
			start := bytes.Index(t.Data, trimmed)
			quoted = t.Quote(start, start+len(trimmed))
		}
	}
	if !strings.HasSuffix(strings.ToLower(locURI), "/profilexml") {
		return false
	}
	origin := "SyncML " + command + " of " + quoted
	data := child(item, "Data")
	if data == nil {
		r.f.problem(NotExtractable, x.Pos(item), "the %s has no Data element", origin)
		return true
	}
	if kids := data.ChildElements(); len(kids) > 0 {
		// XML written literally inside Data rather than escaped: read the
		// element as a document of its own.
		start, end := x.Span(kids[0])
		r.document(x.Src.Slice(start, end), origin, locURI)
		return true
	}
	if !x.HasText(data) {
		r.f.problem(NotExtractable, x.Pos(data), "the Data of the %s is empty", origin)
		return true
	}
	if !r.decoded(x.TextCost(data), x.Pos(data)) {
		return true
	}
	text := x.Text(data)
	if len(bytes.TrimSpace(text.Data)) == 0 {
		r.f.problem(NotExtractable, x.Pos(data), "the Data of the %s is empty", origin)
		return true
	}
	if x.Escaped(data) {
		r.f.note("XML-escaped SyncML Data unescaped")
	}
	r.document(text, origin, locURI)
	return true
}

// child returns the first child element of e with the given local name.
func child(e *etree.Element, local string) *etree.Element {
	for _, c := range e.ChildElements() {
		if c.Tag == local {
			return c
		}
	}
	return nil
}
