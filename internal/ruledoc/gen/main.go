// Command gen writes docs/rules.md and internal/ruledoc/defined.go (the
// file that defines each rule) from the rule lists and the source; run it
// with `go generate` from the module root.
package main

import (
	"log"
	"os"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/internal/ruledoc"
	"github.com/aovpnlint/aovpnlint/winerr"
)

func main() {
	sources, problems, err := ruledoc.Scan(".")
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range problems {
		log.Print(p)
	}
	if err := os.WriteFile("internal/ruledoc/defined.go", ruledoc.DefinedSource(sources), 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("docs/rules.md", ruledoc.Markdown(aovpnlint.Rules(), winerr.Entries(), sources), 0o644); err != nil {
		log.Fatal(err)
	}
}
