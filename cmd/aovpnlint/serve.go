package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/aovpnlint/aovpnlint/web"
	"github.com/urfave/cli/v2"
)

func serveCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "serve the browser page, which runs the checks in the browser: nothing is uploaded",
		Description: `Serves the aovpnlint page from the files embedded in this binary and prints its
URL. The page runs aovpnlint compiled to WebAssembly: the files dropped on it are read
by the browser and never sent anywhere; the page makes no request once loaded, and its
Content-Security-Policy forbids it to connect anywhere.

The page is embedded when aovpnlint is built with -tags webpage after
scripts/build-web.sh has built it; without it, serve says so and exits 2. The folder
the script builds can also be opened from disk (index.html) or put on any static host.

Only a loopback address is listened on, unless --allow-remote is given.

EXAMPLES:
   aovpnlint serve
   aovpnlint serve --listen 127.0.0.1:9000
   aovpnlint serve --listen 0.0.0.0:8080 --allow-remote

EXIT CODES:
   0  the server stopped without an error (it serves until interrupted: Ctrl+C ends it)
   2  bad usage, an address that cannot be listened on, or a build without the page`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "listen", Value: "127.0.0.1:8080", Usage: "the address and port to listen on (port 0 picks a free one)"},
			&cli.BoolFlag{Name: "allow-remote", Usage: "allow an address other machines can reach (the page still uploads nothing)"},
		},
		Action: func(c *cli.Context) error { return serve(c, e) },
	}
}

func serve(c *cli.Context, e *env) error {
	if c.NArg() > 0 {
		return usagef("serve takes no FILE; drop the files on the page")
	}
	addr := c.String("listen")
	if err := listenable(addr, c.Bool("allow-remote")); err != nil {
		return err
	}
	page, err := web.Files()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("--listen %s: %w", addr, err)
	}
	return servePage(ln, page, e.stdout, nil)
}

// listenable reports why addr may not be listened on: it is not host:port,
// or its host is not a loopback address (an IP address of the loopback
// network, or localhost) and remote is not allowed.
func listenable(addr string, remote bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("--listen %q: expected host:port, such as 127.0.0.1:8080", addr)
	}
	if remote {
		return nil
	}
	if ip, err := netip.ParseAddr(host); err == nil && ip.IsLoopback() || strings.EqualFold(host, "localhost") {
		return nil
	}
	return usagef("--listen %q: not a loopback address, so other machines could reach the page; give --allow-remote to allow it", addr)
}

// servePage serves the page on ln until stop is closed (never, when it is
// nil) or the listener fails, after writing the page's URL to out.
func servePage(ln net.Listener, page fs.FS, out io.Writer, stop <-chan struct{}) error {
	fmt.Fprintf(out, "serving the aovpnlint page at http://%s/ (the checks run in the browser; stop with Ctrl+C)\n", ln.Addr())
	srv := &http.Server{Handler: pageHandler(page), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 30 * time.Second, WriteTimeout: 5 * time.Minute, IdleTimeout: time.Minute}
	if stop != nil {
		go func() {
			<-stop
			srv.Close()
		}()
	}
	err := srv.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// pagePolicy is the Content-Security-Policy of the page, the same as the
// one web/page/index.html declares (a test keeps them equal), with what
// only a header can say: that no other page may frame it.
const pagePolicy = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src data:; connect-src 'none'; font-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; manifest-src 'none'; base-uri 'none'; form-action 'none'" +
	"; frame-ancestors 'none'"

// pageHandler serves the files of page, GET and HEAD only, with headers
// that keep the page from connecting anywhere, from being framed and from
// having its files read as another type.
func pageHandler(page fs.FS) http.Handler {
	files := http.FileServerFS(page)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", pagePolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Cache-Control", "no-cache")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "only GET and HEAD", http.StatusMethodNotAllowed)
			return
		}
		files.ServeHTTP(w, r)
	})
}
