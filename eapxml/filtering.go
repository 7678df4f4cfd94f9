package eapxml

import (
	"github.com/aovpnlint/aovpnlint/internal/cite"
	"github.com/aovpnlint/aovpnlint/internal/wording"
	"github.com/aovpnlint/aovpnlint/lint"
)

var brokenFilter = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP020", Severity: lint.Error,
		Title:         "the certificate filter's EKU names and OIDs are defined and valid",
		Fix:           "define each EKUName used in ClientAuthEKUList or AnyPurposeEKUList once in EKUMapping, with a dotted EKUOID such as 1.3.6.1.4.1.311.87",
		WindowsErrors: []string{"798"},
		Citation:      cite.FilterInfo + "; " + cite.EKUList,
	},
	Run: func(c *Config, r *lint.Reporter) {
		for _, t := range c.TLSMethods() {
			f := t.Filtering
			if f == nil {
				continue
			}
			defined := map[string]EKUMap{}
			for _, m := range f.EKUMapping {
				switch {
				case m.Name.Empty():
					r.Reportf(m.Pos, "EKUMap has no EKUName; expected a name for its OID")
				case !m.OID.Present || !IsOID(m.OID.Value):
					at := m.Pos
					if m.OID.Present {
						at = m.OID.ValuePos
					}
					r.Reportf(at, "EKUMap %s has EKUOID %s; expected a dotted OID such as 1.3.6.1.5.5.7.3.2", wording.Quote(m.Name.Value), wording.Quote(m.OID.Value))
				}
				if first, dup := defined[m.Name.Value]; dup && !m.Name.Empty() && first.OID.Value != m.OID.Value {
					r.Report(lint.Finding{Pos: m.Name.ValuePos,
						Message: "EKUName " + wording.Quote(m.Name.Value) + " is defined again with another OID (" + wording.Quote(m.OID.Value) + " here, " + wording.Quote(first.OID.Value) + " first); expected one OID per name",
						Related: []lint.Related{{Pos: first.Pos, Message: "first definition"}}})
				}
				if _, dup := defined[m.Name.Value]; !dup {
					defined[m.Name.Value] = m
				}
			}
			for _, l := range []struct {
				name string
				list *EKUList
			}{{"ClientAuthEKUList", f.ClientAuthEKUList}, {"AnyPurposeEKUList", f.AnyPurposeEKUList}} {
				if l.list == nil {
					continue
				}
				for _, e := range l.list.Entries {
					switch {
					case e.OID.Present && !IsOID(e.OID.Value):
						r.Reportf(e.OID.ValuePos, "%s lists EKUOID %s; expected a dotted OID", l.name, wording.Quote(e.OID.Value))
					case e.Name.Present && e.OID.Empty():
						if _, ok := defined[e.Name.Value]; !ok {
							r.Reportf(e.Name.ValuePos, "%s references EKUName %s, which EKUMapping does not define; expected an EKUMap with that name", l.name, wording.Quote(e.Name.Value))
						}
					case !e.Name.Present && !e.OID.Present:
						r.Reportf(e.Pos, "%s has an EKUMapInList with neither EKUName nor EKUOID", l.name)
					}
				}
			}
		}
	},
}

var inactiveFilter = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP021", Severity: lint.Warning,
		Title:    "certificate filter lists are enabled",
		Fix:      `add Enabled="true" to the list, or remove the list if it is not meant to filter`,
		Citation: cite.EKUList + " (Enabled defaults to false)",
		Doc: "CAHashList, ClientAuthEKUList and AnyPurposeEKUList filter only with Enabled=\"true\"; the attribute " +
			"defaults to false. A list without the attribute is reported, and so is a list explicitly disabled while it " +
			"still holds entries; an empty list written Enabled=\"false\" (as Windows exports it) is not.",
	},
	Run: func(c *Config, r *lint.Reporter) {
		for _, t := range c.TLSMethods() {
			f := t.Filtering
			if f == nil {
				continue
			}
			type list struct {
				name    string
				pos     lint.Pos
				enabled Text
				entries int
			}
			var lists []list
			if h := f.CAHashList; h != nil {
				lists = append(lists, list{"CAHashList", h.Pos, h.Enabled, len(h.IssuerHash)})
			}
			if l := f.ClientAuthEKUList; l != nil {
				lists = append(lists, list{"ClientAuthEKUList", l.Pos, l.Enabled, len(l.Entries)})
			}
			if l := f.AnyPurposeEKUList; l != nil {
				lists = append(lists, list{"AnyPurposeEKUList", l.Pos, l.Enabled, len(l.Entries)})
			}
			for _, l := range lists {
				switch {
				case !l.enabled.Present:
					r.Reportf(l.pos, "%s has no Enabled attribute, which defaults to false: the filter is inactive; expected Enabled=\"true\"", l.name)
				case l.enabled.True():
				case l.enabled.False() && l.entries == 0:
				case l.enabled.False():
					r.Reportf(l.enabled.ValuePos, "%s is disabled but holds %s, which have no effect; expected Enabled=\"true\"", l.name, wording.Plural(l.entries, "entry"))
				default:
					r.Reportf(l.enabled.ValuePos, "%s Enabled is %s, not a boolean, so the filter is inactive; expected \"true\"", l.name, wording.Quote(l.enabled.Value))
				}
			}
		}
	},
}

var noFilteringInfo = &lint.Check[*Config]{
	Rule: lint.Rule{
		ID: "EAP022", Severity: lint.Warning,
		Title:    "TLSExtensions holds a FilteringInfo",
		Fix:      "add the FilteringInfo (EapTlsConnectionPropertiesV3 namespace) the extensions are meant for, or remove the empty TLSExtensions",
		Citation: cite.FilterInfo + "; " + cite.EAPConfiguration,
	},
	Run: func(c *Config, r *lint.Reporter) {
		for _, t := range c.TLSMethods() {
			if t.TLSExtensions.Present && t.Filtering == nil {
				r.Reportf(t.TLSExtensions.Pos, "TLSExtensions has no FilteringInfo, so no certificate filter applies; expected a FilteringInfo in namespace %s", NSTLS3)
			}
		}
	},
}
