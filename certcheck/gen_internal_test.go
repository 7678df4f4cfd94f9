package certcheck

import (
	"crypto"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestWritePKI writes a PKI of BenchmarkChains for the command-line
// measurement of BENCHMARKS.md ("Ten thousand certificates"): with
// CERTS_OUT=DIR and CERTS_LEAVES=N (and CERTS_KEY=p256 for ECDSA P-256
// keys instead of RSA 2048-bit ones) it writes DIR/root.pem (the trusted
// root), DIR/issuing.pem (10 issuing CAs) and the N client certificates in
// files of at most 5,000 (a file holds at most MaxItems items). Without
// CERTS_OUT it does nothing.
func TestWritePKI(t *testing.T) {
	dir := os.Getenv("CERTS_OUT")
	if dir == "" {
		t.Skip("CERTS_OUT not set")
	}
	n, err := strconv.Atoi(os.Getenv("CERTS_LEAVES"))
	if err != nil || n < 1 {
		t.Fatalf("CERTS_LEAVES=%q: want a number of leaves", os.Getenv("CERTS_LEAVES"))
	}
	keys := rsaSigner(t)
	if os.Getenv("CERTS_KEY") == "p256" {
		keys = func() crypto.Signer { return newKey(t) }
	}
	certs := pkiWith(t, 10, n, keys).Certs
	write := func(name string, cs []*Cert) {
		var out []byte
		for _, c := range cs {
			out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
		}
		if err := os.WriteFile(filepath.Join(dir, name), out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("root.pem", certs[:1])
	write("issuing.pem", certs[1:11])
	for i, leaves := 0, certs[11:]; len(leaves) > 0; i++ {
		k := min(len(leaves), 5000)
		write(fmt.Sprintf("clients-%d.pem", i), leaves[:k])
		leaves = leaves[k:]
	}
}
