package srctext

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
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
	text := New("f", b.Bytes())
	for i := 0; i < 3000; i++ {
		off := rng.IntN(len(text.Data) + 1)
		line := 1 + bytes.Count(text.Data[:off], []byte{'\n'})
		col := off - (bytes.LastIndexByte(text.Data[:off], '\n') + 1) + 1
		if l, c := text.LineCol(off); l != line || c != col {
			t.Fatalf("offset %d: %d:%d, want %d:%d", off, l, c, line, col)
		}
	}
}
