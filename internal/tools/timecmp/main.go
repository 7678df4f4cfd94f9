// Command timecmp times two commands as whole processes, alternating them
// -n times (after -warmup runs of each), and prints each one's median,
// minimum and maximum wall time, the ratio of the medians (first /
// second) and the median of the rounds' ratios (each round runs both
// commands, in turn first), and the ratio of the medians of the CPU time
// the processes used.
// scripts/compare-openssl.sh uses it.
//
//	timecmp -n 31 -a 'aovpnlint check ...' -b 'openssl verify ...'
//
// Commands are split on spaces (no quoting). Their output is discarded;
// a command that fails stops the comparison.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

func main() {
	n := flag.Int("n", 31, "timed runs of each command, alternating")
	warmup := flag.Int("warmup", 3, "untimed runs of each command first")
	a := flag.String("a", "", "first command")
	b := flag.String("b", "", "second command")
	allowA := flag.Int("exit-a", 0, "exit status expected of the first command")
	flag.Parse()
	if *a == "" || *b == "" || *n < 1 {
		flag.Usage()
		os.Exit(2)
	}
	var cpuA, cpuB []time.Duration
	run := func(cmd string, want int) time.Duration {
		args := strings.Fields(cmd)
		c := exec.Command(args[0], args[1:]...)
		start := time.Now()
		err := c.Run()
		d := time.Since(start)
		if c.ProcessState != nil {
			cpu := c.ProcessState.UserTime() + c.ProcessState.SystemTime()
			if cmd == *a {
				cpuA = append(cpuA, cpu)
			} else {
				cpuB = append(cpuB, cpu)
			}
		}
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			fmt.Fprintln(os.Stderr, "timecmp:", err)
			os.Exit(2)
		}
		if code != want {
			fmt.Fprintf(os.Stderr, "timecmp: %s exited %d, expected %d\n", cmd, code, want)
			os.Exit(2)
		}
		return d
	}
	for range *warmup {
		run(*a, *allowA)
		run(*b, 0)
	}
	var ta, tb []time.Duration
	for i := range *n {
		if i%2 == 0 { // alternate which goes first
			ta = append(ta, run(*a, *allowA))
			tb = append(tb, run(*b, 0))
		} else {
			tb = append(tb, run(*b, 0))
			ta = append(ta, run(*a, *allowA))
		}
	}
	ma, mb := median(ta), median(tb)
	fmt.Printf("A  median %7.2f ms  min %7.2f  max %7.2f  (%d runs)  %s\n", ms(ma), ms(slices.Min(ta)), ms(slices.Max(ta)), len(ta), *a)
	fmt.Printf("B  median %7.2f ms  min %7.2f  max %7.2f  (%d runs)  %s\n", ms(mb), ms(slices.Min(tb)), ms(slices.Max(tb)), len(tb), *b)
	fmt.Printf("ratio of medians A/B: %.3f\n", float64(ma)/float64(mb))
	fmt.Printf("median of per-round ratios A/B: %.3f\n", roundRatio(ta, tb))
	fmt.Printf("CPU time (user+system) medians: A %.2f ms, B %.2f ms, ratio %.3f\n", ms(median(cpuA)), ms(median(cpuB)), float64(median(cpuA))/float64(median(cpuB)))
}

// roundRatio is the median of a[i]/b[i], the ratios of the rounds.
func roundRatio(a, b []time.Duration) float64 {
	r := make([]float64, len(a))
	for i := range a {
		r[i] = float64(a[i]) / float64(b[i])
	}
	slices.Sort(r)
	return r[len(r)/2]
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
