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
