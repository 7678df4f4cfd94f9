package certcheck

import (
	"fmt"

	"github.com/aovpnlint/aovpnlint/lint"
)

// OddityKind is a layout of a certificate file that is read all the same
// but is worth knowing about: what Windows and OpenSSL read, and a strict
// reader (Go's own, other tools) may refuse or read differently. CERT062
// reports each [Oddity].
type OddityKind int

// The oddities the loader records.
const (
	// TrailingBytes: bytes after the outer element of a DER item (a
	// certificate, a CRL, a PFX, a PKCS#7 bundle), which are ignored;
	// [Oddity.Bytes] of them, [Oddity.Zero] when all are zero (.NET and
	// Windows write eight zero bytes after a PFX), [Oddity.Blank] when
	// all are zeros or white space.
	TrailingBytes OddityKind = iota + 1
	// ConcatenatedDER: one PEM block (or one DER file) holds
	// [Oddity.Count] DER items one after the other; each is read.
	ConcatenatedDER
	// TrustSettings: a PEM "TRUSTED CERTIFICATE" (openssl x509 -trustout):
	// the certificate followed by [Oddity.Bytes] bytes of OpenSSL trust
	// settings, which are ignored.
	TrustSettings
	// DoubleCarriageReturn: [Oddity.Count] lines of a PEM block end in
	// \r\r\n (a file converted to Windows line ends twice).
	DoubleCarriageReturn
	// PFXWithoutMAC: the PFX has no MAC (openssl pkcs12 -nomac): nothing
	// protects its content against changes.
	PFXWithoutMAC
	// PFXWithoutKey: the PFX holds certificates and no private key
	// (openssl pkcs12 -nokeys).
	PFXWithoutKey
	// CRLStrictRefused: a version 2 CRL Go's parser refuses, read by
	// aovpnlint's own CRL reader; [Oddity.Detail] is Go's reason.
	CRLStrictRefused
)

// Oddity is one [OddityKind] found in a file, at the position of the item
// it concerns. The loader records it; CERT062 words it and decides its
// severity.
type Oddity struct {
	Pos  lint.Pos
	Kind OddityKind
	// What names the item, as messages say it: "the certificate", "the
	// PFX", "the CRL".
	What string
	// Bytes counts the bytes concerned (TrailingBytes, TrustSettings).
	Bytes int
	// Zero is true when all of them are zero, Blank when all are zeros
	// or white space (TrailingBytes).
	Zero, Blank bool
	// Count counts the items or lines concerned (ConcatenatedDER,
	// DoubleCarriageReturn).
	Count int
	// Detail is the strict parser's reason (CRLStrictRefused).
	Detail string
}

// message words an oddity for CERT062.
func (o Oddity) message() string {
	switch o.Kind {
	case TrailingBytes:
		if o.Zero {
			why := ""
			if o.What == "the PFX" {
				why = " (.NET and Windows write eight after a PFX)"
			}
			return fmt.Sprintf("%s is followed by %d zero bytes, which are ignored%s; readers that expect the file to end with %s refuse it", o.What, o.Bytes, why, o.What)
		}
		if o.Blank {
			return fmt.Sprintf("%s is followed by %d bytes of white space and zeros, which are ignored; readers that expect the file to end with %s refuse it", o.What, o.Bytes, o.What)
		}
		return fmt.Sprintf("%s is followed by %d bytes that are not all zero, which are ignored; expected the file to end with %s (it may have been damaged, or had data appended)", o.What, o.Bytes, o.What)
	case ConcatenatedDER:
		unit := "file"
		if o.What == "one PEM block" {
			unit = "BEGIN/END block"
		}
		return fmt.Sprintf("%s holds %d DER items one after the other; each is read, but most tools read only the first: expected one certificate per %s", o.What, o.Count, unit)
	case TrustSettings:
		return fmt.Sprintf("the block is an OpenSSL TRUSTED CERTIFICATE (openssl x509 -trustout): the certificate is read and the %d bytes of OpenSSL trust settings after it are ignored; tools other than OpenSSL expect the label CERTIFICATE and the certificate alone (openssl x509 without -trustout)", o.Bytes)
	case DoubleCarriageReturn:
		return fmt.Sprintf(`%d lines of the PEM block end in \r\r\n (a file converted to Windows line ends twice); it is read, but strict PEM readers may refuse it: expected one line end, \r\n or \n`, o.Count)
	case PFXWithoutMAC:
		return "the PFX has no MAC (openssl pkcs12 -nomac), so nothing shows whether it was changed; its certificates are read; Windows and OpenSSL exports carry one"
	case PFXWithoutKey:
		return "the PFX holds certificates and no private key (openssl pkcs12 -nokeys): its certificates are read, but importing it gives none of them a key, which a VPN or NPS server and a client certificate need"
	case CRLStrictRefused:
		return fmt.Sprintf("%s is read although Go's x509 parser refuses it (%s); strict readers refuse it too: expected a CRL as RFC 5280 writes it", o.What, o.Detail)
	}
	return fmt.Sprintf("%s has an unusual layout (%d)", o.What, int(o.Kind))
}

var oddLayout = &lint.Check[*Bundle]{
	Rule: lint.Rule{
		ID: "CERT062", Severity: lint.Info,
		Title:    "certificate files hold only what Windows reads without comment",
		Fix:      "nothing to fix for aovpnlint; to give other tools the same file, export it again as Windows or OpenSSL write it by default (one certificate per PEM block, labelled CERTIFICATE; a PFX with a MAC)",
		Citation: "RFC 7468 (PEM); RFC 7292 (PKCS#12); RFC 5280 5.1 (CRLs)",
		Doc: "A certificate file can hold more than the certificates in it, or hold them in a layout " +
			"Windows and OpenSSL read but a strict reader refuses: bytes after a PFX (.NET and Windows " +
			"write eight zero bytes), DER followed by zero padding, an OpenSSL TRUSTED CERTIFICATE " +
			"(the certificate followed by OpenSSL trust settings), PEM lines ending in \\r\\r\\n, one " +
			"PEM block holding several DER certificates, a PFX without a MAC or without a private key, " +
			"a CRL Go's parser refuses. aovpnlint reads the certificates all the same and says, once " +
			"for each, what it ignored or what another tool may do differently.",
	},
	Run: func(b *Bundle, r *lint.Reporter) {
		for _, o := range b.Oddities {
			r.Reportf(o.Pos, "%s", o.message())
		}
		if b.OmittedOddities > 0 {
			r.Report(lint.Finding{Pos: lint.Pos{File: b.Name}, Omitted: b.OmittedOddities})
		}
	},
}
