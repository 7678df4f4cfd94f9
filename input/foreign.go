package input

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"unicode/utf8"
)

// Files of kinds aovpnlint does not read are named for what they are, so
// that IN002 says "a Windows program or DLL", not "Windows-1252 text of
// 509 lines". The sniffing looks at the first sniffHead bytes of a file
// (and at the last sniffTail bytes of a text, where certutil writes its
// closing line) for a few fixed markers; it parses nothing, so its cost is
// bounded whatever the size of the file.

const (
	// sniffHead is how much of the start of a file the sniffing reads: the
	// magic numbers of binary formats sit in the first bytes, and the
	// markers of a text dump in its first lines.
	sniffHead = 8 << 10
	// sniffTail is how much of the end of a text the sniffing reads, for
	// certutil's closing line ("CertUtil: -store command completed
	// successfully.").
	sniffTail = 1 << 10
)

// foreign is a kind of file aovpnlint does not read, recognised so that
// IN002 can say what the file is and what to give instead.
type foreign struct {
	// what says what the file is, after "the file is": "a Windows
	// cabinet archive (.cab, MSCF header)".
	what string
	// hint says what to give aovpnlint instead, when there is more to say
	// than the list of kinds it reads; empty otherwise.
	hint string
}

// The hints shared by several kinds.
const (
	unpackHint   = "unpack it and give the profile, script or certificate file it holds"
	documentHint = "give the profile itself (its XML file, or the script that deploys it), not a document or picture of it"
	logHint      = "aovpnlint checks configuration files, not logs or captures"
	readBackHint = `to check the profile a client holds, read its ProfileXML back with Get-CimInstance -Namespace root\cimv2\mdm\dmmap -ClassName MDM_VPNv2_01 (as SYSTEM for a device tunnel) and give that listing`
)

// binaryMagic is a binary format recognised by the bytes at its start.
type binaryMagic struct {
	prefix string
	what   string
	hint   string
	// also, when set, checks more of the header: the prefix alone could
	// start a text.
	also func(head []byte) bool
}

// binaryMagics are the binary formats recognised by their first bytes. The
// executables (MZ), the ZIP archives and the pcapng captures are told
// apart further by binaryContent. Sources: the PE format (an MS-DOS stub
// starting "MZ" whose offset 0x3C points to the signature "PE\0\0"); ELF
// (e_ident "\x7FELF"); Mach-O (<mach-o/loader.h> MH_MAGIC 0xFEEDFACE and
// MH_MAGIC_64 0xFEEDFACF in either byte order, <mach-o/fat.h> FAT_MAGIC
// 0xCAFEBABE, which Java class files share); [MS-CAB] CFHEADER (signature
// "MSCF", then reserved1 = 0); PKWARE APPNOTE.TXT 4.3.7 and 4.3.16 (local
// file header "PK\3\4", end of central directory "PK\5\6", spanning
// marker "PK\7\8"); RFC 1952 (gzip: 1F 8B, method 8); 7z (6-byte signature
// '7z' BC AF 27 1C); RAR ("Rar!\x1A\x07"); the .xz format (FD "7zXZ" 00);
// bzip2 ("BZh", a level 1-9, and the block magic "1AY&SY"); RFC 8878
// (Zstandard: 28 B5 2F FD); [MS-CFB] (compound file signature D0 CF 11 E0
// A1 B1 1A E1: MSI installers, Outlook .msg, Office 97-2003 documents);
// ISO 32000 ("%PDF-"); PNG, JPEG (SOI FF D8 and a marker), GIF ("GIF87a",
// "GIF89a"), BMP ("BM" with reserved zero words), ICO (reserved 0, type 1),
// TIFF ("II*\0", "MM\0*") and WebP (RIFF....WEBP) headers; the Windows
// event log file header ("ElfFile\0"); the registry hive header ("regf");
// [MS-SHLLINK] (HeaderSize 0x4C and the shell link CLSID); libpcap (A1 B2
// C3 D4 and A1 B2 3C 4D, either order) and SQLite ("SQLite format 3\0").
var binaryMagics = []binaryMagic{
	{prefix: "\x7FELF", what: "a Linux or Unix program (ELF header)"},
	{prefix: "\xFE\xED\xFA\xCE", what: "a macOS program (Mach-O header)"},
	{prefix: "\xFE\xED\xFA\xCF", what: "a macOS program (Mach-O header)"},
	{prefix: "\xCE\xFA\xED\xFE", what: "a macOS program (Mach-O header)"},
	{prefix: "\xCF\xFA\xED\xFE", what: "a macOS program (Mach-O header)"},
	{prefix: "\xCA\xFE\xBA\xBE", what: "a macOS universal program or a Java class file (CAFEBABE header)"},
	{prefix: "MSCF\x00\x00\x00\x00", what: "a Windows cabinet archive (.cab, MSCF header)", hint: unpackHint},
	{prefix: "PK\x05\x06", what: "an empty ZIP archive (PK header)"},
	{prefix: "PK\x07\x08", what: "a ZIP archive (PK header)", hint: unpackHint},
	{prefix: "\x1F\x8B\x08", what: "a gzip-compressed file (1F 8B header)", hint: unpackHint},
	{prefix: "7z\xBC\xAF\x27\x1C", what: "a 7-Zip archive (7z header)", hint: unpackHint},
	{prefix: "Rar!\x1A\x07", what: "a RAR archive (Rar! header)", hint: unpackHint},
	{prefix: "\xFD7zXZ\x00", what: "an xz-compressed file (xz header)", hint: unpackHint},
	{prefix: "BZh", what: "a bzip2-compressed file (BZh header)", hint: unpackHint, also: func(h []byte) bool {
		return len(h) >= 10 && h[3] >= '1' && h[3] <= '9' && (string(h[4:10]) == "1AY&SY" || string(h[4:10]) == "\x17rE8P\x90")
	}},
	{prefix: "\x28\xB5\x2F\xFD", what: "a Zstandard-compressed file (zstd header)", hint: unpackHint},
	{prefix: "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", what: "an OLE compound file (an .msi installer, an Outlook .msg or an Office 97-2003 document)", hint: documentHint},
	{prefix: "%PDF-", what: "a PDF document (%PDF header)", hint: documentHint},
	{prefix: "\x89PNG\r\n\x1A\n", what: "a PNG image", hint: documentHint},
	{prefix: "\xFF\xD8\xFF", what: "a JPEG image", hint: documentHint},
	{prefix: "GIF87a", what: "a GIF image", hint: documentHint},
	{prefix: "GIF89a", what: "a GIF image", hint: documentHint},
	{prefix: "BM", what: "a BMP image", hint: documentHint, also: func(h []byte) bool {
		return len(h) >= 26 && binary.LittleEndian.Uint32(h[6:]) == 0
	}},
	{prefix: "\x00\x00\x01\x00", what: "an icon (.ico)", hint: documentHint, also: func(h []byte) bool {
		return len(h) >= 22 && h[4] != 0 && h[5] == 0
	}},
	{prefix: "II*\x00", what: "a TIFF image", hint: documentHint},
	{prefix: "MM\x00*", what: "a TIFF image", hint: documentHint},
	{prefix: "RIFF", what: "a WebP image", hint: documentHint, also: func(h []byte) bool {
		return len(h) >= 12 && string(h[8:12]) == "WEBP"
	}},
	{prefix: "ElfFile\x00", what: "a Windows event log (.evtx)", hint: logHint},
	{prefix: "regf", what: "a Windows registry hive (regf header)", also: func(h []byte) bool {
		return len(h) >= 32 && bytes.IndexByte(h[4:32], 0) >= 0
	}},
	{prefix: "L\x00\x00\x00\x01\x14\x02\x00\x00\x00\x00\x00\xC0\x00\x00\x00\x00\x00\x00\x46", what: "a Windows shortcut (.lnk)", hint: "give the file it points to"},
	{prefix: "\xD4\xC3\xB2\xA1", what: "a network capture (pcap)", hint: logHint},
	{prefix: "\xA1\xB2\xC3\xD4", what: "a network capture (pcap)", hint: logHint},
	{prefix: "\x4D\x3C\xB2\xA1", what: "a network capture (pcap)", hint: logHint},
	{prefix: "\xA1\xB2\x3C\x4D", what: "a network capture (pcap)", hint: logHint},
	{prefix: "\x0A\x0D\x0D\x0A", what: "a network capture (pcapng)", hint: logHint, also: func(h []byte) bool {
		return len(h) >= 12 && (string(h[8:12]) == "\x1A\x2B\x3C\x4D" || string(h[8:12]) == "\x4D\x3C\x2B\x1A")
	}},
	{prefix: "SQLite format 3\x00", what: "an SQLite database"},
}

// binaryContent recognises a file that is not text: a format known by its
// first bytes (an executable, an archive, a document, an image, a log), or
// data with many control characters among its first sniffHead bytes. It
// reads at most sniffHead bytes of data. Certificate containers are
// recognised before it (container.IsBinaryCertificate) and are never
// reached.
func binaryContent(data []byte) (foreign, bool) {
	head := data[:min(len(data), sniffHead)]
	if bytes.HasPrefix(head, []byte("MZ")) {
		if k, ok := executable(head); ok {
			return k, true
		}
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return zipArchive(head), true
	}
	for _, m := range binaryMagics {
		if bytes.HasPrefix(head, []byte(m.prefix)) && (m.also == nil || m.also(head)) {
			return foreign{what: m.what, hint: m.hint}, true
		}
	}
	return controlData(head)
}

// executable recognises a DOS or Windows executable: "MZ", a DOS header of
// 64 bytes with zero bytes in it (a text starting "MZ" has none), and, for
// a Windows program or DLL, the signature "PE\0\0" at the offset the DOS
// header gives at 0x3C.
func executable(head []byte) (foreign, bool) {
	if len(head) < 64 || bytes.IndexByte(head[2:64], 0) < 0 {
		return foreign{}, false
	}
	if pe := int64(binary.LittleEndian.Uint32(head[0x3C:])); pe+4 <= int64(len(head)) && string(head[pe:pe+4]) == "PE\x00\x00" {
		return foreign{what: "a Windows program or DLL (MZ and PE headers)"}, true
	}
	return foreign{what: "a DOS or Windows program (MZ header)"}, true
}

// zipArchive names a ZIP archive by the name of its first entry, which its
// first local file header gives at offset 30 (APPNOTE.TXT 4.3.7): an
// Intune Win32 app package holds IntuneWinPackage/Contents and
// IntuneWinPackage/Metadata (what IntuneWinAppUtil writes); an Office Open
// XML document starts with [Content_Types].xml or its _rels, docProps,
// word, xl or ppt parts (ECMA-376 Part 2); an OpenDocument or EPUB file
// with mimetype; a Java or Android archive with META-INF/ or
// AndroidManifest.xml.
func zipArchive(head []byte) foreign {
	name := ""
	if len(head) >= 30 {
		n := int(binary.LittleEndian.Uint16(head[26:]))
		name = string(head[30:min(len(head), 30+n)])
	}
	switch {
	case hasPrefixFold([]byte(name), "IntuneWinPackage/"):
		return foreign{
			what: "an Intune Win32 app package (.intunewin, a ZIP of IntuneWinPackage)",
			hint: "its content is encrypted: give the deploy script or ProfileXML the package was made from",
		}
	case name == "[Content_Types].xml", hasAnyPrefix(name, "_rels/", "docProps/", "word/", "xl/", "ppt/"):
		return foreign{what: "an Office document (.docx, .xlsx or .pptx, a ZIP with [Content_Types].xml)", hint: documentHint}
	case name == "mimetype":
		return foreign{what: "an OpenDocument or EPUB file (a ZIP with mimetype)", hint: documentHint}
	case hasAnyPrefix(name, "META-INF/", "AndroidManifest.xml"):
		return foreign{what: "a Java or Android archive (a ZIP with META-INF)"}
	}
	return foreign{what: "a ZIP archive (PK header)", hint: unpackHint}
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if len(s) >= len(p) && s[:len(p)] == p {
			return true
		}
	}
	return false
}

// controlData recognises data that is not text by the control characters
// in head once decoded as Read would decode it (so that UTF-16 text, whose
// every second byte is zero, is text): NUL and the C0 controls other than
// tab, line feed, vertical tab, form feed, carriage return, SUB (the
// end-of-file mark of old DOS tools) and ESC (terminal colours). Random
// bytes have about one in ten; text has none, or a stray one, so more than
// one in 32 (and at least two) is data.
func controlData(head []byte) (foreign, bool) {
	if rawControls(head) < 2 {
		// Decoding makes no control character of bytes that are none: a
		// UTF-16 code unit below 0x20 has a zero byte, and UTF-8 and
		// Windows-1252 keep the bytes below 0x80. So the decoded text has
		// fewer than two, as the bytes have: it is text.
		return foreign{}, false
	}
	text, _, _ := decodeText(head)
	controls := 0
	for _, c := range text {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' && c != 0x1A && c != 0x1B {
			controls++
		}
	}
	chars := utf8.RuneCount(text)
	if controls < 2 || controls*32 <= chars {
		return foreign{}, false
	}
	return foreign{what: fmt.Sprintf("binary data, not text (%d of its first %d characters are NUL or other control characters)", controls, chars)}, true
}

// isControl marks the bytes controlData counts: control characters other
// than white space, SUB (an old end of file) and ESC (a terminal's colour
// codes, in a saved console log).
var isControl = func() (t [256]bool) {
	for c := range 0x20 {
		switch c {
		case '\t', '\n', '\v', '\f', '\r', 0x1A, 0x1B:
		default:
			t[c] = true
		}
	}
	return t
}()

// rawControls counts the bytes of head that controlData counts as control
// characters, up to two: at least as many as its decoded text holds. Words
// of eight bytes without a byte below 0x20 (most of a text: only its line
// ends are) are passed over a word at a time.
func rawControls(head []byte) int {
	n := 0
	for i := 0; i < len(head); {
		if i+8 <= len(head) && !hasLow(binary.LittleEndian.Uint64(head[i:])) {
			i += 8
			continue
		}
		for end := min(i+8, len(head)); i < end; i++ {
			if isControl[head[i]] {
				if n++; n == 2 {
					return n
				}
			}
		}
	}
	return n
}

// hasLow reports whether one of the eight bytes of w is below 0x20,
// exactly (see jsonStops).
func hasLow(w uint64) bool { return (w-0x20*lowBits)&^w&highBits != 0 }

// isForeignText reports whether text is what a Windows tool prints (see
// foreignText).
func isForeignText(text []byte) bool {
	_, ok := foreignText(text)
	return ok
}

// foreignText recognises the text that Windows tools print, which people
// save next to their profiles and hand to aovpnlint: certutil listings,
// netsh dumps, a rasphone.pbk phone book, Get-VpnConnection output and
// ipconfig output. Each is recognised by markers in its first lines (or,
// for certutil, in its closing line), never by a single word anywhere: a
// deploy script may well mention certutil or netsh. Text whose start names
// a ProfileXML or EapHostConfig is never foreign.
func foreignText(text []byte) (foreign, bool) {
	head := text[:min(len(text), sniffHead)]
	if containsFold(head, "ProfileXML") || containsFold(head, "<VPNProfile") || containsFold(head, "<EapHostConfig") {
		return foreign{}, false
	}
	lines := sniffLines(head)
	tail := sniffLines(text[max(len(text)-sniffTail, len(head)):])
	for _, sniff := range []func(lines, tail [][]byte) (foreign, bool){certutilOutput, netshDump, phonebook, vpnConnectionList, ipconfigOutput} {
		if k, ok := sniff(lines, tail); ok {
			return k, true
		}
	}
	return foreign{}, false
}

// sniffLines splits text into lines without their ends and surrounding
// white space.
func sniffLines(text []byte) [][]byte {
	var lines [][]byte
	for len(text) > 0 {
		line := text
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = nil
		}
		lines = append(lines, bytes.TrimSpace(line))
	}
	return lines
}

// firstLines returns the first n lines of lines that are not blank.
func firstLines(lines [][]byte, n int) [][]byte {
	var out [][]byte
	for _, l := range lines {
		if len(l) > 0 && len(out) < n {
			out = append(out, l)
		}
	}
	return out
}

// certutilOutput recognises what certutil prints (certutil reference,
// -store and -dump; KB 216831 shows a -dump of a PKCS#7 file; Microsoft's
// "Troubleshoot Always On VPN" pastes "certutil -store -user My"): a
// closing line "CertUtil: -<verb> command ...", a separator such as
// "================ Certificate 0 ================" among the first lines,
// or a first line naming what a -dump found ("X509 Certificate:"). The
// verb, from the closing line or a pasted command line, says which advice
// to give.
func certutilOutput(lines, tail [][]byte) (foreign, bool) {
	verb, found := "", false
	for _, ls := range [][][]byte{lines, tail} {
		for _, l := range ls {
			if rest, ok := bytes.CutPrefix(l, []byte("CertUtil: -")); ok && verb == "" {
				verb, found = string(bytes.ToLower(firstWord(rest))), true
			}
		}
	}
	first := firstLines(lines, 6)
	for i, l := range first {
		switch {
		case bytes.HasPrefix(l, []byte("================ ")) && bytes.HasSuffix(l, []byte(" ================")) && len(l) > 34:
			found = true
			// -store names the store before its first certificate:
			// My "Personal".
			if i > 0 && verb == "" && isStoreName(first[i-1]) {
				verb = "store"
			}
		case i == 0 && isDumpHeading(l):
			found = true
			if verb == "" {
				verb = "dump"
			}
		}
		if v := certutilCommand(l); v != "" && verb == "" {
			verb = v
		}
	}
	if !found {
		return foreign{}, false
	}
	switch verb {
	case "store", "viewstore", "verifystore":
		return foreign{
			what: "a certutil -store listing (what certutil prints about the certificates in a store), not a certificate file",
			hint: "to check a certificate in it, save it as a file with certutil -store <store> <serial number> <file>.cer or with Export-Certificate, and give that file",
		}, true
	case "dump":
		return foreign{
			what: "a certutil -dump listing (what certutil prints about a file), not the file itself",
			hint: "give the certificate, PFX or CRL file that was dumped",
		}, true
	}
	return foreign{
		what: "certutil output (what certutil prints about certificates), not a certificate file",
		hint: "give the certificate itself: save it with certutil -store <store> <serial number> <file>.cer or with Export-Certificate",
	}, true
}

// isStoreName recognises the line certutil -store starts with: the store's
// name and its friendly name in quotes (My "Personal", Root "Trusted Root
// Certification Authorities").
func isStoreName(l []byte) bool {
	name, friendly, ok := bytes.Cut(l, []byte(" \""))
	return ok && len(name) > 0 && bytes.IndexAny(name, " \t") < 0 && len(friendly) > 1 && friendly[len(friendly)-1] == '"'
}

// isDumpHeading recognises the first line of certutil -dump: what it found
// in the file.
func isDumpHeading(l []byte) bool {
	switch string(l) {
	case "X509 Certificate:", "X509 Certificate Revocation List:", "PKCS7 Message Certificates:", "PKCS10 Certificate Request:":
		return true
	}
	return false
}

// certutilCommand returns the verb of a certutil command line pasted with
// its output ("C:\>certutil -store -user My" gives "store"), or "".
func certutilCommand(l []byte) string {
	i := indexFold(l, "certutil")
	if i < 0 {
		return ""
	}
	for _, f := range bytes.Fields(l[i+len("certutil"):]) {
		switch v := string(bytes.ToLower(bytes.TrimLeft(f, "-/"))); {
		case len(f) < 2 || (f[0] != '-' && f[0] != '/'):
		case v == "store" || v == "viewstore" || v == "verifystore" || v == "dump":
			return v
		}
	}
	return ""
}

// netshDump recognises the output of netsh dump and netsh ras dump: a
// script of netsh commands (netsh ras reference: dump "displays the
// configuration ... in script form") that starts with a block of #
// comments naming a context ("# Remote Access Configuration"), enters it
// with "pushd <context>" as its first command, leaves it with "popd" and
// closes the block with "# End of ... configuration". A dump that enters
// "pushd ras" is the Routing and Remote Access server's configuration.
func netshDump(lines, _ [][]byte) (foreign, bool) {
	comments, first := 0, -1
	for i, l := range lines {
		if len(l) == 0 {
			continue
		}
		if l[0] != '#' {
			first = i
			break
		}
		comments++
	}
	if first < 0 || comments == 0 || !isNetshPushd(lines[first]) {
		return foreign{}, false
	}
	popd, end, ras := false, false, false
	for _, l := range lines[first:] {
		if f := bytes.Fields(l); len(f) >= 2 && bytes.EqualFold(f[0], []byte("pushd")) && bytes.EqualFold(f[1], []byte("ras")) {
			ras = true
		}
		popd = popd || bytes.EqualFold(l, []byte("popd"))
		end = end || hasPrefixFold(l, "# End of ")
	}
	switch {
	case !popd || !end:
		return foreign{}, false
	case ras:
		return foreign{
			what: "a netsh ras dump (a Routing and Remote Access server's configuration as netsh commands), not a client profile",
			hint: "to check the VPN server's certificate, export it with Export-Certificate and give that file",
		}, true
	}
	return foreign{what: "a netsh dump (network configuration as netsh commands), not a profile"}, true
}

// netshContexts are the top-level contexts of netsh (netsh reference;
// routing and nps on servers), one of which a dump enters first.
var netshContexts = []string{"advfirewall", "branchcache", "bridge", "dhcpclient", "dnsclient", "firewall", "http", "interface", "ipsec", "lan", "mbn", "namespace", "netio", "nps", "p2p", "ras", "routing", "rpc", "trace", "wcn", "wfp", "winhttp", "winsock", "wlan"}

// isNetshPushd recognises "pushd <netsh context> [subcontext...]".
func isNetshPushd(l []byte) bool {
	f := bytes.Fields(l)
	if len(f) < 2 || !bytes.EqualFold(f[0], []byte("pushd")) {
		return false
	}
	for _, c := range netshContexts {
		if bytes.EqualFold(f[1], []byte(c)) {
			return true
		}
	}
	return false
}

// phonebookKeys are the entry keys of a rasphone.pbk phone book that other
// INI files do not use (public phone books, and the deploy scripts that
// write them: [name], Encoding=1, PBVersion=, VpnStrategy=, MEDIA=rastapi,
// DEVICE=vpn, PhoneNumber=<server>).
var phonebookKeys = []string{"PBVersion", "VpnStrategy", "MEDIA", "DEVICE", "PhoneNumber", "DialParamsUID", "UseRasCredentials", "PreferredDevice", "PreferredPort", "CustomAuthKey", "AuthRestrictions", "IpPrioritizeRemote"}

// phonebook recognises a rasphone.pbk phone book: an INI file whose first
// line is an entry name in brackets and whose lines set two or more keys
// only a phone book has.
func phonebook(lines, _ [][]byte) (foreign, bool) {
	first := firstLines(lines, 1)
	if len(first) == 0 || first[0][0] != '[' || first[0][len(first[0])-1] != ']' {
		return foreign{}, false
	}
	if countKeys(lines, phonebookKeys, '=') < 2 {
		return foreign{}, false
	}
	return foreign{
		what: "a rasphone.pbk phone book (the VPN connections Windows has set up for a user or for all users), which aovpnlint does not read",
		hint: readBackHint,
	}, true
}

// isPhonebook reports whether text, which starts with '[', is a phone
// book rather than a JSON array.
func isPhonebook(text []byte) bool {
	_, ok := phonebook(sniffLines(text[:min(len(text), sniffHead)]), nil)
	return ok
}

// vpnConnectionKeys are properties of the VpnConnection class that
// Get-VpnConnection (and Add-VpnConnection -PassThru) list (the
// Get-VpnConnection reference shows the list; VpnConnection class).
var vpnConnectionKeys = []string{"ServerAddress", "AllUserConnection", "TunnelType", "AuthenticationMethod", "EncryptionLevel", "L2tpIPsecAuth", "UseWinlogonCredential", "EapConfigXmlStream", "ConnectionStatus", "NapState", "SplitTunneling", "IdleDisconnectSeconds", "RememberCredential"}

// vpnConnectionList recognises Get-VpnConnection output: three or more of
// its properties listed as "Name : value" (Format-List, the default), or
// named in one line (the header of Format-Table).
func vpnConnectionList(lines, _ [][]byte) (foreign, bool) {
	found := countKeys(lines, vpnConnectionKeys, ':') >= 3
	for _, l := range lines {
		if found {
			break
		}
		n := 0
		for _, f := range bytes.Fields(l) {
			for _, k := range vpnConnectionKeys {
				if string(f) == k {
					n++
				}
			}
		}
		found = n >= 3
	}
	if !found {
		return foreign{}, false
	}
	return foreign{
		what: "Get-VpnConnection output (the VPN connections of a client as PowerShell lists them), which aovpnlint does not read",
		hint: readBackHint + "; a connection's EapHostConfig is (Get-VpnConnection -Name <name>).EapConfigXmlStream.InnerXml",
	}, true
}

// countKeys counts the keys of keys (compared ignoring case) that some
// line sets: the key, optional spaces, then sep.
func countKeys(lines [][]byte, keys []string, sep byte) int {
	seen := make([]bool, len(keys))
	n := 0
	for _, l := range lines {
		for i, k := range keys {
			if seen[i] || !hasPrefixFold(l, k) {
				continue
			}
			if rest := bytes.TrimLeft(l[len(k):], " \t"); len(rest) > 0 && rest[0] == sep {
				seen[i] = true
				n++
			}
		}
	}
	return n
}

// ipconfigOutput recognises ipconfig output by its dotted leaders, which
// every language keeps ("   Host Name . . . . . . . . . . . . : CLIENT01",
// "Nazwa hosta . . . . . . . . . . . : ..."): three or more lines whose
// label ends with ". ." before the colon.
func ipconfigOutput(lines, _ [][]byte) (foreign, bool) {
	n := 0
	for _, l := range lines {
		if len(l) == 0 || l[0] == '#' {
			continue
		}
		if i := bytes.IndexByte(l, ':'); i > 0 && bytes.HasSuffix(bytes.TrimRight(l[:i], " "), []byte(". .")) {
			n++
		}
	}
	if n < 3 {
		return foreign{}, false
	}
	return foreign{what: "ipconfig output (the network adapters of a computer), not a profile", hint: readBackHint}, true
}

// firstWord returns b up to its first white space.
func firstWord(b []byte) []byte {
	if i := bytes.IndexAny(b, " \t"); i >= 0 {
		return b[:i]
	}
	return b
}

// indexFold returns the offset of the first occurrence of the ASCII string
// s in b, ignoring case, or -1.
func indexFold(b []byte, s string) int {
	for i := 0; i+len(s) <= len(b); i++ {
		if bytes.EqualFold(b[i:i+len(s)], []byte(s)) {
			return i
		}
	}
	return -1
}
