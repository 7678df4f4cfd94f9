package certcheck

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
)

// DecryptPrivateKey decrypts an encrypted PKCS#8 private key — the DER of
// an EncryptedPrivateKeyInfo, the body of a PEM block labelled ENCRYPTED
// PRIVATE KEY, as `openssl pkcs8 -topk8` and easy-rsa write it (PBES2 with
// PBKDF2 and AES, or the PKCS#12 PBE schemes) — with each password in turn,
// and returns the PKCS#8 PrivateKeyInfo DER of the first that decrypts it
// into a DER SEQUENCE. The work is bounded as for PFX files: an iteration
// count over [MaxPFXIterations] is refused before any derivation, and no
// more than [MaxPFXWork] iterations are spent over every password; the
// caller should clear the key once it has read what it needs. The error
// never quotes the key or a password.
func DecryptPrivateKey(der []byte, passwords []string) ([]byte, error) {
	var info struct {
		Algorithm     pkix.AlgorithmIdentifier
		EncryptedData []byte
	}
	if err := unmarshalAll(der, &info); err != nil {
		return nil, errors.New("the encrypted key is not an EncryptedPrivateKeyInfo")
	}
	p, err := parsePBE(info.Algorithm)
	if err != nil {
		return nil, fmt.Errorf("the key's encryption is not one aovpnlint reads (%v)", err)
	}
	if p.iterations > MaxPFXIterations {
		return nil, fmt.Errorf("the key asks for %d iterations of key derivation; at most %d are spent on a key", p.iterations, MaxPFXIterations)
	}
	spent := 0
	for _, pw := range passwords {
		bmp, ok := bmpPassword(pw)
		if !ok {
			continue
		}
		if spent+p.cost > MaxPFXWork {
			return nil, fmt.Errorf("no password was tried within the bound of %d iterations of key derivation", MaxPFXWork)
		}
		spent += p.cost
		plain, err := p.decrypt(info.EncryptedData, bmp)
		if err != nil {
			continue
		}
		var seq asn1.RawValue
		if unmarshalAll(plain, &seq) == nil && seq.Tag == asn1.TagSequence && seq.IsCompound {
			return plain, nil
		}
		clear(plain)
	}
	return nil, errors.New("none of the passwords given decrypts the key")
}
