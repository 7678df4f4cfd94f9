// Package container recognises the binary layouts certificates come in,
// for the two packages that need to: input, which must tell a certificate
// file from text before decoding it, and certcheck, which reads it. One
// place decides what a serialized store, a serialized element and a DER
// element's length are.
package container

import (
	"bytes"
	"encoding/binary"
)

// SSTHeader starts a Windows serialized certificate store (.sst): a zero
// version and the magic "CERT".
var SSTHeader = []byte{0, 0, 0, 0, 'C', 'E', 'R', 'T'}

// IsSST reports whether data starts with the header of a serialized store.
func IsSST(data []byte) bool { return bytes.HasPrefix(data, SSTHeader) }

// IsSerializedElement reports whether data starts like a single serialized
// store element, as Windows writes a certificate with its properties: a
// property ID from 1 to 0xFFFF, the encoding 1, and a length that fits the
// data.
func IsSerializedElement(data []byte) bool {
	if len(data) < 12 {
		return false
	}
	id := binary.LittleEndian.Uint32(data)
	return id >= 1 && id <= 0xFFFF && binary.LittleEndian.Uint32(data[4:]) == 1 &&
		uint64(binary.LittleEndian.Uint32(data[8:])) <= uint64(len(data)-12)
}

// DERLength returns the length of the DER element at the start of data,
// header included, as its header claims it (possibly more than len(data));
// ok is false for an indefinite (BER) length or a header that is cut short
// or longer than four length bytes.
func DERLength(data []byte) (n int, ok bool) {
	if len(data) < 2 {
		return 0, false
	}
	l := int(data[1])
	if l < 0x80 {
		return 2 + l, true
	}
	k := l & 0x7F
	if k == 0 || k > 4 || len(data) < 2+k {
		return 0, false
	}
	v := 0
	for _, b := range data[2 : 2+k] {
		v = v<<8 | int(b)
	}
	return 2 + k + v, true
}

// IsBinaryCertificate recognises the binary certificate formats before any
// text decoding (a UTF-16 heuristic would misread them): a serialized
// store, a single serialized element, and DER (certificates, PKCS#7,
// PKCS#12, CRLs) whose outer length fits the data, or runs past its end
// in a long form every certificate has (a truncated file), or an
// indefinite BER length as Windows PKCS#7 may use. Trailing zero bytes
// and white space after the DER element are allowed, and any bytes after
// a PFX (a SEQUENCE starting with the version, INTEGER 3): the reader
// ignores them.
func IsBinaryCertificate(data []byte) bool {
	if IsSST(data) || IsSerializedElement(data) {
		return true
	}
	if len(data) < 2 || data[0] != 0x30 {
		return false
	}
	if data[1] == 0x80 {
		return len(data) > 4
	}
	total, ok := DERLength(data)
	if !ok {
		return false
	}
	if total > len(data) {
		return data[1] >= 0x81 && data[1] <= 0x84
	}
	if len(bytes.Trim(data[total:], "\x00\r\n \t")) == 0 {
		return true
	}
	header := 2
	if data[1] >= 0x80 {
		header += int(data[1] & 0x7F)
	}
	return total >= header+3 && bytes.Equal(data[header:header+3], []byte{0x02, 0x01, 0x03})
}
