package nps

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"unicode/utf8"

	"github.com/aovpnlint/aovpnlint/internal/wording"
)

// MaxBlob is the largest bin.hex value the reader decodes, in bytes once
// decoded. The msEAPConfiguration values NPS writes hold well under a
// kilobyte (76 bytes for PEAP with EAP-MSCHAPv2); a larger value is
// reported as not understood and not decoded, so that a hostile export
// cannot make the reader copy megabytes per value.
const MaxBlob = 16 << 10

// maxBlobText is the most characters of white space and hex digits a
// bin.hex value may hold before it is refused unread: twice MaxBlob for
// the digits and as much again for line breaks and indentation.
const maxBlobText = 4 * MaxBlob

// blob is a bin.hex value being decoded, with the way back from a byte
// offset to the file.
type blob struct {
	t     Text
	where subject // msEAPConfiguration of network policy "VPN"
	b     []byte
}

// decode reads the hex digits of the value, white space anywhere ignored
// and case ignored. It returns a message and the offset in Raw of the
// offending character when the value is not hex or is too large.
func (bl *blob) decode() (msg string, at int) {
	raw := bl.t.Raw
	if len(raw) > maxBlobText {
		return fmt.Sprintf("holds %d characters, over the limit of %d for a value of at most %d bytes; not decoded", len(raw), maxBlobText, MaxBlob), 0
	}
	digits, last := 0, 0
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		case isHex(c):
			digits++
			last = i
		default:
			r, _ := utf8.DecodeRuneInString(raw[i:])
			return fmt.Sprintf("holds %s, which is not a hexadecimal digit; expected bin.hex text", wording.Quote(string(r))), i
		}
	}
	if digits%2 != 0 {
		return fmt.Sprintf("holds an odd number of hex digits (%d); expected two per byte", digits), last
	}
	if digits/2 > MaxBlob {
		return fmt.Sprintf("holds %d bytes, over the limit of %d; not decoded", digits/2, MaxBlob), 0
	}
	bl.b = make([]byte, 0, digits/2)
	var pair [2]byte
	n := 0
	for i := 0; i < len(raw); i++ {
		if c := raw[i]; isHex(c) {
			pair[n] = c
			if n++; n == 2 {
				var out [1]byte
				hex.Decode(out[:], pair[:]) // both are hex digits
				bl.b = append(bl.b, out[0])
				n = 0
			}
		}
	}
	return "", 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// rawOffset returns the offset in Raw of the first hex digit of byte k.
func (bl *blob) rawOffset(k int) int {
	want, digits := 2*k, 0
	for i := 0; i < len(bl.t.Raw); i++ {
		if isHex(bl.t.Raw[i]) {
			if digits == want {
				return i
			}
			digits++
		}
	}
	return len(bl.t.Raw)
}

// u32 reads the little-endian 32-bit integer at byte off; the caller has
// checked that four bytes are there.
func (bl *blob) u32(off int) uint32 { return binary.LittleEndian.Uint32(bl.b[off:]) }

// fail records a problem at byte k of the value.
func (p *parser) blobProblem(kind ProblemKind, bl *blob, k int, format string, args ...any) {
	p.problem(kind, bl.t.PosAt(bl.rawOffset(k)), "%s %s", bl.where, fmt.Sprintf(format, args...))
}

// eapType decodes an msNPAllowedEapType value: 16 bytes, the EAP type then
// 15 zero bytes (vendor and author identity).
func (p *parser) eapType(t Text, where subject) EAPType {
	et := EAPType{Text: t}
	bl := &blob{t: t, where: where.of("msNPAllowedEapType")}
	if msg, at := bl.decode(); msg != "" {
		p.problem(BadBlob, t.PosAt(at), "%s %s", bl.where, msg)
		return et
	}
	if len(bl.b) != 16 {
		p.blobProblem(BadBlob, bl, 0, "has %d bytes; expected 16: the EAP type and 15 zero bytes", len(bl.b))
		return et
	}
	et.Type = int(bl.b[0])
	if k := nonZero(bl.b[1:16]); k >= 0 {
		p.blobProblem(Uncertain, bl, 1+k, "is a vendor method (bytes 1 to 15 are not zero), whose identity the reader does not know; expected 15 zero bytes after the EAP type")
		return et
	}
	et.Read = true
	return et
}

// nonZero returns the index of the first byte of b that is not zero, or -1.
func nonZero(b []byte) int {
	for i, c := range b {
		if c != 0 {
			return i
		}
	}
	return -1
}

// The byte offsets of the msEAPConfiguration layout (see the package
// documentation): a 16-byte method identity and the length of what
// follows, then the method's settings.
const (
	hdrLen        = 20 // type, 15 zero bytes, length
	peapFixed     = 60 // up to the inner method count included
	innerEntryLen = 16 // version, size, type, flags
	tlsFixed      = 60 // up to the thumbprint included
	sha1Len       = 20
)

// eapConfig decodes an msEAPConfiguration value. A value that does not
// follow the known layout is a problem, never a guess: the fields are set
// only when every check passed.
func (p *parser) eapConfig(t Text, where subject) *EAPConfig {
	c := &EAPConfig{Text: t}
	bl := &blob{t: t, where: where.of("msEAPConfiguration")}
	if msg, at := bl.decode(); msg != "" {
		p.problem(BadBlob, t.PosAt(at), "%s %s", bl.where, msg)
		return c
	}
	if len(bl.b) < hdrLen {
		p.blobProblem(BadBlob, bl, 0, "has %d bytes; expected at least the 20-byte header (EAP type, vendor and author identity, length)", len(bl.b))
		return c
	}
	c.Type = int(bl.b[0])
	if k := nonZero(bl.b[1:16]); k >= 0 {
		p.blobProblem(Uncertain, bl, 1+k, "is for a vendor method (bytes 1 to 15 are not zero), whose settings the reader does not know; not interpreted")
		return c
	}
	if n := bl.u32(16); uint64(n)+hdrLen != uint64(len(bl.b)) {
		p.blobProblem(BadBlob, bl, 16, "says %d bytes follow its 20-byte header, but %d do; expected the length to match", n, len(bl.b)-hdrLen)
		return c
	}
	switch c.Type {
	case EAPPEAP:
		p.peap(c, bl)
	case EAPTLS:
		p.tls(c, bl)
	default:
		p.blobProblem(Uncertain, bl, 0, "holds settings for %s, whose layout is not known; not interpreted", EAPName(c.Type))
	}
	return c
}

// peap reads the PEAP settings: version (20), size (24), flags (28),
// certificate hash length 20 (32), SHA-1 thumbprint (36-55), inner method
// count (56), then the inner methods from byte 60, each a version, its size
// from its own start, its EAP type and a flags word, followed by settings of
// its own.
func (p *parser) peap(c *EAPConfig, bl *blob) {
	b := bl.b
	if len(b) < peapFixed {
		p.blobProblem(BadBlob, bl, 0, "holds %d bytes of PEAP settings; expected at least %d (version, size, flags, certificate hash, inner method count)", len(b)-hdrLen, peapFixed-hdrLen)
		return
	}
	if size, n := bl.u32(24), bl.u32(16); size != n {
		p.blobProblem(BadBlob, bl, 24, "says its PEAP settings are %d bytes, but its header says %d; expected the two to match", size, n)
		return
	}
	if hl := bl.u32(32); hl != sha1Len {
		p.blobProblem(BadBlob, bl, 32, "gives a certificate hash of %d bytes; expected 20 (a SHA-1 thumbprint)", hl)
		return
	}
	count := bl.u32(56)
	if room := uint32((len(b) - peapFixed) / innerEntryLen); count > room {
		p.blobProblem(BadBlob, bl, 56, "says it has %d inner methods, but only %d fit in its %d bytes", count, room, len(b))
		return
	}
	var inner []InnerMethod
	off := peapFixed
	for range count {
		if off+innerEntryLen > len(b) {
			p.blobProblem(BadBlob, bl, off, "ends inside an inner method at byte %d; expected %d more bytes", off, off+innerEntryLen-len(b))
			return
		}
		size, typ := bl.u32(off+4), bl.u32(off+8)
		if size < innerEntryLen || uint64(size) > uint64(len(b)-off) {
			p.blobProblem(BadBlob, bl, off+4, "gives an inner method a size of %d bytes; expected at least %d and at most the %d bytes left", size, innerEntryLen, len(b)-off)
			return
		}
		if typ == 0 || typ > 255 {
			p.blobProblem(BadBlob, bl, off+8, "gives an inner method the type %d; expected an EAP type from 1 to 255", typ)
			return
		}
		inner = append(inner, InnerMethod{Type: int(typ), Pos: bl.t.PosAt(bl.rawOffset(off + 8)), Settings: int(size) - innerEntryLen})
		off += int(size)
	}
	if off != len(b) {
		p.blobProblem(BadBlob, bl, off, "has %d bytes after its %s; expected none", len(b)-off, wording.Plural(len(inner), "inner method"))
		return
	}
	c.Understood, c.Flags, c.Inner = true, bl.u32(28), inner
	c.Thumbprint = bl.thumbprint(36)
	for _, in := range inner {
		if in.Settings > 0 {
			p.problem(Uncertain, in.Pos, "%s lists inner method %s with %d bytes of settings of its own, whose layout is not documented; not interpreted, so the certificate they may name is not read", bl.where, EAPName(in.Type), in.Settings)
		}
	}
}

// tls reads the EAP-TLS settings as far as they are known: flags (32),
// certificate hash length 20 (36), SHA-1 thumbprint (40-59). What follows
// is not interpreted.
func (p *parser) tls(c *EAPConfig, bl *blob) {
	if len(bl.b) < tlsFixed {
		p.blobProblem(BadBlob, bl, 0, "holds %d bytes of EAP-TLS settings; expected at least %d (through the certificate thumbprint)", len(bl.b)-hdrLen, tlsFixed-hdrLen)
		return
	}
	if hl := bl.u32(36); hl != sha1Len {
		p.blobProblem(BadBlob, bl, 36, "gives a certificate hash of %d bytes; expected 20 (a SHA-1 thumbprint)", hl)
		return
	}
	c.Understood, c.Flags = true, bl.u32(32)
	c.Thumbprint = bl.thumbprint(40)
}

// thumbprint returns the 20 bytes at off as a thumbprint.
func (bl *blob) thumbprint(off int) Thumbprint {
	return Thumbprint{Hex: hex.EncodeToString(bl.b[off : off+sha1Len]), Pos: bl.t.PosAt(bl.rawOffset(off))}
}
