//go:build !unix && !windows

package fsread

// Identity returns a key for the file name: its absolute path with links
// resolved where the system can (in a browser, the page's own folder of
// dropped files, which has none). Only a regular file has one: the error
// is Check's.
func Identity(name string) (string, error) {
	if _, err := Check(name); err != nil {
		return "", err
	}
	return absolute(name)
}
