package input_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/lint"
	"github.com/aovpnlint/aovpnlint/profile"
)

// edits returns the edits of a file's profile findings, one group each.
func edits(t *testing.T, f *input.File) [][]lint.Edit {
	t.Helper()
	var groups [][]lint.Edit
	for _, d := range f.Docs {
		if d.Kind != input.Profile || d.XML == nil {
			continue
		}
		for _, fd := range profile.Lint(profile.Parse(d.XML), profile.Options{}) {
			if len(fd.Edits) > 0 {
				groups = append(groups, fd.Edits)
			}
		}
	}
	if len(groups) == 0 {
		t.Fatal("no finding with edits")
	}
	return groups
}

const rewriteProfile = "<VPNProfile>\n  <AlwaysOn>True</AlwaysOn>\n  <NativeProfile>\n    <Servers>vpn.example.com</Servers>\n    <NativeProtocolType>IKEv2</NativeProtocolType>\n    <Authentication><MachineMethod>Certificate</MachineMethod></Authentication>\n  </NativeProfile>\n</VPNProfile>\n"

// TestRewriteEncoding: a file is written back in the encoding it was read
// in, and one whose bytes would not come back exactly is not rewritten.
func TestRewriteEncoding(t *testing.T) {
	utf16 := func(s string, bom bool) []byte {
		var b []byte
		if bom {
			b = []byte{0xFF, 0xFE}
		}
		for _, r := range s {
			b = append(b, byte(r), byte(r>>8))
		}
		return b
	}
	fixed := strings.Replace(rewriteProfile, "True", "true", 1)
	for _, tc := range []struct {
		name         string
		data, want   []byte
		notRewritten string
	}{
		{"UTF-16 LE with BOM", utf16(rewriteProfile, true), utf16(fixed, true), ""},
		{"UTF-16 LE without BOM", utf16(rewriteProfile, false), utf16(fixed, false), ""},
		{"Windows-1252", []byte("<!-- \xe9t\xe9 -->" + rewriteProfile), []byte("<!-- \xe9t\xe9 -->" + fixed), ""},
		{"UTF-16 with an odd trailing byte", append(utf16(rewriteProfile, true), 'x'), nil, "cannot be written back exactly"},
		{"UTF-16 with an unpaired surrogate", append(append(utf16("<!-- ", true), 0x00, 0xD8), utf16(" -->"+rewriteProfile, false)...), nil, "cannot be written back exactly"},
		{"Windows-1252 with an undefined byte", []byte("<!-- \x81 -->" + rewriteProfile), nil, "cannot be written back exactly"},
	} {
		f := input.Read("p.xml", tc.data, input.Limits{})
		rw, err := f.Rewrite(edits(t, f), input.Limits{})
		var nr *input.NotRewritable
		switch {
		case tc.notRewritten != "":
			if !errors.As(err, &nr) || !strings.Contains(nr.Why, tc.notRewritten) || rw.Data != nil {
				t.Errorf("%s: error %v, data %q; want it left as it is, %q", tc.name, err, rw.Data, tc.notRewritten)
			}
		case err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case !bytes.Equal(rw.Data, tc.want):
			t.Errorf("%s: %q, want %q", tc.name, rw.Data, tc.want)
		}
	}
}

// TestRewriteReadsBack: a change that would make the wrapper read another
// document than the one corrected is not made. Here the element to move is
// in a CDATA section and its new place in escaped text, where its bytes,
// copied as written, would be markup of the SyncML message.
func TestRewriteReadsBack(t *testing.T) {
	msg := `<SyncML><SyncBody><Add><Item><Target><LocURI>./Vendor/MSFT/VPNv2/T/ProfileXML</LocURI></Target><Data><![CDATA[<VPNProfile>
  <AlwaysOn>true</AlwaysOn>
  <NativeProtocolType>IKEv2</NativeProtocolType>
]]>&lt;NativeProfile&gt;
    &lt;Servers&gt;vpn.example.com&lt;/Servers&gt;
  &lt;/NativeProfile&gt;
&lt;/VPNProfile&gt;</Data></Item></Add></SyncBody></SyncML>
`
	f := input.Read("m.xml", []byte(msg), input.Limits{})
	rw, err := f.Rewrite(edits(t, f), input.Limits{})
	var nr *input.NotRewritable
	if !errors.As(err, &nr) || !strings.Contains(nr.Why, "would not read back") || rw.Data != nil {
		t.Fatalf("error %v, data %q; want the message left as it is", err, rw.Data)
	}
}

// TestRewriteWMI: a WMI listing is never rewritten.
func TestRewriteWMI(t *testing.T) {
	f := input.Read("w.txt", []byte("ProfileXML              : <VPNProfile><AlwaysOn>True</AlwaysOn><NativeProfile><Servers>vpn.example.com</Servers></NativeProfile></VPNProfile>\r\nAlwaysOn                : True\r\n"), input.Limits{})
	if f.Kind != input.WMI {
		t.Fatalf("read as %s", f.Kind)
	}
	_, err := f.Rewrite(edits(t, f), input.Limits{})
	var nr *input.NotRewritable
	if !errors.As(err, &nr) || !strings.Contains(nr.Why, "WMI listing") {
		t.Errorf("error %v; want a WMI listing left as it is", err)
	}
}

// TestRewriteOverlap: of two groups that change the same bytes, the first
// is made and the second deferred.
func TestRewriteOverlap(t *testing.T) {
	f := input.Read("p.xml", []byte(rewriteProfile), input.Limits{})
	g := edits(t, f)[0]
	other := []lint.Edit{{In: g[0].In, Start: g[0].Start, End: g[0].End, New: "false"}}
	rw, err := f.Rewrite([][]lint.Edit{g, other}, input.Limits{})
	if err != nil || len(rw.Made) != 1 || rw.Made[0] != 0 || len(rw.Deferred) != 1 || rw.Deferred[0] != 1 {
		t.Fatalf("made %v, deferred %v, error %v; want the first made, the second deferred", rw.Made, rw.Deferred, err)
	}
	if !bytes.Contains(rw.Data, []byte("<AlwaysOn>true</AlwaysOn>")) {
		t.Errorf("result %q", rw.Data)
	}
}

// TestWithheld: a secret and a base64 value that encodes one are withheld.
func TestWithheld(t *testing.T) {
	f := input.Read("p.xml", []byte("<VPNProfile><NativeProfile><L2tpPsk>s3cret</L2tpPsk></NativeProfile></VPNProfile>"), input.Limits{})
	w := f.Withheld()
	if len(w) != 1 || string(f.Text.Data[w[0].Start:w[0].End]) != "s3cret" {
		t.Errorf("withheld %v", w)
	}
	// base64 of <VPNProfile><L2tpPsk>x</L2tpPsk></VPNProfile>
	const value = "PFZQTlByb2ZpbGU+PEwydHBQc2s+eDwvTDJ0cFBzaz48L1ZQTlByb2ZpbGU+"
	j := `{"omaSettings": [{"@odata.type": "#microsoft.graph.omaSettingStringXml", "omaUri": "./Vendor/MSFT/VPNv2/T/ProfileXML", "value": "` + value + `"}]}`
	f = input.Read("i.json", []byte(j), input.Limits{})
	w = f.Withheld()
	if len(w) != 1 || string(f.Text.Data[w[0].Start:w[0].End]) != value {
		t.Errorf("withheld %v in %s", w, j)
	}
}

// TestRewriteOutside: an edit whose offsets, or the offsets it copies,
// lie outside its text is refused, and its group only: the other groups
// are made.
func TestRewriteOutside(t *testing.T) {
	f := input.Read("p.xml", []byte(rewriteProfile), input.Limits{})
	good := edits(t, f)[0]
	for _, bad := range []lint.Edit{
		{In: f.Text, Start: 0, End: 1 << 40, New: "x"},
		{In: f.Text, Start: -1, End: 2, New: "x"},
		{In: f.Text, Start: 3, End: 2, New: "x"},
		{In: f.Text, Start: 0, End: 1, From: []lint.Range{{Start: 0, End: 1 << 40}}},
	} {
		out, err := f.Rewrite([][]lint.Edit{{bad}, good}, input.Limits{})
		if err != nil {
			t.Fatalf("%+v: %v", bad, err)
		}
		if len(out.Refused) != 1 || out.Refused[0].Group != 0 || !strings.Contains(out.Refused[0].Why, "outside its text") || len(out.Made) != 1 || out.Made[0] != 1 {
			t.Errorf("%+v: refused %+v, made %v; want the bad group refused as outside its text and the other made", bad, out.Refused, out.Made)
		}
	}
}
