package profile

import (
	"github.com/aovpnlint/aovpnlint/internal/cite"
	"strings"

	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

var deviceTunnel = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN030", Severity: lint.Error,
		Title:         "a device tunnel uses IKEv2, a machine certificate and split tunnelling",
		Fix:           "for a device tunnel set NativeProtocolType IKEv2, Authentication/MachineMethod Certificate without UserMethod or Eap, and RoutingPolicyType SplitTunnel",
		WindowsErrors: []string{"13806", "13801"},
		Citation:      cite.DeviceTunnel + "; " + cite.CSP + " (DeviceTunnel)",
		Doc: "A device tunnel connects before any user signs in, so it can only authenticate the computer with its " +
			"machine certificate over IKEv2; it does not support force tunnelling. A missing RoutingPolicyType means " +
			"ForceTunnel. DeviceCompliance on a device tunnel is reported as a warning: Conditional Access issues " +
			"user certificates.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		if !p.DeviceTunnel.True() {
			return
		}
		np := p.NativeProfile
		if np == nil {
			if p.PluginProfile != nil {
				r.Reportf(p.DeviceTunnel.ValuePos, "DeviceTunnel is true on a plug-in profile; expected a NativeProfile, since only the built-in client has a device tunnel")
			}
			return
		}
		switch t := np.NativeProtocolType; {
		case !t.Present:
			r.Reportf(np.Pos, "the device tunnel has no NativeProtocolType; expected IKEv2")
		case !t.Is("IKEv2"):
			r.Reportf(t.ValuePos, "the device tunnel uses NativeProtocolType %s; expected IKEv2, the only protocol a device tunnel supports", t.Value)
		}
		if a := np.Authentication; a != nil {
			if !a.MachineMethod.Is("Certificate") {
				at := a.Pos
				if a.MachineMethod.Present {
					at = a.MachineMethod.ValuePos
				}
				r.Reportf(at, "the device tunnel authenticates with MachineMethod %s; expected Certificate (the computer's certificate)", wording.Quote(a.MachineMethod.Value))
			}
			if a.UserMethod.Present {
				r.Reportf(a.UserMethod.Pos, "the device tunnel has UserMethod %s; expected no user authentication, since no user is signed in", a.UserMethod.Value)
			} else if a.Eap != nil {
				r.Reportf(a.Eap.Pos, "the device tunnel has an Eap block; expected machine certificate authentication only")
			}
		}
		switch rt := np.RoutingPolicyType; {
		case !rt.Present:
			r.Reportf(np.Pos, "the device tunnel has no RoutingPolicyType, which means ForceTunnel; expected SplitTunnel, since a device tunnel does not support force tunnelling")
		case rt.Is("ForceTunnel"):
			r.Reportf(rt.ValuePos, "the device tunnel uses ForceTunnel; expected SplitTunnel, since a device tunnel does not support force tunnelling")
		}
	},
}

var deviceTunnelCompliance = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN033", Severity: lint.Warning,
		Title:    "DeviceCompliance is used on a user tunnel only",
		Fix:      "remove DeviceCompliance from the device tunnel profile; use it on the user tunnel",
		Citation: cite.CSP + " (DeviceCompliance); Conditional Access for VPN connectivity, https://learn.microsoft.com/windows-server/remote/remote-access/vpn/ad-ca-vpn-connectivity-windows10",
		Doc:      "Entra Conditional Access issues its short-lived certificate to the signed-in user; a device tunnel connects before anyone signs in, so it cannot use one.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		if dc := p.DeviceCompliance; p.DeviceTunnel.True() && p.NativeProfile != nil && dc != nil && dc.Enabled.True() {
			r.Reportf(dc.Enabled.ValuePos, "DeviceCompliance is enabled on a device tunnel; Conditional Access issues user certificates, so expected it only on a user tunnel")
		}
	},
}

var deviceTunnelHygiene = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN031", Severity: lint.Warning,
		Title:    "a device tunnel has no traffic filters or NRPT rules",
		Fix:      "use host routes instead of traffic filters, and keep DomainNameInformation rules on the user tunnel",
		Citation: cite.DeviceTunnel,
		Doc: "Traffic filters on a device tunnel block inbound traffic, which manage-out needs. NRPT rules may be " +
			"used only on the user tunnel when both tunnels exist, which is how device tunnels are deployed; " +
			"the catalog lists this case as info, but aovpnlint reports it as a warning, as the reference corpus " +
			"expects, because a device tunnel without a user tunnel is rare. A device tunnel without AlwaysOn true " +
			"was VPN031 too; after re-reading the CSP, which says a device tunnel \"automatically becomes an always " +
			"on profile\", it is VPN034, info.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		if !p.DeviceTunnel.True() || p.NativeProfile == nil {
			return
		}
		if n := len(p.TrafficFilters); n > 0 {
			r.Reportf(p.TrafficFilters[0].Pos, "the device tunnel has %s: inbound (manage-out) traffic is blocked; expected host routes instead", wording.Plural(n, "traffic filter"))
		}
		if n := len(p.DomainNameInformation); n > 0 {
			r.Reportf(p.DomainNameInformation[0].Pos, "the device tunnel has %s; expected NRPT rules only on the user tunnel, where they would otherwise conflict", wording.Plural(n, "DomainNameInformation (NRPT) rule"))
		}
	},
}

var deviceTunnelAlwaysOn = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN034", Severity: lint.Info,
		Title:    "a device tunnel sets AlwaysOn true, as Microsoft's sample does",
		Fix:      "add <AlwaysOn>true</AlwaysOn> to the device tunnel profile",
		Citation: cite.CSP + " (DeviceTunnel); " + cite.DeviceTunnel + " (sample profile XML)",
		Doc: "Was part of VPN031, a warning; lowered to info after re-reading the CSP, which says of DeviceTunnel: " +
			"\"If turned on a device tunnel profile does four things. First, it automatically becomes an always on " +
			"profile.\" A device tunnel without AlwaysOn true (absent or false) is therefore still always on. " +
			"Microsoft's device tunnel page nevertheless marks AlwaysOn in its sample profile with \"need to specify " +
			"always on = true\", so setting it keeps the profile in step with the documented sample.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		if !p.DeviceTunnel.True() || p.NativeProfile == nil || p.AlwaysOn.True() {
			return
		}
		if p.AlwaysOn.Present {
			r.Reportf(p.AlwaysOn.ValuePos, "the device tunnel sets AlwaysOn %s; the CSP makes a device tunnel always on anyway, but Microsoft's device tunnel sample expects AlwaysOn true", wording.Quote(p.AlwaysOn.Raw))
			return
		}
		r.Reportf(p.DeviceTunnel.ValuePos, "the device tunnel does not set AlwaysOn; the CSP makes a device tunnel always on anyway, but Microsoft's device tunnel sample expects AlwaysOn true")
	},
}

var lockDown = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN032", Severity: lint.Error,
		Title:    "a LockDown profile uses IKEv2 and force tunnelling on its own",
		Fix:      "for LockDown use the built-in client with NativeProtocolType IKEv2, without DeviceTunnel and without SplitTunnel",
		Citation: cite.SecurityFeatures + " (LockDown VPN); " + cite.CSP + " (LockDown)",
		Doc: "A LockDown profile sends all traffic through the tunnel, blocks the network while disconnected and " +
			"cannot be changed by the user. It supports only IKEv2 with the built-in client, and cannot be a device " +
			"tunnel or a split tunnel.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		if !p.LockDown.True() {
			return
		}
		np := p.NativeProfile
		if np == nil {
			if p.PluginProfile != nil {
				r.Reportf(p.LockDown.ValuePos, "LockDown is true on a plug-in profile; expected the built-in client with IKEv2")
			}
			return
		}
		if t := np.NativeProtocolType; t.Present && !t.Is("IKEv2") {
			r.Reportf(t.ValuePos, "the LockDown profile uses NativeProtocolType %s; expected IKEv2", t.Value)
		}
		if p.DeviceTunnel.True() {
			r.Reportf(p.DeviceTunnel.ValuePos, "the LockDown profile is also a device tunnel; expected LockDown and DeviceTunnel not to be combined")
		}
		if np.splitTunnel() {
			r.Reportf(np.RoutingPolicyType.ValuePos, "the LockDown profile uses SplitTunnel; expected ForceTunnel (LockDown sends all traffic through the tunnel)")
		}
	},
}

var l2tpPsk = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN050", Severity: lint.Error,
		Title:         "no pre-shared key is stored in the profile",
		Fix:           "remove L2tpPsk and authenticate with certificates over IKEv2; if L2TP is unavoidable, rotate the key, since everyone with the profile has read it",
		WindowsErrors: []string{"811"},
		Citation:      cite.CSP + " (NativeProfile/L2tpPsk)",
		Doc: "L2tpPsk is stored in clear text in the profile, which reaches every device and every administrator " +
			"who handles it. aovpnlint never prints the key, not even its length.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		np := p.NativeProfile
		if np == nil || !np.L2tpPsk.Present {
			return
		}
		msg := "L2tpPsk holds a pre-shared key in clear text (not shown); expected certificate authentication"
		if !p.UsesProtocol("L2TP") {
			msg = "L2tpPsk holds a pre-shared key in clear text (not shown), and the profile does not use L2TP; expected no L2tpPsk"
		}
		r.Reportf(np.L2tpPsk.Pos, "%s", msg)
	},
}

// weakValue is a weak value of a CryptographySuite element and what makes
// it weak.
type weakValue struct{ value, what string }

// weakSuite lists, for each CryptographySuite element VPN051 checks, its
// weak values and what to use instead, in the order of the findings. A
// slice of structs, not a map, so that it costs nothing at start-up.
var weakSuite = []struct {
	name     string
	of       func(*CryptographySuite) Text
	weak     []weakValue
	stronger string
}{
	{"AuthenticationTransformConstants", func(c *CryptographySuite) Text { return c.AuthenticationTransformConstants },
		[]weakValue{{"MD596", "MD5"}, {"SHA196", "SHA-1"}}, "SHA256128 or GCMAES128"},
	{"CipherTransformConstants", func(c *CryptographySuite) Text { return c.CipherTransformConstants },
		[]weakValue{{"DES", "DES"}, {"DES3", "3DES"}, {"3DES", "3DES"}}, "AES128 or GCMAES128 or stronger"},
	{"EncryptionMethod", func(c *CryptographySuite) Text { return c.EncryptionMethod },
		[]weakValue{{"DES", "DES"}, {"DES3", "3DES"}, {"3DES", "3DES"}}, "AES128, AES_GCM_128 or stronger"},
	{"IntegrityCheckMethod", func(c *CryptographySuite) Text { return c.IntegrityCheckMethod },
		[]weakValue{{"MD5", "MD5"}, {"SHA196", "SHA-1"}}, "SHA256 or SHA384"},
	{"DHGroup", func(c *CryptographySuite) Text { return c.DHGroup },
		[]weakValue{{"Group1", "768-bit Diffie-Hellman"}, {"Group2", "1024-bit Diffie-Hellman"}}, "Group14, ECP256 or ECP384"},
	{"PfsGroup", func(c *CryptographySuite) Text { return c.PfsGroup },
		[]weakValue{{"PFS1", "768-bit Diffie-Hellman"}, {"PFS2", "1024-bit Diffie-Hellman"}}, "PFS2048, ECP256 or ECP384"},
}

var cryptographySuite = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN051", Severity: lint.Warning,
		Title:         "CryptographySuite is strong and consistent",
		Fix:           "use the baseline GCMAES128/GCMAES128 transforms, AES_GCM_128 with SHA256, and ECP256 or Group14, matching the gateway's IPsec policy",
		WindowsErrors: []string{"13868"},
		Citation:      cite.CSP + " (NativeProfile/CryptographySuite); Set-VpnConnectionIPsecConfiguration, https://learn.microsoft.com/powershell/module/vpnclient/set-vpnconnectionipsecconfiguration",
		Doc: "Weak values are DES, DES3 (3DES), MD5, MD596, SHA196, DH Group1 and Group2, and PFS1 and PFS2; Group14 " +
			"and ECP256/ECP384 are fine. A GCM cipher transform needs the GCM authentication transform and the other way " +
			"round (only the child SA pair is compared: AES_GCM_* IKE encryption with a SHA-2 IntegrityCheckMethod is " +
			"correct, since IKE has no GCM integrity value). A suite on a profile that uses only SSTP or PPTP is ignored.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		np := p.NativeProfile
		if np == nil || np.CryptographySuite == nil {
			return
		}
		cs := np.CryptographySuite
		for _, e := range weakSuite {
			v := e.of(cs)
			for _, w := range e.weak {
				if v.Is(w.value) {
					r.Reportf(v.ValuePos, "%s %s is weak (%s); expected %s", e.name, v.Value, w.what, e.stronger)
				}
			}
		}
		auth, cipher := cs.AuthenticationTransformConstants, cs.CipherTransformConstants
		if auth.Present && cipher.Present && isGCM(auth.Value) != isGCM(cipher.Value) {
			r.Reportf(cipher.ValuePos, "CipherTransformConstants %s is paired with AuthenticationTransformConstants %s; expected both GCM (GCMAES128 with GCMAES128) or neither", cipher.Value, auth.Value)
		}
		if t := np.NativeProtocolType; np.knownProtocol() && !p.UsesProtocol("IKEv2") && !p.UsesProtocol("L2TP") {
			r.Reportf(cs.Pos, "CryptographySuite is ignored with NativeProtocolType %s; it applies only to IKEv2 and L2TP", t.Value)
		}
	},
}

func isGCM(v string) bool { return strings.HasPrefix(strings.ToUpper(v), "GCM") }

var ikeFragmentation = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN052", Severity: lint.Warning,
		Title:         "IKEv2 fragmentation stays enabled",
		Fix:           "remove DisableIKEv2Fragmentation or set it to false",
		WindowsErrors: []string{"809 with large certificate chains"},
		Citation:      cite.CSP + " (DisableIKEv2Fragmentation); " + cite.Troubleshoot + " (809)",
		Doc: "IKEv2 messages that carry certificates are often larger than one packet. Without IKEv2 fragmentation " +
			"they are fragmented at the IP layer, and networks that drop IP fragments make the connection time out (809).",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		if p.DisableIKEv2Fragmentation.True() && p.UsesProtocol("IKEv2") {
			r.Reportf(p.DisableIKEv2Fragmentation.ValuePos, "DisableIKEv2Fragmentation is true with IKEv2; expected fragmentation enabled, since certificate exchanges exceed one packet and IP fragments are often dropped")
		}
	},
}

var pluginLoopbackDNS = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN060", Severity: lint.Warning,
		Title:         "a plug-in profile sends no DNS queries to a loopback address",
		Fix:           "name the internal DNS servers in DomainNameInformation/DnsServers instead of a local resolver",
		WindowsErrors: []string{"No such host is known"},
		Citation:      cite.CSP + " (DomainNameInformation/DnsServers); " + cite.ProfileOptions,
		Doc: "Plug-in (UWP) VPN clients resolve names through their own interface; a loopback DNS server " +
			"(127.0.0.0/8 or ::1) in an NRPT rule of a plug-in profile sends queries nowhere.",
	},
	Run: func(p *Profile, r *lint.Reporter) {
		if p.PluginProfile == nil {
			return
		}
		for _, d := range p.DomainNameInformation {
			for _, e := range d.DNSServers.Entries(",; ") {
				if a, err := parseAddr(e.Value); err == nil && a.IsLoopback() {
					r.Reportf(d.DNSServers.PosAt(e.Offset), "DNS server %s for %s is a loopback address; a plug-in VPN client cannot reach a local resolver, expected the internal DNS servers", e.Value, wording.Quote(d.DomainName.Value))
				}
			}
		}
	},
}

var noTrustedNetwork = &lint.Check[*Profile]{
	Rule: lint.Rule{
		ID: "VPN061", Severity: lint.Info,
		Title:         "an always-on profile detects the trusted network",
		Fix:           "set TrustedNetworkDetection to the internal DNS suffix so that the tunnel stays down on the corporate network",
		WindowsErrors: []string{"tunnel also connects on the corporate LAN"},
		Citation:      cite.CSP + " (TrustedNetworkDetection); " + cite.ProfileOptions,
	},
	Run: func(p *Profile, r *lint.Reporter) {
		if p.AlwaysOn.True() && p.TrustedNetworkDetection.Empty() {
			r.Reportf(p.AlwaysOn.ValuePos, "AlwaysOn is true without TrustedNetworkDetection: the tunnel also connects on the corporate network; expected the internal DNS suffix in TrustedNetworkDetection")
		}
	},
}
