package main

import (
	"io"
	"slices"
	"strings"
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

// BenchmarkRunCheckOneProfile measures the command line around a check of
// one profile (argument handling, urfave/cli's parsing, the report), in
// process; -benchmem shows the allocations flag look-ups add.
func BenchmarkRunCheckOneProfile(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard,
			getenv: func(string) string { return "" }, terminal: func(io.Writer) bool { return false }, version: "x"}
		if code := run([]string{"aovpnlint", "check", "--fail-on", "none", "--format", "json", "fixtures/profiles/device-tunnel.xml"}, e); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
