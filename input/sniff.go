package input

// looksLikeBase64 recognises header-less base64 (a certificate exported
// without PEM armour): only base64 characters and white space.
func looksLikeBase64(b []byte) bool {
	n := 0
	for _, c := range b {
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '+', c == '/', c == '=':
			n++
		case c == ' ', c == '\t', c == '\r', c == '\n':
		default:
			return false
		}
	}
	return n >= 64
}
