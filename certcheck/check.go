package certcheck

import (
	"crypto/x509"
	"sync"
	"time"

	"github.com/aovpnlint/aovpnlint/lint"
)

// Options carry what the checks must not read from their surroundings: the
// time and what the certificates are compared with. The zero value is
// usable.
type Options struct {
	// Now is the time validity is judged at. Zero means the current time,
	// read once per [Set] (see [Set.Now]) and never written back; the
	// checks never read the clock themselves.
	Now time.Time
	// Warn is how long before expiry a certificate or CRL is reported as
	// expiring (CERT003, CERT050); zero reports only what has expired.
	// [DefaultWarn] is what the command line uses.
	Warn time.Duration
	// Host, when set, is a name the VPN server certificates must be valid
	// for (CERT021), such as `aovpnlint cert --host` gives.
	Host string
	// Protocol is the profile's NativeProtocolType when one is known
	// ("IKEv2", "SSTP", "Automatic", "ProtocolList"); empty means unknown.
	// CERT011 (IKE intermediate) only applies when IKEv2 may be used, and
	// the Key Usage check asks for keyEncipherment on RSA server
	// certificates only when TLS may be used.
	Protocol string
}

// Input is what the certificate rules look at: every certificate with its
// role (the trusted roots among them), every CRL, and the options.
type Set struct {
	Certs []*Cert
	CRLs  []*CRL
	Opts  Options

	mu sync.Mutex
	ix *certIndex // built on first use; see Anchors

	vOnce sync.Once
	v     *verifier // the budget of signature verification: see verifier

	nowOnce sync.Once
	now     time.Time

	roleOnce sync.Once
	byRole   map[Role][]*Cert // see WithRole
}

// WithRole returns the certificates of s with role r, in order. The
// certificates are grouped by role on the first call, once for the set,
// so that every document of a run compared with the set finds the
// certificates of a role without going through the others: call it once
// the roles are final (after classifying).
func (in *Set) WithRole(r Role) []*Cert {
	in.roleOnce.Do(func() {
		in.byRole = map[Role][]*Cert{}
		for _, c := range in.Certs {
			in.byRole[c.Role] = append(in.byRole[c.Role], c)
		}
	})
	return in.byRole[r]
}

// DefaultWarn is the warning window of the command line: 30 days.
const DefaultWarn = 30 * 24 * time.Hour

// Now returns the time the set is judged at: Opts.Now, or the current
// time, read once for the set when Opts.Now is zero, as crypto/x509's
// VerifyOptions.CurrentTime is. It is the one place a zero time is
// decided.
func (in *Set) Now() time.Time {
	in.nowOnce.Do(func() {
		in.now = in.Opts.Now
		if in.now.IsZero() {
			in.now = time.Now()
		}
	})
	return in.now
}

// verifier returns the signature verifier of the run, whose budget (see
// [SignatureWorkBase]) is set by the certificates and CRLs of in on first
// use.
func (in *Set) verifier() *verifier {
	in.vOnce.Do(func() {
		size := 0
		for _, c := range in.Certs {
			size += len(c.Raw)
		}
		for _, l := range in.CRLs {
			size += len(l.Raw)
		}
		in.v = newVerifier(size, len(in.Certs))
	})
	return in.v
}

// selfSigned reports whether c names itself as its issuer and its
// signature verifies with its own key; false when the run's budget did
// not allow verifying it.
func (in *Set) selfSigned(c *x509.Certificate) bool {
	ok, _ := in.verifier().selfSigned(c)
	return ok
}

// Lint runs every certificate rule on in and returns the findings; in's
// options are read, never changed.
func Lint(in *Set) []lint.Finding { return lint.Run(Checks, in) }

// ChainOf returns the chain of a supplied certificate, built from the
// supplied certificates only; trusted roots are those given with RoleTrust.
func (in *Set) ChainOf(c *Cert) *Chain { return in.chainOf(c.Certificate) }

// Checks lists the certificate rules in the order they run.
// Retired IDs: none.
var Checks = []*lint.Check[*Set]{
	expired,             // CERT001
	notYetValid,         // CERT002
	expiringSoon,        // CERT003
	expiredEntra,        // CERT004
	serverAuth,          // CERT010
	ikeIntermediate,     // CERT011
	clientAuth,          // CERT012
	keyUsage,            // CERT013
	dnsSAN,              // CERT020
	hostName,            // CERT021
	untrustedRoot,       // CERT030
	missingIntermediate, // CERT031
	brokenIssuer,        // CERT032
	implicitTrust,       // CERT033
	weakKey,             // CERT040
	weakSignature,       // CERT041
	encoding,            // CERT042
	brokenKey,           // CERT043
	refusedEncoding,     // CERT044
	staleCRL,            // CERT050
	crlSignature,        // CERT051
	revoked,             // CERT052
	expiringCRL,         // CERT054
	deltaWithoutBase,    // CERT055
	conditionalAccess,   // CERT060
	classified,          // CERT061
	entraClientAuth,     // CERT063
}
