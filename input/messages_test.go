package input_test

import (
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/input"
)

// problems returns the messages of the problems Read records for data.
func problems(data string) []string {
	var out []string
	for _, p := range input.Read("f", []byte(data), input.Limits{}).Problems {
		out = append(out, p.Pos.String()+": "+p.Message)
	}
	return out
}

// TestMarkerAfterNonASCII checks that a run-time marker is found where it
// is written after text whose lower case is shorter or longer ("ẞ", "İ").
func TestMarkerAfterNonASCII(t *testing.T) {
	got := problems("$a = 1\n" + strings.Repeat("ẞİ", 40) + "\n$ProfileXML = New-Object System.Xml.XmlDocument\n")
	if len(got) != 1 || !strings.HasPrefix(got[0], "f:3:1: ") || !strings.Contains(got[0], "($ProfileXML at line 3)") {
		t.Errorf("problems %q", got)
	}
}

// TestInterpolatedVariables checks the IN004 list of variables: each once,
// at most five, and none from inside a secret.
func TestInterpolatedVariables(t *testing.T) {
	got := problems(`$ProfileXML = "<VPNProfile><L2tpPsk>k$Secret0</L2tpPsk>$a $b $a $c $d $e $f $g</VPNProfile>"`)
	if len(got) != 1 || !strings.Contains(got[0], "interpolates text inside <L2tpPsk> not shown, it is a secret, $a, $b, $c, $d, and other variables;") || strings.Contains(got[0], "Secret0") {
		t.Errorf("problems %q", got)
	}
}

// TestQuotedNames checks that names and values from a file are cut and
// escaped in messages.
func TestQuotedNames(t *testing.T) {
	long := strings.Repeat("N", 200)
	got := problems("<" + long + "/>")
	if len(got) != 1 || !strings.Contains(got[0], "holds <"+strings.Repeat("N", 57)+"...>") {
		t.Errorf("root name: %q", got)
	}
	got = problems(`{"omaSettings":[{"displayName":"a\u001b[31mb","omaUri":"./Vendor/MSFT/VPNv2/A/ProfileXML","isEncrypted":true,"secretReferenceValueId":"` + long + `"}]}`)
	if len(got) != 1 || !strings.Contains(got[0], `"a\x1b[31mb"`) || strings.Contains(got[0], long[:61]) {
		t.Errorf("Intune names: %q", got)
	}
	got = problems("[\"a\\\x01\"]")
	if len(got) != 1 || !strings.Contains(got[0], `invalid escape \\x01`) {
		t.Errorf("JSON escape: %q", got)
	}
}

// TestBase64Unpadded checks base64 values without padding, which decode
// to more bytes than their padded length says (FuzzIntune found a panic).
func TestBase64Unpadded(t *testing.T) {
	for _, v := range []string{"00", "PFZQTlByb2ZpbGUvPg", "PA"} {
		f := input.Read("f", []byte(`{"eapXml":"`+v+`"}`), input.Limits{})
		if len(f.Problems)+len(f.Docs) == 0 {
			t.Errorf("%q: nothing read and nothing said", v)
		}
	}
}
