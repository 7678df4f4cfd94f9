package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// unreadSamples are the files of ../shared/samples/certs that aovpnlint
// does not read, each with the reason; every other file must be read with
// no IN002, IN005 or IN006 finding. The list is exact: a file that starts
// being read must leave it.
var unreadSamples = map[string]string{
	"dotnet/System.Security.Cryptography.X509Certificates.TestData-empty.p7b":      "a PKCS#7 bundle with no certificate (the issue allows it)",
	"dotnet/System.Security.Cryptography.X509Certificates.TestData-empty.p7c":      "a PKCS#7 bundle with no certificate (the issue allows it)",
	"dotnet/System.Security.Cryptography.X509Certificates.TestData-My.pfx":         "a PFX whose password SOURCES.md does not give",
	"dotnet/System.Security.Cryptography.X509Certificates.TestData-My.noRC2.pfx":   "a PFX whose password SOURCES.md does not give",
	"dotnet/System.Security.Cryptography.X509Certificates.TestData-test.pfx":       "a PFX whose password SOURCES.md does not give",
	"dotnet/System.Security.Cryptography.X509Certificates.TestData-test.noRC2.pfx": "a PFX whose password SOURCES.md does not give",
	"zlint/badRsaExp.pem":                "an RSA public exponent outside 3…2^31-1, refused before any arithmetic (hostile-input bound)",
	"zlint/badRsaExpLength.pem":          "an RSA public exponent outside 3…2^31-1, refused before any arithmetic (hostile-input bound)",
	"zlint/mpExponent1.pem":              "an RSA public exponent of 1, refused before any arithmetic (hostile-input bound)",
	"zlint/generalizedNoFraction.pem":    "a GeneralizedTime neither Go's parser nor the tolerant reader reads",
	"zlint/generalizedNoSeconds.pem":     "a GeneralizedTime neither Go's parser nor the tolerant reader reads",
	"zlint/generalizedTimeNoSeconds.pem": "a GeneralizedTime neither Go's parser nor the tolerant reader reads",
	"zlint/subCAWNoURL.pem":              "an authority information access cut short, which neither parser reads",
	"zlint/subCAcrlDistNoURL.pem":        "a CRL distribution point cut short, which neither parser reads",
}

// TestSharedCertificateSamples reads all of ../shared/samples/certs in one
// process, with the PFX passwords SOURCES.md gives, and checks that every
// file but those of unreadSamples is read without IN002, IN005 or IN006,
// and that cert show ends with status 0 or 1 on the whole folder, never 2.
func TestSharedCertificateSamples(t *testing.T) {
	const dir = "../shared/samples/certs"
	if _, err := os.Stat(dir); err != nil {
		t.Skip("the shared samples are not beside the repository")
	}
	pw := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte("testcertificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, "", map[string]string{"AOVPNLINT_PFX_PASSWORD": "PLACEHOLDER"},
		"cert", "--at", "2026-06-01T00:00:00Z", "--fail-on", "none", "--format", "json", "--pfx-password-file", pw, dir)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var doc struct {
		Findings []struct{ Rule, File, Message string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	unread := map[string]string{}
	for _, f := range doc.Findings {
		if f.Rule == "IN002" || f.Rule == "IN005" || f.Rule == "IN006" {
			unread[strings.TrimPrefix(filepath.ToSlash(f.File), dir+"/")] = f.Rule + " " + f.Message
		}
	}
	for file, why := range unread {
		if _, ok := unreadSamples[file]; !ok {
			t.Errorf("%s is not read: %s", file, why)
		}
	}
	for file := range unreadSamples {
		if _, ok := unread[file]; !ok {
			t.Errorf("%s is read now; take it off unreadSamples", file)
		}
	}
	files := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && !slices.Contains([]string{"SOURCES.md"}, d.Name()) {
			files++
		}
		return nil
	})
	if files < 1950 {
		t.Errorf("%d sample files; expected the 1,954 of the shared samples", files)
	}
	show := runCLI(t, "", nil, "cert", "show", dir)
	if show.code != 0 && show.code != 1 {
		t.Errorf("cert show on the samples ended with status %d; expected 0 or 1", show.code)
	}
}
