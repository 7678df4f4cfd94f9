package xmldoc

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
)

// attrs writes a start tag with n attributes (or namespace declarations).
func attrs(n int, decl bool) string {
	var b strings.Builder
	b.WriteString("<VPNProfile")
	for i := range n {
		if decl {
			fmt.Fprintf(&b, ` xmlns:p%d="u"`, i)
		} else {
			fmt.Fprintf(&b, ` a%d=""`, i)
		}
	}
	b.WriteString("/>")
	return b.String()
}

// TestAttributesCount checks that attributes and namespace declarations
// are nodes of the budget, and that a tag with too many is refused at the
// first attribute that does not fit, before encoding/xml reads them all.
func TestAttributesCount(t *testing.T) {
	for _, decl := range []bool{false, true} {
		if _, err := parse(t, attrs(99_999, decl)); err != nil {
			t.Fatalf("decl %v: 100,000 nodes refused: %v", decl, err)
		}
		doc := attrs(1_000_000, decl)
		var before runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := parse(t, doc)
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		if err == nil || err.Kind != TooMany || err.Observed != 100_001 || err.Node != "attribute" {
			t.Fatalf("decl %v: a million attributes gave %+v", decl, err)
		}
		// Node 100,001 is attribute number 100,000: the error points at it.
		name := "a99999="
		if decl {
			name = "xmlns:p99999="
		}
		if !strings.HasPrefix(doc[err.Offset:], name) {
			t.Errorf("decl %v: error at %.20q, want %q", decl, doc[err.Offset:], name)
		}
		// Refused before a million attributes were made: a few times the
		// text at most.
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(4*len(doc)) {
			t.Errorf("decl %v: %d bytes allocated for a %d-byte document", decl, alloc, len(doc))
		}
	}
}

// TestAttributesLinear checks that adding attributes to the tree costs
// time in proportion to their number: etree's CreateAttr looks for a
// duplicate first, which made an element of n attributes cost n*n.
func TestAttributesLinear(t *testing.T) {
	lim := Limits{MaxElements: 1_000_000}
	for _, decl := range []bool{false, true} {
		small := srctext.New("f", []byte(attrs(10_000, decl)))
		large := srctext.New("f", []byte(attrs(100_000, decl)))
		var ts, tl time.Duration
		// Parse and list the namespace declarations, as eapxml does.
		run := func(src *srctext.Text) func() {
			return func() { d := parseOK(t, src, lim); d.Decls(d.Root) }
		}
		watchdog(t, func() { ts, tl = fastest(run(small)), fastest(run(large)) })
		if tl > 40*ts {
			t.Errorf("decl %v: 10x the attributes took %v against %v", decl, tl, ts)
		}
		d := parseOK(t, large, lim)
		// The attributes are in order and linked to their element, as
		// etree's own reader leaves them.
		for i, a := range d.Root.Attr {
			if a.Element() != d.Root || (!decl && a.Key != fmt.Sprintf("a%d", i)) {
				t.Fatalf("attribute %d is %+v", i, a)
			}
		}
		if decl {
			decls := d.Decls(d.Root)
			if len(decls) != 100_000 || decls[99_999].Prefix != "p99999" || decls[99_999].Pos.Col != len(attrs(99_999, true)) {
				t.Errorf("%d declarations, last %+v", len(decls), decls[len(decls)-1])
			}
		}
	}
}

// TestBudgetShared checks that documents parsed with one budget share it:
// the limit applies to their total, at the node where it runs out.
func TestBudgetShared(t *testing.T) {
	b := NewBudget(10)
	doc := srctext.New("f", []byte("<r><a/><b x='1'/><!-- c --></r>")) // 5 nodes
	if _, err := Parse(doc, Limits{Budget: b}); err != nil || b.Used() != 5 {
		t.Fatalf("first parse: %v, %d used", err, b.Used())
	}
	if _, err := Parse(doc, Limits{Budget: b}); err != nil || b.Left() != 0 {
		t.Fatalf("second parse: %v, %d left", err, b.Left())
	}
	_, err := Parse(srctext.New("g", []byte("<r/>")), Limits{Budget: b})
	if err == nil || err.Kind != TooMany || err.Observed != 11 || err.Limit != 10 || err.Pos.String() != "g:1:1" {
		t.Fatalf("third parse: %+v", err)
	}
	// Comments, processing instructions and CDATA sections count: a
	// document of a million comments is refused at the limit.
	for what, unit := range map[string]string{"comment": "<!---->", "processing instruction": "<?p?>", "CDATA section": "<![CDATA[x]]>"} {
		_, err := parse(t, "<r>"+strings.Repeat(unit, 1_000_000)+"</r>")
		if err == nil || err.Kind != TooMany || err.Node != what || err.Offset != 3+len(unit)*99_999 {
			t.Errorf("%s: %+v", what, err)
		}
	}
}

// TestSecretsOpaque checks that nothing nested in an element that holds a
// secret is built into the tree, so that no rule can name or quote it.
func TestSecretsOpaque(t *testing.T) {
	doc := "<r><l2tppsk>ab<Zq1 k='v'>x<!-- c --></Zq1>cd</l2tppsk><After/></r>"
	d, err := parse(t, doc)
	if err != nil {
		t.Fatal(err)
	}
	psk := d.Root.ChildElements()[0]
	if len(psk.ChildElements()) != 0 || string(d.Text(psk).Data) != "abcd" || len(d.Comments) != 0 {
		t.Errorf("secret element: %d children, text %q, %d comments", len(psk.ChildElements()), d.Text(psk).Data, len(d.Comments))
	}
	if after := d.Root.ChildElements()[1]; after.Tag != "After" || d.Pos(after).Col != strings.Index(doc, "<After")+1 {
		t.Errorf("element after the secret: %s at %v", after.Tag, d.Pos(after))
	}
	elems := d.Elements()
	for i := range elems {
		if path := Path(elems, i); strings.Contains(path, "Zq1") {
			t.Errorf("element inside the secret listed: %s", path)
		}
	}
}

// TestMessagesNeverQuoteSecrets checks every encoding/xml message that
// quotes the document, and the parser's own: inside a secret, the message
// is generic and says the text is not shown; elsewhere it quotes as
// before.
func TestMessagesNeverQuoteSecrets(t *testing.T) {
	tests := []struct {
		inner string // inside <L2tpPsk>...</L2tpPsk>, then outside it
		msg   string // the message outside a secret
	}{
		{"S3cret&Amp0", "invalid character entity &Amp0 (no semicolon)"},
		{"S3cret&Amp0;", "invalid character entity &Amp0;"},
		{"S3cret&#xZZ0;", "invalid character entity &#x (no semicolon)"},
		{"S3cret</Lx0 junk>", "invalid characters between </Lx0 and >"},
		{"S3cret</Lx0>", "element <"},
		{"S3cret<Ab0 k='1' k='2'/>", "attribute k repeated in <Ab0>"},
		{"S3cret<Ab0 k=v/>", "unquoted or missing attribute value"},
		{"S3cret<p0:Ab0/>", `namespace prefix "p0" of <p0:Ab0> is not declared`},
		{"S3cret\x01Ctl0", "illegal character code U+0001"},
		{"S3cret<1Ab0/>", "invalid XML name: 1Ab0"},
		{"S3cret<Ab0 \x80x='1'/>", "invalid XML name: \\x80x"},
		{"S3cret<?xml version='9.0'?>", `unsupported version "9.0"`},
	}
	for _, tc := range tests {
		outside := "<r><x>" + tc.inner + "</x></r>"
		_, err := parse(t, outside)
		if err == nil || !strings.Contains(err.Msg, tc.msg) {
			t.Errorf("%q outside a secret: %+v, want %q", tc.inner, err, tc.msg)
		}
		inside := "<r><L2tpPsk>" + tc.inner + "</L2tpPsk></r>"
		_, err = parse(t, inside)
		if err == nil || !strings.Contains(err.Msg, "text inside <L2tpPsk> not shown, it is a secret") {
			t.Errorf("%q inside a secret: %+v", tc.inner, err)
			continue
		}
		all := err.Msg
		for _, r := range err.Related {
			all += r.Message
		}
		for _, s := range []string{"S3cret", "Amp0", "Lx0", "Ab0", "Ctl0", "9.0", "p0", "ZZ"} {
			if strings.Contains(all, s) {
				t.Errorf("%q inside a secret: message %q shows %q", tc.inner, all, s)
			}
		}
	}
	// An element opened inside a secret and never closed.
	_, err := parse(t, "<r><L2tpPsk>S3cret<Open0>")
	if err == nil || strings.Contains(err.Msg+err.Related[0].Message, "Open0") {
		t.Errorf("unclosed inside a secret: %+v", err)
	}
	// Long and strange names are cut and escaped.
	_, err = parse(t, "<r><x>&"+strings.Repeat("n", 5000)+"</x></r>")
	if err == nil || len(err.Msg) > 120 {
		t.Errorf("long entity: %d bytes of message", len(err.Msg))
	}
}

func parseOK(t *testing.T, src *srctext.Text, lim Limits) *Doc {
	d, err := Parse(src, lim)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// fastest returns the shortest of five runs of f, each started after a
// collection and run with the collector off, so that neither the
// collector nor another process's moment on the machine decides the
// comparison.
func fastest(f func()) time.Duration {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	best := time.Duration(1 << 62)
	for range 5 {
		runtime.GC()
		start := time.Now()
		f()
		best = min(best, time.Since(start))
	}
	return best
}

// watchdog fails the test when f has not returned within a minute.
func watchdog(t *testing.T, f func()) {
	t.Helper()
	done := make(chan bool)
	go func() { f(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("no answer within a minute")
	}
}
