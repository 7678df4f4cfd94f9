package main

// The harness of the hostile-input suite (issue 9): each case runs the
// real program as a child process, with a deadline, a memory watch and an
// output bound, and the result is judged by what every run must satisfy
// whatever the input:
//
//   - it ends before its deadline, a multiple of a baseline run measured
//     on the same machine (never an absolute time; see clock.deadline);
//   - its peak resident memory (getrusage of the child) stays under
//     hostileMaxRSS, and a watchdog kills it as soon as it passes it;
//   - stdout and stderr together stay under a bound proportional to the
//     input;
//   - the exit code is 0, 1 or 2; no panic or Go runtime error is printed;
//     exit 2 comes with exactly one line on stderr starting "aovpnlint:";
//   - JSON and SARIF output parses, JUnit output is well-formed XML;
//   - no secret planted in the input appears, in any encoding we know of;
//   - text output (stderr always, stdout in the text format, cert show and
//     extract) holds no raw control character (bytes below 0x20 other than
//     \n and \t, and 0x7f) and no line forged by a file name or
//     certificate field.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	// hostileMaxRSS is the peak resident memory a child may reach (issue 9:
	// 512 MiB). The watchdog kills a child as soon as it passes it, so that
	// an unbounded reader cannot take the machine down.
	hostileMaxRSS = 512 << 20
	// baselineFactor: every case may take this many times the baseline run
	// (check of examples/vpn, a normal profile with its certificates).
	baselineFactor = 200
	// linearFactor: a case may also take this many times what its input
	// would cost at the per-byte speed measured on a large benign input
	// (a profile near the element limit), so that the bigger inputs'
	// linear work is allowed whatever the baseline. The deadline is the
	// larger of the two.
	linearFactor = 5
	// outputPerInputByte and outputFloor bound stdout+stderr: four bytes
	// per input byte, plus 1 MiB for what any run may print (the SARIF
	// rule catalogue alone is about 100 KB).
	outputPerInputByte = 4
	outputFloor        = 1 << 20
	// keepOutput is how much of each stream the test keeps for parsing;
	// counting and the byte checks cover the whole stream.
	keepOutput = 32 << 20
	// childParallelism is how many children run at once.
	childParallelism = 2
)

// hostileCase is one run of the program on hostile input.
type hostileCase struct {
	name string
	args []string
	// dir is the working directory of the child; empty for the module
	// root.
	dir string
	// input is the number of bytes the run is given (files named and
	// files in folders), for the deadline and the output bound.
	input int64
	// secrets must not appear in the output (see secretForms).
	secrets []string
	// forged are the starts of lines a file name or certificate field
	// tries to forge: no line of text output may start with one.
	forged []string
	// findingIn: when the run ends with exit 0 or 1 and JSON output, a
	// finding must be positioned in one of these files (no silent pass).
	findingIn []string
	// exitNot lists exit codes that are wrong for this case.
	exitNot []int
	// check asserts what is particular to the case.
	check func(t *testing.T, r *childResult)
}

// format is the --format of the case, or "text".
func (c *hostileCase) format() string {
	for i, a := range c.args {
		if a == "--format" && i+1 < len(c.args) {
			return c.args[i+1]
		}
		if v, ok := strings.CutPrefix(a, "--format="); ok {
			return v
		}
	}
	return "text"
}

// childResult is what a child did.
type childResult struct {
	code           int // -1 when killed
	stdout, stderr *capture
	elapsed        time.Duration
	// maxRSS is the child's peak resident memory from getrusage, in
	// bytes. Linux counts in it the test process's resident memory at the
	// time it started the child (os/exec starts children with vfork), so
	// parentRSS is kept to tell the two apart, and polledRSS is the
	// child's own peak (VmHWM) as last read while it ran.
	maxRSS, parentRSS, polledRSS int64
	input                        int64 // bytes given to the child
	deadline                     time.Duration
	outBound                     int64
	killed                       string // why the harness killed the child, or ""
}

func (r *childResult) String() string {
	rss := fmt.Sprintf("peak RSS %d MiB", r.maxRSS>>20)
	switch {
	case r.maxRSS > r.parentRSS:
	case r.polledRSS > 0:
		rss = fmt.Sprintf("peak RSS %d MiB as polled (getrusage's %d MiB is the test process's)", r.polledRSS>>20, r.maxRSS>>20)
	default:
		rss = fmt.Sprintf("peak RSS at most %d MiB (getrusage, which also counts the test process)", r.maxRSS>>20)
	}
	return fmt.Sprintf("input %d bytes: exit %d in %v (deadline %v), %s, output %d bytes (bound %d)",
		r.input, r.code, r.elapsed.Round(time.Millisecond), r.deadline.Round(time.Millisecond), rss,
		r.stdout.total+r.stderr.total, r.outBound)
}

// capture keeps the start of a stream and looks at every byte of it: it
// counts them, remembers the first raw control characters, and looks for
// the secrets across write boundaries.
// Writes to both streams of a child are serialised by lockedWriter.
type capture struct {
	kept     bytes.Buffer
	total    int64
	shared   *int64 // stdout+stderr, against the bound
	bound    int64
	over     func()
	text     bool     // the stream is text: look for raw control characters
	controls []string // context of the first raw control characters
	forms    []string
	found    []string // secret forms seen
	tail     []byte   // the last bytes, for forms split across writes
	maxForm  int
}

func newCapture(shared *int64, bound int64, over func(), forms []string) *capture {
	c := &capture{shared: shared, bound: bound, over: over, forms: forms}
	for _, f := range forms {
		c.maxForm = max(c.maxForm, len(f))
	}
	return c
}

func (c *capture) Write(p []byte) (int, error) {
	if room := keepOutput - int64(c.kept.Len()); room > 0 {
		c.kept.Write(p[:min(int64(len(p)), room)])
	}
	for i, b := range p {
		if c.text && isRawControl(b) && len(c.controls) < 5 {
			c.controls = append(c.controls, fmt.Sprintf("byte %#02x at offset %d in %q", b, c.total+int64(i), p[max(0, i-40):min(len(p), i+40)]))
		}
	}
	if c.maxForm > 0 {
		window := append(c.tail, p...)
		for _, f := range c.forms {
			if !slices.Contains(c.found, f) && bytes.Contains(window, []byte(f)) {
				c.found = append(c.found, f)
			}
		}
		c.tail = append([]byte{}, window[max(0, len(window)-c.maxForm):]...)
	}
	c.total += int64(len(p))
	if *c.shared += int64(len(p)); *c.shared > c.bound {
		c.over()
	}
	return len(p), nil
}

// isRawControl reports a byte no output may hold raw: C0 controls other
// than line feed and tab, and DEL.
func isRawControl(b byte) bool { return (b < 0x20 && b != '\n' && b != '\t') || b == 0x7f }

// secretForms returns what must never appear for a secret s: each run of
// at least six letters and digits in it (so that an escaped form such as
// &amp; or \u0026 between them does not hide it), and for each run the
// base64 of it at the three byte alignments, without the characters that
// depend on its neighbours.
func secretForms(s string) []string {
	var out []string
	for _, run := range strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		if len(run) < 6 {
			continue
		}
		out = append(out, run)
		for align := 0; align < 3; align++ {
			enc := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("\x00", align) + run))
			if align > 0 {
				enc = enc[4:]
			}
			if enc = enc[:max(0, len(enc)-4)]; len(enc) >= 8 {
				out = append(out, enc)
			}
		}
	}
	return out
}

// The program under test is built once for all the tests of the binary
// that use it, and removed when the last of them ends.
var hostileCLI struct {
	mu    sync.Mutex
	users int
	dir   string
	path  string
}

// cliBinary builds the program (go build ./cmd/aovpnlint, from the module
// root, where TestMain puts the tests) and returns its path.
func cliBinary(t *testing.T) string {
	t.Helper()
	hostileCLI.mu.Lock()
	defer hostileCLI.mu.Unlock()
	if hostileCLI.users == 0 {
		dir, err := os.MkdirTemp("", "aovpnlint-hostile-")
		if err != nil {
			t.Fatal(err)
		}
		gobin, err := exec.LookPath("go")
		if err != nil {
			gobin = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
		}
		path := filepath.Join(dir, "aovpnlint")
		if out, err := exec.Command(gobin, "build", "-o", path, "./cmd/aovpnlint").CombinedOutput(); err != nil {
			os.RemoveAll(dir)
			t.Fatalf("go build ./cmd/aovpnlint: %v\n%s", err, out)
		}
		hostileCLI.dir, hostileCLI.path = dir, path
	}
	hostileCLI.users++
	t.Cleanup(func() {
		hostileCLI.mu.Lock()
		defer hostileCLI.mu.Unlock()
		if hostileCLI.users--; hostileCLI.users == 0 {
			os.RemoveAll(hostileCLI.dir)
		}
	})
	return hostileCLI.path
}

// hostileSlots bounds the children running at once.
var hostileSlots = make(chan struct{}, childParallelism)

// clock holds the measurements every deadline derives from.
type clock struct {
	baseline    time.Duration // median of the baseline runs
	perByte     float64       // seconds per byte of the large benign input
	benignBytes int64
	benignTime  time.Duration
}

var (
	clockOnce sync.Once
	theClock  clock
	clockErr  error
)

// measuredClock measures, once, the baseline (median of five runs of check
// on examples/vpn with its certificates) and the per-byte time of a large
// benign input (median of three runs of check on a profile of about
// 90,000 elements, made by benignLargeProfile). No other child of the
// suite runs meanwhile: every case asks for the clock before a slot.
func measuredClock(t *testing.T, bin string) clock {
	t.Helper()
	clockOnce.Do(func() {
		median := func(args []string, runs int) (time.Duration, error) {
			var times []time.Duration
			for range runs {
				start := time.Now()
				cmd := exec.Command(bin, args...)
				cmd.Env = childEnv()
				out, err := cmd.CombinedOutput()
				times = append(times, time.Since(start))
				if code := cmd.ProcessState.ExitCode(); code != 0 && code != 1 {
					return 0, fmt.Errorf("%v: exit %d: %v\n%.2000s", args, code, err, out)
				}
			}
			slices.Sort(times)
			return times[len(times)/2], nil
		}
		var c clock
		if c.baseline, clockErr = median([]string{"check", "--format", "json", "--at", "2030-01-01T00:00:00Z", "examples/vpn"}, 5); clockErr != nil {
			return
		}
		dir, err := os.MkdirTemp("", "aovpnlint-benign-")
		if err != nil {
			clockErr = err
			return
		}
		defer os.RemoveAll(dir)
		benign := filepath.Join(dir, "benign.xml")
		data, err := benignLargeProfile()
		if err == nil {
			err = os.WriteFile(benign, data, 0o644)
		}
		if err != nil {
			clockErr = err
			return
		}
		if c.benignTime, clockErr = median([]string{"check", "--format", "json", benign}, 3); clockErr != nil {
			return
		}
		c.benignBytes = int64(len(data))
		c.perByte = c.benignTime.Seconds() / float64(len(data))
		theClock = c
	})
	if clockErr != nil {
		t.Fatalf("measuring the baseline: %v", clockErr)
	}
	return theClock
}

// deadline is the larger of baselineFactor baselines and linearFactor
// times the benign per-byte time of input bytes.
func (c clock) deadline(input int64) time.Duration {
	linear := time.Duration(linearFactor * c.perByte * float64(input) * float64(time.Second))
	return max(baselineFactor*c.baseline, linear)
}

// outputBound is the most stdout and stderr may hold together.
func outputBound(input int64) int64 { return outputFloor + outputPerInputByte*input }

// childEnv is the environment of a child: the test's own without anything
// that changes the program's behaviour (AOVPNLINT_PFX_PASSWORD, NO_COLOR).
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "AOVPNLINT_") || strings.HasPrefix(kv, "NO_COLOR=") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// runHostile runs the case as a child process and checks everything every
// run must satisfy, then the case's own check.
func runHostile(t *testing.T, bin string, c hostileCase) *childResult {
	t.Helper()
	clk := measuredClock(t, bin)
	deadline := clk.deadline(c.input)
	if end, ok := t.Deadline(); ok {
		// Never past go test's -timeout, which would end every test at
		// once without saying which case hung.
		deadline = min(deadline, time.Until(end)*9/10)
	}
	hostileSlots <- struct{}{}
	r := runChild(t, bin, c, deadline, outputBound(c.input))
	<-hostileSlots
	t.Logf("%s: %s", c.name, r)
	judge(t, &c, r, clk)
	return r
}

// runChild starts the child in its own process group and kills the group
// at the deadline, when its resident memory passes hostileMaxRSS, or when
// its output passes the bound.
func runChild(t *testing.T, bin string, c hostileCase, deadline time.Duration, bound int64) *childResult {
	t.Helper()
	r := &childResult{input: c.input, deadline: deadline, outBound: bound}
	cmd := exec.Command(bin, c.args...)
	cmd.Dir = c.dir
	cmd.Env = childEnv()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = 10 * time.Second // pipes left open by a killed child
	var (
		mu     sync.Mutex
		done   bool
		shared int64
	)
	kill := func(why string) {
		mu.Lock()
		defer mu.Unlock()
		if done || r.killed != "" {
			return
		}
		r.killed = why
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	var forms []string
	for _, s := range c.secrets {
		forms = append(forms, secretForms(s)...)
	}
	over := func() { go kill(fmt.Sprintf("output passed the bound of %d bytes", bound)) }
	r.stdout = newCapture(&shared, bound, over, forms)
	r.stderr = newCapture(&shared, bound, over, forms)
	// Raw control characters are looked for in text (JSON escapes C0
	// controls itself, and the JUnit XML is parsed, which refuses them).
	r.stdout.text, r.stderr.text = c.format() == "text", true
	cmd.Stdout = lockedWriter{&mu, r.stdout}
	cmd.Stderr = lockedWriter{&mu, r.stderr}
	start := time.Now()
	parentRSS, err := startLean(cmd)
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	if r.parentRSS = parentRSS; parentRSS >= hostileMaxRSS {
		t.Fatalf("the test process had %d MiB resident when it started the child, too much to judge the child's memory", parentRSS>>20)
	}
	timer := time.AfterFunc(deadline, func() { kill(fmt.Sprintf("no exit within the deadline of %v", deadline.Round(time.Millisecond))) })
	stop, watched := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(watched)
		watchRSS(cmd.Process.Pid, stop, kill, &r.polledRSS)
	}()
	err = cmd.Wait()
	mu.Lock()
	done = true
	mu.Unlock()
	r.elapsed = time.Since(start)
	timer.Stop()
	close(stop)
	<-watched
	if cmd.ProcessState == nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	r.code = cmd.ProcessState.ExitCode()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = ru.Maxrss << 10 // KiB on Linux
	}
	return r
}

// lockedWriter serialises the writes of both streams, which share one
// count.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// spawnMu serialises startLean.
var spawnMu sync.Mutex

// startLean starts cmd after returning the test process's free memory to
// the system and resetting its peak resident memory ("5" written to
// /proc/self/clear_refs), so that what getrusage counts of the test
// process in the child's peak stays small. It returns the test process's
// peak resident memory from the reset until the child has started, which
// is what the child's getrusage may count of it.
func startLean(cmd *exec.Cmd) (int64, error) {
	spawnMu.Lock()
	defer spawnMu.Unlock()
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // without it, the parent's peak counts
	err := cmd.Start()
	hwm, _ := procStatus("self")
	return hwm, err
}

// procStatus returns VmHWM and VmRSS of /proc/pid/status, in bytes.
func procStatus(pid string) (hwm, rss int64) {
	data, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 10, 64)
		switch {
		case err != nil:
		case key == "VmHWM":
			hwm = kb << 10
		case key == "VmRSS":
			rss = kb << 10
		}
	}
	return hwm, rss
}

// watchRSS kills the child when its resident memory passes hostileMaxRSS,
// and records its peak as last seen in polled.
func watchRSS(pid int, stop <-chan struct{}, kill func(string), polled *int64) {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		hwm, rss := procStatus(strconv.Itoa(pid))
		if hwm > 0 {
			*polled = hwm
		}
		if rss > hostileMaxRSS {
			kill(fmt.Sprintf("resident memory passed %d MiB (%d MiB)", hostileMaxRSS>>20, rss>>20))
			return
		}
	}
}

// judge reports what verdict finds, then runs the case's own check.
func judge(t *testing.T, c *hostileCase, r *childResult, clk clock) {
	t.Helper()
	for _, p := range verdict(c, r, clk) {
		t.Errorf("%s: %s", c.name, p)
	}
	if c.check != nil && r.killed == "" {
		c.check(t, r)
	}
}

// verdict returns what is wrong with a run: everything every run must
// satisfy (see the top of this file), and c.exitNot and c.findingIn.
func verdict(c *hostileCase, r *childResult, clk clock) []string {
	var problems []string
	report := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if r.killed != "" {
		report("killed: %s (baseline %v, benign %d bytes in %v); %s", r.killed,
			clk.baseline.Round(time.Microsecond), clk.benignBytes, clk.benignTime.Round(time.Millisecond), r)
	}
	if r.maxRSS >= hostileMaxRSS {
		report("peak resident memory %d MiB, want under %d MiB", r.maxRSS>>20, hostileMaxRSS>>20)
	}
	out, errOut := r.stdout.kept.Bytes(), r.stderr.kept.Bytes()
	if total := r.stdout.total + r.stderr.total; total > r.outBound {
		report("printed %d bytes for %d bytes of input, want at most %d", total, c.input, r.outBound)
	}
	var crash []string
	for _, s := range []string{"panic:", "goroutine ", "fatal error:"} {
		if bytes.Contains(out, []byte(s)) || bytes.Contains(errOut, []byte(s)) {
			crash = append(crash, s)
		}
	}
	if len(crash) > 0 {
		report("the output holds %q (a Go panic or runtime error); stderr: %.300q", crash, errOut)
	}
	for _, w := range []*capture{r.stdout, r.stderr} {
		if len(w.found) > 0 {
			report("the output holds the secret (as %q)", w.found)
		}
		if len(w.controls) > 0 {
			report("raw control characters in the output: %s", strings.Join(w.controls, "; "))
		}
	}
	if r.killed != "" {
		return problems // the rest judges output that was cut short
	}
	switch r.code {
	case 0, 1:
	case 2:
		if lines := strings.Split(strings.TrimSuffix(string(errOut), "\n"), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "aovpnlint:") || !bytes.HasSuffix(errOut, []byte("\n")) {
			report("exit 2 with stderr %.300q; want one line starting \"aovpnlint:\"", errOut)
		}
	default:
		report("exit code %d, want 0, 1 or 2", r.code)
	}
	if slices.Contains(c.exitNot, r.code) {
		report("exit %d is wrong here; stderr %.300q", r.code, errOut)
	}
	text := string(errOut)
	if c.format() == "text" {
		text = string(out) + "\n" + text
	}
	for _, line := range strings.Split(text, "\n") {
		for _, f := range c.forged {
			if strings.HasPrefix(line, f) {
				report("a forged line in the output: %q", line)
			}
		}
	}
	if r.code == 0 || r.code == 1 {
		if r.stdout.total > keepOutput {
			report("%d bytes of output, too much to parse", r.stdout.total)
		} else if p := parses(c, out); p != "" {
			problems = append(problems, p)
		}
	}
	return problems
}

// parses says what is wrong with the output of a run that ended with exit
// 0 or 1: JSON and SARIF must parse, JUnit must be well-formed XML, and
// with JSON a finding must be in one of c.findingIn.
func parses(c *hostileCase, out []byte) string {
	switch c.format() {
	case "json":
		var doc struct {
			Findings []struct{ File, Rule string }
		}
		if err := json.Unmarshal(out, &doc); err != nil {
			return fmt.Sprintf("the JSON output does not parse: %v", err)
		}
		if len(c.findingIn) == 0 {
			return ""
		}
		for _, f := range doc.Findings {
			if slices.Contains(c.findingIn, f.File) {
				return ""
			}
		}
		return fmt.Sprintf("no finding in %q (a silent pass); findings: %.600v", c.findingIn, doc.Findings)
	case "sarif":
		var doc struct {
			Version string
			Runs    []json.RawMessage
		}
		if err := json.Unmarshal(out, &doc); err != nil || len(doc.Runs) != 1 {
			return fmt.Sprintf("the SARIF output does not parse (%v) or has %d runs", err, len(doc.Runs))
		}
	case "junit":
		if err := wellFormedXML(out); err != nil {
			return fmt.Sprintf("the JUnit output is not well-formed XML: %v", err)
		}
	}
	return ""
}

// wellFormedXML reads every token of data with encoding/xml, which refuses
// characters XML does not allow (C0 controls, invalid UTF-8).
func wellFormedXML(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	roots := 0
	depth := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 {
		return fmt.Errorf("%d root elements, want 1", roots)
	}
	return nil
}
