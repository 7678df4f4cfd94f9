// Package certcheck loads the certificates and CRLs an administrator
// exports from a Windows PKI and checks each certificate for the role it
// plays in an Always On VPN deployment.
//
// This version reads X.509 certificates and CRLs in PEM (any label) and
// DER. A certificate Go's parser refuses is reported on its own (IN005)
// and the others are still read.
package certcheck

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"fmt"

	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/lint"
)

// Cert is a certificate and its Source: where it came from.
type Cert struct {
	*x509.Certificate
	Source Source
}

// CRL is a certificate revocation list and its Source: where it came from.
type CRL struct {
	*x509.RevocationList
	Source Source
}

// Source locates an item in its file.
type Source struct {
	// Pos is the item's position: the line of its PEM BEGIN line, or just
	// the file for binary formats.
	Pos lint.Pos
	// Index counts the items of the file from 0.
	Index int
	// Offset is the byte offset of the item in the file as read.
	Offset int
}

// Bundle is what a file held: its certificates and CRLs in file order.
type Bundle struct {
	Certs []*Cert
	CRLs  []*CRL
}

// Load reads the certificates and CRLs of a file input has classified as
// a certificate file. Whatever cannot be parsed is recorded on f as an
// Unparseable problem (IN005).
func Load(f *input.File) *Bundle {
	b := &Bundle{}
	data := f.Raw
	if f.Text != nil {
		data = f.Text.Data
	}
	if !bytes.Contains(data, []byte("-----BEGIN ")) {
		b.der(f, f.Raw, lint.Pos{File: f.Name}, 0)
		return b
	}
	rest := data
	for {
		start := bytes.Index(rest, []byte("-----BEGIN "))
		if start < 0 {
			break
		}
		offset := len(data) - len(rest) + start
		block, next := pem.Decode(rest[start:])
		pos := f.Text.Pos(offset)
		if block == nil {
			f.Problems = append(f.Problems, input.Problem{Kind: input.Unparseable, Pos: pos,
				Message: "the PEM block cannot be decoded (bad base64 or missing END line)"})
			rest = rest[start+len("-----BEGIN "):]
			continue
		}
		b.der(f, block.Bytes, pos, offset)
		rest = next
	}
	return b
}

// der reads one DER item: a certificate or a CRL.
func (b *Bundle) der(f *input.File, der []byte, pos lint.Pos, offset int) {
	src := Source{Pos: pos, Index: len(b.Certs) + len(b.CRLs), Offset: offset}
	cert, certErr := x509.ParseCertificate(der)
	if certErr == nil {
		b.Certs = append(b.Certs, &Cert{Certificate: cert, Source: src})
		return
	}
	if crl, err := x509.ParseRevocationList(der); err == nil {
		b.CRLs = append(b.CRLs, &CRL{RevocationList: crl, Source: src})
		return
	}
	f.Problems = append(f.Problems, input.Problem{Kind: input.Unparseable, Pos: pos,
		Message: fmt.Sprintf("item %d is neither a certificate nor a CRL Go can parse: %v", src.Index+1, certErr)})
}
