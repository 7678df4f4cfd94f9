package input

import (
	"bytes"
	"encoding/binary"
)

// isBinaryCertificate recognises the binary certificate formats before any
// text decoding (a UTF-16 heuristic would misread them): a Windows
// serialized store (.sst), a single serialized store element, and DER
// (certificates, PKCS#7, PKCS#12, CRLs) whose outer length fits the file.
func isBinaryCertificate(data []byte) bool {
	if bytes.HasPrefix(data, []byte("\x00\x00\x00\x00CERT")) {
		return true
	}
	if len(data) >= 12 {
		id := binary.LittleEndian.Uint32(data)
		enc := binary.LittleEndian.Uint32(data[4:])
		n := binary.LittleEndian.Uint32(data[8:])
		if id >= 1 && id <= 0xFFFF && enc == 1 && uint64(n) <= uint64(len(data)-12) {
			return true
		}
	}
	if len(data) < 2 || data[0] != 0x30 {
		return false
	}
	if data[1] == 0x80 {
		return len(data) > 4 // BER indefinite length, as Windows PKCS#7 may use
	}
	total, ok := derLength(data)
	if !ok {
		return false
	}
	if total > len(data) {
		// Truncated DER: a long-form length (every certificate is longer
		// than 127 bytes) that runs past the end; the loader says so.
		return data[1] >= 0x81 && data[1] <= 0x84
	}
	return len(bytes.Trim(data[total:], "\x00\r\n \t")) == 0
}

// derLength returns the length of the DER element at the start of data,
// header included.
func derLength(data []byte) (int, bool) {
	if len(data) < 2 {
		return 0, false
	}
	l := int(data[1])
	if l < 0x80 {
		return 2 + l, true
	}
	n := l & 0x7F
	if n == 0 || n > 4 || len(data) < 2+n {
		return 0, false
	}
	v := 0
	for _, b := range data[2 : 2+n] {
		v = v<<8 | int(b)
	}
	if v < 0 {
		return 0, false
	}
	return 2 + n + v, true
}

// looksLikeBase64 recognises header-less base64 (a certificate exported
// without PEM armour): only base64 characters and white space.
func looksLikeBase64(b []byte) bool {
	n := 0
	for _, c := range b {
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '+', c == '/', c == '=':
			n++
		case c == ' ', c == '\t', c == '\r', c == '\n':
		default:
			return false
		}
	}
	return n >= 64
}
