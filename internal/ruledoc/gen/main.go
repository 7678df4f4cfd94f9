// Command gen writes docs/rules.md from the rule lists; run it with
// `go generate` from the module root.
package main

import (
	"log"
	"os"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/internal/ruledoc"
	"github.com/aovpnlint/aovpnlint/winerr"
)

func main() {
	if err := os.WriteFile("docs/rules.md", ruledoc.Markdown(aovpnlint.Rules(), winerr.Entries()), 0o644); err != nil {
		log.Fatal(err)
	}
}
