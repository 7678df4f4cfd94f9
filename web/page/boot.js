// Starts the WebAssembly module (wasm_exec.js and vfs.js loaded before
// it) and resolves to its API, globalThis.aovpnlint (see web/wasm). Used
// by the page and by the tests in Node.js.
"use strict";

globalThis.aovpnlintStart = (bytes) => new Promise((resolve, reject) => {
	const go = new Go();
	globalThis.aovpnlintReady = () => resolve(globalThis.aovpnlint);
	WebAssembly.instantiate(bytes, go.importObject).then((result) => {
		go.run(result.instance).then(() => reject(new Error("the aovpnlint module stopped")));
	}, reject);
});

// aovpnlintDecode turns the module's base64 text (aovpnlint.wasm.js) into
// bytes.
globalThis.aovpnlintDecode = (text) => {
	if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
	const bin = atob(text);
	const out = new Uint8Array(bin.length);
	for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
	return out;
};
