package input_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/internal/fuzzlimit"
	"github.com/aovpnlint/aovpnlint/lint"
)

// secretMark starts every fuzzed pre-shared key: it lies inside the secret
// whatever follows it, so no finding may ever show it.
const secretMark = "Qs3kR"

// referenceForms are ways of writing '<' and '>' in the SyncML Data of
// referenceWrap: character references with and without leading zeros, in
// hexadecimal of either case, escaped again, and forms no XML decoder
// reads.
var referenceForms = [][2]string{
	{"&#060;", "&#062;"}, {"&#x003c;", "&#x003E;"}, {"&#0000060;", "&#62;"}, {"&#X3C;", "&#X3E;"},
	{"&amp;#060;", "&amp;#062;"}, {"&#38;lt;", "&#38;gt;"}, {"&#x26;#x3c;", "&#x26;#x3e;"},
	{"&LT;", "&GT;"}, {`\u003c`, `\u003e`},
}

// referenceWrap puts doc in the Data of a SyncML message with its '<' and
// '>' written as form says and its '&' left raw, as a careless exporter
// does: a key holding '&' makes the message not well-formed, and extract
// then prints it as read.
func referenceWrap(doc string, form [2]string) []byte {
	data := strings.NewReplacer("<", form[0], ">", form[1]).Replace(doc)
	return []byte("<SyncML><SyncBody><Add><Item><Target><LocURI>./Vendor/MSFT/VPNv2/A/ProfileXML</LocURI></Target><Data>" + data + "</Data></Item></Add></SyncBody></SyncML>")
}

// FuzzSecretNeverShown wraps a pre-shared key of any content in a profile,
// in one of the wrappers, and checks that no finding of any rule, and no
// document extract would print, shows the start of the key.
func FuzzSecretNeverShown(f *testing.F) {
	wrappers := len(multiWrappers) + len(referenceForms) + 1
	for _, psk := range []string{"&Amp0", "</Lx0", "<b/>Tail0", "<Zq1>x</Zq1>", "$Dollar0", "\x01", "]]>", "<![CDATA[", "&#", "<?xml version='9'?>", "<a b='1' b='2'/>", "</L2tpPsk><L2tpPsk>",
		"Zx9Qw7&Secr3tPart", "&#060;/L2tpPsk&#062;", "&#x003c;/L2tpPsk&#x003e;", "&amp;#060;", "&#38;lt;/L2tpPsk", "\\u003c/L2tpPsk"} {
		for w := range wrappers {
			f.Add(byte(w), []byte(psk))
		}
	}
	f.Fuzz(func(t *testing.T, w byte, psk []byte) {
		if bytes.Contains(psk, []byte(secretMark)) {
			return // the mark must appear only at the start of the secret
		}
		doc := "<VPNProfile><NativeProfile><NativeProtocolType>L2tp</NativeProtocolType><L2tpPsk>" + secretMark + string(psk) + "</L2tpPsk></NativeProfile></VPNProfile>"
		data := []byte(doc)
		switch i := int(w) % wrappers; {
		case i < len(multiWrappers):
			if multiWrappers[i].eap {
				doc = strings.ReplaceAll(strings.ReplaceAll(doc, "<VPNProfile>", "<EapHostConfig>"), "</VPNProfile>", "</EapHostConfig>")
			}
			data = []byte(multiWrappers[i].wrap([]string{doc}))
		case i < len(multiWrappers)+len(referenceForms):
			data = referenceWrap(doc, referenceForms[i-len(multiWrappers)])
		}
		var findings []lint.Finding
		var outs [][]byte
		fuzzlimit.Run(t, len(data), func() {
			findings = check("f.xml", data)
			for _, d := range input.Read("f.xml", data, input.Limits{}).Docs {
				if out, err := d.Pretty(); err == nil {
					outs = append(outs, out)
				}
			}
		})
		for _, fd := range findings {
			all := fd.Message
			for _, r := range fd.Related {
				all += r.Message
			}
			if strings.Contains(all, secretMark) {
				t.Fatalf("%s shows the secret: %s", fd.Rule.ID, all)
			}
		}
		for _, out := range outs {
			if bytes.Contains(out, []byte(secretMark)) {
				t.Fatalf("extract shows the secret:\n%s", out)
			}
		}
	})
}
