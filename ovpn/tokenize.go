package ovpn

import (
	"bytes"
	"fmt"
)

// word is one word of a line: its value after quote and backslash
// processing, and its span as written (quotes included) in the text.
type word struct {
	value      string
	start, end int
	inner      [2]int // the span without its quotes
	quoted     bool
	cut        bool // longer than MaxValue; value holds its start
}

// badLine is why OpenVPN's tokenizer refuses a line, and where.
type badLine struct {
	at  int
	msg string
}

// tokenizer splits lines into words as parse_line in OpenVPN's options.c
// does. It reuses its buffers from line to line.
type tokenizer struct {
	words []word
	buf   []byte
}

// The states of parse_line.
const (
	stInitial = iota
	stQuoted
	stUnquoted
	stSingle
)

// isSpace is C's isspace in the C locale, with NUL, as parse_line's space
// tests it.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == 0
}

// split returns the words of line, which starts at offset base of the
// text, read as OpenVPN reads them:
//   - '#' or ';' where a word would start ends the line;
//   - double quotes and single quotes group words; outside single quotes
//     a backslash escapes a backslash, a double quote or white space, and
//     before any other character makes OpenVPN refuse the line;
//   - at most MaxWords words are read, and more reports words after them,
//     which OpenVPN ignores.
//
// A line OpenVPN refuses (and drops) is reported in bad, with the first
// fault; its words are still returned, read as if each lone backslash
// were doubled and each open quote closed at the end of the line, so that
// the rules see what the line meant. The words are valid until the next
// call.
func (tk *tokenizer) split(line []byte, base int) (words []word, more bool, bad badLine) {
	tk.words = tk.words[:0]
	state, backslash, bsAt := stInitial, false, 0
	start := 0
	tk.buf = tk.buf[:0]
	cut := false
	emit := func(end int, closed bool) {
		quoted := state == stQuoted || state == stSingle
		inner := [2]int{base + start, base + end}
		if quoted {
			inner[0]++
			if closed {
				inner[1]--
			}
		}
		tk.words = append(tk.words, word{value: string(tk.buf), start: base + start, end: base + end, inner: inner,
			quoted: quoted, cut: cut})
		tk.buf, cut = tk.buf[:0], false
	}
	i := 0
	for ; ; i++ {
		var in byte // the NUL that ends a C string, past the line
		if i < len(line) {
			in = line[i]
		}
		var out byte
		if !backslash && in == '\\' && state != stSingle {
			backslash, bsAt = true, i
		} else {
			done := false
			switch state {
			case stInitial:
				if !isSpace(in) {
					if in == ';' || in == '#' {
						return tk.words, false, bad
					}
					switch {
					case !backslash && in == '"':
						state, start = stQuoted, i
					case !backslash && in == '\'':
						state, start = stSingle, i
					default:
						out, state, start = in, stUnquoted, i
						if backslash {
							start = bsAt
						}
					}
				}
			case stUnquoted:
				if !backslash && isSpace(in) {
					done = true
				} else {
					out = in
				}
			case stQuoted:
				if !backslash && in == '"' {
					done = true
				} else {
					out = in
				}
			case stSingle:
				if in == '\'' {
					done = true
				} else {
					out = in
				}
			}
			if done {
				end := i
				if state != stUnquoted {
					end = i + 1 // the closing quote
				}
				emit(end, true)
				state = stInitial
			}
			if backslash && out != 0 && out != '\\' && out != '"' && !isSpace(out) {
				if bad.msg == "" {
					bad = badLine{at: base + bsAt, msg: fmt.Sprintf(
						"a backslash before %q, which OpenVPN does not escape: it stops with \"Options warning: Bad backslash ('\\') usage\"; expected a doubled backslash (C:\\\\Users\\\\...), or the path in single quotes", out)}
				}
				tk.add('\\', &cut) // read on as if the backslash were doubled
			}
			backslash = false
		}
		if out != 0 {
			tk.add(out, &cut)
		}
		if len(tk.words) >= MaxWords {
			break
		}
		if in == 0 {
			break
		}
	}
	if bad.msg == "" {
		switch state {
		case stQuoted:
			bad = badLine{at: base + start, msg: "a double quote that is not closed on its line; OpenVPN stops with \"Options error: No closing quotation (\\\") in\"; expected a closing \" before the end of the line"}
		case stSingle:
			bad = badLine{at: base + start, msg: "a single quote that is not closed on its line; OpenVPN stops with \"Options error: No closing single quotation (') in\"; expected a closing ' before the end of the line"}
		case stUnquoted:
			// A backslash at the very end of the text: the NUL it
			// escapes ends nothing.
			bad = badLine{at: base + bsAt, msg: "a backslash at the end of the file; OpenVPN stops with \"Options error: Residual parse state\"; expected a doubled backslash or none"}
		}
	}
	if state != stInitial {
		// Keep the word read so far, without the line's end.
		for len(tk.buf) > 0 && (tk.buf[len(tk.buf)-1] == '\n' || tk.buf[len(tk.buf)-1] == '\r') {
			tk.buf = tk.buf[:len(tk.buf)-1]
		}
		emit(len(bytes.TrimRight(line, "\r\n")), false)
	}
	if len(tk.words) >= MaxWords {
		for j := i + 1; j < len(line); j++ {
			if c := line[j]; c == '#' || c == ';' {
				break
			} else if !isSpace(c) {
				more = true
				break
			}
		}
	}
	return tk.words, more, bad
}

// add appends c to the word being read, up to MaxValue bytes; cut
// records a longer word.
func (tk *tokenizer) add(c byte, cut *bool) {
	if len(tk.buf) < MaxValue {
		tk.buf = append(tk.buf, c)
	} else {
		*cut = true
	}
}
