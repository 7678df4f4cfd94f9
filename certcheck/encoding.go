package certcheck

import (
	"strings"
	"sync"

	"github.com/aovpnlint/aovpnlint/internal/cite"
	"github.com/aovpnlint/aovpnlint/lint"
)

// windowsAccepts says what Windows' CryptoAPI does with a certificate that
// has a defect of a kind.
type windowsAccepts int

const (
	// accepted: documented or observed to be accepted.
	accepted windowsAccepts = iota
	// assumed: no documentation says either way; aovpnlint assumes
	// Windows accepts it, as it accepts the other departures from DER
	// that its decoder reads.
	assumed
	// refused: Windows marks the chain with an error status and does not
	// trust it.
	refused
)

// windowsReadingOf is an entry of [windowsReading].
type windowsReadingOf struct {
	accepts windowsAccepts
	why     string
}

// windowsReading is what Windows does with each kind of defect, and why
// aovpnlint says so; the rule's Doc repeats it.
var windowsReading = sync.OnceValue(func() map[DefectKind]windowsReadingOf {
	return map[DefectKind]windowsReadingOf{
		DefectNegativeSerial:      {accepted, "Windows itself issued such certificates (KB 945344) and its root store holds one"},
		DefectCriticalExtension:   {accepted, "CryptoAPI reads these extensions, and only an unknown critical extension fails a chain (CERT_E_CRITICAL)"},
		DefectDuplicateExtension:  {assumed, ""},
		DefectRSAParameters:       {accepted, "CryptoAPI decodes the key whatever the parameters"},
		DefectTimeEncoding:        {assumed, ""},
		DefectNameString:          {accepted, "CryptoAPI reads these string types (CERT_RDN_UNIVERSAL_STRING and its kin)"},
		DefectSubjectAltName:      {assumed, ""},
		DefectNameConstraints:     {refused, "CryptoAPI marks the chain CERT_TRUST_INVALID_NAME_CONSTRAINTS and does not trust it"},
		DefectExtension:           {refused, "CryptoAPI marks a certificate whose extension it cannot decode CERT_TRUST_INVALID_EXTENSION (or INVALID_BASIC_CONSTRAINTS, INVALID_POLICY_CONSTRAINTS) and does not trust the chain"},
		DefectSignatureAlgorithms: {assumed, ""},
		DefectVersion:             {assumed, ""},
		DefectOther:               {assumed, ""},
	}
})

var encoding = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT042", Severity: lint.Warning,
		Title: "certificates are encoded as strict TLS clients require",
		Fix:   "reissue the certificate from a CA that encodes certificates as RFC 5280 requires (positive serial number, AIA and key identifiers non-critical, each extension once, DER times, valid name constraints)",
		Citation: cite.RFC5280 + " 4.1 and 4.2; RFC 3279 2.3.1; " + cite.TrustStatus + "; " + cite.TrustReturnValues +
			"; KB 945344 (negative serial numbers from CertCreateSelfSignCertificate)",
		Doc: "Go's parser refuses these certificates, and so do browsers and other strict TLS clients; aovpnlint reads them " +
			"with a tolerant parser and checks them like any other. This rule reports the defects " +
			"CryptoAPI accepts (negative serial number, critical AIA or key identifiers, RSA keys without " +
			"NULL parameters, UniversalString names; and, where nothing is documented, duplicate extensions, non-DER times, " +
			"malformed subject alternative names, mismatched signature algorithms, odd version numbers); one that makes it " +
			"mark the chain untrusted (name constraints or another extension it reads that cannot be decoded) is CERT044.",
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, c := range in.Certs {
			if distrusted, msg := encodingFinding(c); msg != "" && !distrusted {
				r.Reportf(c.Source.Pos, "%s", msg)
			}
		}
	},
}

var refusedEncoding = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT044", Severity: lint.Error,
		Title:         "no certificate has an encoding defect that makes Windows distrust its chain",
		Fix:           "reissue the certificate (or the CA certificate) from a CA that encodes valid name constraints and extensions Windows can decode",
		WindowsErrors: []string{"0x800B0109"},
		Citation:      cite.RFC5280 + " 4.2; " + cite.TrustStatus,
		Doc: "Of the encoding defects CERT042 lists, two make CryptoAPI mark the chain untrusted: name constraints it " +
			"cannot read (CERT_TRUST_INVALID_NAME_CONSTRAINTS) and another extension it reads that cannot be decoded " +
			"(CERT_TRUST_INVALID_EXTENSION, INVALID_BASIC_CONSTRAINTS, INVALID_POLICY_CONSTRAINTS).",
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, c := range in.Certs {
			if distrusted, msg := encodingFinding(c); distrusted {
				r.Reportf(c.Source.Pos, "%s", msg)
			}
		}
	},
}

// encodingFinding words the encoding defects of c, and says whether
// Windows distrusts the certificate for one of them; msg is empty when c
// has none.
func encodingFinding(c *Cert) (distrusted bool, msg string) {
	if len(c.Defects) == 0 {
		return false, ""
	}
	var whats, refusedWhy, acceptedWhy []string
	doubt := false
	for _, d := range c.Defects {
		whats = append(whats, d.What)
		w := windowsReading()[d.Kind]
		switch w.accepts {
		case refused:
			refusedWhy = appendOnce(refusedWhy, w.why)
		case assumed:
			doubt = true
		default:
			acceptedWhy = appendOnce(acceptedWhy, w.why)
		}
	}
	var windows string
	switch {
	case len(refusedWhy) > 0:
		windows = "Windows does not accept it either: " + strings.Join(refusedWhy, "; ") + "; expected a certificate without these defects"
	case doubt:
		windows = "Windows CryptoAPI accepts it as far as is known (its documentation does not say)"
		if len(acceptedWhy) > 0 {
			windows += "; " + strings.Join(acceptedWhy, "; ")
		}
	default:
		windows = "Windows CryptoAPI accepts it: " + strings.Join(acceptedWhy, "; ")
	}
	return len(refusedWhy) > 0, "the " + describe(c) + " is not encoded as RFC 5280 requires: " + strings.Join(whats, "; ") +
		"; strict TLS clients (Go, browsers) refuse it; " + windows
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
