package report

import "github.com/aovpnlint/aovpnlint/internal/wording"

// Printable returns s safe to write to a terminal or a one-line report:
// every character that is not printable (C0 and C1 controls, DEL, so no
// terminal escape sequence and no CR LF that forges a report line; line
// and paragraph separators; bidirectional overrides and other format
// characters) is written as a Go escape (\x1b, \r, \n, \u202e), and
// bytes that are not UTF-8 as \xff. Everything else, backslashes in
// Windows paths included, is kept as it is. File names, messages and
// values that come from input files pass through it before they reach
// the text output, JUnit XML or an error line.
func Printable(s string) string { return wording.Escape(s) }
