package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"
)

// shells are the shells `aovpnlint completion` writes a script for.
var shells = []string{"bash", "zsh", "fish", "powershell"}

func completionCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print the completion script of a shell: bash, zsh, fish or powershell",
		ArgsUsage: strings.Join(shells, "|"),
		Description: `Prints a script that completes aovpnlint's commands, flags, the values of flags that
take one of a few words (--format, --fail-on...) and file names where a command or flag
takes files. It is written from the command definitions, so it always matches this
version. Install it once:

   bash        aovpnlint completion bash > /etc/bash_completion.d/aovpnlint
               (or in ~/.bashrc: source <(aovpnlint completion bash))
   zsh         aovpnlint completion zsh > "${fpath[1]}/_aovpnlint"   (then compinit)
   fish        aovpnlint completion fish > ~/.config/fish/completions/aovpnlint.fish
   PowerShell  aovpnlint completion powershell | Out-String | Invoke-Expression
               (add that line to $PROFILE to keep it)

EXAMPLES:
   aovpnlint completion bash > /etc/bash_completion.d/aovpnlint
   aovpnlint completion powershell >> $PROFILE

EXIT CODES:
   0  the script was printed
   2  bad usage: no shell, or one aovpnlint has no script for`,
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("completion needs one shell: %s", orList(shells, "or"))
			}
			shell := c.Args().First()
			if strings.EqualFold(shell, "pwsh") {
				shell = "powershell"
			}
			shell, err := chooseValue("completion", shell, shells)
			if err != nil {
				return usagef("completion %s: expected %s", quoteArg(c.Args().First()), orList(shells, "or"))
			}
			return writeCompletion(e.stdout, shell, completionSpecs(c.App))
		},
	}
}

// compCmd is what a completion script needs of a command: its path
// ("" for aovpnlint itself, "cert show"), its subcommands, its flags and
// what its operands are.
type compCmd struct {
	path  string
	usage string
	subs  []compSub
	flags []compFlag
	// files says the operands are files; words, that they are one of
	// these words (completion bash|zsh|...).
	files bool
	words []string
}

type compSub struct{ name, usage string }

// compFlag is a flag: its names without dashes, a short description, and
// its value: a switch takes none; a file; one of choices; or anything.
type compFlag struct {
	names   []string
	usage   string
	takes   bool
	file    bool
	choices []string
	repeat  bool
}

// completionSpecs reads the command definitions of app.
func completionSpecs(app *cli.App) []compCmd {
	root := compCmd{flags: []compFlag{
		{names: []string{"help", "h"}, usage: "show the help"},
		{names: []string{"version", "v"}, usage: "print the version"},
	}}
	for _, c := range app.Commands {
		if !c.Hidden {
			root.subs = append(root.subs, compSub{c.Name, shortUsage(c.Usage)})
		}
	}
	root.subs = append(root.subs, compSub{"help", "show the help of a command"})
	specs := []compCmd{root}
	var names []string
	for _, s := range root.subs {
		names = append(names, s.name)
	}
	specs = append(specs, compCmd{path: "help", usage: "show the help of a command", words: names[:len(names)-1]})
	walkCommands(app.Commands, func(path string, c *cli.Command) {
		if c.Hidden {
			return
		}
		cc := compCmd{path: path, usage: shortUsage(c.Usage)}
		for _, s := range c.Subcommands {
			if !s.Hidden {
				cc.subs = append(cc.subs, compSub{s.Name, shortUsage(s.Usage)})
			}
		}
		for _, f := range c.Flags {
			if v, ok := f.(cli.VisibleFlag); ok && !v.IsVisible() {
				continue
			}
			cf := compFlag{names: flagNames(f), usage: shortUsage(flagUsage(f)), file: takesFile(f)}
			inner := unwrapFlag(f)
			_, isBool := inner.(*cli.BoolFlag)
			cf.takes = !isBool
			if ch, ok := inner.(*choiceFlag); ok {
				cf.choices = ch.values
			}
			_, cf.repeat = inner.(*cli.StringSliceFlag)
			cc.flags = append(cc.flags, cf)
		}
		cc.flags = append(cc.flags, compFlag{names: []string{"help", "h"}, usage: "show the help"})
		args := c.ArgsUsage
		switch {
		case strings.Contains(args, "FILE") || strings.Contains(args, "FOLDER"):
			cc.files = true
		case args != "" && strings.ToLower(args) == args:
			cc.words = strings.Split(args, "|")
		}
		specs = append(specs, cc)
	})
	return specs
}

// shortUsage is the start of a usage, up to its first clause, for the
// descriptions completion menus show.
func shortUsage(u string) string {
	for _, sep := range []string{"; ", " (", ": "} {
		if i := strings.Index(u, sep); i > 0 {
			u = u[:i]
		}
	}
	if len(u) > 70 {
		u = u[:67] + "..."
	}
	return u
}

// dashedAll is every name of a flag as typed.
func (f compFlag) dashedAll() []string {
	var out []string
	for _, n := range f.names {
		out = append(out, dashed(n))
	}
	return out
}

// writeCompletion writes the script of shell.
func writeCompletion(w io.Writer, shell string, specs []compCmd) error {
	var s string
	switch shell {
	case "bash":
		s = bashCompletion(specs)
	case "zsh":
		s = zshCompletion(specs)
	case "fish":
		s = fishCompletion(specs)
	case "powershell":
		s = powershellCompletion(specs)
	}
	_, err := io.WriteString(w, s)
	return err
}

// transitions are the case patterns "path:word" that go from a command
// path to a subcommand's, for bash and fish.
func transitions(specs []compCmd) []string {
	var out []string
	for _, c := range specs {
		for _, s := range c.subs {
			if s.name != "help" || c.path != "" {
				out = append(out, c.path+":"+s.name)
			}
		}
	}
	out = append(out, ":help")
	return out
}

// valueFlags are the case patterns "path:--flag" of the flags that take
// a value, for bash and fish.
func valueFlags(specs []compCmd) []string {
	var out []string
	for _, c := range specs {
		for _, f := range c.flags {
			if f.takes {
				for _, n := range f.dashedAll() {
					out = append(out, c.path+":"+n)
				}
			}
		}
	}
	return out
}

// shQuote quotes s for bash, zsh and fish: single quotes, each inner one
// written as '\”.
func shQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// caseAlternatives is a bash case pattern matching any of words.
func caseAlternatives(words []string) string {
	var out []string
	for _, w := range words {
		out = append(out, shQuote(w))
	}
	return strings.Join(out, "|")
}

// shQuoteAll quotes each of words.
func shQuoteAll(words []string) string {
	var out []string
	for _, w := range words {
		out = append(out, shQuote(w))
	}
	return strings.Join(out, " ")
}

const completionHeader = "%s completion for aovpnlint, written by `aovpnlint completion %s` from its command\n%s definitions; see `aovpnlint help completion` to install it.\n"

func bashCompletion(specs []compCmd) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# "+completionHeader, "bash", "bash", "#")
	b.WriteString(`
_aovpnlint() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	if [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
		prev=${COMP_WORDS[COMP_CWORD-2]}
	fi
	[[ $cur == = ]] && cur=
	# The command path: the words that name commands, flags and their
	# values left out.
	local path= w i skip=0
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if ((skip)); then
			skip=0
			continue
		fi
		[[ $w == = ]] && continue
		case "$path:$w" in
		*:--) break ;;
`)
	fmt.Fprintf(&b, "\t\t%s) [[ ${COMP_WORDS[i+1]} == = ]] || skip=1 ;;\n", caseAlternatives(valueFlags(specs)))
	fmt.Fprintf(&b, "\t\t%s) path=${path:+$path }$w ;;\n", caseAlternatives(transitions(specs)))
	b.WriteString("\t\tesac\n\tdone\n")
	// The value of the flag before the word.
	b.WriteString("\tcase \"$path:$prev\" in\n")
	for _, c := range specs {
		for _, f := range c.flags {
			if !f.takes {
				continue
			}
			var pats []string
			for _, n := range f.dashedAll() {
				pats = append(pats, shQuote(c.path+":"+n))
			}
			fmt.Fprintf(&b, "\t%s)\n", strings.Join(pats, "|"))
			switch {
			case len(f.choices) > 0:
				fmt.Fprintf(&b, "\t\tmapfile -t COMPREPLY < <(compgen -W %s -- \"$cur\")\n", shQuote(strings.Join(f.choices, " ")))
			case f.file:
				b.WriteString("\t\tcompopt -o filenames 2>/dev/null\n\t\tmapfile -t COMPREPLY < <(compgen -f -- \"$cur\")\n")
			default:
				b.WriteString("\t\tCOMPREPLY=()\n")
			}
			b.WriteString("\t\treturn ;;\n")
		}
	}
	b.WriteString("\tesac\n")
	// Flags, subcommands and operands.
	b.WriteString("\tlocal flags= words= files=0\n\tcase \"$path\" in\n")
	for _, c := range specs {
		var flags, words []string
		for _, f := range c.flags {
			flags = append(flags, f.dashedAll()...)
		}
		for _, s := range c.subs {
			words = append(words, s.name)
		}
		words = append(words, c.words...)
		fmt.Fprintf(&b, "\t%s)\n\t\tflags=%s\n", shQuote(c.path), shQuote(strings.Join(flags, " ")))
		if len(words) > 0 {
			fmt.Fprintf(&b, "\t\twords=%s\n", shQuote(strings.Join(words, " ")))
		}
		if c.files {
			b.WriteString("\t\tfiles=1\n")
		}
		b.WriteString("\t\t;;\n")
	}
	b.WriteString(`	esac
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$flags" -- "$cur")
		return
	fi
	COMPREPLY=()
	[[ -n $words ]] && mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
	if ((files)); then
		compopt -o filenames 2>/dev/null
		mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
	fi
}
complete -F _aovpnlint aovpnlint
`)
	return b.String()
}

// zshEscape escapes text for the description brackets of a zsh
// _arguments specification inside single quotes.
func zshEscape(s string) string {
	s = strings.NewReplacer("[", `\[`, "]", `\]`, ":", `\:`).Replace(s)
	return strings.ReplaceAll(s, "'", `'\''`)
}

// zshFunc is the name of the zsh function of a command path.
func zshFunc(path string) string {
	if path == "" {
		return "_aovpnlint"
	}
	return "_aovpnlint_" + strings.NewReplacer(" ", "_", "-", "_").Replace(path)
}

func zshCompletion(specs []compCmd) string {
	var b strings.Builder
	b.WriteString("#compdef aovpnlint\n")
	fmt.Fprintf(&b, "# "+completionHeader, "zsh", "zsh", "#")
	for _, c := range specs {
		fmt.Fprintf(&b, "\n%s() {\n", zshFunc(c.path))
		if c.path == "help" {
			fmt.Fprintf(&b, "\t_values 'command' %s\n}\n", shQuoteAll(c.words))
			continue
		}
		b.WriteString("\tlocal curcontext=\"$curcontext\" state line\n\ttypeset -A opt_args\n\t_arguments -s -C")
		for _, f := range c.flags {
			dashedNames := f.dashedAll()
			var forms []string
			for _, n := range dashedNames {
				switch {
				case !f.takes:
					forms = append(forms, n)
				case len(n) == 2:
					forms = append(forms, n+"+")
				default:
					forms = append(forms, n+"=")
				}
			}
			action := ""
			switch {
			case !f.takes:
			case len(f.choices) > 0:
				action = ":" + f.names[0] + ":(" + strings.Join(f.choices, " ") + ")"
			case f.file:
				action = ":file:_files"
			default:
				action = ":" + f.names[0] + ": "
			}
			desc := "[" + zshEscape(f.usage) + "]" + action
			prefix := ""
			if f.repeat {
				prefix = "*"
			} else if len(dashedNames) > 1 {
				prefix = "(" + strings.Join(dashedNames, " ") + ")"
			}
			if len(forms) == 1 {
				fmt.Fprintf(&b, " \\\n\t\t'%s%s%s'", prefix, forms[0], desc)
			} else {
				fmt.Fprintf(&b, " \\\n\t\t'%s'{%s}'%s'", prefix, strings.Join(forms, ","), desc)
			}
		}
		switch {
		case len(c.subs) > 0:
			b.WriteString(" \\\n\t\t'1: :->command' \\\n\t\t'*:: :->args' && return\n")
			b.WriteString("\tcase $state in\n\tcommand)\n\t\tlocal -a commands\n\t\tcommands=(")
			for _, s := range c.subs {
				fmt.Fprintf(&b, "\n\t\t\t'%s:%s'", s.name, zshEscape(s.usage))
			}
			b.WriteString("\n\t\t)\n")
			if c.files {
				b.WriteString("\t\t_alternative 'commands:command:{_describe command commands}' 'files:file:_files' ;;\n")
			} else {
				b.WriteString("\t\t_describe command commands ;;\n")
			}
			b.WriteString("\targs)\n\t\tcase $line[1] in\n")
			for _, s := range c.subs {
				sub := strings.TrimSpace(c.path + " " + s.name)
				fmt.Fprintf(&b, "\t\t%s) %s ;;\n", s.name, zshFunc(sub))
			}
			if c.files {
				b.WriteString("\t\t*) _files ;;\n")
			}
			b.WriteString("\t\tesac ;;\n\tesac\n}\n")
		case c.files:
			b.WriteString(" \\\n\t\t'*:file:_files'\n}\n")
		case len(c.words) > 0:
			fmt.Fprintf(&b, " \\\n\t\t'1:%s:(%s)'\n}\n", c.path, strings.Join(c.words, " "))
		default:
			b.WriteString("\n}\n")
		}
	}
	b.WriteString("\nif [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n\t_aovpnlint \"$@\"\nelse\n\tcompdef _aovpnlint aovpnlint\nfi\n")
	return b.String()
}

func fishCompletion(specs []compCmd) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# "+completionHeader, "fish", "fish", "#")
	b.WriteString(`
# The command path of the command line: the words that name commands,
# flags and their values left out.
function __aovpnlint_path
	set -l words (commandline -opc)
	set -e words[1]
	set -l path ''
	set -l skip 0
	for w in $words
		if test $skip -eq 1
			set skip 0
			continue
		end
		switch "$path:$w"
		case '*:--'
			break
`)
	fmt.Fprintf(&b, "\t\tcase %s\n\t\t\tset skip 1\n", shQuoteAll(valueFlags(specs)))
	fmt.Fprintf(&b, "\t\tcase %s\n\t\t\tset path (string trim -- \"$path $w\")\n", shQuoteAll(transitions(specs)))
	b.WriteString(`		end
	end
	echo $path
end

function __aovpnlint_is
	set -l p (__aovpnlint_path)
	test "$p" = "$argv"
end

complete -c aovpnlint -f
`)
	for _, c := range specs {
		cond := "__aovpnlint_is " + c.path
		if c.path == "" {
			cond = "__aovpnlint_is"
		}
		for _, s := range c.subs {
			fmt.Fprintf(&b, "complete -c aovpnlint -n %s -a %s -d %s\n", shQuote(cond), shQuote(s.name), shQuote(s.usage))
		}
		for _, w := range c.words {
			fmt.Fprintf(&b, "complete -c aovpnlint -n %s -a %s\n", shQuote(cond), shQuote(w))
		}
		if c.files {
			fmt.Fprintf(&b, "complete -c aovpnlint -n %s -F\n", shQuote(cond))
		}
		for _, f := range c.flags {
			var opts []string
			for _, n := range f.names {
				if len(n) == 1 {
					opts = append(opts, "-s "+n)
				} else {
					opts = append(opts, "-l "+n)
				}
			}
			switch {
			case !f.takes:
			case len(f.choices) > 0:
				opts = append(opts, "-x -a "+shQuote(strings.Join(f.choices, " ")))
			case f.file:
				opts = append(opts, "-r -F")
			default:
				opts = append(opts, "-x")
			}
			fmt.Fprintf(&b, "complete -c aovpnlint -n %s %s -d %s\n", shQuote(cond), strings.Join(opts, " "), shQuote(f.usage))
		}
	}
	return b.String()
}

// psQuote quotes s for PowerShell: single quotes, each inner one doubled.
func psQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// psArray is a PowerShell array of the quoted words.
func psArray(words []string) string {
	var q []string
	for _, w := range words {
		q = append(q, psQuote(w))
	}
	return "@(" + strings.Join(q, ", ") + ")"
}

func powershellCompletion(specs []compCmd) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# "+completionHeader, "PowerShell", "powershell", "#")
	b.WriteString(`
Register-ArgumentCompleter -Native -CommandName 'aovpnlint', 'aovpnlint.exe' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
`)
	b.WriteString("    # For each command path: its subcommands and operand words, its flags.\n    $words = @{\n")
	for _, c := range specs {
		var words []string
		for _, s := range c.subs {
			words = append(words, s.name)
		}
		words = append(words, c.words...)
		fmt.Fprintf(&b, "        %s = %s\n", psQuote(c.path), psArray(words))
	}
	b.WriteString("    }\n    $flags = @{\n")
	for _, c := range specs {
		var flags []string
		for _, f := range c.flags {
			flags = append(flags, f.dashedAll()...)
		}
		fmt.Fprintf(&b, "        %s = %s\n", psQuote(c.path), psArray(flags))
	}
	b.WriteString("    }\n    # The flags that take a value, by 'path:--flag': the values, or @() for a file or any value.\n    $values = @{\n")
	for _, c := range specs {
		for _, f := range c.flags {
			if f.takes {
				for _, n := range f.dashedAll() {
					fmt.Fprintf(&b, "        %s = %s\n", psQuote(c.path+":"+n), psArray(f.choices))
				}
			}
		}
	}
	b.WriteString("    }\n    $subcommands = " + psArray(transitions(specs)) + "\n")
	b.WriteString(`    $path = ''
    $prev = ''
    $skip = $false
    $elements = @($commandAst.CommandElements | Where-Object { $_.Extent.EndOffset -lt $cursorPosition })
    for ($i = 1; $i -lt $elements.Count; $i++) {
        $w = $elements[$i].Extent.Text
        $prev = $w
        if ($skip) { $skip = $false; continue }
        if ($w -eq '--') { break }
        if ($values.ContainsKey("${path}:$w")) { $skip = $true; continue }
        if ($subcommands -contains "${path}:$w") { $path = ("$path $w").Trim() }
    }
    $candidates = @()
    if ($skip) {
        # The value of the flag before the word: its choices, or files.
        $candidates = $values["${path}:$prev"]
        if ($candidates.Count -eq 0) { return }
    } elseif ($wordToComplete -like '-*') {
        $candidates = $flags[$path]
    } else {
        $candidates = $words[$path]
    }
    $candidates | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
    }
}
`)
	return b.String()
}
