package main

import (
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// syncML writes a SyncML message with one Add item for each pair of
// OMA-URI node name and Data content.
func syncML(items ...[2]string) string {
	var b strings.Builder
	b.WriteString("<SyncML><SyncBody>\n")
	for _, it := range items {
		b.WriteString("<Add><Item><Target><LocURI>./Vendor/MSFT/VPNv2/" + it[0] + "/ProfileXML</LocURI></Target><Data>" + it[1] + "</Data></Item></Add>\n")
	}
	b.WriteString("</SyncBody></SyncML>\n")
	return b.String()
}

// TestExtractEscapesNamesAndOrigins checks what extract writes around the
// documents: a file name or an OMA-URI holding line breaks, terminal
// escapes or runs of '-' cannot forge a line on standard error, reach the
// terminal raw, or end the comment that says where a document was found
// (an XML comment may not hold "--", nor end in '-').
func TestExtractEscapesNamesAndOrigins(t *testing.T) {
	dir := t.TempDir()
	evil := "evil\nfake.xml:1:1: error: forged [VPN001]\n--> \x1b[31mred\x1b[0m-"
	write := func(sub, content string) string {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, sub, evil)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	raw := func(s string) bool {
		return strings.Contains(s, "\nfake") || strings.Contains(s, "\x1b")
	}

	// Two well-formed documents: the output must read as XML.
	path := write("good", syncML([2]string{"a---b", "&lt;VPNProfile/&gt;"}, [2]string{"c-", "&lt;VPNProfile/&gt;"}, [2]string{"d--", "&lt;VPNProfile/&gt;"}))
	r := runCLI(t, "", nil, "extract", path)
	if r.code != 0 || raw(r.stdout+r.stderr) || strings.Count(r.stdout, "<!-- document ") != 3 {
		t.Fatalf("extract exit %d:\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	dec := xml.NewDecoder(strings.NewReader("<r>" + r.stdout + "</r>"))
	comments := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the output is not XML: %v:\n%s", err, r.stdout)
		}
		if c, ok := tok.(xml.Comment); ok {
			comments++
			if !strings.Contains(string(c), `evil\nfake.xml:1:1`) {
				t.Errorf("comment %q does not name the file, escaped", c)
			}
		}
	}
	if comments != 3 {
		t.Errorf("%d comments in the output, want 3:\n%s", comments, r.stdout)
	}

	// A document that is not well-formed: its problem goes to standard
	// error on one line.
	path = write("bad", syncML([2]string{"A", "&lt;VPNProfile&gt;&lt;Bad&gt;&lt;/VPNProfile&gt;"}, [2]string{"B", "&lt;VPNProfile/&gt;"}))
	r = runCLI(t, "", nil, "extract", path)
	if r.code != 1 || raw(r.stdout+r.stderr) || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "not well-formed") {
		t.Errorf("extract exit %d:\n%s\n--- stderr\n%s", r.code, r.stdout, r.stderr)
	}
}

// TestCommentText checks the comment text for any run of '-', at the
// start, inside and at the end.
func TestCommentText(t *testing.T) {
	for _, s := range []string{"-", "--", "---", "a-", "a--", "-a", "a---b", "a - -", "----------", "x\n--\x1b-"} {
		c := commentText(s)
		if strings.Contains(c, "--") || strings.HasSuffix(c, "-") || strings.ContainsAny(c, "\n\x1b") {
			t.Errorf("commentText(%q) = %q", s, c)
		}
		if strings.ReplaceAll(c, " ", "") != strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(s, "\n", `\n`), "\x1b", `\x1b`), " ", "") {
			t.Errorf("commentText(%q) = %q: more changed than spaces", s, c)
		}
	}
}

// TestExtractSecretInReferences checks extract on a SyncML message whose
// Data escapes the profile's '<' and '>' with character references in
// every form XML allows (leading zeros, hexadecimal of either case, '&'
// escaped as a reference too) but leaves the '&' of the pre-shared key
// raw, so that the message is not well-formed and is printed as read: the
// key must be redacted, never printed.
func TestExtractSecretInReferences(t *testing.T) {
	const psk = "Zx9Qw7&Secr3tPart"
	forms := [][2]string{
		{"&#060;", "&#062;"}, {"&#60;", "&#62;"}, {"&#x003c;", "&#x003E;"}, {"&#x3C;", "&#x3e;"},
		{"&#0000000060;", "&#00062;"}, {"&amp;#060;", "&amp;#062;"}, {"&#38;lt;", "&#38;gt;"},
		{"&#x26;#x3c;", "&#x26;#x3e;"}, {"&#038;#0060;", "&#038;#0062;"},
	}
	dir := t.TempDir()
	for i, f := range forms {
		lt, gt := f[0], f[1]
		tag := func(name string) string { return lt + name + gt }
		data := tag("VPNProfile") + tag("NativeProfile") + tag("L2tpPsk") + psk + tag("/L2tpPsk") + tag("/NativeProfile") + tag("/VPNProfile")
		path := filepath.Join(dir, "sync"+string(rune('a'+i))+".xml")
		if err := os.WriteFile(path, []byte(syncML([2]string{"A", data})), 0o644); err != nil {
			t.Fatal(err)
		}
		r := runCLI(t, "", nil, "extract", path)
		if strings.Contains(r.stdout+r.stderr, "Secr3t") || strings.Contains(r.stdout+r.stderr, "Zx9Qw7") {
			t.Errorf("%s: extract shows the key:\n%s\n%s", lt, r.stdout, r.stderr)
		}
		if r.code != 1 || !strings.Contains(r.stdout, "(redacted by aovpnlint)") {
			t.Errorf("%s: extract exit %d:\n%s\n%s", lt, r.code, r.stdout, r.stderr)
		}
		r = runCLI(t, "", nil, "check", "--fail-on", "none", path)
		if strings.Contains(r.stdout+r.stderr, "Secr3t") || !strings.Contains(r.stdout, "not shown, it is a secret") {
			t.Errorf("%s: check:\n%s\n%s", lt, r.stdout, r.stderr)
		}
	}
}

// TestExtractRefusesUndelimitedSecret checks that extract prints nothing
// of a document that is not well-formed and names a secret element where
// no secret could be delimited: here its tags are URL-encoded, which no
// layer of aovpnlint decodes, and the name is given with its position.
func TestExtractRefusesUndelimitedSecret(t *testing.T) {
	path := filepath.Join(t.TempDir(), "url.xml")
	doc := "<VPNProfile>\n<NativeProfile>%3CL2tpPsk%3EZx9Qw7%3C/L2tpPsk%3E</NativeProfile>\n<Bad></VPNProfile>\n"
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, "", nil, "extract", path)
	if r.code != 2 || r.stdout != "" || strings.Contains(r.stderr, "Zx9Qw7") || strings.Count(r.stderr, "\n") != 1 ||
		!strings.Contains(r.stderr, `names "L2tpPsk" at `+path+":2:19") || !strings.Contains(r.stderr, "cannot redact with certainty") {
		t.Errorf("extract exit %d:\n%s\n--- stderr\n%s", r.code, r.stdout, r.stderr)
	}
}
