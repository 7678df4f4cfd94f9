package srctext

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"unsafe"
)

func TestChainedPositions(t *testing.T) {
	root := New("f", []byte("line one\n  x = 'a''b<c>'\nend"))
	// Slice out the literal's content: a''b<c>
	start := bytes.IndexByte(root.Data, '\'') + 1
	end := bytes.LastIndexByte(root.Data, '\'')
	lit := root.Slice(start, end)
	if p := lit.Pos(0); p.Line != 2 || p.Col != 8 {
		t.Fatalf("slice start at %v, want 2:8", p)
	}
	// Decode '' to ' with a builder.
	var b Builder
	b.Copy(lit.Data[:1], 0)   // a
	b.Decoded([]byte("'"), 1) // '' -> '
	b.Copy(lit.Data[3:], 3)   // b<c>
	dec := b.Text(lit)
	if string(dec.Data) != "a'b<c>" {
		t.Fatalf("decoded %q", dec.Data)
	}
	for off, want := range map[int]int{0: 8, 1: 9, 2: 11, 3: 12, 5: 14} {
		if p := dec.Pos(off); p.Line != 2 || p.Col != want {
			t.Errorf("offset %d at %v, want 2:%d", off, p, want)
		}
	}
	// An inserted byte maps to the end of the run before it.
	var j Builder
	j.Copy([]byte("ab"), 0)
	j.Insert([]byte(" "))
	j.Copy([]byte("cd"), 9)
	joined := j.Text(root)
	if p := joined.Pos(2); p.Line != 1 || p.Col != 3 {
		t.Errorf("inserted byte at %v, want 1:3", p)
	}
	if p := joined.Pos(3); p.Line != 2 || p.Col != 1 {
		t.Errorf("after insert at %v, want 2:1", p)
	}
	// Opaque text: every offset maps to the value, Within says where.
	op := root.Opaque([]byte("<a>\n <b/>"), 9, "base64 value")
	p := op.Pos(5)
	if p.Line != 2 || p.Col != 1 || p.Within != "in the base64 value, line 2, column 2 of the decoded text" {
		t.Errorf("opaque position %+v", p)
	}
	if _, exact := op.Root(5); exact {
		t.Error("opaque Root reported exact")
	}
	// End of text is a valid offset.
	if p := root.Pos(len(root.Data)); p.Line != 3 || p.Col != 4 {
		t.Errorf("end of text at %v, want 3:4", p)
	}
}

// TestLineColMatchesNaive compares the checkpointed index with counting
// from the start, on text with short lines, long lines and CR LF.
func TestLineColMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	for b.Len() < 20000 {
		switch rng.IntN(10) {
		case 0:
			b.WriteString(strings.Repeat("x", rng.IntN(2000))) // a long line
		case 1:
			b.WriteString("\r\n")
		case 2, 3:
			b.WriteByte('\n')
		default:
			b.WriteString("abc ")
		}
	}
	// Texts that end at a checkpoint, just before and just after one, and
	// every offset around the checkpoints, the first and the last.
	for _, n := range []int{0, 1, checkpointEvery - 1, checkpointEvery, checkpointEvery + 1, 40 * checkpointEvery, b.Len()} {
		text := New("f", b.Bytes()[:n])
		offsets := []int{0, n}
		for k := 0; k <= n; k += checkpointEvery {
			offsets = append(offsets, max(0, k-1), k, min(n, k+1))
		}
		for i := 0; i < 3000; i++ {
			offsets = append(offsets, rng.IntN(n+1))
		}
		for _, off := range offsets {
			line := 1 + bytes.Count(text.Data[:off], []byte{'\n'})
			col := off - (bytes.LastIndexByte(text.Data[:off], '\n') + 1) + 1
			if l, c := text.LineCol(off); l != line || c != col {
				t.Fatalf("length %d, offset %d: %d:%d, want %d:%d", n, off, l, c, line, col)
			}
		}
	}
}

// TestQuote checks the one quoting function: text is shown escaped and
// cut, and text that overlaps a secret, whether the secret's tags are in
// the text itself or escaped in the text it was derived from, is not
// shown at all.
func TestQuote(t *testing.T) {
	root := New("f", []byte("<Data>&lt;L2tpPsk&gt;S3cret&amp;x&lt;/L2tpPsk&gt;&lt;Name&gt;a\x1bb&lt;/Name&gt;</Data>"))
	if q := root.Quote(0, 5); q != "<Data" {
		t.Errorf("plain quote %q", q)
	}
	at := bytes.Index(root.Data, []byte("S3cret"))
	if q := root.Quote(at, at+6); q != "text inside <L2tpPsk> not shown, it is a secret" {
		t.Errorf("secret in the escaped text quoted as %q", q)
	}
	// Unescape the content of Data as a parser would: the secret is found
	// in the unescaped text too.
	var b Builder
	content := root.Data[6 : len(root.Data)-7]
	for i := 0; i < len(content); {
		switch {
		case bytes.HasPrefix(content[i:], []byte("&lt;")):
			b.Decoded([]byte("<"), 6+i)
			i += 4
		case bytes.HasPrefix(content[i:], []byte("&gt;")):
			b.Decoded([]byte(">"), 6+i)
			i += 4
		case bytes.HasPrefix(content[i:], []byte("&amp;")):
			b.Decoded([]byte("&"), 6+i)
			i += 5
		default:
			b.Copy(content[i:i+1], 6+i)
			i++
		}
	}
	doc := b.Text(root)
	if string(doc.Data) != "<L2tpPsk>S3cret&x</L2tpPsk><Name>a\x1bb</Name>" {
		t.Fatalf("unescaped %q", doc.Data)
	}
	amp := bytes.IndexByte(doc.Data, '&')
	if q := doc.Quote(amp, amp+2); q != "text inside <L2tpPsk> not shown, it is a secret" {
		t.Errorf("secret in the unescaped text quoted as %q", q)
	}
	name := bytes.Index(doc.Data, []byte("a\x1bb"))
	if q := doc.Quote(name, name+3); q != `a\x1bb` {
		t.Errorf("control character quoted as %q", q)
	}
	// A slice of a text cut inside a secret: the secret is found in the
	// text it was cut from.
	cut := doc.Slice(amp, len(doc.Data))
	if _, ok := cut.Secret(0, 1); !ok {
		t.Error("a slice starting inside a secret does not know it")
	}
	long := New("f", bytes.Repeat([]byte("x"), 10000))
	if q := long.Quote(0, 10000); len(q) != 60 || !strings.HasSuffix(q, "...") {
		t.Errorf("long quote %d bytes: %q", len(q), q)
	}
	if q := long.Quote(-5, 3); q != "xxx" {
		t.Errorf("clamped quote %q", q)
	}
}

// TestRowOfEscapes checks that a row of escapes of one length is one run,
// and that each decoded byte still maps to its own escape.
func TestRowOfEscapes(t *testing.T) {
	root := New("f", []byte("a"+strings.Repeat("''", 1000)+"b&amp;&gt;&lt;"))
	var b Builder
	b.Copy(root.Data[:1], 0)
	for i := 0; i < 1000; i++ {
		b.Decoded([]byte("'"), 1+2*i)
	}
	b.Copy(root.Data[2001:2002], 2001)
	b.Decoded([]byte("&"), 2002)
	b.Decoded([]byte(">"), 2007)
	b.Decoded([]byte("<"), 2011) // not 5 bytes on: a run of its own
	d := b.Text(root)
	if len(d.runs) != 5 {
		t.Errorf("%d runs: %+v", len(d.runs), d.runs)
	}
	for off, want := range map[int]int{0: 0, 1: 1, 2: 3, 1000: 1999, 1001: 2001, 1002: 2002, 1003: 2007, 1004: 2011, 1005: 2012} {
		if got, _ := d.Root(off); got != want {
			t.Errorf("offset %d maps to %d, want %d", off, got, want)
		}
	}
}

// TestDecodedMapsWhole checks that a multi-byte decoding (a character
// reference) is one run: every byte maps to the escape, and the text after
// it to its own bytes.
func TestDecodedMapsWhole(t *testing.T) {
	root := New("f", []byte("a&#x20AC;b"))
	var b Builder
	b.Copy(root.Data[:1], 0)
	b.Decoded([]byte("€"), 1)
	b.Copy(root.Data[9:], 9)
	d := b.Text(root)
	if len(d.runs) != 3 || d.runs[1].Step != 0 {
		t.Errorf("runs %+v, want 3 with the escape's step 0", d.runs)
	}
	for off, want := range map[int]int{0: 0, 1: 1, 2: 1, 3: 1, 4: 9} {
		if got, _ := d.Root(off); got != want {
			t.Errorf("offset %d maps to %d, want %d", off, got, want)
		}
	}
	if own := d.Own(); own != int64(len(d.Data))+3*int64(unsafe.Sizeof(Run{})) {
		t.Errorf("Own() = %d", own)
	}
	if own := root.Slice(1, 3).Own(); own != 0 {
		t.Errorf("a slice owns %d bytes", own)
	}
}
