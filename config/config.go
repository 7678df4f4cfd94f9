// Package config reads aovpnlint's configuration file (.aovpnlint.yaml)
// and applies it to findings: severity overrides, disabled rules, and
// suppressions, each with a mandatory reason, from the file or written
// inline in a profile as <!-- aovpnlint:ignore RULE reason -->.
//
// A configuration file looks like this:
//
//	severity:
//	  VPN012: error        # error, warning, info, or off (same as disable)
//	disable:
//	  - VPN026
//	suppress:
//	  - rule: VPN024
//	    files: ["profiles/*.xml"]   # globs; ** crosses folders; a pattern without / matches the base name
//	    path: VPNProfile/Route      # optional: only inside this element (a prefix of the element path)
//	    reason: the lab network 192.168.0.0/16 is routed on purpose
//
// Every mistake is reported with the file, line and column, and what was
// expected; a suppression that matches no finding is reported as IN008.
// A value of another type than its key expects (a list given as path, an
// empty list of files) is a mistake, never read as no value, so a
// suppression is never wider than written.
//
// The file is YAML in the forms shown: block or flow ([ ], { }) lists
// and mappings; plain, quoted or block (| >) text; comments; UTF-8, or
// UTF-16 with a byte order mark. It is read by internal/yamlsub, which
// reads what it accepts as go.yaml.in/yaml/v3 does and refuses, at a line
// and column, what a configuration does not need: anchors, aliases,
// merge keys, tags, explicit (?) keys, directives, quoted text over
// several lines, tabs outside quotes, comments and block text.
//
// The configuration may come with the files checked, from anyone, so its
// size (MaxBytes) and its globs (MaxGlobBytes, MaxGlobAlternatives,
// MaxGlobWork) are bounded, and Apply's work grows about linearly with
// the findings, suppressions and elements.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/aovpnlint/aovpnlint/internal/fsread"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/internal/yamlsub"
	"github.com/aovpnlint/aovpnlint/lint"
)

// DefaultName is the name of the configuration file [Find] looks for
// when none is named.
const DefaultName = ".aovpnlint.yaml"

// MaxBytes is the size of the largest configuration file read or parsed:
// 1 MiB. Configurations are a few kilobytes; the limit bounds the memory
// and the work of the YAML reader, which is linear in the input (a 1 MiB
// list of 349,525 items: under 0.1 s, in BenchmarkParse of
// internal/yamlsub).
const MaxBytes = 1 << 20

// Config is a parsed configuration file.
type Config struct {
	// Name is the file's name, for findings about it.
	Name string
	// Severity overrides the default severity of rules.
	Severity map[string]lint.Severity
	// Disabled rules report nothing.
	Disabled map[string]bool
	// Suppress lists the suppressions in file order.
	Suppress []Suppression

	// base and workDir, when base is set (see SetBase), make the globs
	// of suppressions relative to the folder base rather than to the
	// working directory workDir; both are absolute.
	base, workDir string
}

// SetBase makes the globs of c's suppressions relative to the folder base
// instead of the working directory workDir, both absolute: a file whose
// findings name it profiles/user.xml (relative to workDir) is matched as
// its path from base. The command line sets it for a configuration file
// found in a folder above the working directory (see [Find]), so that
// the file at the root of a repository means the same from every folder
// below it.
func (c *Config) SetBase(base, workDir string) {
	c.base, c.workDir = filepath.Clean(base), filepath.Clean(workDir)
}

// globPath is the path of file that the globs with a slash are matched
// against: the file as named, cleaned, or with a base (see SetBase) its
// path from the base; forward slashes either way.
func (c *Config) globPath(file string) string {
	if c.base != "" && c.base != c.workDir {
		abs := file
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(c.workDir, file)
		}
		if rel, err := filepath.Rel(c.base, abs); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(filepath.Clean(file))
}

// Find returns the configuration file that applies in the folder dir
// (absolute): DefaultName in dir, or else in the nearest folder above it
// up to the root of the repository dir is in (the first folder, dir
// included, holding a .git folder or file). Outside a repository only dir
// is looked in, so that a file in a home or temporary folder never
// applies by surprise. It returns "" when there is none; a DefaultName
// that is not a regular file is returned too, for Load to refuse.
func Find(dir string) (string, error) {
	dir = filepath.Clean(dir)
	if !filepath.IsAbs(dir) {
		return "", fmt.Errorf("config.Find: %s is not an absolute path", dir)
	}
	// The folders from dir up to the repository's root.
	folders := []string{dir}
	for d := dir; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			folders = folders[:1] // no repository: dir alone
			break
		}
		d = parent
		folders = append(folders, d)
	}
	for _, d := range folders {
		name := filepath.Join(d, DefaultName)
		if _, err := os.Lstat(name); err == nil {
			return name, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
	}
	return "", nil
}

// Suppression silences one rule's findings in the files its globs match
// (every file when there is none), optionally only inside an element.
type Suppression struct {
	Rule   string
	Files  []string
	Path   string
	Reason string
	// Pos is where the suppression is written in the configuration file.
	Pos lint.Pos
}

// Error is a mistake in a configuration file, at a position.
type Error struct {
	Pos lint.Pos
	Msg string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Pos, e.Msg) }

// Load reads and parses the configuration file at name. It reads only a
// regular file (links followed) of at most MaxBytes: a FIFO, a device such
// as /dev/zero, or a larger file is an error before anything is read.
func Load(name string, rules []*lint.Rule) (*Config, error) {
	data, err := fsread.File(name, MaxBytes)
	if err != nil {
		return nil, err
	}
	return Parse(name, data, rules)
}

// Parse parses a configuration file's content; rules are the known rules,
// against which every rule ID is checked. Every value must have the type
// its key expects (a list of rule IDs, text, a glob or a list of globs, an
// element path); anything else, a repeated key, a second document and
// the parts of YAML the configuration does not read (see the package
// documentation) is an *Error at its line and column, never a value read
// another way. Content over MaxBytes is refused.
func Parse(name string, data []byte, rules []*lint.Rule) (*Config, error) {
	known := map[string]bool{}
	for _, r := range rules {
		known[r.ID] = true
	}
	c := &Config{Name: name, Severity: map[string]lint.Severity{}, Disabled: map[string]bool{}}
	if len(data) > MaxBytes {
		return nil, &Error{Pos: lint.Pos{File: name}, Msg: fmt.Sprintf("the configuration is %d bytes, over the limit of %d bytes", len(data), MaxBytes)}
	}
	root, err := decode(name, data)
	if err != nil {
		return nil, err
	}
	if root == nil {
		return c, nil // an empty file configures nothing
	}
	p := parser{name: name, known: known, globs: map[string]bool{}}
	if root.Null() {
		return c, nil
	}
	if root.Kind != yamlsub.Mapping {
		return nil, p.err(root, "expected a mapping with severity, disable and suppress, found %s", kind(root))
	}
	err = p.mapping(root, func(key string, k, val *yamlsub.Node) error {
		switch key {
		case "severity":
			return p.severity(val, c)
		case "disable":
			return p.disable(val, c)
		case "suppress":
			return p.suppress(val, c)
		}
		return p.err(k, "unknown key %s; expected severity, disable or suppress", wording.Quote(key))
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// decode parses data as one YAML document and returns its root node, or
// nil when there is no document.
func decode(name string, data []byte) (*yamlsub.Node, error) {
	root, err := yamlsub.Parse(data)
	if err != nil {
		var e *yamlsub.Error
		if errors.As(err, &e) {
			return nil, &Error{Pos: lint.Pos{File: name, Line: e.Line, Col: e.Col}, Msg: e.Msg}
		}
		return nil, &Error{Pos: lint.Pos{File: name}, Msg: err.Error()}
	}
	return root, nil
}

type parser struct {
	name  string
	known map[string]bool
	// globs holds the distinct globs seen, and work their cost so far
	// (see MaxGlobWork).
	globs map[string]bool
	work  int
}

func (p *parser) err(n *yamlsub.Node, format string, args ...any) *Error {
	return &Error{Pos: lint.Pos{File: p.name, Line: n.Line, Col: n.Col}, Msg: fmt.Sprintf(format, args...)}
}

// kind names what a node is, for messages: "a list", "a mapping",
// "nothing", "the text \"x\"".
func kind(n *yamlsub.Node) string {
	switch {
	case n.Kind == yamlsub.Sequence:
		return "a list"
	case n.Kind == yamlsub.Mapping:
		return "a mapping"
	case n.Null():
		return "nothing"
	case strings.TrimSpace(n.Value) == "":
		return "empty text"
	}
	return "the text " + wording.Quote(n.Value)
}

// mapping calls fn for each key of the mapping n, in order; every key
// must be text, and no key may appear twice.
func (p *parser) mapping(n *yamlsub.Node, fn func(key string, k, val *yamlsub.Node) error) error {
	seen := make(map[string]*yamlsub.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yamlsub.Scalar || k.Null() {
			return p.err(k, "expected a name as a key, found %s", kind(k))
		}
		if first := seen[k.Value]; first != nil {
			return p.err(k, "the key %s is given twice (first at line %d); expected it once", wording.Quote(k.Value), first.Line)
		}
		seen[k.Value] = k
		if err := fn(k.Value, k, val); err != nil {
			return err
		}
	}
	return nil
}

// text returns the text of the scalar n, trimmed: what (such as "reason")
// names the value in messages. Nothing, a list, a mapping, empty text
// and text with a line break or control character are errors.
func (p *parser) text(n *yamlsub.Node, what, expected string) (string, error) {
	if n.Kind != yamlsub.Scalar || n.Null() {
		return "", p.err(n, "%s: expected %s, found %s", what, expected, kind(n))
	}
	v := strings.TrimSpace(n.Value)
	if v == "" {
		return "", p.err(n, "%s: expected %s, found empty text", what, expected)
	}
	for _, r := range v {
		if r != '\t' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r)) {
			return "", p.err(n, "%s: expected %s on one line, found %s, which holds a line break or an invisible control character", what, expected, wording.Quote(v))
		}
	}
	return v, nil
}

func (p *parser) rule(n *yamlsub.Node) (string, error) {
	if n.Kind != yamlsub.Scalar || n.Null() {
		return "", p.err(n, "expected a rule ID such as VPN012 (aovpnlint rules lists them), found %s", kind(n))
	}
	if !p.known[n.Value] {
		return "", p.err(n, "%s is not a rule ID; expected one such as VPN012 (aovpnlint rules lists them)", wording.Quote(n.Value))
	}
	return n.Value, nil
}

func (p *parser) severity(n *yamlsub.Node, c *Config) error {
	if n.Kind != yamlsub.Mapping {
		return p.err(n, "severity: expected a mapping of rule IDs to error, warning, info or off, found %s", kind(n))
	}
	return p.mapping(n, func(_ string, k, v *yamlsub.Node) error {
		id, err := p.rule(k)
		if err != nil {
			return err
		}
		if v.Kind != yamlsub.Scalar || v.Null() {
			return p.err(v, "severity of %s: expected error, warning, info or off, found %s", id, kind(v))
		}
		if v.Value == "off" {
			c.Disabled[id] = true
			return nil
		}
		sev, err := lint.ParseSeverity(v.Value)
		if err != nil {
			return p.err(v, "severity of %s is %s; expected error, warning, info or off", id, wording.Quote(v.Value))
		}
		c.Severity[id] = sev
		return nil
	})
}

func (p *parser) disable(n *yamlsub.Node, c *Config) error {
	if n.Kind != yamlsub.Sequence {
		return p.err(n, "disable: expected a list of rule IDs, found %s", kind(n))
	}
	for _, item := range n.Content {
		id, err := p.rule(item)
		if err != nil {
			return err
		}
		c.Disabled[id] = true
	}
	return nil
}

func (p *parser) suppress(n *yamlsub.Node, c *Config) error {
	if n.Kind != yamlsub.Sequence {
		return p.err(n, "suppress: expected a list of suppressions, each with rule and reason, found %s", kind(n))
	}
	for _, item := range n.Content {
		if item.Kind != yamlsub.Mapping {
			return p.err(item, "expected a suppression: a mapping with rule, reason and optionally files and path, found %s", kind(item))
		}
		s := Suppression{Pos: lint.Pos{File: p.name, Line: item.Line, Col: item.Col}}
		err := p.mapping(item, func(key string, k, val *yamlsub.Node) error {
			var err error
			switch key {
			case "rule":
				s.Rule, err = p.rule(val)
			case "reason":
				// Nothing or blank text is no reason, which is reported
				// below with the rule.
				if val.Kind != yamlsub.Scalar || !val.Null() && strings.TrimSpace(val.Value) != "" {
					s.Reason, err = p.text(val, "reason", "one line of text saying why the risk is accepted")
				}
			case "path":
				s.Path, err = p.path(val)
			case "files", "file":
				err = p.files(key, val, &s)
			default:
				err = p.err(k, "unknown key %s in a suppression; expected rule, reason, files or path", wording.Quote(key))
			}
			return err
		})
		if err != nil {
			return err
		}
		switch {
		case s.Rule == "":
			return p.err(item, "the suppression has no rule; expected rule: ID")
		case s.Reason == "":
			return p.err(item, "the suppression of %s has no reason; every suppression needs one (reason: why the risk is accepted)", s.Rule)
		}
		c.Suppress = append(c.Suppress, s)
	}
	return nil
}

// files reads the value of files (or file): a glob or a non-empty list
// of globs, each checked by checkGlob.
func (p *parser) files(key string, n *yamlsub.Node, s *Suppression) error {
	globs := []*yamlsub.Node{n}
	if n.Kind == yamlsub.Sequence {
		if len(n.Content) == 0 {
			return p.err(n, "%s: expected at least one glob, found an empty list (to suppress in every file, leave %s out)", key, key)
		}
		globs = n.Content
	}
	listed := make(map[string]bool, len(globs))
	for _, g := range globs {
		v, err := p.text(g, key, "a glob such as profiles/*.xml, or a list of globs")
		if err != nil {
			return err
		}
		v = filepath.ToSlash(v)
		if msg := checkGlob(v); msg != "" {
			return p.err(g, "%s: %s", key, msg)
		}
		if !p.globs[v] {
			p.globs[v] = true
			if p.work += globWork(v); p.work > MaxGlobWork {
				return p.err(g, "%s: the globs of the configuration add up to more than %d (each glob's length times its alternatives); expected fewer or simpler globs", key, MaxGlobWork)
			}
		}
		if !listed[v] { // a glob listed twice matches the same files
			listed[v] = true
			s.Files = append(s.Files, v)
		}
	}
	return nil
}

// path reads the value of path: an element path of local names separated
// by /, such as VPNProfile/NativeProfile/Route (a / at either end is
// left out).
func (p *parser) path(n *yamlsub.Node) (string, error) {
	const expected = "an element path such as VPNProfile/Route"
	v, err := p.text(n, "path", expected)
	if err != nil {
		return "", err
	}
	path := strings.Trim(v, "/")
	if path == "" {
		return "", p.err(n, "path: expected %s, found %s", expected, wording.Quote(v))
	}
	for _, name := range strings.Split(path, "/") {
		if !isName(name) {
			return "", p.err(n, "path: %s is not an element path: %s is not an element name; expected %s (local names, without prefixes)", wording.Quote(v), wording.Quote(name), expected)
		}
	}
	return path, nil
}

// isName reports whether s is an XML element name without a prefix: a
// letter or _, then letters, digits, _, - and . (and combining marks).
func isName(s string) bool {
	for i, r := range s {
		switch {
		case unicode.IsLetter(r), r == '_':
		case i > 0 && (unicode.IsDigit(r) || r == '-' || r == '.' || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)):
		default:
			return false
		}
	}
	return s != ""
}

// Matches reports whether the suppression applies to a finding of its rule
// in file, inside the element at elementPath. A glob over the limits of
// checkGlob (which Parse refuses) matches nothing.
func (s Suppression) Matches(file, elementPath string) bool {
	return s.inPath(elementPath) && s.inFile(filepath.ToSlash(filepath.Clean(file)), matchGlob)
}

// inPath reports whether elementPath is s.Path or inside it (always, when
// s has no path).
func (s Suppression) inPath(elementPath string) bool {
	return s.Path == "" || elementPath == s.Path || strings.HasPrefix(elementPath, s.Path+"/")
}

// inFile reports whether one of the globs of s matches file (a clean path
// with forward slashes), or s has none; match matches one glob.
func (s Suppression) inFile(file string, match func(glob, file string) bool) bool {
	if len(s.Files) == 0 {
		return true
	}
	for _, g := range s.Files {
		if match(g, file) {
			return true
		}
	}
	return false
}

// unusedRule is IN008: suppressions must be used and justified.
var unusedRule = &lint.Rule{
	ID: "IN008", Severity: lint.Info,
	Title:    "every suppression has a reason and matches a finding",
	Fix:      "remove the suppression, or correct its rule, files or path; give every suppression a reason",
	Citation: "aovpnlint specification, section 5 Command line (--config: suppressions with a reason; unused ones are reported)",
	Doc: "A suppression that matches nothing hides nothing today but may hide a new fault tomorrow, so it is reported. " +
		"An inline suppression without a reason is IN010; in the configuration file it is an error that stops the run.",
}

// unreasonedRule is IN010: an inline suppression needs a reason to apply.
var unreasonedRule = &lint.Rule{
	ID: "IN010", Severity: lint.Warning,
	Title:    "every inline suppression gives its reason",
	Fix:      "write the reason after the rule IDs: <!-- aovpnlint:ignore VPN024 the home range is not routed here -->",
	Citation: "aovpnlint specification, section 5 Command line (suppressions with a reason)",
	Doc: "An inline suppression without a reason is not applied, so the finding it meant to hide is still " +
		"reported; this warning says why.",
}

// Rules lists the rules of this package: IN008 and IN010.
func Rules() []*lint.Rule { return []*lint.Rule{unusedRule, unreasonedRule} }

// NeedsElements reports whether applying c needs element paths (a
// suppression names one); c may be nil.
func (c *Config) NeedsElements() bool {
	if c == nil {
		return false
	}
	for _, s := range c.Suppress {
		if s.Path != "" {
			return true
		}
	}
	return false
}
