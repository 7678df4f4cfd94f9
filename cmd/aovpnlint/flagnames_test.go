package main

import (
	"slices"
	"testing"
)

// TestFlagNamesListedOnce: once dispatch has prepared a command, asking
// any of its flags for its names allocates nothing (urfave/cli's own
// Names runs a regular expression and allocates on every call, and
// urfave/cli asks every flag for each flag before an action runs), and
// the names are the flag's.
func TestFlagNamesListedOnce(t *testing.T) {
	app := newApp(&env{})
	for _, name := range []string{"check", "cert"} {
		c := findCommand(app.Commands, name)
		namedFlags(c)
		for _, f := range c.Flags {
			if !slices.Equal(f.Names(), flagNames(f)) {
				t.Errorf("%s: Names %v, want %v", name, f.Names(), flagNames(f))
			}
			if n := testing.AllocsPerRun(20, func() { f.Names() }); n != 0 {
				t.Errorf("%s --%s: Names allocates %.0f times a call", name, flagNames(f)[0], n)
			}
		}
	}
}
