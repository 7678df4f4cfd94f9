package input

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// IsCertificate is the cheap question the batch asks of every file before
// reading any profile: it must answer as Read does, for every fixture and
// every real certificate sample, and for the hard cases between them.
func TestIsCertificateAgreesWithRead(t *testing.T) {
	roots := append([]string{"../../shared/samples"}, allFixtures...)
	n, certs := 0, 0
	for _, root := range roots {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want := Read(path, data, Limits{}).Kind == Certificate
			if got := IsCertificate(data, Limits{}); got != want {
				t.Errorf("%s: IsCertificate = %v, Read says %v", path, got, want)
			}
			n++
			if want {
				certs++
			}
			return nil
		})
	}
	for _, s := range []string{"", "  \n", "-----BEGIN CERTIFICATE-----\n", "# notes\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
		"<#\n-----BEGIN CERTIFICATE-----\n#>\n", "$p = @'\n<VPNProfile/>\n'@\n-----BEGIN X\n", "TUlJQg==", "{\"a\":1}", "<VPNProfile/>", "\xff\xfe-\x00-\x00"} {
		want := Read("s", []byte(s), Limits{}).Kind == Certificate
		if got := IsCertificate([]byte(s), Limits{}); got != want {
			t.Errorf("%q: IsCertificate = %v, Read says %v", s, got, want)
		}
		n++
	}
	if n < 2000 || certs < 1000 {
		t.Errorf("only %d files (%d certificates) compared; expected the shared samples beside the repository", n, certs)
	}
	if IsCertificate(make([]byte, 100), Limits{MaxBytes: 10}) {
		t.Error("a file over the size limit is a certificate")
	}
}
