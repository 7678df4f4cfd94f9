package ovpn

// The documents the OVPN and AWS rules rest on, in the notation of
// ../shared/reference/ovpn.md, which names every source.
const (
	manualURL = "https://openvpn.net/community-resources/reference-manual-for-openvpn-2-6/"
	sourceURL = "https://github.com/OpenVPN/openvpn/blob/v2.6.22/"
	adminURL  = "https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/"
	userURL   = "https://docs.aws.amazon.com/vpn/latest/clientvpn-user/"

	citeChanges = "[Changes] OpenVPN release notes 2.4 to 2.6, " + sourceURL + "Changes.rst"
)

// man cites a section of the OpenVPN 2.6 reference manual
// (doc/man-sections/<section>.rst).
func man(section string) string {
	return "[man " + section + "] OpenVPN 2.6 reference manual, " + section + ", " + manualURL
}

// src cites a file of OpenVPN 2.6.22's source, for a message it prints.
func src(file string) string {
	return "[src " + file + "] OpenVPN 2.6.22, src/openvpn/" + file + ", " + sourceURL + "src/openvpn/" + file
}

// awsAdmin cites a page of the AWS Client VPN Administrator Guide.
func awsAdmin(page, title string) string {
	return "[aws-admin " + page + "] AWS Client VPN Administrator Guide, " + title + ", " + adminURL + page + ".html"
}

// awsUser cites a page of the AWS Client VPN User Guide.
func awsUser(page, title string) string {
	return "[aws-user " + page + "] AWS Client VPN User Guide, " + title + ", " + userURL + page + ".html"
}
