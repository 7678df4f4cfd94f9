package profile

import (
	"iter"
	"strings"
	"sync"

	"github.com/aovpnlint/aovpnlint/eapxml"
	"github.com/aovpnlint/aovpnlint/internal/suggest"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
	"github.com/aovpnlint/aovpnlint/internal/xmlval"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/beevik/etree"
)

// Parse reads the ProfileXML document x. It accepts elements in any order
// and never fails: what does not fit the element table is recorded in the
// returned Profile for the rules to report.
func Parse(x *xmldoc.Doc) *Profile {
	p := &parser{x: x, prof: &Profile{Pos: x.Pos(x.Root), RootName: x.Root.Tag, RootSpace: x.Space(x.Root)}}
	// The list of values made at most as long as the document has
	// elements the walk reads (each gives at most one value; those inside
	// an Opaque element, an EapHostConfig written as elements, are not
	// read), up to maxValuesAhead, rather than grown by doubling: a Value
	// is about 200 bytes.
	sp := specPaths()
	p.prof.Values = make([]Value, 0, min(x.Len()-p.opaqueElements(x.Root, Root, sp), maxValuesAhead))
	n := p.walk(x.Root, Root, sp)
	if len(p.prof.Values) == 0 {
		p.prof.Values = nil // as without the room made
	}
	if k := childElements(x.Root); k > 0 {
		p.prof.Order = make([]Element, 0, k)
	}
	for c := range x.Root.ChildElementsSeq() {
		p.prof.Order = append(p.prof.Order, Element{Name: c.Tag, Pos: x.Pos(c)})
	}
	p.moveEdits(n)
	p.build(n)
	return p.prof
}

type parser struct {
	x    *xmldoc.Doc
	prof *Profile
	// suggested counts the unknown elements given a spelling
	// suggestion: past lint.MaxPerRule their findings are not listed one
	// by one, so no more suggestions are worked out.
	suggested int
	// moves are the misplaced elements with one place to go, by their
	// index in Misplaced, for moveEdits.
	moves []pendingMove
	// nodes and kids are what is left of the chunks the accepted tree's
	// nodes and lists of children are carved from, and pending holds the
	// children of the elements being walked until each is done (see walk):
	// a few allocations per document instead of two per element.
	nodes     []node
	nodesMade int
	kids      []*node
	pending   []*node
}

// maxValuesAhead bounds the room Parse makes for the values in advance
// (about 200 KB): a document of many elements the table does not know has
// few values.
const maxValuesAhead = 1024

// childElements returns the number of e's child elements.
func childElements(e *etree.Element) int {
	n := 0
	for _, t := range e.Child {
		if _, ok := t.(*etree.Element); ok {
			n++
		}
	}
	return n
}

// nodeChunk is the number of nodes, and of children, a chunk holds.
const nodeChunk = 64

// newNode returns a node carved from the parser's chunk.
func (p *parser) newNode() *node {
	if len(p.nodes) == 0 {
		// The first chunk holds every element of a small document: the
		// walk accepts at most each element the parser built once.
		size := nodeChunk
		if p.nodesMade == 0 {
			size = max(1, min(p.x.Len(), nodeChunk))
		}
		p.nodes = make([]node, size)
		p.nodesMade += size
	}
	n := &p.nodes[0]
	p.nodes = p.nodes[1:]
	return n
}

// keepKids returns a copy of kids carved from the parser's chunk, whose
// capacity is its length.
func (p *parser) keepKids(kids []*node) []*node {
	if len(kids) == 0 {
		return nil
	}
	if len(kids) > len(p.kids) {
		p.kids = make([]*node, max(nodeChunk, len(kids)))
	}
	out := p.kids[:len(kids):len(kids)]
	p.kids = p.kids[len(kids):]
	copy(out, kids)
	return out
}

// specPath is the path of an element of the table, such as
// "VPNProfile/NativeProfile", and the specPaths of its children, in the
// order of Spec.Children: the walk takes each element's path from it
// instead of joining one for every element of every document.
type specPath struct {
	path string
	kids []*specPath
	// opaque marks an Opaque element of the table or one that holds one
	// at any depth (see opaqueElements).
	opaque bool
}

// opaqueElements returns the number of elements inside the Opaque
// elements of the table under e, an element of spec at sp: the walk does
// not read them. It looks only where the table has such an element.
func (p *parser) opaqueElements(e *etree.Element, spec *Spec, sp *specPath) int {
	n := 0
	for c := range e.ChildElementsSeq() {
		i := spec.childIndex(c.Tag)
		switch {
		case i < 0 || !sp.kids[i].opaque:
		case spec.Children[i].Type == Opaque:
			n += p.x.Descendants(c)
		default:
			n += p.opaqueElements(c, spec.Children[i], sp.kids[i])
		}
	}
	return n
}

// specPaths returns the specPath of Root, made on first use.
var specPaths = sync.OnceValue(func() *specPath {
	var build func(s *Spec, path string) *specPath
	build = func(s *Spec, path string) *specPath {
		sp := &specPath{path: path, kids: make([]*specPath, len(s.Children)), opaque: s.Type == Opaque}
		for i, c := range s.Children {
			sp.kids[i] = build(c, path+"/"+c.Name)
			sp.opaque = sp.opaque || sp.kids[i].opaque
		}
		return sp
	}
	return build(Root, Root.Name)
})

// pendingMove is a misplaced element and the path of the one element it
// belongs in.
type pendingMove struct {
	index int
	elem  *etree.Element
	into  string
}

// node is an element accepted by the walk, with its accepted children.
// node is an element of the accepted tree. Its text is not kept: a value
// the walk read is in the model's Values, at index value, and any other
// text (a String value's, a container's, of which the model mostly takes
// the position) is read from the element when it is asked for, so a node
// is a few words, not a copy of a Text for every element.
type node struct {
	elem  *etree.Element
	kids  []*node
	p     *parser
	value int32 // index in p.prof.Values, or -1
}

// text returns the text of n, as xmlval.Of reads it; the zero Text for
// nil.
func (n *node) text() Text {
	switch {
	case n == nil:
		return Text{}
	case n.value >= 0:
		return n.p.prof.Values[n.value].Text
	}
	return xmlval.Of(n.p.x, n.elem)
}

// pos returns the position of n's start tag, the Pos of its text.
func (n *node) pos() lint.Pos { return n.p.x.Pos(n.elem) }

func (n *node) child(name string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.elem.Tag == name {
			return k
		}
	}
	return nil
}

func (n *node) all(name string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.elem.Tag == name {
			out = append(out, k)
		}
	}
	return out
}

// each returns the accepted children called name, in order, without the
// list all makes, and how many there are, for the list they are read into.
func (n *node) each(name string) (iter.Seq[*node], int) {
	count := 0
	for _, k := range n.kids {
		if k.elem.Tag == name {
			count++
		}
	}
	return func(yield func(*node) bool) {
		for _, k := range n.kids {
			if k.elem.Tag == name && !yield(k) {
				return
			}
		}
	}, count
}

// valueOf returns the text of the child called name, or the zero Text.
func (n *node) valueOf(name string) Text { return n.child(name).text() }

func (p *parser) element(e *etree.Element) Element { return Element{Name: e.Tag, Pos: p.x.Pos(e)} }

// walk reads e against spec, at the place in the table sp, and returns
// the accepted tree.
func (p *parser) walk(e *etree.Element, spec *Spec, sp *specPath) *node {
	path := sp.path
	n := p.newNode()
	n.elem, n.p, n.value = e, p, -1
	switch spec.Type {
	case Opaque:
		return n
	case Complex:
	default:
		if spec.Type != String {
			n.value = int32(len(p.prof.Values))
			p.prof.Values = append(p.prof.Values, Value{Text: xmlval.Of(p.x, e), Path: path, Spec: spec})
		}
		for c := range e.ChildElementsSeq() {
			p.unknown(c, spec, path)
		}
		return n
	}
	if !spec.Text && p.x.HasText(e) {
		p.prof.StrayText = append(p.prof.StrayText, n.text())
	}
	// first holds the first accepted child of each of spec's children,
	// by its index in spec.Children: on the stack for the table's sizes.
	var buf [64]*node
	first := buf[:0]
	if len(spec.Children) <= len(buf) {
		first = buf[:len(spec.Children)]
	} else {
		first = make([]*node, len(spec.Children))
	}
	pending := len(p.pending)
	for c := range e.ChildElementsSeq() {
		i := spec.childIndex(c.Tag)
		switch {
		case p.x.Space(c) != p.prof.RootSpace:
			p.prof.Unknown = append(p.prof.Unknown, Unknown{Element: p.element(c), Space: p.x.Space(c), Parent: path})
		case i < 0:
			p.unknown(c, spec, path)
		case !spec.Children[i].Multi && first[i] != nil:
			p.prof.Duplicates = append(p.prof.Duplicates, Duplicate{Element: p.element(c), Parent: path, First: p.x.Pos(first[i].elem)})
		default:
			// The child's name is the table's (childIndex compares
			// exactly): its path is path+"/"+c.Tag.
			k := p.walk(c, spec.Children[i], sp.kids[i])
			if first[i] == nil {
				first[i] = k
			}
			p.pending = append(p.pending, k)
		}
	}
	n.kids = p.keepKids(p.pending[pending:])
	p.pending = p.pending[:pending]
	return n
}

// unknown records a child of an element of spec (at path) whose name is
// not known there: as misplaced when the name is known elsewhere, as
// unknown otherwise, with the closest known name.
func (p *parser) unknown(c *etree.Element, spec *Spec, path string) {
	u := Unknown{Element: p.element(c), Parent: path}
	if sug, caseOnly, ok := suggest.Closest(c.Tag, spec.childNames()); ok && caseOnly {
		u.Suggest, u.CaseOnly = sug, true
		if renameSafe(c, spec.child(sug)) {
			u.Edits = p.x.RenameEdits(c, sug)
		}
		p.prof.Unknown = append(p.prof.Unknown, u)
		return
	}
	if places, _ := placesOf(c.Tag, false); len(places) > 0 {
		if len(places) == 1 {
			p.moves = append(p.moves, pendingMove{index: len(p.prof.Misplaced), elem: c, into: places[0]})
		}
		p.prof.Misplaced = append(p.prof.Misplaced, Misplaced{Element: u.Element, Parent: path, BelongsIn: places})
		return
	}
	if places, spelled := placesOf(c.Tag, true); len(places) > 0 {
		u.Suggest, u.Where, u.CaseOnly = spelled, places[0], true
	} else if p.suggested++; p.suggested > lint.MaxPerRule {
		// no suggestion
	} else if sug, _, ok := suggest.Closest(c.Tag, spec.childNames()); ok {
		u.Suggest = sug
	} else if sug, where, ok := closestAnywhere(c.Tag); ok {
		u.Suggest, u.Where = sug, where
	}
	p.prof.Unknown = append(p.prof.Unknown, u)
}

// closestAnywhere finds the known name closest to name anywhere in the
// table, and where it is known.
func closestAnywhere(name string) (string, string, bool) {
	idx := schemaIndex()
	sug, _, ok := suggest.Closest(name, idx.names)
	if !ok {
		return "", "", false
	}
	return sug, idx.entries[idx.byName[sug][0]].path, true
}

// build fills the typed fields from the accepted tree.
func (p *parser) build(n *node) {
	pr := p.prof
	pr.ProfileName = n.valueOf("ProfileName")
	pr.EdpModeID = n.valueOf("EdpModeId")
	pr.RememberCredentials = n.valueOf("RememberCredentials")
	pr.AlwaysOn = n.valueOf("AlwaysOn")
	pr.AlwaysOnActive = n.valueOf("AlwaysOnActive")
	pr.DNSSuffix = n.valueOf("DnsSuffix")
	pr.TrustedNetworkDetection = n.valueOf("TrustedNetworkDetection")
	pr.DisableAdvancedOptionsEditButton = n.valueOf("DisableAdvancedOptionsEditButton")
	pr.DisableDisconnectButton = n.valueOf("DisableDisconnectButton")
	pr.LockDown = n.valueOf("LockDown")
	pr.DeviceTunnel = n.valueOf("DeviceTunnel")
	pr.RegisterDNS = n.valueOf("RegisterDNS")
	pr.ByPassForLocal = n.valueOf("ByPassForLocal")
	pr.RequireVpnClientAppUI = n.valueOf("RequireVpnClientAppUI")
	pr.DataEncryption = n.valueOf("DataEncryption")
	pr.DisableIKEv2Fragmentation = n.valueOf("DisableIKEv2Fragmentation")
	pr.IPv4InterfaceMetric = n.valueOf("IPv4InterfaceMetric")
	pr.IPv6InterfaceMetric = n.valueOf("IPv6InterfaceMetric")
	pr.NetworkOutageTime = n.valueOf("NetworkOutageTime")
	pr.PrivateNetwork = n.valueOf("PrivateNetwork")
	pr.UseRasCredentials = n.valueOf("UseRasCredentials")

	if c := n.child("Proxy"); c != nil {
		pr.Proxy = &Proxy{Pos: c.pos(), AutoConfigURL: c.valueOf("AutoConfigUrl")}
		if m := c.child("Manual"); m != nil {
			pr.Proxy.Manual = &Block{Pos: m.pos()}
			pr.Proxy.ManualServer = m.valueOf("Server")
		}
	}
	if c := n.child("APNBinding"); c != nil {
		pr.APNBinding = &Block{Pos: c.pos()}
	}
	if c := n.child("DeviceCompliance"); c != nil {
		pr.DeviceCompliance = &DeviceCompliance{Pos: c.pos(), Enabled: c.valueOf("Enabled")}
		if s := c.child("Sso"); s != nil {
			pr.DeviceCompliance.Sso = &Sso{Pos: s.pos(), Enabled: s.valueOf("Enabled"), Eku: s.valueOf("Eku"), IssuerHash: s.valueOf("IssuerHash")}
		}
	}
	if c := n.child("PluginProfile"); c != nil {
		pr.PluginProfile = &PluginProfile{Pos: c.pos(), ServerURLList: c.valueOf("ServerUrlList"),
			PluginPackageFamilyName: c.valueOf("PluginPackageFamilyName"), CustomStoreURL: c.valueOf("CustomStoreUrl"),
			CustomConfiguration: c.valueOf("CustomConfiguration")}
	}
	triggers, count := n.each("AppTrigger")
	if count > 0 {
		pr.AppTriggers = make([]AppTrigger, 0, count)
	}
	for c := range triggers {
		pr.AppTriggers = append(pr.AppTriggers, AppTrigger{Pos: c.pos(), App: c.child("App").valueOf("Id")})
	}
	names, count := n.each("DomainNameInformation")
	if count > 0 {
		pr.DomainNameInformation = make([]DomainNameInformation, 0, count)
	}
	for c := range names {
		pr.DomainNameInformation = append(pr.DomainNameInformation, DomainNameInformation{Pos: c.pos(),
			DomainName: c.valueOf("DomainName"), DNSServers: c.valueOf("DnsServers"), WebProxyServers: c.valueOf("WebProxyServers"),
			AutoTrigger: c.valueOf("AutoTrigger"), Persistent: c.valueOf("Persistent")})
	}
	filters, count := n.each("TrafficFilter")
	if count > 0 {
		pr.TrafficFilters = make([]TrafficFilter, 0, count)
	}
	for c := range filters {
		tf := TrafficFilter{Pos: c.pos(), Claims: c.valueOf("Claims"), Protocol: c.valueOf("Protocol"),
			LocalPortRanges: c.valueOf("LocalPortRanges"), RemotePortRanges: c.valueOf("RemotePortRanges"),
			LocalAddressRanges: c.valueOf("LocalAddressRanges"), RemoteAddressRanges: c.valueOf("RemoteAddressRanges"),
			RoutingPolicyType: c.valueOf("RoutingPolicyType"), Direction: c.valueOf("Direction")}
		if app := c.child("App"); app != nil {
			tf.App = app.valueOf("Id")
			if !tf.App.Present {
				tf.App = app.text()
			}
		}
		pr.TrafficFilters = append(pr.TrafficFilters, tf)
	}
	routes, count := n.each("Route")
	if count > 0 {
		pr.Routes = make([]Route, 0, count)
	}
	for c := range routes {
		pr.Routes = append(pr.Routes, Route{Pos: c.pos(), Address: c.valueOf("Address"), PrefixSize: c.valueOf("PrefixSize"),
			ExclusionRoute: c.valueOf("ExclusionRoute"), Metric: c.valueOf("Metric")})
	}
	if c := n.child("NativeProfile"); c != nil {
		pr.NativeProfile = p.native(c)
	}
}

func (p *parser) native(n *node) *NativeProfile {
	np := &NativeProfile{Pos: n.pos(), Servers: n.valueOf("Servers"), RoutingPolicyType: n.valueOf("RoutingPolicyType"),
		NativeProtocolType: n.valueOf("NativeProtocolType"), L2tpPsk: n.valueOf("L2tpPsk"),
		DisableClassBasedDefaultRoute: n.valueOf("DisableClassBasedDefaultRoute"), PlumbIKEv2TSAsRoutes: n.valueOf("PlumbIKEv2TSAsRoutes")}
	if k := childElements(n.elem); k > 0 {
		np.Order = make([]Element, 0, k)
	}
	for c := range n.elem.ChildElementsSeq() {
		np.Order = append(np.Order, p.element(c))
	}
	if c := n.child("ProtocolList"); c != nil {
		pl := &ProtocolList{Pos: c.pos(), RetryTimeInHours: c.valueOf("RetryTimeInHours")}
		if !pl.RetryTimeInHours.Present {
			pl.RetryTimeInHours = c.valueOf("RetryTimeinHours")
		}
		protocols, count := c.each("NativeProtocol")
		if count > 0 {
			pl.Protocols = make([]Text, 0, count)
		}
		for np := range protocols {
			pl.Protocols = append(pl.Protocols, np.valueOf("Type"))
		}
		np.ProtocolList = pl
	}
	if c := n.child("CryptographySuite"); c != nil {
		np.CryptographySuite = &CryptographySuite{Pos: c.pos(),
			AuthenticationTransformConstants: c.valueOf("AuthenticationTransformConstants"),
			CipherTransformConstants:         c.valueOf("CipherTransformConstants"),
			EncryptionMethod:                 c.valueOf("EncryptionMethod"),
			IntegrityCheckMethod:             c.valueOf("IntegrityCheckMethod"),
			DHGroup:                          c.valueOf("DHGroup"),
			PfsGroup:                         c.valueOf("PfsGroup")}
	}
	if c := n.child("Authentication"); c != nil {
		a := &Authentication{Pos: c.pos(), UserMethod: c.valueOf("UserMethod"), MachineMethod: c.valueOf("MachineMethod")}
		if e := c.child("Eap"); e != nil {
			a.Eap = p.eap(e)
		}
		np.Authentication = a
	}
	return np
}

// eap reads Authentication/Eap and the EapHostConfig in its
// Configuration, written as elements or as escaped text.
func (p *parser) eap(n *node) *Eap {
	e := &Eap{Pos: n.pos(), Type: n.valueOf("Type")}
	conf := n.child("Configuration")
	if conf == nil {
		return e
	}
	e.Configuration = conf.text()
	for c := range conf.elem.ChildElementsSeq() {
		if c.Tag == "EapHostConfig" {
			e.Config = eapxml.Parse(p.x, c)
			return e
		}
	}
	if nested := p.x.Embedded[conf.elem]; nested != nil && nested.Root.Tag == "EapHostConfig" {
		e.Config = eapxml.Parse(nested, nested.Root)
		e.Escaped = true
		return e
	}
	if !hasChildElement(conf.elem) {
		switch text := strings.TrimSpace(e.Configuration.Value); {
		case text == "":
			e.Placeholder = true
			for _, t := range conf.elem.Child {
				if _, ok := t.(*etree.Comment); ok {
					e.Commented = true
				}
			}
		case strings.HasPrefix(text, "<"):
			e.Malformed = true
		}
	}
	return e
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
