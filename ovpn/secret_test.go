package ovpn_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aovpnlint/aovpnlint/ovpn"
)

// The canaries: a private key body, a static key, credentials, a PKCS#12
// body and a session token, each distinctive enough to be found in any
// text that shows it.
const (
	keyCanary    = "S3cr3tKeyCanaryQWERTYuiop0123456789zxcv"
	staticCanary = "5ec12e7c0ffee0ddba11f00d5eedcafe"
	userCanary   = "alice.canary.user"
	passCanary   = "Pa55w0rd-Canary!"
	p12Canary    = "MIIP12CanaryPKCS12bodyAAAA"
	tokenCanary  = "SESS-TOKEN-CANARY-42"
)

var canaries = []string{keyCanary, staticCanary, userCanary, passCanary, p12Canary, tokenCanary}

// secretProfiles are profiles that hold the canaries where OpenVPN keeps
// secrets, in shapes made to draw findings that quote text: template
// text inside a key, key lines outside their block, a key written on the
// key option's line, a long line of key data, blocks left open.
func secretProfiles() map[string]string {
	key := "<key>\n-----BEGIN PRIVATE KEY-----\n" + keyCanary + "\n" + keyCanary + "\n-----END PRIVATE KEY-----\n</key>\n"
	static := "<tls-auth>\n-----BEGIN OpenVPN Static key V1-----\n" + staticCanary + "\n-----END OpenVPN Static key V1-----\n</tls-auth>\n"
	creds := "<auth-user-pass>\n" + userCanary + "\n" + passCanary + "\n</auth-user-pass>\n"
	p12 := "<pkcs12>\n" + p12Canary + "\n</pkcs12>\n"
	head := "client\ndev tun\nremote cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com 443\n"
	return map[string]string{
		"inline":            head + key + static + creds + p12 + "auth-token " + tokenCanary + "\nauth-token " + tokenCanary + " extra\n",
		"placeholder":       head + "<key>\n-----BEGIN PRIVATE KEY-----\n... " + keyCanary + " ...\n# " + keyCanary + "\n-----END PRIVATE KEY-----\n</key>\n" + "<tls-crypt>\n-----BEGIN OpenVPN Static key V1-----\n" + staticCanary + " here\n-----END OpenVPN Static key V1-----\n</tls-crypt>\n",
		"no key tags":       head + "-----BEGIN PRIVATE KEY-----\n" + keyCanary + "\n-----END PRIVATE KEY-----\n",
		"no armour":         head + keyCanary + "\n" + staticCanary + "\n" + keyCanary + " " + keyCanary + "\n",
		"on the line":       head + "key " + keyCanary + "\nkey " + keyCanary + " " + keyCanary + "\ntls-auth " + staticCanary + "\nsecret " + staticCanary + " 1 2\n",
		"long key line":     head + strings.Repeat(keyCanary, 10) + "\n",
		"unterminated key":  head + "<key>\n-----BEGIN PRIVATE KEY-----\n" + keyCanary + "\n",
		"unterminated auth": head + "<auth-user-pass>\n" + userCanary + "\n" + passCanary + "\n",
		"bad tokens":        head + "<key>\n" + keyCanary + " \"open\n</key>\n" + "auth-token '" + tokenCanary + "\n",
		"encrypted":         head + "<key>\n-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + keyCanary + "\n-----END ENCRYPTED PRIVATE KEY-----\n</key>\n",
		"wrong label":       head + "<key>\n-----BEGIN " + keyCanary + "-----\n" + keyCanary + "\n-----END " + keyCanary + "-----\n</key>\n",
	}
}

// TestSecretsNeverShown feeds the canaries through the reader and every
// rule, with every --aws-auth value: no finding (message, related
// message, fix), no problem and nothing ReadKey says holds one, while the
// rules do report on those files.
func TestSecretsNeverShown(t *testing.T) {
	for name, text := range secretProfiles() {
		p := parse(name+".ovpn", text)
		var texts []string
		for _, pr := range p.Problems {
			texts = append(texts, pr.Message)
		}
		if p.Key != nil {
			texts = append(texts, p.Key.Problem, p.Key.Label)
		}
		for _, d := range p.Directives {
			if d.Inline != nil {
				for _, b := range d.Inline.PEM {
					texts = append(texts, b.PlaceholderText)
				}
			}
		}
		n := 0
		for _, opts := range allOptions() {
			fs := ovpn.Lint(p, opts)
			n += len(fs)
			for _, f := range fs {
				texts = append(texts, fmt.Sprintf("%s %s", f.Rule.ID, findingText(f)))
			}
		}
		if n == 0 {
			t.Errorf("%s: no finding: the rules did not run over the secrets", name)
		}
		for _, s := range texts {
			for _, c := range canaries {
				if strings.Contains(s, c) {
					t.Errorf("%s: shows a secret: %q", name, s)
				}
			}
		}
	}
}
