package crosscheck

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/profile"
)

// An address in Servers matches a VPN server certificate that carries it
// as an IP SAN, the way certcheck.ValidFor reads it (IPv4 in IPv6 form
// too), and no other.
func TestServerAddressMatchesIPSAN(t *testing.T) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "gateway"},
		NotBefore: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
		DNSNames: []string{"vpn.example.com"}, IPAddresses: []net.IP{net.ParseIP("203.0.113.10").To16()}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	set := &certcheck.Set{Certs: []*certcheck.Cert{{Certificate: c, Role: certcheck.RoleVPN}},
		Opts: certcheck.Options{Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}}
	for servers, want := range map[string]int{"203.0.113.10": 0, "[203.0.113.10]": 0, "203.0.113.11": 1, "vpn.example.com": 0} {
		f := input.Read("p.xml", []byte("<VPNProfile><NativeProfile><Servers>"+servers+"</Servers><NativeProtocolType>SSTP</NativeProtocolType></NativeProfile></VPNProfile>"), input.Limits{})
		p := profile.Parse(f.Docs[0].XML)
		got := 0
		for _, x := range Lint(ForProfile(p, set)) {
			if x.Rule.ID == "VPN070" {
				got++
				if certcheck.ValidFor(c, servers) {
					t.Errorf("%s: VPN070, yet certcheck.ValidFor accepts it", servers)
				}
			}
		}
		if got != want {
			t.Errorf("Servers %s: %d VPN070 findings, want %d", servers, got, want)
		}
	}
}
