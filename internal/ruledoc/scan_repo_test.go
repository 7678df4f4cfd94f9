package ruledoc

import "testing"

// TestRepositoryRuleLists scans this module: every entry of every rule
// list shows its ID, and each ID is defined once.
func TestRepositoryRuleLists(t *testing.T) {
	sources, problems, err := Scan("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	if len(sources) < 80 {
		t.Errorf("found %d rules in the module; the scan is missing some", len(sources))
	}
}

// TestDefinedIsCurrent fails when defined.go no longer says where each
// rule is defined; go generate rewrites it.
func TestDefinedIsCurrent(t *testing.T) {
	sources, _, err := Scan("../..")
	if err != nil {
		t.Fatal(err)
	}
	if string(DefinedSource(sources)) != string(DefinedSource(Defined())) {
		t.Error("internal/ruledoc/defined.go is stale; run go generate . from the module root")
	}
}
