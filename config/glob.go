package config

import (
	"fmt"
	"path"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/bmatcuk/doublestar/v4"
)

// Limits on the globs of suppressions. The matcher (doublestar) tries
// each alternative of a brace group with the rest of the glob, so its work
// grows with the product of the groups' sizes: {*,} written thirty times
// stands for 2^30 patterns and never finishes. A * before a literal
// compares the literal at each place in the name, so the work also grows
// with the glob's length times the name's. The limits refuse such globs
// in Parse, at their line and column.
const (
	// MaxGlobBytes is the length of the longest glob: 256 bytes.
	MaxGlobBytes = 256
	// MaxGlobAlternatives is the number of patterns one glob may stand
	// for once its braces are expanded: 64. {user,device}-*.xml stands
	// for 2, {a,b}/{c,d,e}/*.xml for 6.
	MaxGlobAlternatives = 64
	// MaxGlobWork bounds the sum, over the distinct globs of a
	// configuration, of each glob's length times its alternatives:
	// 65,536 (some 2,500 globs of 25 bytes). Apply matches each file name
	// against each distinct glob at most once, so the matching done per
	// file is at worst in proportion to this sum times the length of the
	// file's name.
	MaxGlobWork = 1 << 16
)

// checkGlob returns what is wrong with glob (with forward slashes), or "".
func checkGlob(glob string) string {
	switch {
	case len(glob) > MaxGlobBytes:
		return fmt.Sprintf("the glob is %d bytes long; expected at most %d", len(glob), MaxGlobBytes)
	case !doublestar.ValidatePattern(glob):
		return wording.Quote(glob) + " is not a valid glob"
	}
	if n := alternatives(glob); n > MaxGlobAlternatives {
		return fmt.Sprintf("the glob %s stands for more than %d patterns once its braces are expanded; expected at most %d", wording.Quote(glob), MaxGlobAlternatives, MaxGlobAlternatives)
	}
	return ""
}

// globWork is the cost of a glob that checkGlob accepts, in the unit of
// MaxGlobWork.
func globWork(glob string) int { return len(glob) * alternatives(glob) }

// alternatives returns the number of patterns a valid glob stands for once
// its braces are expanded, or MaxGlobAlternatives+1 when that is more. It
// reads escapes, character classes and braces as doublestar does.
func alternatives(glob string) int {
	n, _ := sequence(glob, 0, false)
	return n
}

// sequence counts the patterns the part of glob from i stands for, up to
// its end or, inGroup, up to the , or } that ends an alternative; it
// returns the count (at most MaxGlobAlternatives+1) and where it stopped.
// Sequential groups multiply, alternatives add up. The recursion is as
// deep as the braces nest, which MaxGlobBytes bounds.
func sequence(glob string, i int, inGroup bool) (int, int) {
	const over = MaxGlobAlternatives + 1
	n := 1
	for i < len(glob) {
		switch glob[i] {
		case '\\':
			i += 2
		case '[':
			// As doublestar does: up to the first unescaped ].
			for i++; i < len(glob) && glob[i] != ']'; i++ {
				if glob[i] == '\\' {
					i++
				}
			}
			i++
		case '{':
			sum := 0
			for i++; ; i++ {
				var m int
				m, i = sequence(glob, i, true)
				sum = min(sum+m, over)
				if i >= len(glob) || glob[i] == '}' {
					break
				}
			}
			i++
			n = min(n*sum, over)
		case ',', '}':
			if inGroup {
				return n, i
			}
			i++
		default:
			i++
		}
	}
	return n, i
}

// matchGlob reports whether file (a clean path with forward slashes)
// matches glob; a glob without / is matched against the base name. A glob
// that checkGlob refuses matches nothing.
func matchGlob(glob, file string) bool {
	if checkGlob(glob) != "" {
		return false
	}
	if !strings.Contains(glob, "/") {
		file = path.Base(file)
	}
	ok, _ := doublestar.Match(glob, file)
	return ok
}

// globCache remembers the result of matchGlob for each glob and file.
type globCache map[string]map[string]bool

// match reports whether glob matches file, matching each (glob, file)
// pair once. Results are kept per file and looked up by glob alone, so a
// long path is not hashed again for every suppression that names it.
func (c globCache) match(glob, file string) bool {
	byGlob := c[file]
	if byGlob == nil {
		byGlob = map[string]bool{}
		c[file] = byGlob
	}
	ok, seen := byGlob[glob]
	if !seen {
		ok = matchGlob(glob, file)
		byGlob[glob] = ok
	}
	return ok
}
