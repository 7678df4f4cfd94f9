package certcheck

import (
	"crypto/x509"
	"fmt"
	mrand "math/rand"
	"net"
	"strings"
	"testing"
	"time"
)

// referenceClassify is Classify as it was before issue 9: every hint
// matched against every name of the certificate.
func referenceClassify(c *x509.Certificate, h Hints) (Role, string, bool) {
	switch {
	case isCA(c) && selfSigned(c):
		return RoleTrust, "a self-signed CA certificate, so a trusted root", true
	case isCA(c):
		return RoleChain, "a CA certificate that is not self-signed, so an intermediate used to build chains", true
	}
	for _, s := range h.Servers {
		if ValidFor(c, s) {
			return RoleVPN, fmt.Sprintf("valid for %s, a host in Servers, so the VPN server certificate", s), true
		}
	}
	for _, s := range h.NPSNames {
		if ValidFor(c, s) {
			return RoleNPS, fmt.Sprintf("valid for %s, a ServerNames entry, so the NPS server certificate", s), true
		}
	}
	switch {
	case HasEKU(c, OIDClientAuth) || HasEKU(c, OIDConditionalAccess):
		return RoleClient, "it has Client Authentication, so a client certificate", true
	case HasEKU(c, OIDServerAuth):
		return RoleVPN, "it has Server Authentication, so a server certificate (checked as the VPN server's)", true
	}
	return RoleUnknown, "", false
}

// TestClassifierMatchesValidFor classifies random certificates against
// random hints (names in any case, trailing dots, spaces, wildcards, IP
// addresses, brackets) and compares with matching every hint in turn: the
// same role and the same first hint named.
func TestClassifierMatchesValidFor(t *testing.T) {
	rng := mrand.New(mrand.NewSource(5))
	labels := []string{"vpn", "VPN", "nps", "*", "a", "", "x*"}
	domains := []string{"example.com", "Example.COM", "contoso.test", "com"}
	host := func() string {
		switch rng.Intn(6) {
		case 0:
			return []string{"10.0.0.1", "::ffff:10.0.0.1", "[2001:db8::1]", " 10.0.0.2 "}[rng.Intn(4)]
		}
		h := labels[rng.Intn(len(labels))] + "." + domains[rng.Intn(len(domains))]
		if rng.Intn(4) == 0 {
			h += "."
		}
		if rng.Intn(5) == 0 {
			h = " " + h + "  "
		}
		if rng.Intn(7) == 0 {
			h = domains[rng.Intn(len(domains))]
		}
		return h
	}
	key := newKey(t)
	agreed := 0
	for i := 0; i < 300; i++ {
		var names []string
		for j := rng.Intn(4); j > 0; j-- {
			names = append(names, strings.TrimSpace(host()))
		}
		var dns []string
		var ips []net.IP
		for _, n := range names {
			if ip := net.ParseIP(strings.Trim(n, "[]")); ip != nil {
				ips = append(ips, ip)
			} else {
				dns = append(dns, n)
			}
		}
		tmpl := func(c *x509.Certificate) { c.DNSNames, c.IPAddresses = dns, ips }
		c := issueWith(t, labels[rng.Intn(len(labels))]+".example.com", key, tmpl)
		var h Hints
		for j := rng.Intn(6); j > 0; j-- {
			h.Servers = append(h.Servers, host())
		}
		for j := rng.Intn(4); j > 0; j-- {
			h.NPSNames = append(h.NPSNames, host())
		}
		gr, gw, gok := NewClassifier(h).Classify(c)
		wr, ww, wok := referenceClassify(c, h)
		if gr != wr || gw != ww || gok != wok {
			t.Fatalf("names %q, hints %q: %v %q; matching each hint gives %v %q", names, h, gr, gw, wr, ww)
		}
		if gr == RoleVPN || gr == RoleNPS {
			agreed++
		}
	}
	if agreed < 30 {
		t.Errorf("only %d certificates matched a hint: the test does not exercise the index", agreed)
	}
}

// TestClassifierLinear classifies 1,000 and then 10,000 certificates
// against 10 times as many Servers hosts: 10 times the input costs about
// 10 times the work, not 100 (each certificate was matched against every
// host before the fix).
func TestClassifierLinear(t *testing.T) {
	key := newKey(t)
	base := issueWith(t, "client", key, func(c *x509.Certificate) { c.DNSNames = []string{"client.example.com", "*.clients.example.com"} })
	var took [2]time.Duration
	for i, n := range []int{1_000, 10_000} {
		certs := variants(t, base, n)
		var h Hints
		for j := 0; j < 10*n; j++ {
			h.Servers = append(h.Servers, fmt.Sprintf("vpn%d.example.com", j))
		}
		h.Servers = append(h.Servers, "x.clients.example.com")
		within(t, watchdog, func() {
			took[i] = fastest(func() {
				k := NewClassifier(h)
				for _, c := range certs {
					if role, why, _ := k.Classify(c); role != RoleVPN || !strings.Contains(why, "x.clients.example.com") {
						t.Fatalf("classified %v (%s); want the VPN server by the wildcard", role, why)
					}
				}
			})
		})
	}
	linear(t, "classification", took[0], took[1])
}
