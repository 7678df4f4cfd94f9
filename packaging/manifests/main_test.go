package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// fakeRelease writes two Windows archives (any bytes: the manifests only
// hash them) and their SHA256SUMS, as release.sh does, and returns the
// release and each archive's sum.
func fakeRelease(t *testing.T) (release, map[string]string) {
	t.Helper()
	r := release{Dir: t.TempDir(), Version: "v1.2.3", URL: "https://github.com/aovpnlint/aovpnlint/releases/download/v1.2.3", Date: "2026-12-01"}
	sums := map[string]string{}
	var lines []string
	for _, arch := range []string{"amd64", "arm64", "linux_amd64"} {
		name := "aovpnlint_v1.2.3_windows_" + arch + ".zip"
		if arch == "linux_amd64" {
			name = "aovpnlint_v1.2.3_linux_amd64.tar.gz"
		}
		data := []byte("archive for " + arch)
		if err := os.WriteFile(filepath.Join(r.Dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(data)
		sums[arch] = hex.EncodeToString(h[:])
		lines = append(lines, sums[arch]+"  "+name)
	}
	if err := os.WriteFile(filepath.Join(r.Dir, "SHA256SUMS"), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return r, sums
}

// TestScoopManifest reads the Scoop manifest back as Scoop does: each
// architecture's archive, its SHA-256 and the folder inside it, the
// command, and the autoupdate templates with $version.
func TestScoopManifest(t *testing.T) {
	r, sums := fakeRelease(t)
	if err := write(r); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(r.Dir, "scoop", "aovpnlint.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Version      string
		Bin          string
		Homepage     string
		Architecture map[string]struct {
			URL        string `json:"url"`
			Hash       string `json:"hash"`
			ExtractDir string `json:"extract_dir"`
		}
		Autoupdate struct {
			Architecture map[string]struct {
				URL        string `json:"url"`
				ExtractDir string `json:"extract_dir"`
			}
		}
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if m.Version != "1.2.3" || m.Bin != "aovpnlint.exe" || m.Homepage == "" || len(m.Architecture) != 2 {
		t.Errorf("manifest %+v", m)
	}
	for scoop, arch := range map[string]string{"64bit": "amd64", "arm64": "arm64"} {
		a := m.Architecture[scoop]
		if a.Hash != sums[arch] || a.URL != r.URL+"/aovpnlint_v1.2.3_windows_"+arch+".zip" || a.ExtractDir != "aovpnlint_v1.2.3_windows_"+arch {
			t.Errorf("%s: %+v", scoop, a)
		}
		u := m.Autoupdate.Architecture[scoop]
		if strings.ReplaceAll(u.URL, "$version", "1.2.3") != a.URL || strings.ReplaceAll(u.ExtractDir, "$version", "1.2.3") != a.ExtractDir {
			t.Errorf("autoupdate %s: %+v", scoop, u)
		}
	}
}

// TestWingetManifest reads the three winget files back as YAML and holds
// them to the rules of winget's 1.6.0 schemas that a mistake here would
// break: the same identifier and version in each, an upper-case SHA-256
// of each Windows archive, the architectures and installer types winget
// knows, the portable command inside the zip.
func TestWingetManifest(t *testing.T) {
	r, sums := fakeRelease(t)
	if err := write(r); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(r.Dir, "winget", "manifests", "a", "aovpnlint", "aovpnlint", "1.2.3")
	read := func(name string) map[string]any {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := yaml.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if m["PackageIdentifier"] != "aovpnlint.aovpnlint" || m["PackageVersion"] != "1.2.3" || m["ManifestVersion"] != "1.6.0" {
			t.Errorf("%s: %v", name, m)
		}
		return m
	}
	if v := read("aovpnlint.aovpnlint.yaml"); v["ManifestType"] != "version" || v["DefaultLocale"] != "en-US" {
		t.Errorf("version manifest %v", v)
	}
	loc := read("aovpnlint.aovpnlint.locale.en-US.yaml")
	if loc["ManifestType"] != "defaultLocale" || loc["PackageLocale"] != "en-US" || loc["ShortDescription"] == "" || loc["License"] == "" || loc["Publisher"] == "" {
		t.Errorf("locale manifest %v", loc)
	}
	inst := read("aovpnlint.aovpnlint.installer.yaml")
	if inst["ManifestType"] != "installer" || inst["InstallerType"] != "zip" || inst["NestedInstallerType"] != "portable" || !strings.HasPrefix(fmt.Sprint(inst["ReleaseDate"]), "2026-12-01") {
		t.Errorf("installer manifest %v", inst)
	}
	installers, _ := inst["Installers"].([]any)
	if len(installers) != 2 {
		t.Fatalf("installers %v", inst["Installers"])
	}
	upperHex := regexp.MustCompile(`^[0-9A-F]{64}$`)
	for i, arch := range []string{"amd64", "arm64"} {
		in := installers[i].(map[string]any)
		want := map[string]string{"amd64": "x64", "arm64": "arm64"}[arch]
		files, _ := in["NestedInstallerFiles"].([]any)
		if in["Architecture"] != want || in["InstallerUrl"] != r.URL+"/aovpnlint_v1.2.3_windows_"+arch+".zip" ||
			!upperHex.MatchString(in["InstallerSha256"].(string)) || strings.ToLower(in["InstallerSha256"].(string)) != sums[arch] || len(files) != 1 {
			t.Errorf("installer %s: %v", arch, in)
			continue
		}
		f := files[0].(map[string]any)
		if f["RelativeFilePath"] != `aovpnlint_v1.2.3_windows_`+arch+`\aovpnlint.exe` || f["PortableCommandAlias"] != "aovpnlint" {
			t.Errorf("nested file %s: %v", arch, f)
		}
	}
}

// TestManifestMistakes: a release without an arm64 archive, a version
// that is not one, a sum that is not one.
func TestManifestMistakes(t *testing.T) {
	r, _ := fakeRelease(t)
	bad := r
	bad.Version = "latest"
	if err := write(bad); err == nil || !strings.Contains(err.Error(), "expected a version") {
		t.Errorf("version latest: %v", err)
	}
	sums := filepath.Join(r.Dir, "SHA256SUMS")
	data, _ := os.ReadFile(sums)
	lines := strings.Split(string(data), "\n")
	if err := os.WriteFile(sums, []byte(lines[0]+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := write(r); err == nil || !strings.Contains(err.Error(), "no line for aovpnlint_v1.2.3_windows_arm64.zip") {
		t.Errorf("no arm64 archive: %v", err)
	}
	if err := os.WriteFile(sums, []byte("xyz  aovpnlint_v1.2.3_windows_amd64.zip\n"+lines[1]+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := write(r); err == nil || !strings.Contains(err.Error(), "is not a SHA-256 sum") {
		t.Errorf("bad sum: %v", err)
	}
}
