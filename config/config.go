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
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"
)

// DefaultName is the configuration file found in the working directory
// when none is named.
const DefaultName = ".aovpnlint.yaml"

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

// Load reads and parses the configuration file at name.
func Load(name string, rules []*lint.Rule) (*Config, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return Parse(name, data, rules)
}

// Parse parses a configuration file's content; rules are the known rules,
// against which every rule ID is checked.
func Parse(name string, data []byte, rules []*lint.Rule) (*Config, error) {
	known := map[string]bool{}
	for _, r := range rules {
		known[r.ID] = true
	}
	c := &Config{Name: name, Severity: map[string]lint.Severity{}, Disabled: map[string]bool{}}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return c, nil // an empty file configures nothing
		}
		return nil, &Error{Pos: lint.Pos{File: name}, Msg: "not valid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	p := parser{name: name, known: known}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return c, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, p.err(root, "expected a mapping with severity, disable and suppress")
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		var err error
		switch key.Value {
		case "severity":
			err = p.severity(val, c)
		case "disable":
			err = p.disable(val, c)
		case "suppress":
			err = p.suppress(val, c)
		default:
			err = p.err(key, "unknown key %q; expected severity, disable or suppress", key.Value)
		}
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

type parser struct {
	name  string
	known map[string]bool
}

func (p parser) err(n *yaml.Node, format string, args ...any) *Error {
	return &Error{Pos: lint.Pos{File: p.name, Line: n.Line, Col: n.Column}, Msg: fmt.Sprintf(format, args...)}
}

func (p parser) rule(n *yaml.Node) (string, error) {
	if n.Kind != yaml.ScalarNode || !p.known[n.Value] {
		return "", p.err(n, "%q is not a rule ID; expected one such as VPN012 (aovpnlint rules lists them)", n.Value)
	}
	return n.Value, nil
}

func (p parser) severity(n *yaml.Node, c *Config) error {
	if n.Kind != yaml.MappingNode {
		return p.err(n, "severity: expected a mapping of rule IDs to error, warning, info or off")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		id, err := p.rule(n.Content[i])
		if err != nil {
			return err
		}
		v := n.Content[i+1]
		if v.Value == "off" {
			c.Disabled[id] = true
			continue
		}
		sev, err := lint.ParseSeverity(v.Value)
		if err != nil || v.Kind != yaml.ScalarNode {
			return p.err(v, "severity of %s is %q; expected error, warning, info or off", id, v.Value)
		}
		c.Severity[id] = sev
	}
	return nil
}

func (p parser) disable(n *yaml.Node, c *Config) error {
	if n.Kind != yaml.SequenceNode {
		return p.err(n, "disable: expected a list of rule IDs")
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

func (p parser) suppress(n *yaml.Node, c *Config) error {
	if n.Kind != yaml.SequenceNode {
		return p.err(n, "suppress: expected a list of suppressions, each with rule and reason")
	}
	for _, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			return p.err(item, "a suppression is a mapping with rule, reason and optionally files and path")
		}
		s := Suppression{Pos: lint.Pos{File: p.name, Line: item.Line, Col: item.Column}}
		for i := 0; i+1 < len(item.Content); i += 2 {
			key, val := item.Content[i], item.Content[i+1]
			switch key.Value {
			case "rule":
				id, err := p.rule(val)
				if err != nil {
					return err
				}
				s.Rule = id
			case "reason":
				s.Reason = strings.TrimSpace(val.Value)
			case "path":
				s.Path = strings.Trim(val.Value, "/")
			case "files", "file":
				globs := []*yaml.Node{val}
				if val.Kind == yaml.SequenceNode {
					globs = val.Content
				}
				for _, g := range globs {
					if g.Kind != yaml.ScalarNode || !doublestar.ValidatePattern(filepath.ToSlash(g.Value)) {
						return p.err(g, "files: %q is not a valid glob", g.Value)
					}
					s.Files = append(s.Files, filepath.ToSlash(g.Value))
				}
			default:
				return p.err(key, "unknown key %q in a suppression; expected rule, reason, files or path", key.Value)
			}
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

// Matches reports whether the suppression applies to a finding of its rule
// in file, inside the element at elementPath.
func (s Suppression) Matches(file, elementPath string) bool {
	if s.Path != "" && elementPath != s.Path && !strings.HasPrefix(elementPath, s.Path+"/") {
		return false
	}
	if len(s.Files) == 0 {
		return true
	}
	file = filepath.ToSlash(filepath.Clean(file))
	for _, g := range s.Files {
		target := file
		if !strings.Contains(g, "/") {
			target = path.Base(file)
		}
		if ok, _ := doublestar.Match(g, target); ok {
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
	Doc: "A suppression that matches nothing hides nothing today but may hide a new fault tomorrow, so it is reported " +
		"(info). An inline suppression without a reason is not applied and is reported as a warning; in the " +
		"configuration file it is an error that stops the run.",
}

// Rules lists the rule of this package: IN008.
func Rules() []*lint.Rule { return []*lint.Rule{unusedRule} }

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

// Apply applies the configuration c (which may be nil) and the inline
// suppressions of the files to findings: disabled rules and suppressed
// findings are dropped, severities overridden, and an IN008 finding added
// for each suppression that matched nothing or lacks a reason. places
// holds each file's [input.Places] by file name (element paths are needed
// when c.NeedsElements). The result is sorted.
func Apply(c *Config, places map[string]*input.Places, findings []lint.Finding) []lint.Finding {
	if c == nil {
		c = &Config{}
	}
	type inline struct {
		input.Ignore
		used bool
	}
	var inlines []*inline
	names := make([]string, 0, len(places))
	for name := range places {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		for _, ig := range places[name].Ignores {
			inlines = append(inlines, &inline{Ignore: ig})
		}
	}
	used := make([]bool, len(c.Suppress))
	var out []lint.Finding
	rep := lint.NewReporter(unusedRule, &out)
	for _, f := range findings {
		id := f.Rule.ID
		if c.Disabled[id] {
			continue
		}
		suppressed := false
		for _, ig := range inlines {
			if ig.Reason != "" && slices.Contains(ig.Rules, id) && ig.Pos.File == f.Pos.File && ig.Covers(f.Pos) {
				ig.used, suppressed = true, true
			}
		}
		for i, s := range c.Suppress {
			if s.Rule != id {
				continue
			}
			elementPath := ""
			if pl := places[f.Pos.File]; s.Path != "" && pl != nil {
				elementPath = pl.ElementPath(f.Pos)
			}
			if s.Matches(f.Pos.File, elementPath) {
				used[i], suppressed = true, true
			}
		}
		if suppressed {
			continue
		}
		if sev, ok := c.Severity[id]; ok {
			f.Severity = sev
		}
		out = append(out, f)
	}
	for i, s := range c.Suppress {
		if !used[i] {
			rep.Reportf(s.Pos, "the suppression of %s (%s) matches no finding; expected it to match one, or to be removed", s.Rule, s.Reason)
		}
	}
	for _, ig := range inlines {
		switch {
		case ig.Reason == "":
			rep.Report(lint.Finding{Pos: ig.Pos, Severity: lint.Warning,
				Message: fmt.Sprintf("the inline suppression of %s has no reason, so it is not applied; expected <!-- %s %s why the risk is accepted -->", strings.Join(ig.Rules, ","), input.IgnorePrefix, strings.Join(ig.Rules, ","))})
		case !ig.used:
			rep.Reportf(ig.Pos, "the inline suppression of %s matches no finding in the element that follows it; expected it to match one, or to be removed", strings.Join(ig.Rules, ","))
		}
	}
	lint.Sort(out)
	return out
}
