//go:build js && wasm

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"sync/atomic"
	"syscall/js"

	"github.com/aovpnlint/aovpnlint/input"
	"github.com/aovpnlint/aovpnlint/web/engine"
)

// last is the result of the last check, whose SARIF is written when the
// page asks for it.
var last atomic.Pointer[engine.Result]

func main() {
	// The collector runs on the page's one thread, between the check's
	// own work: collecting at four times the live heap rather than twice
	// cut a check of examples/vpn from about 290 to 185 ms of CPU time in
	// Node.js (web/test/bench-node.js), for a heap of a few tens of MB.
	debug.SetGCPercent(400)
	api := js.Global().Get("Object").New()
	api.Set("check", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return promise(func() (any, error) {
			var req struct {
				Files    []engine.File   `json:"files"`
				Settings engine.Settings `json:"settings"`
			}
			if err := json.Unmarshal([]byte(arg(args, 0)), &req); err != nil {
				return nil, fmt.Errorf("bad request: %v", err)
			}
			res, err := engine.Check(req.Files, req.Settings)
			last.Store(res)
			return res, err
		})
	}))
	api.Set("sarif", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return promise(func() (any, error) {
			res := last.Load()
			if res == nil {
				return nil, errors.New("no check has been made")
			}
			return res.SARIF()
		})
	}))
	api.Set("source", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return promise(func() (any, error) { return engine.Source(arg(args, 0)) })
	}))
	api.Set("explain", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return promise(func() (any, error) { return engine.Explain(arg(args, 0)), nil })
	}))
	api.Set("version", engine.Version())
	api.Set("maxBytes", input.DefaultLimits.MaxBytes)
	js.Global().Set("aovpnlint", api)
	engine.WarmUp() // see its doc: before the page is told the module is ready
	if ready := js.Global().Get("aovpnlintReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {} // the functions above serve the page until it is closed
}

// arg is the string argument i, or "" when there is none.
func arg(args []js.Value, i int) string {
	if i < len(args) && args[i].Type() == js.TypeString {
		return args[i].String()
	}
	return ""
}

// promise runs work on a goroutine of its own (it reads files, which
// waits for the page's file system, so it must not block the JavaScript
// caller) and returns a Promise of its answer as JSON text. An error
// rejects the promise with an Error whose message is the error's, and
// whose usage property tells bad settings from a failed check.
func promise(work func() (any, error)) js.Value {
	var executor js.Func
	executor = js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve, reject := args[0], args[1]
		go func() {
			defer executor.Release()
			v, err := run(work)
			if err != nil {
				e := js.Global().Get("Error").New(err.Error())
				e.Set("usage", engine.IsUsage(err))
				reject.Invoke(e)
				return
			}
			resolve.Invoke(string(v))
		}()
		return nil
	})
	return js.Global().Get("Promise").New(executor)
}

// run runs work and encodes its answer; a panic is an error, so that
// the page says what went wrong rather than waiting forever.
func run(work func() (any, error)) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error in aovpnlint: %v", p)
		}
	}()
	v, err := work()
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}
