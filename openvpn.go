package aovpnlint

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/crosscheck"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/fsread"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/ovpn"
)

// checkOpenVPN checks an OpenVPN profile: the rules on the file alone,
// then its certificates — inline, or in the files it names beside it —
// with their roles, against each other, its key, and, when the documents
// given are OpenVPN profiles only, the server certificates (--vpn-cert)
// and the CRLs given with them. Findings about a file the profile names
// point into that file.
func (r *run) checkOpenVPN(e *entry, f *input.File) []lint.Finding {
	p := ovpn.Parse(f.Text)
	out := ovpn.Lint(p, ovpn.Options{Auth: r.opts.OpenVPNAuth, Encoding: f.Encoding})
	if p.Key != nil && p.Key.Encrypted && len(r.opts.Passwords) > 0 {
		for _, d := range p.All("key") {
			if d.Inline != nil && d.Connection == 0 {
				p.Key = ovpn.ReadKeyWith(d.Inline.Body, r.decrypt)
			}
		}
	}
	in := &crosscheck.OpenVPN{Profile: p, Key: p.Key,
		Certs: &certcheck.Set{Opts: certcheck.Options{Now: r.now, Warn: r.opts.Warn}}}
	if r.supplied != nil && r.openVPNOnly() {
		// Given with OpenVPN profiles alone, the server certificates and
		// CRLs are theirs; given with Windows documents too, they are the
		// Windows gateway's, and no OpenVPN profile is compared with them.
		in.Certs.Certs = append(in.Certs.Certs, r.supplied.WithRole(certcheck.RoleVPN)...)
		in.Certs.CRLs = append(in.Certs.CRLs, r.supplied.CRLs...)
	}
	var refs refAllowance // what the files the profile names have brought so far
	for _, d := range p.Directives {
		_, ok := ovpnRoles()[d.Name]
		if !ok || d.Connection > 0 {
			continue
		}
		var b *certcheck.Bundle
		switch {
		case d.Inline != nil:
			if d.Name == "key" || placeholder(d.Inline, d.Name) {
				continue // the key is read by ovpn.Parse; a placeholder is OVPN020
			}
			b = certcheck.Load(certcheck.File{Name: f.Name, Raw: d.Inline.Body.Data, Text: d.Inline.Body}, certcheck.LoadOptions{Passwords: r.opts.Passwords, CRL: d.Name == "crl-verify"})
		case len(d.Args) > 0:
			ref := r.referenced(e, d, &refs)
			if ref == nil {
				continue
			}
			if ref.err != "" {
				in.Missing = append(in.Missing, crosscheck.Reference{Directive: d, Why: ref.err})
				continue
			}
			if d.Name == "key" {
				if ref.key != nil {
					in.Key = ref.key
				}
				continue
			}
			b = ref.bundle
		}
		if b == nil {
			continue
		}
		if d.Inline == nil {
			refs.items += len(b.Certs) + len(b.CRLs)
		}
		out = append(out, certcheck.LintBundle(b)...)
		if c := giveRoles(b, d.Name, in.Client != nil); c != nil {
			in.Client = c
		}
		in.Certs.Certs = append(in.Certs.Certs, b.Certs...)
		in.Certs.CRLs = append(in.Certs.CRLs, b.CRLs...)
	}
	return append(out, crosscheck.LintOpenVPN(in)...)
}

// giveRoles gives the certificates of an option's content the role the
// profile gives them, and says why in Classified; it returns the client
// certificate, the first of cert or pkcs12 that is not a CA, unless the
// profile already has one (client). The others of cert and pkcs12 are the
// client's chain.
func giveRoles(b *certcheck.Bundle, option string, client bool) (first *certcheck.Cert) {
	role := ovpnRoles()[option]
	for _, c := range b.Certs {
		c.Role, c.Classified = role, ovpnWhy()[option]
		if role != certcheck.RoleClient {
			continue
		}
		if client || first != nil || c.IsCA {
			c.Role, c.Classified = certcheck.RoleChain, "in <"+option+"> after the client certificate: its chain"
			continue
		}
		first = c
	}
	return first
}

// ovpnWhy says why a certificate of an OpenVPN profile has its role.
var ovpnWhy = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"ca":          "in <ca>: a CA the client trusts for the server",
		"cert":        "the first certificate of <cert>: the client certificate",
		"pkcs12":      "the certificate of <pkcs12>: the client certificate",
		"extra-certs": "in <extra-certs>: an intermediate the client sends with its certificate",
		"crl-verify":  "in <crl-verify>",
	}
})

// OpenVPNCertificates reads the certificates and CRLs an OpenVPN profile
// (a file of kind input.OpenVPN) holds in its inline blocks — <ca>,
// <cert>, <extra-certs>, <pkcs12>, <crl-verify> — in file order, each
// certificate with the role the profile gives it and, in Classified, why:
// what `aovpnlint cert show` lists. Blocks that hold a placeholder are
// left out (OVPN020 reports them), and so are the files the profile
// names. What cannot be read is a problem of the bundle.
func OpenVPNCertificates(f *input.File, passwords []string) *certcheck.Bundle {
	out := &certcheck.Bundle{Name: f.Name}
	if f.Kind != input.OpenVPN || f.Text == nil {
		return out
	}
	client := false
	for _, d := range ovpn.Parse(f.Text).Directives {
		if _, ok := ovpnRoles()[d.Name]; !ok || d.Name == "key" || d.Inline == nil || d.Connection > 0 || placeholder(d.Inline, d.Name) {
			continue
		}
		b := certcheck.Load(certcheck.File{Name: f.Name, Raw: d.Inline.Body.Data, Text: d.Inline.Body}, certcheck.LoadOptions{Passwords: passwords, CRL: d.Name == "crl-verify"})
		client = giveRoles(b, d.Name, client) != nil || client
		out.Certs = append(out.Certs, b.Certs...)
		out.CRLs = append(out.CRLs, b.CRLs...)
		out.Problems = append(out.Problems, b.Problems...)
		out.Refused = append(out.Refused, b.Refused...)
	}
	return out
}

// ovpnRoles are the options of an OpenVPN profile that hold certificates
// (or a key, or CRLs), with the role of their certificates.
var ovpnRoles = sync.OnceValue(func() map[string]certcheck.Role {
	return map[string]certcheck.Role{
		"ca":          certcheck.RoleTrust,
		"cert":        certcheck.RoleClient,
		"pkcs12":      certcheck.RoleClient,
		"extra-certs": certcheck.RoleChain,
		"crl-verify":  certcheck.RoleChain,
		"key":         certcheck.RoleUnknown,
	}
})

// reference is a file an OpenVPN profile names, read: the key, or the
// certificates and CRLs of every other option; or why it was not read.
type reference struct {
	key    *ovpn.Key
	bundle *certcheck.Bundle
	err    string
}

// refKind is what an option's file is read as.
type refKind int

const (
	refCerts refKind = iota // certificates and CRLs: ca, cert, extra-certs, pkcs12
	refCRL                  // a CRL: crl-verify
	refKey                  // a private key: key
)

// kindOf returns what option reads its file as.
func kindOf(option string) refKind {
	switch option {
	case "crl-verify":
		return refCRL
	case "key":
		return refKey
	}
	return refCerts
}

// refAllowance bounds what the files one profile names bring into its
// check as one file is bounded: together at most the run's MaxBytes
// (32 MiB) read and certcheck.MaxItems certificates and CRLs. An option
// whose file would take the bytes read over the limit is reported as not
// read (OVPN014), and so is every option once the certificates and CRLs
// reach theirs. Without it, a profile of a few kilobytes naming the same
// 2.9 MB file a hundred times had it read and checked a hundred times,
// with 1.6 GB of memory.
type refAllowance struct {
	bytes int64 // read so far
	items int   // certificates and CRLs loaded so far
}

// referenced reads the file a directive names, relative to the profile's
// folder (that of its Path, or of its Name when it was given as Data),
// within what is left of the profile's allowance, which it charges: nil
// when it is not to be read (an absolute path, which names the user's
// machine; "[inline]"; a CRL folder; a profile read from a Reader,
// standard input among them). A file the run's profiles name more than
// once is shared among them (see refShare); what a profile gets is the
// same either way.
func (r *run) referenced(e *entry, d *ovpn.Directive, refs *refAllowance) *reference {
	name := d.Args[0].Value
	from := e.src.Path
	if from == "" && e.src.Reader == nil {
		from = e.src.Name
	}
	switch {
	case from == "", name == "", name == "[inline]", isAbsolute(name),
		d.Name == "crl-verify" && len(d.Args) > 1 && d.Args[1].Value == "dir":
		return nil
	}
	if refs.items >= certcheck.MaxItems {
		return &reference{err: fmt.Sprintf("beside the profile but not read: the files the profile names before it hold %d certificates and CRLs or more, the most read from one file", certcheck.MaxItems)}
	}
	path := filepath.Join(filepath.Dir(from), filepath.FromSlash(strings.ReplaceAll(name, `\`, "/")))
	kind := kindOf(d.Name)
	if k := r.refs.named(path, kind); k != nil {
		k.once.Do(func() { k.load(r, path, kind) })
		if k.panicked != nil {
			panic(k.panicked) // as a reading of its own would have, for IN009
		}
		switch {
		case k.err != nil:
			return &reference{err: r.unread(k.err, refs)}
		case refs.bytes+k.size > r.lim.MaxBytes:
			return &reference{err: r.unread(&fsread.TooLargeError{Name: path, Size: k.size, Limit: r.lim.MaxBytes - refs.bytes}, refs)}
		}
		refs.bytes += k.size
		return k.copyAs(path)
	}
	data, err := fsread.File(path, r.lim.MaxBytes-refs.bytes)
	if err != nil {
		return &reference{err: r.unread(err, refs)}
	}
	refs.bytes += int64(len(data))
	return r.readRef(input.Read(path, data, r.lim), kind)
}

// unread says why a file a profile names was not read, for OVPN014: err
// is fsread.File's, with the profile's allowance refs before it.
func (r *run) unread(err error, refs *refAllowance) string {
	var tl *fsread.TooLargeError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "not beside the profile"
	case errors.As(err, &tl) && refs.bytes > 0 && (tl.Size < 0 || tl.Size <= r.lim.MaxBytes):
		return fmt.Sprintf("beside the profile but not read: with the files the profile names before it, it would make more than %d bytes, the most read from one file", r.lim.MaxBytes)
	case errors.As(err, &tl):
		return "beside the profile but too large to be read"
	}
	return "beside the profile but cannot be read (not a regular file, or not readable)"
}

// readRef reads a file a profile names as kind.
func (r *run) readRef(f *input.File, kind refKind) *reference {
	refLoads.Add(1)
	if kind == refKey {
		if f.Text == nil {
			return &reference{}
		}
		return &reference{key: ovpn.ReadKeyWith(f.Text, r.decrypt)}
	}
	return &reference{bundle: certcheck.Load(certcheck.File{Name: f.Name, Raw: f.Raw, Text: f.Text}, certcheck.LoadOptions{Passwords: r.opts.Passwords, CRL: kind == refCRL})}
}

// refShare shares among a run's OpenVPN profiles the files they name. A
// file named by one option of one profile is read for it (its
// certificates loaded, or its key read), and let go; named a second time
// (by any profile, through any path: a link, ./ca.crt or ../vpn/ca.crt),
// it is read once more and kept, and every later naming takes a copy of
// what was kept (keptRef.copyAs), which is what a reading of its own would
// have given. So however many profiles name ca.crt, it is read at most
// twice, and only the files named more than once are kept, for the rest
// of the run. Files are told
// apart by fsread.Identity, and by what they are read as (certificates, a
// CRL, a key): a file is read at most twice for each. A file whose
// identity cannot be had is read for each naming.
type refShare struct {
	mu    sync.Mutex
	count map[refID]int
	kept  map[refID]*keptRef
}

// refID is a file as read for an option: the file's identity, and what
// it is read as.
type refID struct {
	id   string
	kind refKind
}

// keptRef is a file named more than once, read once.
type keptRef struct {
	once     sync.Once
	name     string // the path it was read by
	size     int64
	ref      *reference
	err      error // fsread.File's
	panicked any   // what reading it panicked with, for every naming to meet again
}

// refLoads counts the files read for OpenVPN profiles' options, for the
// tests.
var refLoads atomic.Int64

// named counts one more naming of the file at path, read as kind, and
// returns what is kept of it: nil for its first naming, when it is to be
// read as usual.
func (s *refShare) named(path string, kind refKind) *keptRef {
	id, err := fsread.Identity(path)
	if err != nil {
		return nil
	}
	k := refID{id, kind}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.count == nil {
		s.count, s.kept = map[refID]int{}, map[refID]*keptRef{}
	}
	if s.count[k]++; s.count[k] == 1 {
		return nil
	}
	if s.kept[k] == nil {
		s.kept[k] = &keptRef{}
	}
	return s.kept[k]
}

// load reads the file once, within the run's limit of one file.
func (k *keptRef) load(r *run, path string, kind refKind) {
	defer func() { k.panicked = recover() }()
	data, err := fsread.File(path, r.lim.MaxBytes)
	if err != nil {
		k.err = err
		return
	}
	k.name, k.size = path, int64(len(data))
	k.ref = r.readRef(input.Read(path, data, r.lim), kind)
}

// copyAs returns what was kept as if it had been read by path: the
// certificates' copies (which the profile gives its roles), the positions
// in path.
func (k *keptRef) copyAs(path string) *reference {
	switch {
	case k.ref.bundle != nil:
		return &reference{bundle: k.ref.bundle.CopyAs(path)}
	case k.ref.key != nil:
		key := *k.ref.key
		if key.Pos.File == k.name {
			key.Pos.File = path
		}
		return &reference{key: &key}
	}
	return &reference{}
}

// isAbsolute reports whether an OpenVPN path is absolute on any system:
// /etc/openvpn/ca.crt, C:\Users\..., \\server\share.
func isAbsolute(name string) bool {
	return strings.HasPrefix(name, "/") || strings.HasPrefix(name, `\`) || len(name) >= 2 && name[1] == ':'
}

// placeholder reports a block whose content is not yet there (OVPN020):
// blank, without PEM where PEM belongs, or with a PEM block that is empty
// or template text. Its certificates are not read, so that what OVPN020
// says is not said again as an unreadable certificate (IN005).
func placeholder(b *ovpn.Block, name string) bool {
	switch {
	case b.Blank:
		return true
	case name == "pkcs12":
		return false
	case len(b.PEM) == 0:
		return true
	}
	for _, p := range b.PEM {
		if p.Empty || p.Placeholder.Line > 0 {
			return true
		}
	}
	return false
}

// secretBlocks are the inline options whose content is a secret: keys,
// static keys, credentials.
var secretBlocks = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"key": true, "secret": true, "pkcs12": true, "tls-auth": true, "tls-crypt": true, "tls-crypt-v2": true,
		"auth-user-pass": true, "http-proxy-user-pass": true, "auth-gen-token-secret": true,
	}
})

// RedactedOpenVPN returns the text of an OpenVPN profile (a file of kind
// input.OpenVPN), for `aovpnlint extract`: every line as it is, but the
// content of each inline block that holds a secret (<key>, <tls-auth>,
// <tls-crypt>, <pkcs12>, <auth-user-pass>...) and of each private or
// static key written outside one, which become one line that says
// input.Redacted. The blocks are those the OpenVPN reader finds, so a tag
// in a comment is not taken for one. When a secret does not end (a <key>
// without </key>, a key without its END line), nothing can be shown with
// certainty: the error is an *input.UnredactableError and there is no text.
func RedactedOpenVPN(f *input.File) ([]byte, error) {
	if f.Kind != input.OpenVPN || f.Text == nil {
		return nil, fmt.Errorf("%s: the file is a %s, not an OpenVPN profile", f.Name, f.Kind)
	}
	p := ovpn.Parse(f.Text)
	for _, pr := range p.Problems {
		if pr.Kind == ovpn.Limit {
			// The reader stopped recording: a secret block past that point
			// would not be known, so nothing can be shown with certainty.
			return nil, &input.UnredactableError{Pos: pr.Pos}
		}
	}
	lines := strings.SplitAfter(string(f.Text.Data), "\n")
	hide := make([]bool, len(lines)+2) // by line number, from 1
	for _, d := range p.Directives {
		b := d.Inline
		if b == nil || !secretBlocks()[d.Name] {
			continue
		}
		if !b.Closed {
			return nil, &input.UnredactableError{Pos: b.Pos}
		}
		for l := b.Pos.Line + 1; l < b.End.Line && l < len(hide); l++ {
			hide[l] = true
		}
	}
	begin := 0 // the BEGIN line of a key outside the blocks
	for i, l := range lines {
		n, t := i+1, strings.TrimSpace(l)
		switch {
		case hide[n]:
		case begin == 0 && strings.HasPrefix(t, "-----BEGIN ") && (strings.Contains(t, "PRIVATE KEY") || strings.Contains(strings.ToUpper(t), "STATIC KEY")):
			begin = n
		case begin != 0 && strings.HasPrefix(t, "-----END "):
			begin = 0
		case begin != 0:
			hide[n] = true
		}
	}
	if begin != 0 {
		return nil, &input.UnredactableError{Pos: f.Text.Pos(0)}
	}
	var b strings.Builder
	for i, l := range lines {
		switch {
		case !hide[i+1]:
			b.WriteString(l)
		case !hide[i]:
			b.WriteString(input.Redacted + "\n")
		}
	}
	return []byte(b.String()), nil
}

// decrypt decrypts an encrypted PKCS#8 key with the passwords given
// (--pfx-password-file), for ovpn.ReadKeyWith.
func (r *run) decrypt(der []byte) ([]byte, bool) {
	if len(r.opts.Passwords) == 0 {
		return nil, false
	}
	plain, err := certcheck.DecryptPrivateKey(der, r.opts.Passwords)
	return plain, err == nil
}
