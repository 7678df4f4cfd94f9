// Package input reads the files an administrator hands to aovpnlint and
// finds the documents inside them.
//
// A ProfileXML reaches a disk in many wrappers: as a raw XML file (often
// UTF-16 from Windows PowerShell 5.1), inside a PowerShell deploy script,
// in a WMI read-back listing, in an Intune Graph JSON export (plain or
// base64), in a SyncML message, or with its EapHostConfig HTML-escaped
// inside Eap/Configuration. [Read] detects the kind by content, never by
// extension, decodes the text, unwraps every layer and parses each
// document it finds with a safe XML parser (no entity expansion, no
// external resources, depth and element-count limits). Every position maps
// back to the line and column of the original file.
//
// The limits apply to the total a file yields: one budget of nodes and one
// of decoded bytes per file, drawn from by every wrapper and every
// document in it, so that a file of many documents costs no more than a
// file of one. When a budget runs out, an IN006 problem says where, and
// the rest of the file is not read.
//
// What goes wrong while reading is recorded as a [Problem] or a decoding
// note on the [File]; the IN rules in [Checks] turn them into findings.
package input

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/container"
	"github.com/aovpnlint/aovpnlint/internal/fsread"
	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/internal/suggest"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/internal/xmldoc"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/ovpn"
	"github.com/beevik/etree"
)

// Limits bound the input aovpnlint accepts. The zero value of a field means
// the default of [DefaultLimits]. Every limit but MaxDepth applies to the
// total a file yields, whatever wraps its documents.
type Limits struct {
	// MaxBytes is the largest file read; larger files are refused (IN006).
	MaxBytes int64
	// MaxDepth is the deepest XML or JSON nesting accepted.
	MaxDepth int
	// MaxElements is the largest number of nodes read from one file, over
	// all its documents and wrappers together: XML elements, attributes
	// (namespace declarations included), comments, processing instructions
	// and CDATA sections, JSON values, and the continuation lines of WMI
	// values (see xmldoc.Budget).
	MaxElements int
	// MaxDocuments is the largest number of documents read from one file.
	MaxDocuments int
	// MaxDecoded is the most bytes of decoded text kept for one file: the
	// file's text once decoded (UTF-16, Windows-1252) and every copy that
	// unwrapping makes (unescaped, base64-decoded, joined, parsed into a
	// tree), with the offset maps that tie them to the file. 0 means four
	// times MaxBytes.
	MaxDecoded int64
}

// DefaultLimits are the limits of the specification: 32 MiB, nesting 256,
// 100,000 nodes; and 1,000 documents in one file (an Intune export of a
// whole tenant has far fewer profiles). MaxDecoded is left to its default
// of four times MaxBytes (128 MiB): decoding a file can at most triple it
// (Windows-1252), and a profile escaped inside a wrapper is copied once
// for each layer.
var DefaultLimits = Limits{MaxBytes: 32 << 20, MaxDepth: 256, MaxElements: 100_000, MaxDocuments: 1000}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultLimits.MaxBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultLimits.MaxDepth
	}
	if l.MaxElements <= 0 {
		l.MaxElements = DefaultLimits.MaxElements
	}
	if l.MaxDocuments <= 0 {
		l.MaxDocuments = DefaultLimits.MaxDocuments
	}
	if l.MaxDecoded <= 0 {
		l.MaxDecoded = 4 * l.MaxBytes
	}
	return l
}

// Kind is what a file turned out to be.
type Kind int

// The kinds of input file.
const (
	Unknown     Kind = iota // none of the supported kinds (IN002)
	ProfileXML              // a raw ProfileXML document
	EAPConfig               // a bare EapHostConfig document
	Script                  // a PowerShell script
	WMI                     // a WMI/CIM read-back listing (Format-List output)
	IntuneJSON              // an Intune Microsoft Graph JSON export
	SyncML                  // a SyncML (OMA-DM) message
	Certificate             // a certificate, store, PFX or CRL, left to package certcheck
	TooLarge                // refused before reading: over Limits.MaxBytes (IN006)
	NPSExport               // an NPS configuration export (netsh nps export, Export-NpsConfiguration, ias.xml), left to package nps
	OpenVPN                 // an OpenVPN or AWS Client VPN client profile (.ovpn), left to package ovpn
)

var kindNames = [...]string{"unknown", "ProfileXML", "EapHostConfig", "PowerShell script", "WMI listing", "Intune JSON export", "SyncML message", "certificate file", "over the size limit", "NPS configuration export", "OpenVPN profile"}

// String names the kind: "PowerShell script".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// DocKind is what a document found in a file is.
type DocKind int

// The kinds of document.
const (
	// Profile is a ProfileXML document (root VPNProfile, or a root that
	// was evidently meant to be one).
	Profile DocKind = iota + 1
	// EAP is a bare EapHostConfig document.
	EAP
	// NPS is an NPS configuration export (root Root, holding
	// Children/Microsoft_Internet_Authentication_Service).
	NPS
)

// File is one input file after reading.
type File struct {
	// Name is the name findings use: the path given, or "<stdin>".
	Name string
	// Size is the number of bytes read (or, for TooLarge, the file size).
	Size int64
	Kind Kind
	// Encoding names the text encoding found ("UTF-16 LE with BOM"); empty
	// for binary files.
	Encoding string
	// Raw holds the bytes as read.
	Raw []byte
	// Text is the decoded text of a text file, nil for binary files.
	Text *srctext.Text
	// Docs are the documents found, in file order.
	Docs []*Doc
	// Problems are what went wrong while reading, for the IN rules.
	Problems []Problem
	// Notes are the decoding steps that changed the bytes (IN003), each
	// once.
	Notes []string
}

// guessKind tells a document that could not be parsed by the name of its
// first element.
func guessKind(data []byte) DocKind {
	for i := bytes.IndexByte(data, '<'); i >= 0 && i+1 < len(data); {
		if c := data[i+1]; c != '!' && c != '?' {
			if bytes.HasPrefix(data[i+1:], []byte("EapHostConfig")) {
				return EAP
			}
			return Profile
		}
		next := bytes.IndexByte(data[i+1:], '<')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return Profile
}

// Doc is one ProfileXML or EapHostConfig document found in a file.
type Doc struct {
	Kind DocKind
	// Origin says where in the file the document came from, for people:
	// "PowerShell string assigned to $ProfileXML". What it takes from the
	// file (a variable, a display name, an OMA-URI) is quoted through
	// srctext's Quote: escaped, cut, and never a secret.
	Origin string
	// At is where the document's text starts in the file.
	At lint.Pos
	// LocURI is the OMA-URI the document was addressed to, when the
	// wrapper gives one (Intune, SyncML), such as
	// "./User/Vendor/MSFT/VPNv2/Contoso/ProfileXML".
	LocURI string
	// Text is the document's text as extracted, mapped to the file.
	Text *srctext.Text
	// XML is the parsed document, for the parsers of this module; nil when
	// the document could not be parsed (a problem says why).
	XML *xmldoc.Doc
}

// ProblemKind classifies a [Problem]; each kind has its IN rule.
type ProblemKind int

// The kinds of reading problem.
const (
	Malformed      ProblemKind = iota + 1 // IN001: not well-formed XML
	Unsupported                           // IN002: none of the supported kinds
	NotExtractable                        // IN004: a profile cannot be extracted statically
	OverLimit                             // IN006: size, depth or element count over a limit
	EntityDecl                            // IN007: a DTD declares entities or names an external DTD
)

// Problem is something that went wrong while reading a file: its Kind
// decides the IN rule that reports it, at Pos, with Message and Related
// locations.
type Problem struct {
	Kind    ProblemKind
	Pos     lint.Pos
	Message string
	Related []lint.Related
}

// Open reads the named file, or standard input when name is "-", and
// returns it read by [Read]. A file over lim.MaxBytes is not read: the
// returned File has Kind TooLarge and an IN006 problem. The error is for
// files that cannot be opened or read at all, and for paths that are not
// regular files (a directory, a FIFO, a device), which are refused before
// they are opened.
func Open(name string, stdin io.Reader, lim Limits) (*File, error) {
	lim = lim.withDefaults()
	if name == "-" {
		return ReadFrom("<stdin>", stdin, lim)
	}
	data, err := fsread.File(name, lim.MaxBytes)
	return readResult(name, data, err, lim)
}

// ReadFrom reads r to its end, or to lim.MaxBytes, and returns what it
// held read by [Read] as the file called name; a reader holding more is
// not read further and the File has Kind TooLarge and an IN006 problem.
// The error is for a reader that fails.
func ReadFrom(name string, r io.Reader, lim Limits) (*File, error) {
	lim = lim.withDefaults()
	data, err := fsread.Reader(name, r, lim.MaxBytes)
	return readResult(name, data, err, lim)
}

// readResult is the file read as data, or the error of reading it.
func readResult(display string, data []byte, err error, lim Limits) (*File, error) {
	var tl *fsread.TooLargeError
	if errors.As(err, &tl) {
		return tooLarge(display, tl.Size, lim), nil
	}
	if err != nil {
		return nil, err
	}
	return Read(display, data, lim), nil
}

// tooLarge is a file refused for its size (IN006).
func tooLarge(name string, size int64, lim Limits) *File {
	observed := "more than that"
	if size >= 0 {
		observed = fmt.Sprintf("%d bytes", size)
	}
	return &File{Name: name, Size: size, Kind: TooLarge, Problems: []Problem{{
		Kind: OverLimit, Pos: lint.Pos{File: name},
		Message: fmt.Sprintf("file is larger than the limit of %d bytes (%s); it was not read", lim.MaxBytes, observed),
	}}}
}

// Read finds the documents in data, the content of the file called name.
// It never fails: whatever it cannot read becomes a Problem.
func Read(name string, data []byte, lim Limits) *File {
	lim = lim.withDefaults()
	f := &File{Name: name, Size: int64(len(data)), Raw: data}
	if int64(len(data)) > lim.MaxBytes {
		return tooLarge(name, int64(len(data)), lim)
	}
	if container.IsBinaryCertificate(data) {
		f.Kind = Certificate
		return f
	}
	if len(bytes.TrimSpace(data)) == 0 {
		f.unsupported(lint.Pos{File: name}, "the file is empty or holds only white space")
		return f
	}
	if k, ok := binaryContent(data); ok {
		f.unsupportedAs(lint.Pos{File: name}, k)
		return f
	}
	text, enc, notes := decodeText(data)
	f.Encoding = enc
	for _, n := range notes {
		f.note(n)
	}
	f.Text = srctext.New(name, text)
	r := newReader(f, lim)
	if len(notes) > 0 && !r.decoded(f.Text.Own(), f.Text.Pos(0)) {
		return f
	}
	r.sniff(f.Text)
	return f
}

// reader carries the state of one Read: the budgets the whole file draws
// from.
type reader struct {
	f           *File
	lim         Limits
	tooManyDocs bool
	// nodes is the file's budget of nodes, shared by every parse.
	nodes *xmldoc.Budget
	// copied is the bytes of decoded text made so far (Limits.MaxDecoded).
	copied int64
	// full is set once a budget has run out: nothing more is read.
	full bool
}

func newReader(f *File, lim Limits) *reader {
	return &reader{f: f, lim: lim, nodes: xmldoc.NewBudget(lim.MaxElements)}
}

// budget returns the file's budget of nodes, made on first use for a
// reader made without newReader.
func (r *reader) budget() *xmldoc.Budget {
	if r.nodes == nil {
		r.nodes = xmldoc.NewBudget(r.lim.MaxElements)
	}
	return r.nodes
}

func (f *File) note(step string) {
	for _, n := range f.Notes {
		if n == step {
			return
		}
	}
	f.Notes = append(f.Notes, step)
}

func (f *File) problem(kind ProblemKind, at lint.Pos, format string, args ...any) {
	f.Problems = append(f.Problems, Problem{Kind: kind, Pos: at, Message: fmt.Sprintf(format, args...)})
}

func (f *File) unsupported(at lint.Pos, why string) {
	f.unsupportedHint(at, why, "")
}

// unsupportedAs records that the file is of a kind aovpnlint recognises
// but does not read, naming it.
func (f *File) unsupportedAs(at lint.Pos, k foreign) {
	f.unsupportedHint(at, "the file is "+k.what, k.hint)
}

// unsupportedHint records IN002: why the file is none of the kinds
// aovpnlint reads, the kinds it reads, and what else to give, if hint
// says.
func (f *File) unsupportedHint(at lint.Pos, why, hint string) {
	f.Kind = Unknown
	msg := why + "; expected a ProfileXML or EapHostConfig document, a PowerShell script, a WMI listing, an Intune JSON export, a SyncML message or a certificate file"
	if hint != "" {
		msg += "; " + hint
	}
	f.problem(Unsupported, at, "%s", msg)
}

// xml returns the limits of a parse: the file's budget of nodes.
// Every document is parsed bare (xmldoc.Limits.Bare): its tree holds the
// elements, comments and processing instructions, and the parsers read
// attributes and text through the xmldoc.Doc, which is most of the tree's
// objects and a tenth of a profile's parse saved; Doc.Pretty prints a
// document from its whole tree (xmldoc.Doc.Whole).
func (r *reader) xml() xmldoc.Limits {
	return xmldoc.Limits{MaxDepth: r.lim.MaxDepth, Budget: r.budget(), Bare: true}
}

// decoded draws n bytes of decoded text (a copy about to be made, counted
// with srctext.Cost) from the file's budget, and reports whether they
// fitted. When they did not, an IN006 problem at at says so, and nothing
// more of the file is read.
func (r *reader) decoded(n int64, at lint.Pos) bool {
	if r.full {
		return false
	}
	r.copied += n
	if r.copied <= r.lim.MaxDecoded {
		return true
	}
	r.full = true
	r.f.problem(OverLimit, at, "decoding and unwrapping the file makes more than the limit of %d bytes of text (the decoded file, and every unescaped, base64-decoded or joined copy, with their maps to the file); the rest of the file was not checked", r.lim.MaxDecoded)
	return false
}

// take draws n nodes from the file's budget for something other than a
// parse (JSON values, WMI lines), recording the limit at at when they do
// not fit.
func (r *reader) take(n int, at lint.Pos, what string) bool {
	if r.full {
		return false
	}
	if r.budget().Take(n) {
		return true
	}
	r.full = true
	r.f.problem(OverLimit, at, "the file holds more than the limit of %d elements (%s); %s; the rest of the file was not checked", r.nodes.Limit(), what, nodesCounted)
	return false
}

// nodesCounted says what the budget of nodes counts, for messages.
const nodesCounted = "the limit counts the elements, attributes, comments and processing instructions of every document in the file together, with the JSON values and WMI lines that wrap them"

// textKind is what decoded text is, as its first bytes and a few markers
// tell.
type textKind int

const (
	blankText      textKind = iota
	pemText                 // PEM from the start
	scriptText              // a PowerShell script
	xmlText                 // XML: a profile, an EapHostConfig, SyncML
	escapedXMLText          // HTML-escaped XML
	jsonText                // an Intune Graph export
	wmiText                 // a WMI listing
	pemAfterText            // PEM after a text preamble
	toolText                // text a Windows tool prints (see foreignText)
	base64Text              // base64 without PEM armour
	ovpnText                // an OpenVPN client profile
	unknownText
)

// kindOfText says what the decoded text data is, and where it starts
// after white space and byte order marks. It reads the start of data and
// looks for a few markers; it parses nothing.
func kindOfText(data []byte) (textKind, int) {
	trimmed := bytes.TrimLeft(data, " \t\r\n\uFEFF")
	start := len(data) - len(trimmed)
	switch {
	case len(trimmed) == 0:
		return blankText, start
	case bytes.HasPrefix(trimmed, []byte("-----BEGIN ")):
		return pemText, start
	case ovpn.Is(data):
		return ovpnText, start
	case bytes.HasPrefix(trimmed, []byte("<#")):
		return scriptText, start
	case bytes.HasPrefix(trimmed, []byte("<")):
		return xmlText, start
	case hasPrefixFold(trimmed, "&lt;"):
		return escapedXMLText, start
	case trimmed[0] == '{', trimmed[0] == '[' && !isPhonebook(trimmed):
		return jsonText, start
	case looksLikeWMI(data):
		return wmiText, start
	case bytes.Contains(data, []byte("\n-----BEGIN ")) && !looksLikeScript(data, true):
		return pemAfterText, start
	case isForeignText(data):
		return toolText, start
	case looksLikeScript(data, false):
		return scriptText, start
	case looksLikeBase64(trimmed):
		return base64Text, start
	}
	return unknownText, start
}

// IsCertificate reports whether [Read] would find data to be of kind
// Certificate (a certificate, store, PFX or CRL, in any encoding), at a
// fraction of its cost: it decodes the text but parses nothing. A file
// over lim's size is not.
func IsCertificate(data []byte, lim Limits) bool {
	lim = lim.withDefaults()
	if int64(len(data)) > lim.MaxBytes {
		return false
	}
	if container.IsBinaryCertificate(data) {
		return true
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return false
	}
	if _, ok := binaryContent(data); ok {
		return false
	}
	text, _, _ := decodeText(data)
	switch k, _ := kindOfText(text); k {
	case pemText, pemAfterText, base64Text:
		return true
	}
	return false
}

// sniff decides what the decoded text t is and extracts its documents.
func (r *reader) sniff(t *srctext.Text) {
	data := t.Data
	kind, start := kindOfText(data)
	switch kind {
	case blankText:
		r.f.unsupported(lint.Pos{File: r.f.Name}, "the file holds only white space once decoded")
	case pemText, pemAfterText, base64Text:
		// PEM after a text preamble: openssl or certinfo dumps, comments.
		r.f.Kind = Certificate
	case scriptText:
		r.f.Kind = Script
		r.script(t)
	case xmlText:
		r.xmlFile(t)
	case escapedXMLText:
		r.f.note("HTML-escaped XML unescaped")
		if r.decoded(xmldoc.UnescapeCost(data[start:]), t.Pos(start)) {
			r.xmlFile(xmldoc.Unescape(t.Slice(start, len(data))))
		}
	case jsonText:
		r.f.Kind = IntuneJSON
		r.intune(t)
	case wmiText:
		r.f.Kind = WMI
		r.wmi(t)
	case ovpnText:
		// Its directives and inline blocks are read by package ovpn, the
		// certificates inside them by package certcheck (see the root
		// package); the file's text is all they need. The decoding steps
		// are no news (IN003): OpenVPN itself skips a UTF-8 byte order
		// mark, and refuses UTF-16, which package ovpn reports (OVPN008).
		r.f.Kind = OpenVPN
		r.f.Notes = nil
	case toolText:
		// What decoding took is no matter for a file aovpnlint does not
		// read (IN003 would advise saving it as UTF-8).
		k, _ := foreignText(data)
		r.f.Notes = nil
		r.f.unsupportedAs(t.Pos(start), k)
	default:
		lines := bytes.Count(bytes.TrimRight(data, " \t\r\n"), []byte{'\n'}) + 1
		r.f.unsupported(t.Pos(start), fmt.Sprintf("the file is %s text of %s that is neither XML, JSON, a WMI listing nor a PowerShell script", r.f.Encoding, wording.Plural(lines, "line")))
	}
}

// xmlFile handles a file whose text is XML: a ProfileXML, an EapHostConfig
// or a SyncML message.
func (r *reader) xmlFile(t *srctext.Text) {
	if r.nodes.Used() == 0 && looksLikeNPSExport(t.Data) {
		// An NPS export writes two or three attributes on every element:
		// its budget counts as many elements as a profile's, the limit the
		// specification sets in elements (see NPSNodeFactor).
		r.nodes = xmldoc.NewBudget(NPSNodeFactor * r.lim.MaxElements)
	}
	x, err, ok := r.parseTree(t)
	if !ok {
		return
	}
	if err == nil && x.Root.Tag == "SyncML" {
		r.f.Kind = SyncML
		r.syncML(x)
		return
	}
	if err == nil && isNPSExport(x) {
		r.f.Kind = NPSExport
		r.addDoc(&Doc{Kind: NPS, Origin: "NPS configuration export", At: t.Pos(0), Text: t, XML: x})
		return
	}
	// A broken XML file is still an XML file: IN001, not IN002.
	switch d := r.parsedDocument(t, x, err, "XML document", ""); {
	case d == nil:
		r.f.Kind = Unknown
	case d.Kind == EAP:
		r.f.Kind = EAPConfig
	default:
		r.f.Kind = ProfileXML
	}
}

// parseTree parses t with the file's budget of nodes, after drawing the
// tree it will build (about a copy of t) from the budget of decoded bytes.
// ok is false when that budget has run out: the problem is recorded, and
// the document is dropped.
func (r *reader) parseTree(t *srctext.Text) (x *xmldoc.Doc, err *xmldoc.Error, ok bool) {
	if !r.decoded(int64(len(t.Data)), t.Pos(0)) {
		return nil, nil, false
	}
	x, err = xmldoc.Parse(t, r.xml())
	return x, err, true
}

// document parses an extracted document and records it under its kind.
func (r *reader) document(t *srctext.Text, origin, locURI string) {
	if !r.roomForDocument(t.Pos(0)) {
		return
	}
	if x, err, ok := r.parseTree(t); ok {
		r.parsedDocument(t, x, err, origin, locURI)
	}
}

// parsedDocument records a document that has been parsed: x is nil and err
// says why when it is not well-formed; the document is then kept without a
// tree, so that extract can still print it. It returns the document
// recorded, or nil when the root is neither a profile nor an EAP
// configuration.
func (r *reader) parsedDocument(t *srctext.Text, x *xmldoc.Doc, err *xmldoc.Error, origin, locURI string) *Doc {
	d := &Doc{Origin: origin, At: t.Pos(0), LocURI: locURI, Text: t, XML: x}
	switch {
	case !r.parsed(t, err):
		d.Kind = guessKind(t.Data)
	case x.Root.Tag == "EapHostConfig":
		d.Kind = EAP
	case isProfileRoot(x.Root.Tag):
		d.Kind = Profile
	default:
		r.f.problem(Unsupported, x.Pos(x.Root), "the %s holds <%s>, not a VPNProfile or EapHostConfig document; expected a ProfileXML or EapHostConfig", origin, x.QuoteName(x.Root))
		return nil
	}
	r.addDoc(d)
	return d
}

// isProfileRoot accepts VPNProfile and names evidently meant to be it
// (other case, one typo), so that VPN001 can say what is wrong.
// NPSNodeFactor is how many times Limits.MaxElements nodes an NPS
// configuration export may hold: its elements carry a name, a data type
// and often a namespace declaration each, so that 100,000 elements are
// about 300,000 nodes, while the specification's limit counts elements.
const NPSNodeFactor = 3

// looksLikeNPSExport reports whether decoded text starts as an NPS
// configuration export: the root Root declaring the datatypes namespace
// within its first kilobytes.
func looksLikeNPSExport(data []byte) bool {
	head := data[:min(len(data), 4096)]
	i := bytes.Index(head, []byte("<Root"))
	return i >= 0 && bytes.Contains(head[i:], []byte("urn:schemas-microsoft-com:datatypes"))
}

// isNPSExport reports whether x is an NPS configuration export, as netsh
// nps export, Export-NpsConfiguration and ias.xml write it: the root Root,
// holding Children/Microsoft_Internet_Authentication_Service or declaring
// the datatypes namespace its values are typed with (package nps reports
// an export without the service).
func isNPSExport(x *xmldoc.Doc) bool {
	if x.Root.Tag != "Root" {
		return false
	}
	if c := x.Root.SelectElement("Children"); c != nil && c.SelectElement("Microsoft_Internet_Authentication_Service") != nil {
		return true
	}
	for _, v := range x.Attrs(x.Root) {
		if v == "urn:schemas-microsoft-com:datatypes" {
			return true
		}
	}
	return false
}

func isProfileRoot(local string) bool {
	return strings.EqualFold(local, "VPNProfile") || suggest.Bounded(local, "vpnprofile", 2) <= 2
}

// parse parses t as XML, recording a problem when it fails.
func (r *reader) parse(t *srctext.Text) (*xmldoc.Doc, bool) {
	x, err, ok := r.parseTree(t)
	return x, ok && r.parsed(t, err)
}

// parsed records the problem a parse of t ended with, if any, and reports
// whether the parse succeeded.
func (r *reader) parsed(t *srctext.Text, err *xmldoc.Error) bool {
	if err == nil {
		return true
	}
	kind := Malformed
	msg := "not well-formed XML: " + err.Msg
	if err.Msg == "expected attribute name in element" && err.Offset < len(t.Data) && t.Data[err.Offset] == '=' {
		msg += " (found '=' right after a name: is the space before an attribute missing?)"
	}
	switch err.Kind {
	case xmldoc.TooDeep:
		kind = OverLimit
		msg = fmt.Sprintf("XML nesting is deeper than the limit of %d levels (this element is at level %d); the document was not checked", err.Limit, err.Observed)
	case xmldoc.TooMany:
		kind = OverLimit
		this := fmt.Sprintf("this is element %d", err.Observed)
		if err.Node != "element" {
			this = fmt.Sprintf("this %s is node %d", err.Node, err.Observed)
		}
		msg = fmt.Sprintf("the file holds more than the limit of %d elements (%s); %s; the rest of the file was not checked", err.Limit, this, nodesCounted)
		r.full = true
	case xmldoc.Entities:
		kind = EntityDecl
		msg = err.Msg + "; entities are never expanded and external DTDs never read, so the document was not checked"
	}
	r.f.Problems = append(r.f.Problems, Problem{Kind: kind, Pos: err.Pos, Message: msg, Related: err.Related})
	return false
}

// roomForDocument reports whether another document may be read from the
// file, recording the limit once when it is reached. None may once a
// budget of the file has run out.
func (r *reader) roomForDocument(at lint.Pos) bool {
	if r.full {
		return false
	}
	if len(r.f.Docs) < r.lim.MaxDocuments {
		return true
	}
	if !r.tooManyDocs {
		r.tooManyDocs = true
		r.f.problem(OverLimit, at, "the file holds more than the limit of %d documents; the rest were not checked", r.lim.MaxDocuments)
	}
	return false
}

// addDoc records a document and unwraps EapHostConfig text escaped inside
// a profile's Eap/Configuration.
func (r *reader) addDoc(d *Doc) {
	r.f.Docs = append(r.f.Docs, d)
	if d.Kind == Profile && d.XML != nil {
		r.escapedEAP(d.XML)
	}
}

// escapedEAP parses EapHostConfig text HTML-escaped (or in CDATA) inside
// an Eap/Configuration element as a document of its own, so that EAP
// findings point into the file.
func (r *reader) escapedEAP(x *xmldoc.Doc) {
	var visit func(e *etree.Element)
	visit = func(e *etree.Element) {
		for c := range e.ChildElementsSeq() {
			if r.full {
				return
			}
			if c.Tag == "Configuration" && e.Tag == "Eap" && x.Space(c) == "" && !hasChildElement(c) {
				r.embedded(x, c)
			}
			visit(c)
		}
	}
	visit(x.Root)
}

func (r *reader) embedded(x *xmldoc.Doc, conf *etree.Element) {
	if !x.HasText(conf) || !r.decoded(x.TextCost(conf), x.Pos(conf)) {
		return
	}
	text := x.Text(conf)
	if !bytes.HasPrefix(bytes.TrimSpace(text.Data), []byte("<")) {
		return
	}
	if x.Escaped(conf) {
		r.f.note("escaped EapHostConfig text in Eap/Configuration unescaped")
	}
	nested, ok := r.parse(text)
	if !ok {
		return
	}
	if x.Embedded == nil {
		x.Embedded = map[*etree.Element]*xmldoc.Doc{}
	}
	x.Embedded[conf] = nested
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
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
