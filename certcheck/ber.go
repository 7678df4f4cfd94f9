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
// length never causes a large allocation.
func toDER(data []byte) ([]byte, error) {
	out, rest, err := berElement(data, 0)
	if err != nil {
		return nil, err
	}
	if len(rest) > 0 {
		return nil, fmt.Errorf("%d bytes after the end of the outer element", len(rest))
	}
	return out, nil
}

var errEOC = errors.New("end-of-contents")

// berElement converts the element at the start of data and returns it and
// the bytes after it.
func berElement(data []byte, depth int) (out, rest []byte, err error) {
	if depth > maxBERDepth {
		return nil, nil, fmt.Errorf("nesting deeper than %d levels", maxBERDepth)
	}
	if len(data) < 2 {
		return nil, nil, errors.New("truncated element header")
	}
	tagLen := 1
	if data[0]&0x1F == 0x1F { // high tag number: base-128 continuation bytes
		for tagLen < len(data) && tagLen < 6 && data[tagLen]&0x80 != 0 {
			tagLen++
		}
		tagLen++
		if tagLen >= len(data) {
			return nil, nil, errors.New("truncated tag")
		}
	}
	tag := data[:tagLen]
	constructed := data[0]&0x20 != 0
	if tag[0] == 0 && data[1] == 0 {
		return nil, data[2:], errEOC
	}
	body := data[tagLen:]
	lengthByte := body[0]
	body = body[1:]
	switch {
	case lengthByte == 0x80:
		if !constructed {
			return nil, nil, errors.New("indefinite length on a primitive element")
		}
		var content []byte
		for {
			child, after, err := berElement(body, depth+1)
			if err == errEOC {
				return wrap(tag, content, constructed), after, nil
			}
			if err != nil {
				return nil, nil, err
			}
			content = append(content, child...)
			body = after
		}
	case lengthByte < 0x80:
		return definite(tag, body, int(lengthByte), constructed, depth)
	default:
		n := int(lengthByte & 0x7F)
		if n > 4 || n > len(body) {
			return nil, nil, fmt.Errorf("length of %d bytes does not fit", n)
		}
		length := 0
		for _, b := range body[:n] {
			length = length<<8 | int(b)
		}
		return definite(tag, body[n:], length, constructed, depth)
	}
}

func definite(tag, body []byte, length int, constructed bool, depth int) (out, rest []byte, err error) {
	if length < 0 || length > len(body) {
		return nil, nil, fmt.Errorf("element claims %d bytes, only %d left", length, len(body))
	}
	content, rest := body[:length], body[length:]
	if !constructed {
		return wrap(tag, content, false), rest, nil
	}
	var converted []byte
	for len(content) > 0 {
		child, after, err := berElement(content, depth+1)
		if err == errEOC {
			return nil, nil, errors.New("end-of-contents inside a definite-length element")
		}
		if err != nil {
			return nil, nil, err
		}
		converted = append(converted, child...)
		content = after
	}
	return wrap(tag, converted, true), rest, nil
}

// wrap writes tag, a definite length and content. A constructed universal
// OCTET STRING is written primitive with its pieces' contents joined.
func wrap(tag, content []byte, constructed bool) []byte {
	if constructed && len(tag) == 1 && tag[0] == 0x24 {
		var joined []byte
		for len(content) > 0 {
			_, c, after, ok := splitDER(content)
			if !ok {
				break
			}
			joined = append(joined, c...)
			content = after
		}
		tag, content = []byte{0x04}, joined
	}
	out := append([]byte{}, tag...)
	out = append(out, derLength(len(content))...)
	return append(out, content...)
}

func derLength(n int) []byte {
	switch {
	case n < 0x80:
		return []byte{byte(n)}
	case n < 0x100:
		return []byte{0x81, byte(n)}
	case n < 0x10000:
		return []byte{0x82, byte(n >> 8), byte(n)}
	case n < 0x1000000:
		return []byte{0x83, byte(n >> 16), byte(n >> 8), byte(n)}
	}
	return []byte{0x84, byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}
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
