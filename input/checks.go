package input

import "github.com/aovpnlint/aovpnlint/lint"

// Checks lists the IN rules, which report what went wrong while reading a
// file. Retired IDs: none.
var Checks = []*lint.Check[*File]{
	malformed,         // IN001
	unsupported,       // IN002
	decoded,           // IN003
	notExtractable,    // IN004
	overLimit,         // IN006
	entityDeclaration, // IN007
}

// Lint runs the IN rules on f.
func Lint(f *File) []lint.Finding { return lint.Run(Checks, f) }

// reportKind reports every problem of one kind.
func reportKind(f *File, kind ProblemKind, r *lint.Reporter) {
	for _, p := range f.Problems {
		if p.Kind == kind {
			r.Report(lint.Finding{Pos: p.Pos, Message: p.Message, Related: p.Related})
		}
	}
}

var malformed = &lint.Check[*File]{
	Rule: lint.Rule{
		ID: "IN001", Severity: lint.Error,
		Title:         "the XML is well-formed",
		Fix:           "correct the XML at the position given: close every element in the order it was opened and escape < and & in text",
		WindowsErrors: []string{"profile rejected at install"},
		Citation:      "Extensible Markup Language (XML) 1.0, section 2.1 Well-Formed XML Documents, https://www.w3.org/TR/xml/#sec-well-formed",
	},
	Run: func(f *File, r *lint.Reporter) { reportKind(f, Malformed, r) },
}

var unsupported = &lint.Check[*File]{
	Rule: lint.Rule{
		ID: "IN002", Severity: lint.Error,
		Title:    "the content is a kind aovpnlint reads",
		Fix:      "give aovpnlint a ProfileXML or EapHostConfig file, a deploy script, a WMI listing, an Intune export, a SyncML message or a certificate file",
		Citation: "aovpnlint specification, section 2 Inputs (README.md)",
	},
	Run: func(f *File, r *lint.Reporter) { reportKind(f, Unsupported, r) },
}

var decoded = &lint.Check[*File]{
	Rule: lint.Rule{
		ID: "IN003", Severity: lint.Info,
		Title:    "decoding steps taken to read the file",
		Fix:      "nothing needs fixing; save profiles as UTF-8 without a byte order mark to avoid the step",
		Citation: "about_Character_Encoding, https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_character_encoding",
	},
	Run: func(f *File, r *lint.Reporter) {
		for _, n := range f.Notes {
			r.Reportf(lint.Pos{File: f.Name, Line: 1, Col: 1}, "%s", n)
		}
	},
}

var notExtractable = &lint.Check[*File]{
	Rule: lint.Rule{
		ID: "IN004", Severity: lint.Error,
		Title:    "the profile can be read from the file without running anything",
		Fix:      "check the final ProfileXML instead: run the generating script, or export an encrypted Intune value with getOmaSettingPlainTextValue",
		Citation: "getOmaSettingPlainTextValue, https://learn.microsoft.com/graph/api/intune-deviceconfig-windows10customconfiguration-getomasettingplaintextvalue",
	},
	Run: func(f *File, r *lint.Reporter) { reportKind(f, NotExtractable, r) },
}

var overLimit = &lint.Check[*File]{
	Rule: lint.Rule{
		ID: "IN006", Severity: lint.Error,
		Title:    "the input is within the size, nesting and node limits",
		Fix:      "check that this is the right file; a ProfileXML is a few kilobytes",
		Citation: "aovpnlint specification, section 2 Limits (32 MiB, nesting 256, 100,000 elements) and section 8 (limits apply to the total a file yields); README.md, Hostile input",
		Doc: "The limits apply to the whole file: 32 MiB of input, 128 MiB of decoded text (the decoded file and every " +
			"unescaped, base64-decoded or joined copy), nesting of 256 levels, 1,000 documents, and 100,000 nodes " +
			"(elements, attributes, comments and processing instructions of every document together, with the JSON " +
			"values and WMI lines that wrap them). What goes over a limit is reported where it happens, and the rest " +
			"of the file is not checked.",
	},
	Run: func(f *File, r *lint.Reporter) { reportKind(f, OverLimit, r) },
}

var entityDeclaration = &lint.Check[*File]{
	Rule: lint.Rule{
		ID: "IN007", Severity: lint.Error,
		Title:    "no document type declaration declares entities or an external DTD",
		Fix:      "remove the DOCTYPE declaration; a ProfileXML needs none",
		Citation: "Extensible Markup Language (XML) 1.0, sections 2.8 and 4.2 (document type and entity declarations), https://www.w3.org/TR/xml/#sec-prolog-dtd",
		Doc: "Entity declarations can expand a small file into gigabytes (billion laughs) or read local files " +
			"(external entities). aovpnlint never expands or fetches them; it reports the declaration and does not check the document.",
	},
	Run: func(f *File, r *lint.Reporter) { reportKind(f, EntityDecl, r) },
}
