//go:build unix

package fsread

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Open reads as os.Open does, fails as it does, and leaves the descriptor
// closed on exec and blocking.
func TestOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.xml")
	if err := os.WriteFile(path, []byte("<VPNProfile/>"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if data, err := io.ReadAll(f); err != nil || string(data) != "<VPNProfile/>" {
		t.Errorf("read %q, %v", data, err)
	}
	fd := f.Fd()
	if flags, _, errno := syscall.Syscall(syscall.SYS_FCNTL, fd, syscall.F_GETFD, 0); errno != 0 || flags&syscall.FD_CLOEXEC == 0 {
		t.Errorf("descriptor flags %#x (%v): not closed on exec", flags, errno)
	}
	if flags, _, errno := syscall.Syscall(syscall.SYS_FCNTL, fd, syscall.F_GETFL, 0); errno != 0 || flags&syscall.O_NONBLOCK != 0 {
		t.Errorf("status flags %#x (%v): non-blocking", flags, errno)
	}
	missing := filepath.Join(t.TempDir(), "missing.xml")
	_, err = Open(missing)
	_, want := os.Open(missing)
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Op != "open" || !errors.Is(err, fs.ErrNotExist) || err.Error() != want.Error() {
		t.Errorf("missing file: %v, os.Open says %v", err, want)
	}
}
