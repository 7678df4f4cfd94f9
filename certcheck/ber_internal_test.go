package certcheck

import (
	"bytes"
	"errors"
	"fmt"
	mrand "math/rand"
	"os"
	"path/filepath"
	"testing"
)

// The BER converter as it was before issue 9 (one allocation per element
// and a copy per nesting level), kept as the reference of what toDER
// returns.

func refToDER(data []byte) ([]byte, error) {
	out, rest, err := refBERElement(data, 0)
	if err != nil {
		return nil, err
	}
	if len(rest) > 0 {
		return nil, fmt.Errorf("%d bytes after the end of the outer element", len(rest))
	}
	return out, nil
}

// berElement converts the element at the start of data and returns it and
// the bytes after it.
func refBERElement(data []byte, depth int) (out, rest []byte, err error) {
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
			child, after, err := refBERElement(body, depth+1)
			if err == errEOC {
				return refWrap(tag, content, constructed), after, nil
			}
			if err != nil {
				return nil, nil, err
			}
			content = append(content, child...)
			body = after
		}
	case lengthByte < 0x80:
		return refDefinite(tag, body, int(lengthByte), constructed, depth)
	default:
		n := int(lengthByte & 0x7F)
		if n > 4 || n > len(body) {
			return nil, nil, fmt.Errorf("length of %d bytes does not fit", n)
		}
		length := 0
		for _, b := range body[:n] {
			length = length<<8 | int(b)
		}
		return refDefinite(tag, body[n:], length, constructed, depth)
	}
}

func refDefinite(tag, body []byte, length int, constructed bool, depth int) (out, rest []byte, err error) {
	if length < 0 || length > len(body) {
		return nil, nil, fmt.Errorf("element claims %d bytes, only %d left", length, len(body))
	}
	content, rest := body[:length], body[length:]
	if !constructed {
		return refWrap(tag, content, false), rest, nil
	}
	var converted []byte
	for len(content) > 0 {
		child, after, err := refBERElement(content, depth+1)
		if err == errEOC {
			return nil, nil, errors.New("end-of-contents inside a definite-length element")
		}
		if err != nil {
			return nil, nil, err
		}
		converted = append(converted, child...)
		content = after
	}
	return refWrap(tag, converted, true), rest, nil
}

// wrap writes tag, a definite length and content. A constructed universal
// OCTET STRING is written primitive with its pieces' contents joined.
func refWrap(tag, content []byte, constructed bool) []byte {
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
	out = append(out, refDERLength(len(content))...)
	return append(out, content...)
}

func refDERLength(n int) []byte {
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

// TestToDERMatchesReference converts the fixtures, the real samples and
// random BER made from them (indefinite lengths, constructed OCTET
// STRINGs, damage) with toDER and with the reference converter: the same
// bytes or the same refusal, and DER given in is returned as it is.
func TestToDERMatchesReference(t *testing.T) {
	var seeds [][]byte
	for _, dir := range []string{"../fixtures/pki", "../fixtures/pki/broken", "../fixtures/openssl", "../../shared/samples/certs/dotnet", "../../shared/samples/certs/windows"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil && len(data) < 1<<20 {
				seeds = append(seeds, data)
			}
		}
	}
	seeds = append(seeds, []byte{0x30, 0x80, 0x31, 0x80, 0, 0, 0x24, 0x80, 0x04, 0x01, 'a', 0x04, 0x02, 'b', 'c', 0, 0, 0, 0})
	rng := mrand.New(mrand.NewSource(3))
	compare := func(data []byte) {
		got, gerr := toDER(data)
		want, werr := refToDER(data)
		if (gerr == nil) != (werr == nil) || !bytes.Equal(got, want) {
			t.Fatalf("% x: toDER gives % x, %v; the reference % x, %v", data[:min(len(data), 64)], got[:min(len(got), 64)], gerr, want[:min(len(want), 64)], werr)
		}
		if gerr == nil && bytes.Equal(got, data) && len(data) > 0 && &got[0] != &data[0] {
			t.Fatalf("DER input was copied")
		}
	}
	for _, s := range seeds {
		compare(s)
		for i := 0; i < 200; i++ {
			d := append([]byte{}, s...)
			for k := 0; k < 1+rng.Intn(3); k++ {
				j := rng.Intn(len(d))
				switch rng.Intn(3) {
				case 0:
					d[j] = 0x80
				case 1:
					d[j] ^= byte(1 + rng.Intn(255))
				default:
					d = d[:j]
				}
				if len(d) == 0 {
					break
				}
			}
			if len(d) > 0 {
				compare(d)
			}
		}
	}
}
