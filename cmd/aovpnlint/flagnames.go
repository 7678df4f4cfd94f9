package main

import "github.com/urfave/cli/v2"

// urfave/cli's Names runs a regular expression on each name of a flag
// (FlagNames), and before a command's action it asks, for each name of
// each flag, whether the flag is set (runFlagActions → IsSet →
// lookupFlag), which asks every flag of the command for its names until
// one matches: for check's 28 flags, some 900 regular-expression runs,
// half of the allocations of a whole check of one profile. namedFlags
// gives every flag of the common kinds its names as a list made once;
// the flags keep every other method, so urfave/cli reads them as before.
// flagNames, unwrapFlag and the rest of this package see through them.

type (
	namedString struct {
		*cli.StringFlag
		names []string
	}
	namedBool struct {
		*cli.BoolFlag
		names []string
	}
	namedInt struct {
		*cli.IntFlag
		names []string
	}
	namedSlice struct {
		*cli.StringSliceFlag
		names []string
	}
)

func (f *namedString) Names() []string { return f.names }
func (f *namedBool) Names() []string   { return f.names }
func (f *namedInt) Names() []string    { return f.names }
func (f *namedSlice) Names() []string  { return f.names }

// Names returns the flag's name and aliases, listed once.
func (f *choiceFlag) Names() []string {
	if f.names == nil {
		f.names = append([]string{f.Name}, f.Aliases...)
	}
	return f.names
}

// namedFlags replaces the flags of c of the common kinds by the same
// flags with their names listed once; dispatch does it for the command
// it runs, just before urfave/cli parses its flags.
func namedFlags(c *cli.Command) {
	for i, f := range c.Flags {
		switch f := f.(type) {
		case *cli.StringFlag:
			c.Flags[i] = &namedString{f, append([]string{f.Name}, f.Aliases...)}
		case *cli.BoolFlag:
			c.Flags[i] = &namedBool{f, append([]string{f.Name}, f.Aliases...)}
		case *cli.IntFlag:
			c.Flags[i] = &namedInt{f, append([]string{f.Name}, f.Aliases...)}
		case *cli.StringSliceFlag:
			c.Flags[i] = &namedSlice{f, append([]string{f.Name}, f.Aliases...)}
		}
	}
}

// unwrapFlag returns the urfave/cli flag a named flag wraps, or f.
func unwrapFlag(f cli.Flag) cli.Flag {
	switch f := f.(type) {
	case *namedString:
		return f.StringFlag
	case *namedBool:
		return f.BoolFlag
	case *namedInt:
		return f.IntFlag
	case *namedSlice:
		return f.StringSliceFlag
	}
	return f
}
