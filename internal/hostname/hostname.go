// Package hostname judges the host names and address lists written in
// profiles and EAP configurations: whether a name has the form of a DNS
// name, and whether a value is a placeholder left from a template. It
// reads strings only; the rules that use it decide severity.
package hostname

import (
	"fmt"
	"strings"
	"unicode"
)

// MaxName and MaxLabel are the longest DNS name and label (RFC 1035
// 2.3.4), in characters of the written form.
const (
	MaxName  = 253
	MaxLabel = 63
)

// Problem says why name is not a well-formed DNS name, or returns "". A
// leading dot (a suffix such as .corp.example.com, as DnsSuffix and NRPT
// write them) and a trailing dot (the root) are allowed; "." alone is the
// whole namespace.
func Problem(name string) string {
	n := strings.TrimPrefix(name, ".")
	n = strings.TrimSuffix(n, ".")
	if name == "." {
		return ""
	}
	if i := strings.IndexFunc(n, unicode.IsSpace); i >= 0 {
		return "contains a space"
	}
	if strings.Contains(n, "://") {
		return "is a URL"
	}
	if strings.ContainsAny(n, ",;") {
		return "holds several names; expected one name"
	}
	if i := strings.IndexAny(n, `/\:@?#<>"'{}|^=+!$&()[]`); i >= 0 {
		return fmt.Sprintf("contains %q, which a DNS name cannot", n[i:i+1])
	}
	if len(n) > MaxName {
		return fmt.Sprintf("is %d characters long; a DNS name has at most %d", len(n), MaxName)
	}
	if n == "" {
		return "is empty"
	}
	for _, label := range strings.Split(n, ".") {
		switch {
		case label == "":
			return "has an empty label (two dots in a row)"
		case len(label) > MaxLabel:
			return fmt.Sprintf("has a label of %d characters; a DNS label has at most %d", len(label), MaxLabel)
		}
	}
	return ""
}

// Placeholder returns the part of s that marks it as text left from a
// template — <server>, x.x.x.x, YOUR DNS SUFFIX, CHANGEME, TODO — or "".
// It finds what the regular expression
//
//	(?i)(<[^<>]*>|\bx\.x\.x\.x\b|\byour[ _,-]|\b(changeme|change_me|replace_?me|placeholder|fixme|todo|tbd)\b)
//
// finds (the leftmost match, the first alternative that matches there),
// less its trailing " _,-", in one pass over s: it is asked of every
// value of every profile, and Go's regular expressions took a tenth of a
// batch run on it. The expression is kept in the tests as the reference.
func Placeholder(s string) string {
	for i := 0; i < len(s); i++ {
		if m := placeholderAt(s, i); m != "" {
			return strings.TrimRight(m, " _,-")
		}
	}
	return ""
}

// placeholderWords are the words of the last alternative, in its order
// (replace_?me tries the underscore first).
var placeholderWords = [...]string{"changeme", "change_me", "replace_me", "replaceme", "placeholder", "fixme", "todo", "tbd"}

// placeholderAt returns the match of Placeholder's expression that starts
// at byte i of s, or "". A '<' is followed to the next '<' or '>' at most
// once per start, and the search stops at the first match, so the whole
// search is linear but for '<' runs, each scanned to the first '<' after
// it: linear too.
func placeholderAt(s string, i int) string {
	if s[i] == '<' {
		if j := strings.IndexAny(s[i+1:], "<>"); j >= 0 && s[i+1+j] == '>' {
			return s[i : i+j+2]
		}
	}
	if i > 0 && isWordByte(s[i-1]) || !isWordByte(s[i]) {
		return "" // the other alternatives start at a word boundary, with a word character
	}
	rest := s[i:]
	if hasFoldPrefix(rest, "x.x.x.x") && boundaryAt(s, i+7) {
		return rest[:7]
	}
	if hasFoldPrefix(rest, "your") && len(rest) > 4 && strings.IndexByte(" _,-", rest[4]) >= 0 {
		return rest[:5]
	}
	for _, w := range placeholderWords {
		if hasFoldPrefix(rest, w) && boundaryAt(s, i+len(w)) {
			return rest[:len(w)]
		}
	}
	return ""
}

// isWordByte reports an ASCII word character, as \b reads them.
func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// boundaryAt reports \b between s[k-1], a word character, and s[k].
func boundaryAt(s string, k int) bool { return k >= len(s) || !isWordByte(s[k]) }

// hasFoldPrefix reports whether s starts with prefix, ASCII letters in
// either case. The prefixes hold no k or s, the only ASCII letters (?i)
// also matches with a letter outside ASCII (the Kelvin sign, the long s).
func hasFoldPrefix(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for k := 0; k < len(prefix); k++ {
		c := s[k]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[k] {
			return false
		}
	}
	return true
}
