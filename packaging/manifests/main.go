// Command manifests writes the package manifests of a release of
// aovpnlint from the archives scripts/release.sh made and their SHA-256
// sums: a Scoop manifest (aovpnlint.json, for a bucket) and the three
// files of a winget manifest (version, installer and default locale, for
// a pull request to microsoft/winget-pkgs), both for the Windows archives
// on amd64 and arm64.
//
//	manifests -dir dist/v1.2.0 -version v1.2.0 -url https://github.com/aovpnlint/aovpnlint/releases/download/v1.2.0 -date 2026-12-01
//
// It reads dir/SHA256SUMS and writes dir/scoop/aovpnlint.json and
// dir/winget/manifests/a/aovpnlint/aovpnlint/VERSION/*.yaml; the version
// goes into the manifests without its leading v.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

func main() {
	dir := flag.String("dir", "", "the folder of the archives and SHA256SUMS")
	version := flag.String("version", "", "the version released (v1.2.0)")
	url := flag.String("url", "", "the address the archives are downloaded from, without the file name")
	date := flag.String("date", "", "the release date, YYYY-MM-DD")
	flag.Parse()
	if *dir == "" || *version == "" || *url == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := write(release{Dir: *dir, Version: *version, URL: strings.TrimSuffix(*url, "/"), Date: *date}); err != nil {
		fmt.Fprintln(os.Stderr, "manifests:", err)
		os.Exit(1)
	}
}

// Facts about the package the manifests repeat.
const (
	identifier  = "aovpnlint.aovpnlint"
	homepage    = "https://github.com/aovpnlint/aovpnlint"
	publisher   = "aovpnlint"
	description = "Validates Windows Always On VPN configuration offline before rollout: VPNv2 ProfileXML, EapHostConfig, NPS exports, OpenVPN profiles and certificates, with the Windows error each fault would cause."
	short       = "Validate Always On VPN profiles, EAP configurations and certificates before rollout"
	license     = "See the repository"
	// manifestVersion is the winget manifest schema written.
	manifestVersion = "1.6.0"
)

// release is one release: its folder, version, download address and date.
type release struct {
	Dir, Version, URL, Date string
}

// archive is a Windows archive of the release.
type archive struct {
	// Arch is Go's name (amd64, arm64); Scoop and winget name it
	// their way (see scoopArch, wingetArch).
	Arch, Name, SHA256 string
}

// semver is the form of a version the manifests accept, once the
// leading v is removed.
var semver = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$`)

// archives reads the sums of the Windows archives of r.
func (r release) archives() ([]archive, error) {
	f, err := os.Open(filepath.Join(r.Dir, "SHA256SUMS"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sums := map[string]string{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		sum, name, ok := strings.Cut(s.Text(), "  ")
		if ok {
			sums[strings.TrimPrefix(name, "*")] = sum
		}
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	var out []archive
	for _, arch := range []string{"amd64", "arm64"} {
		name := fmt.Sprintf("aovpnlint_%s_windows_%s.zip", r.Version, arch)
		sum, ok := sums[name]
		if !ok {
			return nil, fmt.Errorf("SHA256SUMS has no line for %s", name)
		}
		if len(sum) != 64 || strings.Trim(strings.ToLower(sum), "0123456789abcdef") != "" {
			return nil, fmt.Errorf("SHA256SUMS: %q is not a SHA-256 sum (of %s)", sum, name)
		}
		out = append(out, archive{Arch: arch, Name: name, SHA256: strings.ToLower(sum)})
	}
	return out, nil
}

// folder is the top folder of an archive: its name without .zip.
func (a archive) folder() string { return strings.TrimSuffix(a.Name, ".zip") }

func scoopArch(arch string) string {
	if arch == "amd64" {
		return "64bit"
	}
	return arch
}

func wingetArch(arch string) string {
	if arch == "amd64" {
		return "x64"
	}
	return arch
}

// write writes the manifests of r.
func write(r release) error {
	v := strings.TrimPrefix(r.Version, "v")
	if !semver.MatchString(v) {
		return fmt.Errorf("version %q: expected a version such as v1.2.0", r.Version)
	}
	if r.Date != "" && !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(r.Date) {
		return fmt.Errorf("date %q: expected YYYY-MM-DD", r.Date)
	}
	as, err := r.archives()
	if err != nil {
		return err
	}
	scoop, err := scoopManifest(r, v, as)
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(r.Dir, "scoop", "aovpnlint.json"), scoop); err != nil {
		return err
	}
	wdir := filepath.Join(r.Dir, "winget", "manifests", "a", "aovpnlint", "aovpnlint", v)
	for name, text := range wingetManifests(r, v, as) {
		if err := writeFile(filepath.Join(wdir, name), []byte(text)); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, data, 0o644)
}

// scoopManifest is the Scoop manifest: per architecture the archive, its
// hash and the folder inside it; the command aovpnlint; and how Scoop's
// updater finds the next release.
func scoopManifest(r release, v string, as []archive) ([]byte, error) {
	type arch struct {
		URL        string `json:"url"`
		Hash       string `json:"hash,omitempty"`
		ExtractDir string `json:"extract_dir"`
	}
	m := struct {
		Version      string          `json:"version"`
		Description  string          `json:"description"`
		Homepage     string          `json:"homepage"`
		License      string          `json:"license"`
		Architecture map[string]arch `json:"architecture"`
		Bin          string          `json:"bin"`
		Checkver     map[string]any  `json:"checkver"`
		Autoupdate   map[string]any  `json:"autoupdate"`
	}{Version: v, Description: description, Homepage: homepage, License: license,
		Architecture: map[string]arch{}, Bin: "aovpnlint.exe",
		Checkver: map[string]any{"github": homepage}}
	auto := map[string]arch{}
	for _, a := range as {
		m.Architecture[scoopArch(a.Arch)] = arch{URL: r.URL + "/" + a.Name, Hash: a.SHA256, ExtractDir: a.folder()}
		templ := func(s string) string { return strings.ReplaceAll(s, r.Version, "v$version") }
		auto[scoopArch(a.Arch)] = arch{URL: templ(r.URL + "/" + a.Name), ExtractDir: templ(a.folder())}
	}
	m.Autoupdate = map[string]any{"architecture": auto}
	if strings.Count(r.URL+as[0].Name, r.Version) != 2 {
		return nil, errors.New("the download address must hold the version once (releases/download/VERSION), for Scoop's autoupdate")
	}
	out, err := json.MarshalIndent(m, "", "    ")
	return append(out, '\n'), err
}

// yamlString quotes s for YAML as a double-quoted scalar.
func yamlString(s string) string {
	b, _ := json.Marshal(s) // a JSON string is a valid YAML double-quoted scalar
	return string(b)
}

// wingetManifests are the three files of the winget manifest, by name.
func wingetManifests(r release, v string, as []archive) map[string]string {
	header := func(kind string) string {
		return fmt.Sprintf("# Written by packaging/manifests for aovpnlint %s.\n# yaml-language-server: $schema=https://aka.ms/winget-manifest.%s.%s.schema.json\n\nPackageIdentifier: %s\nPackageVersion: %s\n",
			r.Version, kind, manifestVersion, identifier, yamlString(v))
	}
	footer := func(kind string) string {
		return fmt.Sprintf("ManifestType: %s\nManifestVersion: %s\n", kind, manifestVersion)
	}
	var inst strings.Builder
	inst.WriteString(header("installer"))
	inst.WriteString("InstallerType: zip\nNestedInstallerType: portable\nCommands:\n  - aovpnlint\n")
	if r.Date != "" {
		fmt.Fprintf(&inst, "ReleaseDate: %s\n", r.Date)
	}
	inst.WriteString("Installers:\n")
	for _, a := range as {
		fmt.Fprintf(&inst, "  - Architecture: %s\n    InstallerUrl: %s\n    InstallerSha256: %s\n    NestedInstallerFiles:\n      - RelativeFilePath: %s\n        PortableCommandAlias: aovpnlint\n",
			wingetArch(a.Arch), yamlString(r.URL+"/"+a.Name), strings.ToUpper(a.SHA256), yamlString(a.folder()+`\aovpnlint.exe`))
	}
	inst.WriteString(footer("installer"))
	locale := header("defaultLocale") + fmt.Sprintf(`PackageLocale: en-US
Publisher: %s
PublisherUrl: %s
PackageName: aovpnlint
PackageUrl: %s
License: %s
ShortDescription: %s
Description: %s
Moniker: aovpnlint
Tags:
  - always-on-vpn
  - vpn
  - intune
  - linter
  - certificates
ReleaseNotesUrl: %s
`, yamlString(publisher), yamlString(homepage), yamlString(homepage), yamlString(license), yamlString(short), yamlString(description),
		yamlString(homepage+"/releases/tag/"+r.Version)) + footer("defaultLocale")
	version := header("version") + "DefaultLocale: en-US\n" + footer("version")
	return map[string]string{
		identifier + ".yaml":              version,
		identifier + ".installer.yaml":    inst.String(),
		identifier + ".locale.en-US.yaml": locale,
	}
}
