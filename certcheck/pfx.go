package certcheck

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"strings"
)

// errPFXPassword is go-pkcs12's ErrIncorrectPassword: no password given
// verifies the MAC.
var errPFXPassword = errors.New("pkcs12: decryption password incorrect")

// pfx reads a PFX/PKCS#12 file: the empty password first, then the ones
// given. The leaf is the certificate whose public key matches the private
// key, wherever Windows put it in the file.
//
// aovpnlint reads the PFX itself, as go-pkcs12's DecodeChain reads it
// (the same algorithms, the same order, the same result), but knowing the
// cost of each key derivation before it starts: every iteration count is
// checked against [MaxPFXIterations], and the whole cost against what is
// left of [MaxPFXWork] for this file, before any; each derivation then
// runs once. The PFX counts as an item toward [MaxItems], opened or not.
func (l *loader) pfx(der []byte, src Source) {
	src.Container = "PFX"
	if !l.room() {
		return
	}
	o := openPFX(der, l.opts.Passwords, MaxItems-l.items, MaxPFXWork-l.kdf)
	l.kdf += o.spent
	if o.refusal != "" {
		l.problem(src.Pos, "%s", o.refusal)
		return
	}
	switch err := o.err; {
	case err == nil:
	case errors.Is(err, errPFXPassword) && len(l.opts.Passwords) == 0:
		l.problem(src.Pos, "the PFX is protected by a password; give it with --pfx-password-file or AOVPNLINT_PFX_PASSWORD (the empty password did not open it)")
		return
	case errors.Is(err, errPFXPassword):
		l.problem(src.Pos, "the PFX password is wrong: neither the empty password nor the one given opens the file")
		return
	case strings.Contains(err.Error(), "private key missing"):
		l.problem(src.Pos, "the PFX holds certificates but no private key, a layout this version cannot read; export the certificates as .cer, .p7b or .sst instead")
		return
	case strings.Contains(err.Error(), "expected exactly one key"):
		l.problem(src.Pos, "the PFX holds more than one private key, a layout this version cannot read; export each certificate on its own")
		return
	default:
		l.problem(src.Pos, "the PFX cannot be read: %s", strings.TrimPrefix(errText(err), "pkcs12: "))
		return
	}
	certs := o.certs
	if signer, ok := o.key.(crypto.Signer); ok {
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
			l.addCert(&Cert{Certificate: c}, s)
		}
	}
}

// pfxSafe is one item of a PFX's authenticated safe, as far as it could
// be read without a password.
type pfxSafe struct {
	encrypted bool
	enc       pfxEncryptedContentInfo // when encrypted
	cost      int                     // of decrypting enc
	bags      []pfxSafeBag            // when not encrypted
}

// pfxScan is what scanPFX learns about a PFX without a password.
type pfxScan struct {
	pdu     pfxPDU
	content []byte // the authenticated safe, which the MAC covers
	mac     *pfxMAC
	safes   []pfxSafe
	// broken is the error go-pkcs12 stops with after the MAC, at the
	// structure of the authenticated safe.
	broken error
	// keys are the key-derivation costs of the key bags in the parts
	// that are not encrypted, in bag order (0 for an unencrypted key or
	// one that cannot be decrypted); certs the number of certificate
	// bags there.
	keys  []int
	certs int
	// refusal says why the file is refused.
	refusal string
}

// pfxOpened is what openPFX read from a PFX.
type pfxOpened struct {
	// certs are the certificates in bag order, as go-pkcs12's
	// DecodeChain returns them (its leaf, then its CA certificates).
	certs []*x509.Certificate
	// key is the private key, only to find the certificate that goes
	// with it; it is never printed.
	key any
	// err is the error go-pkcs12 would have returned, in its words.
	err error
	// refusal says why the PFX is not opened (a limit).
	refusal string
	// spent is the key-derivation work done, in iterations times blocks.
	spent int
}

// openPFX reads the PFX der with the first of the empty password and
// passwords that verifies its MAC, as go-pkcs12's DecodeChain does, or
// refuses it: an iteration count over MaxPFXIterations, a cost over left
// (the iterations still allowed for the file), a private key over
// MaxPFXKeyBytes, more certificates than room (the items left of
// MaxItems).
//
// The cost is known before any key derivation starts: the MAC with every
// password failing, each encrypted part and the private key; the file is
// refused if it is over left. After the encrypted parts are decrypted, a
// private key hidden in them is checked again before it is decrypted.
// Each derivation runs once; spent says how much was done.
func openPFX(der []byte, passwords []string, room, left int) (o pfxOpened) {
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
		o.err = err // go-pkcs12 stops before the MAC
		return o
	}
	if s.refusal != "" {
		o.refusal = s.refusal
		return o
	}
	candidates := append([]string{""}, passwords...)
	mac := 0
	if s.mac != nil {
		mac = s.mac.cost * (len(candidates) + 1) // the empty password has two encodings
	}
	enc := 0
	for _, sf := range s.safes {
		enc += sf.cost
	}
	visibleKey := 0
	for _, k := range s.keys {
		visibleKey = max(visibleKey, k)
	}
	if r := overBudget(mac, enc, visibleKey, left); r != "" {
		o.refusal = r
		return o
	}

	// The password: the first whose MAC verifies, as go-pkcs12 tries them.
	var bmp []byte
	found := false
	for _, pw := range candidates {
		encoded, ok := bmpPassword(pw)
		if !ok {
			o.err = errors.New("pkcs12: string contains characters that cannot be encoded in UCS-2")
			return o
		}
		if s.mac == nil {
			// Only the empty password, tried first, opens a PFX without
			// a MAC; go-pkcs12 tries no other encoding of it.
			bmp, found = encoded, true
			break
		}
		variants := [][]byte{encoded}
		if pw == "" {
			variants = append(variants, nil) // "some implementations use an empty byte array"
		}
		for _, v := range variants {
			o.spent += s.mac.cost
			if s.mac.verify(s.content, v) {
				bmp, found = v, true
				break
			}
		}
		if found {
			break
		}
	}
	if !found {
		o.err = errPFXPassword
		return o
	}
	if s.broken != nil {
		o.err = s.broken
		return o
	}

	// Decrypt the encrypted parts: the bags in file order.
	var bags []pfxSafeBag
	certs := s.certs
	for _, sf := range s.safes {
		if !sf.encrypted {
			bags = append(bags, sf.bags...)
			continue
		}
		p, perr := parsePBE(sf.enc.ContentEncryptionAlgorithm)
		if perr != nil {
			o.err = fmt.Errorf("pkcs12: %w", perr)
			return o
		}
		o.spent += p.cost
		plain, derr := p.decrypt(sf.enc.EncryptedContent, bmp)
		if derr != nil {
			o.err = fmt.Errorf("pkcs12: %w", derr)
			return o
		}
		var inner []pfxSafeBag
		if perr := unmarshalAll(plain, &inner); perr != nil {
			o.err = perr
			return o
		}
		if r := checkBags(inner); r != "" {
			o.refusal = r
			return o
		}
		_, c := bagKeys(inner)
		certs += c
		bags = append(bags, inner...)
	}
	if certs > room {
		o.refusal = fmt.Sprintf("the PFX holds %d certificates, more than the %d items still read from this file (at most %d are read from one file); it is not opened", certs, room, MaxItems)
		return o
	}
	// The private key to decrypt: the first key bag (it refuses a
	// second one before deriving its key).
	keys, _ := bagKeys(bags)
	key := 0
	if len(keys) > 0 {
		key = keys[0]
	}
	if o.spent+key > left {
		o.refusal = overBudget(o.spent, 0, key, left)
		return o
	}
	o.readBags(bags, bmp)
	return o
}

// readBags reads the certificates and the private key of bags as
// go-pkcs12's DecodeChain does, with its errors.
func (o *pfxOpened) readBags(bags []pfxSafeBag, password []byte) {
	fail := func(err error) {
		o.certs, o.key, o.err = nil, nil, err
	}
	for _, bag := range bags {
		switch {
		case bag.ID.Equal(oidCertBag):
			var cb struct {
				ID   asn1.ObjectIdentifier
				Data []byte `asn1:"tag:0,explicit"`
			}
			if err := unmarshalAll(bag.Value.Bytes, &cb); err != nil {
				fail(errors.New("pkcs12: error decoding cert bag: " + err.Error()))
				return
			}
			if !cb.ID.Equal(oidCertTypeX509) {
				fail(errors.New("pkcs12: only X509 certificates are supported in cert bags"))
				return
			}
			certs, err := x509.ParseCertificates(bytes.Clone(cb.Data))
			if err != nil {
				fail(err)
				return
			}
			if len(certs) != 1 {
				fail(errors.New("pkcs12: expected exactly one certificate in the certBag"))
				return
			}
			o.certs = append(o.certs, certs[0])
		case bag.ID.Equal(oidKeyBag), bag.ID.Equal(oidShroudedKeyBag):
			if o.key != nil {
				fail(errors.New("pkcs12: expected exactly one key bag"))
				return
			}
			key, spent, err := decodeKeyBag(bag, password)
			o.spent += spent
			if err != nil {
				fail(err)
				return
			}
			o.key = key
		}
	}
	switch {
	case len(o.certs) == 0:
		fail(errors.New("pkcs12: certificate missing"))
	case o.key == nil:
		fail(errors.New("pkcs12: private key missing"))
	}
}

// decodeKeyBag reads the private key of a key bag, decrypting it first
// when it is shrouded, as go-pkcs12 does; spent is the key-derivation
// work done.
func decodeKeyBag(bag pfxSafeBag, password []byte) (key any, spent int, err error) {
	if bag.ID.Equal(oidKeyBag) {
		key, err = x509.ParsePKCS8PrivateKey(bag.Value.Bytes)
		return key, 0, err
	}
	var info pfxEncryptedPrivateKeyInfo
	if err := unmarshalAll(bag.Value.Bytes, &info); err != nil {
		return nil, 0, errors.New("pkcs12: error decoding PKCS#8 shrouded key bag: " + err.Error())
	}
	p, err := parsePBE(info.Algorithm)
	if err != nil {
		return nil, 0, errors.New("pkcs12: error decrypting PKCS#8 shrouded key bag: " + err.Error())
	}
	plain, err := p.decrypt(info.EncryptedData, password)
	if err != nil {
		return nil, p.cost, errors.New("pkcs12: error decrypting PKCS#8 shrouded key bag: pkcs12: " + err.Error())
	}
	var raw asn1.RawValue
	if err := unmarshalAll(plain, &raw); err != nil {
		return nil, p.cost, errors.New("pkcs12: error unmarshaling decrypted private key: " + err.Error())
	}
	if key, err = x509.ParsePKCS8PrivateKey(plain); err != nil {
		return nil, p.cost, errors.New("pkcs12: error parsing PKCS#8 private key: " + err.Error())
	}
	return key, p.cost, nil
}

func indefinite(err error) bool {
	return err != nil && strings.Contains(err.Error(), "indefinite length")
}

// overBudget refuses a PFX whose key derivation would take more than
// left, the iterations still allowed for its file.
func overBudget(mac, enc, key, left int) string {
	if total := mac + enc + key; total > left {
		return fmt.Sprintf("opening the PFX would take up to %d key-derivation iterations (MAC %d, encrypted parts %d, private key %d, counting each password tried); at most %d are spent on one file and %d are left, so it is not opened", total, mac, enc, key, MaxPFXWork, max(left, 0))
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
		if n > MaxPFXIterations {
			s.refusal = overCap(n, "its MAC")
			return s, nil
		}
		if s.mac, err = parseMAC(s.pdu.MacData); err != nil {
			return nil, err
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
			s.safes = append(s.safes, pfxSafe{encrypted: true, enc: ed.EncryptedContentInfo, cost: pbeCost(ed.EncryptedContentInfo.ContentEncryptionAlgorithm)})
		default:
			s.broken = errors.New("pkcs12: only data and encryptedData content types are supported in authenticated safe")
			return s, nil
		}
	}
	return s, nil
}

// bagKeys returns the key-derivation costs of the key bags of bags (0 for
// an unencrypted key or a shrouded key that cannot be decrypted, as no
// key is derived for it) and the number of certificate bags.
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
				n = pbeCost(info.Algorithm)
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
