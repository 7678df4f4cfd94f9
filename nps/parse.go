package nps

import (
	"cmp"
	"fmt"
	"iter"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/aovpnlint/aovpnlint/internal/secret"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
	"github.com/aovpnlint/aovpnlint/internal/xmlval"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/beevik/etree"
)

// Options change how an export is read. The zero value reads as the
// package documentation describes.
type Options struct {
	// CertificateOIDElements are element names read as the
	// Allowed-Certificate-OID setting of a network policy, for when the
	// name NPS writes becomes known (no public export shows it). Without
	// them, a setting is found by its value (see the package
	// documentation).
	CertificateOIDElements []string
}

// IsExport reports whether x is an NPS configuration export: its root is
// Root and either holds Children/Microsoft_Internet_Authentication_Service
// or declares the urn:schemas-microsoft-com:datatypes namespace that every
// export declares. It looks at a few elements only.
func IsExport(x *xmldoc.Doc) bool {
	if x == nil || x.Root == nil || x.Root.Tag != "Root" || x.Root.Space != "" {
		return false
	}
	if child(child(x.Root, "Children"), serviceName) != nil {
		return true
	}
	for _, d := range x.Decls(x.Root) {
		if d.URI == datatypesURI {
			return true
		}
	}
	return false
}

const (
	serviceName  = "Microsoft_Internet_Authentication_Service"
	datatypesURI = "urn:schemas-microsoft-com:datatypes"
)

// Parse reads the export x with the default [Options]. It never fails:
// what it cannot read or interpret is a [Problem] in the result.
func Parse(x *xmldoc.Doc) *Export { return ParseWith(x, Options{}) }

// ParseWith reads the export x with opts.
func ParseWith(x *xmldoc.Doc, opts Options) *Export {
	p := &parser{x: x, e: &Export{Pos: x.Pos(x.Root)}, oidNames: opts.CertificateOIDElements, patterns: map[string]compiled{}}
	p.e.NetworkSection, p.e.RequestSection = p.e.Pos, p.e.Pos
	rootChildren := child(x.Root, "Children")
	if v := child(rootChildren, "Version"); v != nil {
		p.e.Version = p.value(v)
	}
	service := child(rootChildren, serviceName)
	if service == nil {
		p.problem(Uncertain, p.e.Pos, "the export has no Root/Children/%s element; expected it to hold the policies and RADIUS clients, so nothing was read", serviceName)
		return p.e
	}
	p.e.HasService = true
	sections := child(service, "Children")
	// The RADIUS clients and remote servers depend on nothing else: another
	// goroutine reads them, into an Export of its own, while this one reads
	// the policies (an export of thousands of clients takes a third of the
	// time). The document is only read; the line index every position needs
	// is made above, by the first position taken (the root's).
	other := &parser{x: x, e: &Export{}}
	done := make(chan struct{})
	var failed any // a panic there, raised again here for the caller's recover
	go func() {
		defer close(done)
		defer func() { failed = recover() }()
		other.clients(child(child(child(child(child(sections, "Protocols"), "Children"), "Microsoft_Radius_Protocol"), "Children"), "Clients"))
		other.remoteServers(child(sections, "RADIUS_Server_Groups"))
	}()
	if s := child(sections, "NetworkPolicy"); s != nil {
		p.e.HasNetworkSection, p.e.NetworkSection = true, x.Pos(s)
		profiles := p.profiles(child(sections, "RadiusProfiles"), Network)
		p.e.NetworkPolicies = p.policies(s, Network, profiles)
	}
	if s := child(sections, "Proxy_Policies"); s != nil {
		p.e.HasRequestSection, p.e.RequestSection = true, x.Pos(s)
		profiles := p.profiles(child(sections, "Proxy_Profiles"), Request)
		p.e.RequestPolicies = p.policies(s, Request, profiles)
	}
	<-done
	if failed != nil {
		panic(failed)
	}
	p.e.Clients, p.e.RemoteServers = other.e.Clients, other.e.RemoteServers
	// Their problems follow the policies', as when read one after the other.
	p.e.Problems = append(p.e.Problems, other.e.Problems...)
	p.order(p.e.NetworkPolicies)
	p.order(p.e.RequestPolicies)
	p.shadows(Network)
	p.shadows(Request)
	p.overrides()
	slices.SortStableFunc(p.e.Problems, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col))
	})
	return p.e
}

type parser struct {
	x        *xmldoc.Doc
	e        *Export
	oidNames []string
	// patterns holds the MATCH regular expressions compiled so far: an
	// export repeats the same few (^5$, ^311$) in many policies.
	patterns map[string]compiled
}

func (p *parser) problem(kind ProblemKind, at lint.Pos, format string, args ...any) {
	p.e.Problems = append(p.e.Problems, Problem{Kind: kind, Pos: at, Message: fmt.Sprintf(format, args...)})
}

// child returns the first child element of e named name, or nil (also
// when e is nil).
func child(e *etree.Element, name string) *etree.Element {
	if e == nil {
		return nil
	}
	for _, c := range e.Child {
		if c, ok := c.(*etree.Element); ok && c.Tag == name && c.Space == "" {
			return c
		}
	}
	return nil
}

// items returns the child elements of e's Children element: the objects
// of a section.
func items(e *etree.Element) iter.Seq2[int, *etree.Element] { return children(child(e, "Children")) }

// properties returns the child elements of e's Properties element.
func properties(e *etree.Element) iter.Seq2[int, *etree.Element] {
	return children(child(e, "Properties"))
}

// children yields the child elements of e (none when e is nil), numbered
// from 0, without making a slice of them.
func children(e *etree.Element) iter.Seq2[int, *etree.Element] {
	return func(yield func(int, *etree.Element) bool) {
		if e == nil {
			return
		}
		i := 0
		for _, c := range e.Child {
			if c, ok := c.(*etree.Element); ok {
				if !yield(i, c) {
					return
				}
				i++
			}
		}
	}
}

// kindName names a kind of policy in messages.
func kindName(k Kind) string {
	if k == Request {
		return "connection request policy"
	}
	return "network policy"
}

// label names the policy in messages: `network policy "VPN"`.
func (pol *Policy) label() string { return kindName(pol.Kind) + " " + quoteName(pol.Name) }

// quoteName shows a name attribute in a message.
func quoteName(t Text) string {
	if !t.Present {
		return "without a name attribute"
	}
	return wording.Quote(t.Value)
}

// subject names, in messages, what a property belongs to: `network policy
// "VPN"`, or `msEAPConfiguration of network policy "VPN"` with a property.
// It is put into words only when a problem is reported (fmt calls String),
// not for each of the thousands of policies and clients an export holds.
type subject struct {
	prop string // the property, or ""
	kind string // "network policy", "RADIUS client"
	name *Text  // the name attribute of the policy or client
}

func (s subject) String() string {
	w := s.kind + " " + quoteName(*s.name)
	if s.prop != "" {
		return s.prop + " of " + w
	}
	return w
}

// of names property prop of s.
func (s subject) of(prop string) subject { s.prop = prop; return s }

// profiles reads the profiles of a section, keyed by name; a name given
// twice keeps the first profile and is reported.
func (p *parser) profiles(section *etree.Element, kind Kind) map[string]*Profile {
	out := map[string]*Profile{}
	for _, e := range items(section) {
		prof := p.profile(e, kind)
		if !prof.Name.Present {
			continue // reported when a policy finds no profile
		}
		if first, dup := out[prof.Name.Value]; dup {
			p.problem(Uncertain, prof.Pos, "the settings of %s %s are given twice (the first at line %d); the reader uses the first, and which one NPS uses is not known", kindName(kind), quoteName(prof.Name), first.Pos.Line)
			continue
		}
		out[prof.Name.Value] = prof
	}
	return out
}

// The properties of a network policy profile the reader knows and leaves
// alone; any other property whose value is a dotted OID is read as the
// Allowed-Certificate-OID setting (see the package documentation).
var otherProfileProperties = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"IP_Filter_Template_Guid": true, "Opaque_Data": true, "Template_Guid": true, "msRADIUSServiceType": true,
		"msRADIUSFramedProtocol": true, "msRASMPPEEncryptionPolicy": true, "msRASMPPEEncryptionType": true,
		"msRASBapLinednLimit": true, "msRASBapLinednTime": true, "msRASFilter": true, "msRADIUSAnyVSA": true,
		"msCiscoAV": true, "msRADIUSTunnelType": true, "msRADIUSTunnelMediumType": true,
		"msRADIUSTunnelPrivateGroupId": true, "msRADIUSLoginService": true, "msRADIUSSessionTimeout": true,
		"msRADIUSIdleTimeout": true, "msRADIUSFramedIPAddress": true, "msRADIUSFilterId": true, "msRADIUSClass": true,
		"msAcctProviderType": true, "msAuthProviderType": true, "msOverrideRAPAuth": true,
	}
})

func (p *parser) profile(e *etree.Element, kind Kind) *Profile {
	prof := &Profile{Name: xmlval.Attr(p.x, e, "name"), Pos: p.x.Pos(e)}
	where := subject{kind: kindName(kind), name: &prof.Name}
	for _, c := range properties(e) {
		if c.Space != "" {
			continue
		}
		switch c.Tag {
		case "msNPAllowDialin":
			p.singleBool(&prof.AllowDialin, c, where)
		case "msIgnoreUserDialinProperties":
			p.singleBool(&prof.IgnoreDialin, c, where)
		case "msOverrideRAPAuth":
			p.singleBool(&prof.OverrideAuth, c, where)
		case "msAuthProviderType":
			p.singleInt(&prof.AuthProvider, c, where)
		case "msNPAuthenticationType2":
			t := p.value(c)
			v, _ := p.integer(t, "msNPAuthenticationType2", where)
			prof.AuthTypes = append(prof.AuthTypes, AuthType{Text: t, Value: int(v)})
			if v != 0 && authName(int(v)) == "" {
				p.problem(Uncertain, t.ValuePos, "msNPAuthenticationType2 of %s is %d, which the reader does not know; expected 1 to 11", where, v)
			}
		case "msNPAllowedEapType":
			prof.EAPTypes = append(prof.EAPTypes, p.eapType(xmlval.Of(p.x, c), where))
		case "msEAPConfiguration":
			prof.EAPConfigs = append(prof.EAPConfigs, p.eapConfig(xmlval.Of(p.x, c), where))
		default:
			if kind == Network {
				p.other(prof, c, where)
			}
		}
	}
	return prof
}

// other reads a property the reader has no field for: an
// Allowed-Certificate-OID setting under a configured name, or under an
// unknown name with a dotted OID for value. The content of a secret is
// never read.
func (p *parser) other(prof *Profile, c *etree.Element, where subject) {
	if secret.IsName(c.Tag) || otherProfileProperties()[c.Tag] {
		return
	}
	named := slices.Contains(p.oidNames, c.Tag)
	if !named && !p.x.HasText(c) {
		return
	}
	t := xmlval.Of(p.x, c)
	switch {
	case named && xmlval.IsOID(t.Value):
		prof.CertificateOIDs = append(prof.CertificateOIDs, CertificateOID{Text: t, OID: t.Value, NameKnown: true})
	case named:
		p.problem(BadValue, t.ValuePos, "<%s> of %s is %s; expected a dotted OID such as 1.3.6.1.4.1.311.87 (Allowed-Certificate-OID)", p.x.QuoteName(c), where, wording.Quote(t.Value))
	case xmlval.IsOID(t.Value):
		prof.CertificateOIDs = append(prof.CertificateOIDs, CertificateOID{Text: t, OID: t.Value})
		p.problem(Uncertain, t.Pos, "<%s> of %s holds the OID %s under a name the reader does not know; it is read as the Allowed-Certificate-OID setting, whose element name is not documented", p.x.QuoteName(c), where, t.Value)
	}
}

// single returns the text of c for a property that NPS writes once, and
// reports a repetition (the first is kept).
func (p *parser) single(prev Text, c *etree.Element, where subject) Text {
	if prev.Present {
		p.problem(Uncertain, p.x.Pos(c), "<%s> of %s is given twice (the first at line %d); the reader uses the first, and which one NPS uses is not known", c.Tag, where, prev.Pos.Line)
		return prev
	}
	return p.value(c)
}

// singleBool reads a boolean property given at most once into *t (see
// [parser.single] and [parser.boolean]).
func (p *parser) singleBool(t *Text, c *etree.Element, where subject) {
	*t = p.single(*t, c, where)
	p.boolean(*t, c.Tag, where)
}

// singleInt reads an integer property given at most once into *t (see
// [parser.single] and [parser.integer]).
func (p *parser) singleInt(t *Text, c *etree.Element, where subject) {
	*t = p.single(*t, c, where)
	p.integer(*t, c.Tag, where)
}

// value reads the text of a property element as xmlval.Of does, decoding
// it once. Its PosAt gives ValuePos: bin.hex values, whose bytes are
// located one by one, are read with xmlval.Of.
func (p *parser) value(e *etree.Element) Text {
	var s string
	var at func(int) lint.Pos
	if b, off, ok := p.x.PlainText(e); ok {
		// Most values: one run of text, read in place.
		s = string(b)
		at = func(k int) lint.Pos { return p.x.Src.Pos(off + k) }
	} else {
		raw := p.x.Text(e)
		s, at = string(raw.Data), raw.Pos
	}
	t := Text{Value: strings.TrimSpace(s), Raw: s, Pos: p.x.Pos(e), Present: true}
	t.ValuePos = t.Pos
	if trimmed := strings.TrimLeft(s, " \t\r\n"); trimmed != "" {
		t.ValuePos = at(len(s) - len(trimmed))
	}
	return t
}

// boolean reports a present value that is not a boolean.
func (p *parser) boolean(t Text, tag string, where subject) {
	if _, ok := t.Bool(); t.Present && !ok {
		p.problem(BadValue, t.ValuePos, "%s of %s is %s; expected 0 or 1", tag, where, wording.Quote(t.Value))
	}
}

// integer reads a present value as an integer, reporting one that is not.
func (p *parser) integer(t Text, tag string, where subject) (int64, bool) {
	if !t.Present {
		return 0, false
	}
	v, ok := t.Int()
	if !ok || v < math.MinInt32 || v > math.MaxUint32 {
		p.problem(BadValue, t.ValuePos, "%s of %s is %s; expected a whole number", tag, where, wording.Quote(t.Value))
		return 0, false
	}
	return v, true
}

func (p *parser) policies(section *etree.Element, kind Kind, profiles map[string]*Profile) []*Policy {
	var out []*Policy
	for i, e := range items(section) {
		pol := &Policy{Kind: kind, Name: xmlval.Attr(p.x, e, "name"), Pos: p.x.Pos(e), Index: i}
		where := subject{kind: kindName(kind), name: &pol.Name}
		for _, c := range properties(e) {
			if c.Space != "" {
				continue
			}
			switch c.Tag {
			case "Policy_Enabled":
				p.singleBool(&pol.Enabled, c, where)
			case "msNPSequence":
				pol.Order = p.single(pol.Order, c, where)
			case "Policy_SourceTag":
				p.singleInt(&pol.SourceTag, c, where)
			case "msNPConstraint":
				cond, why := parseCondition(p.value(c), p.patterns)
				if why != "" {
					p.problem(Uncertain, cond.Text.ValuePos, "condition %s of %s %s; the reader takes it as one a VPN request may meet", wording.Quote(cond.Text.Value), where, why)
				}
				pol.Conditions = append(pol.Conditions, cond)
			}
		}
		if pol.Order.Present {
			pol.order, pol.orderOK = p.integer(pol.Order, "msNPSequence", where)
		}
		switch {
		case !pol.Name.Present:
			p.problem(Uncertain, pol.Pos, "a %s has no name attribute, so its settings cannot be found; expected the name that pairs it with its profile", kindName(kind))
		case profiles[pol.Name.Value] == nil:
			p.problem(Uncertain, pol.Pos, "%s has no settings: expected an entry of the same name in %s, so its access permission and authentication methods are not known", where, map[Kind]string{Network: "RadiusProfiles", Request: "Proxy_Profiles"}[kind])
		default:
			pol.Profile = profiles[pol.Name.Value]
		}
		pol.vpn = vpnMatch(pol)
		if pol.vpn.ByTag && pol.vpn.Match != No && pol.IsEnabled() {
			tag, _ := pol.SourceTag.Int()
			p.problem(Uncertain, pol.SourceTag.ValuePos, "Policy_SourceTag of %s is %d, a type of network access server whose values are not documented, and no condition of the policy names VPN; the reader takes it as a policy that may be for VPN", where, tag)
		}
		out = append(out, pol)
	}
	return out
}

// order reports policies whose processing order is missing or shared by an
// enabled policy before them in document order.
func (p *parser) order(pols []*Policy) {
	seen := map[int64]*Policy{}
	for _, pol := range pols {
		if !pol.IsEnabled() {
			continue
		}
		if !pol.Order.Present {
			p.problem(Uncertain, pol.Pos, "%s has no msNPSequence; expected its processing order, so the reader places it after every numbered policy", pol.label())
			continue
		}
		if !pol.orderOK {
			continue // reported as a bad value
		}
		if first := seen[pol.order]; first != nil {
			p.problem(Uncertain, pol.Order.ValuePos, "%s has processing order %d, as %s at line %d has; which NPS tries first is not documented, so the reader takes document order", pol.label(), pol.order, first.label(), first.Pos.Line)
			continue
		}
		seen[pol.order] = pol
	}
}

// overrides reports a connection request policy that may take VPN
// requests and overrides the authentication methods of the network
// policies, when the export has a VPN policy whose methods it may replace.
func (p *parser) overrides() {
	if len(p.e.VPNPolicies()) == 0 {
		return
	}
	for _, crp := range p.e.RequestPolicies {
		if crp.IsEnabled() && crp.vpn.Match != No && crp.Profile != nil && crp.Profile.OverrideAuth.True() {
			p.problem(Uncertain, crp.Profile.OverrideAuth.Pos, "%s sets msOverrideRAPAuth, documented only as reserved; read as replacing the network policies' authentication methods, which the rules do not apply: they judge each network policy's own methods", crp.label())
		}
	}
}

func (p *parser) clients(section *etree.Element) {
	for _, e := range items(section) {
		c := &Client{Name: xmlval.Attr(p.x, e, "name"), Pos: p.x.Pos(e)}
		where := subject{kind: "RADIUS client", name: &c.Name}
		for _, prop := range properties(e) {
			switch prop.Tag {
			case "IP_Address":
				c.Address = p.value(prop)
			case "Radius_Client_Enabled":
				p.singleBool(&c.Enabled, prop, where)
			case "Require_Signature":
				p.singleBool(&c.RequireSignature, prop, where)
			case "Shared_Secret":
				c.Secret = p.secret(prop)
			}
		}
		p.e.Clients = append(p.e.Clients, c)
	}
}

func (p *parser) remoteServers(section *etree.Element) {
	for _, g := range items(section) {
		group := xmlval.Attr(p.x, g, "name")
		for _, e := range items(g) {
			s := &RemoteServer{Group: group, Name: xmlval.Attr(p.x, e, "name"), Pos: p.x.Pos(e)}
			for _, prop := range properties(e) {
				switch prop.Tag {
				case "Address":
					s.Address = p.value(prop)
				case "Authentication_Secret", "Accounting_Secret":
					if !s.Secret.Present || s.Secret.Empty {
						s.Secret = p.secret(prop)
					}
				}
			}
			p.e.RemoteServers = append(p.e.RemoteServers, s)
		}
	}
}

// secret records that the secret element e exists, and whether it holds
// text, without reading the text.
func (p *parser) secret(e *etree.Element) Secret {
	return Secret{Present: true, Empty: !p.x.HasText(e), Pos: p.x.Pos(e)}
}

// authName names an msNPAuthenticationType2 value, or returns "".
func authName(v int) string {
	switch v {
	case AuthPAP:
		return "PAP"
	case AuthMD5CHAP:
		return "CHAP"
	case AuthMSCHAP:
		return "MS-CHAP"
	case AuthMSCHAPv2:
		return "MS-CHAP v2"
	case AuthEAP:
		return "EAP"
	case AuthARAP:
		return "ARAP"
	case AuthUnauthenticated:
		return "unauthenticated access"
	case AuthCustom:
		return "custom"
	case AuthMSCHAPPassword:
		return "MS-CHAP password change"
	case AuthMSCHAPv2Password:
		return "MS-CHAP v2 password change"
	case AuthPEAP:
		return "PEAP"
	}
	return ""
}

// EAPName names an EAP type the way Windows does: "EAP-TLS", "PEAP",
// "EAP-MSCHAPv2", "MD5-Challenge", or "EAP type N".
func EAPName(t int) string {
	switch t {
	case EAPMD5:
		return "MD5-Challenge"
	case EAPTLS:
		return "EAP-TLS"
	case EAPPEAP:
		return "PEAP"
	case EAPMSCHAPv2:
		return "EAP-MSCHAPv2"
	}
	return "EAP type " + strconv.Itoa(t)
}
