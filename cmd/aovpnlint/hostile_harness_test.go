package main

import (
	"encoding/base64"
	"slices"
	"strings"
	"testing"
	"time"
)

// fakeRun is a childResult whose streams received the given writes, as a
// child's would, through the same captures.
func fakeRun(c *hostileCase, code int, stdout, stderr []string) (*childResult, *bool) {
	var shared int64
	overCalled := false
	bound := outputBound(c.input)
	over := func() { overCalled = true }
	var forms []string
	for _, s := range c.secrets {
		forms = append(forms, secretForms(s)...)
	}
	r := &childResult{code: code, outBound: bound,
		stdout: newCapture(&shared, bound, over, forms), stderr: newCapture(&shared, bound, over, forms)}
	r.stdout.text, r.stderr.text = c.format() == "text", true
	for _, w := range stdout {
		r.stdout.Write([]byte(w))
	}
	for _, w := range stderr {
		r.stderr.Write([]byte(w))
	}
	return r, &overCalled
}

// TestHostileVerdict shows that each assertion of the hostile suite fails
// when it should, and that a clean run passes.
func TestHostileVerdict(t *testing.T) {
	const secret = "Hq7Lp2Zk9Vx&Rw4Nt8Cm3Yb"
	cleanJSON := `{"findings":[{"file":"a.xml","rule":"VPN050"}]}`
	text := func(args ...string) *hostileCase { return &hostileCase{args: append([]string{"check"}, args...)} }
	jsonCase := func() *hostileCase { return &hostileCase{args: []string{"check", "--format", "json"}} }
	tests := []struct {
		name   string
		c      *hostileCase
		code   int
		stdout []string
		stderr []string
		edit   func(r *childResult)
		want   string // a problem holding this; "" for none
	}{
		{"clean json", jsonCase(), 1, []string{cleanJSON}, nil, nil, ""},
		{"clean text", text(), 1, []string{"a.xml:1:1: error: L2tpPsk holds a pre-shared key (not shown) [VPN050]\n"}, []string{"1 error\n"}, nil, ""},
		{"one error line", jsonCase(), 2, nil, []string{"aovpnlint: open a.xml: no such file\n"}, nil, ""},
		{"panic", jsonCase(), 2, nil, []string{"panic: runtime error: index out of range [-1]\n\ngoroutine 1 [running]:\n"}, nil, "Go panic"},
		{"exit 2 with two lines", jsonCase(), 2, nil, []string{"aovpnlint: a\nb\n"}, nil, "want one line"},
		{"exit 2 without the prefix", jsonCase(), 2, nil, []string{"a.xml: broken\n"}, nil, "want one line"},
		{"exit 3", jsonCase(), 3, nil, nil, nil, "exit code 3"},
		{"exit not wanted", &hostileCase{args: []string{"cert", "show"}, exitNot: []int{0}}, 0, nil, nil, nil, "wrong here"},
		{"JSON cut short", jsonCase(), 1, []string{cleanJSON[:20]}, nil, nil, "does not parse"},
		{"silent pass", &hostileCase{args: []string{"check", "--format", "json"}, findingIn: []string{"b.xml"}}, 0, []string{cleanJSON}, nil, nil, "silent pass"},
		{"finding where wanted", &hostileCase{args: []string{"check", "--format", "json"}, findingIn: []string{"a.xml"}}, 1, []string{cleanJSON}, nil, nil, ""},
		{"SARIF not JSON", &hostileCase{args: []string{"check", "--format", "sarif"}}, 1, []string{"<sarif/>"}, nil, nil, "SARIF output does not parse"},
		{"JUnit with ESC", &hostileCase{args: []string{"check", "--format", "junit"}}, 1, []string{"<testsuites><testsuite name=\"a\x1b.xml\"/></testsuites>"}, nil, nil, "not well-formed"},
		{"JUnit with two roots", &hostileCase{args: []string{"check", "--format", "junit"}}, 1, []string{"<a/><b/>"}, nil, nil, "2 root elements"},
		{"secret", &hostileCase{secrets: []string{secret}}, 1, []string{"psk Hq7Lp2Zk9Vx&amp;Rw4N", "t8Cm3Yb\n"}, nil, nil, "holds the secret"},
		{"secret split across writes", &hostileCase{secrets: []string{secret}}, 1, []string{"psk Hq7Lp", "2Zk9Vx\n"}, nil, nil, "Hq7Lp2Zk9Vx"},
		{"secret in base64", &hostileCase{secrets: []string{secret}}, 1, []string{base64.StdEncoding.EncodeToString([]byte("<L2tpPsk>" + secret))}, nil, nil, "holds the secret"},
		{"secret on stderr of a killed run", &hostileCase{secrets: []string{secret}}, -1, nil, []string{"Rw4Nt8Cm3Yb"}, func(r *childResult) { r.killed = "deadline" }, "holds the secret"},
		{"ESC in text", text(), 1, []string{"a\x1b[31m.xml:1:1: error: x [VPN003]\n"}, nil, nil, "byte 0x1b"},
		{"CR in text", text(), 1, []string{"a\r.xml:1:1: error: x [VPN003]\n"}, nil, nil, "byte 0x0d"},
		{"DEL on stderr", jsonCase(), 1, []string{cleanJSON}, []string{"a\x7f.xml: note\n"}, nil, "byte 0x7f"},
		{"DEL in JSON is valid JSON", jsonCase(), 1, []string{`{"findings":[{"file":"a` + "\x7f" + `.xml"}]}`}, nil, nil, ""},
		{"forged line in text", &hostileCase{forged: []string{"forged.xml:9:9:"}}, 1, []string{"fake.xml\nforged.xml:9:9: info: all good [IN003]:1:1: error: x\n"}, nil, nil, "forged line"},
		{"escaped line break is no forged line", &hostileCase{forged: []string{"forged.xml:9:9:"}}, 1, []string{"fake.xml\\nforged.xml:9:9: info: all good [IN003]:1:1: error: x\n"}, nil, nil, ""},
		{"over the output bound", jsonCase(), 1, []string{cleanJSON, strings.Repeat(" ", outputFloor)}, nil, nil, "want at most"},
		{"over the memory limit", jsonCase(), 1, []string{cleanJSON}, nil, func(r *childResult) { r.maxRSS = hostileMaxRSS }, "peak resident memory"},
		{"killed at the deadline", jsonCase(), -1, nil, nil, func(r *childResult) { r.killed = "no exit within the deadline" }, "killed: no exit"},
	}
	for _, tc := range tests {
		r, over := fakeRun(tc.c, tc.code, tc.stdout, tc.stderr)
		if tc.edit != nil {
			tc.edit(r)
		}
		problems := verdict(tc.c, r, clock{baseline: time.Millisecond})
		joined := strings.Join(problems, "\n")
		switch {
		case tc.want == "" && len(problems) > 0:
			t.Errorf("%s: problems %q, want none", tc.name, problems)
		case tc.want != "" && !strings.Contains(joined, tc.want):
			t.Errorf("%s: problems %q, want one holding %q", tc.name, problems, tc.want)
		}
		if tc.name == "over the output bound" && !*over {
			t.Errorf("%s: the child was not killed when its output passed the bound", tc.name)
		}
	}
}

// TestSecretForms checks the forms looked for: the runs of letters and
// digits, and their base64 at each alignment.
func TestSecretForms(t *testing.T) {
	forms := secretForms("ab$Mz3Qw8Er5Ty")
	for align := range 3 {
		enc := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("x", align) + "ab$Mz3Qw8Er5Ty!"))
		found := false
		for _, f := range forms {
			found = found || (len(f) >= 8 && strings.Contains(enc, f) && f != "Mz3Qw8Er5Ty")
		}
		if !found {
			t.Errorf("no form of the secret found in its base64 at alignment %d (%s); forms %q", align, enc, forms)
		}
	}
	if slices.Contains(forms, "ab") {
		t.Errorf("forms %q hold a run shorter than six characters, which ordinary output may hold", forms)
	}
}
