package aovpnlint_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint"
	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/lint"
)

// corpusDir holds real profiles from public repositories, beside this
// repository (see ../shared/corpus/README.md).
const corpusDir = "../shared/corpus"

// must is a finding a corpus file has to produce: the rule, its severity,
// and the lines accepted (the element's start tag line, with alternatives
// the corpus README allows; 0 accepts any line). A finding anywhere inside
// the element starting at an accepted line counts.
type must struct {
	rule  string
	sev   lint.Severity
	lines []int
}

// corpusCase is the contract of ../shared/corpus/README.md for one file.
type corpusCase struct {
	must    []must
	mustNot []string
	// exit1 is true for the files that exit with status 1 under the
	// default --fail-on error; every other file has no error finding.
	exit1 bool
}

var corpus = map[string]corpusCase{
	"hicks-ProfileXML_Device.xml": {
		mustNot: []string{"IN001", "VPN002", "VPN005", "VPN010", "VPN011", "VPN020", "VPN023", "VPN030", "VPN031", "VPN052", "VPN070"},
	},
	"hicks-ProfileXML_Entra_ConditionalAccess.xml": {
		must:    []must{{"VPN024", lint.Warning, []int{104}}},
		mustNot: []string{"IN001", "VPN005", "VPN011", "VPN020", "VPN040", "VPN041", "VPN042", "EAP001", "EAP002", "EAP003", "EAP004", "EAP011", "EAP012", "EAP017", "EAP018", "EAP020", "EAP021", "EAP022", "EAP030", "VPN070"},
	},
	"hicks-ProfileXML_Fortinet.xml": {
		mustNot: []string{"IN001", "VPN001", "VPN002", "VPN010", "VPN011"},
	},
	"hicks-ProfileXML_LockDown.xml": {
		mustNot: []string{"IN001", "VPN002", "VPN005", "VPN010", "VPN011", "VPN030", "VPN032"},
	},
	"hicks-ProfileXML_PaloAlto.xml": {
		must:    []must{{"VPN024", lint.Warning, []int{29}}},
		mustNot: []string{"IN001", "VPN002", "VPN010", "VPN011", "VPN060"},
	},
	"hicks-ProfileXML_User.xml": {
		must: []must{
			{"VPN011", lint.Error, []int{33, 32, 29}},
			{"VPN012", lint.Warning, []int{27}},
			{"VPN025", lint.Warning, []int{13}},
			{"VPN024", lint.Warning, []int{64}},
		},
		mustNot: []string{"IN001", "VPN005", "VPN010", "VPN020", "VPN023", "VPN052", "VPN063", "EAP001"},
		exit1:   true,
	},
	"fredlarts-VPN_Profile.xml": {
		must:    []must{{"IN003", lint.Info, []int{0}}, {"IN001", lint.Error, []int{120}}},
		mustNot: []string{"IN002"},
		exit1:   true,
	},
	"fredlarts-VPN_Profile_NonAuto.xml": {
		must: []must{
			{"IN003", lint.Info, []int{0}},
			{"VPN012", lint.Warning, []int{5}},
			{"VPN021", lint.Warning, []int{14}},
			{"EAP013", lint.Warning, []int{10}},
			{"EAP017", lint.Info, []int{10}},
			{"EAP018", lint.Info, []int{10}},
		},
		mustNot: []string{"IN001", "VPN005", "VPN006", "VPN010", "VPN011", "VPN020", "EAP001", "EAP002", "EAP003", "EAP004", "EAP010", "EAP011", "EAP012", "EAP014", "EAP030", "VPN070"},
	},
	"fredlarts-eapconfig_Manually.xml": {
		must: []must{
			{"EAP013", lint.Warning, []int{1}},
			{"EAP017", lint.Info, []int{1}},
			{"EAP018", lint.Info, []int{1}},
		},
		mustNot: []string{"IN001", "IN002", "VPN001", "VPN002", "EAP001", "EAP002", "EAP003", "EAP004", "EAP011", "EAP012"},
	},
	"leiqos-device.xml": {
		must:    []must{{"VPN031", lint.Warning, []int{23}}},
		mustNot: []string{"IN001", "VPN004", "VPN010", "VPN011", "VPN030"},
	},
	"leiqos-user.xml": {
		must:    []must{{"IN003", lint.Info, []int{0}}, {"VPN004", lint.Warning, []int{68}}},
		mustNot: []string{"IN001", "VPN005", "VPN010", "VPN011", "VPN020", "EAP001", "EAP002", "EAP003", "EAP011", "EAP012", "EAP020", "EAP021", "EAP022", "EAP030", "VPN070"},
	},
	"newera-device.xml": {
		mustNot: []string{"IN001", "VPN005", "VPN010", "VPN011", "VPN020", "VPN023", "VPN030", "VPN031"},
	},
	"newera-user-eap.xml": {
		must:    []must{{"EAP014", lint.Warning, []int{41}}},
		mustNot: []string{"IN001", "VPN005", "VPN010", "VPN011", "VPN020", "VPN023", "VPN030", "VPN040", "VPN041", "EAP001", "EAP002", "EAP003", "EAP010", "EAP011", "EAP012", "EAP020", "EAP021", "EAP022", "EAP030", "VPN070"},
	},
	"frydrychm-ProfileXML_Device.xml": {
		must:    []must{{"VPN031", lint.Warning, []int{10}}},
		mustNot: []string{"IN001", "VPN004", "VPN010", "VPN011", "VPN020", "VPN030"},
	},
	"frydrychm-ProfileXML_User.xml": {
		must: []must{
			{"VPN011", lint.Error, []int{20, 19, 18}},
			{"VPN012", lint.Warning, []int{16}},
			{"VPN024", lint.Warning, []int{47}},
		},
		mustNot: []string{"IN001", "VPN005", "VPN010", "VPN020", "EAP001"},
		exit1:   true,
	},
	"frydrychm-ProfileXML_PaloAlto.xml": {
		must:    []must{{"VPN024", lint.Warning, []int{29}}},
		mustNot: []string{"IN001", "VPN002", "VPN010", "VPN011", "VPN060"},
	},
	"jjschaeffer-VPN_Profile.xml": {
		must: []must{
			{"IN003", lint.Info, []int{0}},
			{"VPN021", lint.Warning, []int{15}},
			{"EAP017", lint.Info, []int{11}},
		},
		mustNot: []string{"IN001", "VPN005", "VPN010", "VPN011", "EAP001", "EAP002", "EAP003", "EAP004", "EAP011", "EAP012", "EAP018", "EAP021", "EAP022", "EAP030", "VPN070"},
	},
}

// certificateRules can fire only when certificates are given; the corpus
// is checked without any.
var certificateRules = regexp.MustCompile(`^(VPN070|EAP03[0-4]|CERT\d+)$`)

// TestCorpus checks every file of the shared corpus against the findings
// its README requires and forbids. A required finding of a rule that is
// not in the catalog yet is logged as pending rather than failed; it is
// enforced as soon as the rule exists.
func TestCorpus(t *testing.T) {
	entries, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Skipf("the shared corpus is not beside the repository (%v); skipping", err)
	}
	known := map[string]bool{}
	for _, r := range aovpnlint.Rules() {
		known[r.ID] = true
	}
	seen := 0
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".xml") {
			continue
		}
		seen++
		c, ok := corpus[e.Name()]
		if !ok {
			t.Errorf("%s: no expectations for this corpus file", e.Name())
			continue
		}
		t.Run(e.Name(), func(t *testing.T) { checkCorpusFile(t, e.Name(), c, known) })
	}
	if seen != len(corpus) {
		t.Errorf("found %d corpus files, expectations for %d", seen, len(corpus))
	}
}

func checkCorpusFile(t *testing.T, name string, c corpusCase, known map[string]bool) {
	path := filepath.Join(corpusDir, name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	findings := aovpnlint.CheckBytes(path, data, aovpnlint.Options{Now: at})
	text := input.Read(path, data, input.Limits{}).Text.Data
	pending := false
	for _, m := range c.must {
		if !known[m.rule] {
			pending = true
			t.Logf("pending: %s (%s at line %v) is not in the catalog yet", m.rule, m.sev, m.lines)
			continue
		}
		if !hasFinding(findings, m, text) {
			t.Errorf("missing %s %s at line %v; findings:\n%s", m.sev, m.rule, m.lines, list(findings))
		}
	}
	hasError := false
	for _, f := range findings {
		for _, id := range c.mustNot {
			if f.Rule.ID == id {
				t.Errorf("forbidden finding %s", f)
			}
		}
		switch id := f.Rule.ID; {
		case certificateRules.MatchString(id):
			t.Errorf("certificate rule without certificates: %s", f)
		case id == "IN002" || id == "IN004":
			t.Errorf("the file was not read: %s", f)
		case id == "IN001" && name != "fredlarts-VPN_Profile.xml":
			t.Errorf("IN001 on a well-formed file: %s", f)
		}
		hasError = hasError || f.Severity == lint.Error
	}
	switch {
	case !c.exit1 && hasError:
		t.Errorf("error findings on a file that must exit 0:\n%s", list(findings))
	case c.exit1 && !hasError && !pending:
		t.Errorf("no error finding on a file that must exit 1:\n%s", list(findings))
	}
}

// hasFinding reports a finding of m's rule and severity on an accepted
// line, or inside the element that starts there.
func hasFinding(fs []lint.Finding, m must, text []byte) bool {
	for _, f := range fs {
		if f.Rule.ID != m.rule || f.Severity != m.sev {
			continue
		}
		for _, l := range m.lines {
			if l == 0 || (f.Pos.Line >= l && f.Pos.Line <= elementEnd(text, l)) {
				return true
			}
		}
	}
	return false
}

// elementEnd returns the line of the end tag of the first element that
// starts on line start of the decoded text (start itself for an element
// that ends on its own line).
func elementEnd(text []byte, start int) int {
	lines := strings.Split(string(text), "\n")
	if start < 1 || start > len(lines) {
		return start
	}
	m := regexp.MustCompile(`<([A-Za-z][\w.-]*)`).FindStringSubmatch(lines[start-1])
	if m == nil {
		return start
	}
	closeTag := "</" + m[1] + ">"
	for i := start - 1; i < len(lines); i++ {
		if strings.Contains(lines[i], closeTag) {
			return i + 1
		}
	}
	return start
}

func list(fs []lint.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s\n", f)
	}
	return b.String()
}
