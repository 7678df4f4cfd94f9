package input

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
)

// An Intune export is Microsoft Graph JSON: a windows10CustomConfiguration
// whose omaSettings hold the ProfileXML under an OMA-URI ending in
// /ProfileXML (omaSettingString: the XML as a string; omaSettingStringXml:
// base64 of the file's bytes), or a windows10VpnConfiguration whose eapXml
// is base64. Exports may be a single object, an array, or a Graph list
// response ({"value": [...]}); every object is searched.

// intune extracts the documents of an Intune Graph export.
func (r *reader) intune(t *srctext.Text) {
	v, count, err := parseJSON(t, r.lim.MaxDepth, r.budget().Left())
	if err != nil {
		if err.limit {
			r.f.problem(OverLimit, t.Pos(err.off), "%s; the file was not checked", err.msg)
			return
		}
		r.f.unsupported(t.Pos(err.off), "the file starts like JSON but is not valid JSON ("+err.msg+")")
		return
	}
	r.budget().Take(count) // the JSON values are nodes of the file
	found := 0
	var walk func(v *jsonValue)
	walk = func(v *jsonValue) {
		if r.full {
			return
		}
		if v.kind == 'o' {
			if s := v.field("omaSettings"); s != nil && s.kind == 'a' {
				for _, setting := range s.vals {
					if r.omaSetting(t, v, setting) {
						found++
					}
				}
			}
			if e := v.field("eapXml"); e != nil && e.kind == 's' {
				found++
				r.base64Doc(t, e, "eapXml of the Intune VPN configuration "+displayName(t, v), "")
			}
		}
		for _, c := range v.vals {
			walk(c)
		}
	}
	walk(v)
	if found == 0 {
		r.f.unsupported(t.Pos(v.start), "the JSON holds no Intune OMA-URI setting ending in /ProfileXML and no eapXml")
	}
}

// omaSetting extracts one OMA-URI setting if it is a ProfileXML.
func (r *reader) omaSetting(t *srctext.Text, config, s *jsonValue) bool {
	uri := stringField(t, s, "omaUri")
	if !strings.HasSuffix(strings.ToLower(strings.TrimSpace(uri)), "/profilexml") {
		return false
	}
	origin := fmt.Sprintf("Intune OMA-URI setting %s (%s)", displayName(t, s), quoteField(t, s, "omaUri"))
	if enc := s.field("isEncrypted"); enc != nil && enc.kind == 't' {
		at := s.start
		if v := s.field("value"); v != nil && v.kind == 's' {
			at = v.start + 1 // the value's first character, as for base64 values
		}
		ref := quoteField(t, s, "secretReferenceValueId")
		if ref == "" {
			ref = "<id>"
		}
		r.f.problem(NotExtractable, t.Pos(at),
			"the %s is encrypted (isEncrypted: true), so the export does not hold the ProfileXML; export the plain text with getOmaSettingPlainTextValue(secretReferenceValueId='%s') and check that",
			origin, ref)
		return true
	}
	v := s.field("value")
	if v == nil || v.kind != 's' {
		r.f.problem(NotExtractable, t.Pos(s.start), "the %s has no string value", origin)
		return true
	}
	typ := stringField(t, s, "@odata.type")
	if strings.HasSuffix(typ, "omaSettingStringXml") {
		r.base64Doc(t, v, origin, uri)
		return true
	}
	if !r.decoded(v.textCost(t), t.Pos(v.start+1)) {
		return true
	}
	text, escaped := v.text(t)
	if !bytes.HasPrefix(bytes.TrimSpace(text.Data), []byte("<")) && !strings.HasSuffix(typ, "omaSettingString") {
		r.base64Doc(t, v, origin, uri)
		return true
	}
	if escaped {
		r.f.note("JSON string escapes decoded")
	}
	r.document(text, origin, uri)
	return true
}

// base64Doc decodes a base64 string value and parses it. Findings inside
// it point at the value, and say where in the decoded text they are.
func (r *reader) base64Doc(t *srctext.Text, v *jsonValue, origin, uri string) {
	at := t.Pos(v.start + 1)
	// One copy of the value, without JSON escapes and white space, and one
	// of the bytes it encodes.
	raw, _ := decodeJSONString(t.Data, v.start, v.end)
	compact := raw[:0]
	for _, c := range raw {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			compact = append(compact, c)
		}
	}
	// Without padding the value may decode to more bytes than with it.
	size := base64.RawStdEncoding.DecodedLen(len(compact))
	if !r.decoded(int64(len(compact)+size), at) {
		return
	}
	decoded := make([]byte, size)
	n, err := base64.StdEncoding.Decode(decoded, compact)
	if err != nil {
		n, err = base64.RawStdEncoding.Decode(decoded, bytes.TrimRight(compact, "="))
	}
	decoded = decoded[:n]
	if err != nil {
		var cie base64.CorruptInputError
		detail := err.Error()
		if errors.As(err, &cie) {
			detail = fmt.Sprintf("invalid base64 data at byte %d of the value", int64(cie))
		}
		r.f.problem(NotExtractable, at, "the %s is not valid base64 (%s)", origin, detail)
		return
	}
	if len(bytes.TrimSpace(decoded)) == 0 {
		r.f.problem(NotExtractable, at, "the %s is empty", origin)
		return
	}
	r.f.note("base64 value decoded")
	// Decoding UTF-16 or Windows-1252 makes another copy, at most three
	// times as long.
	if !utf8.Valid(decoded) && !r.decoded(3*int64(len(decoded)), at) {
		return
	}
	text, _, notes := decodeText(decoded)
	for _, n := range notes {
		r.f.note(n + " (inside a base64 value)")
	}
	r.document(t.Opaque(text, v.start+1, "base64 value"), origin, uri)
}

func stringField(t *srctext.Text, o *jsonValue, key string) string {
	v := o.field(key)
	if v == nil || v.kind != 's' {
		return ""
	}
	s, _ := decodeJSONString(t.Data, v.start, v.end)
	return string(s)
}

// quoteField returns a string member of o for a message, quoted through
// srctext's Quote, or "" when there is none.
func quoteField(t *srctext.Text, o *jsonValue, key string) string {
	v := o.field(key)
	if v == nil || v.kind != 's' {
		return ""
	}
	text, _ := v.text(t)
	return text.Quote(0, len(text.Data))
}

func displayName(t *srctext.Text, o *jsonValue) string {
	if n := quoteField(t, o, "displayName"); n != "" {
		return `"` + n + `"`
	}
	return "(unnamed)"
}
