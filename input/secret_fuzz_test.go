package input_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/input"
)

// secretMark starts every fuzzed pre-shared key: it lies inside the secret
// whatever follows it, so no finding may ever show it.
const secretMark = "Qs3kR"

// FuzzSecretNeverShown wraps a pre-shared key of any content in a profile,
// in one of the wrappers, and checks that no finding of any rule, and no
// document extract would print, shows the start of the key.
func FuzzSecretNeverShown(f *testing.F) {
	for _, psk := range []string{"&Amp0", "</Lx0", "<b/>Tail0", "<Zq1>x</Zq1>", "$Dollar0", "\x01", "]]>", "<![CDATA[", "&#", "<?xml version='9'?>", "<a b='1' b='2'/>", "</L2tpPsk><L2tpPsk>"} {
		for w := range len(multiWrappers) + 1 {
			f.Add(byte(w), []byte(psk))
		}
	}
	f.Fuzz(func(t *testing.T, w byte, psk []byte) {
		if bytes.Contains(psk, []byte(secretMark)) {
			return // the mark must appear only at the start of the secret
		}
		doc := "<VPNProfile><NativeProfile><NativeProtocolType>L2tp</NativeProtocolType><L2tpPsk>" + secretMark + string(psk) + "</L2tpPsk></NativeProfile></VPNProfile>"
		data := []byte(doc)
		if i := int(w) % (len(multiWrappers) + 1); i < len(multiWrappers) {
			if multiWrappers[i].eap {
				doc = strings.ReplaceAll(strings.ReplaceAll(doc, "<VPNProfile>", "<EapHostConfig>"), "</VPNProfile>", "</EapHostConfig>")
			}
			data = []byte(multiWrappers[i].wrap([]string{doc}))
		}
		for _, fd := range check("f.xml", data) {
			all := fd.Message
			for _, r := range fd.Related {
				all += r.Message
			}
			if strings.Contains(all, secretMark) {
				t.Fatalf("%s shows the secret: %s", fd.Rule.ID, all)
			}
		}
		for _, d := range input.Read("f.xml", data, input.Limits{}).Docs {
			if out, ok := d.Pretty(); ok && bytes.Contains(out, []byte(secretMark)) {
				t.Fatalf("extract shows the secret:\n%s", out)
			}
		}
	})
}
