package crosscheck_test

import (
	"testing"

	"github.com/aovpnlint/aovpnlint/internal/linttest"
)

func TestFixtures(t *testing.T) {
	linttest.Run(t, "testdata", linttest.CheckAll)
}
