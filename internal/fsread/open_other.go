//go:build !unix

package fsread

import "os"

// Open opens name for reading: os.Open (see the Unix version).
func Open(name string) (*os.File, error) { return os.Open(name) }
