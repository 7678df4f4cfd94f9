package profile_test

import (
	"testing"
	"time"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/internal/linttest"
	"github.com/aovpnlint/aovpnlint/lint"
)

// at is the fixed evaluation time of every fixture test.
var at = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func TestFixtures(t *testing.T) {
	linttest.Run(t, "testdata", func(name string, data []byte) []lint.Finding {
		return aovpnlint.CheckBytes(name, data, aovpnlint.Options{Now: at})
	})
}
