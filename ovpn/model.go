package ovpn

import (
	"crypto"
	"strings"
	"sync"

	"github.com/aovpnlint/aovpnlint/internal/secret"
	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/lint"
)

// Profile is an OpenVPN client configuration read into its options, in
// file order, with their positions. The content of inline blocks is kept
// as text mapped to the file's lines ([Block.Body]); the one private key
// a rule needs is read by [ReadKey] into [Profile.Key], which keeps no
// private material.
type Profile struct {
	// File is the name findings use for the file.
	File string
	// Directives are every option in file order, inline blocks included
	// (Directive.Inline), and the options inside <connection> blocks
	// right after the block's own directive (Directive.Connection).
	Directives []*Directive
	// Problems are what the reader could not read as OpenVPN reads it, in
	// file order; each kind has its rule.
	Problems []Problem
	// Key is the inline <key> that takes effect (the last key option,
	// when it is inline), read with ReadKey; nil when there is none.
	Key *Key

	// index holds the directives of each name, in file order; last holds
	// the one of each name that takes effect (see Last).
	index map[string][]*Directive
	last  map[string]*Directive
}

// Directive is one option line, or one inline block.
type Directive struct {
	// Name is the option as written, without a leading "--" (OpenVPN
	// option names are case-sensitive). For `setenv opt NAME ...` it is
	// NAME.
	Name string
	// Pos is the option name's position.
	Pos lint.Pos
	// Args are the parameters after the name, at most 15 (OpenVPN reads
	// 16 words of a line, the name included); an inline block has none.
	Args []Arg
	// Setenv reports a line written `setenv opt NAME ...`, which OpenVPN
	// reads as NAME but does not refuse when it does not know it.
	Setenv bool
	// Inline is the block of an inline option <name>...</name>; nil for
	// an option line.
	Inline *Block
	// Connection is the 1-based index of the <connection> block the option
	// is in, 0 outside any.
	Connection int
	// Dropped reports words after the 16th of the line, which OpenVPN
	// ignores without a word.
	Dropped bool

	// text is the text the offsets below are in; name is the option
	// name's span, which messages quote through text.
	text               *srctext.Text
	nameStart, nameEnd int
}

// Arg is one parameter of an option.
type Arg struct {
	// Value is the parameter after quote and backslash processing, as
	// OpenVPN passes it to the option. A value longer than [MaxValue]
	// bytes (only a line over OpenVPN's limit can hold one) is cut.
	Value string
	// Pos is where the parameter starts (its opening quote, when quoted).
	Pos lint.Pos
	// Quoted reports a parameter written in double or single quotes.
	Quoted bool

	start, end int // the parameter as written, without its quotes
}

// Block is the content of an inline option.
type Block struct {
	// Tag is the option name between < and >.
	Tag string
	// Pos is the <tag> line's tag.
	Pos lint.Pos
	// End is the </tag> line's tag; zero when it is missing.
	End lint.Pos
	// Closed reports whether the </tag> line was found; a block without
	// one runs to the end of the file.
	Closed bool
	// Body is the content between the tag lines, mapped to the file's
	// lines.
	Body *srctext.Text
	// Blank reports a body of nothing but white space.
	Blank bool
	// PEM are the PEM blocks of the body, for the options whose content
	// is PEM (ca, cert, key, tls-auth...), at most [MaxPEM]; nil for the
	// others. MorePEM counts those not listed.
	PEM     []PEMBlock
	MorePEM int
}

// PEMBlock is one -----BEGIN ...----- block inside an inline block. The
// reader records its shape only; whether it decodes is for the reader of
// certificates or keys.
type PEMBlock struct {
	// Label is the text between "-----BEGIN " and "-----".
	Label string
	// Pos is the BEGIN line.
	Pos lint.Pos
	// Closed reports whether an END line follows.
	Closed bool
	// Empty reports nothing but white space between BEGIN and END.
	Empty bool
	// Placeholder is the first line between BEGIN and END that is template
	// text rather than encoded data ("...", "# Paste ... here", words
	// separated by spaces); zero when there is none. PlaceholderText
	// shows it for a message, or says it is withheld when the block holds
	// a secret.
	Placeholder     lint.Pos
	PlaceholderText string
}

// Key is what a rule needs of a PEM private key. The private material is
// dropped before ReadKey returns and is never part of any Problem.
type Key struct {
	// Pos is the BEGIN line (the text's start when there is none).
	Pos lint.Pos
	// Label is the PEM label: "PRIVATE KEY", "RSA PRIVATE KEY",
	// "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY"...
	Label string
	// Encrypted reports a key protected by a passphrase (PKCS#8
	// ENCRYPTED PRIVATE KEY, or a legacy PEM key with Proc-Type
	// 4,ENCRYPTED).
	Encrypted bool
	// Public is the key's public half: *rsa.PublicKey, *ecdsa.PublicKey
	// or ed25519.PublicKey, as crypto/x509 returns a certificate's; nil
	// when the key could not be read, or is encrypted and was not
	// decrypted (see ReadKeyWith).
	Public crypto.PublicKey
	// Problem says why the key could not be read, without any key bytes;
	// empty when it was read (or is encrypted, which is not a problem of
	// reading).
	Problem string
}

// ProblemKind says what the reader could not read; each kind has its
// rule.
type ProblemKind int

// The kinds of problem.
const (
	// StrayPEM is a PEM block outside any inline block: OpenVPN reads its
	// BEGIN line as an option it does not know (OVPN001).
	StrayPEM ProblemKind = iota + 1
	// Unterminated is an inline block without its end tag (OVPN002).
	Unterminated
	// LongLine is a line of 256 bytes or more (OVPN004).
	LongLine
	// BadToken is a line OpenVPN's tokenizer refuses: a backslash before
	// a character it does not escape, or a quote that is not closed
	// (OVPN005). OpenVPN drops the line; the reader keeps what it could
	// read of it, as a directive.
	BadToken
	// Limit is a file larger than the reader records: the options after
	// the limit are not checked (OVPN007).
	Limit
)

// Problem is one thing the reader could not read as OpenVPN reads it.
type Problem struct {
	Kind    ProblemKind
	Pos     lint.Pos
	Message string
}

// All returns every occurrence of the option name, in file order,
// <connection> blocks included.
func (p *Profile) All(name string) []*Directive { return p.index[name] }

// Last returns the occurrence of the option name that takes effect (the
// last one outside <connection> blocks, else the last one), or nil.
func (p *Profile) Last(name string) *Directive { return p.last[name] }

// Has reports whether the option name occurs.
func (p *Profile) Has(name string) bool { return len(p.index[name]) > 0 }

// AWS reports whether the profile is for AWS Client VPN: a remote host
// under .clientvpn.<region>.amazonaws.com, or an auth-federate option.
func (p *Profile) AWS() bool {
	if p.Has("auth-federate") {
		return true
	}
	for _, d := range p.All("remote") {
		if len(d.Args) > 0 && AWSHost(d.Args[0].Value) {
			return true
		}
	}
	return false
}

// AWSHost reports whether host is an AWS Client VPN endpoint name:
// [prefix.]cvpn-endpoint-<id>[.prod].clientvpn.<region>.amazonaws.com,
// or any name under .clientvpn.<region>.amazonaws.com.
func AWSHost(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	rest, ok := strings.CutSuffix(h, ".amazonaws.com")
	if !ok {
		return false
	}
	i := strings.LastIndexByte(rest, '.')
	if i < 0 || rest[i+1:] == "" {
		return false // the region
	}
	return strings.HasSuffix(rest[:i], ".clientvpn") || rest[:i] == "clientvpn"
}

// QuoteName returns the option name as written, for a message: in double
// quotes and made safe by srctext's Quote, or a wording that withholds it
// when it lies inside a secret (the lines of a private key written
// outside its <key> block) or looks like encoded data (a line of a key
// whose block lines were lost).
func (d *Directive) QuoteName() string {
	if looksEncoded(d.Name) {
		return withheldData
	}
	return quote(d.text, d.nameStart, d.nameEnd)
}

// withheldData stands for text that may be key material.
const withheldData = "a value not shown, it may be key material"

// QuoteArg returns parameter i as written (without its quotes), for a
// message, as QuoteName does. The value of an option that carries a
// secret (auth-token) is never shown, nor a value that looks like encoded
// data given to an option whose inline block is a secret (key, secret,
// tls-auth...: a key pasted on the option's line).
func (d *Directive) QuoteArg(i int) string {
	if i < 0 || i >= len(d.Args) {
		return "nothing"
	}
	if secretArgs()[d.Name] {
		return "a value not shown, it is a secret"
	}
	if secret.IsName(d.Name) && looksEncoded(d.Args[i].Value) {
		return withheldData // key data written on the option's line
	}
	return quote(d.text, d.Args[i].start, d.Args[i].end)
}

// secretArgs are the options whose parameters are secrets.
var secretArgs = sync.OnceValue(func() map[string]bool {
	return map[string]bool{"auth-token": true, "auth-token-user": true}
})

// quote shows the text between start and end in double quotes, or the
// wording that withholds a secret.
func quote(t *srctext.Text, start, end int) string {
	if t == nil {
		return `""`
	}
	if s, ok := t.Secret(start, end); ok {
		return s.Withheld()
	}
	return `"` + t.Quote(start, end) + `"`
}
