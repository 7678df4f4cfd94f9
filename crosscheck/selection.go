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
		WindowsErrors: []string{"798"},
		Citation:      cite.EAPConfiguration + " (certificate selection: CAHashList AND one of ClientAuthEKUList, AnyPurposeEKUList, AllPurposeEnabled)",
		Doc: "The client certificates supplied (--client-cert, or classified as such) are run through the EAP-TLS " +
			"filter the way Windows selects a certificate: valid at the evaluation time; when CAHashList is enabled, one " +
			"of its thumbprints on the certificate's chain; and one of Client Authentication plus every EKU of an " +
			"enabled ClientAuthEKUList, Microsoft's Any Purpose plus every EKU of an enabled AnyPurposeEKUList, or All " +
			"Purpose when AllPurposeEnabled is true. Without a filter, or with no purpose list enabled, Client " +
			"Authentication is required. None qualifying is an error (798); several qualifying is EAP035, and what " +
			"Windows presents under Conditional Access is EAP036.",
	},
	Run: func(in *Documents, r *lint.Reporter) {
		s := selectionOf(in)
		if s == nil || len(s.qualify) > 0 || len(s.unknown) > 0 || s.caExpected() {
			return
		}
		r.Report(lint.Finding{Pos: s.at, Related: s.rel,
			Message: fmt.Sprintf("none of the %s supplied satisfies the EAP-TLS certificate filter (%s): %s; expected one that does", wording.Plural(len(s.clients), "client certificate"), s.filter, wording.SomeN(s.rejected, s.nRejected, "; "))})
	},
}

var severalClientCerts = &lint.Check[*Documents]{
	Rule: lint.Rule{
		ID: "EAP035", Severity: lint.Warning,
		Title:         "no more than one supplied client certificate satisfies the EAP-TLS certificate filter",
		Fix:           "narrow the filter (an EKU list or CAHashList) so that it selects exactly one certificate, or remove the extra certificates from the users' store",
		WindowsErrors: []string{"\"Oops, you can't get to this yet\" loop"},
		Citation:      cite.EAPConfiguration + " (certificate selection)",
		Doc:           "When several certificates in the user's store satisfy the filter, Windows prompts the user to choose one, or an always-on connection presents whichever it picks, which may be the wrong one.",
	},
	Run: func(in *Documents, r *lint.Reporter) {
		s := selectionOf(in)
		if s == nil || len(s.qualify) < 2 {
			return
		}
		names := make([]string, len(s.qualify))
		for i, c := range s.qualify {
			names[i] = describeCert(c.Certificate)
		}
		r.Report(lint.Finding{Pos: s.at, Related: s.rel,
			Message: fmt.Sprintf("%d client certificates satisfy the EAP-TLS certificate filter (%s): Windows prompts, or may present the wrong one; expected a filter that selects one", len(s.qualify), wording.Some(names, ", "))})
	},
}

var conditionalAccessSelection = &lint.Check[*Documents]{
	Rule: lint.Rule{
		ID: "EAP036", Severity: lint.Info,
		Title:    "the certificate Windows presents under Conditional Access is known",
		Fix:      "to check the Entra certificate as well, export one from the user's store and give it with --client-cert; the NPS network policy should accept only certificates with the Conditional Access EKU",
		Citation: cite.EAPConfiguration + " (certificate selection); Conditional Access for VPN connectivity, https://learn.microsoft.com/windows-server/remote/remote-access/vpn/ad-ca-vpn-connectivity-windows10",
		Doc: "With DeviceCompliance enabled, Entra ID issues a short-lived certificate at connect time and the filter " +
			"should select it alone. When no such certificate was supplied, the filter excluding the others is what it " +
			"is for; when one qualifies, it is named. Both are information.",
	},
	Run: func(in *Documents, r *lint.Reporter) {
		s := selectionOf(in)
		switch {
		case s == nil:
		case len(s.qualify) == 0 && len(s.unknown) == 0 && s.caExpected():
			r.Report(lint.Finding{Pos: s.at, Related: s.rel,
				Message: fmt.Sprintf("no Conditional Access certificate was supplied, and the filter excludes the other client certificates as intended (%s); Entra ID issues the certificate Windows presents when it connects", wording.SomeN(s.rejected, s.nRejected, "; "))})
		case len(s.qualify) == 1 && s.ca && len(s.unknown) == 0:
			c := s.qualify[0].Certificate
			r.Report(lint.Finding{Pos: s.at, Related: []lint.Related{related(s.qualify[0])},
				Message: fmt.Sprintf("with DeviceCompliance enabled, Windows would present %s, issued by %q, valid until %s", describeCert(c), c.Issuer.CommonName, c.NotAfter.UTC().Format("2006-01-02 15:04 UTC"))})
		}
	},
}

// selection is how the supplied client certificates fare against the
// first EAP-TLS certificate filter of a document.
type selection struct {
	at        lint.Pos
	filter    eapxml.Filter
	clients   []*certcheck.Cert
	qualify   []*certcheck.Cert // selected
	unknown   []*certcheck.Cert // may be selected; the chain was not supplied far enough
	rejected  []string          // why the others are not: the first ones, as messages show them
	nRejected int               // how many are not
	rel       []lint.Related
	ca        bool // the profile enables DeviceCompliance
}

// selectionOf runs the supplied client certificates through the filter,
// or returns nil when there is no EAP-TLS method or no client certificate.
func selectionOf(in *Documents) *selection {
	if !in.selectOK {
		in.selection, in.selectOK = newSelection(in), true
	}
	return in.selection
}

func newSelection(in *Documents) *selection {
	clients := in.certs(certcheck.RoleClient)
	if in.EAP == nil || len(clients) == 0 {
		return nil
	}
	tlss := in.EAP.TLSMethods()
	if len(tlss) == 0 {
		return nil
	}
	t := tlss[0]
	s := &selection{at: t.Pos, filter: t.Filter(), clients: clients, ca: in.Profile != nil && in.Profile.ConditionalAccess()}
	if t.Filtering != nil {
		s.at = t.Filtering.Pos
	}
	issuers := make(map[string]bool, len(s.filter.Issuers))
	for _, h := range s.filter.Issuers {
		issuers[h] = true
	}
	for _, c := range clients {
		if len(s.rel) < wording.MaxListed {
			s.rel = append(s.rel, related(c))
		}
		switch ok, why := in.selects(s.filter, issuers, c); {
		case ok && why != "":
			s.unknown = append(s.unknown, c)
		case ok:
			s.qualify = append(s.qualify, c)
		default:
			if s.nRejected++; len(s.rejected) < wording.MaxListed {
				s.rejected = append(s.rejected, fmt.Sprintf("%s %s", describeCert(c.Certificate), why))
			}
		}
	}
	return s
}

// caExpected reports whether the filter asks for the Conditional Access
// certificate of a DeviceCompliance profile and none was supplied.
func (s *selection) caExpected() bool {
	return s.ca && requires(s.filter, eapxml.OIDConditionalAccess) && !anyHasEKU(s.clients, eapxml.OIDConditionalAccess)
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
