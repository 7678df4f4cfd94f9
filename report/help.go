package report

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/aovpnlint/aovpnlint/lint"
)

// MaxDescription is the longest a SARIF rule description may be, in
// characters: GitHub code scanning refuses longer shortDescription and
// fullDescription texts.
const MaxDescription = 1024

// FullDescription is a rule's description for SARIF's fullDescription:
// the first paragraph of the rule's documentation when it has one, and
// otherwise a sentence made of its title, the Windows errors it predicts
// and its fix, never the title alone (which is the short description),
// and at most [MaxDescription] characters, cut at a word with "…".
func FullDescription(r *lint.Rule) string {
	var s string
	if para := firstParagraph(r.Doc); para != "" && para != r.Title {
		s = para
	} else {
		s = sentence(r.Title) + "."
		if len(r.WindowsErrors) > 0 {
			s += " Windows errors otherwise: " + strings.Join(r.WindowsErrors, ", ") + "."
		}
		s += " Fix: " + strings.TrimSuffix(r.Fix, ".") + "."
	}
	return cut(s, MaxDescription)
}

// firstParagraph is the first paragraph of a rule's Doc that is text,
// not an indented XML block, on one line.
func firstParagraph(doc string) string {
	for _, para := range strings.Split(doc, "\n\n") {
		if para = strings.TrimSpace(para); para != "" && !strings.HasPrefix(para, "<") {
			return strings.Join(strings.Fields(para), " ")
		}
	}
	return ""
}

// sentence starts s with a capital letter, unless it starts with a name
// (EapMethod, PEAP) that already has one.
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// cut shortens s to at most limit characters, at the end of a word, with
// "…" in place of the rest.
func cut(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	n, stop := 0, len(s)
	for i := range s {
		if n == limit-1 { // the last character is the ellipsis
			stop = i
			break
		}
		n++
	}
	head := s[:stop]
	if k := strings.LastIndexByte(head, ' '); k > 0 {
		head = head[:k]
	}
	return strings.TrimRight(head, " ,;:") + "…"
}

// helpText is a rule's help as plain text: title, documentation, fix,
// Windows errors, source and reference.
func helpText(r *lint.Rule, uri string) string {
	var b strings.Builder
	b.WriteString(r.ID + ": " + r.Title + " (" + r.Severity.String() + ")\n")
	if r.Doc != "" {
		b.WriteString("\n" + strings.TrimSpace(r.Doc) + "\n")
	}
	b.WriteString("\nFix: " + r.Fix + "\n")
	if len(r.WindowsErrors) > 0 {
		b.WriteString("Windows errors: " + strings.Join(r.WindowsErrors, ", ") + "\n")
	}
	b.WriteString("Source: " + r.Citation + "\n")
	b.WriteString("Reference: " + uri)
	return b.String()
}

// helpMarkdown is a rule's help in GitHub Markdown: the documentation's
// text escaped, its indented XML as fenced code blocks, the XML a fix
// quotes as a code span, and a link to the rule reference.
func helpMarkdown(r *lint.Rule, uri string) string {
	var b strings.Builder
	b.WriteString("**" + mdEscape(r.ID+": "+r.Title) + "** (" + r.Severity.String() + ", security severity " + SecuritySeverity(r) + ")\n")
	if r.Doc != "" {
		for _, para := range strings.Split(strings.TrimSpace(r.Doc), "\n\n") {
			b.WriteString("\n")
			if strings.HasPrefix(para, "    ") || strings.HasPrefix(para, "<") {
				b.WriteString("```xml\n")
				for _, line := range strings.Split(para, "\n") {
					b.WriteString(strings.TrimPrefix(line, "    ") + "\n")
				}
				b.WriteString("```\n")
				continue
			}
			b.WriteString(mdEscape(strings.Join(strings.Fields(para), " ")) + "\n")
		}
	}
	b.WriteString("\n- **Fix:** " + mdCode(r.Fix) + "\n")
	if len(r.WindowsErrors) > 0 {
		b.WriteString("- **Windows errors:** " + mdEscape(strings.Join(r.WindowsErrors, ", ")) + "\n")
	}
	b.WriteString("- **Source:** " + mdEscape(r.Citation) + "\n")
	b.WriteString("- [Rule reference](" + uri + ")")
	return b.String()
}

// mdEscape keeps text literal in Markdown: each character that Markdown
// gives a meaning to (emphasis, code, links, HTML, tables, headings) is
// escaped with a backslash, as CommonMark allows for any ASCII
// punctuation; colons, slashes and dots are kept, so that URLs still
// link.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_{}[]<>#|~!", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdCode puts the XML a text quotes (from its first < to its last >) in
// a code span, and escapes the rest.
func mdCode(s string) string {
	i, j := strings.IndexByte(s, '<'), strings.LastIndexByte(s, '>')
	if i < 0 || j < i {
		return mdEscape(s)
	}
	fence := "`"
	for strings.Contains(s[i:j+1], fence) {
		fence += "`"
	}
	return mdEscape(s[:i]) + fence + " " + s[i:j+1] + " " + fence + mdEscape(s[j+1:])
}
