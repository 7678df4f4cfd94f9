package main

import (
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/aovpnlint/aovpnlint/web"
)

// TestServeUsage: serve listens on a loopback address only, unless
// --allow-remote is given, takes no file, and says in one line how to
// build the page when the binary has none.
func TestServeUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--listen", "0.0.0.0:0"}, "not a loopback address"},
		{[]string{"serve", "--listen", ":8080"}, "not a loopback address"},
		{[]string{"serve", "--listen", "vpn.example.com:80"}, "not a loopback address"},
		{[]string{"serve", "--listen", "8080"}, "expected host:port"},
		{[]string{"serve", "profile.xml"}, "takes no FILE"},
	} {
		r := runCLI(t, "", nil, c.args...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, %q; expected exit 2 and one line saying %q", c.args, r.code, r.stderr, c.want)
		}
	}
	if _, err := web.Files(); err == nil {
		t.Skip("this binary embeds the page")
	}
	for _, args := range [][]string{{"serve"}, {"serve", "--listen", "[::1]:0"}, {"serve", "--listen", "localhost:0"}, {"serve", "--listen", "0.0.0.0:0", "--allow-remote"}} {
		r := runCLI(t, "", nil, args...)
		if r.code != 2 || !strings.Contains(r.stderr, "scripts/build-web.sh") || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%v without the page: exit %d, %q; expected exit 2 and one line saying how to build it", args, r.code, r.stderr)
		}
	}
}

// TestServePage serves a page on a free loopback port: it prints the URL,
// serves the files with the page's policy, and refuses other methods.
func TestServePage(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skipf("no loopback listener here: %v", err)
	}
	// Under unshare -n (.ci/run) the loopback interface is down: a port
	// can be bound but not reached.
	if c, err := net.Dial("tcp", ln.Addr().String()); err != nil {
		ln.Close()
		t.Skipf("the loopback network is down here: %v", err)
	} else {
		c.Close()
	}
	page := fstest.MapFS{
		"index.html":        {Data: []byte("<!doctype html><title>page</title>")},
		"aovpnlint.wasm.js": {Data: []byte("globalThis.aovpnlintWasm = '';")},
	}
	var out strings.Builder
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	var serveErr error
	go func() {
		defer wg.Done()
		serveErr = servePage(ln, page, &out, stop)
	}()
	defer func() {
		close(stop)
		wg.Wait()
		if serveErr != nil {
			t.Errorf("servePage: %v", serveErr)
		}
	}()
	base := "http://" + ln.Addr().String() + "/"
	get := func(method, path string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}
	resp, body := get("GET", "")
	if resp.StatusCode != 200 || !strings.Contains(body, "<title>page</title>") {
		t.Errorf("GET /: %d %q", resp.StatusCode, body)
	}
	for k, v := range map[string]string{"Content-Security-Policy": pagePolicy, "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"} {
		if got := resp.Header.Get(k); got != v {
			t.Errorf("%s: %q; expected %q", k, got, v)
		}
	}
	if resp, _ := get("GET", "aovpnlint.wasm.js"); !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") {
		t.Errorf("the module is served as %q", resp.Header.Get("Content-Type"))
	}
	if resp, _ := get("POST", ""); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /: %d; expected 405", resp.StatusCode)
	}
	if resp, _ := get("GET", "nothing.js"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET of a missing file: %d", resp.StatusCode)
	}
	if !strings.Contains(out.String(), base) {
		t.Errorf("printed %q; expected the URL %s", out.String(), base)
	}
}

// TestServePolicyIsThePages: the policy serve sends is the one the page
// declares, with frame-ancestors, which only a header can carry.
func TestServePolicyIsThePages(t *testing.T) {
	html, err := os.ReadFile("web/page/index.html")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`http-equiv="Content-Security-Policy" content="([^"]+)"`).FindSubmatch(html)
	if m == nil {
		t.Fatal("web/page/index.html declares no Content-Security-Policy")
	}
	if want := string(m[1]) + "; frame-ancestors 'none'"; pagePolicy != want {
		t.Errorf("serve sends\n%s\nthe page declares\n%s", pagePolicy, want)
	}
	for _, d := range []string{"default-src 'none'", "connect-src 'none'"} {
		if !strings.Contains(pagePolicy, d) {
			t.Errorf("the policy lacks %s", d)
		}
	}
}
