package testfiles

import (
	"os"
	"path/filepath"
	"testing"
)

// Read keeps the regular files within the size, in the patterns' order,
// and leaves out larger files and directories.
func TestRead(t *testing.T) {
	dir := t.TempDir()
	for name, size := range map[string]int{"a.xml": 3, "b.xml": 10, "c.txt": 2} {
		if err := os.WriteFile(filepath.Join(dir, name), make([]byte, size), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "d.xml"), 0o700); err != nil {
		t.Fatal(err)
	}
	got := Read(t, 5, filepath.Join(dir, "*.txt"), filepath.Join(dir, "*.xml"))
	if len(got) != 2 || filepath.Base(got[0].Path) != "c.txt" || filepath.Base(got[1].Path) != "a.xml" || len(got[1].Data) != 3 {
		t.Errorf("Read gave %v; want c.txt then a.xml, without b.xml (10 bytes) and the folder d.xml", got)
	}
	if data := Data(t, 100, filepath.Join(dir, "b.xml")); len(data) != 1 || len(data[0]) != 10 {
		t.Errorf("Data gave %d files", len(data))
	}
}
