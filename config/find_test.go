package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/config"
	"github.com/aovpnlint/aovpnlint/internal/linttest"
)

// TestFind looks for .aovpnlint.yaml from a folder up to the root of
// its repository (a .git folder or file, as a worktree has), the nearest
// first, and outside a repository in the folder alone.
func TestFind(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	touch := func(name string) {
		if err := os.WriteFile(name, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	find := func(dir string) string {
		t.Helper()
		got, err := config.Find(dir)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	touch(filepath.Join(root, config.DefaultName))
	if got := find(sub); got != "" {
		t.Errorf("outside a repository, Find(%s) = %s; want only the folder itself looked in", sub, got)
	}
	touch(filepath.Join(root, ".git")) // a worktree's .git is a file
	if got, want := find(sub), filepath.Join(root, config.DefaultName); got != want {
		t.Errorf("Find(%s) = %q, want the repository root's %s", sub, got, want)
	}
	touch(filepath.Join(root, "a", config.DefaultName))
	if got, want := find(sub), filepath.Join(root, "a", config.DefaultName); got != want {
		t.Errorf("Find(%s) = %q, want the nearest, %s", sub, got, want)
	}
	// The repository's root stops the search: a file above it is not read.
	inner := filepath.Join(sub, "repo")
	if err := os.MkdirAll(filepath.Join(inner, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := find(inner); got != "" {
		t.Errorf("Find(%s) = %q, want none: the files above the repository's root do not apply", inner, got)
	}
	if _, err := config.Find("relative/dir"); err == nil {
		t.Error("Find of a relative folder: no error")
	}
}

// TestSetBase: the globs of a configuration found above the working
// directory match the files' paths from its folder. Without SetBase the
// same suppression matches nothing (IN008).
func TestSetBase(t *testing.T) {
	c, err := config.Parse(".aovpnlint.yaml", []byte("suppress:\n  - rule: VPN006\n    files: [\"vpn/user/*.xml\"]\n    reason: checked by hand\n"), aovpnlint.Rules())
	if err != nil {
		t.Fatal(err)
	}
	profile := []byte("<VPNProfile>\n  <AlwaysOn>True</AlwaysOn>\n  <NativeProfile><Servers>vpn.example.com</Servers></NativeProfile>\n</VPNProfile>\n")
	rules := func(c *config.Config) string {
		fs, err := aovpnlint.Lint([]aovpnlint.File{{Name: "tunnel.xml", Data: profile}}, aovpnlint.Options{Now: linttest.At, Config: c})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, f := range fs {
			ids = append(ids, f.Rule.ID)
		}
		return strings.Join(ids, " ")
	}
	if got := rules(c); !strings.Contains(got, "VPN006") || !strings.Contains(got, "IN008") {
		t.Fatalf("without a base: %s; want VPN006 and the unused suppression", got)
	}
	root := t.TempDir()
	c.SetBase(root, filepath.Join(root, "vpn", "user"))
	if got := rules(c); strings.Contains(got, "VPN006") || strings.Contains(got, "IN008") {
		t.Errorf("with the base two folders up: %s; want VPN006 suppressed", got)
	}
}
