package certcheck

import (
	"crypto/x509"
	"fmt"

	"github.com/aovpnlint/aovpnlint/internal/cite"
	"github.com/aovpnlint/aovpnlint/lint"
)

// chainRule reports, for each leaf certificate with an untrusted chain,
// what report says about it; nothing is judged when no trusted root was
// given.
func chainRule(in *Set, r *lint.Reporter, report func(c *Cert, ch *Chain)) {
	if !in.Anchors() {
		return
	}
	for _, c := range in.Certs {
		if c.Role.isLeaf() {
			report(c, in.ChainOf(c))
		}
	}
}

func chainErrors(c *Cert, base []string) []string {
	if c.Role == RoleNPS {
		return append([]string{"864"}, base...)
	}
	if c.Role == RoleClient {
		return append([]string{"13806"}, base...)
	}
	return append([]string{"13801"}, base...)
}

var untrustedRoot = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT030", Severity: lint.Error,
		Title:         "every leaf certificate chains to a trusted root given with --trust",
		Fix:           "deploy the certificate's root to the clients and give it with --trust, or issue the certificate from a CA the clients trust",
		WindowsErrors: []string{"0x800B0109", "864", "13806", "13801", "856", "861"},
		Citation:      cite.Troubleshoot + " (CERT_E_UNTRUSTEDROOT)",
	},
	Run: func(in *Set, r *lint.Reporter) {
		chainRule(in, r, func(c *Cert, ch *Chain) {
			if ch.Trusted || ch.Untrusted == nil || ch.Stopped != "" {
				return // a search cut short is CERT031's: the root found may not be the only one
			}
			r.Report(lint.Finding{Pos: c.Source.Pos, WindowsErrors: chainErrors(c, []string{"0x800B0109"}),
				Message: fmt.Sprintf("the %s chains to %s, which is not among the trusted roots given with --trust%s", describe(c), shortName(SubjectDN(ch.Untrusted)), uncheckedRoot(ch.Untrusted))})
		})
	},
}

var missingIntermediate = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT031", Severity: lint.Error,
		Title:         "every certificate a chain needs was supplied",
		Fix:           "supply the issuing CA certificate (deploy it to the clients' intermediate store); if the missing issuer is a root, give it with --trust",
		WindowsErrors: []string{"0x800B010A", "13801", "864", "13806", "861"},
		Citation:      cite.Troubleshoot + "; CERT_E_CHAINING",
		Doc: "Also reported when the chain could not be searched to the end: aovpnlint tries at most 16 candidate " +
			"issuers per certificate and 1,000 signature checks per chain, and spends at most a budget of signature " +
			"verification work that grows with the number and size of the certificates supplied (README, Hostile input), far more " +
			"than a real PKI needs; a set of certificates built to exhaust the search is reported rather than trusted.",
	},
	Run: func(in *Set, r *lint.Reporter) {
		chainRule(in, r, func(c *Cert, ch *Chain) {
			if ch.Trusted {
				return
			}
			if ch.Stopped != "" {
				r.Report(lint.Finding{Pos: c.Source.Pos, WindowsErrors: chainErrors(c, []string{"0x800B010A"}),
					Message: fmt.Sprintf("the chain of the %s could not be searched to the end: %s; expected fewer possible issuers, with keys of usual sizes (remove duplicate, renewed or cross-signed CA certificates that are not needed)", describe(c), ch.Stopped)})
				return
			}
			if ch.Untrusted != nil {
				return
			}
			top := ch.Top()
			where := "it"
			if top != c.Certificate {
				where = shortName(SubjectDN(top))
			}
			if ch.Unchecked != "" {
				r.Report(lint.Finding{Pos: c.Source.Pos, WindowsErrors: chainErrors(c, []string{"0x800B010A"}),
					Message: fmt.Sprintf("the chain of the %s stops at %s: %s; expected issuers whose signatures can be verified (RSA, ECDSA, Ed25519)", describe(c), where, ch.Unchecked)})
				return
			}
			r.Report(lint.Finding{Pos: c.Source.Pos, WindowsErrors: chainErrors(c, []string{"0x800B010A"}),
				Message: fmt.Sprintf("the chain of the %s stops at %s: its issuer %s was not supplied; expected that CA certificate (or, if it is a root, the root given with --trust)", describe(c), where, shortName(IssuerDN(top)))})
		})
	},
}

var brokenIssuer = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT032", Severity: lint.Error,
		Title:         "every issuer on a chain is a valid CA allowed to issue it",
		Fix:           "renew or reissue the faulty CA certificate (a CA with basic constraints, keyCertSign and a path length that allows the chain)",
		WindowsErrors: []string{"0x800B0109", "13801", "864", "13806", "856", "860", "862", "863", "865"},
		Citation:      cite.RFC5280 + " 4.2.1.9 and 6.1",
	},
	Run: func(in *Set, r *lint.Reporter) {
		chainRule(in, r, func(c *Cert, ch *Chain) {
			for _, is := range ch.Issues {
				r.Report(lint.Finding{Pos: c.Source.Pos, WindowsErrors: chainErrors(c, []string{"0x800B0109"}),
					Message: fmt.Sprintf("the %s is issued through %s, which %s", describe(c), shortName(SubjectDN(is.Issuer)), is.Why)})
			}
		})
	},
}

// uncheckedRoot adds to a message about a root whose signature Go cannot
// verify that it could not be checked.
func uncheckedRoot(c *x509.Certificate) string {
	if !selfSignedUnchecked(c) {
		return ""
	}
	return " (a self-signed root by its name and key identifiers; its signature could not be checked: " + uncheckedWhy(c, c) + ")"
}

var implicitTrust = &lint.Check[*Set]{
	Rule: lint.Rule{
		ID: "CERT033", Severity: lint.Warning,
		Title:         "trusted roots are given with --trust, never assumed",
		Fix:           "give the root with --trust once you have checked that the clients (and the NPS servers, for client certificates) hold it in their Trusted Root store; otherwise deploy it first",
		WindowsErrors: []string{"0x800B0109"},
		Citation:      cite.Troubleshoot + " (CERT_E_UNTRUSTEDROOT)",
		Doc: "A self-signed CA certificate given without a role (as an operand, with --certs, or found in a folder) is " +
			"classified as a trusted root, and chains are checked against it. That is right only if the clients hold " +
			"it: if they do not, every chain to it fails with 0x800B0109, which the chain check cannot see. Giving it " +
			"with --trust says the clients hold it, and silences this warning.",
	},
	Run: func(in *Set, r *lint.Reporter) {
		for _, c := range in.Certs {
			if c.Role == RoleTrust && c.Classified != "" && c.IsCA {
				r.Reportf(c.Source.Pos, "the %s was taken as a trusted root because it is self-signed, but it was not given with --trust; expected it with --trust once the clients are known to hold it, since a root they lack fails every chain with 0x800B0109", describe(c))
			}
		}
	},
}
