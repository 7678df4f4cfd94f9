package engine

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// nodeJob is a call of the WebAssembly module's API in web/test/node-run.js.
type nodeJob struct {
	Files  map[string]string `json:"files"` // name -> path on disk
	Method string            `json:"method"`
	Arg    string            `json:"arg"`
}

type nodeAnswer struct {
	OK    *string `json:"ok"`
	Error string  `json:"error"`
	Usage bool    `json:"usage"`
}

// runModule runs the jobs in the WebAssembly module of the page in dist,
// in Node.js, and returns the answers.
func runModule(t *testing.T, dist string, jobs []nodeJob) []nodeAnswer {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("AOVPNLINT_WEB_DIST is set but node is not found: %v", err)
	}
	file := filepath.Join(t.TempDir(), "jobs.json")
	data, _ := json.Marshal(jobs)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, filepath.Join(root, "web", "test", "node-run.js"), dist, file)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node-run.js: %v\n%s", err, stderr.Bytes())
	}
	var out []nodeAnswer
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil || len(out) != len(jobs) {
		t.Fatalf("node-run.js answered %d of %d jobs (%v):\n%.2000s\n%.2000s", len(out), len(jobs), err, stdout.Bytes(), stderr.Bytes())
	}
	return out
}

// TestModuleMatchesCLI runs the page's WebAssembly module, built by
// scripts/build-web.sh into AOVPNLINT_WEB_DIST, in Node.js with the page's
// own file system (vfs.js) holding the files of each case, and compares
// what it answers with the command line (its JSON and SARIF reports, byte
// for byte) and with this package run natively (the source views and
// explanations). .ci/run builds the page and sets AOVPNLINT_WEB_DIST; a
// plain go test skips this test.
func TestModuleMatchesCLI(t *testing.T) {
	dist := os.Getenv("AOVPNLINT_WEB_DIST")
	if dist == "" {
		t.Skip("set AOVPNLINT_WEB_DIST to a folder built by scripts/build-web.sh to run the WebAssembly module in Node.js (.ci/run does)")
	}
	dist, _ = filepath.Abs(dist)
	// go test caches a result with the files the test opened: opening the
	// page's files here makes a new build of the page run the test again.
	for _, name := range []string{"vfs.js", "wasm_exec.js", "boot.js", "aovpnlint.wasm.js", filepath.Join(root, "web", "test", "node-run.js")} {
		if _, err := os.ReadFile(filepath.Join(dist, name)); err != nil && !filepath.IsAbs(name) {
			t.Fatalf("%v (build the page with scripts/build-web.sh)", err)
		} else if filepath.IsAbs(name) {
			if _, err := os.ReadFile(name); err != nil {
				t.Fatal(err)
			}
		}
	}
	type laid struct {
		c     parityCase
		dir   string
		files []File
		first int // index of its check job
	}
	var cases []laid
	var jobs []nodeJob
	for _, c := range parityCases {
		dir := t.TempDir()
		files := c.lay(t, dir)
		onDisk := map[string]string{}
		for _, f := range files {
			onDisk[f.Name] = filepath.Join(dir, filepath.FromSlash(f.Name))
		}
		req, _ := json.Marshal(map[string]any{"files": files, "settings": c.settings})
		cases = append(cases, laid{c, dir, files, len(jobs)})
		jobs = append(jobs, nodeJob{Files: onDisk, Method: "check", Arg: string(req)}, nodeJob{Files: onDisk, Method: "sarif"})
		for _, f := range files {
			jobs = append(jobs, nodeJob{Files: onDisk, Method: "source", Arg: f.Name})
		}
	}
	queries := []string{"13801", "0x800B0109", "-2146762487", "VPN041", "no such host", "13801 812", "nothing matches this"}
	explainAt := len(jobs)
	for _, q := range queries {
		jobs = append(jobs, nodeJob{Method: "explain", Arg: q})
	}
	badAt := len(jobs)
	jobs = append(jobs, nodeJob{Method: "check", Arg: `{"files":[{"name":"a.xml"}],"settings":{"at":"yesterday"}}`})
	answers := runModule(t, dist, jobs)

	for _, l := range cases {
		t.Run(l.c.name, func(t *testing.T) {
			check, sarif := answers[l.first], answers[l.first+1]
			if check.OK == nil || sarif.OK == nil {
				t.Fatalf("the module failed: %s %s", check.Error, sarif.Error)
			}
			var res Result
			var sarifText string
			if err := json.Unmarshal([]byte(*check.OK), &res); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(*sarif.OK), &sarifText); err != nil {
				t.Fatal(err)
			}
			when, err := time.Parse(time.RFC3339Nano, res.At)
			if err != nil {
				t.Fatal(err)
			}
			checked := onlyChecked(l.files, res.Checked)
			if want := runCLI(t, l.dir, "json", checked, l.c.folders, l.c.settings, when); res.JSON != want {
				t.Errorf("the module's JSON report differs from the command line's:\n%s", diff(res.JSON, want))
			}
			if want := runCLI(t, l.dir, "sarif", checked, l.c.folders, l.c.settings, when); sarifText != want {
				t.Errorf("the module's SARIF report differs from the command line's:\n%s", diff(sarifText, want))
			}
			if want := Command(checked, l.c.settings, when); res.Command != want {
				t.Errorf("the module names the command\n%s\nexpected\n%s", res.Command, want)
			}
			t.Chdir(l.dir)
			for i, f := range l.files {
				a := answers[l.first+2+i]
				if a.OK == nil {
					t.Errorf("source of %s: %s", f.Name, a.Error)
					continue
				}
				v, err := Source(f.Name)
				if err != nil {
					t.Fatal(err)
				}
				want, _ := json.Marshal(v)
				if *a.OK != string(want) {
					t.Errorf("the module's source view of %s differs from Source's:\n%.300s\nexpected\n%.300s", f.Name, *a.OK, want)
				}
			}
		})
	}
	for i, q := range queries {
		a := answers[explainAt+i]
		want, _ := json.Marshal(Explain(q))
		if a.OK == nil || *a.OK != string(want) {
			t.Errorf("the module explains %q otherwise than Explain: %v %s", q, a.OK, a.Error)
		}
	}
	if a := answers[badAt]; a.OK != nil || !a.Usage || !strings.Contains(a.Error, `--at "yesterday"`) {
		t.Errorf("a bad time is answered %+v; expected the command line's usage error", a)
	}
}
