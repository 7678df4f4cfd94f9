package winerr

import "testing"

// TestLookupText finds an error by the text Windows shows or writes to
// the event log, as users paste it: whole, in part (three words or
// more), in another case, or the whole RasClient event 20227 with its
// code. Before, "IKE authentication credentials are unacceptable" found
// nothing.
func TestLookupText(t *testing.T) {
	cases := map[string]string{
		"IKE authentication credentials are unacceptable.": "ERROR_IPSEC_IKE_AUTH_FAIL",
		"ike authentication credentials":                   "ERROR_IPSEC_IKE_AUTH_FAIL",
		"The user CORP\\alice dialed a connection named AOVPN which has failed. The error code returned on failure is 13801.": "ERROR_IPSEC_IKE_AUTH_FAIL",
		"The error code returned on failure is -2146762487.":                                                                  "CERT_E_UNTRUSTEDROOT",
		"A certificate chain processed, but terminated in a root certificate which is not trusted by the trust provider.":     "CERT_E_UNTRUSTEDROOT",
		"The revocation function was unable to check revocation because the revocation server was offline.":                   "CRYPT_E_REVOCATION_OFFLINE",
		"Policy match error": "ERROR_IPSEC_IKE_POLICY_MATCH",
		"IKE failed to find valid machine certificate. Contact your Network Security Administrator about installing a valid certificate in the appropriate Certificate Store.":                                                                                               "ERROR_IPSEC_IKE_NO_CERT",
		"The connection was prevented because of a policy configured on your RAS/VPN server. Specifically, the authentication method used by the server to verify your username and password may not match the authentication method configured in your connection profile.": "ERROR_SERVER_POLICY",
		"A certificate could not be found that can be used with this Extensible Authentication Protocol.":                                                                                                                                                                    "ERROR_NO_EAPTLS_CERTIFICATE",
	}
	for q, want := range cases {
		for _, f := range []func(string) []*Entry{Lookup, LookupText} {
			got := f(q)
			if len(got) != 1 || got[0].Name != want {
				var names []string
				for _, e := range got {
					names = append(names, e.Name)
				}
				t.Errorf("%q found %v, want [%s]", q, names, want)
			}
		}
	}
	// Words that name nothing, and a number at the start that LookupText
	// does not read as a code (Lookup does: "809 with large chains").
	for _, q := range []string{"", "the", "13801 nonsense", "nonsense 13801"} {
		if got := LookupText(q); len(got) != 0 {
			t.Errorf("LookupText(%q) found %d entries, want none", q, len(got))
		}
	}
	if got := Lookup("13801 nonsense"); len(got) != 1 || got[0].Code != 13801 {
		t.Errorf("Lookup(13801 nonsense) = %v", got)
	}
	// Text held by two messages finds both.
	if got := LookupText("unable to check revocation"); len(got) != 2 {
		t.Errorf("unable to check revocation: %d entries, want the two revocation errors", len(got))
	}
}

// TestMessagesAreNotMeanings keeps Messages what Windows says: each ends
// with a period, as Windows' texts do, and none is empty.
func TestMessagesAreNotMeanings(t *testing.T) {
	for _, e := range Entries() {
		for _, m := range e.Messages {
			if m == "" || m[len(m)-1] != '.' {
				t.Errorf("%s: message %q is not a sentence as Windows writes it", e.Display(), m)
			}
		}
	}
}
