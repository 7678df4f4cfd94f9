package xmldoc

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/srctext"
)

// exportLike writes a document shaped like an NPS configuration export
// (nps's BenchmarkRead generates a real one): policies and clients, each a
// named element holding Properties with typed leaves, CR LF line ends and
// tab indents, about 1.5 KB per item.
func exportLike(items int) []byte {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\"?>\r\n<Root xmlns:dt=\"urn:schemas-microsoft-com:datatypes\">\r\n\t<Children>\r\n")
	for i := range items {
		fmt.Fprintf(&b, "\t\t<Item_%d name=\"Item %d\">\r\n\t\t\t<Properties>\r\n", i, i)
		for k, v := range []string{"{00000000-0000-0000-0000-000000000000}", "1", "10.0.0.1", "Always On VPN &amp; more", "0", "13010000000000000000000000000000", "not-a-real-secret"} {
			fmt.Fprintf(&b, "\t\t\t\t<Prop_%d xmlns:dt=\"urn:schemas-microsoft-com:datatypes\" dt:dt=\"string\">%s</Prop_%d>\r\n", k, v, k)
		}
		b.WriteString("\t\t\t</Properties>\r\n\t\t</Item_" + fmt.Sprint(i) + ">\r\n")
	}
	b.WriteString("\t</Children>\r\n</Root>\r\n")
	return []byte(b.String())
}

// benchDocs are the documents of BenchmarkParse: an export-like document
// of about 1 MB, and a real profile (a corpus file, when the shared
// corpus is beside the repository).
func benchDocs(b *testing.B) map[string][]byte {
	docs := map[string][]byte{"export-1MB": exportLike(700)}
	if data, err := os.ReadFile("../../fixtures/scenario/profiles/user-tunnel.xml"); err == nil {
		docs["profile"] = data
	}
	return docs
}

// BenchmarkParse parses documents with Parse ("parse"), with the
// encoding/xml implementation it replaced ("reference"), and reads their
// tokens with encoding/xml's Token alone ("token"), the yardstick of
// issue 17: Parse does more than Token (positions, the tree, the checks
// Token leaves out), and should cost no more.
func BenchmarkParse(b *testing.B) {
	for name, data := range benchDocs(b) {
		lim := Limits{MaxDepth: 256, MaxElements: 10_000_000}
		b.Run(name+"/parse", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(srctext.New("f", data), lim); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/reference", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := refParse(srctext.New("f", data), lim); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/token", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				dec := xml.NewDecoder(bytes.NewReader(data))
				dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
				for {
					if _, err := dec.Token(); err == io.EOF {
						break
					} else if err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
