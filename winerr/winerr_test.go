package winerr

import (
	"fmt"
	"testing"
)

func TestLookupForms(t *testing.T) {
	cases := map[string]string{
		"13801":                                "ERROR_IPSEC_IKE_AUTH_FAIL",
		"0x35E9":                               "ERROR_IPSEC_IKE_AUTH_FAIL",
		"0x800735E9":                           "ERROR_IPSEC_IKE_AUTH_FAIL", // HRESULT_FROM_WIN32
		"812":                                  "ERROR_SERVER_POLICY",
		"0x800B0109":                           "CERT_E_UNTRUSTEDROOT",
		"0x800b0109":                           "CERT_E_UNTRUSTEDROOT",
		"800B0109":                             "CERT_E_UNTRUSTEDROOT",
		"-2146762487":                          "CERT_E_UNTRUSTEDROOT",
		"2148204809":                           "CERT_E_UNTRUSTEDROOT", // the same bits, unsigned
		"-2146885613":                          "CRYPT_E_REVOCATION_OFFLINE",
		"-2147024832":                          "ERROR_NETNAME_DELETED",
		"cert_e_untrustedroot":                 "CERT_E_UNTRUSTEDROOT",
		"ERROR_EAP_SERVER_ROOT_CERT_NOT_FOUND": "ERROR_EAP_SERVER_ROOT_CERT_NOT_FOUND",
		"809 with large certificate chains":    "ERROR_VPN_TIMEOUT",
		"oops":                                 `Entra ID: "Oops, you can't get to this yet"`,
		"Oops, you can’t get to this yet":      `Entra ID: "Oops, you can't get to this yet"`,
		"No such host is known":                "No such host is known",
	}
	for q, want := range cases {
		got := Lookup(q)
		if len(got) != 1 || got[0].Name != want {
			var names []string
			for _, e := range got {
				names = append(names, e.Name)
			}
			t.Errorf("Lookup(%q) = %v, want [%s]", q, names, want)
		}
	}
	for _, q := range []string{"", "12345", "0xZZ", "-1", "VPN041", "banana"} {
		if got := Lookup(q); len(got) != 0 {
			t.Errorf("Lookup(%q) found %d entries, want none", q, len(got))
		}
	}
}

func TestDisplay(t *testing.T) {
	for q, want := range map[string]string{"812": "812", "0x800B0109": "0x800B0109 (-2146762487)", "oops": `Entra ID: "Oops, you can't get to this yet"`} {
		if got := Lookup(q)[0].Display(); got != want {
			t.Errorf("Display of %s = %q, want %q", q, got, want)
		}
	}
}

// TestTableShape checks the table's own invariants: unique codes and
// names, a meaning and causes everywhere, and NoFile exactly when no
// cause names a rule.
func TestTableShape(t *testing.T) {
	codes, names := map[uint32]bool{}, map[string]bool{}
	for _, e := range Entries() {
		if e.Code != 0 && codes[e.Code] || names[e.Name] {
			t.Errorf("%s listed twice", e.Display())
		}
		codes[e.Code], names[e.Name] = true, true
		if e.Meaning == "" || len(e.Causes) == 0 {
			t.Errorf("%s has no meaning or no cause", e.Display())
		}
		if hasRules := len(e.Rules()) > 0; hasRules == (e.NoFile != "") {
			t.Errorf("%s: NoFile must be set exactly when no cause lists a rule (rules %v, NoFile %q)", e.Display(), e.Rules(), e.NoFile)
		}
		if e.Code == 0 && len(e.Phrases) == 0 {
			t.Errorf("symptom %q has no phrase to find it by", e.Name)
		}
	}
}

func ExampleLookup() {
	for _, q := range []string{"-2146762487", "13801", "oops"} {
		e := Lookup(q)[0]
		fmt.Printf("%s: %s %v\n", q, e.Display(), e.Rules()[:2])
	}
	// Output:
	// -2146762487: 0x800B0109 (-2146762487) [CERT030 CERT033]
	// 13801: 13801 [VPN070 VPN010]
	// oops: Entra ID: "Oops, you can't get to this yet" [VPN041 EAP035]
}
