package certcheck

// The limits that keep the work and memory of reading and checking
// certificates proportional to the input, whoever wrote the files. Each is
// far above what a real export holds; what goes over one is refused or
// left out with an IN005 problem that names the limit, never silently.
const (
	// MaxItems is the largest number of items read from one file:
	// certificates, CRLs, serialized store items, and the containers that
	// hold them (each PKCS#7 bundle, PFX and serialized store counts as
	// one item besides what it holds, so that a file of containers that
	// hold nothing, or that cannot be opened, is bounded too). Windows'
	// whole root store exported as a serialized store holds about 430
	// certificates, Microsoft's Trusted Root Program about 900; a PKCS#7
	// or PEM chain a handful. The items after the limit are counted and
	// reported, not parsed.
	MaxItems = 10_000

	// MaxProblems is the largest number of IN005 problems recorded for one
	// file; one more problem says how many were left out. It bounds the
	// CERT062 oddities of a file too; the others are counted in one
	// finding.
	MaxProblems = 100

	// MaxRSABits is the largest RSA modulus accepted. A certificate with a
	// larger RSA key is refused with an IN005 problem before any
	// arithmetic on the key: no signature is verified with it, as a child
	// or as an issuer (the cost of RSA grows with the square of the
	// modulus and more). 16,384 bits is four times the largest key real
	// CAs use.
	MaxRSABits = 16_384

	// MaxRSAExponent is the largest RSA public exponent accepted; an even
	// exponent, or one below 3, is refused too. A certificate with such a
	// key is refused with an IN005 problem, like a key over MaxRSABits:
	// Go verifies no signature with an exponent outside 3 to 2^31-1 or
	// an even one (neither is a valid RSA key), Windows' CryptoAPI holds
	// the exponent in 32 bits, and real certificates use 65537, rarely 3,
	// 17 or 257. The cost of a verification grows with the length of the
	// exponent, so a large one multiplies the work an attacker gets from
	// each byte of a file.
	MaxRSAExponent = 1<<31 - 1

	// SignatureWorkBase, SignatureWorkPerByte and
	// SignatureWorkPerCertificate make the budgets of signature
	// verification of a run (one for a [Set], one for a [Classifier]):
	// SignatureWorkBase units of work, plus SignatureWorkPerByte for each
	// byte of the certificates and CRLs given, plus
	// SignatureWorkPerCertificate for each certificate. The work of one
	// verification is estimated from the key before it starts: for RSA,
	// w²·(bits(e) + ones(e) + 16) units, w being the modulus in 64-bit
	// words and e the public exponent (the modular multiplications of the
	// exponentiation and of setting up the modulus; 35,840 for RSA 2048
	// with e = 65537, 2.3 million for RSA 16,384); for ECDSA 100,000
	// (P-256) to 3.6 million (P-521); 70,000 for Ed25519. A unit is one to
	// six nanoseconds on a current x86-64 core (more for larger keys), so
	// the base is a tenth to a third of a second, a byte allows at most
	// about a microsecond, and a certificate at most a fraction of a
	// millisecond more.
	//
	// The allowance per certificate is one P-256 verification, so that
	// every certificate of a PKI whose CAs have RSA 2048 or P-256 keys can
	// be checked against its issuer, however many there are and however
	// small: a P-256 leaf of 330 bytes (the median of the shared samples)
	// brings 42,240 units by its size alone, less than the 100,000 its
	// own verification costs. A real PKI (a root store export, thousands
	// of leaves under a CA with an RSA 2048 or P-256 key) thus stays below
	// the budget, while a file of CAs with large keys named as the issuer
	// of thousands of leaves reaches it; so do more than about a hundred
	// leaves under a CA with a P-384 key (800,000 units each). A check the
	// budget does not allow is not made, and what depended on it is
	// reported: the chain "could not be searched to the end" (CERT031),
	// the CRL's signature "was not checked" (CERT051), a self-named CA
	// "not verified" (CERT061), never a silent pass. Results are
	// remembered by content, so identical copies cost one verification.
	SignatureWorkBase           = 64_000_000
	SignatureWorkPerByte        = 128
	SignatureWorkPerCertificate = workP256

	// MaxPFXIterations is the largest iteration count accepted for any key
	// derivation in a PFX: its MAC (PKCS#12 or PBMAC1) and every PKCS#12
	// PBE or PBES2/PBKDF2 of its encrypted parts and shrouded keys.
	// Windows and .NET write 2,000, OpenSSL 2,048, Java 10,000. A PFX
	// asking for more is refused before any key derivation: its owner can
	// re-export it, and anyone could otherwise stall a run with a 1 KB
	// file asking for 2^31-1 iterations.
	MaxPFXIterations = 100_000

	// MaxPFXWork is the largest number of key-derivation iterations spent
	// on the PFX files of one file (a PEM file may hold many), counting
	// every password tried and every block derived: the MAC once per
	// password tried (twice for the empty one, which has two encodings),
	// each encrypted part once and the shrouded key once (three blocks
	// for 3DES, two for RC2, one for AES with PBKDF2-HMAC-SHA-256). A PFX
	// whose cost, counted before any derivation with every password
	// failing, is more than what is left is refused; what it actually
	// spent is then charged. A Windows or .NET export (2,000 iterations)
	// opened with the password given costs 12,000 to 16,000, an OpenSSL
	// one (2,048) 10,000 to 16,000: a file may hold some sixty of them.
	MaxPFXWork = 1_000_000

	// MaxPFXKeyBytes is the largest private key (shrouded or not) a PFX
	// may hold. An RSA key of MaxRSABits bits takes about 9.3 KB in
	// PKCS#8; a larger one would cost big-number arithmetic to parse (Go
	// validates the key), for a key aovpnlint only matches with its
	// certificate.
	MaxPFXKeyBytes = 16 << 10

	// MaxIssuerCandidates is the largest number of certificates tried as
	// the issuer of one certificate while building chains: those named
	// as its issuer whose key identifier does not rule them out. A CA
	// renewed with the same name has a few; more are duplicates or an
	// attack. When a certificate has more, the first ones (in the order
	// the files gave them) are tried and the chain says the search was
	// cut short.
	MaxIssuerCandidates = 16

	// MaxChainSignatureChecks is the largest number of signature
	// verifications one chain build starts (results are remembered, so a
	// pair of certificates is verified once per run). When it is reached
	// the search stops and the chain says so.
	MaxChainSignatureChecks = 1_000

	// MaxTolerantBytes is the largest certificate the tolerant reader
	// reads (a larger one Go refuses is reported with Go's error, IN005).
	// The reader decodes extensions with encoding/asn1, whose memory for
	// a list of a million empty elements is a hundred times its bytes or
	// more; the largest certificate Go refuses in the shared samples and
	// fixtures is 2,854 bytes, and real certificates stay below a few
	// kilobytes.
	MaxTolerantBytes = 64 << 10
)
