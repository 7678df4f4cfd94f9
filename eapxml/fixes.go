package eapxml

import (
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/beevik/etree"
)

// The certain corrections the parser records for `aovpnlint fix`: an
// https:// provisioning namespace (EAP001), an element name written in
// the wrong case (EAP002) and a thumbprint written with separators
// Windows does not read (EAP012).

// httpEdits returns the edit that writes http:// for https:// in the
// namespace declaration d on e, when the value starts with the https://
// provisioning prefix written plainly (no references); nil otherwise.
func (p *parser) httpEdits(e *etree.Element, d xmldoc.NamespaceDecl) []lint.Edit {
	qname := "xmlns"
	if d.Prefix != "" {
		qname += ":" + d.Prefix
	}
	start, end, ok := p.x.AttrValue(e, qname)
	if !ok || !strings.HasPrefix(string(p.x.Src.Data[start:end]), HTTPSPrefix) {
		return nil
	}
	return []lint.Edit{{In: p.x.Src, Start: start, End: start + len("https"), New: "http"}}
}

// renameEdits returns the edits that rename c to want's local name: want
// is a name known at c's place (one of known), in c's namespace, and no
// other child of c's parent is called so, in any case.
func (p *parser) renameEdits(c *etree.Element, known []name, want name) []lint.Edit {
	found := false
	for _, k := range known {
		found = found || k == want
	}
	if !found {
		return nil
	}
	for _, s := range c.Parent().ChildElements() {
		if s != c && strings.EqualFold(s.Tag, want.local) {
			return nil
		}
	}
	return p.x.RenameEdits(c, want.local)
}

// ThumbprintForm returns s written the way Windows exports TrustedRootCA
// and IssuerHash, lower-case hex pairs separated by single spaces, when s
// is a SHA-1 thumbprint once colons, hyphens and white space are left
// out (as openssl and certutil print it: 5A:1B:..., 5a-1b-...); ok is
// false otherwise.
func ThumbprintForm(s string) (form string, ok bool) {
	var hex []byte
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ':' || c == '-' || c == ' ' || c == '\t' || c == '\r' || c == '\n':
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f':
			hex = append(hex, c)
		case c >= 'A' && c <= 'F':
			hex = append(hex, c+'a'-'A')
		default:
			return "", false
		}
	}
	if len(hex) != 40 {
		return "", false
	}
	var b strings.Builder
	for i := 0; i < len(hex); i += 2 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.Write(hex[i : i+2])
	}
	return b.String(), true
}
