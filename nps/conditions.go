package nps

import (
	"regexp"
	"strings"
)

// MaxPattern is the longest MATCH regular expression the reader
// compiles, in bytes. The patterns NPS writes are a few dozen bytes
// (^5$, ^311$, an address); a longer one is taken as one a VPN request may
// meet, and reported, so that no condition costs more than a small
// compile.
const MaxPattern = 1024

// The values of the attributes a VPN request from RRAS carries that the
// reader judges conditions by: NAS-Port-Type Virtual and MS-RAS-Vendor
// Microsoft (RFC 2865 and the NPS condition attributes).
const (
	vpnPortType = "5"
	vpnVendor   = "311"
)

// parseCondition reads an msNPConstraint value and judges it against a
// VPN request. why is not empty when the reader could not interpret the
// value; it completes a sentence ("is not a function call ...").
func parseCondition(t Text, patterns map[string]compiled) (Condition, string) {
	c, why := readCondition(t, patterns)
	c.k = c.makeKey()
	return c, why
}

// readCondition is parseCondition without the key.
func readCondition(t Text, patterns map[string]compiled) (c Condition, why string) {
	c = Condition{Text: t, VPN: Maybe}
	s := t.Value
	open := strings.IndexByte(s, '(')
	if open <= 0 || !strings.HasSuffix(s, ")") || strings.Trim(s[:open], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != "" {
		return c, "is not a function call such as MATCH(\"NAS-Port-Type=^5$\")"
	}
	c.Func = strings.ToUpper(s[:open])
	arg := strings.TrimSpace(s[open+1 : len(s)-1])
	if len(arg) >= 2 && arg[0] == '"' && arg[len(arg)-1] == '"' {
		arg = arg[1 : len(arg)-1]
	}
	switch c.Func {
	case "MATCH":
		attr, pattern, ok := strings.Cut(arg, "=")
		if !ok {
			return c, "has no '=' between an attribute and a regular expression"
		}
		c.Attribute, c.Pattern = strings.TrimSpace(attr), pattern
		return c, c.judgeMatch(patterns)
	case "NTGROUPS", "USERNTGROUPS", "MACHINENTGROUPS":
		c.Pattern = arg // the groups of the user are not known
		return c, ""
	case "TIMEOFDAY":
		c.Pattern = arg
		if allWeek(arg) {
			c.VPN = Yes
		}
		return c, ""
	}
	c.Pattern = arg
	return c, "uses the function " + c.Func + ", whose meaning the reader does not know"
}

// judgeMatch judges a MATCH condition on the attributes the reader knows
// the value of in a VPN request.
func (c *Condition) judgeMatch(patterns map[string]compiled) string {
	var value string
	switch {
	case strings.EqualFold(c.Attribute, "NAS-Port-Type"):
		value = vpnPortType
	case strings.EqualFold(c.Attribute, "MS-RAS-Vendor"):
		value = vpnVendor
	case strings.EqualFold(c.Attribute, "Tunnel-Type"):
		// The Tunnel-Type RRAS sends for IKEv2 and SSTP is not
		// established; a Tunnel-Type condition is meant for tunnels.
		c.ForVPN = true
		return ""
	default:
		return "" // the client's address, name, calling station: not known
	}
	if len(c.Pattern) > MaxPattern {
		return "has a regular expression longer than the limit of 1024 bytes, so it was not compiled"
	}
	re, ok := patterns[c.Pattern]
	if !ok {
		re.re, re.err = regexp.Compile(c.Pattern)
		patterns[c.Pattern] = re
	}
	if re.err != nil {
		return "has a regular expression the reader cannot compile (" + re.err.Error() + ")"
	}
	if re.re.MatchString(value) {
		c.VPN, c.ForVPN = Yes, true
	} else {
		c.VPN = No
	}
	return ""
}

// compiled is a MATCH regular expression compiled, or why it is not.
type compiled struct {
	re  *regexp.Regexp
	err error
}

// allWeek reports whether a TIMEOFDAY argument allows every hour of every
// day: "0 00:00-24:00; 1 00:00-24:00; ...; 6 00:00-24:00".
func allWeek(arg string) bool {
	var days [7]bool
	for _, part := range strings.Split(arg, ";") {
		f := strings.Fields(part)
		if len(f) == 0 {
			continue
		}
		if len(f) != 2 || len(f[0]) != 1 || f[0][0] < '0' || f[0][0] > '6' || f[1] != "00:00-24:00" {
			return false
		}
		days[f[0][0]-'0'] = true
	}
	for _, d := range days {
		if !d {
			return false
		}
	}
	return true
}

// vpnMatch judges a policy's conditions together: all must match.
func vpnMatch(pol *Policy) VPNMatch {
	m := VPNMatch{Match: Yes}
	for _, c := range pol.Conditions {
		m.Match = min(m.Match, c.VPN)
		m.ForVPN = m.ForVPN || c.ForVPN
	}
	if tag, ok := pol.SourceTag.Int(); ok && tag != 0 && !m.ForVPN {
		m.ByTag = true
	}
	return m
}

// key identifies a condition for comparing two policies' conditions: the
// same function on the same attribute with the same argument.
func (c Condition) key() string {
	if c.k != "" {
		return c.k
	}
	return c.makeKey()
}

func (c Condition) makeKey() string {
	if c.Func == "" {
		return "\x00" + c.Text.Value
	}
	return c.Func + "\x00" + strings.ToLower(c.Attribute) + "\x00" + c.Pattern
}
