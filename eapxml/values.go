package eapxml

import (
	"fmt"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/xmlval"
)

// Thumbprint reads a certificate thumbprint the way Windows reads
// TrustedRootCA and IssuerHash: white space is ignored and case does not
// matter. It returns the 40 lower-case hex digits of a SHA-1 thumbprint,
// or an error saying what is wrong with s.
func Thumbprint(s string) (string, error) {
	h := strings.ToLower(strings.Join(strings.Fields(s), ""))
	switch {
	case h == "":
		return "", fmt.Errorf("is empty")
	case strings.Trim(h, "0123456789abcdef") != "":
		return "", fmt.Errorf("holds characters that are not hexadecimal digits")
	case len(h) == 64:
		return "", fmt.Errorf("has 64 hex digits, a SHA-256 thumbprint; Windows uses SHA-1")
	case len(h) != 40:
		return "", fmt.Errorf("has %d hex digits", len(h))
	}
	return h, nil
}

// IsOID reports whether s is a dotted object identifier such as
// 1.3.6.1.4.1.311.87: at least two numeric arcs, the first 0, 1 or 2.
func IsOID(s string) bool { return xmlval.IsOID(s) }

// ServerNames splits a ServerNames value into its entries: separated by
// semicolons, trimmed, empty ones left out. Entries are compared as
// written, since Windows 11 compares case.
func ServerNames(t Text) []string {
	var out []string
	for _, e := range t.Entries(";") {
		out = append(out, e.Value)
	}
	return out
}
