package input

import (
	"bytes"
	"math"
	"strings"
	"time"

	"testing"

	"github.com/aovpnlint/aovpnlint/internal/testfiles"
)

// refLooksLikeWMI is looksLikeWMI as it was before issue 17's third round,
// kept as the reference: every line read and tested.
func refLooksLikeWMI(data []byte) bool {
	for l := firstLine(data); l.more(data); l = lineAt(data, l.next) {
		if l.is(data, "ProfileXML") || inlineProfileXML(data[l.start:l.end]) >= 0 {
			return true
		}
	}
	return false
}

// wmiSniffTexts returns the texts the comparison reads: the test data of
// the wrappers, and lines that hold the word in every way that counts.
func wmiSniffTexts(t testing.TB) [][]byte {
	out := testfiles.Data(t, 1<<20, "testdata/*", "../fix/testdata/wrappers/*", "../fixtures/*/*", "../../shared/corpus/*")
	for _, s := range []string{
		"", "ProfileXML", "ProfileXML : <a/>", "ProfileXML:", "x ProfileXML : <VPNProfile>", "xProfileXML : <a>",
		"Name : x\r\nProfileXML       : <VPNProfile>\r\n", "$ProfileXML = @'\n<VPNProfile/>\n'@\n",
		"a\nProfileXMLProfileXML : <a>\n", "ProfileXML\nProfileXML : <a>", "\n\n ProfileXML :\n<a>", "ProfileX\nML : <a>",
		"  ProfileXML  :  <x", "ProfileXML : x ProfileXML : <y",
	} {
		out = append(out, []byte(s))
	}
	return out
}

// TestLooksLikeWMIAsReference compares looksLikeWMI, which reads only the
// lines where the word ProfileXML is, with the reference, which reads
// every line.
func TestLooksLikeWMIAsReference(t *testing.T) {
	texts := wmiSniffTexts(t)
	yes := 0
	for _, data := range texts {
		got, want := looksLikeWMI(data), refLooksLikeWMI(data)
		if got != want {
			t.Fatalf("looksLikeWMI = %v, the reference %v, on %.300q", got, want, data)
		}
		if got {
			yes++
		}
	}
	if len(texts) < 100 || yes < 5 || yes == len(texts) {
		t.Errorf("%d texts, %d listings: expected more texts and some of each answer", len(texts), yes)
	}
}

// FuzzLooksLikeWMIAsReference compares looksLikeWMI with the reference on
// any text.
func FuzzLooksLikeWMIAsReference(f *testing.F) {
	for _, data := range wmiSniffTexts(f) {
		if len(data) < 4096 {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := looksLikeWMI(data), refLooksLikeWMI(data); got != want {
			t.Fatalf("looksLikeWMI = %v, the reference %v", got, want)
		}
	})
}

// TestLooksLikeWMIReadsLinesOfTheWord checks that looksLikeWMI reads only
// the lines where the word ProfileXML is: on a script of 5,000 short lines
// that assigns $ProfileXML on its first, it costs at most 4 times a
// search for the word over the script (reading every line cost about 200
// times as much). Each cost is the least of 7 timings of 50 calls.
func TestLooksLikeWMIReadsLinesOfTheWord(t *testing.T) {
	data := []byte("$ProfileXML = @'\n" + strings.Repeat("<A>1</A>\n", 5000) + "'@\nAdd-VpnConnection -Name Contoso\n")
	if looksLikeWMI(data) || refLooksLikeWMI(data) {
		t.Fatal("a script taken for a WMI listing")
	}
	least := func(f func()) time.Duration {
		best := time.Duration(math.MaxInt64)
		for range 7 {
			t0 := time.Now()
			for range 50 {
				f()
			}
			best = min(best, time.Since(t0))
		}
		return best
	}
	n := 0
	search := least(func() { n += bytes.Count(data, []byte("ProfileXML")) })
	sniff := least(func() {
		if looksLikeWMI(data) {
			n++
		}
	})
	if sniff > 4*search {
		t.Errorf("looksLikeWMI took %v, %.1f times a search for the word (%v): it reads every line", sniff, float64(sniff)/float64(search), search)
	}
	t.Logf("looksLikeWMI %v, search %v (%d)", sniff, search, n)
}
