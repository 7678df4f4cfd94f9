// Package mainstack grows the stack of the program's main goroutine once,
// at start-up, to the size a check needs, so that the runtime does not
// grow it step by step later; the command imports it for its side effect.
//
// A goroutine starts with a 2 KB stack, and Go doubles the stack when a
// call needs more room: it allocates the new stack, copies the old one and
// adjusts every frame on it, reading each function's frame tables from the
// binary. The main goroutine of a check of a profile with its certificates
// needed 32 KB and grew four times (to 4, 8, 16 and 32 KB), the last times
// with the command line parser and the check's dozens of frames on the
// stack, whose tables lie on pages of the binary not yet read: about 8% of
// such a check (BENCHMARKS.md, issue 17). This package's initialiser makes
// one call with a frame of [frame] bytes while the stack holds only the
// package initialisers, so the stack grows once, to 32 KB. It imports
// nothing, so Go initialises it among the first packages of the program.
//
// Only the command imports it: a Go program that imports aovpnlint keeps
// its own main goroutine's stack as it is.
package mainstack

// frame is the size of grow's frame: with the few frames below it, the
// runtime doubles the 2 KB stack until it holds them, to 32 KB.
const frame = 20 << 10

// grow needs a frame of frame bytes and returns i's low byte. Its array
// is written and read at two places, so the compiler keeps it; noinline
// keeps the frame its own.
//
//go:noinline
func grow(i int) byte {
	var room [frame]byte
	room[i%frame] = byte(i)
	return room[(i*7)%frame] + room[i%frame] // room[7i] is 0 for 0 < i < frame/7
}

// sink keeps grow's result, so that the call is not left out; it is 1
// once the initialiser has run.
var sink byte

func init() { sink = grow(1) }
