package fsread

import (
	"fmt"
	"syscall"
)

// Identity returns a key that is the same for every path of one file
// (links followed, any case) and differs between files: the volume's
// serial number and the file's index, as os.SameFile compares them. Only
// a regular file has one: the error is Check's.
func Identity(name string) (string, error) {
	if _, err := Check(name); err != nil {
		return "", err
	}
	f, err := Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var d syscall.ByHandleFileInformation
	if err := syscall.GetFileInformationByHandle(syscall.Handle(f.Fd()), &d); err != nil {
		return absolute(name)
	}
	return fmt.Sprintf("%d:%d:%d", d.VolumeSerialNumber, d.FileIndexHigh, d.FileIndexLow), nil
}
