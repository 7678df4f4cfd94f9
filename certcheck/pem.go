package certcheck

import (
	"bytes"
	"encoding/base64"
	"fmt"

	"github.com/aovpnlint/aovpnlint/internal/wording"
)

// pemBlock is a PEM block found by scanPEM.
type pemBlock struct {
	// offset is where "-----BEGIN " starts in the text.
	offset int
	// label is what the BEGIN line names ("CERTIFICATE").
	label string
	// body is the base64 text between the BEGIN line (and any header
	// lines) and the END line.
	body []byte
	// problem says why the block cannot be read; empty when it can.
	problem string
	// crcr counts the lines of the block, BEGIN and END lines included,
	// that end in \r\r\n.
	crcr int
}

var (
	pemBegin = []byte("-----BEGIN ")
	pemEnd   = []byte("-----END ")
	pemDash  = []byte("-----")
)

// scanPEM finds the PEM blocks of data in one pass and calls yield for
// each, in file order, until yield returns false. A block is a BEGIN line
// (found anywhere, as the loader always has), optional "Key: value" header
// lines, base64 lines and an END line at the start of a line naming the
// same label. A BEGIN line that does not end with five dashes, a block
// that reaches the end of the text or the next BEGIN line without an END
// line, and one whose END line names another label are yielded with a
// problem, and scanning goes on after them, so every byte of data is
// looked at a bounded number of times (encoding/pem.Decode, called from
// every BEGIN line, would search the rest of the text again each time).
func scanPEM(data []byte, yield func(pemBlock) bool) {
	pos := 0
	for pos < len(data) {
		i := bytes.Index(data[pos:], pemBegin)
		if i < 0 {
			return
		}
		start := pos + i
		line, next := pemLine(data, start)
		if len(line) < len(pemBegin)+len(pemDash) || !bytes.HasSuffix(line, pemDash) {
			if !yield(pemBlock{offset: start, problem: "its BEGIN line does not end with -----"}) {
				return
			}
			pos = start + len(pemBegin)
			continue
		}
		b := pemBlock{offset: start, label: string(line[len(pemBegin) : len(line)-len(pemDash)]), crcr: crcrEnd(data, next)}
		expect := "expected -----END " + b.label + "-----"
		if len(b.label) > 60 {
			expect = "expected an END line naming the same label"
		}
		bodyStart, headers := next, true
		for p := next; ; {
			if p >= len(data) {
				b.problem = "no END line follows its BEGIN line; " + expect
				pos = len(data)
				break
			}
			l, after := pemLine(data, p)
			b.crcr += crcrEnd(data, after)
			if bytes.HasPrefix(l, pemEnd) {
				if bytes.HasSuffix(l, pemDash) && len(l) >= len(pemEnd)+len(pemDash) && string(l[len(pemEnd):len(l)-len(pemDash)]) == b.label {
					b.body = data[bodyStart:p]
				} else {
					b.problem = fmt.Sprintf("it ends with %s; %s", wording.Quote(string(l)), expect)
				}
				pos = after
				break
			}
			if bytes.HasPrefix(l, pemBegin) {
				b.problem = "no END line comes before the next BEGIN line; " + expect
				pos = p
				break
			}
			if headers && bytes.IndexByte(l, ':') >= 0 {
				bodyStart = after // an RFC 1421 header line, as encoding/pem skips
			} else {
				headers = false
			}
			p = after
		}
		if !yield(b) {
			return
		}
	}
}

// pemLine returns the line starting at off without its line break and
// trailing spaces, tabs and carriage returns (as encoding/pem reads
// lines), and the offset of the next line.
func pemLine(data []byte, off int) (line []byte, next int) {
	end := bytes.IndexByte(data[off:], '\n')
	if end < 0 {
		next = len(data)
		end = len(data)
	} else {
		end += off
		next = end + 1
	}
	return bytes.TrimRight(data[off:end], " \t\r"), next
}

// crcrEnd reports 1 when the line ending just before offset next is
// \r\r\n, 0 otherwise.
func crcrEnd(data []byte, next int) int {
	if next >= 3 && next <= len(data) && string(data[next-3:next]) == "\r\r\n" {
		return 1
	}
	return 0
}

// decodePEMBody decodes the base64 body of a block as encoding/pem does:
// spaces and tabs removed, line breaks ignored, padding required.
func decodePEMBody(body []byte) ([]byte, error) {
	clean := make([]byte, 0, len(body))
	for _, c := range body {
		if c != ' ' && c != '\t' {
			clean = append(clean, c)
		}
	}
	out := make([]byte, base64.StdEncoding.DecodedLen(len(clean)))
	n, err := base64.StdEncoding.Decode(out, clean)
	if err != nil {
		return nil, err
	}
	return out[:n], nil
}
