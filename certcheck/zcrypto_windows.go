//go:build windows && !zcrypto

package certcheck

import "crypto/x509"

// tolerantParser says whether this build has the tolerant parser: not a
// Windows build made without the zcrypto tag (go install on Windows), since
// github.com/zmap/zcrypto does not compile for Windows. Such a build reports
// a certificate crypto/x509 refuses as unreadable (IN005); the released
// Windows binaries have the parser (scripts/release.sh).
const tolerantParser = false

// zread never reads a certificate in a build without the tolerant parser.
func zread([]byte) (*x509.Certificate, bool) { return nil, false }
