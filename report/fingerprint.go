package report

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strconv"
	"sync"

	"github.com/aovpnlint/aovpnlint/lint"
)

// FingerprintKey is the key of aovpnlint's own fingerprint among a SARIF
// result's partialFingerprints; the version changes when the way it is
// computed does.
const FingerprintKey = "aovpnlint/v1"

// fingerprints gives each finding of a report its fingerprints, which stay
// the same when lines above the finding are added or removed, so that
// code scanning and GitLab match a finding with itself across runs:
//
//   - the full fingerprint (FingerprintKey, and GitLab's fingerprint) is
//     a hash of the rule, the file (as the report writes it), the path of
//     the element the finding lies in (lint.Finding.Path, when the run set
//     it) and the message with the line and column numbers it quotes left
//     out, followed by ":" and the number of the finding among those of
//     the file with the same hash (1 for the first);
//   - primaryLocationLineHash, which GitHub combines with the rule and the
//     file itself, is the same without the rule and the file.
//
// A message quotes the value it is about, so two findings of one rule in
// one element differ by their values; a changed value is a new finding.
// It holds the counts of one file at a time.
type fingerprints struct {
	file string
	seen map[string]int
}

// lineNumbers are the line and column numbers a message may quote ("first
// at line 12"), which move with the lines above.
var lineNumbers = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b(lines?|columns?) [0-9]+`) })

// of returns the full fingerprint and the intra-file one of f, whose file
// is written as file.
func (fp *fingerprints) of(f lint.Finding, file string) (full, local string) {
	if file != fp.file || fp.seen == nil {
		fp.file, fp.seen = file, map[string]int{}
	}
	value := lineNumbers().ReplaceAllString(f.Message, "$1 #")
	local = digest(f.Path, value)
	full = digest(f.Rule.ID, file, f.Path, value)
	fp.seen[full]++
	n := strconv.Itoa(fp.seen[full])
	return full + ":" + n, local[:16] + ":" + n
}

// digest is the SHA-256 of the parts, each followed by a zero byte, in
// hexadecimal, cut to 32 digits (128 bits).
func digest(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}
