//go:build webpage

package web

import (
	"embed"
	"io/fs"
)

// dist is the page as scripts/build-web.sh builds it, embedded when the
// binary is built with -tags webpage (the folder must exist then).
//
//go:embed dist
var dist embed.FS

func init() {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err)
	}
	page = sub
}
