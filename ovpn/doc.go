// Package ovpn reads OpenVPN client configuration files (.ovpn, .conf),
// AWS Client VPN exports among them, into a positioned model, and holds
// the rules on the file alone (families OVPN and AWS). The rules that need
// certificates (the key against <cert>, the client certificate's dates and
// issuer, the server certificate) belong to package crosscheck; they read
// the model through [Profile.All], [Profile.Last], [Block.Body] and
// [Profile.Key].
//
// The caller decodes the file (BOM, UTF-16) into a srctext.Text; [Is]
// tells a configuration by its content and [Parse] reads it. Parse never
// fails: what it cannot read as OpenVPN reads it is a [Problem] in the
// model, which a rule reports. The research behind every decision below is
// ../shared/reference/ovpn.md; grammar details were checked against
// src/openvpn/options.c of OpenVPN 2.6.22 (parse_line, read_config_file,
// read_inline_file, check_inline_file, add_option).
//
// # Grammar
//
// The reader follows read_config_file and parse_line:
//   - A line ends at '\n'; a NUL byte ends it earlier (OpenVPN reads a line
//     as a C string), and CR, like every isspace character, is white space.
//   - A UTF-8 BOM at the start of the file is skipped. A file without a
//     final newline reads like one with it.
//   - '#' or ';' where a word would start ends the line; inside a word or
//     quotes it is literal.
//   - Double and single quotes group words; outside single quotes a
//     backslash escapes a backslash, a double quote or white space. A
//     backslash before any other character, and a quote not closed on its
//     line, make OpenVPN stop (BadToken, OVPN005); the reader still records
//     the line, read as if the backslash were doubled and the quote closed,
//     so that the other rules see what it meant.
//   - At most [MaxWords] words are read, the option name included; OpenVPN
//     ignores the rest silently, and Directive.Dropped records it.
//   - A leading "--" is dropped from the option name.
//   - `setenv opt NAME ...` is read as NAME with Setenv set: OpenVPN does
//     not refuse it when it does not know NAME.
//   - A line of [MaxLine] bytes or more with its newline (a BOM counts on
//     the first line), comment lines included, makes OpenVPN stop (LongLine,
//     OVPN004). The reader reads the whole line anyway, keeping at most
//     [MaxValue] bytes of each parameter. OpenVPN would read the rest of the
//     line as a line of its own; since it stops anyway, the reader does not
//     model that split. Lines inside inline blocks have no limit.
//   - A line that is a single word <name> starts an inline block, which
//     ends at the first line whose text after leading white space begins
//     with </name> (the rest of that line is ignored, as OpenVPN ignores
//     it). A block without its end runs to the end of the file
//     (Unterminated, OVPN002). The reader does not model the 255-byte
//     chunks in which OpenVPN reads the lines of a block.
//   - A <connection> block's lines are read as options with
//     Directive.Connection set to the block's index; its end is found first,
//     as OpenVPN finds it, so a nested block inside ends with it at the
//     latest. A <connection> inside another is recorded but not read.
//   - A PEM block outside any inline block (a <key> line deleted, a
//     certificate pasted below the file) is one StrayPEM problem: its lines
//     are not read as options, so that no message quotes encoded data. It
//     ends at its END line, or before the next line that starts with '<'.
//
// # Model decisions
//
//   - For a repeated option the last occurrence takes effect
//     ([Profile.Last]); the reference infers this (uncertain point 5), and
//     an occurrence outside <connection> blocks is preferred to one inside.
//   - [Profile.Key] is the inline <key> of the key option that takes effect;
//     when that option names a file, Key is nil and the caller reads the
//     file with [ReadKey].
//   - A line OpenVPN drops (OVPN005) is still recorded, read leniently, so
//     that a Windows path with single backslashes does not also draw
//     "no client certificate" findings.
//
// # Rules
//
// The IDs are those of the reference's section 5; where a check needs two
// severities it is split, and the new ID says so in its Doc. The decisions
// the reference leaves open:
//   - OVPN001 covers unknown options, parameter counts outside what
//     add_option accepts, and PEM blocks outside inline blocks. An unknown
//     name that looks like base64 or hex (a key line whose block tags were
//     lost) is never quoted.
//   - OVPN005 covers every line parse_line refuses: a backslash before a
//     character it does not escape, and a quote not closed on its line;
//     both stop OpenVPN, so one ID and one severity.
//   - OVPN006 judges values written on option lines (hosts, ports,
//     routes, file names); OVPN020 judges the bodies of inline blocks
//     (empty, no PEM, template text between BEGIN and END). A PEM block
//     without its END line, or whose base64 does not decode, is left to the
//     certificate checks and to [Key.Problem].
//   - OVPN007 (new, warning): the reader's limits were reached, so the rest
//     of the file is not checked.
//   - OVPN010 does not judge AWS Client VPN profiles: AWS010 (the
//     endpoint's authentication unknown: a question, so a warning) and
//     AWS020 (new, error: --aws-auth says which credentials are needed and
//     the file lacks them) do.
//   - OVPN041 is info: the passphrase prompt is a fact, whether it breaks
//     the AWS client is not documented (uncertain point 6).
//   - OVPN061 reports BF-CBC wherever a data cipher is named; "no cipher
//     against a legacy server" is not reported, since the server is not in
//     the file.
//   - OVPN064 reports the options 2.6.22 refuses; prng and no-replay,
//     which the manual lists as removed but 2.6.22 still accepts, are not.
//   - OVPN065 is a warning: 2.6 OpenSSL builds accept ns-cert-type, mbed
//     TLS builds refuse it (uncertain point 4).
//   - The AWS rules apply when [Profile.AWS] holds or Options.Auth is set.
//     AWS001 is a warning, since only some clients ignore
//     remote-random-hostname (uncertain point 3). AWS005 is an error: a tap
//     client cannot pass traffic through a tun endpoint, though no AWS page
//     says so (uncertain point 2).
//   - AWS011, AWS013 and AWS020 need --aws-auth: the file cannot tell that
//     MFA is on, that the endpoint uses SAML, or which credentials it needs.
//   - AWS012 reports a static-challenge without exactly two parameters (an
//     unquoted prompt); an echo flag other than 0 or 1 is read by OpenVPN
//     as a number and not reported.
//   - AWS019 (new, info) is the half of the reference's AWS013 about a
//     profile that has auth-federate: only the AWS provided client reads it.
//   - AWS018 speaks only when the profile itself has redirect-gateway:
//     whether the endpoint is full-tunnel is not in the file.
//   - verify-x509-name's value in AWS exports ("server", uncertain point 1)
//     is not judged here: comparing it with a server certificate is AWS017,
//     in package crosscheck.
//
// # Limits
//
// Work is linear in the file. The reader records at most [MaxDirectives]
// directives and [MaxProblems] problems, then stops with a Limit problem
// (OVPN007); at most [MaxPEM] PEM blocks per inline block; parameters of at
// most [MaxValue] bytes. [ReadKey] reads at most [MaxKeyDER] bytes of DER
// and RSA moduli of at most [MaxRSABits] bits, and never validates a key.
//
// # Secrets
//
// Private keys, static keys (tls-auth, tls-crypt, secret), pkcs12 bodies
// and inline auth-user-pass credentials are never quoted: the bodies of
// those blocks are secrets to package secret, messages quote input only
// through srctext's Quote ([Directive.QuoteName], [Directive.QuoteArg]),
// which withholds text inside a secret, and auth-token values are never
// shown. [ReadKey] keeps only the public key and says why it could not
// read a key in fixed words.
package ovpn
