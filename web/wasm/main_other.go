//go:build !(js && wasm)

// Command wasm is aovpnlint for the browser page: built with GOOS=js
// GOARCH=wasm (scripts/build-web.sh does it), it sets globalThis.aovpnlint
// to an object whose functions check files, explain errors and show a
// file's redacted text, each returning a Promise of JSON text (see package
// engine, which does the work):
//
//	check(JSON.stringify({files: [{name, role, optional}], settings: {at, warnDays, passwords, target, awsAuth}}))
//	sarif()        the last check's files checked again and written in SARIF, as a JSON string
//	source(name)
//	explain(query)
//
// The files are read from the file system wasm_exec.js is given
// (globalThis.fs): the page's web/page/vfs.js. version and maxBytes say
// the module's version and the size limit of a file. When the object is
// ready, globalThis.aovpnlintReady is called, if the page defined it.
//
// Built for any other platform, it only says how to build it.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "this is the WebAssembly module of the aovpnlint page: build it with GOOS=js GOARCH=wasm, or run scripts/build-web.sh")
	os.Exit(2)
}
