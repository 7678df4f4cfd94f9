package ovpn

import (
	"bytes"
	"strconv"
	"sync"
)

// markers are the options whose presence, with a parameter count OpenVPN
// accepts (and plausible values for dev, proto and remote), marks a text
// as an OpenVPN client configuration. Generic words that other text
// formats start lines with (key, ca, cert, cipher) are left out.
var markers = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"client": true, "pull": true, "tls-client": true, "remote": true, "dev": true, "proto": true,
		"auth-user-pass": true, "auth-federate": true, "remote-cert-tls": true, "nobind": true,
		"persist-key": true, "persist-tun": true, "resolv-retry": true, "remote-random-hostname": true,
		"verify-x509-name": true, "ns-cert-type": true, "key-direction": true, "tls-auth": true,
		"tls-crypt": true, "comp-lzo": true, "static-challenge": true, "auth-nocache": true,
		"block-outside-dns": true, "redirect-gateway": true, "route-nopull": true, "reneg-sec": true,
	}
})

// markerTags are the inline blocks that mark a configuration.
var markerTags = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"ca": true, "cert": true, "key": true, "tls-auth": true, "tls-crypt": true, "tls-crypt-v2": true,
		"connection": true, "extra-certs": true, "pkcs12": true,
	}
})

// Is reports whether decoded text looks like an OpenVPN configuration. It
// reads at most the first 64 KiB, content only: a line outside PEM blocks
// that is a client option from a short list (client, remote, dev, proto,
// tls-client, pull, auth-user-pass...) with a parameter count OpenVPN
// accepts, or the start of an inline block of a known option (<ca>,
// <cert>, <key>, <tls-auth>, <tls-crypt>, <connection>...). A text that is
// only PEM blocks is not a configuration, nor is an XML document.
func Is(data []byte) bool {
	data = data[:min(len(data), isLook)]
	data = bytes.TrimPrefix(data, []byte(bom))
	if t := bytes.TrimLeft(data, " \t\r\n"); bytes.HasPrefix(t, []byte("<?xml")) || bytes.HasPrefix(t, []byte("<!")) {
		return false
	}
	var tk tokenizer
	inPEM := false
	for at := 0; at < len(data); {
		end := lineEnd(data, at, len(data))
		line := data[at:min(end+1, len(data))]
		at = end + 1
		switch {
		case isPEMBegin(line):
			inPEM = true
			continue
		case isPEMEnd(line):
			inPEM = false
			continue
		case inPEM:
			continue
		}
		if nul := bytes.IndexByte(line, 0); nul >= 0 {
			line = line[:nul]
		}
		if cannotMark(line) || notOption(line) {
			continue
		}
		words, _, bad := tk.split(line, 0)
		if bad.msg != "" || len(words) == 0 {
			continue
		}
		if len(words) == 1 && isTag(words[0]) {
			if markerTags()[words[0].value[1:len(words[0].value)-1]] {
				return true
			}
			continue
		}
		if isMarker(words) {
			return true
		}
	}
	return false
}

// cannotMark reports, without splitting it into words, a line that cannot
// mark a configuration: one that starts with '<' (an XML document's lines)
// but not with the start of a block of markerTags. Its first word starts
// with '<', so it is no option; it would have to be that block's tag
// alone. A line with a backslash is left to the tokenizer, which may read
// it otherwise; a quote changes nothing, since a word that starts with
// '<' is unquoted and keeps its quotes as they are (an XML line with
// attributes is skipped too).
func cannotMark(line []byte) bool {
	t := bytes.TrimLeft(line, " \t")
	if len(t) == 0 || t[0] != '<' || bytes.IndexByte(t, '\\') >= 0 {
		return false
	}
	end := bytes.IndexByte(t, '>')
	return end < 0 || !markerTags()[string(t[1:end])]
}

// notOption reports, without splitting it into words, a line whose first
// word is read as written and is neither a marker option, nor setenv,
// nor a tag: such a line cannot mark a configuration, whatever follows
// (the one line of a JSON export, a line of a script). The first word is
// read as written when it starts with none of the bytes that change how
// the tokenizer reads it (a quote, a backslash, '#' or ';', which end the
// line) and holds no backslash up to the first white space, where it
// ends: quotes inside an unquoted word are kept as they are. A longer word
// than MaxValue keeps its start, longer than any marker. Any other line
// is left to the tokenizer.
func notOption(line []byte) bool {
	i := 0
	for i < len(line) && isSpace(line[i]) {
		i++
	}
	if i == len(line) {
		return false
	}
	switch line[i] {
	case '"', '\'', '\\', '#', ';', '<':
		return false
	}
	j := i
	for j < len(line) && !isSpace(line[j]) {
		if line[j] == '\\' {
			return false
		}
		j++
	}
	first := line[i:j]
	return !markers()[string(first)] && string(first) != "setenv"
}

// isMarker reports whether a line's words are a marker option.
func isMarker(words []word) bool {
	name := words[0].value
	if name == "setenv" && len(words) >= 3 && words[1].value == "opt" {
		words = words[2:]
		name = words[0].value
	}
	if !markers()[name] {
		return false
	}
	pr := options()[name]
	if name == "auth-federate" {
		pr = awsOptions()[name]
	}
	n := len(words) - 1
	if n < pr.min || pr.max != many && n > pr.max {
		return false
	}
	switch name {
	case "dev":
		v := words[1].value
		return len(v) >= 3 && (v[:3] == "tun" || v[:3] == "tap") || v == "null"
	case "proto":
		return isProto(words[1].value)
	case "remote":
		if n >= 2 {
			if p, err := strconv.Atoi(words[2].value); err != nil || p < 0 || p > 65535 {
				return false
			}
		}
		return n < 3 || isProto(words[3].value)
	}
	return true
}

// isProto reports a transport protocol as --proto names it.
func isProto(s string) bool {
	switch s {
	case "udp", "udp4", "udp6", "tcp", "tcp4", "tcp6", "tcp-client", "tcp4-client", "tcp6-client", "tcp-server", "tcp4-server", "tcp6-server":
		return true
	}
	return false
}
