package input

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeText turns the bytes of a text file into UTF-8. It returns the
// text, the name of the encoding it found, and a note for each step that
// changed the bytes (for IN003); notes is empty for plain UTF-8.
func decodeText(raw []byte) (text []byte, encoding string, notes []string) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		text = raw[3:]
		encoding = "UTF-8 with BOM"
		notes = append(notes, "UTF-8 byte order mark removed")
		if !utf8.Valid(text) {
			text = windows1252(text)
			notes = append(notes, "bytes that are not valid UTF-8 despite the byte order mark were read as Windows-1252")
		}
		return text, encoding, notes
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}):
		return decodeUTF16(raw[2:], binary.LittleEndian, "UTF-16 LE with BOM")
	case bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		return decodeUTF16(raw[2:], binary.BigEndian, "UTF-16 BE with BOM")
	}
	if order, name := utf16WithoutBOM(raw); order != nil {
		text, enc, notes := decodeUTF16(raw, order, name)
		notes[0] += " (no byte order mark; detected by the pattern of zero bytes)"
		return text, enc, notes
	}
	if utf8.Valid(raw) {
		return raw, "UTF-8", nil
	}
	return windows1252(raw), "Windows-1252", []string{"the file is not valid UTF-8; it was read as Windows-1252"}
}

func decodeUTF16(raw []byte, order binary.ByteOrder, name string) ([]byte, string, []string) {
	// The code units are read from raw as they are needed, so that the only
	// copy made is the UTF-8 text.
	n := len(raw) / 2
	unit := func(i int) rune { return rune(order.Uint16(raw[2*i:])) }
	broken := 0
	out := make([]byte, 0, n)
	for i := 0; i < n; i++ {
		u := unit(i)
		switch {
		case utf16.IsSurrogate(u) && u < 0xDC00 && i+1 < n && unit(i+1) >= 0xDC00 && unit(i+1) <= 0xDFFF:
			out = utf8.AppendRune(out, utf16.DecodeRune(u, unit(i+1)))
			i++
		case utf16.IsSurrogate(u):
			broken++
			out = utf8.AppendRune(out, utf8.RuneError)
		default:
			out = utf8.AppendRune(out, u)
		}
	}
	note := name + " decoded"
	if broken > 0 {
		note += fmt.Sprintf("; %d unpaired surrogate code unit(s) replaced with U+FFFD", broken)
	}
	if len(raw)%2 == 1 {
		note += "; a trailing odd byte was dropped"
	}
	return out, name, []string{note}
}

// utf16WithoutBOM recognises UTF-16 text without a byte order mark by its
// zero bytes: text in Latin script has a zero in every second byte.
func utf16WithoutBOM(raw []byte) (binary.ByteOrder, string) {
	n := min(len(raw), 4096) &^ 1
	if n < 4 {
		return nil, ""
	}
	pairs := n / 2
	if zeros := bytes.Count(raw[:n], []byte{0}); zeros*10 < pairs*7 {
		// Too few zero bytes for either order (each needs seven pairs in
		// ten with a zero on its side): text that is not UTF-16, most
		// files, told without a pass of the loop below.
		return nil, ""
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if raw[i] == 0 {
			even++
		}
		if raw[i+1] == 0 {
			odd++
		}
	}
	switch {
	case odd*10 >= pairs*7 && even*20 <= pairs:
		return binary.LittleEndian, "UTF-16 LE"
	case even*10 >= pairs*7 && odd*20 <= pairs:
		return binary.BigEndian, "UTF-16 BE"
	}
	return nil, ""
}

// windows1252 decodes Windows-1252 bytes as UTF-8.
func windows1252(raw []byte) []byte {
	out := make([]byte, 0, len(raw))
	for _, b := range raw {
		switch {
		case b < 0x80:
			out = append(out, b)
		case b >= 0x80 && b < 0xA0:
			out = utf8.AppendRune(out, cp1252[b-0x80])
		default:
			out = utf8.AppendRune(out, rune(b))
		}
	}
	return out
}

// cp1252 maps bytes 0x80–0x9F of Windows-1252; the five undefined bytes
// map to U+FFFD.
var cp1252 = [32]rune{
	'€', '\uFFFD', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\uFFFD', 'Ž', '\uFFFD',
	'\uFFFD', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\uFFFD', 'ž', 'Ÿ',
}
