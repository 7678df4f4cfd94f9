//go:build unix

package fsread

import (
	"io/fs"
	"os"
	"syscall"
)

// Open opens name for reading, as os.Open does, but without the runtime's
// poller: os.Open offers every file to it (on Linux two fcntl calls to
// make the descriptor non-blocking, an epoll_ctl that fails for a regular
// file, two more fcntl calls to undo it, and for the first file the
// poller's own set-up), while a blocking descriptor handed to os.NewFile
// costs one fcntl. Reads of a regular file never wait, so nothing is lost.
// The error is an *fs.PathError, as os.Open's.
func Open(name string) (*os.File, error) {
	for {
		fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return os.NewFile(uintptr(fd), name), nil
	}
}
