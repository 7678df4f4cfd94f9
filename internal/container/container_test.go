package container

import "testing"

func TestDERLength(t *testing.T) {
	for _, tc := range []struct {
		in   []byte
		n    int
		ok   bool
		name string
	}{
		{[]byte{0x30, 0x03, 1, 2, 3}, 5, true, "short form"},
		{[]byte{0x30, 0x82, 0x01, 0x00}, 260, true, "long form past the end"},
		{[]byte{0x30, 0x80, 0, 0}, 0, false, "indefinite"},
		{[]byte{0x30, 0x85, 1, 1, 1, 1, 1}, 0, false, "five length bytes"},
		{[]byte{0x30, 0x82, 0x01}, 0, false, "header cut short"},
		{[]byte{0x30}, 0, false, "one byte"},
	} {
		if n, ok := DERLength(tc.in); n != tc.n || ok != tc.ok {
			t.Errorf("%s: %d, %v; want %d, %v", tc.name, n, ok, tc.n, tc.ok)
		}
	}
}

func TestIsBinaryCertificate(t *testing.T) {
	for _, tc := range []struct {
		in   []byte
		want bool
		name string
	}{
		{append(append([]byte{}, SSTHeader...), 1, 2, 3), true, "store"},
		{[]byte{0x20, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}, true, "serialized element"},
		{[]byte{0x30, 0x03, 1, 2, 3, 0, 0, '\n'}, true, "DER with trailing zeros"},
		{[]byte{0x30, 0x03, 1, 2, 3, 'x'}, false, "DER with trailing text"},
		{[]byte{0x30, 0x03, 0x02, 0x01, 0x03, 'x', 'y'}, true, "PFX with bytes after it"},
		{[]byte{0x30, 0x82, 0x00, 0x03, 0x02, 0x01, 0x03, 0xFF}, true, "PFX, long form, with bytes after it"},
		{[]byte{0x30, 0x03, 0x02, 0x01, 0x02, 'x'}, false, "DER of version 2 with bytes after it"},
		{[]byte("0\x03\x02\x01"), false, "text"},
		{[]byte{0x30, 0x82, 0x05, 0x00, 1, 2}, true, "truncated long form"},
		{[]byte{0x30, 0x80, 1, 2, 3}, true, "BER"},
		{[]byte("<VPNProfile/>"), false, "XML"},
	} {
		if got := IsBinaryCertificate(tc.in); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
