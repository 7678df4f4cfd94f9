// Package lint holds the types every aovpnlint package shares: the
// [Severity] of a problem, the [Pos] it was found at, the [Rule] that
// describes it and the [Finding] that reports it, plus the small framework
// that runs rule lists ([Check], [Reporter], [Run]).
//
// The package depends only on the standard library, so the parsers
// (eapxml, profile, certcheck) and the command line can all speak in
// findings without importing one another.
//
// A finding describes a problem in the input. A Go error, by contrast,
// means the tool itself could not do its job (a file that cannot be
// opened); such failures never become findings.
package lint

import (
	"fmt"
	"strings"
)

// Severity says how bad a finding is. The zero value is not a valid
// severity; rules always carry one of the three constants.
type Severity int

// The severities, from least to most severe, so that comparisons such as
// sev >= Warning work.
const (
	// Info marks a note that needs no action, such as a decoding step.
	Info Severity = iota + 1
	// Warning marks a problem that is likely to break a connection or is
	// documented as unsupported.
	Warning
	// Error marks a problem that makes Windows reject the profile or makes
	// the connection fail.
	Error
)

// String returns "info", "warning" or "error".
func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// ParseSeverity is the inverse of [Severity.String].
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "info":
		return Info, nil
	case "warning":
		return Warning, nil
	case "error":
		return Error, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}

// MarshalText encodes the severity as its name.
func (s Severity) MarshalText() ([]byte, error) {
	if s < Info || s > Error {
		return nil, fmt.Errorf("invalid severity %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Pos is a position in an input file. Line and Col are 1-based; zero means
// unknown (a DER certificate has no lines). Col counts bytes of the decoded
// UTF-8 text, as go/token does, so a UTF-16 file is counted after decoding.
type Pos struct {
	File string
	Line int
	Col  int
	// Within, when not empty, says where inside an encoded value the
	// problem lies, for values whose bytes do not map one to one onto the
	// file (a base64 value): Line and Col then give the start of the value
	// and Within reads like "in the base64 value, line 3, column 7 of the
	// decoded text". The reporter appends it to the finding's message.
	Within string
}

// String formats the position as file:line:col, leaving out the parts that
// are zero.
func (p Pos) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	return b.String()
}

// Before reports whether p comes before q in the same file: on an
// earlier line, or earlier on the same line.
func (p Pos) Before(q Pos) bool { return p.Line < q.Line || p.Line == q.Line && p.Col < q.Col }

// Related is a second location that explains a finding, such as the start
// tag of an element that was never closed or the certificate a profile value
// was compared with.
type Related struct {
	Pos     Pos
	Message string
}

// Rule describes one check. Rules are plain data declared as package-level
// values; their IDs are stable and never reused.
type Rule struct {
	// ID is the stable identifier: a family prefix (IN, VPN, EAP, CERT,
	// NPS, OVPN, AWS) and three digits.
	ID string
	// Severity is the default severity of the rule's findings. A rule may
	// report a single finding at another severity when its definition says
	// so (VPN003 is an error when a name differs only by case).
	Severity Severity
	// Title is a short lower-case phrase without a final period.
	Title string
	// Fix is one sentence saying how to repair the problem.
	Fix string
	// WindowsErrors lists what the user would otherwise see on the client:
	// error codes such as "13801" or "0x800B0109", or a short symptom.
	WindowsErrors []string
	// Citation names the Microsoft document or CSP node the rule rests on.
	Citation string
	// Doc optionally explains the rule at length for `aovpnlint explain`.
	Doc string
	// Fixable, when not empty, says what `aovpnlint fix` changes for a
	// finding of the rule that carries [Finding.Edits], and why that change
	// is certain, in one sentence. It is empty for a rule whose repair needs
	// a decision (which root, which name); a fixable rule may still report
	// findings without edits, where the correction is not certain.
	Fixable string
}

// Finding is one problem found in the input.
type Finding struct {
	Rule     *Rule
	Severity Severity
	// Message says what was found and what was expected, in lower case
	// without a final period.
	Message string
	Pos     Pos
	Related []Related
	// WindowsErrors predicted by this finding; usually the rule's.
	WindowsErrors []string
	// Fix for this finding; usually the rule's.
	Fix string
	// Omitted is not zero for a summary finding: it stands for that many
	// further findings of its rule in its file that were not listed
	// (see [MaxPerRule]).
	Omitted int
	// Edits, when not empty, are the changes that repair the finding with
	// certainty, for `aovpnlint fix`: all of them are made, or none (a
	// moved element is a deletion and an insertion). Only a rule with
	// [Rule.Fixable] set gives them. They point into the decoded text the
	// finding was read from, so they are never written out as they are.
	Edits []Edit `json:"-"`
	// Path and End describe the innermost XML element the finding lies
	// in, when the run was asked for them (aovpnlint.Options.ElementPaths)
	// and there is one: its path from the document root
	// ("VPNProfile/NativeProfile/Servers") and the position just after
	// its end tag. Reports use them for stable fingerprints and extents;
	// both are empty otherwise.
	Path string
	End  Pos
	// Suppressed, when not nil, says which suppression accepted the
	// finding. Such a finding is kept only when the run was asked to keep
	// suppressed findings (aovpnlint.Options.KeepSuppressed), for reports
	// that list them as suppressed; it never counts towards --fail-on.
	Suppressed *Suppression
}

// Suppression is the suppression that accepted a finding: a
// configuration entry or an inline comment, with its reason.
type Suppression struct {
	// Reason is the justification written with the suppression.
	Reason string
	// Pos is where the suppression is written.
	Pos Pos
	// InSource is true for an inline comment in the file checked, false
	// for an entry of the configuration file.
	InSource bool
}

// String formats the finding the way the text output does:
// file:line:col: severity: message [ID].
func (f Finding) String() string {
	return fmt.Sprintf("%s: %s: %s [%s]", f.Pos, f.Severity, f.Message, f.Rule.ID)
}
