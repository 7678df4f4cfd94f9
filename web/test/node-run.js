// Runs the page's WebAssembly module in Node.js, with the page's own
// scripts (vfs.js, wasm_exec.js, boot.js, aovpnlint.wasm.js from a folder
// built by scripts/build-web.sh), for the Go tests of web/engine:
//
//   node node-run.js DIST JOBS.json
//
// JOBS.json is a list of {files: {name: pathOnDisk}, method, arg}: for
// each job, the page's folder is emptied and given the files, as Blobs
// under their names, and the module's method (check, source or explain) is
// called with arg. What is printed is a JSON list with, for each job,
// {ok: the answer's JSON text} or {error, usage}.
"use strict";

const nodefs = require("node:fs");
const path = require("node:path");

async function main() {
	const [dist, jobsFile] = process.argv.slice(2);
	if (!dist || !jobsFile) {
		console.error("usage: node node-run.js DIST JOBS.json");
		process.exit(2);
	}
	for (const name of ["vfs.js", "wasm_exec.js", "boot.js", "aovpnlint.wasm.js"]) {
		require(path.resolve(dist, name));
	}
	const api = await globalThis.aovpnlintStart(globalThis.aovpnlintDecode(globalThis.aovpnlintWasm));
	const out = [];
	for (const job of JSON.parse(nodefs.readFileSync(jobsFile, "utf8"))) {
		globalThis.aovpnlintFS.clear();
		for (const [name, file] of Object.entries(job.files || {})) {
			globalThis.aovpnlintFS.set(name, new Blob([nodefs.readFileSync(file)]));
		}
		try {
			out.push({ ok: await api[job.method](job.arg) });
		} catch (e) {
			out.push({ error: e.message, usage: !!e.usage });
		}
	}
	// Exit once the answers are written: a pipe takes them in pieces.
	process.stdout.write(JSON.stringify(out), () => process.exit(0));
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
