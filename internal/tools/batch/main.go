// Command batch measures one aovpnlint run over many profiles: it fills a
// temporary folder with N copies of the profile fixtures and the shared
// corpus (round robin), runs `aovpnlint check --fail-on none --format json
// --output FILE DIR` on it -runs times, and prints the median wall time,
// the CPU time and the peak resident memory of the process.
// scripts/batch.sh uses it.
//
//	batch -bin ./aovpnlint -n 100,1000,10000 -runs 5
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	bin := flag.String("bin", "aovpnlint", "the aovpnlint binary")
	sizes := flag.String("n", "100,1000,10000", "numbers of profiles, comma-separated")
	runs := flag.Int("runs", 5, "runs of each size (the median is reported)")
	flag.Parse()
	var sources []string
	for _, pattern := range []string{"../shared/corpus/*.xml", "profile/testdata/*.xml", "eapxml/testdata/*.xml", "fixtures/profiles/*.xml"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			sources = append(sources, f)
		}
	}
	if len(sources) == 0 {
		fail(fmt.Errorf("no profile fixtures found: run from the module root"))
	}
	fmt.Printf("%d source profiles; %d runs per size\n", len(sources), *runs)
	fmt.Printf("%8s %10s %12s %12s %12s\n", "profiles", "bytes", "wall (med)", "CPU (med)", "peak RSS")
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(s)
		if err != nil {
			fail(err)
		}
		dir, err := os.MkdirTemp("", "aovpnlint-batch")
		if err != nil {
			fail(err)
		}
		var total int64
		for i := range n {
			data, err := os.ReadFile(sources[i%len(sources)])
			if err != nil {
				fail(err)
			}
			total += int64(len(data))
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("p%05d-%s", i, filepath.Base(sources[i%len(sources)]))), data, 0o644); err != nil {
				fail(err)
			}
		}
		var walls, cpus []time.Duration
		var rss []int64
		for range *runs {
			cmd := exec.Command(*bin, "check", "--fail-on", "none", "--format", "json", "--output", filepath.Join(dir, "..", filepath.Base(dir)+".json"), dir)
			start := time.Now()
			if out, err := cmd.CombinedOutput(); err != nil {
				fail(fmt.Errorf("%v: %s", err, out))
			}
			walls = append(walls, time.Since(start))
			cpus = append(cpus, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				rss = append(rss, ru.Maxrss) // kilobytes on Linux
			}
		}
		os.Remove(filepath.Join(dir, "..", filepath.Base(dir)+".json"))
		os.RemoveAll(dir)
		fmt.Printf("%8d %10d %10.3f s %10.3f s %9.1f MiB\n", n, total, med(walls).Seconds(), med(cpus).Seconds(), float64(slices.Max(rss))/1024)
	}
}

func med(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "batch:", err)
	os.Exit(2)
}
