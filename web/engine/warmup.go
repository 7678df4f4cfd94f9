package engine

import (
	"embed"
	"io"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/report"
)

// warmup holds a profile with its VPN server certificate, issuing CA and
// root (copies of examples/vpn's), checked by WarmUp.
//
//go:embed warmup
var warmup embed.FS

// WarmUp checks the files of warmup once, in memory, and writes their
// JSON report nowhere; it returns how many findings it wrote. The page's
// module calls it before it says it is ready: WebAssembly code runs slower
// the first time (the browser compiles it again, optimised, once it is
// hot), and packages build tables on first use, so the first check
// costs about three times the next (in Node.js, 600 ms of CPU time
// against 170 for examples/vpn, and 170 after a warm-up). The user's first check,
// once the page has loaded, is then as fast as the next.
func WarmUp() (int, error) {
	entries, err := warmup.ReadDir("warmup")
	if err != nil {
		return 0, err
	}
	var files []aovpnlint.File
	for _, e := range entries {
		data, err := warmup.ReadFile("warmup/" + e.Name())
		if err != nil {
			return 0, err
		}
		role := certcheck.RoleUnknown
		if e.Name() == "root.pem" {
			role = certcheck.RoleTrust
		}
		files = append(files, aovpnlint.File{Name: e.Name(), Data: data, Role: role})
	}
	findings, err := aovpnlint.Lint(files, aovpnlint.Options{Warn: certcheck.DefaultWarn})
	if err != nil {
		return 0, err
	}
	return len(findings), report.Write(io.Discard, report.JSON, findings, nil, ReportOptions())
}
