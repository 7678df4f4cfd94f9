package certcheck

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/wording"
)

// errPFXPassword is go-pkcs12's ErrIncorrectPassword: no password given
// verifies the MAC.
var errPFXPassword = errors.New("pkcs12: decryption password incorrect")

// pfx reads a PFX/PKCS#12 file: the empty password first, then the ones
// given. The leaf is the certificate whose public key matches the private
// key, or failing that whose localKeyID matches the key's, wherever
// Windows put it in the file.
//
// aovpnlint reads the PFX itself, as go-pkcs12's DecodeChain reads it
// (the same algorithms, the same order, the same result for every file
// go-pkcs12 opens), but knowing the cost of each key derivation before it
// starts: every iteration count is checked against [MaxPFXIterations],
// and the whole cost against what is left of [MaxPFXWork] for this file,
// before any; each derivation then runs once. Unlike go-pkcs12 it reads
// the certificates of a PFX without a private key, with several keys or
// with a key Go cannot parse (the key is never needed), of a PFX without
// a MAC, and of any number of parts; a part or a bag that cannot be read
// is a problem naming it, and the others are read. The PFX counts as an
// item toward [MaxItems], opened or not.
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
	default:
		l.problem(src.Pos, "the PFX cannot be read: %s", strings.TrimPrefix(errText(err), "pkcs12: "))
		return
	}
	for _, p := range o.problems {
		if l.full() {
			l.dropped++
			continue
		}
		l.problem(src.Pos, "%s", p)
	}
	if o.noMAC {
		l.odd(Oddity{Pos: src.Pos, Kind: PFXWithoutMAC, What: "the PFX"})
	}
	if o.keys == 0 && len(o.certs) > 0 {
		l.odd(Oddity{Pos: src.Pos, Kind: PFXWithoutKey, What: "the PFX"})
	}
	certs := o.certs
	if leaf := o.leaf(); leaf > 0 {
		certs[0], certs[leaf] = certs[leaf], certs[0]
	}
	for i, c := range certs {
		s := src
		s.Index = i
		if l.room() {
			l.addCert(c, s)
		}
	}
}

// leaf returns the index of the certificate that goes with the first
// private key: the one whose public key matches the key, else the one
// whose localKeyID attribute matches the key bag's, else 0.
func (o *pfxOpened) leaf() int {
	if signer, ok := o.key.(crypto.Signer); ok {
		for i, c := range o.certs {
			if pub, ok := c.PublicKey.(interface{ Equal(crypto.PublicKey) bool }); ok && pub.Equal(signer.Public()) {
				return i
			}
		}
	}
	if len(o.keyID) > 0 {
		for i, id := range o.certIDs {
			if bytes.Equal(id, o.keyID) {
				return i
			}
		}
	}
	return 0
}

// pfxSafe is one item of a PFX's authenticated safe, as far as it could
// be read without a password.
type pfxSafe struct {
	encrypted bool
	enc       pfxEncryptedContentInfo // when encrypted
	cost      int                     // of decrypting enc
	bags      []pfxSafeBag            // when not encrypted
	// problem says why the part cannot be read (its other fields are
	// then empty); the other parts are read.
	problem string
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
	// ber says a part could not be read for an indefinite (BER) length.
	ber bool
}

// pfxOpened is what openPFX read from a PFX.
type pfxOpened struct {
	// certs are the certificates in bag order, as go-pkcs12's
	// DecodeChain returns them (its leaf, then its CA certificates), and
	// certIDs the localKeyID attribute of each (nil when it has none).
	certs   []*Cert
	certIDs [][]byte
	// key is the first private key, only to find the certificate that
	// goes with it; it is never printed. keyID is its localKeyID, keys
	// the number of key bags.
	key   any
	keyID []byte
	keys  int
	// problems are the parts and bags that could not be read, each
	// naming its part or bag; the others are read.
	problems []string
	// noMAC says the PFX has no MAC.
	noMAC bool
	// err is the error go-pkcs12 would have returned, in its words, for
	// a PFX nothing is read from.
	err error
	// refusal says why the PFX is not opened (a limit).
	refusal string
	// spent is the key-derivation work done, in iterations times blocks.
	spent int
	// probed is the shrouded key decrypted to find the password of a PFX
	// without a MAC and without encrypted parts.
	probed *probedKey
}

// probedKey is a shrouded key bag (its encoding) and the key it holds.
type probedKey struct {
	bag []byte
	key any
}

// pfxVariants are the encodings of a password tried on a PFX: its
// BMPString, and for the empty password also no bytes at all ("some
// implementations use an empty byte array", as go-pkcs12 says).
func pfxVariants(pw string) ([][]byte, bool) {
	encoded, ok := bmpPassword(pw)
	if !ok {
		return nil, false
	}
	if pw == "" {
		return [][]byte{encoded, nil}, true
	}
	return [][]byte{encoded}, true
}

// openPFX reads the PFX der with the first of the empty password and
// passwords that verifies its MAC, as go-pkcs12's DecodeChain does, or
// refuses it: an iteration count over MaxPFXIterations, a cost over left
// (the iterations still allowed for the file), a private key over
// MaxPFXKeyBytes, more certificates than room (the items left of
// MaxItems). A PFX without a MAC is opened with the first password that
// decrypts its first encrypted part (or, when no part is encrypted, its
// first shrouded key) into what it should hold.
//
// The cost is known before any key derivation starts: finding the
// password with every password failing (the MAC, or the first encrypted
// part or key, per password tried), each encrypted part and the private
// key; the file is refused if it is over left. After the encrypted parts
// are decrypted, a private key hidden in them is checked again before it
// is decrypted. Each derivation runs once; spent says how much was done.
func openPFX(der []byte, passwords []string, room, left int) (o pfxOpened) {
	data := der
	s, err := scanPFX(data)
	if indefinite(err) || (s != nil && (indefinite(s.broken) || s.ber)) {
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
	pws := append([]string{""}, passwords...)
	tries := len(pws) + 1 // the empty password has two encodings
	// each calls try with the encodings of the passwords in order, until
	// try returns true, as go-pkcs12 tries them; a password that cannot
	// be encoded stops it with an error when its turn comes.
	each := func(try func(v []byte) bool) error {
		for _, pw := range pws {
			variants, ok := pfxVariants(pw)
			if !ok {
				return errors.New("pkcs12: string contains characters that cannot be encoded in UCS-2")
			}
			for _, v := range variants {
				if try(v) {
					return nil
				}
			}
		}
		return nil
	}

	// What finding the password costs: the MAC, or without one the first
	// encrypted part (then decrypted once found), or the first shrouded
	// key in the clear parts.
	probe, probeCost, keyProbe := -1, 0, false
	if s.mac != nil {
		probeCost = s.mac.cost
	} else {
		for i, sf := range s.safes {
			if sf.encrypted && sf.problem == "" {
				probe, probeCost = i, sf.cost
				break
			}
		}
		if probe < 0 {
			for _, k := range s.keys {
				if k > 0 {
					probeCost, keyProbe = k, true
					break
				}
			}
		}
	}
	enc := 0
	for i, sf := range s.safes {
		if i != probe {
			enc += sf.cost
		}
	}
	visibleKey := 0
	for _, k := range s.keys {
		visibleKey = max(visibleKey, k)
	}
	if keyProbe {
		visibleKey = 0 // the probe decrypts it
	}
	if r := overBudget(probeCost*tries, enc, visibleKey, left); r != "" {
		o.refusal = r
		return o
	}

	// The password.
	var bmp []byte
	var probed []byte // the plaintext of the part that found it
	found := false
	var eerr error
	switch {
	case s.mac != nil:
		// The first whose MAC verifies.
		eerr = each(func(v []byte) bool {
			o.spent += s.mac.cost
			bmp, found = v, s.mac.verify(s.content, v)
			return found
		})
	case probe >= 0:
		o.noMAC = true
		p, perr := parsePBE(s.safes[probe].enc.ContentEncryptionAlgorithm)
		if perr != nil {
			o.err = fmt.Errorf("pkcs12: %w", perr)
			return o
		}
		// The first that decrypts the first encrypted part into bags.
		eerr = each(func(v []byte) bool {
			o.spent += p.cost
			plain, derr := p.decrypt(s.safes[probe].enc.EncryptedContent, v)
			var bags []pfxSafeBag
			bmp, probed, found = v, plain, derr == nil && unmarshalBER(plain, &bags) == nil
			return found
		})
	case keyProbe:
		o.noMAC = true
		// The first that decrypts the first shrouded key (into a key Go
		// may still not parse).
		bag := firstShrouded(s.safes)
		eerr = each(func(v []byte) bool {
			key, spent, kerr := decodeKeyBag(bag, v)
			o.spent += spent
			bmp, found = v, kerr == nil || strings.HasPrefix(kerr.Error(), errKeyUnparsed)
			if found {
				o.probed = &probedKey{bag: bag.Value.FullBytes, key: key} // not decrypted again
			}
			return found
		})
	default:
		o.noMAC = true
		bmp, found = []byte{0, 0}, true // nothing is encrypted: the empty password
	}
	if eerr != nil {
		o.err = eerr
		return o
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
	for i, sf := range s.safes {
		switch {
		case sf.problem != "":
			o.problems = append(o.problems, fmt.Sprintf("part %d of the PFX %s; its items are not read", i+1, sf.problem))
			continue
		case !sf.encrypted:
			bags = append(bags, sf.bags...)
			continue
		}
		plain := probed
		if i != probe {
			p, perr := parsePBE(sf.enc.ContentEncryptionAlgorithm)
			if perr != nil {
				o.problems = append(o.problems, fmt.Sprintf("part %d of the PFX cannot be decrypted: %s; its items are not read", i+1, strings.TrimPrefix(errText(perr), "pkcs12: ")))
				continue
			}
			o.spent += p.cost
			var derr error
			if plain, derr = p.decrypt(sf.enc.EncryptedContent, bmp); derr != nil {
				o.problems = append(o.problems, fmt.Sprintf("part %d of the PFX cannot be decrypted with the password that opens the file: %s; its items are not read", i+1, errText(derr)))
				continue
			}
		}
		var inner []pfxSafeBag
		if perr := unmarshalBER(plain, &inner); perr != nil {
			o.problems = append(o.problems, fmt.Sprintf("part %d of the PFX is damaged: %s; its items are not read", i+1, errText(perr)))
			continue
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
	// The private key to decrypt: the first key bag.
	keys, _ := bagKeys(bags)
	key := 0
	if len(keys) > 0 && !keyProbe {
		key = keys[0]
	}
	if o.spent+key > left {
		o.refusal = overBudget(o.spent, 0, key, left)
		return o
	}
	o.readBags(bags, bmp)
	return o
}

// firstShrouded returns the first shrouded key bag of the parts that are
// not encrypted whose key can be decrypted (as bagKeys counts them).
func firstShrouded(safes []pfxSafe) pfxSafeBag {
	for _, sf := range safes {
		for _, b := range sf.bags {
			if keys, _ := bagKeys([]pfxSafeBag{b}); len(keys) == 1 && keys[0] > 0 {
				return b
			}
		}
	}
	return pfxSafeBag{}
}

var oidLocalKeyID = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 21}

// localKeyID returns the localKeyID attribute of a bag, nil when it has
// none.
func localKeyID(bag pfxSafeBag) []byte {
	for _, a := range bag.Attributes {
		if a.ID.Equal(oidLocalKeyID) {
			var id []byte
			if _, err := asn1.Unmarshal(a.Value.Bytes, &id); err == nil {
				return id
			}
		}
	}
	return nil
}

// readBags reads the certificates of bags, and the first private key to
// find the certificate that goes with it. A certificate bag that cannot
// be read is a problem naming it (bag number, subject when it can be
// read), and the others are read; a private key that cannot be read (DSA,
// RSA-PSS, which Go does not parse) is no problem: it is never needed.
// For a PFX go-pkcs12 opens, the certificates and the key are those it
// returns.
func (o *pfxOpened) readBags(bags []pfxSafeBag, password []byte) {
	certBags := 0
	for i, bag := range bags {
		n := i + 1
		switch {
		case bag.ID.Equal(oidCertBag):
			certBags++
			var cb struct {
				ID   asn1.ObjectIdentifier
				Data []byte `asn1:"tag:0,explicit"`
			}
			if err := unmarshalAll(bag.Value.Bytes, &cb); err != nil {
				o.problems = append(o.problems, fmt.Sprintf("bag %d of the PFX (a certificate) is damaged: %s", n, errText(err)))
				continue
			}
			if !cb.ID.Equal(oidCertTypeX509) {
				o.problems = append(o.problems, fmt.Sprintf("bag %d of the PFX holds a certificate of type %s, not an X.509 certificate; it is not read", n, cb.ID))
				continue
			}
			c, err := parseCertificate(cb.Data)
			if err != nil {
				name := ""
				if subject := refusedSubject(cb.Data); subject != "" {
					name = " " + wording.Inline(subject) + ","
				}
				o.problems = append(o.problems, fmt.Sprintf("bag %d of the PFX (certificate%s SHA-1 %s) cannot be parsed by Go's x509 parser: %s", n, name, Thumbprint(cb.Data), errText(err)))
				continue
			}
			o.certs = append(o.certs, c)
			o.certIDs = append(o.certIDs, localKeyID(bag))
		case bag.ID.Equal(oidKeyBag), bag.ID.Equal(oidShroudedKeyBag):
			o.keys++
			if o.keys > 1 {
				continue // only the first key is used, to find its certificate
			}
			o.keyID = localKeyID(bag)
			if o.probed != nil && bytes.Equal(o.probed.bag, bag.Value.FullBytes) {
				o.key = o.probed.key // decrypted to find the password
				continue
			}
			key, spent, err := decodeKeyBag(bag, password)
			o.spent += spent
			if err == nil {
				o.key = key
			}
		}
	}
	if certBags == 0 && len(o.problems) == 0 {
		o.err = errors.New("pkcs12: certificate missing")
	}
}

// refusedSubject returns the subject of a certificate Go refuses, read as
// leniently as encoding/asn1 allows and shown as [DN] shows it (escaped,
// not cut), or "" when even that fails or the subject is empty.
func refusedSubject(der []byte) string {
	var c struct {
		TBS struct {
			Version   int `asn1:"optional,explicit,default:0,tag:0"`
			Serial    asn1.RawValue
			Signature asn1.RawValue
			Issuer    asn1.RawValue
			Validity  asn1.RawValue
			Subject   asn1.RawValue
		} `asn1:""`
	}
	if _, err := asn1.Unmarshal(der, &c); err != nil {
		return ""
	}
	if s := c.TBS.Subject; s.Class != asn1.ClassUniversal || s.Tag != asn1.TagSequence {
		return ""
	}
	return DN(c.TBS.Subject.FullBytes)
}

// errKeyUnparsed starts the error of a private key decrypted into DER
// that Go does not parse (DSA, RSA-PSS).
const errKeyUnparsed = "pkcs12: error parsing PKCS#8 private key: "

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
		return nil, p.cost, errors.New(errKeyUnparsed + err.Error())
	}
	return key, p.cost, nil
}

// unmarshalBER is unmarshalAll, retried on in normalised to DER when it
// is BER: what a part of a PFX holds (its bags, the list of parts, the
// plaintext of an encrypted part) is itself encoded, and some tools write
// it with indefinite lengths.
func unmarshalBER(in []byte, out any) error {
	err := unmarshalAll(in, out)
	if !indefinite(err) {
		return err
	}
	norm, nerr := toDER(in)
	if nerr != nil {
		return err
	}
	return unmarshalAll(norm, out)
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
// go-pkcs12 returns before reaching the MAC; an error in the list of
// parts after it is kept in broken. A part that cannot be read (damaged,
// encrypted with an algorithm go-pkcs12 does not know, of another
// content type) gets a problem, and the other parts are read.
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
	if err := unmarshalBER(s.content, &safe); err != nil {
		s.broken = err
		return s, nil
	}
	if len(safe) == 0 {
		s.broken = errors.New("pkcs12: the authenticated safe holds no part")
		return s, nil
	}
	if len(safe) > MaxItems {
		s.refusal = fmt.Sprintf("the PFX has %d parts, more than the %d items read from one file; it is not opened", len(safe), MaxItems)
		return s, nil
	}
	damaged := func(err error) pfxSafe {
		s.ber = s.ber || indefinite(err)
		return pfxSafe{problem: "is damaged: " + errText(err)}
	}
	for i, ci := range safe {
		switch {
		case ci.ContentType.Equal(oidDataContentType):
			var plain []byte
			var bags []pfxSafeBag
			if err := unmarshalAll(ci.Content.Bytes, &plain); err != nil {
				s.safes = append(s.safes, damaged(err))
				continue
			}
			if err := unmarshalBER(plain, &bags); err != nil {
				s.safes = append(s.safes, damaged(err))
				continue
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
				s.safes = append(s.safes, damaged(err))
				continue
			}
			if ed.Version != 0 {
				s.safes = append(s.safes, pfxSafe{problem: fmt.Sprintf("is encrypted data of version %d; expected version 0", ed.Version)})
				continue
			}
			n, err := pbeIterations(ed.EncryptedContentInfo.ContentEncryptionAlgorithm)
			if err != nil {
				s.safes = append(s.safes, pfxSafe{problem: "cannot be decrypted: " + errText(err)})
				continue
			}
			if n > MaxPFXIterations {
				s.refusal = overCap(n, fmt.Sprintf("the encryption of part %d", i+1))
				return s, nil
			}
			s.safes = append(s.safes, pfxSafe{encrypted: true, enc: ed.EncryptedContentInfo, cost: pbeCost(ed.EncryptedContentInfo.ContentEncryptionAlgorithm)})
		default:
			s.safes = append(s.safes, pfxSafe{problem: fmt.Sprintf("is of content type %s, which a password does not open (public-key encrypted data)", ci.ContentType)})
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
