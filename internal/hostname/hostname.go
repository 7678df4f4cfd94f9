// Package hostname judges the host names and address lists written in
// profiles and EAP configurations: whether a name has the form of a DNS
// name, and whether a value is a placeholder left from a template. It
// reads strings only; the rules that use it decide severity.
package hostname

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
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

var placeholder = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(<[^<>]*>|\bx\.x\.x\.x\b|\byour[ _,-]|\b(changeme|change_me|replace_?me|placeholder|fixme|todo|tbd)\b)`)
})

// Placeholder returns the part of s that marks it as text left from a
// template — <server>, x.x.x.x, YOUR DNS SUFFIX, CHANGEME, TODO — or "".
// The search is one regular-expression pass, linear in s.
func Placeholder(s string) string {
	return strings.TrimRight(placeholder().FindString(s), " _,-")
}
