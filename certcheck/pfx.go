package certcheck

import (
	"crypto"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"strings"

	"software.sslmate.com/src/go-pkcs12"
)

// pfx reads a PFX/PKCS#12 file: the empty password first, then the ones
// given. The leaf is the certificate whose public key matches the private
// key, wherever Windows put it in the file.
//
// go-pkcs12 derives keys with whatever iteration count the file asks for,
// and cannot be stopped once it has started, so [openPFX] first reads the
// file's structure, checks every iteration count against
// [MaxPFXIterations] and the total against [MaxPFXWork], finds the
// password that verifies the MAC, and looks inside the encrypted parts;
// go-pkcs12 is then called once, with that password, on a file whose
// whole key-derivation cost is known.
func (l *loader) pfx(der []byte, src Source) {
	src.Container = "PFX"
	plan := openPFX(der, l.opts.Passwords, MaxItems-l.items)
	if plan.refusal != "" {
		l.problem(src.Pos, "%s", plan.refusal)
		return
	}
	var key any
	var leaf *x509.Certificate
	var cas []*x509.Certificate
	err := plan.err
	if err == nil {
		key, leaf, cas, err = pkcs12.DecodeChain(plan.data, plan.password)
	}
	switch msg := fmt.Sprint(err); {
	case err == nil:
	case errors.Is(err, pkcs12.ErrIncorrectPassword) && len(l.opts.Passwords) == 0:
		l.problem(src.Pos, "the PFX is protected by a password; give it with --pfx-password-file or AOVPNLINT_PFX_PASSWORD (the empty password did not open it)")
		return
	case errors.Is(err, pkcs12.ErrIncorrectPassword):
		l.problem(src.Pos, "the PFX password is wrong: neither the empty password nor the one given opens the file")
		return
	case strings.Contains(msg, "private key missing"):
		l.problem(src.Pos, "the PFX holds certificates but no private key, a layout this version cannot read; export the certificates as .cer, .p7b or .sst instead")
		return
	case strings.Contains(msg, "expected exactly one key"):
		l.problem(src.Pos, "the PFX holds more than one private key, a layout this version cannot read; export each certificate on its own")
		return
	default:
		l.problem(src.Pos, "the PFX cannot be read: %s", strings.TrimPrefix(msg, "pkcs12: "))
		return
	}
	certs := append([]*x509.Certificate{leaf}, cas...)
	if signer, ok := key.(crypto.Signer); ok {
		for i, c := range certs {
			if pub, ok := c.PublicKey.(interface{ Equal(crypto.PublicKey) bool }); ok && pub.Equal(signer.Public()) {
				certs[0], certs[i] = certs[i], certs[0]
				break
			}
		}
	}
	for i, c := range certs {
		s := src
		s.Index = i
		if l.room() {
			l.addCert(c, s)
		}
	}
}

// pfxSafe is one item of a PFX's authenticated safe, as far as the guard
// could read it without a password.
type pfxSafe struct {
	encrypted  bool
	enc        pfxEncryptedContentInfo // when encrypted
	iterations int                     // of enc
	bags       []pfxSafeBag            // when not encrypted
}

// pfxScan is what openPFX learns about a PFX.
type pfxScan struct {
	pdu     pfxPDU
	content []byte // the authenticated safe, which the MAC covers
	hasMAC  bool
	mac     int // MAC iterations
	safes   []pfxSafe
	// broken is the error go-pkcs12 stops with after the MAC, at the
	// structure of the authenticated safe.
	broken error
	// keys are the iteration counts of the shrouded keys in bag order
	// (0 for an unencrypted key), certs the number of certificate bags.
	keys  []int
	certs int
	// refusal says why the file is refused.
	refusal string
}

// pfxPlan is how go-pkcs12 may open a PFX.
type pfxPlan struct {
	data     []byte // the bytes to give it: BER normalised to DER when needed
	password string // the one password to try
	err      error  // the error it would end with; it is then not called
	refusal  string // why the file is not opened at all
}

// openPFX decides how go-pkcs12 may open the PFX der: with which bytes
// and password, or not at all because it would fail (plan.err), or
// because of a refusal: an iteration count over MaxPFXIterations, a total
// over MaxPFXWork, a private key over MaxPFXKeyBytes, more certificates
// than room (the items left of MaxItems). The key derivations it runs
// itself are counted in the total before any starts.
//
// go-pkcs12 is only called when the guard has read the whole file as
// go-pkcs12 reads it, verified the MAC with the password, and decrypted
// every encrypted part: so every key derivation go-pkcs12 then runs has
// been counted. Wherever go-pkcs12 would fail, openPFX returns the error
// itself, with go-pkcs12's wording.
func openPFX(der []byte, passwords []string, room int) pfxPlan {
	data := der
	s, err := scanPFX(data)
	if indefinite(err) || (s != nil && indefinite(s.broken)) {
		// go-pkcs12 reads DER only; the loader has always retried with
		// BER normalised.
		if norm, nerr := toDER(der); nerr == nil {
			data = norm
			s, err = scanPFX(data)
		}
	}
	if err != nil {
		return pfxPlan{data: data, err: err} // go-pkcs12 stops before the MAC
	}
	if s.refusal != "" {
		return pfxPlan{refusal: s.refusal}
	}
	candidates := append([]string{""}, passwords...)
	tries := 0
	if s.hasMAC {
		tries = len(candidates) + 1 // the empty password has two encodings
	}
	// Before any key derivation: the MAC once per try and once more in
	// go-pkcs12 (twice when the empty password opens it with its second
	// encoding), each encrypted part twice, a shrouded key once.
	enc := 0
	for _, sf := range s.safes {
		if sf.encrypted {
			enc += max(sf.iterations, 1)
		}
	}
	visibleKey := 0
	for _, k := range s.keys {
		visibleKey = max(visibleKey, k)
	}
	if r := budget(s.mac*(tries+2), 2*enc, visibleKey); r != "" {
		return pfxPlan{refusal: r}
	}

	// The password: the first whose MAC verifies, as go-pkcs12 tries them.
	var bmp []byte
	var password string
	found := false
	for _, pw := range candidates {
		encoded, ok := bmpPassword(pw)
		if !ok {
			return pfxPlan{data: data, password: pw, err: errors.New("pkcs12: string contains characters that cannot be encoded in UCS-2")}
		}
		if !s.hasMAC {
			// Only the empty password, tried first, opens a PFX without
			// a MAC; go-pkcs12 tries no other encoding of it.
			bmp, password, found = encoded, pw, true
			break
		}
		variants := [][]byte{encoded}
		if pw == "" {
			variants = append(variants, nil) // "some implementations use an empty byte array"
		}
		for _, v := range variants {
			ok, verr := verifyMAC(s.pdu.MacData, s.content, v)
			if verr != nil {
				return pfxPlan{data: data, password: pw, err: verr}
			}
			if ok {
				bmp, password, found = v, pw, true
				break
			}
		}
		if found {
			break
		}
	}
	if !found {
		return pfxPlan{data: data, err: pkcs12.ErrIncorrectPassword}
	}
	if s.broken != nil {
		return pfxPlan{data: data, password: password, err: s.broken}
	}

	// Look inside the encrypted parts with that password: go-pkcs12
	// derives the keys of the shrouded keys they hold too.
	var keys []int
	certs := s.certs
	for _, sf := range s.safes {
		if !sf.encrypted {
			k, _ := bagKeys(sf.bags)
			keys = append(keys, k...)
			continue
		}
		plain, derr := pbeDecrypt(sf.enc.ContentEncryptionAlgorithm, sf.enc.EncryptedContent, bmp)
		if derr != nil {
			return pfxPlan{data: data, password: password, err: fmt.Errorf("pkcs12: %w", derr)}
		}
		var bags []pfxSafeBag
		if perr := unmarshalAll(plain, &bags); perr != nil {
			return pfxPlan{data: data, password: password, err: perr}
		}
		k, c := bagKeys(bags)
		keys = append(keys, k...)
		certs += c
		if r := checkBags(bags); r != "" {
			return pfxPlan{refusal: r}
		}
	}
	if certs > room {
		return pfxPlan{refusal: fmt.Sprintf("the PFX holds %d certificates, more than the %d items still read from this file (at most %d are read from one file); it is not opened", certs, room, MaxItems)}
	}
	key := 0
	if len(keys) > 0 {
		key = keys[0] // go-pkcs12 refuses a second key before deriving it
	}
	if r := budget(s.mac*(tries+2), 2*enc, key); r != "" {
		return pfxPlan{refusal: r}
	}
	return pfxPlan{data: data, password: password}
}

func indefinite(err error) bool {
	return err != nil && strings.Contains(err.Error(), "indefinite length")
}

// budget refuses a PFX whose key derivation would take more than
// MaxPFXWork iterations.
func budget(mac, enc, key int) string {
	if total := mac + enc + key; total > MaxPFXWork {
		return fmt.Sprintf("opening the PFX would take %d key-derivation iterations (MAC %d, encrypted parts %d, private key %d, counting each password tried); at most %d are spent on one file, so it is not opened", total, mac, enc, key, MaxPFXWork)
	}
	return ""
}

// scanPFX reads the structure of a PFX step by step as go-pkcs12's
// getSafeContents does, without any key derivation. The error is the one
// go-pkcs12 returns before reaching the MAC; an error after it is kept in
// broken.
func scanPFX(data []byte) (*pfxScan, error) {
	s := &pfxScan{}
	if err := unmarshalAll(data, &s.pdu); err != nil {
		return nil, errors.New("pkcs12: error reading P12 data: " + err.Error())
	}
	if s.pdu.Version != 3 {
		return nil, errors.New("pkcs12: can only decode v3 PFX PDU's")
	}
	if !s.pdu.AuthSafe.ContentType.Equal(oidDataContentType) {
		return nil, errors.New("pkcs12: only password-protected PFX is implemented")
	}
	// go-pkcs12 takes whatever element is there, as a RawValue.
	var content asn1.RawValue
	if err := unmarshalAll(s.pdu.AuthSafe.Content.Bytes, &content); err != nil {
		return nil, err
	}
	s.content = content.Bytes
	if len(s.pdu.MacData.Mac.Algorithm.Algorithm) > 0 {
		n, err := macIterations(s.pdu.MacData)
		if err != nil {
			return nil, err // refused before any key derivation
		}
		s.hasMAC, s.mac = true, max(n, 1)
		if n > MaxPFXIterations {
			s.refusal = overCap(n, "its MAC")
			return s, nil
		}
	}
	var safe []pfxContentInfo
	if err := unmarshalAll(s.content, &safe); err != nil {
		s.broken = err
		return s, nil
	}
	if len(safe) < 1 || len(safe) > 2 {
		s.broken = fmt.Errorf("pkcs12: expected between 1 and 2 items in the authenticated safe, but this file has %d", len(safe))
		return s, nil
	}
	for i, ci := range safe {
		switch {
		case ci.ContentType.Equal(oidDataContentType):
			var plain []byte
			var bags []pfxSafeBag
			if err := unmarshalAll(ci.Content.Bytes, &plain); err != nil {
				s.broken = err
				return s, nil
			}
			if err := unmarshalAll(plain, &bags); err != nil {
				s.broken = err
				return s, nil
			}
			keys, certs := bagKeys(bags)
			s.keys = append(s.keys, keys...)
			s.certs += certs
			if r := checkBags(bags); r != "" {
				s.refusal = r
				return s, nil
			}
			s.safes = append(s.safes, pfxSafe{bags: bags})
		case ci.ContentType.Equal(oidEncryptedDataContentType):
			var ed pfxEncryptedData
			if err := unmarshalAll(ci.Content.Bytes, &ed); err != nil {
				s.broken = err
				return s, nil
			}
			if ed.Version != 0 {
				s.broken = errors.New("pkcs12: only version 0 of EncryptedData is supported")
				return s, nil
			}
			n, err := pbeIterations(ed.EncryptedContentInfo.ContentEncryptionAlgorithm)
			if err != nil {
				s.broken = fmt.Errorf("pkcs12: %w", err) // go-pkcs12 cannot decrypt it and stops there
				return s, nil
			}
			if n > MaxPFXIterations {
				s.refusal = overCap(n, fmt.Sprintf("the encryption of part %d", i+1))
				return s, nil
			}
			s.safes = append(s.safes, pfxSafe{encrypted: true, enc: ed.EncryptedContentInfo, iterations: n})
		default:
			s.broken = errors.New("pkcs12: only data and encryptedData content types are supported in authenticated safe")
			return s, nil
		}
	}
	return s, nil
}

// bagKeys returns the iteration counts of the key bags of bags (0 for an
// unencrypted key or a shrouded key whose parameters go-pkcs12 cannot
// read, as it stops there) and the number of certificate bags.
func bagKeys(bags []pfxSafeBag) (keys []int, certs int) {
	for _, b := range bags {
		switch {
		case b.ID.Equal(oidCertBag):
			certs++
		case b.ID.Equal(oidKeyBag):
			keys = append(keys, 0)
		case b.ID.Equal(oidShroudedKeyBag):
			var info pfxEncryptedPrivateKeyInfo
			n := 0
			if unmarshalAll(b.Value.Bytes, &info) == nil {
				if c, err := pbeIterations(info.Algorithm); err == nil {
					n = max(c, 1)
				}
			}
			keys = append(keys, n)
		}
	}
	return keys, certs
}

// checkBags refuses a key bag whose iteration count is over
// MaxPFXIterations or whose key is larger than MaxPFXKeyBytes.
func checkBags(bags []pfxSafeBag) string {
	for _, b := range bags {
		switch {
		case b.ID.Equal(oidKeyBag):
			if len(b.Value.Bytes) > MaxPFXKeyBytes {
				return fmt.Sprintf("the private key in the PFX takes %d bytes, over the limit of %d (an RSA key of %d bits takes about 9.3 KB); it is not opened", len(b.Value.Bytes), MaxPFXKeyBytes, MaxRSABits)
			}
		case b.ID.Equal(oidShroudedKeyBag):
			var info pfxEncryptedPrivateKeyInfo
			if unmarshalAll(b.Value.Bytes, &info) != nil {
				continue
			}
			if n, err := pbeIterations(info.Algorithm); err == nil && n > MaxPFXIterations {
				return overCap(n, "the encryption of its private key")
			}
			if len(info.EncryptedData) > MaxPFXKeyBytes {
				return fmt.Sprintf("the private key in the PFX takes %d bytes, over the limit of %d (an RSA key of %d bits takes about 9.3 KB); it is not opened", len(info.EncryptedData), MaxPFXKeyBytes, MaxRSABits)
			}
		}
	}
	return ""
}

func overCap(n int, what string) string {
	return fmt.Sprintf("the PFX asks for %d key-derivation iterations for %s; at most %d are accepted (Windows writes 2000, OpenSSL 2048), so it is not opened", n, what, MaxPFXIterations)
}
