package aovpnlint

import (
	"crypto/sha1"
	"encoding/hex"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/lint"
)

// CertificateRole is a certificate of a certificate file given to a
// check, with the role the check judged it for and why: what a user
// needs to see to correct a classification by giving the file a role.
type CertificateRole struct {
	// Pos is where the certificate is: its file, as findings name it, and
	// the line of its PEM BEGIN line (the file alone for binary formats).
	Pos lint.Pos
	// Source describes the item in its file: "certificate 2 of the PKCS#7
	// bundle".
	Source string
	// Subject is the certificate's subject as Windows shows it, most
	// specific first (certcheck.DN).
	Subject string
	// Thumbprint is the SHA-1 of the certificate, 40 lower-case hex
	// digits, the form TrustedRootCA takes.
	Thumbprint string
	// Role is the role the certificate was checked for;
	// certcheck.RoleUnknown when no role fits and none was given.
	Role certcheck.Role
	// Given reports that the role came with the file (File.Role), rather
	// than from the classification.
	Given bool
	// Why says how the role was decided: the classification's reason, or
	// why a certificate given with a role has another one.
	Why string
}

// StreamWithRoles checks files as [Stream] does, emitting the same
// findings in the same order, and also returns the certificates of the
// certificate files given, in the order given (file by file, item by
// item), each with the role the check gave it. The roles are final
// before the first finding is emitted: they are taken after the
// certificates are classified (step 2 of a run) and before any document
// is checked. The certificates inside OpenVPN profiles are not listed:
// the profile gives them their roles (see [OpenVPNCertificates]).
func StreamWithRoles(files []File, opts Options, emit func(lint.Finding) error) (checked []string, roles []CertificateRole, err error) {
	r := newRun(files, opts)
	if err := r.survey(); err != nil {
		return nil, nil, err
	}
	r.certificates()
	roles = r.roles()
	if err := r.check(emit); err != nil {
		return nil, nil, err
	}
	return r.checked(), roles, nil
}

// roles lists the certificates of the certificate files with their roles
// (see [StreamWithRoles]); call it after step 2.
func (r *run) roles() []CertificateRole {
	openVPNOnly := r.supplied != nil && r.openVPNOnly()
	var out []CertificateRole
	for _, e := range r.entries {
		if e.bundle == nil {
			continue
		}
		for _, c := range e.bundle.Certs {
			sum := sha1.Sum(c.Raw)
			cr := CertificateRole{Pos: c.Source.Pos, Source: c.Source.String(), Subject: certcheck.DN(c.RawSubject),
				Thumbprint: hex.EncodeToString(sum[:]), Role: c.Role, Given: e.src.Role != certcheck.RoleUnknown, Why: c.Classified}
			switch {
			case cr.Given && c.Role != e.src.Role:
				cr.Why = "a CA certificate given with the " + e.src.Role.String() + " role: it only helps build chains"
			case cr.Given:
			case openVPNOnly && c.Role == certcheck.RoleUnknown:
				cr.Why = "not classified: the documents given are OpenVPN profiles only, which are checked against the certificates given the VPN server role"
			case c.Role == certcheck.RoleUnknown:
				cr.Why = "no role fits: not a CA, and no Server or Client Authentication"
			}
			out = append(out, cr)
		}
	}
	return out
}
