package nps_test

import (
	"reflect"
	"strings"
	"testing"
)

// The canaries: a shared secret, and one shaped like the dotted OID the
// reader looks for in unknown profile properties.
const (
	canary    = "S3cr3t-Canary-7f3a"
	canaryOID = "1.3.6.1.4.1.311.4242424242"
)

// secretExport is an export whose RADIUS clients and remote servers hold
// the canary as their shared secrets, and that hides secret elements
// where the reader looks at values: among a profile's properties (with an
// OID for value), inside a condition and inside an msEAPConfiguration.
func secretExport() []byte {
	hidden := "\t\t\t\t\t\t\t\t<Shared_Secret xmlns:dt=\"urn:schemas-microsoft-com:datatypes\" dt:dt=\"string\">" + canaryOID + "</Shared_Secret>\r\n" +
		"\t\t\t\t\t\t\t\t<Authentication_Secret>" + canary + "</Authentication_Secret>\r\n"
	data := genExport([]genPolicy{
		{name: "AOVPN", order: 1, conds: []string{`NTGROUPS("S-1-5-21-1-2-3-1105")`, `MATCH("NAS-Port-Type=^5$")<Shared_Secret>` + canary + `</Shared_Secret>`},
			allow: "1", auth: []int{5, 1}, eap: []string{allowedType(13), allowedType(25)},
			configs: []string{tlsBlob(thumbA), peapBlob(thumbA, innerSpec{typ: 13}, innerSpec{typ: 26}) + "<Shared_Secret>" + canary + "</Shared_Secret>"},
			extra:   hidden},
		{name: "Deny first", order: 0, conds: []string{`MATCH("MS-RAS-Vendor=^311$")`}, allow: "0", extra: hidden},
	}, 3, canary)
	groups := "\t\t\t\t<RADIUS_Server_Groups name=\"RADIUS_Server_Groups\">\r\n<Children>\r\n<Remote name=\"Remote\">\r\n<Children>\r\n" +
		"<nps2 name=\"nps2\"><Properties><Address dt:dt=\"string\">10.1.1.1</Address>" +
		"<Authentication_Secret dt:dt=\"string\">" + canary + "</Authentication_Secret>" +
		"<Accounting_Secret dt:dt=\"string\">" + canary + "</Accounting_Secret></Properties></nps2>\r\n" +
		"</Children>\r\n</Remote>\r\n</Children>\r\n</RADIUS_Server_Groups>\r\n"
	return []byte(strings.Replace(string(data), "\t\t\t</Children>\r\n\t\t</Microsoft_Internet_Authentication_Service>", groups+"\t\t\t</Children>\r\n\t\t</Microsoft_Internet_Authentication_Service>", 1))
}

// TestSecretsNeverShown feeds the canaries through the reader and every
// rule: no finding (message, related message, fix) and no string of the
// model holds one, while the model records that the secrets exist.
func TestSecretsNeverShown(t *testing.T) {
	data := secretExport()
	if strings.Count(string(data), canary) < 5 {
		t.Fatal("the export does not hold the canary where the test puts it")
	}
	e, fs := check(t, "secrets.xml", data)
	if len(fs) == 0 {
		t.Fatal("no finding: the rules did not run over the policies that hide secrets")
	}
	for _, f := range fs {
		texts := []string{f.Message, f.Fix}
		for _, r := range f.Related {
			texts = append(texts, r.Message)
		}
		for _, s := range texts {
			if strings.Contains(s, canary) || strings.Contains(s, canaryOID) {
				t.Errorf("finding %s shows a secret: %q", f.Rule.ID, s)
			}
		}
	}
	walkStrings(reflect.ValueOf(e), "Export", func(path, s string) {
		if strings.Contains(s, canary) || strings.Contains(s, canaryOID) {
			t.Errorf("the model holds a secret in %s: %q", path, s)
		}
	})
	if len(e.Clients) != 3 || !e.Clients[0].Secret.Present || e.Clients[0].Secret.Empty {
		t.Errorf("clients %+v; want 3, each with a secret recorded as present", e.Clients)
	}
	if len(e.RemoteServers) != 1 || !e.RemoteServers[0].Secret.Present || e.RemoteServers[0].Address.Value != "10.1.1.1" {
		t.Errorf("remote servers %+v; want nps2 at 10.1.1.1 with a secret", e.RemoteServers)
	}
	if oids := e.NetworkPolicies[0].CertificateOIDs(); len(oids) != 0 {
		t.Errorf("the OID-shaped secret was read as Allowed-Certificate-OID %+v", oids)
	}
}

// walkStrings calls fn with every string reachable from v through
// exported fields, pointers, slices and maps.
func walkStrings(v reflect.Value, path string, fn func(path, s string)) {
	switch v.Kind() {
	case reflect.String:
		fn(path, v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkStrings(v.Elem(), path, fn)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				walkStrings(v.Field(i), path+"."+f.Name, fn)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walkStrings(v.Index(i), path+"[]", fn)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			walkStrings(v.MapIndex(k), path+"{}", fn)
		}
	}
}

// TestSecretFindingsRun makes sure the secret test exercises the rules:
// the policies of secretExport draw findings from several rules.
func TestSecretFindingsRun(t *testing.T) {
	_, fs := check(t, "secrets.xml", secretExport())
	ids := map[string]bool{}
	for _, f := range fs {
		ids[f.Rule.ID] = true
	}
	for _, id := range []string{"NPS011", "NPS041", "NPS043"} {
		if !ids[id] {
			t.Errorf("no %s finding on the secret export; the test would not see a secret that rule shows (findings %v)", id, fs)
		}
	}
}
