package fsread

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

func TestFile(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.xml")
	os.WriteFile(small, []byte("<VPNProfile/>"), 0o644)
	if data, err := File(small, 100); err != nil || string(data) != "<VPNProfile/>" {
		t.Errorf("small file: %q, %v", data, err)
	}
	var tl *TooLargeError
	if _, err := File(small, 5); !errors.As(err, &tl) || tl.Size != 13 {
		t.Errorf("over the limit by stat: %v", err)
	}
	if _, err := File(dir, 100); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "a directory") {
		t.Errorf("directory: %v", err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFO here:", err)
	}
	// Opening a FIFO for reading would block until a writer opens it: the
	// test would hang if File opened it.
	if _, err := File(fifo, 100); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "FIFO") {
		t.Errorf("FIFO: %v", err)
	}
	link := filepath.Join(dir, "zero")
	if err := os.Symlink("/dev/zero", link); err == nil {
		if _, err := File(link, 100); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "a device") {
			t.Errorf("link to /dev/zero: %v", err)
		}
	}
}

func TestReaderStopsAtTheLimit(t *testing.T) {
	// An endless reader: the limit, not the end, stops the read.
	_, err := Reader("endless", endless{}, 1<<20)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Size != -1 {
		t.Fatalf("endless reader: %v", err)
	}
	if data, err := Reader("short", strings.NewReader("abc"), 3); err != nil || string(data) != "abc" {
		t.Errorf("at the limit exactly: %q, %v", data, err)
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) { return len(p), nil }

// TestFileReadOnce checks that a regular file is read into a buffer of its
// size: no more than its bytes and a little are allocated, where a buffer
// grown as it fills allocates about twice as much in copies.
func TestFileReadOnce(t *testing.T) {
	name := filepath.Join(t.TempDir(), "big")
	data := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	if err := os.WriteFile(name, data, 0o600); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	got, err := File(name, 10<<20)
	runtime.ReadMemStats(&after)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read %d bytes, %v", len(got), err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(len(data))+64<<10 {
		t.Errorf("%d bytes allocated to read a file of %d", alloc, len(data))
	}
}
