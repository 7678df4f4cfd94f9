package input_test

import (
	"bytes"
	"encoding/binary"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/input"
)

// noise returns n pseudo-random bytes, the same on every run.
func noise(n int) []byte {
	b := make([]byte, n)
	rand.New(rand.NewSource(int64(n))).Read(b)
	return b
}

// header returns prefix followed by filler up to 512 bytes.
func header(prefix string, filler []byte) []byte {
	b := append([]byte(prefix), filler...)
	return b[:max(len(prefix), min(len(b), 512))]
}

// zipWithFirstEntry returns the start of a ZIP archive whose first local
// file header names name (APPNOTE.TXT 4.3.7).
func zipWithFirstEntry(name string) []byte {
	h := make([]byte, 30)
	copy(h, "PK\x03\x04")
	binary.LittleEndian.PutUint16(h[26:], uint16(len(name)))
	return append(append(h, name...), noise(200)...)
}

// unsupported returns the IN002 message of a file read as data, failing
// unless the file is of no supported kind, with no text, no decoding note
// and nothing else to say.
func unsupported(t *testing.T, name string, data []byte) string {
	t.Helper()
	f := input.Read(name, data, input.Limits{})
	if f.Kind != input.Unknown || len(f.Docs) != 0 || len(f.Notes) != 0 || len(f.Problems) != 1 || f.Problems[0].Kind != input.Unsupported {
		t.Fatalf("%s: kind %v, %d documents, notes %q, problems %v; want one IN002 problem and nothing else", name, f.Kind, len(f.Docs), f.Notes, f.Problems)
	}
	return f.Problems[0].Message
}

// TestBinaryKinds checks that a file of a binary format is named for what
// it is, from its first bytes, before any text decoding: no "Windows-1252
// text of N lines" and no IN003 note about saving profiles as UTF-8.
func TestBinaryKinds(t *testing.T) {
	zeros := make([]byte, 600)
	bzip := []byte("BZh91AY&SY")
	bmp := make([]byte, 54)
	copy(bmp, "BM")
	binary.LittleEndian.PutUint32(bmp[2:], 54)
	binary.LittleEndian.PutUint32(bmp[10:], 54)
	ico := []byte{0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 0x68, 4, 0, 0, 22, 0, 0, 0}
	webp := []byte("RIFF\x24\x00\x00\x00WEBPVP8 ")
	pcapng := []byte("\x0A\x0D\x0D\x0A\x1C\x00\x00\x00\x4D\x3C\x2B\x1A\x01\x00")
	regf := append([]byte("regf"), make([]byte, 40)...)
	dos := make([]byte, 128)
	copy(dos, "MZ\x90\x00\x03")
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"elf", header("\x7FELF\x02\x01\x01", zeros), "a Linux or Unix program (ELF header)"},
		{"macho32", header("\xFE\xED\xFA\xCE", zeros), "a macOS program (Mach-O header)"},
		{"macho64", header("\xCF\xFA\xED\xFE\x07\x00\x00\x01", zeros), "a macOS program (Mach-O header)"},
		{"fat", header("\xCA\xFE\xBA\xBE\x00\x00\x00\x02", zeros), "a macOS universal program or a Java class file"},
		{"dos", dos, "a DOS or Windows program (MZ header)"},
		{"gzip", header("\x1F\x8B\x08\x00", noise(400)), "a gzip-compressed file"},
		{"7z", header("7z\xBC\xAF\x27\x1C\x00\x04", noise(400)), "a 7-Zip archive"},
		{"rar", header("Rar!\x1A\x07\x01\x00", noise(400)), "a RAR archive"},
		{"xz", header("\xFD7zXZ\x00\x00\x04", noise(400)), "an xz-compressed file"},
		{"bzip2", header(string(bzip), noise(400)), "a bzip2-compressed file"},
		{"zstd", header("\x28\xB5\x2F\xFD", noise(400)), "a Zstandard-compressed file"},
		{"msi", header("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", zeros), "an OLE compound file (an .msi installer, an Outlook .msg or an Office 97-2003 document)"},
		{"pdf", header("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", noise(400)), "a PDF document"},
		{"png", header("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR", noise(400)), "a PNG image"},
		{"jpeg", header("\xFF\xD8\xFF\xE0\x00\x10JFIF", noise(400)), "a JPEG image"},
		{"gif", header("GIF89a\x10\x00\x10\x00", noise(400)), "a GIF image"},
		{"bmp", bmp, "a BMP image"},
		{"ico", ico, "an icon (.ico)"},
		{"tiff", header("II*\x00\x08\x00\x00\x00", zeros), "a TIFF image"},
		{"webp", header(string(webp), noise(400)), "a WebP image"},
		{"evtx", header("ElfFile\x00", zeros), "a Windows event log (.evtx)"},
		{"regf", regf, "a Windows registry hive"},
		{"lnk", header("L\x00\x00\x00\x01\x14\x02\x00\x00\x00\x00\x00\xC0\x00\x00\x00\x00\x00\x00\x46", zeros), "a Windows shortcut (.lnk)"},
		{"pcap", header("\xD4\xC3\xB2\xA1\x02\x00\x04\x00", zeros), "a network capture (pcap)"},
		{"pcapng", header(string(pcapng), zeros), "a network capture (pcapng)"},
		{"sqlite", header("SQLite format 3\x00", zeros), "an SQLite database"},
		{"docx", zipWithFirstEntry("[Content_Types].xml"), "an Office document (.docx, .xlsx or .pptx"},
		{"xlsx", zipWithFirstEntry("xl/workbook.xml"), "an Office document"},
		{"odt", zipWithFirstEntry("mimetype"), "an OpenDocument or EPUB file"},
		{"jar", zipWithFirstEntry("META-INF/MANIFEST.MF"), "a Java or Android archive"},
		{"intunewin", zipWithFirstEntry("IntuneWinPackage/Contents/IntunePackage.intunewin"), "an Intune Win32 app package (.intunewin"},
		{"zip", zipWithFirstEntry("Deploy-VPN/VPN_Profile.ps1"), "a ZIP archive (PK header)"},
		{"empty zip", header("PK\x05\x06", make([]byte, 18)), "an empty ZIP archive"},
		{"zeros", make([]byte, 4096), "binary data, not text (4096 of its first 4096 characters are NUL or other control characters)"},
		{"random", noise(64 << 10), "binary data, not text ("},
		// UTF-16 (with or without a byte order mark) is decoded before
		// control characters are counted, so that data in UTF-16 is data.
		{"utf-16 data", append([]byte{0xFF, 0xFE}, bytes.Repeat([]byte{1, 0, 2, 0}, 200)...), "binary data, not text (400 of its first 400 characters"},
	}
	for _, tc := range tests {
		msg := unsupported(t, tc.name, tc.data)
		if !strings.HasPrefix(msg, "the file is "+tc.want) || !strings.Contains(msg, "; expected a ProfileXML or EapHostConfig document") {
			t.Errorf("%s: %q; want it to start %q and say what aovpnlint reads", tc.name, msg, "the file is "+tc.want)
		}
	}
}

// TestTextIsNotBinary checks files that start like a binary format, or
// hold a control character or two, but are text: they are read as text.
func TestTextIsNotBinary(t *testing.T) {
	for _, s := range []string{
		"MZ is where the VPN servers are hosted.\nCall the helpdesk.\n",
		"BM: notes on the VPN rollout\n",
		"BZh, the ticket number is 4711\n",
		"regf is the registry format\n",
		"PK to review the profile\n",
		"notes\x00\n",
		"\x1B[31mred\x1B[0m terminal log \x1A",
	} {
		msg := unsupported(t, "notes.txt", []byte(s))
		if !strings.Contains(msg, "text of") {
			t.Errorf("%q: %q; want it described as text", s, msg)
		}
	}
	// A profile with the NUL that ends a registry string is a profile
	// whose NUL is not well-formed XML.
	f := input.Read("p.xml", []byte("<VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>\x00"), input.Limits{})
	if f.Kind != input.ProfileXML || len(f.Problems) != 1 || f.Problems[0].Kind != input.Malformed {
		t.Errorf("profile with a NUL: kind %v, problems %v", f.Kind, f.Problems)
	}
}

// TestToolOutputNearMisses checks text that mentions what the Windows
// tools print, or is shaped a little like it, but is of a kind aovpnlint
// reads, or is plain text: it is not named as tool output.
func TestToolOutputNearMisses(t *testing.T) {
	certutilStore := "My \"Personal\"\r\n================ Certificate 0 ================\r\nSerial Number: 01\r\nCertUtil: -store command completed successfully.\r\n"
	pem := "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUSc0C\n-----END CERTIFICATE-----\n"
	noProfile := "PowerShell script holds no ProfileXML"
	tests := []struct {
		name, text string
		kind       input.Kind
		// in is what IN002 says, when the file is unsupported.
		in string
	}{
		// A script whose first command enters a folder, not a netsh context.
		{"pushd in a script", "# build\npushd $PSScriptRoot\nWrite-Host done\npopd\n# End of build\n", input.Unknown, noProfile},
		{"pushd of a folder", "# build\npushd src\nmake\npopd\n# End of build\n", input.Unknown, noProfile},
		// A deploy script that runs certutil and netsh.
		{"script running tools", "$ProfileXML = '<VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>'\ncertutil -store My\nnetsh ras dump\n", input.Script, ""},
		// certutil's listing in front of a PEM block: the certificate is read.
		{"listing before PEM", certutilStore + pem, input.Certificate, ""},
		// Only two lines with dotted leaders.
		{"two leaders", "Host Name . . . . . : CLIENT01\nNode Type . . . . . : Hybrid\n", input.Unknown, "UTF-8 text of 2 lines"},
		// Add-VpnConnection's parameters, not its output.
		{"parameters", "Add-VpnConnection -Name VPN -ServerAddress vpn.contoso.com -TunnelType Ikev2 -AuthenticationMethod Eap -SplitTunneling\n", input.Unknown, noProfile},
		// An INI file that is not a phone book, and a JSON array.
		{"ini", "[Contoso VPN]\nEncoding=1\nType=2\n", input.Unknown, "starts like JSON"},
		{"json array", "[\n\"PBVersion=8\",\n\"VpnStrategy=7\"\n]\n", input.Unknown, "no Intune OMA-URI setting"},
		// A WMI listing after Get-VpnConnection output is a WMI listing.
		{"wmi after", "Name : VPN\nServerAddress : vpn.contoso.com\nTunnelType : Ikev2\nSplitTunneling : True\n\nProfileXML : <VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>\n", input.WMI, ""},
	}
	for _, tc := range tests {
		f := input.Read(tc.name, []byte(tc.text), input.Limits{})
		in := ""
		for _, p := range f.Problems {
			if p.Kind == input.Unsupported {
				in = p.Message
			}
		}
		if f.Kind != tc.kind || (tc.in == "") != (in == "") || !strings.Contains(in, tc.in) {
			t.Errorf("%s: kind %v, IN002 %q; want %v, IN002 saying %q", tc.name, f.Kind, in, tc.kind, tc.in)
		}
	}
}

// TestToolOutputVariants checks the forms of tool output the fixtures do
// not show: certutil's closing line alone, a -dump of a PKCS#7 file, a
// listing without the verb, Format-Table output of Get-VpnConnection, and
// localised ipconfig.
func TestToolOutputVariants(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"closing line only", "Serial Number: 01\r\nIssuer: CN=Contoso\r\nCertUtil: -store command completed successfully.\r\n", "a certutil -store listing"},
		{"pkcs7 dump", "PKCS7 Message Certificates:\n================ Begin Nesting Level 1 ================\nX509 Certificate:\nVersion: 3\n", "a certutil -dump listing"},
		{"no verb", "\n================ Certificate 0 ================\nSerial Number: 01\n", "certutil output (what certutil prints about certificates)"},
		{"closing line past the start", "X509 Certificate:\n" + strings.Repeat("    00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\n", 2000) + "CertUtil: -dump command completed successfully.\n", "a certutil -dump listing"},
		{"table", "Name        ServerAddress   AllUserConnection Guid    TunnelType\n----        -------------   ----------------- ----    ----------\nContoso VPN vpn.contoso.com False             {4F2B}  Ikev2\n", "Get-VpnConnection output"},
		{"polish ipconfig", "Konfiguracja IP systemu Windows\n\n   Nazwa hosta . . . . . . . . . . . : Labcws17\n   Typ węzła . . . . . . . . . . . . : Nieznany\n   Routing IP włączony . . . . . . . : Nie\n", "ipconfig output"},
		{"ras aaaa dump", "# -----------------------------------------\n# Remote Access AAAA Configuration\n# -----------------------------------------\npushd ras aaaa\n\npopd\n\n# End of Remote Access AAAA configuration.\n", "a netsh ras dump"},
	}
	for _, tc := range tests {
		msg := unsupported(t, tc.name, []byte(tc.text))
		if !strings.HasPrefix(msg, "the file is "+tc.want) {
			t.Errorf("%s: %q; want it to start %q", tc.name, msg, "the file is "+tc.want)
		}
	}
}

// TestForeignIsCertificate checks that IsCertificate and Read agree on the
// foreign fixtures and the generated binaries: none is a certificate.
func TestForeignIsCertificate(t *testing.T) {
	files, _ := filepath.Glob("testdata/foreign_*")
	for _, name := range files {
		if strings.HasSuffix(name, ".want") {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if input.IsCertificate(data, input.Limits{}) || input.Read(name, data, input.Limits{}).Kind == input.Certificate {
			t.Errorf("%s is taken for a certificate", name)
		}
	}
	// Random bytes with a PEM block inside are data, for both.
	data := append(noise(4096), "\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"...)
	if input.IsCertificate(data, input.Limits{}) || input.Read("r", data, input.Limits{}).Kind != input.Unknown {
		t.Error("random bytes around a PEM block are taken for a certificate")
	}
}

// TestBinarySniffingIsBounded checks that naming a binary file reads only
// its start: reading 32 MiB of random bytes allocates no more than reading
// 64 KiB of them, give or take 64 KiB of whatever else the runtime
// allocates meanwhile (decoding the whole file would allocate 96 MiB).
func TestBinarySniffingIsBounded(t *testing.T) {
	small, large := noise(64<<10), noise(32<<20)
	var fs, fl *input.File
	watchdog(t, func() {
		as := allocated(func() { fs = input.Read("small", small, input.Limits{}) })
		al := allocated(func() { fl = input.Read("large", large, input.Limits{}) })
		t.Logf("64 KiB: %d bytes allocated; 32 MiB: %d bytes", as, al)
		if al > as+64<<10 {
			t.Errorf("reading 32 MiB of random bytes allocated %d bytes, 64 KiB %d", al, as)
		}
	})
	for _, f := range []*input.File{fs, fl} {
		if f.Kind != input.Unknown || f.Text != nil || len(f.Problems) != 1 || !strings.Contains(f.Problems[0].Message, "binary data") {
			t.Errorf("%s: kind %v, problems %v", f.Name, f.Kind, f.Problems)
		}
	}
}

// TestToolMarkersAreAtTheStart checks that tool output is recognised by
// the first lines of a text: a netsh dump whose first command comes after
// 16 KiB of comments is not recognised as one (the cost of looking is
// bounded; see TestForeignTextIsBounded).
func TestToolMarkersAreAtTheStart(t *testing.T) {
	late := strings.Repeat("# comment\n", 1700) + "pushd ras\nset authmode mode = standard\npopd\n# End of Remote Access configuration.\n"
	if err := problem(read([]byte(late)), input.Unsupported, "PowerShell script holds no ProfileXML"); err != nil {
		t.Errorf("a netsh command after 16 KiB of comments, read as a script of comments as before: %v", err)
	}
	early := "# -----\n# Remote Access Configuration\n# -----\npushd ras\nset authmode mode = standard\npopd\n# End of Remote Access configuration.\n"
	if err := problem(read([]byte(early)), input.Unsupported, "a netsh ras dump"); err != nil {
		t.Error(err)
	}
}

// BenchmarkReadForeign reads files of kinds aovpnlint does not read, and,
// for comparison, a deploy script and a profile, which now pass the
// sniffing too.
func BenchmarkReadForeign(b *testing.B) {
	pe, err := os.ReadFile("testdata/foreign_pe.exe")
	if err != nil {
		b.Fatal(err)
	}
	store, _ := os.ReadFile("testdata/foreign_certutil_store.txt")
	script, _ := os.ReadFile("testdata/script_two_profiles.ps1")
	profile, _ := os.ReadFile("testdata/profile_crlf.xml")
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"random 32 MiB", noise(32 << 20)},
		{"program 32 MiB", append(pe, noise(32<<20-len(pe))...)},
		{"certutil listing", store},
		{"script", script},
		{"profile", profile},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.data)))
			b.ReportAllocs()
			for b.Loop() {
				input.Read("f", c.data, input.Limits{})
			}
		})
	}
}
