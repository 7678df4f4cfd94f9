package input

import (
	"errors"
	"slices"

	"github.com/aovpnlint/aovpnlint/internal/secret"
	"github.com/aovpnlint/aovpnlint/internal/srctext"
	"github.com/aovpnlint/aovpnlint/lint"
)

// Replacements returns the edits of one finding as they are made in the
// file's decoded text, where they are written, in the wrapper's own
// escaping (a base64 value encoded again whole): for a report that offers
// the change, as SARIF's fixes do. Unlike [File.Rewrite] it does not read
// the result back, and `aovpnlint fix` makes more checks before it changes
// a file. It fails when an edit cannot be made exactly, and when a
// replacement would show a secret: it deletes or copies text inside one,
// or re-encodes a base64 value whose document holds one.
func Replacements(edits []lint.Edit) ([]lint.Replacement, error) {
	var root *srctext.Text
	at := map[*srctext.Text][]pendingChange{}
	add := func(t *srctext.Text, ch srctext.Change) {
		at[t] = append(at[t], pendingChange{groups: []int{0}, text: t, ch: ch})
	}
	for _, e := range edits {
		t, ok := e.In.(*srctext.Text)
		if !ok {
			return nil, errors.New("the edit does not point into a text aovpnlint read")
		}
		t, ch, err := liftToStop(t, srctext.EditChange(e), nil)
		if err != nil {
			return nil, err
		}
		if r := rootOf(t); root != nil && r != root {
			return nil, errors.New("the edits point into two files")
		} else {
			root = r
		}
		add(t, ch)
	}
	for {
		var stop *srctext.Text
		for t := range at {
			if t != root && (stop == nil || t.Depth() > stop.Depth()) {
				stop = t
			}
		}
		if stop == nil {
			break
		}
		if len(secret.Find(stop.Data)) > 0 {
			return nil, errors.New("the change re-encodes a value that holds a secret")
		}
		made, err := encodeValue(stop, at[stop])
		if err != nil {
			return nil, err
		}
		delete(at, stop)
		t, ch, err := liftToStop(made.text, made.ch, nil)
		if err != nil {
			return nil, err
		}
		add(t, ch)
	}
	var out []lint.Replacement
	for _, p := range at[root] {
		c := p.ch
		if _, ok := root.Secret(c.Start, max(c.End, c.Start+1)); ok {
			return nil, errors.New("the change touches a secret")
		}
		var text []byte
		for _, piece := range c.Pieces {
			if !piece.Copy {
				text = append(text, piece.Lit...)
				continue
			}
			if _, ok := root.Secret(piece.Start, piece.End); ok {
				return nil, errors.New("the change copies a secret")
			}
			text = append(text, root.Data[piece.Start:piece.End]...)
		}
		out = append(out, lint.Replacement{Start: root.Pos(c.Start), End: root.Pos(c.End), Text: string(text)})
	}
	slices.SortStableFunc(out, func(a, b lint.Replacement) int {
		if a.Start.Before(b.Start) {
			return -1
		}
		if b.Start.Before(a.Start) {
			return 1
		}
		return 0
	})
	return out, nil
}
