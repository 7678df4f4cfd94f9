package certcheck

import "github.com/aovpnlint/aovpnlint/lint"

// BundleChecks lists the rules about reading one certificate file.
// Retired IDs: none.
var BundleChecks = []*lint.Check[*Bundle]{
	unparseable, // IN005
	oddLayout,   // CERT062
}

// LintBundle runs the rules about reading a certificate file on b.
func LintBundle(b *Bundle) []lint.Finding { return lint.Run(BundleChecks, b) }

// crlFix is IN005's fix for a problem with a CRL.
const crlFix = "give the CA's CRL as a .crl file, DER or Base-64 (certutil -getcrl on the CA, or the file its CRL distribution point names)"

var unparseable = &lint.Check[*Bundle]{
	Rule: lint.Rule{
		ID: "IN005", Severity: lint.Error,
		Title:    "every certificate, store, PFX and CRL can be parsed",
		Fix:      "re-export the certificate (DER or Base-64 X.509, PKCS#7, or PFX with the right password)",
		Citation: "RFC 5280 (certificates and CRLs); RFC 2315 (PKCS#7); RFC 7292 (PKCS#12); [MS-OSHARED] 2.3.2.5 (serialized certificate store)",
	},
	Run: func(b *Bundle, r *lint.Reporter) {
		for _, p := range b.Problems {
			f := lint.Finding{Pos: p.Pos, Message: p.Message}
			if p.CRL {
				f.Fix = crlFix
			}
			r.Report(f)
		}
	},
}
