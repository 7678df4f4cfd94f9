package certcheck

import (
	"errors"
	"fmt"
)

// maxBERDepth bounds the nesting toDER follows.
const maxBERDepth = 64

// toDER rewrites BER as definite-length encoding: indefinite lengths
// become definite, and a constructed OCTET STRING becomes a primitive one
// holding its pieces. Windows PKCS#7 exports can be BER, and both
// go.mozilla.org/pkcs7's own converter and go-pkcs12 fail on some BER
// (an empty indefinite-length SET, "31 80 00 00"; any indefinite length).
// Every length is checked against the bytes that remain, so a hostile
// length never causes a large allocation. DER (the usual case) is
// returned as it is, without a copy; BER is written into one buffer the
// size of the input, whatever the number of elements.
func toDER(data []byte) ([]byte, error) {
	if rest, ok := derElement(data, 0); ok && len(rest) == 0 {
		return data, nil
	}
	out, rest, err := berElement(make([]byte, 0, len(data)), data, 0)
	if err != nil {
		return nil, err
	}
	if len(rest) > 0 {
		return nil, fmt.Errorf("%d bytes after the end of the outer element", len(rest))
	}
	return out, nil
}

var errEOC = errors.New("end-of-contents")

// tagLength returns the length of the tag at the start of data (high tag
// numbers take continuation bytes); ok is false when no length byte
// follows it.
func tagLength(data []byte) (n int, ok bool) {
	n = 1
	if data[0]&0x1F == 0x1F {
		for n < len(data) && n < 6 && data[n]&0x80 != 0 {
			n++
		}
		n++
	}
	return n, n < len(data)
}

// derElement reports whether data starts with an element that is DER as
// far as toDER is concerned (nothing it would rewrite: definite, minimal
// lengths, no constructed OCTET STRING, no end-of-contents), and returns
// the bytes after it. It allocates nothing.
func derElement(data []byte, depth int) (rest []byte, ok bool) {
	if depth > maxBERDepth || len(data) < 2 || (data[0] == 0 && data[1] == 0) {
		return nil, false
	}
	tagLen, ok := tagLength(data)
	if !ok || (tagLen == 1 && data[0] == 0x24) {
		return nil, false
	}
	body := data[tagLen+1:]
	length := int(data[tagLen])
	switch {
	case length == 0x80:
		return nil, false
	case length > 0x80:
		n := length & 0x7F
		if n > 4 || n > len(body) || body[0] == 0 {
			return nil, false
		}
		length = 0
		for _, b := range body[:n] {
			length = length<<8 | int(b)
		}
		if length < 0x80 {
			return nil, false // not minimal
		}
		body = body[n:]
	}
	if length < 0 || length > len(body) {
		return nil, false
	}
	if data[0]&0x20 != 0 {
		for content := body[:length]; len(content) > 0; {
			if content, ok = derElement(content, depth+1); !ok {
				return nil, false
			}
		}
	}
	return body[length:], true
}

// berElement appends the DER form of the element at the start of data to
// out and returns out and the bytes after the element.
func berElement(out, data []byte, depth int) ([]byte, []byte, error) {
	if depth > maxBERDepth {
		return nil, nil, fmt.Errorf("nesting deeper than %d levels", maxBERDepth)
	}
	if len(data) < 2 {
		return nil, nil, errors.New("truncated element header")
	}
	tagLen, ok := tagLength(data)
	if !ok {
		return nil, nil, errors.New("truncated tag")
	}
	tag := data[:tagLen]
	constructed := data[0]&0x20 != 0
	if tag[0] == 0 && data[1] == 0 {
		return out, data[2:], errEOC
	}
	body := data[tagLen:]
	lengthByte := body[0]
	body = body[1:]
	if lengthByte == 0x80 {
		if !constructed {
			return nil, nil, errors.New("indefinite length on a primitive element")
		}
		start := len(out)
		out = append(append(out, tag...), 0, 0, 0, 0, 0)
		for {
			var err error
			out, body, err = berElement(out, body, depth+1)
			if err == errEOC {
				return closeElement(out, start, tagLen), body, nil
			}
			if err != nil {
				return nil, nil, err
			}
		}
	}
	length := int(lengthByte)
	if lengthByte > 0x80 {
		n := int(lengthByte & 0x7F)
		if n > 4 || n > len(body) {
			return nil, nil, fmt.Errorf("length of %d bytes does not fit", n)
		}
		length = 0
		for _, b := range body[:n] {
			length = length<<8 | int(b)
		}
		body = body[n:]
	}
	if length < 0 || length > len(body) {
		return nil, nil, fmt.Errorf("element claims %d bytes, only %d left", length, len(body))
	}
	content, rest := body[:length], body[length:]
	if !constructed {
		out = appendLength(append(out, tag...), len(content))
		return append(out, content...), rest, nil
	}
	start := len(out)
	out = append(append(out, tag...), 0, 0, 0, 0, 0)
	for len(content) > 0 {
		var err error
		out, content, err = berElement(out, content, depth+1)
		if err == errEOC {
			return nil, nil, errors.New("end-of-contents inside a definite-length element")
		}
		if err != nil {
			return nil, nil, err
		}
	}
	return closeElement(out, start, tagLen), rest, nil
}

// closeElement finishes the constructed element whose tag starts at
// out[start], followed by five bytes kept for its length and then its
// converted content: the length is written after the tag and the content
// moved up to it. A constructed universal OCTET STRING becomes a primitive
// one with its pieces' contents joined.
func closeElement(out []byte, start, tagLen int) []byte {
	contentStart := start + tagLen + 5
	content := out[contentStart:]
	if tagLen == 1 && out[start] == 0x24 {
		w := 0
		for r := content; len(r) > 0; {
			_, c, after, ok := splitDER(r)
			if !ok {
				break
			}
			w += copy(content[w:], c) // c lies at or after w: a forward move
			r = after
		}
		content = content[:w]
		out[start] = 0x04
	}
	hdr := appendLength(out[:start+tagLen], len(content))
	n := copy(out[len(hdr):], content)
	return out[:len(hdr)+n]
}

// appendLength appends the DER length n.
func appendLength(out []byte, n int) []byte {
	switch {
	case n < 0x80:
		return append(out, byte(n))
	case n < 0x100:
		return append(out, 0x81, byte(n))
	case n < 0x10000:
		return append(out, 0x82, byte(n>>8), byte(n))
	case n < 0x1000000:
		return append(out, 0x83, byte(n>>16), byte(n>>8), byte(n))
	}
	return append(out, 0x84, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
}

// splitDER reads one definite-length element: its tag byte, its content
// and what follows. It does not handle high tag numbers (not needed for
// the structures read here).
func splitDER(data []byte) (tag byte, content, rest []byte, ok bool) {
	if len(data) < 2 {
		return 0, nil, nil, false
	}
	tag = data[0]
	l := int(data[1])
	body := data[2:]
	if l >= 0x80 {
		n := l & 0x7F
		if n == 0 || n > 4 || n > len(body) {
			return 0, nil, nil, false
		}
		l = 0
		for _, b := range body[:n] {
			l = l<<8 | int(b)
		}
		body = body[n:]
	}
	if l < 0 || l > len(body) {
		return 0, nil, nil, false
	}
	return tag, body[:l], body[l:], true
}
