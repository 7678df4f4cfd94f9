package eapxml

import (
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/suggest"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
	"github.com/aovpnlint/aovpnlint/internal/xmlval"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/beevik/etree"
)

// name is an expected element: namespace URI and local name.
type name struct{ space, local string }

// The children each element may have, from the Win32 EAPHost schema pages
// (eaphostconfig, eapcommon, baseeapconnectionpropertiesv1,
// eaptlsconnectionpropertiesv1–v3, mspeapconnectionpropertiesv1–v3,
// mschapv2connectionpropertiesv1).
var (
	hostChildren      = []name{{NSHost, "EapMethod"}, {NSHost, "Config"}, {NSHost, "ConfigBlob"}}
	methodChildren    = []name{{NSCommon, "Type"}, {NSCommon, "VendorId"}, {NSCommon, "VendorType"}, {NSCommon, "AuthorId"}}
	configChildren    = []name{{NSBase, "Eap"}}
	eapChildren       = []name{{NSBase, "Type"}, {NSTLS1, "EapType"}, {NSPEAP1, "EapType"}, {NSMSCHAPv2, "EapType"}}
	tlsChildren       = []name{{NSTLS1, "CredentialsSource"}, {NSTLS1, "ServerValidation"}, {NSTLS1, "DifferentUsername"}, {NSTLS2, "PerformServerValidation"}, {NSTLS2, "AcceptServerName"}, {NSTLS2, "TLSExtensions"}}
	credChildren      = []name{{NSTLS1, "SmartCard"}, {NSTLS1, "CertificateStore"}}
	certStoreChildren = []name{{NSTLS1, "SimpleCertSelection"}}
	tlsSVChildren     = []name{{NSTLS1, "DisableUserPromptForServerValidation"}, {NSTLS1, "ServerNames"}, {NSTLS1, "TrustedRootCA"}}
	tlsExtChildren    = []name{{NSTLS3, "FilteringInfo"}}
	filterChildren    = []name{{NSTLS3, "AllPurposeEnabled"}, {NSTLS3, "CAHashList"}, {NSTLS3, "EKUMapping"}, {NSTLS3, "ClientAuthEKUList"}, {NSTLS3, "AnyPurposeEKUList"}, {NSTLS3, "Extensions"}}
	caHashChildren    = []name{{NSTLS3, "IssuerHash"}}
	ekuMapping        = []name{{NSTLS3, "EKUMap"}}
	ekuPair           = []name{{NSTLS3, "EKUName"}, {NSTLS3, "EKUOID"}}
	ekuList           = []name{{NSTLS3, "EKUMapInList"}}
	peapChildren      = []name{{NSPEAP1, "ServerValidation"}, {NSPEAP1, "IdentityPrivacy"}, {NSPEAP1, "FastReconnect"}, {NSPEAP1, "InnerEapOptional"}, {NSBase, "Eap"}, {NSPEAP1, "EnableQuarantineChecks"}, {NSPEAP1, "RequireCryptoBinding"}, {NSPEAP1, "PeapExtensions"}}
	peapSVChildren    = []name{{NSPEAP1, "DisableUserPromptForServerValidation"}, {NSPEAP1, "ServerNames"}, {NSPEAP1, "TrustedRootCA"}}
	peapExtChildren   = []name{{NSPEAP2, "PerformServerValidation"}, {NSPEAP2, "AcceptServerName"}, {NSPEAP2, "IdentityPrivacy"}, {NSPEAP2, "PeapExtensionsV2"}}
	peapExtV2Children = []name{{NSPEAP3, "AllowPromptingWhenServerCANotFound"}, {NSPEAP3, "PeapExtensionsV3"}}
	mschapChildren    = []name{{NSMSCHAPv2, "UseWinLogonCredentials"}}
)

// parents maps each element known in a given namespace to where it
// belongs, for messages about elements found elsewhere.
var parents = []struct {
	parent   string
	children []name
}{
	{"EapHostConfig", hostChildren}, {"EapMethod", methodChildren}, {"Config", configChildren},
	{"Eap", eapChildren}, {"EapType (EAP-TLS)", tlsChildren}, {"CredentialsSource", credChildren},
	{"CertificateStore", certStoreChildren}, {"ServerValidation", tlsSVChildren}, {"TLSExtensions", tlsExtChildren},
	{"FilteringInfo", filterChildren}, {"CAHashList", caHashChildren}, {"EKUMapping", ekuMapping},
	{"EKUMap or EKUMapInList", ekuPair}, {"ClientAuthEKUList or AnyPurposeEKUList", ekuList},
	{"EapType (PEAP)", peapChildren}, {"ServerValidation", peapSVChildren}, {"PeapExtensions", peapExtChildren},
	{"PeapExtensionsV2", peapExtV2Children}, {"EapType (EAP-MSCHAPv2)", mschapChildren},
}

// Canonical returns the namespace URI Windows would need: an https://
// provisioning namespace is read as its http:// original.
func Canonical(uri string) string {
	if rest, ok := strings.CutPrefix(uri, HTTPSPrefix); ok {
		return ProvisioningPrefix + rest
	}
	return uri
}

// Parse reads the EapHostConfig document whose root element is root.
func Parse(x *xmldoc.Doc, root *etree.Element) *Config {
	p := &parser{x: x, c: &Config{Pos: x.Pos(root)}}
	p.declarations(root)
	if Canonical(x.Space(root)) != NSHost {
		p.misplaced(root, nil, NSHost, "", false, "")
		p.c.WrongRoot = true
		return p.c
	}
	p.c.Text = p.text(root)
	p.each(root, hostChildren, func(n name, e *etree.Element) {
		switch n.local {
		case "EapMethod":
			p.method(e)
		case "Config":
			p.config(e)
		case "ConfigBlob":
			p.c.Blob = p.text(e)
		}
	})
	return p.c
}

type parser struct {
	x *xmldoc.Doc
	c *Config
	// suggested counts the unknown elements given a spelling
	// suggestion: past lint.MaxPerRule their findings are not listed one
	// by one, so no more suggestions are worked out.
	suggested int
}

func (p *parser) text(e *etree.Element) Text { return xmlval.Of(p.x, e) }

// declarations records every https:// provisioning namespace declared in
// the document.
func (p *parser) declarations(e *etree.Element) {
	for _, d := range p.x.Decls(e) {
		if strings.HasPrefix(d.URI, HTTPSPrefix) {
			p.c.HTTPS = append(p.c.HTTPS, Decl{URI: d.URI, Element: e.Tag, Pos: d.Pos, Edits: p.httpEdits(e, d)})
		}
	}
	for c := range e.ChildElementsSeq() {
		p.declarations(c)
	}
}

// each calls fn for every child of e that is expected there (by canonical
// namespace and local name), in document order, and lets judge record the
// others.
func (p *parser) each(e *etree.Element, known []name, fn func(name, *etree.Element)) {
	for c := range e.ChildElementsSeq() {
		if n, ok := p.judge(c, e, known); ok {
			fn(n, c)
		}
	}
}

// judge returns the expected name that child c of parent matches. When c
// matches none it records c: a known name in the wrong namespace or an
// unknown name in a Microsoft namespace as Misplaced, a name in another
// namespace as Foreign.
func (p *parser) judge(c, parent *etree.Element, known []name) (name, bool) {
	space := Canonical(p.x.Space(c))
	want := ""
	for _, k := range known {
		if k.local != c.Tag {
			continue
		}
		if k.space == space {
			return k, true
		}
		want = k.space
	}
	switch {
	case want != "":
		p.misplaced(c, parent, want, "", false, "")
	case strings.HasPrefix(space, ProvisioningPrefix) && p.suggested >= lint.MaxPerRule:
		p.misplaced(c, parent, "", "", false, belongsIn(space, c.Tag))
	case strings.HasPrefix(space, ProvisioningPrefix):
		p.suggested++
		locals := make([]string, len(known))
		for i, k := range known {
			locals[i] = k.local
		}
		sug, caseOnly, ok := suggest.Closest(c.Tag, locals)
		belongs := belongsIn(space, c.Tag)
		if !ok {
			// Not close to a name of this place: perhaps to a name of
			// another place in the same namespace (ServerName for
			// ServerValidation's ServerNames).
			sug, caseOnly, belongs = closestInNamespace(space, c.Tag)
		}
		p.misplaced(c, parent, "", sug, caseOnly, belongs)
		if ok && caseOnly {
			p.c.Misplaced[len(p.c.Misplaced)-1].Edits = p.renameEdits(c, known, name{space, sug})
		}
	default:
		p.c.Foreign = append(p.c.Foreign, p.element(c))
	}
	return name{}, false
}

func (p *parser) element(e *etree.Element) Element {
	return Element{Space: p.x.Space(e), Name: e.Tag, Pos: p.x.Pos(e)}
}

func (p *parser) misplaced(e, parent *etree.Element, want, sug string, caseOnly bool, belongs string) {
	m := Misplaced{Element: p.element(e), Want: want, Suggest: sug, CaseOnly: caseOnly, BelongsIn: belongs}
	if parent != nil {
		m.Parent = parent.Tag
	}
	p.c.Misplaced = append(p.c.Misplaced, m)
}

// belongsIn names the element where a known name belongs.
func belongsIn(space, local string) string {
	for _, pa := range parents {
		for _, k := range pa.children {
			if k.space == space && k.local == local {
				return pa.parent
			}
		}
	}
	return ""
}

// closestInNamespace finds the known name of namespace space closest to
// local, and the element it belongs in.
func closestInNamespace(space, local string) (sug string, caseOnly bool, parent string) {
	var names, where []string
	for _, pa := range parents {
		for _, k := range pa.children {
			if k.space == space {
				names = append(names, k.local)
				where = append(where, pa.parent)
			}
		}
	}
	sug, caseOnly, ok := suggest.Closest(local, names)
	if !ok {
		return "", false, ""
	}
	for i, n := range names {
		if n == sug {
			return sug, caseOnly, where[i]
		}
	}
	return sug, caseOnly, ""
}

func (p *parser) method(e *etree.Element) {
	p.c.Method = Method{Pos: p.x.Pos(e), Present: true}
	p.each(e, methodChildren, func(n name, c *etree.Element) {
		switch n.local {
		case "Type":
			p.c.Method.Type = p.text(c)
		case "VendorId":
			p.c.Method.VendorID = p.text(c)
		case "VendorType":
			p.c.Method.VendorType = p.text(c)
		case "AuthorId":
			p.c.Method.Author = p.text(c)
		}
	})
}

func (p *parser) config(e *etree.Element) {
	p.c.HasConfig = true
	p.c.ConfigPos = p.x.Pos(e)
	for c := range e.ChildElementsSeq() {
		switch {
		case c.Tag != "Eap":
			// Another method's configuration element (EapTtls, EapTeap).
			if p.c.OtherMethod == nil {
				el := p.element(c)
				p.c.OtherMethod = &el
			}
		case Canonical(p.x.Space(c)) != NSBase:
			p.judge(c, e, configChildren)
		case p.c.Eap == nil:
			p.c.Eap = p.eap(c)
		}
	}
}

// eap reads a BaseEapConnectionPropertiesV1 Eap element. Its EapType child
// may be in any method's namespace; EAP003 compares it with Type.
func (p *parser) eap(e *etree.Element) *Eap {
	m := &Eap{Pos: p.x.Pos(e)}
	for c := range e.ChildElementsSeq() {
		space := Canonical(p.x.Space(c))
		switch {
		case c.Tag == "Type" && space == NSBase:
			if !m.Type.Present {
				m.Type = p.text(c)
			}
		case c.Tag == "EapType" && m.EapType.Name == "":
			m.EapType = p.element(c)
			switch space {
			case NSTLS1:
				m.TLS = p.tls(c)
			case NSPEAP1:
				m.PEAP = p.peap(c)
			case NSMSCHAPv2:
				m.MSCHAPv2 = p.mschap(c)
			}
		default:
			p.judge(c, e, eapChildren)
		}
	}
	return m
}

func (p *parser) serverValidation(e *etree.Element, known []name) ServerValidation {
	sv := ServerValidation{Pos: p.x.Pos(e), Present: true}
	p.each(e, known, func(n name, c *etree.Element) {
		switch n.local {
		case "DisableUserPromptForServerValidation":
			sv.DisablePrompt = p.text(c)
		case "ServerNames":
			sv.ServerNames = p.text(c)
		case "TrustedRootCA":
			sv.TrustedRootCA = append(sv.TrustedRootCA, p.text(c))
		}
	})
	return sv
}

func (p *parser) tls(e *etree.Element) *TLS {
	t := &TLS{Pos: p.x.Pos(e)}
	p.each(e, tlsChildren, func(n name, c *etree.Element) {
		switch n.local {
		case "CredentialsSource":
			p.each(c, credChildren, func(n name, cc *etree.Element) {
				if n.local == "SmartCard" {
					t.SmartCard = p.text(cc)
					return
				}
				t.CertificateStore = p.text(cc)
				p.each(cc, certStoreChildren, func(_ name, s *etree.Element) { t.SimpleCertSelection = p.text(s) })
			})
		case "ServerValidation":
			t.ServerValidation = p.serverValidation(c, tlsSVChildren)
		case "DifferentUsername":
			t.DifferentUsername = p.text(c)
		case "PerformServerValidation":
			t.PerformServerValidation = p.text(c)
		case "AcceptServerName":
			t.AcceptServerName = p.text(c)
		case "TLSExtensions":
			t.TLSExtensions = p.text(c)
			p.each(c, tlsExtChildren, func(_ name, f *etree.Element) {
				if t.Filtering == nil {
					t.Filtering = p.filtering(f)
				}
			})
		}
	})
	return t
}

func (p *parser) filtering(e *etree.Element) *FilteringInfo {
	f := &FilteringInfo{Pos: p.x.Pos(e)}
	p.each(e, filterChildren, func(n name, c *etree.Element) {
		switch n.local {
		case "AllPurposeEnabled":
			f.AllPurposeEnabled = p.text(c)
		case "CAHashList":
			h := &HashList{Pos: p.x.Pos(c), Enabled: xmlval.Attr(p.x, c, "Enabled")}
			p.each(c, caHashChildren, func(_ name, ih *etree.Element) { h.IssuerHash = append(h.IssuerHash, p.text(ih)) })
			f.CAHashList = h
		case "EKUMapping":
			f.EKUMappingPos = p.x.Pos(c)
			p.each(c, ekuMapping, func(_ name, m *etree.Element) {
				em := EKUMap{Pos: p.x.Pos(m)}
				em.Name, em.OID = p.nameOID(m)
				f.EKUMapping = append(f.EKUMapping, em)
			})
		case "ClientAuthEKUList":
			f.ClientAuthEKUList = p.ekuList(c)
		case "AnyPurposeEKUList":
			f.AnyPurposeEKUList = p.ekuList(c)
		}
	})
	return f
}

func (p *parser) ekuList(e *etree.Element) *EKUList {
	l := &EKUList{Pos: p.x.Pos(e), Enabled: xmlval.Attr(p.x, e, "Enabled")}
	p.each(e, ekuList, func(_ name, m *etree.Element) {
		entry := EKUListEntry{Pos: p.x.Pos(m)}
		entry.Name, entry.OID = p.nameOID(m)
		l.Entries = append(l.Entries, entry)
	})
	return l
}

// nameOID reads the EKUName and EKUOID children of an EKUMap or an
// EKUMapInList.
func (p *parser) nameOID(e *etree.Element) (nameText, oid Text) {
	p.each(e, ekuPair, func(n name, v *etree.Element) {
		if n.local == "EKUName" {
			nameText = p.text(v)
		} else {
			oid = p.text(v)
		}
	})
	return nameText, oid
}

func (p *parser) peap(e *etree.Element) *PEAP {
	pe := &PEAP{Pos: p.x.Pos(e)}
	p.each(e, peapChildren, func(n name, c *etree.Element) {
		switch n.local {
		case "ServerValidation":
			pe.ServerValidation = p.serverValidation(c, peapSVChildren)
		case "FastReconnect":
			pe.FastReconnect = p.text(c)
		case "InnerEapOptional":
			pe.InnerEapOptional = p.text(c)
		case "Eap":
			pe.Inner = append(pe.Inner, p.eap(c))
		case "EnableQuarantineChecks":
			pe.EnableQuarantineChecks = p.text(c)
		case "RequireCryptoBinding":
			pe.RequireCryptoBinding = p.text(c)
		case "PeapExtensions":
			pe.Extensions = PeapExtensions{Pos: p.x.Pos(c), Present: true}
			p.each(c, peapExtChildren, func(n name, x *etree.Element) {
				switch n.local {
				case "PerformServerValidation":
					pe.Extensions.PerformServerValidation = p.text(x)
				case "AcceptServerName":
					pe.Extensions.AcceptServerName = p.text(x)
				case "PeapExtensionsV2":
					p.each(x, peapExtV2Children, func(n name, v *etree.Element) {
						if n.local == "AllowPromptingWhenServerCANotFound" {
							pe.Extensions.AllowPromptingWhenServerCANotFound = p.text(v)
						}
					})
				}
			})
		}
	})
	return pe
}

func (p *parser) mschap(e *etree.Element) *MSCHAPv2 {
	m := &MSCHAPv2{Pos: p.x.Pos(e)}
	p.each(e, mschapChildren, func(_ name, c *etree.Element) { m.UseWinLogonCredentials = p.text(c) })
	return m
}

// hasChildElement reports whether e has a child element, without the slice
// etree's ChildElements allocates.
func hasChildElement(e *etree.Element) bool {
	for _, t := range e.Child {
		if _, ok := t.(*etree.Element); ok {
			return true
		}
	}
	return false
}
