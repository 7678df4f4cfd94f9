// Package web is aovpnlint's browser page: the page itself (web/page),
// the WebAssembly module it runs (web/wasm, doing what package
// web/engine does), and, for `aovpnlint serve`, the built page embedded
// in the command.
//
// The built page is not in the repository (it holds a 13 MB module built
// from the code), so a plain `go build` or `go install` embeds nothing and
// [Files] says how to build it. scripts/build-web.sh builds the page into
// web/dist; `go build -tags webpage ./cmd/aovpnlint` then embeds that
// folder.
package web

import (
	"errors"
	"io/fs"
)

// ErrNotBuilt is returned by [Files] in a binary built without the page.
var ErrNotBuilt = errors.New("this aovpnlint was built without the browser page: run scripts/build-web.sh, then go build -tags webpage ./cmd/aovpnlint (or open web/dist/index.html from disk)")

// page is the built page, set when the binary embeds it.
var page fs.FS

// Files returns the built page (index.html at its root), or ErrNotBuilt.
func Files() (fs.FS, error) {
	if page == nil {
		return nil, ErrNotBuilt
	}
	return page, nil
}
