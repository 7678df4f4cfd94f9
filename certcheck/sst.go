package certcheck

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"github.com/aovpnlint/aovpnlint/internal/container"
	"unicode/utf16"
)

// A Windows serialized certificate store (.sst, "Export-Certificate -Type
// SST") is an 8-byte header, 00 00 00 00 "CERT", then elements of
// {id, encoding type, length} (three little-endian uint32) and a value.
// Property elements come before the certificate (id 32), CRL (id 33) or
// CTL (id 34) they describe; an element with id 0 ends the store. A single
// serialized element ("CertSerializeCertificateStoreElement") is the same
// stream without the header and without the end marker. See
// [MS-OSHARED] 2.3.2.5 and ../shared/reference/formats.md section 1.

// Element ids of the serialized store.
const (
	sstCert = 32
	sstCRL  = 33
	sstCTL  = 34

	propSHA1         = 3  // CERT_SHA1_HASH_PROP_ID
	propFriendlyName = 11 // CERT_FRIENDLY_NAME_PROP_ID
	propKeyProvInfo  = 2  // CERT_KEY_PROV_INFO_PROP_ID: a private key exists
)

// sstItem is a certificate, CRL or CTL of a store with its properties.
type sstItem struct {
	id     uint32
	der    []byte
	offset int // of the element header in the file
	props  map[uint32][]byte
}

// parseSST reads a serialized store (with header) or a single serialized
// element (without). It keeps at most max items (certificates, CRLs,
// CTLs) and only counts the ones after them (more). It returns the items
// read before any error; the error says where the stream broke. Memory is
// proportional to the items kept: a property map is made only for an item
// that has properties.
func parseSST(data []byte, max int) (items []sstItem, more int, err error) {
	off := 0
	store := bytes.HasPrefix(data, container.SSTHeader)
	if store {
		off = len(container.SSTHeader)
	}
	var props map[uint32][]byte
	for {
		if off == len(data) {
			if store {
				return items, more, fmt.Errorf("the store ends at byte %d without its end marker", off)
			}
			break
		}
		if len(data)-off < 12 {
			return items, more, fmt.Errorf("element header at byte %d is truncated (%d bytes left, 12 needed)", off, len(data)-off)
		}
		id := binary.LittleEndian.Uint32(data[off:])
		n := binary.LittleEndian.Uint32(data[off+8:])
		start := off
		off += 12
		if id == 0 {
			break // end marker
		}
		if uint64(n) > uint64(len(data)-off) {
			return items, more, fmt.Errorf("element %d at byte %d claims %d bytes, only %d left", id, start, n, len(data)-off)
		}
		v := data[off : off+int(n)]
		off += int(n)
		switch {
		case id == sstCert || id == sstCRL || id == sstCTL:
			if len(items) < max {
				items = append(items, sstItem{id: id, der: v, offset: start, props: props})
			} else {
				more++
			}
			props = nil
		case id > 0xFFFF:
			return items, more, fmt.Errorf("element at byte %d has id %d, which is not a property id", start, id)
		case len(items) < max:
			if props == nil {
				props = map[uint32][]byte{}
			}
			props[id] = v
		}
	}
	if len(props) > 0 {
		return items, more, fmt.Errorf("%d properties at the end of the store describe no certificate", len(props))
	}
	return items, more, nil
}

// friendlyName decodes the friendly-name property (UTF-16 LE with a
// terminating NUL).
func (it sstItem) friendlyName() string {
	v := it.props[propFriendlyName]
	u := make([]uint16, 0, len(v)/2)
	for i := 0; i+1 < len(v); i += 2 {
		c := binary.LittleEndian.Uint16(v[i:])
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return string(utf16.Decode(u))
}

// hashMismatch reports a SHA-1 property that does not match the DER it
// describes.
func (it sstItem) hashMismatch() bool {
	h, ok := it.props[propSHA1]
	if !ok {
		return false
	}
	sum := sha1.Sum(it.der)
	return !bytes.Equal(h, sum[:])
}

// writeSST writes a serialized store: for each DER item, its properties
// (SHA-1 and, when given, a friendly name) then the item, then the end
// marker. It is used by the fixture generator and the tests.
func writeSST(items []SSTEntry) []byte {
	var b bytes.Buffer
	b.Write(container.SSTHeader)
	elem := func(id uint32, v []byte) {
		var h [12]byte
		binary.LittleEndian.PutUint32(h[0:], id)
		binary.LittleEndian.PutUint32(h[4:], 1)
		binary.LittleEndian.PutUint32(h[8:], uint32(len(v)))
		b.Write(h[:])
		b.Write(v)
	}
	for _, it := range items {
		sum := sha1.Sum(it.DER)
		elem(propSHA1, sum[:])
		if it.FriendlyName != "" {
			var name []byte
			for _, c := range utf16.Encode([]rune(it.FriendlyName + "\x00")) {
				name = binary.LittleEndian.AppendUint16(name, c)
			}
			elem(propFriendlyName, name)
		}
		id := uint32(sstCert)
		if it.CRL {
			id = sstCRL
		}
		elem(id, it.DER)
	}
	b.Write(make([]byte, 12))
	return b.Bytes()
}

// SSTEntry is one certificate or CRL for [WriteSST].
type SSTEntry struct {
	DER          []byte
	CRL          bool
	FriendlyName string
}

// WriteSST writes entries as a Windows serialized certificate store, with a
// SHA-1 property (and a friendly-name property when given) before each
// entry, as Export-Certificate -Type SST does. It exists for test fixtures.
func WriteSST(entries []SSTEntry) []byte { return writeSST(entries) }
