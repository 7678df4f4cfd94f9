package nps_test

import (
	"os"
	"strconv"
	"testing"
)

// TestWriteLargeExport writes the generated export of BenchmarkRead to the
// file named by NPS_EXPORT_OUT, for measuring a whole check
// (scripts/nps-bench.sh); NPS_EXPORT_POLICIES and NPS_EXPORT_CLIENTS
// change its size (800 and 3,500 by default: 6 MB). It is skipped when
// NPS_EXPORT_OUT is not set.
func TestWriteLargeExport(t *testing.T) {
	out := os.Getenv("NPS_EXPORT_OUT")
	if out == "" {
		t.Skip("NPS_EXPORT_OUT is not set")
	}
	count := func(name string, def int) int {
		n, err := strconv.Atoi(os.Getenv(name))
		if err != nil || n <= 0 {
			return def
		}
		return n
	}
	data := largeExport(count("NPS_EXPORT_POLICIES", 800), count("NPS_EXPORT_CLIENTS", 3500))
	if err := os.WriteFile(out, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d bytes", out, len(data))
}
