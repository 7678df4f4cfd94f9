package main

// The hostile-input suite of issue 9: one case per class of the issue,
// each run as a child process and judged by runHostile (see
// hostile_child_test.go for what every run must satisfy). The inputs are
// made at run time (hostile_gen_test.go) in each case's temporary folder.

import (
	"bytes"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// hostileMaker makes a case's files in dir and returns the case.
type hostileMaker func(t *testing.T, dir string) hostileCase

// runGroup runs each case in parallel (children bounded by
// childParallelism).
func runGroup(t *testing.T, makers []struct {
	name string
	make hostileMaker
}) {
	bin := cliBinary(t)
	measuredClock(t, bin) // before any input is made, so that nothing else runs meanwhile
	for _, m := range makers {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			c := m.make(t, t.TempDir())
			c.name = m.name
			runHostile(t, bin, c)
		})
	}
}

type named = []struct {
	name string
	make hostileMaker
}

// checkJSONArgs is check with JSON output at the evaluation time of the
// generated certificates.
func checkJSONArgs(args ...string) []string {
	return append([]string{"check", "--format", "json", "--at", hostileAt}, args...)
}

const (
	// maxInt31 is the iteration count of the hostile PFX files.
	maxInt31 = 1<<31 - 1
	// unknownElement is an element no profile has (VPN003), so that
	// suppressions have a finding to match and hostile file names a
	// finding to be printed with.
	unknownElement = "<Colour>blue</Colour>"
)

// withUnknown is the example profile with an unknown element added.
func withUnknown(t *testing.T) string {
	return strings.Replace(examplesProfile(t), "<AlwaysOn>", unknownElement+"\n  <AlwaysOn>", 1)
}

// pfxCases are the three ways a PFX is read: check, cert show, and a file
// with an innocent name in a folder given to check.
func pfxCases(label string, data func(t *testing.T) []byte) named {
	return named{
		{label + "/check", func(t *testing.T, dir string) hostileCase {
			p := writeFile(t, dir, "hostile.pfx", data(t))
			return hostileCase{args: checkJSONArgs(p), input: inputSize(t, p), findingIn: []string{p}}
		}},
		{label + "/cert-show", func(t *testing.T, dir string) hostileCase {
			p := writeFile(t, dir, "hostile.pfx", data(t))
			return hostileCase{args: []string{"cert", "show", p}, input: inputSize(t, p), exitNot: []int{0}}
		}},
		{label + "/folder-notes.txt", func(t *testing.T, dir string) hostileCase {
			pkg := filepath.Join(dir, "vpn")
			p := writeFile(t, pkg, "notes.txt", data(t))
			writeFile(t, pkg, "ProfileXML_User.xml", []byte(examplesProfile(t)))
			return hostileCase{args: checkJSONArgs(pkg), input: inputSize(t, pkg), findingIn: []string{p}}
		}},
	}
}

// TestHostileHangs: inputs that make a naive reader run for hours, each
// of which must end within its deadline.
func TestHostileHangs(t *testing.T) {
	t.Parallel()
	cases := named{}
	cases = append(cases, pfxCases("pfx-mac-iterations-2^31-1", func(t *testing.T) []byte { return pfxMACIterations(t, maxInt31) })...)
	cases = append(cases, pfxCases("pfx-pbes2-iterations-2^31-1-no-mac", func(t *testing.T) []byte { return pfxPBES2Iterations(t, maxInt31) })...)
	cases = append(cases, named{
		{"cross-signed-20x2/trust", func(t *testing.T, dir string) hostileCase {
			pool, leaf, root := crossSigned(t, 20)
			p, l, r := writeFile(t, dir, "cross.pem", pool), writeFile(t, dir, "leaf.pem", leaf), writeFile(t, dir, "root.pem", root)
			return hostileCase{args: checkJSONArgs("--trust", p, "--trust", r, l), input: inputSize(t, p, l, r)}
		}},
		{"cross-signed-20x2/certs", func(t *testing.T, dir string) hostileCase {
			pool, leaf, root := crossSigned(t, 20)
			p, l, r := writeFile(t, dir, "cross.pem", pool), writeFile(t, dir, "leaf.pem", leaf), writeFile(t, dir, "root.pem", root)
			return hostileCase{args: checkJSONArgs("--certs", p, "--trust", r, l), input: inputSize(t, p, l, r)}
		}},
		{"same-subject-cas-10000/trust", func(t *testing.T, dir string) hostileCase {
			cas, leaf := sameSubjectCAs(t, 10_000)
			p, l := writeFile(t, dir, "cas.pem", cas), writeFile(t, dir, "leaf.pem", leaf)
			return hostileCase{args: checkJSONArgs("--trust", p, l), input: inputSize(t, p, l)}
		}},
		{"pkcs7-85000-copies-of-a-leaf/trust", func(t *testing.T, dir string) hostileCase {
			leaf := smallLeaf(t)
			copies := make([][]byte, 85_000)
			for i := range copies {
				copies[i] = leaf
			}
			data := pkcs7(t, copies)
			if len(data) > 32<<20 {
				t.Fatalf("the PKCS#7 of copies is %d bytes, over the 32 MiB file limit", len(data))
			}
			p, l := writeFile(t, dir, "copies.p7b", data), writeFile(t, dir, "leaf.pem", pemCerts(leaf))
			return hostileCase{args: checkJSONArgs("--trust", p, l), input: inputSize(t, p, l)}
		}},
		// OpenVPN profiles (issue 14).
		{"ovpn-unterminated-key", func(t *testing.T, dir string) hostileCase {
			p := writeFile(t, dir, "cut.ovpn", []byte("client\nremote vpn.example.com 1194\n<key>\n-----BEGIN PRIVATE KEY-----\nQ2FuYXJ5T3BlblZQTktleTdR\n"))
			return hostileCase{args: checkJSONArgs(p), input: inputSize(t, p), findingIn: []string{p}, secrets: []string{"Q2FuYXJ5T3BlblZQTktleTdR"}}
		}},
		{"ovpn-30MB-line", func(t *testing.T, dir string) hostileCase {
			p := writeFile(t, dir, "long.ovpn", []byte("client\nremote vpn.example.com 1194 "+strings.Repeat("x", 30<<20)+"\n"))
			return hostileCase{args: checkJSONArgs(p), input: inputSize(t, p), findingIn: []string{p}}
		}},
		{"ovpn-100000-directives", func(t *testing.T, dir string) hostileCase {
			p := writeFile(t, dir, "many.ovpn", []byte("client\n"+strings.Repeat("remote vpn.example.com 1194\n", 100_000)))
			return hostileCase{args: checkJSONArgs(p), input: inputSize(t, p), findingIn: []string{p}}
		}},
		{"ovpn-nul-bytes", func(t *testing.T, dir string) hostileCase {
			p := writeFile(t, dir, "nul.ovpn", []byte("client\nremote vpn.example.com\x00 1194\n<ca>\n\x00\x00\n</ca>\n"+strings.Repeat("dev tun\x00\n", 10_000)))
			return hostileCase{args: checkJSONArgs(p), input: inputSize(t, p), findingIn: []string{p}}
		}},
		{"ovpn-5000-ca-blocks", func(t *testing.T, dir string) hostileCase {
			block := "<ca>\n" + string(pemCerts(smallLeaf(t))) + "</ca>\n"
			p := writeFile(t, dir, "cas.ovpn", []byte("client\nremote vpn.example.com 1194\n"+strings.Repeat(block, 5000)))
			return hostileCase{args: checkJSONArgs(p), input: inputSize(t, p), findingIn: []string{p}}
		}},
		{"rsa-modulus-2097152-bits/check", func(t *testing.T, dir string) hostileCase {
			p := writeFile(t, dir, "huge.pem", pemCerts(hugeRSACert(t, 2_097_152)))
			return hostileCase{args: checkJSONArgs(p), input: inputSize(t, p), findingIn: []string{p}}
		}},
		{"rsa-modulus-2097152-bits/cert-show", func(t *testing.T, dir string) hostileCase {
			p := writeFile(t, dir, "huge.pem", pemCerts(hugeRSACert(t, 2_097_152)))
			return hostileCase{args: []string{"cert", "show", p}, input: inputSize(t, p)}
		}},
		{"attributes-200000-on-one-element", func(t *testing.T, dir string) hostileCase {
			p := writeFile(t, dir, "attributes.xml", attributesProfile(200_000, " a%x=\"\""))
			return hostileCase{args: checkJSONArgs(p), input: inputSize(t, p)}
		}},
		{"attributes-1000000", func(t *testing.T, dir string) hostileCase {
			p := writeFile(t, dir, "attributes.xml", attributesProfile(1_000_000, " a%x=\"\""))
			return hostileCase{args: checkJSONArgs(p), input: inputSize(t, p)}
		}},
		{"namespace-declarations-1000000", func(t *testing.T, dir string) hostileCase {
			p := writeFile(t, dir, "namespaces.xml", attributesProfile(1_000_000, " xmlns:n%x=\"u\""))
			return hostileCase{args: checkJSONArgs(p), input: inputSize(t, p)}
		}},
		{"pem-100000-begin-without-end", func(t *testing.T, dir string) hostileCase {
			p := writeFile(t, dir, "begins.pem", bytes.Repeat([]byte("-----BEGIN CERTIFICATE-----\n"), 100_000))
			return hostileCase{args: checkJSONArgs(p), input: inputSize(t, p), findingIn: []string{p}}
		}},
		{"pem-labels-never-match", func(t *testing.T, dir string) hostileCase {
			p := writeFile(t, dir, "labels.pem", bytes.Repeat([]byte("-----BEGIN CERTIFICATE-----\n-----END X509 CRL-----\n"), 135_000))
			return hostileCase{args: checkJSONArgs(p), input: inputSize(t, p), findingIn: []string{p}}
		}},
		{"inline-ignores-100000", func(t *testing.T, dir string) hostileCase {
			var b strings.Builder
			b.WriteString("<VPNProfile>\n")
			for range nearLimitElements {
				b.WriteString("<!--aovpnlint:ignore VPN003 reason-->\n<Colour/>\n")
			}
			b.WriteString("</VPNProfile>\n")
			p := writeFile(t, dir, "ignores.xml", []byte(b.String()))
			return hostileCase{args: checkJSONArgs(p), input: inputSize(t, p)}
		}},
		{"config-path-suppression-100000-elements", func(t *testing.T, dir string) hostileCase {
			p := writeFile(t, dir, "colours.xml", []byte("<VPNProfile>\n"+strings.Repeat("<Colour/>\n", nearLimitElements)+"</VPNProfile>\n"))
			cfg := writeFile(t, dir, "aovpnlint.yaml", []byte("suppress:\n  - rule: VPN003\n    path: VPNProfile/Colour\n    reason: the colour is for the help desk\n"))
			return hostileCase{args: checkJSONArgs("--config", cfg, p), input: inputSize(t, p, cfg)}
		}},
		{"servernames-2000-regexps-nps-50-names", func(t *testing.T, dir string) hostileCase {
			rootKey, npsKey := ecKey(t), ecKey(t)
			root := makeCert(t, certSpec{serial: 1, subject: certName("Hostile Root"), ca: true, pub: rootKey.Public(), signer: rootKey})
			var dns []string
			for i := range 50 {
				dns = append(dns, fmt.Sprintf("nps-%02d.radius.hostile.example", i))
			}
			nps := makeCert(t, certSpec{serial: 2, subject: certName(dns[0]), dns: dns, ekus: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
				pub: npsKey.Public(), issuer: certName("Hostile Root"), signer: rootKey})
			var entries []string
			for i := range 2000 {
				entries = append(entries, fmt.Sprintf(`srv%04d[a-z0-9-]{0,30}\.corp\.example`, i))
			}
			profile := strings.ReplaceAll(examplesProfile(t), "<ServerNames>nps.corp.example</ServerNames>", "<ServerNames>"+strings.Join(entries, ";")+"</ServerNames>")
			p := writeFile(t, dir, "profile.xml", []byte(profile))
			n, r := writeFile(t, dir, "nps.pem", pemCerts(nps)), writeFile(t, dir, "root.pem", pemCerts(root))
			return hostileCase{args: checkJSONArgs("--nps-cert", n, "--trust", r, p), input: inputSize(t, p, n, r)}
		}},
		{"config-glob-{*,}x30", func(t *testing.T, dir string) hostileCase {
			cfg := "suppress:\n  - rule: VPN003\n    files: [\"" + strings.Repeat("{*,}", 30) + "q\"]\n    reason: "
			cfg += strings.Repeat("x", max(1, 182-len(cfg)-1)) + "\n"
			writeFile(t, dir, ".aovpnlint.yaml", []byte(cfg))
			p := writeFile(t, dir, "profile.xml", []byte(withUnknown(t)))
			return hostileCase{args: checkJSONArgs("profile.xml"), dir: dir, input: inputSize(t, p) + int64(len(cfg)), findingIn: []string{"profile.xml"}}
		}},
		{"fifo/file", func(t *testing.T, dir string) hostileCase {
			f := fifo(t, dir)
			return hostileCase{args: checkJSONArgs(f), findingIn: []string{f}}
		}},
		{"fifo/config", func(t *testing.T, dir string) hostileCase {
			f, p := fifo(t, dir), writeFile(t, dir, "profile.xml", []byte(examplesProfile(t)))
			return hostileCase{args: checkJSONArgs("--config", f, p), input: inputSize(t, p), exitNot: []int{0}}
		}},
		{"fifo/pfx-password-file", func(t *testing.T, dir string) hostileCase {
			f := fifo(t, dir)
			return hostileCase{args: checkJSONArgs("--pfx-password-file", f, "fixtures/pki/vpn-aes.pfx"), input: inputSize(t, "fixtures/pki/vpn-aes.pfx"), exitNot: []int{0}}
		}},
		{"fifo/trust", func(t *testing.T, dir string) hostileCase {
			f, p := fifo(t, dir), writeFile(t, dir, "profile.xml", []byte(examplesProfile(t)))
			return hostileCase{args: checkJSONArgs("--trust", f, p), input: inputSize(t, p), findingIn: []string{f}}
		}},
	}...)
	runGroup(t, cases)
}

// attributesProfile is a profile whose root has n attributes written with
// format (given the attribute's number).
func attributesProfile(n int, format string) []byte {
	var b bytes.Buffer
	b.WriteString("<VPNProfile")
	for i := range n {
		fmt.Fprintf(&b, format, i)
	}
	b.WriteString("><AlwaysOn>true</AlwaysOn></VPNProfile>\n")
	return b.Bytes()
}

// fifo makes a named pipe that nobody writes to: opening it for reading
// blocks.
func fifo(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "pipe.xml")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestHostileMemory: inputs that make a naive reader hold gigabytes.
func TestHostileMemory(t *testing.T) {
	t.Parallel()
	profile := "examples/vpn/ProfileXML_User.xml"
	cases := named{
		{"config-symlink-to-dev-zero", func(t *testing.T, dir string) hostileCase {
			if err := os.Symlink("/dev/zero", filepath.Join(dir, ".aovpnlint.yaml")); err != nil {
				t.Fatal(err)
			}
			abs, err := filepath.Abs(profile)
			if err != nil {
				t.Fatal(err)
			}
			return hostileCase{args: checkJSONArgs(abs), dir: dir, input: inputSize(t, abs), exitNot: []int{0}}
		}},
		{"config-dev-zero", func(t *testing.T, dir string) hostileCase {
			return hostileCase{args: checkJSONArgs("--config", "/dev/zero", profile), input: inputSize(t, profile), exitNot: []int{0}}
		}},
		{"pfx-password-file-dev-zero", func(t *testing.T, dir string) hostileCase {
			return hostileCase{args: checkJSONArgs("--pfx-password-file", "/dev/zero", "fixtures/pki/vpn-aes.pfx"), input: inputSize(t, "fixtures/pki/vpn-aes.pfx"), exitNot: []int{0}}
		}},
		{"proc-self-pagemap", func(t *testing.T, dir string) hostileCase {
			return hostileCase{args: checkJSONArgs("/proc/self/pagemap"), findingIn: []string{"/proc/self/pagemap"}}
		}},
		{"powershell-75-literals-near-element-limit", func(t *testing.T, dir string) hostileCase {
			var b strings.Builder
			b.WriteString("# deploy the profiles\n")
			doc := nearLimitProfile()
			for i := range 75 {
				fmt.Fprintf(&b, "$Profile%d = '%s'\n", i, doc)
			}
			p := writeFile(t, dir, "deploy.ps1", []byte(b.String()))
			return hostileCase{args: checkJSONArgs(p), input: inputSize(t, p), findingIn: []string{p}}
		}},
		{"syncml-30-items-near-element-limit", func(t *testing.T, dir string) hostileCase {
			var b strings.Builder
			b.WriteString(`<SyncML xmlns="SYNCML:SYNCML1.2"><SyncBody><Atomic><CmdID>1</CmdID><Add><CmdID>2</CmdID>`)
			doc := "&lt;VPNProfile&gt;" + strings.Repeat("&lt;a/&gt;", nearLimitElements) + "&lt;/VPNProfile&gt;"
			for i := range 30 {
				fmt.Fprintf(&b, "\n<Item><Target><LocURI>./User/Vendor/MSFT/VPNv2/Hostile%d/ProfileXML</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">chr</Format></Meta><Data>%s</Data></Item>", i, doc)
			}
			b.WriteString("\n</Add></Atomic><Final/></SyncBody></SyncML>\n")
			p := writeFile(t, dir, "syncml.xml", []byte(b.String()))
			return hostileCase{args: checkJSONArgs(p), input: inputSize(t, p), findingIn: []string{p}}
		}},
		{"intune-55-base64-values-near-element-limit", func(t *testing.T, dir string) hostileCase {
			v := b64(nearLimitProfile())
			values := make([]string, 55)
			for i := range values {
				values[i] = v
			}
			p := writeFile(t, dir, "intune.json", intuneExport(values...))
			return hostileCase{args: checkJSONArgs(p), input: inputSize(t, p), findingIn: []string{p}}
		}},
		{"escaped-eaphostconfig-30-documents-in-one-profile", func(t *testing.T, dir string) hostileCase {
			var b strings.Builder
			b.WriteString("<VPNProfile>\n")
			eap := "&lt;EapHostConfig xmlns=&quot;http://www.microsoft.com/provisioning/EapHostConfig&quot;&gt;" +
				strings.Repeat("&lt;a/&gt;", nearLimitElements) + "&lt;/EapHostConfig&gt;"
			for range 30 {
				b.WriteString("<Eap><Configuration>" + eap + "</Configuration></Eap>\n")
			}
			b.WriteString("</VPNProfile>\n")
			p := writeFile(t, dir, "eap.xml", []byte(b.String()))
			return hostileCase{args: checkJSONArgs(p), input: inputSize(t, p), findingIn: []string{p}}
		}},
		{"trustedrootca-10000-against-2000-trust-certificates", func(t *testing.T, dir string) hostileCase {
			var roots bytes.Buffer
			var firstKey = ecKey(t)
			for i := range 2000 {
				k := firstKey
				if i > 0 {
					k = ecKey(t)
				}
				roots.Write(pemCerts(makeCert(t, certSpec{serial: int64(i + 1), subject: certName(fmt.Sprintf("Root %d", i)), ca: true, pub: k.Public(), signer: k})))
			}
			nps := makeCert(t, certSpec{serial: 9999, subject: certName("nps.corp.example"), dns: []string{"nps.corp.example"},
				ekus: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, pub: ecKey(t).Public(), issuer: certName("Root 0"), signer: firstKey})
			var thumbs strings.Builder
			raw := make([]byte, 20)
			for range 5000 {
				rand.Read(raw)
				thumbs.WriteString("<TrustedRootCA>" + spacedHex(raw) + "</TrustedRootCA>\n")
			}
			re := regexp.MustCompile(`<TrustedRootCA>[^<]*</TrustedRootCA>`)
			profile := re.ReplaceAllLiteralString(examplesProfile(t), thumbs.String())
			p := writeFile(t, dir, "profile.xml", []byte(profile))
			r, n := writeFile(t, dir, "roots.pem", roots.Bytes()), writeFile(t, dir, "nps.pem", pemCerts(nps))
			return hostileCase{args: checkJSONArgs("--trust", r, "--nps-cert", n, p), input: inputSize(t, p, r, n), findingIn: []string{p}}
		}},
		{"pkcs7-5000000-empty-certificates", func(t *testing.T, dir string) hostileCase {
			p := writeFile(t, dir, "empty.p7b", pkcs7(t, [][]byte{bytes.Repeat([]byte{0x30, 0x00}, 5_000_000)}))
			return hostileCase{args: checkJSONArgs(p), input: inputSize(t, p), findingIn: []string{p}}
		}},
		{"sst-2700000-empty-elements", func(t *testing.T, dir string) hostileCase {
			p := writeFile(t, dir, "empty.sst", sstOfEmpty(2_700_000))
			return hostileCase{args: checkJSONArgs(p), input: inputSize(t, p), findingIn: []string{p}}
		}},
		{"wmi-listing-16000000-blank-lines", func(t *testing.T, dir string) hostileCase {
			data := append(wmiListing(pskProfile("")), bytes.Repeat([]byte("\n"), 16_000_000)...)
			p := writeFile(t, dir, "wmi.txt", data)
			return hostileCase{args: checkJSONArgs(p), input: inputSize(t, p), findingIn: []string{p}}
		}},
		{"powershell-20MB-of-comment-lines", func(t *testing.T, dir string) hostileCase {
			var b bytes.Buffer
			b.WriteString("# deploy the profile\n")
			b.Write(bytes.Repeat([]byte("#\n"), 10_000_000))
			b.WriteString("$ProfileXML = '" + strings.TrimSpace(pskProfile("")) + "'\n")
			p := writeFile(t, dir, "deploy.ps1", b.Bytes())
			return hostileCase{args: checkJSONArgs(p), input: inputSize(t, p), findingIn: []string{p}}
		}},
		{"folder-of-60-sparse-31MiB-files", func(t *testing.T, dir string) hostileCase {
			pkg := filepath.Join(dir, "vpn")
			writeFile(t, pkg, "ProfileXML_User.xml", []byte(examplesProfile(t)))
			for i := range 60 {
				f, err := os.Create(filepath.Join(pkg, fmt.Sprintf("blank%02d.txt", i)))
				if err == nil {
					err = f.Truncate(31 << 20)
					f.Close()
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			return hostileCase{args: checkJSONArgs(pkg), input: inputSize(t, pkg)}
		}},
	}
	runGroup(t, cases)
}

// spacedHex writes b as TrustedRootCA does: "3b 1e 0f ... ".
func spacedHex(b []byte) string {
	var s strings.Builder
	for _, c := range b {
		s.WriteString(hex.EncodeToString([]byte{c}) + " ")
	}
	return s.String()
}

// The secrets planted in TestHostileSecrets: every run of six or more
// letters and digits in them is distinctive.
const (
	pskRawAmp  = "Hq7Lp2Zk9Vx&Rw4Nt8Cm3Yb"    // written as it is: not well-formed
	pskRawLt   = "Jd5Fs1Qa6Ue</Gk3Mo7Xi2Pz"   // written as it is: not well-formed
	pskElement = "Bv8Tc4Wn1Ks<b/>Ly6Ra2Ej9Hf" // an element inside the key
	pskEscAmp  = "Wq2Ex4Rc6Tv&Yb8Un0Im"       // written &amp;
	pskEscLt   = "Kp3Lo5Mi7Nu</Jy9Ht1Gr"      // written &lt;/
	pskDollar  = "Mz3Qw8Er5Ty$Ui7Op2As4Df"
	pskBroken  = "Gh5Jk9Lz3Xc"
	pskLower   = "Nu4Ib7Ov1Pe"
)

// TestHostileSecrets: pre-shared keys written so that a redaction of the
// plain text form misses them must never be printed, in any format.
func TestHostileSecrets(t *testing.T) {
	t.Parallel()
	// The L2tpPsk element's content as written in XML for each secret.
	written := map[string]string{
		pskRawAmp:  pskRawAmp,
		pskRawLt:   pskRawLt,
		pskElement: pskElement,
		pskEscAmp:  strings.ReplaceAll(pskEscAmp, "&", "&amp;"),
		pskEscLt:   strings.ReplaceAll(pskEscLt, "<", "&lt;"),
	}
	plain := []string{pskRawAmp, pskRawLt, pskElement, pskEscAmp, pskEscLt}
	containers := []struct {
		name string
		make func(profile string) []byte
	}{
		{"raw-xml", func(p string) []byte { return []byte(p) }},
		{"intune-base64", func(p string) []byte { return intuneExport(b64(p)) }},
		{"wmi-listing", func(p string) []byte { return wmiListing(p) }},
	}
	var cases named
	for _, format := range formats {
		for _, ct := range containers {
			cases = append(cases, struct {
				name string
				make hostileMaker
			}{"l2tppsk-with-&-</-element/" + ct.name + "/" + format, func(t *testing.T, dir string) hostileCase {
				var files []string
				for i, psk := range plain {
					files = append(files, writeFile(t, dir, fmt.Sprintf("psk%d.%s", i, map[string]string{"raw-xml": "xml", "intune-base64": "json", "wmi-listing": "txt"}[ct.name]), ct.make(pskProfile(written[psk]))))
				}
				return hostileCase{args: append([]string{"check", "--format", format}, files...), input: inputSize(t, files...), secrets: plain, findingIn: files}
			}})
		}
		cases = append(cases, named{
			{"psk-with-$-in-double-quoted-powershell/" + format, func(t *testing.T, dir string) hostileCase {
				script := "# deploy\n$ProfileXML = \"" + strings.TrimSpace(pskProfile(pskDollar)) + "\"\nAdd-VpnConnection -Name Hostile\n"
				p := writeFile(t, dir, "deploy.ps1", []byte(script))
				return hostileCase{args: []string{"check", "--format", format, p}, input: inputSize(t, p), secrets: []string{pskDollar}, findingIn: []string{p}}
			}},
			{"malformed-and-lowercase-and-element-psk/" + format, func(t *testing.T, dir string) hostileCase {
				files := secretDocuments(t, dir)
				return hostileCase{args: append([]string{"check", "--format", format}, files...), input: inputSize(t, files...),
					secrets: []string{pskBroken, pskElement, pskLower}, findingIn: files}
			}},
		}...)
	}
	for i, what := range []string{"malformed", "element-in-l2tppsk", "lowercase-l2tppsk"} {
		cases = append(cases, struct {
			name string
			make hostileMaker
		}{"extract/" + what, func(t *testing.T, dir string) hostileCase {
			p := secretDocuments(t, dir)[i]
			return hostileCase{args: []string{"extract", p}, input: inputSize(t, p), secrets: []string{pskBroken, pskElement, pskLower}}
		}})
	}
	runGroup(t, cases)
}

// secretDocuments writes a malformed profile with a PSK, a PSK with an
// element inside, and a PSK in an element named in lower case.
func secretDocuments(t *testing.T, dir string) []string {
	return []string{
		writeFile(t, dir, "malformed.xml", []byte(strings.Replace(pskProfile(pskBroken), "</Servers>", "</Server>", 1))),
		writeFile(t, dir, "element.xml", []byte(pskProfile(pskElement))),
		writeFile(t, dir, "lowercase.xml", []byte(strings.ReplaceAll(pskProfile(pskLower), "L2tpPsk>", "l2tppsk>"))),
	}
}

// The forged lines the hostile names try to add to a report.
const (
	forgedName = "forged-name.xml:9:9: info: all good [IN003]"
	forgedOU   = "forged-ou.xml:7:7: info: all good [IN003]"
	forgedSAN  = "forged-san.xml:8:8: info: all good [IN003]"
)

// hostileNames are file names with terminal escapes, C0 controls, a line
// break followed by a forged report line, and invalid UTF-8.
var hostileNames = []string{
	"fake.xml:1:1: info: all good [IN003]\n" + forgedName,
	"esc\x1b[31mred\x1b[0m.xml",
	"bell\x07cr\rtitle\x1b]0;owned\x07.xml",
	"del\x7f.xml",
	"c0\x01\x02\x0b\x0c.xml",
	"bad-utf8-\xff\xfe.xml",
}

// namedFiles writes a profile with findings under each hostile name.
func namedFiles(t *testing.T, dir string) []string {
	var files []string
	for _, n := range hostileNames {
		files = append(files, writeFile(t, dir, n, []byte("<VPNProfile>\n  "+unknownElement+"\n</VPNProfile>\n")))
	}
	return files
}

// hostileFieldsCert is a VPN server certificate whose subject, OU, SANs
// and issuer hold escapes, controls and line breaks with forged lines.
func hostileFieldsCert(t *testing.T) []byte {
	k := ecKey(t)
	subject := pkix.Name{CommonName: "esc\x1b[31mred\x1b[0m bell\x07", OrganizationalUnit: []string{"ou\r\n" + forgedOU}}
	return makeCert(t, certSpec{serial: 11, subject: subject,
		dns:  []string{"vpn.corp.example\n" + forgedSAN, "bell\x07.example", "cr\r.example", "esc\x1b[2J.example"},
		ekus: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, pub: k.Public(),
		issuer: pkix.Name{CommonName: "issuer\x1b]0;title\x07\n" + forgedOU}, signer: ecKey(t)})
}

// TestHostileOutput: panics, and text from the input that reaches a
// report or a terminal unescaped.
func TestHostileOutput(t *testing.T) {
	t.Parallel()
	forged := []string{forgedName, forgedOU, forgedSAN}
	cases := named{
		{"cert-show-step-provisioner-type-minus-1", func(t *testing.T, dir string) hostileCase {
			der := stepProvisionerCert(t)
			p := writeFile(t, dir, "step.pem", pemCerts(der))
			t.Logf("the certificate is %d bytes of DER", len(der))
			return hostileCase{args: []string{"cert", "show", p}, input: inputSize(t, p)}
		}},
		{"suppression-path-given-a-list", func(t *testing.T, dir string) hostileCase {
			cfg := writeFile(t, dir, "aovpnlint.yaml", []byte("suppress:\n  - rule: VPN003\n    path: [VPNProfile/Colour, VPNProfile/Other]\n    reason: a list where one element path is expected\n"))
			p := writeFile(t, dir, "profile.xml", []byte(withUnknown(t)))
			return hostileCase{args: checkJSONArgs("--config", cfg, p), input: inputSize(t, p, cfg),
				check: func(t *testing.T, r *childResult) {
					pos := regexp.MustCompile(`^aovpnlint: .*aovpnlint\.yaml:\d+:\d+: `)
					if r.code != 2 || !pos.Match(r.stderr.kept.Bytes()) {
						t.Errorf("exit %d, stderr %q; want exit 2 and the position of the path in the configuration", r.code, r.stderr.kept.String())
					}
				}}
		}},
	}
	for _, format := range formats {
		cases = append(cases, named{
			{"file-names-with-controls/" + format, func(t *testing.T, dir string) hostileCase {
				files := namedFiles(t, dir)
				return hostileCase{args: append([]string{"check", "--format", format}, files...), input: inputSize(t, files...), forged: forged}
			}},
			{"folder-of-names-with-controls/" + format, func(t *testing.T, dir string) hostileCase {
				pkg := filepath.Join(dir, "vpn")
				namedFiles(t, pkg)
				return hostileCase{args: []string{"check", "--format", format, pkg}, input: inputSize(t, pkg), forged: forged}
			}},
			{"certificate-fields-with-controls/check/" + format, func(t *testing.T, dir string) hostileCase {
				c := writeFile(t, dir, "vpn.pem", pemCerts(hostileFieldsCert(t)))
				p := writeFile(t, dir, "profile.xml", []byte(examplesProfile(t)))
				return hostileCase{args: []string{"check", "--format", format, "--at", hostileAt, "--vpn-cert", c, p}, input: inputSize(t, c, p), forged: forged}
			}},
			{"certificate-fields-with-controls/cert/" + format, func(t *testing.T, dir string) hostileCase {
				c := writeFile(t, dir, "vpn.pem", pemCerts(hostileFieldsCert(t)))
				return hostileCase{args: []string{"cert", "--format", format, "--at", hostileAt, "--purpose", "server", "--host", "vpn.corp.example", c}, input: inputSize(t, c), forged: forged}
			}},
		}...)
	}
	cases = append(cases, struct {
		name string
		make hostileMaker
	}{"certificate-fields-with-controls/cert-show", func(t *testing.T, dir string) hostileCase {
		c := writeFile(t, dir, "vpn.pem", pemCerts(hostileFieldsCert(t)))
		return hostileCase{args: []string{"cert", "show", c}, input: inputSize(t, c), forged: forged}
	}})
	runGroup(t, cases)
}
