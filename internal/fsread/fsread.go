// Package fsread reads files from disk the way every part of aovpnlint must:
// only regular files, and never more than a limit, whatever the file
// system says about the file's size.
//
// A file named on the command line, in a configuration or found in a
// folder may be a FIFO (opening it would block until a writer comes), a
// device such as /dev/zero (endless), or a file in /proc whose size stat
// reports as zero. [File] refuses all of them before opening the file,
// confirms on the open handle that it is still a regular file, and stops
// reading at the limit.
package fsread

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrNotRegular is returned (wrapped) for a path that is not a regular
// file: a directory, FIFO, socket or device.
var ErrNotRegular = errors.New("not a regular file")

// TooLargeError is returned when a file holds more than the limit. Size is
// the size stat reported, or -1 when the file grew past the limit while
// it was read.
type TooLargeError struct {
	Name  string
	Size  int64
	Limit int64
}

func (e *TooLargeError) Error() string {
	if e.Size < 0 {
		return fmt.Sprintf("%s: larger than the limit of %d bytes", e.Name, e.Limit)
	}
	return fmt.Sprintf("%s: %d bytes, over the limit of %d bytes", e.Name, e.Size, e.Limit)
}

// Kind names what a file mode says a path is, for messages: "a directory",
// "a named pipe (FIFO)", "a device".
func Kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	case m.IsRegular():
		return "a regular file"
	}
	return "not a regular file"
}

// Check reports whether name (links followed) is a regular file; the
// error wraps ErrNotRegular and names what the path is instead.
func Check(name string) (fs.FileInfo, error) {
	st, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return st, fmt.Errorf("%s is %s: %w", name, Kind(st.Mode()), ErrNotRegular)
	}
	return st, nil
}

// File reads the regular file name, following links, and returns at most
// limit bytes. It refuses anything that is not a regular file before
// opening it (so a FIFO never blocks), checks the open handle again, and
// returns a *TooLargeError when the file holds more than limit bytes,
// whether stat said so or the reading found it.
func File(name string, limit int64) ([]byte, error) {
	st, err := Check(name)
	if err != nil {
		return nil, err
	}
	if st.Size() > limit {
		return nil, &TooLargeError{Name: name, Size: st.Size(), Limit: limit}
	}
	f, err := Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The path may have been replaced between the two calls.
	if st, err = f.Stat(); err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is %s: %w", name, Kind(st.Mode()), ErrNotRegular)
	}
	return read(name, f, limit, st.Size())
}

// Reader reads r to its end, or returns a *TooLargeError as soon as it
// holds more than limit bytes; it never reads more than limit+1 bytes.
func Reader(name string, r io.Reader, limit int64) ([]byte, error) {
	return read(name, r, limit, 0)
}

// read reads r as Reader does, into a buffer made for size bytes (what
// stat says a file holds), so that a file is read without the copies of
// a buffer grown as it fills; it still grows if r holds more.
func read(name string, r io.Reader, limit, size int64) ([]byte, error) {
	// One byte more than expected, so that the read that finds the end
	// has room and the buffer does not grow for it.
	buf := make([]byte, 0, min(max(size, 511), limit)+1)
	lr := io.LimitReader(r, limit+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
	}
	if int64(len(buf)) > limit {
		return nil, &TooLargeError{Name: name, Size: -1, Limit: limit}
	}
	return buf, nil
}

// absolute is the identity of a file where the system gives no better:
// its absolute, clean path, with symbolic links resolved when they can be.
func absolute(name string) (string, error) {
	if p, err := filepath.EvalSymlinks(name); err == nil {
		name = p
	}
	return filepath.Abs(name)
}
