// Package winerr explains the errors an Always On VPN client reports: the
// RasClient codes of event 20227 (691 to 868), the IKEv2 codes (13801,
// 13806, 13868), the CryptoAPI HRESULTs (0x800B0109 and its kin), and the
// symptoms that have no code, such as Entra's "Oops, you can't get to this
// yet". Each [Entry] gives the meaning, the usual causes and, for each
// cause, the aovpnlint rules that detect it in the administrator's files.
//
// [Lookup] accepts a code the way the event log or a user writes it:
// decimal (812), hexadecimal (0x800B0109), negative decimal as the event
// log shows an HRESULT (-2146762487 is 0x800B0109), an HRESULT wrapping a
// Win32 code (0x800735E9 is 13801), a symbolic name (CERT_E_UNTRUSTEDROOT),
// the text Windows shows or writes to the event log ("IKE authentication
// credentials are unacceptable", or the whole RasClient event 20227: "...
// The error code returned on failure is 13801."), or a phrase ("oops").
// [LookupText] reads text alone, never a leading number as a code.
package winerr

import (
	"fmt"
	"strconv"
	"strings"
)

// Entry explains one error code or symptom.
type Entry struct {
	// Code is the error number: a Win32 or RAS code (812, 13801) or an
	// HRESULT (0x800B0109); zero for a symptom without a code.
	Code uint32
	// Name is the symbolic name (ERROR_SERVER_POLICY), or the symptom as
	// the user sees it.
	Name string
	// Phrases are lower-case words that find the entry in a query, such
	// as "oops" or "install fails".
	Phrases []string
	// Messages are the texts Windows shows for the error or writes to
	// the event log, as users paste them ("IKE authentication
	// credentials are unacceptable."); a query holding one, or three
	// words or more of one, finds the entry.
	Messages []string
	// Meaning says what the error means.
	Meaning string
	// Causes are the usual causes, most common first.
	Causes []Cause
	// NoFile, when not empty, says why no file can show the causes; an
	// entry has it exactly when no cause lists a rule.
	NoFile string
}

// Cause is one usual cause of an error and the rules that detect it; a
// cause without rules cannot be seen in the files aovpnlint reads.
type Cause struct {
	Text  string
	Rules []string
}

// HRESULT reports whether the code is an HRESULT (its severity bit is
// set) rather than a Win32 or RAS code.
func (e *Entry) HRESULT() bool { return e.Code&0x80000000 != 0 }

// Display writes the code the way the event log and Microsoft's pages do:
// "812", or "0x800B0109 (-2146762487)" for an HRESULT; the name for a
// symptom.
func (e *Entry) Display() string {
	switch {
	case e.Code == 0:
		return e.Name
	case e.HRESULT():
		return fmt.Sprintf("0x%08X (%d)", e.Code, int32(e.Code))
	}
	return strconv.FormatUint(uint64(e.Code), 10)
}

// Rules returns every rule ID the entry lists, in order, once each.
func (e *Entry) Rules() []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range e.Causes {
		for _, r := range c.Rules {
			if !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	return out
}

// Entries returns the whole table: codes in numeric order (Win32 and RAS
// codes, then HRESULTs), then the symptoms.
func Entries() []*Entry { return table() }

// Lookup finds the entries a query names: a number in any of the forms
// the package documentation lists (a number followed by words, such as
// "809 with large certificate chains", counts as the number), a symbolic
// name, or else text as [LookupText] reads it. It returns nil when
// nothing matches.
func Lookup(query string) []*Entry {
	q := strings.TrimSpace(query)
	if q == "" {
		return nil
	}
	if code, ok := parseCode(q); ok {
		return byCode(code)
	}
	for _, e := range table() {
		if e.Code != 0 && strings.EqualFold(e.Name, q) {
			return []*Entry{e}
		}
	}
	return LookupText(q)
}

// event20227 is how RasClient event 20227 gives the error, normalised:
// "The error code returned on failure is 13801."
const event20227 = "error code returned on failure is "

// LookupText finds the entries a piece of text names, in table order: the
// error of a RasClient event 20227 pasted whole ("... The error code
// returned on failure is 13801."); else every entry whose message (see
// Entry.Messages; a symptom's name counts as one) the text holds, or
// which holds the text when it is three words or more; and every entry
// one of whose phrases the text holds. Case, quotes and punctuation are
// ignored. Unlike [Lookup], a number at the start of the text is a word
// like any other. It returns nil when nothing matches.
func LookupText(text string) []*Entry {
	norm := normalise(text)
	if norm == "" {
		return nil
	}
	if _, after, ok := strings.Cut(norm, event20227); ok {
		if code, ok := parseCode(after); ok {
			if es := byCode(code); es != nil {
				return es
			}
		}
	}
	long := strings.Count(norm, " ") >= 2
	var out []*Entry
	for _, e := range table() {
		if e.matchesText(norm, long) {
			out = append(out, e)
		}
	}
	return out
}

// matchesText reports whether the normalised text norm names e by a
// message (held in norm, or holding norm when long) or a phrase.
func (e *Entry) matchesText(norm string, long bool) bool {
	messages := e.Messages
	if strings.Contains(e.Name, " ") {
		messages = append([]string{e.Name}, messages...)
	}
	for _, m := range messages {
		m = normalise(m)
		if strings.Contains(norm, m) || long && strings.Contains(m, norm) {
			return true
		}
	}
	for _, p := range e.Phrases {
		if strings.Contains(norm, p) || (len(norm) >= 4 && strings.Contains(p, norm)) {
			return true
		}
	}
	return false
}

// byCode returns the entry of a code, or of the Win32 code an HRESULT
// wraps; nil when there is none.
func byCode(code uint32) []*Entry {
	for _, c := range candidates(code) {
		for _, e := range table() {
			if e.Code != 0 && e.Code == c {
				return []*Entry{e}
			}
		}
	}
	return nil
}

// parseCode reads the number at the start of q: decimal, negative
// decimal (two's complement of an HRESULT), or hexadecimal with 0x or
// with exactly eight hex digits.
func parseCode(q string) (uint32, bool) {
	word, _, _ := strings.Cut(q, " ")
	word = strings.TrimRight(word, ".,;:)")
	lower := strings.ToLower(word)
	switch {
	case strings.HasPrefix(lower, "0x"):
		n, err := strconv.ParseUint(lower[2:], 16, 32)
		return uint32(n), err == nil
	case strings.HasPrefix(lower, "-"):
		n, err := strconv.ParseInt(lower, 10, 32)
		return uint32(int32(n)), err == nil
	case len(lower) == 8 && strings.Trim(lower, "0123456789abcdef") == "" && strings.Trim(lower, "0123456789") != "":
		n, err := strconv.ParseUint(lower, 16, 32)
		return uint32(n), err == nil
	}
	n, err := strconv.ParseUint(lower, 10, 32)
	return uint32(n), err == nil
}

// candidates lists the codes a number may stand for: itself and, for an
// HRESULT that wraps a Win32 code (facility 7), the Win32 code.
func candidates(code uint32) []uint32 {
	out := []uint32{code}
	if code&0xFFFF0000 == 0x80070000 {
		out = append(out, code&0xFFFF)
	}
	return out
}

// normalise lower-cases a phrase and drops quotes and punctuation.
func normalise(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("\u2019", "'", "\u2013", "-", "\"", "", ",", "", ".", "", "!", "").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}
