package crosscheck

import (
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"strconv"
	"strings"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/eapxml"
	"github.com/aovpnlint/aovpnlint/internal/cite"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

var clientSelection = &lint.Check[*Documents]{
	Rule: lint.Rule{
		ID: "EAP034", Severity: lint.Error,
		Title:         "exactly one supplied client certificate satisfies the EAP-TLS certificate filter",
		Fix:           "issue the client certificate with what the filter asks for (Client Authentication and the listed EKUs, from a CA in CAHashList), or narrow the filter so that it selects exactly one certificate",
		WindowsErrors: []string{"798", "\"Oops, you can't get to this yet\" loop"},
		Citation:      cite.EAPConfiguration + " (certificate selection: CAHashList AND one of ClientAuthEKUList, AnyPurposeEKUList, AllPurposeEnabled)",
		Doc: "The client certificates supplied (--client-cert, or classified as such) are run through the EAP-TLS " +
			"filter the way Windows selects a certificate: valid at the evaluation time; when CAHashList is enabled, one " +
			"of its thumbprints on the certificate's chain; and one of Client Authentication plus every EKU of an " +
			"enabled ClientAuthEKUList, Microsoft's Any Purpose plus every EKU of an enabled AnyPurposeEKUList, or All " +
			"Purpose when AllPurposeEnabled is true. Without a filter, or with no purpose list enabled, Client " +
			"Authentication is required. None qualifying is an error (798); several qualifying is a warning (a prompt, " +
			"or the wrong certificate). With DeviceCompliance enabled the certificate Windows would present is named; " +
			"when no Conditional Access certificate was supplied, excluding the others is what the filter is for, " +
			"so that is reported as information: Entra ID issues its certificate at connect time.",
	},
	Run: func(in *Documents, r *lint.Reporter) {
		clients := in.certs(certcheck.RoleClient)
		if in.EAP == nil || len(clients) == 0 {
			return
		}
		tlss := in.EAP.TLSMethods()
		if len(tlss) == 0 {
			return
		}
		t := tlss[0]
		f := t.Filter()
		at := t.Pos
		if t.Filtering != nil {
			at = t.Filtering.Pos
		}
		issuers := make(map[string]bool, len(f.Issuers))
		for _, h := range f.Issuers {
			issuers[h] = true
		}
		var qualify, unknown []*certcheck.Cert
		var rejected []string
		var rel []lint.Related
		for _, c := range clients {
			if len(rel) < wording.MaxListed {
				rel = append(rel, related(c))
			}
			switch ok, why := in.selects(f, issuers, c); {
			case ok && why != "":
				unknown = append(unknown, c)
			case ok:
				qualify = append(qualify, c)
			default:
				rejected = append(rejected, fmt.Sprintf("%s %s", describeCert(c.Certificate), why))
			}
		}
		ca := in.Profile != nil && in.Profile.ConditionalAccess()
		switch {
		case len(qualify) == 0 && len(unknown) == 0 && ca && requires(f, eapxml.OIDConditionalAccess) && !anyHasEKU(clients, eapxml.OIDConditionalAccess):
			r.Report(lint.Finding{Pos: at, Severity: lint.Info, Related: rel,
				Fix:     "nothing to fix; to check the Entra certificate as well, export one from the user's store and give it with --client-cert",
				Message: fmt.Sprintf("no Conditional Access certificate was supplied: the filter excludes the other client certificates as intended (%s); Entra ID issues the certificate Windows presents when it connects", wording.Some(rejected, "; "))})
		case len(qualify) == 0 && len(unknown) == 0:
			r.Report(lint.Finding{Pos: at, Related: rel,
				Message: fmt.Sprintf("none of the %s supplied satisfies the EAP-TLS certificate filter (%s): %s", wording.Plural(len(clients), "client certificate"), f, wording.Some(rejected, "; "))})
		case len(qualify) > 1:
			names := make([]string, len(qualify))
			for i, c := range qualify {
				names[i] = describeCert(c.Certificate)
			}
			r.Report(lint.Finding{Pos: at, Severity: lint.Warning, Related: rel,
				Message: fmt.Sprintf("%d client certificates satisfy the EAP-TLS certificate filter (%s): Windows prompts, or may present the wrong one; expected a filter that selects one", len(qualify), wording.Some(names, ", "))})
		case len(qualify) == 1 && ca && len(unknown) == 0:
			c := qualify[0].Certificate
			r.Report(lint.Finding{Pos: at, Severity: lint.Info, Related: []lint.Related{related(qualify[0])},
				Fix:     "nothing to fix; the NPS network policy should also accept only certificates with the Conditional Access EKU",
				Message: fmt.Sprintf("with DeviceCompliance enabled, Windows would present %s, issued by %q, valid until %s", describeCert(c), c.Issuer.CommonName, c.NotAfter.UTC().Format("2006-01-02 15:04 UTC"))})
		}
	},
}

// selects reports whether Windows would select c with filter f. When ok is
// true and why is not empty, c may qualify but its chain was not supplied
// far enough to check CAHashList. When ok is false, why says what c
// lacks. issuers is the set of f.Issuers.
func (in *Documents) selects(f eapxml.Filter, issuers map[string]bool, c *certcheck.Cert) (ok bool, why string) {
	now := in.Certs.Now()
	switch {
	case now.After(c.NotAfter):
		return false, "has expired"
	case now.Before(c.NotBefore):
		return false, "is not yet valid"
	}
	if why := purposeMissing(f, c.Certificate); why != "" {
		return false, why
	}
	if f.Issuers == nil {
		return true, ""
	}
	ch := in.Certs.ChainOf(c)
	for _, x := range ch.Path {
		if issuers[thumb(x)] {
			return true, ""
		}
	}
	if !ch.Complete() && !ch.Trusted {
		return true, "chain incomplete"
	}
	return false, "has no CAHashList issuer on its chain"
}

// purposeMissing says what EKU c lacks for every purpose the filter
// allows, or returns "" when one of them is satisfied.
func purposeMissing(f eapxml.Filter, c *x509.Certificate) string {
	has := map[string]bool{}
	for _, o := range certcheck.EKUs(c) {
		has[o.String()] = true
	}
	var whys []string
	try := func(base, name string, extra []string) bool {
		if !has[base] {
			whys = append(whys, "lacks "+name)
			return false
		}
		for _, o := range extra {
			if !has[o] {
				whys = append(whys, "lacks the EKU "+certcheck.EKUName(oid(o)))
				return false
			}
		}
		return true
	}
	if f.ClientAuth != nil && try(certcheck.OIDClientAuth.String(), "Client Authentication", f.ClientAuth) {
		return ""
	}
	if f.AnyPurpose != nil && try(certcheck.OIDAnyPurpose.String(), "Any Purpose", f.AnyPurpose) {
		return ""
	}
	if f.AllPurpose && try(certcheck.OIDAllPurpose.String(), "All Purpose", nil) {
		return ""
	}
	return strings.Join(whys, ", and ")
}

// requires reports whether every purpose the filter allows needs the EKU.
func requires(f eapxml.Filter, eku string) bool {
	in := func(xs []string) bool {
		for _, x := range xs {
			if x == eku {
				return true
			}
		}
		return false
	}
	return (f.ClientAuth == nil || in(f.ClientAuth)) && (f.AnyPurpose == nil || in(f.AnyPurpose)) && !f.AllPurpose
}

func anyHasEKU(cs []*certcheck.Cert, eku string) bool {
	for _, c := range cs {
		if certcheck.HasEKU(c.Certificate, oid(eku)) {
			return true
		}
	}
	return false
}

// oid parses a dotted OID; a malformed one (EAP020 reports it) parses as
// an empty identifier that matches nothing.
func oid(s string) asn1.ObjectIdentifier {
	var out asn1.ObjectIdentifier
	for _, a := range strings.Split(s, ".") {
		n, err := strconv.Atoi(a)
		if err != nil {
			return nil
		}
		out = append(out, n)
	}
	return out
}
