package certcheck

import (
	"crypto/x509"
	"encoding/asn1"
	"slices"
	"sync"
)

// The extended key usages Always On VPN certificates carry. Go decodes the
// first two into x509.ExtKeyUsage values; the others arrive in
// UnknownExtKeyUsage.
var (
	// OIDServerAuth is Server Authentication (1.3.6.1.5.5.7.3.1).
	OIDServerAuth = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 1}
	// OIDClientAuth is Client Authentication (1.3.6.1.5.5.7.3.2).
	OIDClientAuth = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 2}
	// OIDIKEIntermediate is IP security IKE intermediate (1.3.6.1.5.5.8.2.2),
	// which makes an IKEv2 gateway or device pick the certificate.
	OIDIKEIntermediate = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 8, 2, 2}
	// OIDConditionalAccess is the Entra ID ("AAD Conditional Access") VPN
	// certificate EKU (1.3.6.1.4.1.311.87).
	OIDConditionalAccess = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 87}
	// OIDAnyPurpose is Microsoft's Any Purpose (1.3.6.1.4.1.311.10.12.1).
	OIDAnyPurpose = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 10, 12, 1}
	// OIDAllPurpose is anyExtendedKeyUsage, "All Purpose" (2.5.29.37.0).
	OIDAllPurpose = asn1.ObjectIdentifier{2, 5, 29, 37, 0}
)

// ekuNames gives the display names Windows uses; other OIDs are shown as
// dotted numbers.
var ekuNames = []struct {
	oid  asn1.ObjectIdentifier
	name string
}{
	{OIDServerAuth, "Server Authentication"},
	{OIDClientAuth, "Client Authentication"},
	{OIDIKEIntermediate, "IP security IKE intermediate"},
	{OIDConditionalAccess, "AAD Conditional Access"},
	{OIDAnyPurpose, "Any Purpose"},
	{OIDAllPurpose, "All Purpose"},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 3}, "Code Signing"},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 4}, "Secure Email"},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 8}, "Time Stamping"},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 9}, "OCSP Signing"},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 20, 2, 2}, "Smart Card Logon"},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 5, 2, 3, 4}, "PKINIT Client Authentication"},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 5, 2, 3, 5}, "KDC Authentication"},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 10, 3, 4}, "Encrypting File System"},
}

// extKeyUsageOIDs maps the EKUs Go decodes to their OIDs.
var extKeyUsageOIDs = sync.OnceValue(func() map[x509.ExtKeyUsage]asn1.ObjectIdentifier {
	return map[x509.ExtKeyUsage]asn1.ObjectIdentifier{
		x509.ExtKeyUsageAny:                            OIDAllPurpose,
		x509.ExtKeyUsageServerAuth:                     OIDServerAuth,
		x509.ExtKeyUsageClientAuth:                     OIDClientAuth,
		x509.ExtKeyUsageCodeSigning:                    {1, 3, 6, 1, 5, 5, 7, 3, 3},
		x509.ExtKeyUsageEmailProtection:                {1, 3, 6, 1, 5, 5, 7, 3, 4},
		x509.ExtKeyUsageIPSECEndSystem:                 {1, 3, 6, 1, 5, 5, 7, 3, 5},
		x509.ExtKeyUsageIPSECTunnel:                    {1, 3, 6, 1, 5, 5, 7, 3, 6},
		x509.ExtKeyUsageIPSECUser:                      {1, 3, 6, 1, 5, 5, 7, 3, 7},
		x509.ExtKeyUsageTimeStamping:                   {1, 3, 6, 1, 5, 5, 7, 3, 8},
		x509.ExtKeyUsageOCSPSigning:                    {1, 3, 6, 1, 5, 5, 7, 3, 9},
		x509.ExtKeyUsageMicrosoftServerGatedCrypto:     {1, 3, 6, 1, 4, 1, 311, 10, 3, 3},
		x509.ExtKeyUsageNetscapeServerGatedCrypto:      {2, 16, 840, 1, 113730, 4, 1},
		x509.ExtKeyUsageMicrosoftCommercialCodeSigning: {1, 3, 6, 1, 4, 1, 311, 2, 1, 22},
		x509.ExtKeyUsageMicrosoftKernelCodeSigning:     {1, 3, 6, 1, 4, 1, 311, 61, 1, 1},
	}
})

// EKUs returns every extended key usage OID of c, decoded or not, in the
// order Go reports them. A certificate without the extension has none (and
// is valid for every purpose, as Windows reads it).
func EKUs(c *x509.Certificate) []asn1.ObjectIdentifier {
	var out []asn1.ObjectIdentifier
	for _, u := range c.ExtKeyUsage {
		if oid, ok := extKeyUsageOIDs()[u]; ok {
			out = append(out, oid)
		}
	}
	return append(out, c.UnknownExtKeyUsage...)
}

// HasEKU reports whether c lists oid among its extended key usages.
func HasEKU(c *x509.Certificate, oid asn1.ObjectIdentifier) bool {
	return slices.ContainsFunc(EKUs(c), oid.Equal)
}

// EKUName returns the display name of an EKU, or its dotted form.
func EKUName(oid asn1.ObjectIdentifier) string {
	for _, n := range ekuNames {
		if n.oid.Equal(oid) {
			return n.name + " (" + oid.String() + ")"
		}
	}
	return oid.String()
}
