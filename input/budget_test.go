package input_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint/input"
)

// escapeXML escapes a document as the text of another.
func escapeXML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// jsonString writes s as a JSON string, with < > & escaped as \u003c as
// Go and PowerShell write them.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// multiWrapper puts several documents into one file of some kind, each on
// a line of its own: the line of document i (from 0) is first+i.
type multiWrapper struct {
	name  string
	first int
	wrap  func(docs []string) string
	eap   bool // the documents are EapHostConfig, escaped inside one profile
}

var multiWrappers = []multiWrapper{
	{"script literals", 1, func(docs []string) string {
		var b strings.Builder
		for i, d := range docs {
			fmt.Fprintf(&b, "$ProfileXML%d = '%s'\n", i, strings.ReplaceAll(d, "'", "''"))
		}
		return b.String()
	}, false},
	{"SyncML items", 2, func(docs []string) string {
		var b strings.Builder
		b.WriteString("<SyncML><SyncBody>\n")
		for i, d := range docs {
			fmt.Fprintf(&b, "<Add><Item><Target><LocURI>./Vendor/MSFT/VPNv2/P%d/ProfileXML</LocURI></Target><Data>%s</Data></Item></Add>\n", i, escapeXML(d))
		}
		b.WriteString("</SyncBody></SyncML>\n")
		return b.String()
	}, false},
	{"Intune base64 values", 2, func(docs []string) string {
		var items []string
		for i, d := range docs {
			items = append(items, fmt.Sprintf(`{"@odata.type":"#microsoft.graph.omaSettingStringXml","displayName":"P%d","omaUri":"./Vendor/MSFT/VPNv2/P%d/ProfileXML","value":"%s"}`, i, i, base64.StdEncoding.EncodeToString([]byte(d))))
		}
		return "{\"omaSettings\":[\n" + strings.Join(items, ",\n") + "\n]}\n"
	}, false},
	{"Intune string values", 2, func(docs []string) string {
		var items []string
		for i, d := range docs {
			items = append(items, fmt.Sprintf(`{"@odata.type":"#microsoft.graph.omaSettingString","displayName":"P%d","omaUri":"./Vendor/MSFT/VPNv2/P%d/ProfileXML","value":%s}`, i, i, jsonString(d)))
		}
		return "{\"omaSettings\":[\n" + strings.Join(items, ",\n") + "\n]}\n"
	}, false},
	{"WMI properties", 1, func(docs []string) string {
		var b strings.Builder
		for _, d := range docs {
			b.WriteString("ProfileXML              : " + d + "\n")
		}
		return b.String()
	}, false},
	{"escaped EapHostConfig", 2, func(docs []string) string {
		var b strings.Builder
		b.WriteString("<VPNProfile><NativeProfile><Authentication>\n")
		for _, d := range docs {
			b.WriteString("<Eap><Configuration>" + escapeXML(d) + "</Configuration></Eap>\n")
		}
		b.WriteString("</Authentication></NativeProfile></VPNProfile>\n")
		return b.String()
	}, true},
}

// TestLimitsApplyToTheFile checks that the limit of nodes applies to the
// total a file yields, whatever wraps the documents: four documents of
// 40,000 elements each are each within the limit, but together they are
// not; the third runs out, with an IN006 where it does, and the fourth is
// not read.
func TestLimitsApplyToTheFile(t *testing.T) {
	for _, w := range multiWrappers {
		root := "VPNProfile"
		if w.eap {
			root = "EapHostConfig"
		}
		doc := "<" + root + ">" + strings.Repeat("<a/>", 40_000) + "</" + root + ">"
		data := []byte(w.wrap([]string{doc, doc, doc, doc}))
		f := input.Read("f", data, input.Limits{})
		parsed := 0
		for _, d := range f.Docs {
			if d.XML != nil {
				parsed++
				parsed += len(d.XML.Embedded)
			}
		}
		if w.eap {
			parsed-- // the profile that holds the escaped documents
		}
		var over []input.Problem
		for _, p := range f.Problems {
			if p.Kind == input.OverLimit {
				over = append(over, p)
			}
		}
		if parsed != 2 || len(over) != 1 {
			t.Errorf("%s: %d documents parsed, %d IN006 problems %v; want 2 and 1", w.name, parsed, len(over), f.Problems)
			continue
		}
		if p := over[0]; !strings.Contains(p.Message, "more than the limit of 100000 elements (this is element 100001)") || p.Pos.Line != w.first+2 {
			t.Errorf("%s: %v: %s; want the limit at line %d", w.name, p.Pos, p.Message, w.first+2)
		}
	}
}

// TestDecodedLimit checks that the copies unwrapping makes count toward
// one budget per file.
func TestDecodedLimit(t *testing.T) {
	doc := "<VPNProfile>" + strings.Repeat("<DnsSuffix>corp.example.com</DnsSuffix>", 500) + "</VPNProfile>"
	for _, w := range multiWrappers {
		if w.eap {
			continue
		}
		data := []byte(w.wrap([]string{doc, doc, doc, doc}))
		f := input.Read("f", data, input.Limits{MaxDecoded: int64(len(data))})
		found := false
		for _, p := range f.Problems {
			found = found || p.Kind == input.OverLimit && strings.Contains(p.Message, "decoding and unwrapping the file makes more than the limit")
		}
		if !found || len(f.Docs) >= 4 {
			t.Errorf("%s: %d documents read within %d bytes of decoded text; problems %v", w.name, len(f.Docs), len(data), f.Problems)
		}
	}
	// One escaped document that would take many times its size to copy is
	// refused before the copy is made.
	data := []byte("<SyncML><SyncBody><Add><Item><Target><LocURI>./Vendor/MSFT/VPNv2/P/ProfileXML</LocURI></Target><Data>&lt;VPNProfile&gt;" +
		strings.Repeat("&lt;a/&gt;", 1_000_000) + "&lt;/VPNProfile&gt;</Data></Item></Add></SyncBody></SyncML>")
	alloc := allocated(func() {
		f := input.Read("f", data, input.Limits{MaxDecoded: 2 * int64(len(data))})
		if len(f.Problems) != 1 || !strings.Contains(f.Problems[0].Message, "decoding and unwrapping") {
			t.Errorf("escaped SyncML: %v", f.Problems)
		}
	})
	if alloc > 8*uint64(len(data)) {
		t.Errorf("escaped SyncML of %d bytes: %d bytes allocated", len(data), alloc)
	}
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestMemoryPerLine checks that files of many short lines, comments or
// statements, and files of one long line, cost memory in proportion to
// their size with a small factor: nothing is kept per line.
func TestMemoryPerLine(t *testing.T) {
	const n = 1_000_000
	files := map[string][]byte{
		"WMI listing of blank lines":          append([]byte("ProfileXML : <VPNProfile/>\n"), bytes.Repeat([]byte("\n"), 2*n)...),
		"WMI listing of short lines":          append([]byte("ProfileXML : <VPNProfile/>\n"), bytes.Repeat([]byte("a\r\n"), n)...),
		"WMI value of continuation lines":     append([]byte("ProfileXML : <VPNProfile>\n"), bytes.Repeat([]byte("  x\n"), n)...),
		"script of comment lines":             bytes.Repeat([]byte("#\n"), n),
		"script of statements":                append([]byte("$ProfileXML = '<VPNProfile/>'\n"), bytes.Repeat([]byte("$a=1;"), n)...),
		"script of string literals":           append([]byte("$ProfileXML = '<VPNProfile/>'\n"), bytes.Repeat([]byte("'a'+"), n)...),
		"XML of comments":                     []byte("<VPNProfile>" + strings.Repeat("<!---->", n) + "</VPNProfile>"),
		"XML of CDATA sections":               []byte("<VPNProfile><DnsSuffix>" + strings.Repeat("<![CDATA[]]>", n) + "</DnsSuffix></VPNProfile>"),
		"XML of one 8 MB line":                []byte("<VPNProfile><DnsSuffix>" + strings.Repeat("x", 8<<20) + "</DnsSuffix></VPNProfile>"),
		"JSON of many values":                 []byte("[" + strings.Repeat("1,", n) + "1]"),
		"double-quoted literal of variables":  []byte(`$ProfileXML = "<VPNProfile>` + strings.Repeat("$a", n) + `</VPNProfile>"`),
		"single-quoted literal of '' escapes": []byte(`$ProfileXML = '<VPNProfile>` + strings.Repeat("''", n) + `</VPNProfile>'`),
	}
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			var alloc uint64
			watchdog(t, func() { alloc = allocated(func() { input.Lint(input.Read("f", data, input.Limits{})) }) })
			if alloc > 8*uint64(len(data))+(1<<20) {
				t.Errorf("%d bytes allocated for %d bytes", alloc, len(data))
			}
		})
	}
}

// watchdog fails the test when f has not returned within a minute (it
// needs a second).
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
