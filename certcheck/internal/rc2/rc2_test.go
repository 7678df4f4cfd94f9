package rc2

import (
	"bytes"
	"encoding/hex"
	"testing"
)

// The test vectors of RFC 2268 section 5.
var vectors = []struct {
	key           string
	t1            int
	plain, cipher string
}{
	{"0000000000000000", 63, "0000000000000000", "ebb773f993278eff"},
	{"ffffffffffffffff", 64, "ffffffffffffffff", "278b27e42e2f0d49"},
	{"3000000000000000", 64, "1000000000000001", "30649edf9be7d2c2"},
	{"88", 64, "0000000000000000", "61a8a244adacccf0"},
	{"88bca90e90875a", 64, "0000000000000000", "6ccf4308974c267f"},
	{"88bca90e90875a7f0f79c384627bafb2", 64, "0000000000000000", "1a807d272bbe5db1"},
	{"88bca90e90875a7f0f79c384627bafb2", 128, "0000000000000000", "2269552ab0f85ca6"},
	{"88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e", 129, "0000000000000000", "5b78d3a43dfff1f1"},
}

func TestVectors(t *testing.T) {
	for _, v := range vectors {
		key, _ := hex.DecodeString(v.key)
		plain, _ := hex.DecodeString(v.plain)
		want, _ := hex.DecodeString(v.cipher)
		b, err := New(key, v.t1)
		if err != nil {
			t.Fatal(err)
		}
		got := make([]byte, BlockSize)
		b.Encrypt(got, plain)
		if !bytes.Equal(got, want) {
			t.Errorf("key %s, %d bits: encrypted to %x, want %s", v.key, v.t1, got, v.cipher)
		}
		back := make([]byte, BlockSize)
		b.Decrypt(back, got)
		if !bytes.Equal(back, plain) {
			t.Errorf("key %s, %d bits: decrypted back to %x, want %s", v.key, v.t1, back, v.plain)
		}
	}
}

func TestTableIsAPermutation(t *testing.T) {
	var seen [256]bool
	for _, x := range piTable {
		if seen[x] {
			t.Fatalf("%#x appears twice", x)
		}
		seen[x] = true
	}
}

func TestNewRefusesBadKeys(t *testing.T) {
	if _, err := New(nil, 64); err == nil {
		t.Error("an empty key was accepted")
	}
	if _, err := New(make([]byte, 129), 64); err == nil {
		t.Error("a 129-byte key was accepted")
	}
	if _, err := New([]byte{1}, 0); err == nil {
		t.Error("an effective key length of 0 was accepted")
	}
}
