// Package nps reads a Network Policy Server configuration export (the
// file `netsh nps export filename=nps.xml exportPSK=YES` and
// Export-NpsConfiguration write, the layout of %SystemRoot%\System32\ias\ias.xml)
// into a positioned model, and holds the rules on the export alone (family
// NPS). The rules that compare an export with a profile and certificates
// belong to package crosscheck; they read the model through
// [Export.VPNPolicies], [Policy.Methods], [Policy.Thumbprints],
// [Policy.CertificateOIDs] and [Export.EvaluationOrder].
//
// The caller decodes the file (UTF-8 or UTF-16, with or without BOM) and
// parses it with package xmldoc, as it does every XML input; [IsExport]
// tells an export by its root, and [Parse] reads it. Parse never fails:
// what it cannot read or interpret is a [Problem] in the model, which a
// rule reports. The research behind every decision below is
// ../shared/reference/nps-export.md; its confidence tags are kept here:
// documented (Microsoft documentation), observed (in the three real
// exports of ../shared/samples/nps), community, and inferred.
//
// # Structure
//
// Every object is an element with a name attribute, Properties and
// Children (observed). The reader looks only at these places under
// Root/Children/Microsoft_Internet_Authentication_Service/Children:
//
//	NetworkPolicy/Children/*      conditions, order, state of each network policy
//	RadiusProfiles/Children/*     settings of each network policy
//	Proxy_Policies/Children/*     connection request policies
//	Proxy_Profiles/Children/*     their settings
//	Protocols/Children/Microsoft_Radius_Protocol/Children/Clients/Children/*   RADIUS clients
//	RADIUS_Server_Groups/Children/*/Children/*                                remote RADIUS servers
//
// It never walks deeper than these paths, so nesting elsewhere costs
// nothing. A policy and its settings are paired by the name attribute,
// which is the display name (observed); the element tag is a sanitised copy
// that repeats among siblings (observed) and msNPAction holds stale names
// (observed), so neither is used. Values are read by element name; the
// dt:dt type attribute is not relied on. Booleans are 0 or 1 (true and
// false are accepted too), integers decimal; any other value is a problem
// (NPS004).
//
// # Evaluation order
//
// NPS tries the enabled policies by msNPSequence, lowest first, and uses
// the first whose conditions all match (documented); when that policy's
// constraints do not fit the request it rejects without trying the next
// (documented). Decisions:
//   - Policy_Enabled absent means enabled: the default connection request
//     policy of two samples has none (observed).
//   - Two enabled policies with the same msNPSequence (observed in an
//     edited file) are taken in document order, and reported (NPS005): NPS's
//     own order between them is not documented.
//   - A policy without msNPSequence is placed after every numbered one, and
//     reported.
//
// # Conditions and the VPN request
//
// Each msNPConstraint is one call: MATCH("Attribute=regex"), NTGROUPS,
// USERNTGROUPS, MACHINENTGROUPS, TIMEOFDAY (observed). The reader judges
// each against a VPN request from RRAS, whose NAS-Port-Type is Virtual (5,
// documented) and MS-RAS-Vendor 311 (observed in the built-in policy): Yes,
// No, or Maybe when it depends on what the export does not say (the
// user's groups, the RADIUS client's address, a time window). A MATCH
// value is a regular expression matched anywhere in the value, as RE2 reads
// it; a pattern longer than [MaxPattern] or one RE2 cannot compile (.NET
// constructs such as look-ahead) is Maybe and reported. TIMEOFDAY is Yes
// only when it allows every hour of every day. Any other function, or a
// value that is not a call, is Maybe and reported (NPS005).
//
// A network policy is a VPN policy ([Policy.ForVPN]) when a VPN request
// may meet its conditions and one of them singles out VPN: NAS-Port-Type
// matching 5, MS-RAS-Vendor matching 311, or any Tunnel-Type (the
// Tunnel-Type values RRAS sends for IKEv2 and SSTP are not established, so
// such a condition is Maybe). Decision on Policy_SourceTag, the "type of
// network access server" of the Overview tab: its values are not
// documented (0 is Unspecified, observed on every sample policy), so a
// policy without a VPN condition whose tag is not 0 counts as a VPN policy
// that may be one, and this is reported (NPS005), rather than guessing the
// tag's meaning either way.
//
// [Export.Shadow] is the first policy tried before another that matches
// every VPN request the other matches: its conditions are all Yes, or all
// conditions of the other policy too. A policy that only may overlap
// (another group) is not a shadow.
//
// # msEAPConfiguration
//
// All integers are little-endian 32-bit; offsets are bytes of the decoded
// value (community scripts quote hex-character offsets, twice as large).
// The hex text is read case-insensitively, white space anywhere ignored
// (the minyugu sample puts the value on its own line).
//
//	0      EAP type: 13 EAP-TLS, 25 PEAP          observed, community
//	1-15   zero (vendor, vendor type, author)     observed; a non-zero byte is reported, not read
//	16     length of what follows                  observed arithmetic; must equal the rest
//	PEAP (25), from one real blob and a template with the same frame:
//	20     version (2)                             inferred; not checked
//	24     size of the settings                    observed arithmetic; must equal byte 16's
//	28     flags (bit 0 probably Fast Reconnect)   inferred; kept as Flags
//	32     certificate hash length                 observed; must be 20
//	36-55  SHA-1 thumbprint of the NPS certificate community (several renewal scripts)
//	56     number of inner methods                 inferred; must fit the bytes left
//	60...  inner methods, each: version, size from its own start, EAP type,
//	       flags, then settings of its own        inferred; sizes must tile the rest exactly
//	EAP-TLS (13), from community scripts only:
//	32     flags                                   inferred; kept as Flags
//	36     certificate hash length                 inferred; must be 20
//	40-59  SHA-1 thumbprint                        community (Posh-ACME.Deploy)
//	60...  further settings                        not interpreted, not reported
//
// Decisions: a value is decoded only when every check above holds;
// otherwise the problem names the offending byte (NPS003) and no field is
// set. The reference's fallback of scanning the bytes for a 20-byte hash
// after a 14 00 00 00 marker is not used: it is a guess. The settings an
// inner method carries after its 16-byte header (the inner EAP-TLS of
// PEAP-TLS, whose server certificate they probably name) are not
// interpreted, and reported (NPS005); a configuration of another EAP type
// (EAP-MSCHAPv2 has none in the samples) is reported and not read. A PEAP
// method allowed without any msEAPConfiguration (two samples) has no
// settings in the export: [Method].Config is nil and InnerKnown false,
// and the cross-checks say what they cannot verify. A value over [MaxBlob]
// bytes is not decoded.
//
// msNPAllowedEapType is 16 bytes: the EAP type and 15 zero bytes
// (documented type list; layout observed). Another length is NPS003; a
// non-zero identity byte (a vendor method) is reported (NPS005).
//
// # Allowed-Certificate-OID
//
// The Vendor Specific setting Allowed-Certificate-OID (attribute 4161,
// documented) restricts EAP-TLS and PEAP-TLS to client certificates with
// one of the given purpose OIDs; Conditional Access puts
// 1.3.6.1.4.1.311.87 there (documented). No public export shows the element
// name NPS writes for it. Decision: a property of a network policy's
// settings whose name the reader does not know and whose whole value is a
// dotted OID is read as an Allowed-Certificate-OID value (no other
// property NPS writes holds a bare OID), marked NameKnown false, and
// reported (NPS005), so that the reading is never silent. Once the name is
// known, [Options].CertificateOIDElements names it and the report goes.
//
// # Connection request policies
//
// msOverrideRAPAuth 1 on a connection request policy is read as "override
// network policy authentication settings" (the attribute is documented only
// as reserved; inferred). The rules judge each network policy's own
// methods and do not apply the override; an overriding policy that may
// take VPN requests is reported (NPS005) when the export has a VPN policy.
//
// # Secrets
//
// An export holds the RADIUS shared secrets in clear text (documented):
// Shared_Secret of each client, Authentication_Secret and
// Accounting_Secret of each remote server. Package xmldoc keeps the
// content of these elements opaque (internal/secret lists them), and this
// package never reads it: a [Client] or [RemoteServer] records only that a
// secret exists ([Secret]), and any element with a secret's name among a
// policy's properties is skipped. No message, model field or panic can
// therefore hold a secret.
package nps
