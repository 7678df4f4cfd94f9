// Measures the page's WebAssembly module in Node.js (BENCHMARKS.md):
// the time to start it and of its first check of examples/vpn (a profile,
// four certificates and two roots) in a fresh process, N times, as wall
// time and as the process's CPU time (steadier on a shared machine).
//
//   node bench-node.js DIST N
"use strict";

const { execFileSync } = require("node:child_process");
const nodefs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");
const files = {
	"ProfileXML_User.xml": "examples/vpn/ProfileXML_User.xml", "ca-client.pem": "examples/vpn/certs/ca-client.pem",
	"issuing.pem": "examples/vpn/certs/issuing.pem", "nps.pem": "examples/vpn/certs/nps.pem", "vpn.pem": "examples/vpn/certs/vpn.pem",
	"entra-root.pem": "examples/vpn/trust/entra-root.pem", "root.pem": "examples/vpn/trust/root.pem",
};

async function once(dist) {
	const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
	let wall = performance.now(), c = cpu();
	for (const name of ["vfs.js", "wasm_exec.js", "boot.js", "aovpnlint.wasm.js"]) require(path.resolve(dist, name));
	const api = await globalThis.aovpnlintStart(globalThis.aovpnlintDecode(globalThis.aovpnlintWasm));
	const start = { wall: performance.now() - wall, cpu: cpu() - c };
	for (const [name, src] of Object.entries(files)) globalThis.aovpnlintFS.set(name, new Blob([nodefs.readFileSync(path.join(root, src))]));
	const req = JSON.stringify({ files: Object.keys(files).map((name) => ({ name, role: name.includes("root") ? "trust" : "" })), settings: { warnDays: 30 } });
	const checks = [];
	for (let i = 0; i < 3; i++) {
		wall = performance.now(), c = cpu();
		await api.check(req);
		checks.push({ wall: performance.now() - wall, cpu: cpu() - c });
	}
	return { start, checks };
}

if (process.argv[2] === "--once") {
	once(process.argv[3]).then((r) => process.stdout.write(JSON.stringify(r), () => process.exit(0)));
} else {
	const dist = path.resolve(process.argv[2]), n = parseInt(process.argv[3] || "7", 10);
	const runs = [];
	for (let i = 0; i < n; i++) runs.push(JSON.parse(execFileSync(process.execPath, [__filename, "--once", dist], { encoding: "utf8" })));
	const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
	const show = (label, xs) => console.log(`${label}: ${xs.map((x) => x.toFixed(0)).join(" ")}; median ${median(xs).toFixed(0)} ms`);
	show("start, wall", runs.map((r) => r.start.wall));
	show("start, CPU", runs.map((r) => r.start.cpu));
	show("first check, wall", runs.map((r) => r.checks[0].wall));
	show("first check, CPU", runs.map((r) => r.checks[0].cpu));
	show("third check, wall", runs.map((r) => r.checks[2].wall));
	show("third check, CPU", runs.map((r) => r.checks[2].cpu));
}
