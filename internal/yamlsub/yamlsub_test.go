package yamlsub

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/aovpnlint/aovpnlint/internal/fuzzlimit"
	"go.yaml.in/yaml/v3"
)

// readV3 reads data with go.yaml.in/yaml/v3, the library this package
// stands in for: the root of its one document (nil when there is none),
// or an error, a panic included. ok is false when the document uses a
// part of YAML outside this package's subset (anchors, aliases, tags,
// merge keys), which this package must refuse.
func readV3(data []byte) (root *Node, ok bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			root, ok, err = nil, false, fmt.Errorf("panic: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, true, nil
		}
		return nil, false, err
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		return nil, false, fmt.Errorf("a second document, or %v", err)
	}
	if len(doc.Content) == 0 {
		return nil, true, nil
	}
	root, ok = fromV3(doc.Content[0])
	return root, ok, nil
}

// fromV3 converts yaml.v3's node; ok is false for a part of YAML outside
// the subset.
func fromV3(n *yaml.Node) (_ *Node, ok bool) {
	if n.Anchor != "" || n.Kind == yaml.AliasNode || n.Style&yaml.TaggedStyle != 0 || n.Tag == "!!merge" {
		return nil, false
	}
	out := &Node{Value: n.Value, Line: n.Line, Col: n.Column}
	switch n.Kind {
	case yaml.ScalarNode:
		out.Kind = Scalar
		out.Plain = n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0
		if out.Null() != (n.Tag == "!!null") {
			panic(fmt.Sprintf("yaml.v3 tags %q %s; Null says %v", n.Value, n.Tag, out.Null()))
		}
	case yaml.SequenceNode:
		out.Kind = Sequence
		out.Value = ""
	case yaml.MappingNode:
		out.Kind = Mapping
		out.Value = ""
	default:
		return nil, false
	}
	for _, c := range n.Content {
		cc, ok := fromV3(c)
		if !ok {
			return nil, false
		}
		out.Content = append(out.Content, cc)
	}
	return out, true
}

// dump writes a tree one node per line, for comparisons and messages.
func dump(n *Node) string {
	if n == nil {
		return "no document\n"
	}
	var b strings.Builder
	var walk func(n *Node, depth int)
	walk = func(n *Node, depth int) {
		kind := map[Kind]string{Scalar: "scalar", Sequence: "seq", Mapping: "map"}[n.Kind]
		fmt.Fprintf(&b, "%s%d:%d %s", strings.Repeat("  ", depth), n.Line, n.Col, kind)
		if n.Kind == Scalar {
			fmt.Fprintf(&b, " %q plain=%v", n.Value, n.Plain)
		}
		b.WriteByte('\n')
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

// compare fails t when Parse accepts data and yaml.v3 reads it another
// way, or refuses it: what Parse accepts, it reads as yaml.v3 does. It
// returns whether Parse accepted data.
func compare(t *testing.T, data []byte) bool {
	t.Helper()
	got, err := Parse(data)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) || e.Line < 1 || e.Col < 1 {
			t.Errorf("%q: error %v is not an *Error with a position", data, err)
		}
		return false
	}
	want, ok, v3err := readV3(data)
	switch {
	case v3err != nil:
		t.Errorf("%q: accepted as\n%s\nyaml.v3 refuses it: %v", data, dump(got), v3err)
	case !ok:
		t.Errorf("%q: accepted as\n%s\nyaml.v3 reads anchors, aliases, tags or merge keys in it", data, dump(got))
	case dump(got) != dump(want):
		t.Errorf("%q: read as\n%s\nyaml.v3 reads\n%s", data, dump(got), dump(want))
	}
	return true
}

// accepted are the forms a configuration takes: each must be read, and
// read as yaml.v3 reads it.
var accepted = []string{
	"",
	"# nothing\n",
	"---\n",
	"---\n...\n",
	"--- # the configuration\ndisable: []\n...\n",
	"disable: [VPN012, VPN061]\n",
	"disable:\n  - VPN012\n  - VPN061 # why\n",
	"disable:\n- VPN012\n- VPN061\nseverity: {VPN012: error}\n",
	"severity: {VPN012: \"error\", VPN061: off}\n",
	"severity:\n  VPN012: error\n  VPN061: off\n",
	"severity: {}\ndisable: []\nsuppress: []\n",
	"suppress:\n  - {rule: VPN024, reason: 'lab', file: vpn.xml}\n  - rule: \"VPN023\"\n    reason: 2027\n    files:\n      - \"profiles/**/*.xml\"\n      - '{user,device}-*.xml'\n    path: /VPNProfile/Route/\n",
	"suppress:\n  - rule: VPN021\n    reason: >\n      folded onto\n      one line\n    path: VPNProfile/NativeProfile/Ä_b-c.d\n",
	"suppress:\n- rule: VPN024\n  reason: the lab network 192.168.0.0/16\n    is routed on purpose\n  files: [\"profiles/*.xml\"]\n",
	"suppress:\n  - rule: VPN024\n    reason: |\n      one line\n    files:\n      [\n        a.xml,\n        \"b c.xml\",\n      ]\n",
	"suppress:\n  - rule: VPN024\n    reason: |-\n      kept\n\n      apart\n  - rule: VPN025\n    reason: >+\n      a\n       b\n\n      c\n\n\n",
	"suppress:\n  - rule: VPN024\n    reason:\n      on the next line\n",
	"suppress:\n  -\n    rule: VPN024\n    reason: 'it''s \"quoted\"'\n",
	"suppress:\n  - rule: VPN024\n    reason: \"escapes \\t \\\" \\\\ \\x41 \\u00e9 \\U0001F600 \\N \\_ \\e\"\n",
	"severity:\n  VPN012:\n  VPN013: ~\n  VPN014: null\n",
	"disable: [a, 'b', \"c\", -d, e f, g:h, i#j]\n",
	"reason: a:b #c\nother: -1 # x\nthird: ?x\nfourth: :y\n",
	"a: x\n  # a comment between\nb: y\n",
	"- a\n- b\n-\n- - c\n  - d\n- e: f\n  g: h\n",
	"top level text\n  continued\n",
	"'quoted top'\n",
	"[a, [b, {c: d}], {}]\n",
	"{a: b, c: , d: [e]}\n",
	"\ufeffdisable: [VPN012]\r\nsuppress: []\r\n",
	"k: \"tab\tin quotes\"\nl: |\n  tab\tin block\n",
	"a: |\n\n  after a blank line\n  \n",
	"a: >\n  one\n\n  two\n    more\n  three\n",
	"a: b\n\n\n# trailing comment\n",
	"\"quoted key\": v\n'single': w\n",
	"a:\n  b:\n    c: [d]\n",
	"a: x\n\n  y\n",
	"a: b\n:c: d\n",
	// the example of config's package documentation
	"severity:\n  VPN012: error        # error, warning, info, or off (same as disable)\ndisable:\n  - VPN026\nsuppress:\n  - rule: VPN024\n    files: [\"profiles/*.xml\"]   # globs; ** crosses folders; a pattern without / matches the base name\n    path: VPNProfile/Route      # optional: only inside this element (a prefix of the element path)\n    reason: the lab network 192.168.0.0/16 is routed on purpose\n",
}

func TestParseReadsAsYAMLv3(t *testing.T) {
	for _, text := range accepted {
		if !compare(t, []byte(text)) {
			_, err := Parse([]byte(text))
			t.Errorf("%q: refused: %v; want it read", text, err)
		}
	}
}

// TestREADMEConfigReadsAsYAMLv3 compares the configuration example of
// the README with yaml.v3's reading.
func TestREADMEConfigReadsAsYAMLv3(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(data), "```yaml\nseverity:")
	if !ok {
		t.Fatal("README.md has no configuration example")
	}
	block, _, _ = strings.Cut(block, "```")
	if !compare(t, []byte("severity:"+block)) {
		t.Errorf("the README's configuration example is refused")
	}
}

// TestParseUTF16 checks that a configuration saved by Windows PowerShell
// (UTF-16 with a byte order mark) reads as its UTF-8 text.
func TestParseUTF16(t *testing.T) {
	text := "disable: [VPN012]\r\nsuppress:\r\n  - rule: VPN024 # é\r\n    reason: lab 😀\r\n"
	want, err := Parse([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	units := utf16.Encode([]rune(text))
	le, be := []byte{0xFF, 0xFE}, []byte{0xFE, 0xFF}
	for _, u := range units {
		le = append(le, byte(u), byte(u>>8))
		be = append(be, byte(u>>8), byte(u))
	}
	for name, data := range map[string][]byte{"LE": le, "BE": be} {
		got, err := Parse(data)
		if err != nil || dump(got) != dump(want) {
			t.Errorf("UTF-16 %s: %v\n%s\nwant\n%s", name, err, dump(got), dump(want))
		}
		compare(t, data)
	}
	if _, err := Parse(le[:len(le)-1]); err == nil {
		t.Errorf("UTF-16 with an odd number of bytes: no error")
	}
	if _, err := Parse(append([]byte{0xFF, 0xFE}, 0x00, 0xD8, 'a', 0)); err == nil {
		t.Errorf("UTF-16 with half a surrogate pair: no error")
	}
}

// TestParseRefuses checks that the parts of YAML outside the subset, and
// mistakes, are errors at their line and column.
func TestParseRefuses(t *testing.T) {
	cases := []struct{ text, want string }{
		{"a: &x b\n", "1:4: expected every value written out, found an anchor (&x)"},
		{"a: *x\n", "1:4: expected every value written out, found an alias (*x)"},
		{"a: [*x]\n", "1:5: expected every value written out, found an alias (*x)"},
		{"a: !!binary QQ==\n", `1:4: expected a plain value, found one tagged "!!binary"`},
		{"a: {<<: {b: c}}\n", "1:5: expected every key written out, found a merge key (<<)"},
		{"a: 1\n<<: {b: c}\n", "2:1: expected every key written out, found a merge key (<<)"},
		{"? a\n: b\n", "1:1: explicit keys (? key) are not supported"},
		{"%YAML 1.2\n---\na: b\n", "1:1: directives (%YAML, %TAG) are not supported"},
		{"a: \"two\n  lines\"\n", "1:4: quoted text that does not end on its line"},
		{"a: b\n---\nc: d\n", "2:1: " + SecondDocument},
		{"a: b\n...\nc: d\n", "3:1: " + SecondDocument},
		{"a:\tb\n", "1:3: a tab character"},
		{"a: b\tc\n", "1:5: a tab character"},
		{"a: b\n  c: d\n", "2:4: not valid YAML: a key: value inside text"},
		{"a: b: c\n", "1:4: not valid YAML: a key: value after a key on the same line"},
		{"a:\n  - b\n  c: d\n", "3:3: not valid YAML: this line is indented more than the key above it"},
		{"a: [b\n", "2:1: not valid YAML: the file ends inside [ ] or { }"},
		{"a: [b: c]\n", "1:6: a key: value inside [ ] is not supported"},
		{"a: [b\n  c]\n", "2:3: not valid YAML: expected , or ]"},
		{"a: {b}\n", "1:6: expected : and a value after the key in { }"},
		{"a: \"\\/\"\n", `1:5: not valid YAML: an unknown escape \/`},
		{"a: \"\\uD800\"\n", "1:5: not valid YAML: an escape of U+D800"},
		{"a: \"\\U80000000\"\n", "1:5: not valid YAML: an escape of U+80000000"},
		{"a: |2\n   b\n", "1:5: an indentation indicator (2) is not supported"},
		{"a: b\x07\n", "1:5: not valid YAML: a control character (U+0007)"},
		{"a: b\rc: d\n", "1:5: a carriage return without a line feed"},
		{"a: b\u2028c\n", "1:5: a line break U+2028"},
		{"a: \xff\n", "1:4: not valid YAML: a byte that is not UTF-8"},
		{"a: [b]#c\n", "1:7: not valid YAML: a # right after a value"},
		{"a: @b\n", `1:4: not valid YAML: "@" cannot start a value`},
		{"[a]: b\n", "1:1: a list or a mapping as a key is not supported"},
		{"a: b\n{c: d}: e\n", "2:1: a list or a mapping as a key is not supported"},
		{"a: b\n? c\n", "2:1: explicit keys (? key) are not supported"},
		{"a: b\n[c]\n", `2:1: not valid YAML: expected a key (name: value) at the column of the keys above, found "["`},
		{"a: {b\n}\n", "1:6: expected : and a value after the key in { }, found the end of the line"},
		{"a: - b\n", "1:4: not valid YAML: a list item (- ) on the line of its key"},
		{"a: " + strings.Repeat("[", MaxDepth+1), fmt.Sprintf("1:%d: lists and mappings nest more than %d deep", 3+MaxDepth, MaxDepth)},
		{strings.Repeat("x", maxKey+1) + ": y\n", "1:1: a key of more than 1000 characters"},
		{"...\na: b\n", "1:1: a document end (...) before any document is not supported"},
		{"  a: b\nc: d\n", "2:1: not valid YAML: expected the end of the document"},
	}
	for _, tc := range cases {
		_, err := Parse([]byte(tc.text))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: error %v; want %s...", tc.text, err, tc.want)
		}
	}
}

// TestParseIsLinear checks that the work grows with the input, not faster:
// 20 times the input costs at most 40 times the allocations, and at most
// 100 times the time (the best of seven runs each, each after a
// collection, so that a loaded machine's pauses count less; a rescan of
// what was read, injected at each line's end, took 265 times, and 60 had
// failed once on a machine busy with CI).
func TestParseIsLinear(t *testing.T) {
	shapes := map[string]func(n int) string{
		"suppressions": func(n int) string {
			return "suppress:\n" + strings.Repeat("  - rule: VPN024\n    reason: lab\n    files: [a.xml, b.xml]\n", n)
		},
		"long line":  func(n int) string { return "a: " + strings.Repeat("word ", 20*n) + "\n" },
		"continued":  func(n int) string { return "a: x\n" + strings.Repeat("  more text\n", 10*n) },
		"block text": func(n int) string { return "a: >\n" + strings.Repeat("  more text\n\n", 10*n) },
		"flow lines": func(n int) string { return "a: [\n" + strings.Repeat("  b,\n", 10*n) + "]\n" },
		"nested line": func(n int) string {
			return strings.Repeat("- ", MaxDepth-1) + strings.Repeat("word ", 20*n) + "\n"
		},
	}
	for name, shape := range shapes {
		small, large := []byte(shape(100)), []byte(shape(2000))
		parse := func(data []byte) func() {
			return func() {
				if _, err := Parse(data); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
			}
		}
		if s, l := testing.AllocsPerRun(3, parse(small)), testing.AllocsPerRun(3, parse(large)); l > 40*s {
			t.Errorf("%s: %.0f allocations for %d bytes, %.0f for %d; want at most 40 times", name, s, len(small), l, len(large))
		}
		best := func(fn func()) time.Duration {
			d := time.Duration(math.MaxInt64)
			for range 7 {
				runtime.GC()
				start := time.Now()
				fn()
				d = min(d, time.Since(start))
			}
			return d
		}
		if s, l := best(parse(small)), best(parse(large)); l > 100*s {
			t.Errorf("%s: %v for %d bytes, %v for %d; want at most 100 times", name, s, len(small), l, len(large))
		}
	}
}

// FuzzParse checks on any input that Parse returns a tree or an *Error
// with a position, within internal/fuzzlimit's time bound for its size,
// never panics, and that what it accepts yaml.v3 reads the same way.
func FuzzParse(f *testing.F) {
	for _, text := range accepted {
		f.Add([]byte(text))
	}
	f.Add([]byte("a: &x b\nc: *x\n"))
	f.Add([]byte("a: \"two\n  lines\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzlimit.Run(t, len(data), func() { _, _ = Parse(data) })
		if len(data) <= 4096 { // yaml.v3 is the slower of the two
			compare(t, data)
		}
	})
}

// BenchmarkParse reads a configuration of the README's size, and 1 MiB
// lists, the largest configuration read (config.MaxBytes), in block and
// in flow form: with Parse, and with yaml.v3 (v3/), which it replaced.
func BenchmarkParse(b *testing.B) {
	const mib = 1 << 20
	inputs := []struct{ name, text string }{
		{"config", accepted[11] + accepted[12][len("suppress:\n"):]},
		{"1MiB-block-list", "suppress:\n" + strings.Repeat("  - a\n", mib/6)},
		{"1MiB-flow-list", "suppress: [" + strings.Repeat("a, ", mib/3) + "]\n"},
	}
	for _, in := range inputs {
		data := []byte(in.text)
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(data); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("v3/"+in.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := readV3(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
