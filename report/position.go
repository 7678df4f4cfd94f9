package report

import (
	"net/url"
	"path/filepath"
	"strings"

	"github.com/aovpnlint/aovpnlint/lint"
)

// at is the position every format writes for p: a finding about a whole
// file (an empty file, a DER certificate, a PFX, a missing element with
// no better place: line 0) is at line 1, column 1, and a line without a
// column at column 1, so that problem matchers, annotations and code
// scanning never skip it. This is the one place that decides it.
func at(p lint.Pos) lint.Pos {
	if p.Line <= 0 {
		p.Line, p.Col = 1, 1
	}
	if p.Col <= 0 {
		p.Col = 1
	}
	return p
}

// end is the end of a finding's extent, when it is known: the finding
// lies in an XML element that ends on the finding's line (see
// lint.Finding.End), and the extent runs from the finding to just after
// that element's end tag. ok is false otherwise, and for an element that
// ends on a later line, whose whole span would be too wide a region.
func end(f lint.Finding) (p lint.Pos, ok bool) {
	start := at(f.Pos)
	if f.End.Line != start.Line || f.End.Col <= start.Col || f.Pos.Line <= 0 {
		return lint.Pos{}, false
	}
	return f.End, true
}

// relPath is a file name as pipelines want it: relative to base (the
// working directory, which CI systems make the repository root) with
// forward slashes when the file is inside base, and absolute otherwise;
// inside reports whether it is inside. With no base, a relative name is
// kept as it is.
func relPath(name, base string) (path string, inside bool) {
	if base == "" || name == "" || name == "<stdin>" {
		return filepath.ToSlash(name), !filepath.IsAbs(name)
	}
	abs := name
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(base, abs)
	}
	rel, err := filepath.Rel(base, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(filepath.Clean(abs)), false
	}
	return filepath.ToSlash(rel), true
}

// artifactURI is a file name as a SARIF artifact location: a relative
// URI reference resolved against %SRCROOT% for a file inside base, and
// an absolute file: URI for one outside it (never "../", which code
// scanning cannot place). A first segment with a colon is written after
// "./", so that a file named "javascript:alert(1).xml" is a path, never a
// URI scheme.
func artifactURI(name, base string) (uri string, relative bool) {
	p, inside := relPath(name, base)
	if !inside {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // a Windows drive letter: file:///C:/...
		}
		u := url.URL{Scheme: "file", Path: p}
		return u.String(), false
	}
	u := url.URL{Path: p}
	return u.String(), true
}
