package aovpnlint

import (
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint/certcheck"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

var testAt = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// The workers stay within the window of the reader when it is bounded,
// and every item is worked on once, in either mode.
func TestSchedulerWindow(t *testing.T) {
	const n = 400
	for _, bounded := range []bool{true, false} {
		var read, ahead atomic.Int64
		var mu sync.Mutex
		worked := make([]int, n)
		s := newScheduler(n, func(i int) checkedUnit {
			mu.Lock()
			worked[i]++
			mu.Unlock()
			if d := int64(i) - read.Load(); d > ahead.Load() {
				ahead.Store(d)
			}
			return checkedUnit{own: []lint.Finding{{Message: string(rune('a' + i%26))}}}
		}, bounded)
		if !s.workers {
			t.Skip("one CPU: the work is done in turn")
		}
		for i := range n {
			if c := s.get(i); c.own[0].Message != string(rune('a'+i%26)) {
				t.Fatalf("item %d has the result of another", i)
			}
			read.Store(int64(i + 1))
			s.done(i)
		}
		s.stop()
		if len(s.results) != 0 {
			t.Errorf("%d results held after every item was let go", len(s.results))
		}
		for i, w := range worked {
			if w != 1 {
				t.Fatalf("bounded %v: item %d worked on %d times", bounded, i, w)
			}
		}
		limit := int64(workers(n) * windowPerWorker)
		if bounded && ahead.Load() > limit {
			t.Errorf("a worker was %d items ahead of the reader; the window is %d", ahead.Load(), limit)
		}
	}
}

// Stopping the reader early (an error from emit) ends the workers.
func TestSchedulerStops(t *testing.T) {
	s := newScheduler(1000, func(int) checkedUnit { return checkedUnit{} }, true)
	s.get(0)
	s.stop() // hangs, and the test times out, if a worker waits for a token
}

// The findings come in the order of lint.Sort — file, line, column,
// rule — over a folder of profiles, EAP configurations and certificates
// without roles, and over the scenario with roles, where certificate
// files named before the profiles get findings from the profiles'
// rules (CERT053); and the same findings are made (messages aside, which
// list certificates in the order given) whether the files are given in
// one order or in the reverse order.
func TestStreamOrder(t *testing.T) {
	var folder []File
	for _, root := range []string{"fixtures", "crosscheck/testdata", "profile/testdata", "certcheck/testdata"} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				folder = append(folder, File{Path: path, Optional: true})
			}
			return nil
		})
	}
	s := "fixtures/scenario/certs/"
	roles := []File{{Path: "fixtures/scenario/profiles/user-tunnel.xml"}, {Path: "crosscheck/testdata/cert053_sstp_internal_crl.xml"},
		{Path: s + "vpn.pem", Role: certcheck.RoleVPN}, {Path: "fixtures/pki/vpn-internal-crl.pem", Role: certcheck.RoleVPN},
		{Path: s + "nps.pem", Role: certcheck.RoleNPS}, {Path: s + "trust.pem", Role: certcheck.RoleTrust}}
	for name, files := range map[string][]File{"folder": folder, "roles": roles} {
		fs, err := Lint(files, Options{Now: testAt, Warn: certcheck.DefaultWarn})
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) < 10 {
			t.Fatalf("%s: %d findings; expected the fixtures' many", name, len(fs))
		}
		for i := 1; i < len(fs); i++ {
			a, b := fs[i-1], fs[i]
			if cmp.Or(cmp.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col), cmp.Compare(a.Rule.ID, b.Rule.ID)) > 0 {
				t.Fatalf("%s: %s comes before %s", name, a, b)
			}
		}
		reversed := slices.Clone(files)
		slices.Reverse(reversed)
		again, err := Lint(reversed, Options{Now: testAt, Warn: certcheck.DefaultWarn})
		if err != nil {
			t.Fatal(err)
		}
		if key := func(fs []lint.Finding) []string {
			var out []string
			for _, f := range fs {
				out = append(out, f.Pos.String()+" "+f.Rule.ID)
			}
			slices.Sort(out)
			return out
		}; !slices.Equal(key(fs), key(again)) {
			t.Errorf("%s: the findings depend on the order the files are given", name)
		}
		if name == "roles" && !slices.ContainsFunc(fs, func(f lint.Finding) bool { return f.Rule.ID == "CERT053" }) {
			t.Errorf("roles: no CERT053, which the profiles' rules report at the certificate")
		}
	}
}

// A document file within keepBytes is read and parsed once: step 1 keeps
// it, step 2 keeps its documents, and step 3 uses both and lets them go.
// The file is removed after step 1 to show that it is not read again; the
// findings are those of a run that keeps nothing, which reads it three
// times.
func TestKeptFilesReadOnce(t *testing.T) {
	s := "fixtures/scenario/"
	data, err := os.ReadFile(s + "profiles/user-tunnel.xml")
	if err != nil {
		t.Fatal(err)
	}
	files := func(profile string) []File {
		return []File{{Path: profile}, {Path: s + "certs/vpn.pem", Role: certcheck.RoleVPN},
			{Path: s + "certs/nps.pem", Role: certcheck.RoleNPS}, {Path: s + "certs/trust.pem", Role: certcheck.RoleTrust},
			{Name: "given.xml", Data: data}}
	}
	opts := Options{Now: testAt, Warn: certcheck.DefaultWarn}
	run := func(t *testing.T, keep int64, remove bool) ([]string, error) {
		defer func(old int64) { keepBytes = old }(keepBytes)
		keepBytes = keep
		profile := filepath.Join(t.TempDir(), "user-tunnel.xml")
		if err := os.WriteFile(profile, data, 0o600); err != nil {
			t.Fatal(err)
		}
		r := newRun(files(profile), opts)
		if err := r.survey(); err != nil {
			t.Fatal(err)
		}
		if remove {
			os.Remove(profile)
		}
		r.certificates()
		for _, e := range r.entries {
			if e.bundle == nil && (e.kept != nil) != (keep > 0) || e.parsed != (e.kept != nil) {
				t.Errorf("keepBytes %d: %s kept %v, parsed %v", keep, e.name, e.kept != nil, e.parsed)
			}
		}
		var out []string
		err := r.check(func(f lint.Finding) error {
			out = append(out, strings.Replace(f.String(), profile, "PROFILE", 1))
			return nil
		})
		for _, e := range r.entries {
			if e.kept != nil || e.docs != nil {
				t.Errorf("keepBytes %d: %s still kept after the check", keep, e.name)
			}
		}
		return out, err
	}
	want, err := run(t, 0, false)
	if err != nil || len(want) < 3 {
		t.Fatalf("keeping nothing: %d findings, %v", len(want), err)
	}
	if _, err := run(t, 0, true); err == nil {
		t.Errorf("keeping nothing, a file removed after step 1 was not read again")
	}
	got, err := run(t, keepBytes, true)
	if err != nil {
		t.Fatalf("a kept file was read again: %v", err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("keeping the files changed the findings:\n%s\nnot\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestParallelHelp checks how parallel shares a small run: the items in
// turn on the caller, until one calls help; then the items not yet taken
// are worked on at once. Item 0 calls help and waits for item 1 to start:
// worked on in turn, item 1 would never start, and the test fails after
// ten seconds.
func TestParallelHelp(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("parallel starts no helper with one CPU")
	}
	var active, most atomic.Int32
	enter := func() {
		n := active.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
	}
	// Without help: one item at a time, in order.
	var order []int
	parallel(5, func(i int, _ func()) {
		enter()
		order = append(order, i)
		active.Add(-1)
	})
	if most.Load() != 1 || !slices.Equal(order, []int{0, 1, 2, 3, 4}) {
		t.Errorf("without help: %d items at once, in the order %v; expected one at a time, in order", most.Load(), order)
	}
	// Item 0 asks for help and waits for item 1.
	started := make(chan struct{})
	var took atomic.Int32
	parallel(3, func(i int, help func()) {
		took.Add(1)
		switch i {
		case 0:
			help()
			select {
			case <-started:
			case <-time.After(10 * time.Second):
				t.Error("item 1 did not start while item 0 waited after asking for help")
			}
		case 1:
			close(started)
		}
	})
	if took.Load() != 3 {
		t.Errorf("%d items were worked on; expected 3", took.Load())
	}
}

// TestHeldForeignBounded checks that findings many documents make alike
// in another file are held as one, keeping the earliest makers (in the
// order of the files given, whatever the order they arrive in) and at
// most wording.MaxListed of them, with related places or without; and
// that the scheduler lets go of a unit's foreign findings once they are
// held.
func TestHeldForeignBounded(t *testing.T) {
	rule := &lint.Rule{ID: "CERT053"}
	for _, related := range []bool{true, false} {
		var h heldForeign
		for from := 99; from >= 0; from-- { // arriving last first
			f := lint.Finding{Rule: rule, Pos: lint.Pos{File: "vpn.pem", Line: 1, Col: 1}, Message: "alike"}
			if related {
				f.Related = []lint.Related{{Pos: lint.Pos{File: fmt.Sprintf("p%02d.xml", from), Line: 3, Col: 1}}}
			}
			h.add(foreign{f: f, from: from})
		}
		if len(h.list) != 1 || len(h.list[0].makers) > wording.MaxListed || h.list[0].makers[0].from != 0 {
			t.Errorf("related %v: %d groups, %d makers kept, the first from entry %d; want 1, at most %d, 0", related, len(h.list), len(h.list[0].makers), h.list[0].makers[0].from, wording.MaxListed)
		}
		fs := h.sorted()
		if len(fs) != 1 || related && (len(fs[0].Related) != wording.MaxListed || fs[0].Related[0].Pos.File != "p00.xml" || fs[0].Related[4].Pos.File != "p04.xml") {
			t.Errorf("related %v: %d findings, related %v; want one, with p00.xml to p04.xml", related, len(fs), fs[0].Related)
		}
	}
	s := newScheduler(1, func(int) checkedUnit {
		return checkedUnit{own: []lint.Finding{{Message: "own"}}, foreign: []foreign{{f: lint.Finding{Message: "foreign"}}}}
	}, false)
	defer s.stop()
	if c := s.get(0); len(c.foreign) != 1 {
		t.Fatalf("the unit has %d foreign findings, want 1", len(c.foreign))
	}
	s.taken(0)
	if c := s.get(0); len(c.foreign) != 0 || len(c.own) != 1 {
		t.Errorf("after taken: %d foreign findings, %d own; want 0 and 1", len(c.foreign), len(c.own))
	}
}
