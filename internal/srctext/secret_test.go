package srctext

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/secret"
)

// secretReference is Secret as it was before secrets were scanned only as
// far as a question needs: every text on the way scanned whole by
// secret.Find.
func secretReference(t *Text, start, end int) (secret.Span, bool) {
	start = max(0, min(start, len(t.Data)))
	end = max(start, min(end, len(t.Data)))
	for cur := t; ; {
		if s, ok := secret.Find(cur.Data).Overlap(start, end); ok {
			return s, true
		}
		if cur.parent == nil || cur.opaque() {
			return secret.Span{}, false
		}
		switch {
		case cur.runs != nil:
			s := mapRuns(cur.runs, start)
			if end > start {
				end = mapRuns(cur.runs, end-1) + 1
			} else {
				end = s
			}
			start = s
		default:
			start, end = start+cur.base, end+cur.base
		}
		cur = cur.parent
	}
}

// TestSecretAsReference asks Secret about random ranges, in a random
// order, of a file, a slice of it and a text unescaped from it, each made
// afresh for every round so that the questions find the scans at every
// stage, and compares the answers with secretReference.
func TestSecretAsReference(t *testing.T) {
	file := []byte("$ProfileXML = @'\n<VPNProfile><L2tpPsk>a</L2tpPsk><Data>&lt;Password&gt;p&amp;q&lt;/Password&gt;" +
		"&lt;Name&gt;n&lt;/Name&gt;</Data><key>k</key><Servers>vpn</Servers><L2tpPsk>open\n'@\n$x = 1\n")
	start := bytes.Index(file, []byte("<VPNProfile>"))
	dataAt := bytes.Index(file, []byte("<Data>")) + len("<Data>")
	dataEnd := bytes.Index(file, []byte("</Data>"))
	rng := rand.New(rand.NewPCG(17, 2))
	for round := range 200 {
		root := New("f", file)
		slice := root.Slice(start, len(file)-8)
		var b Builder
		for i := dataAt; i < dataEnd; {
			switch {
			case bytes.HasPrefix(file[i:], []byte("&lt;")):
				b.Decoded([]byte("<"), i)
				i += 4
			case bytes.HasPrefix(file[i:], []byte("&gt;")):
				b.Decoded([]byte(">"), i)
				i += 4
			case bytes.HasPrefix(file[i:], []byte("&amp;")):
				b.Decoded([]byte("&"), i)
				i += 5
			default:
				b.Copy(file[i:i+1], i)
				i++
			}
		}
		texts := []*Text{root, slice, b.Text(root)}
		for range 20 {
			x := texts[rng.IntN(len(texts))]
			s, e := rng.IntN(len(x.Data)+2)-1, rng.IntN(len(x.Data)+2)-1
			if rng.IntN(4) == 0 {
				e = s
			}
			got, gotOK := x.Secret(s, e)
			want, wantOK := secretReference(x, s, e)
			if got != want || gotOK != wantOK {
				t.Fatalf("round %d: Secret(%d, %d) of %q = %+v, %v; the whole scan says %+v, %v", round, s, e, x.Data, got, gotOK, want, wantOK)
			}
			if q, w := x.Quote(s, e), quoteReference(x, s, e); q != w {
				t.Fatalf("round %d: Quote(%d, %d) = %q, want %q", round, s, e, q, w)
			}
		}
		if !equalSpans(root.Secrets(), secret.Find(file)) {
			t.Fatalf("round %d: Secrets after the questions %+v, Find %+v", round, root.Secrets(), secret.Find(file))
		}
	}
}

func quoteReference(t *Text, start, end int) string {
	start = max(0, min(start, len(t.Data)))
	end = max(start, min(end, len(t.Data)))
	if s, ok := secretReference(t, start, end); ok {
		return s.Withheld()
	}
	return New("", t.Data).Quote(start, end) // no secret: as any text quotes it
}

func equalSpans(a, b secret.Spans) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestQuoteNearTheStartScansLittle checks that quoting the start of a
// text (the variable a script assigns its profile to) does not look for
// the secrets of the whole text: with 10,000 secrets after the quoted
// part, it allocates no more than with one.
func TestQuoteNearTheStartScansLittle(t *testing.T) {
	allocs := func(secrets int) float64 {
		data := []byte("$ProfileXML = @'\n" + string(bytes.Repeat([]byte("<L2tpPsk>s</L2tpPsk>"), secrets)) + "\n'@\n")
		return testing.AllocsPerRun(5, func() {
			if q := New("f", data).Quote(0, 11); q != "$ProfileXML" {
				t.Fatalf("quoted %q", q)
			}
		})
	}
	one, many := allocs(1), allocs(10_000)
	if many > one {
		t.Errorf("quoting the first 11 bytes of a text with 10,000 secrets made %.0f allocations, with one secret %.0f", many, one)
	}
}
