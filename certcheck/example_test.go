package certcheck_test

import (
	"fmt"
	"time"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/input"
)

// Load reads every certificate of a container, whatever its format; here a
// PKCS#7 bundle holding a chain.
func ExampleLoad() {
	f, err := input.Open("../fixtures/pki/chain.p7b", nil, input.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	b := certcheck.Load(certcheck.File{Name: f.Name, Raw: f.Raw, Text: f.Text}, certcheck.LoadOptions{})
	for _, c := range b.Certs {
		fmt.Printf("%s: %s\n", c.Source, c.Subject.CommonName)
	}
	// Output:
	// certificate 1 of the PKCS#7 bundle: vpn.example.com
	// certificate 2 of the PKCS#7 bundle: Contoso Test Issuing CA
	// certificate 3 of the PKCS#7 bundle: Contoso Test Root CA
}

// Lint judges certificates by their role, at the time and against the
// roots given; it never reads the system's store or, when Now is set, the
// clock.
func ExampleLint() {
	read := func(path string, role certcheck.Role) []*certcheck.Cert {
		f, err := input.Open(path, nil, input.Limits{})
		if err != nil {
			panic(err)
		}
		b := certcheck.Load(certcheck.File{Name: f.Name, Raw: f.Raw, Text: f.Text}, certcheck.LoadOptions{})
		b.SetRole(role)
		return b.Certs
	}
	in := &certcheck.Set{Opts: certcheck.Options{
		Now:  time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC),
		Host: "vpn.example.com",
	}}
	in.Certs = append(in.Certs, read("../fixtures/pki/vpn.pem", certcheck.RoleVPN)...)
	in.Certs = append(in.Certs, read("../fixtures/pki/root.pem", certcheck.RoleTrust)...)
	for _, f := range certcheck.Lint(in) {
		fmt.Println(f.Rule.ID, f.WindowsErrors)
		fmt.Println(f.Message)
	}
	// Output:
	// CERT031 [13801 0x800B010A]
	// the chain of the VPN server certificate CN=vpn.example.com, O=aovpnlint test PKI stops at it: its issuer CN=Contoso Test Issuing CA, O=aovpnlint test PKI was not supplied; expected that CA certificate (or, if it is a root, the root given with --trust)
}
