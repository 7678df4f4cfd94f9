package lint

// Edit is one change that repairs a finding: the bytes Start to End of a
// decoded text (In) replaced by New. The text is the one the finding was
// read from (a document, or the text of one of its elements), so that a
// rule states the change as the document reads it; `aovpnlint fix` maps it
// back through whatever wraps the document (an escaped string, a
// here-string, base64, UTF-16) to the file's bytes.
//
// Start equal to End is an insertion. New is the text as the document
// reads it. When From is not empty, New is a copy of those ranges of In,
// in order (an element moved elsewhere): the bytes they are written with
// in the file are copied, in the wrapper's own escaping, rather than New
// being written anew. Otherwise New is written as it is, so it holds only
// characters that no wrapper escapes (see package srctext's Lift).
type Edit struct {
	// In is the decoded text the offsets count in; package srctext's
	// *Text implements it.
	In Source
	// Start and End are the offsets in In of the bytes replaced.
	Start, End int
	// New is the replacement, as the document reads it.
	New string
	// From, when not empty, lists the ranges of In that New copies.
	From []Range
}

// Range is a range of offsets of a decoded text: Start to End, End
// excluded.
type Range struct{ Start, End int }

// Source is the decoded text an [Edit] points into: it maps an offset to
// the position in the file, for messages about the change.
type Source interface {
	Pos(off int) Pos
}

// Pos returns the position in the file where the edit starts.
func (e Edit) Pos() Pos {
	if e.In == nil {
		return Pos{}
	}
	return e.In.Pos(e.Start)
}

// Replacement is an edit as it is made in the file: the text between
// Start and End (positions as a finding's, End after the last byte
// replaced; equal for an insertion) replaced by Text, written as the file
// writes it, in the escaping of what wraps the document. Package input
// works them out (input.Replacements) for reports that offer the change.
type Replacement struct {
	Start, End Pos
	Text       string
}
