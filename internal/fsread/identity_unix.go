//go:build unix

package fsread

import (
	"fmt"
	"syscall"
)

// Identity returns a key that is the same for every path of one file
// (links followed: a symbolic link, a path spelt with ./ or ../, another
// case on a case-insensitive volume) and differs between files: the
// device and inode numbers here. Only a regular file has one: the error
// is Check's.
func Identity(name string) (string, error) {
	st, err := Check(name)
	if err != nil {
		return "", err
	}
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return fmt.Sprintf("%d:%d", uint64(s.Dev), uint64(s.Ino)), nil
	}
	return absolute(name)
}
