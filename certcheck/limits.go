package certcheck

// The limits that keep the work and memory of reading and checking
// certificates proportional to the input, whoever wrote the files. Each is
// far above what a real export holds; what goes over one is refused or
// left out with an IN005 problem that names the limit, never silently.
const (
	// MaxItems is the largest number of certificates, CRLs and serialized
	// store items read from one file. Windows' whole root store exported
	// as a serialized store holds about 430 certificates, Microsoft's
	// Trusted Root Program about 900; a PKCS#7 or PEM chain a handful. The
	// items after the limit are counted and reported, not parsed.
	MaxItems = 10_000

	// MaxProblems is the largest number of IN005 problems recorded for one
	// file; one more problem says how many were left out.
	MaxProblems = 100

	// MaxRSABits is the largest RSA modulus accepted. A certificate with a
	// larger RSA key is refused with an IN005 problem before any
	// arithmetic on the key: no signature is verified with it, as a child
	// or as an issuer (the cost of RSA grows with the square of the
	// modulus and more). 16,384 bits is four times the largest key real
	// CAs use.
	MaxRSABits = 16_384

	// MaxPFXIterations is the largest iteration count accepted for any key
	// derivation in a PFX: its MAC (PKCS#12 or PBMAC1) and every PKCS#12
	// PBE or PBES2/PBKDF2 of its encrypted parts and shrouded keys.
	// Windows and .NET write 2,000, OpenSSL 2,048, Java 10,000. A PFX
	// asking for more is refused before any key derivation: its owner can
	// re-export it, and anyone could otherwise stall a run with a 1 KB
	// file asking for 2^31-1 iterations.
	MaxPFXIterations = 100_000

	// MaxPFXWork is the largest number of key-derivation iterations spent
	// on one PFX, counting every password tried: the MAC once per password
	// (twice for the empty one, which has two encodings) and once more
	// when go-pkcs12 reads the file, each encrypted part twice (aovpnlint
	// looks inside it before go-pkcs12 reads it) and the shrouded key
	// once. A Windows export opened with the password given costs about
	// 14,000.
	MaxPFXWork = 1_000_000

	// MaxPFXKeyBytes is the largest private key (shrouded or not) a PFX
	// may hold. An RSA key of MaxRSABits bits takes about 9.3 KB in
	// PKCS#8; a larger one would cost go-pkcs12 big-number arithmetic to
	// parse, for a key aovpnlint never uses.
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
)
