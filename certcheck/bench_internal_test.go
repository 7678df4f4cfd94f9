package certcheck

import (
	"os"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint/input"
)

// BenchmarkChainCheck runs every certificate rule on a gateway certificate
// with its issuing CA and root: chain building and the RSA signature
// checks included (the signature cache is emptied on each round, as each
// run of the command line starts empty).
func BenchmarkChainCheck(b *testing.B) {
	var certs []*Cert
	for name, role := range map[string]Role{"vpn.pem": RoleVPN, "trust.pem": RoleTrust} {
		data, err := os.ReadFile("../fixtures/scenario/certs/" + name)
		if err != nil {
			b.Fatal(err)
		}
		bundle := Load(fileOf(input.Read(name, data, input.Limits{})), LoadOptions{})
		bundle.SetRole(role)
		certs = append(certs, bundle.Certs...)
	}
	b.ReportAllocs()
	for b.Loop() {
		Lint(&Set{Certs: certs, Opts: Options{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}})
	}
}
