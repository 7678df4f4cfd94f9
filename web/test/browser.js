// The browser test of the aovpnlint page, in headless Chromium driven by
// Playwright (playwright-core, web/test/package.json; scripts/web-ci.sh
// installs it outside the repository and runs this script), or with
// --browser firefox in Debian's Firefox ESR through playwright-core 1.53's
// WebDriver BiDi driver (web/test/firefox/package.json):
//
//   node browser.js [--browser firefox] --dist DIR --aovpnlint BIN --out DIR [--bench N]
//
// DIR is the page as scripts/build-web.sh builds it; BIN is aovpnlint
// built with -tags webpage (it serves the page, and is the command line
// the page is compared with). The page is loaded from disk (file://) and
// from `aovpnlint serve`; in each, the files of examples/ are given to it,
// and the test fails unless
//   - the table holds the command line's findings for the same files and
//     time, in the same order (the command line run is the one the page
//     names), and the JSON and SARIF downloads are its output byte for byte;
//   - no request is made once the page has loaded (any scheme but blob:
//     and data:), and the Content-Security-Policy refuses a fetch;
//   - the source view marks the chosen line, and shows no private key;
//   - a PFX opens with the password typed in, and the password is nowhere
//     on the page; a dropped folder is read as `check FOLDER` reads it;
//   - sorting, filtering, explain and the role picker work; every control
//     has a label and is reached with the Tab key;
//   - the page reports no error in its console.
// A screenshot of each is saved in --out. With --bench N, the page is
// loaded N more times from the server and the time of the first check of
// examples/vpn (a profile with four certificates) after the page has
// loaded is printed, with the median.
"use strict";

const assert = require("node:assert/strict");
const { spawn, execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const playwright = require("playwright-core");

const root = path.resolve(__dirname, "..", "..");
const AT = "2026-06-01T12:00:00Z";
const examplesVPN = {
	"ProfileXML_User.xml": "examples/vpn/ProfileXML_User.xml",
	"ca-client.pem": "examples/vpn/certs/ca-client.pem",
	"issuing.pem": "examples/vpn/certs/issuing.pem",
	"nps.pem": "examples/vpn/certs/nps.pem",
	"vpn.pem": "examples/vpn/certs/vpn.pem",
	"entra-root.pem": "examples/vpn/trust/entra-root.pem",
	"root.pem": "examples/vpn/trust/root.pem",
};
const examplesAWS = { "downloaded-client-config.ovpn": "examples/aws/downloaded-client-config.ovpn" };

function args() {
	const a = { bench: 0 };
	const argv = process.argv.slice(2);
	for (let i = 0; i < argv.length; i += 2) {
		const k = argv[i].replace(/^--/, ""), v = argv[i + 1];
		if (v === undefined) throw new Error("missing value for " + argv[i]);
		a[k] = k === "bench" ? parseInt(v, 10) : k === "browser" ? v : path.resolve(v);
	}
	for (const k of ["dist", "aovpnlint", "out"]) if (!a[k]) throw new Error(`--${k} is required`);
	a.browser = a.browser ? path.basename(a.browser) : "chromium";
	return a;
}

let passed = 0, failed = 0;
async function step(name, fn) {
	try {
		await fn();
		passed++;
		console.log("ok:", name);
	} catch (e) {
		failed++;
		console.log("FAIL:", name);
		console.log(String(e && e.stack || e).split("\n").map((l) => "    " + l).join("\n"));
	}
}

// serve starts `aovpnlint serve` on a free port and resolves to its URL.
function serve(bin) {
	return new Promise((resolve, reject) => {
		const p = spawn(bin, ["serve", "--listen", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
		let out = "";
		p.stdout.on("data", (d) => {
			out += d;
			const m = /http:\/\/[^/\s]+\//.exec(out);
			if (m) resolve({ url: m[0], proc: p });
		});
		p.stderr.on("data", (d) => { out += d; });
		p.on("exit", (code) => reject(new Error(`aovpnlint serve exited ${code}: ${out}`)));
		setTimeout(() => reject(new Error("aovpnlint serve printed no URL: " + out)), 15000);
	});
}

// layout copies files into a new folder under their names.
function layout(files) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aovpnlint-page-"));
	for (const [name, src] of Object.entries(files)) fs.copyFileSync(path.join(root, src), path.join(dir, name));
	return dir;
}

// cli runs the command line the page names, in the folder of the files, in
// the format asked for.
function cli(bin, command, dir, format, password) {
	const words = command.match(/'(?:[^']|'"'"')*'|\S+/g).map((w) => w.startsWith("'") ? w.slice(1, -1).replaceAll(`'"'"'`, "'") : w);
	const pw = words.indexOf("PASSWORD-FILE");
	if (pw >= 0) {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aovpnlint-pw-")), "password");
		fs.writeFileSync(file, password + "\n");
		words[pw] = file;
	}
	assert.equal(words[0], "aovpnlint");
	const i = words.indexOf("--format");
	words[i + 1] = format;
	try {
		return execFileSync(bin, words.slice(1), { cwd: dir, encoding: "utf8", env: { ...process.env, AOVPNLINT_PFX_PASSWORD: "" } });
	} catch (e) {
		if (e.status === 1) return e.stdout; // findings at or above --fail-on
		throw e;
	}
}

// open loads the page and waits for the module; it records every request
// and console error from then on.
async function open(context, url) {
	const page = await context.newPage();
	const log = { requests: [], afterLoad: [], errors: [] };
	let loaded = false;
	page.on("request", (r) => {
		log.requests.push(r.url());
		if (loaded && !/^(blob|data):/.test(r.url())) log.afterLoad.push(r.method() + " " + r.url());
	});
	page.on("console", (m) => { if (m.type() === "error") log.errors.push(m.text()); });
	page.on("pageerror", (e) => log.errors.push(String(e)));
	const response = await page.goto(url, { waitUntil: "load" });
	await page.waitForSelector('#loading[data-state="ready"]', { timeout: 60000 });
	loaded = true;
	return { page, log, response };
}

// until polls fn(arg) in the page until it is true. (page.waitForFunction
// evaluates a string in the page with some drivers, which the page's
// policy refuses.)
async function until(page, fn, arg, timeout = 30000) {
	const end = Date.now() + timeout;
	for (;;) {
		if (await page.evaluate(fn, arg)) return;
		if (Date.now() > end) throw new Error("timed out waiting for " + fn.toString().slice(0, 200));
		await new Promise((r) => setTimeout(r, 50));
	}
}

// give hands files to the page's file input and waits for the check that
// follows.
async function give(page, dir, names) {
	await page.setInputFiles("#files", names.map((n) => path.join(dir, n)));
	await until(page, (n) => document.querySelectorAll("#file-rows tr").length === n, names.length);
	await settled(page);
}

// settled waits until no check is running and the last one is done.
async function settled(page, what) {
	await until(page, (w) => {
		const s = document.getElementById("status");
		return s.getAttribute("data-state") === "done" && (!w || s.textContent.includes(w));
	}, what || "");
	await page.waitForTimeout(50);
	await until(page, () => document.getElementById("status").getAttribute("data-state") === "done");
}

// evaluateAt sets the evaluation time and waits for the check at it.
async function evaluateAt(page) {
	await page.uncheck("#at-now");
	// Set as a script would: Firefox's driver cannot type into a
	// datetime-local field.
	await page.evaluate((v) => {
		const at = document.getElementById("at");
		at.value = v;
		at.dispatchEvent(new Event("change"));
	}, AT.replace("Z", ""));
	await settled(page, "evaluated at " + AT);
}

// rows reads the findings table.
const rows = (page) => page.$$eval("#finding-rows tr", (trs) => trs.map((tr) => ({
	rule: tr.dataset.rule, severity: tr.dataset.severity, message: tr.querySelector(".message").textContent,
	file: tr.dataset.file, line: +tr.dataset.line, column: +tr.dataset.column, fix: tr.querySelector(".fix").textContent,
	windowsErrors: [...tr.querySelectorAll(".windows button")].map((b) => b.textContent),
	related: [...tr.querySelectorAll(".related li")].map((li) => li.textContent),
})));

const expected = (json) => JSON.parse(json).findings.map((f) => ({
	rule: f.rule, severity: f.severity, message: f.message, file: f.file, line: f.line, column: f.column, fix: f.fix,
	windowsErrors: f.windowsErrors, related: f.related.map((r) => `see ${r.file}${r.line > 0 ? ":" + r.line + (r.column > 0 ? ":" + r.column : "") : ""}: ${r.message}`),
}));

// downloaded clicks a download button and returns what was downloaded.
// Firefox's driver reports no download: there, the Blob the page makes
// the download of is read in the page instead.
async function downloaded(page, button, browser) {
	if (browser === "firefox") {
		await page.evaluate(() => {
			const make = URL.createObjectURL;
			URL.createObjectURL = (blob) => {
				globalThis.testDownload = blob.text();
				URL.createObjectURL = make;
				return make(blob);
			};
			HTMLAnchorElement.prototype.click = function () {}; // no file is saved
		});
		await page.click(button);
		await until(page, () => !!globalThis.testDownload);
		return page.evaluate(async () => {
			const t = await globalThis.testDownload;
			delete globalThis.testDownload;
			return t;
		});
	}
	const [d] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
	return fs.readFileSync(await d.path(), "utf8");
}

async function checkOrigin(context, a, label, url) {
	const { page, log, response } = await open(context, url);
	const vpnDir = layout(examplesVPN), awsDir = layout(examplesAWS);

	await step(`${label}: the page declares a policy that forbids connections`, async () => {
		const meta = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
		for (const d of ["default-src 'none'", "connect-src 'none'", "font-src 'none'", "form-action 'none'"]) assert.ok(meta.includes(d), `the policy lacks ${d}: ${meta}`);
		if (url.startsWith("http")) {
			const header = (await response.allHeaders())["content-security-policy"] || "";
			assert.ok(header.startsWith(meta), `the served policy is not the page's: ${header}`);
			assert.ok(header.includes("frame-ancestors 'none'"), header);
		}
	});

	await step(`${label}: examples/vpn, with its roots given as trusted, finds what the command line finds`, async () => {
		await give(page, vpnDir, Object.keys(examplesVPN));
		for (const name of ["entra-root.pem", "root.pem"]) {
			await page.selectOption(`select[data-file="${name}"]`, "trust");
			await settled(page);
		}
		await evaluateAt(page);
		const roles = await page.$$eval("#file-rows strong[data-role]", (s) => s.map((e) => e.closest("tr").dataset.file + "=" + e.dataset.role));
		for (const r of ["root.pem=trust", "entra-root.pem=trust", "vpn.pem=vpn", "nps.pem=nps", "ca-client.pem=client"]) assert.ok(roles.includes(r), `roles ${roles} lack ${r}`);
		const command = await page.textContent("#command-text");
		assert.match(command, /--trust entra-root\.pem --trust root\.pem/);
		const want = cli(a.aovpnlint, command, vpnDir, "json");
		const got = await rows(page);
		assert.ok(got.length > 0, "the table is empty");
		assert.deepEqual(got, expected(want));
		assert.equal(await downloaded(page, "#download-json", a.browser), want, "the JSON download is not the command line's output");
		assert.equal(await downloaded(page, "#download-sarif", a.browser), cli(a.aovpnlint, command, vpnDir, "sarif"), "the SARIF download is not the command line's output");
	});

	await step(`${label}: a chosen row's line is marked in the source`, async () => {
		const row = await page.$('#finding-rows tr[data-file="ProfileXML_User.xml"]');
		const line = +(await row.getAttribute("data-line"));
		await (await row.$("td:nth-child(4) button")).click();
		await page.waitForSelector(`#source-text mark[data-line="${line}"]`);
		const marked = await page.textContent("#source-text mark");
		const original = fs.readFileSync(path.join(vpnDir, "ProfileXML_User.xml"), "utf8").split("\n")[line - 1].replace(/\r$/, "");
		assert.equal(marked, original);
		assert.equal(await row.getAttribute("class"), "chosen");
	});

	await step(`${label}: sorting and filtering by severity`, async () => {
		await page.click('#findings th[data-key="severity"] button');
		assert.equal(await page.getAttribute('#findings th[data-key="severity"]', "aria-sort"), "ascending");
		const sev = await page.$$eval("#finding-rows tr", (t) => t.map((r) => r.dataset.severity));
		const rank = { error: 0, warning: 1, info: 2 };
		assert.deepEqual(sev, [...sev].sort((x, y) => rank[x] - rank[y]));
		assert.ok(sev.includes("info") && sev.includes("error"), "the example should have errors and info");
		await page.uncheck("#show-info");
		const after = await page.$$eval("#finding-rows tr", (t) => t.map((r) => r.dataset.severity));
		assert.deepEqual(after, sev.filter((s) => s !== "info"));
		await page.check("#show-info");
		await page.click('#findings th[data-key="location"] button');
	});

	await step(`${label}: explain a Windows error, and a rule from the table`, async () => {
		await page.fill("#explain-query", "13801");
		await page.press("#explain-query", "Enter");
		await page.waitForSelector('#explanation section[data-code="13801"]');
		const rule = await page.getAttribute("#finding-rows tr", "data-rule");
		await page.click("#finding-rows tr td:nth-child(2) button");
		await page.waitForSelector(`#explanation section[data-rule="${rule}"]`);
	});

	await step(`${label}: an AWS profile dropped on the page: the command line's findings, and its key never shown`, async () => {
		await page.click("#clear");
		await until(page, () => document.querySelectorAll("#file-rows tr").length === 0);
		const data = fs.readFileSync(path.join(awsDir, "downloaded-client-config.ovpn"), "utf8");
		await page.evaluate(([name, text]) => {
			const dt = new DataTransfer();
			dt.items.add(new File([text], name));
			document.getElementById("drop").dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
		}, ["downloaded-client-config.ovpn", data]);
		await settled(page, "evaluated at " + AT);
		const command = await page.textContent("#command-text");
		assert.deepEqual(await rows(page), expected(cli(a.aovpnlint, command, awsDir, "json")));
		const rowsAfterKey = await page.$$('#finding-rows tr[data-file="downloaded-client-config.ovpn"]');
		assert.ok(rowsAfterKey.length > 0);
		await (await rowsAfterKey[rowsAfterKey.length - 1].$("td:nth-child(4) button")).click();
		await page.waitForSelector("#source-text mark");
		const shown = await page.evaluate(() => document.body.innerText + document.getElementById("source-text").textContent);
		assert.ok(shown.includes("(redacted by aovpnlint)"), "the key is not marked as redacted");
		const key = /-----BEGIN PRIVATE KEY-----\n([\s\S]*?)-----END/.exec(data)[1].split("\n").filter((l) => l.length > 8);
		assert.ok(key.length > 0);
		for (const l of key) assert.ok(!shown.includes(l), "a line of the private key is on the page");
	});

	await step(`${label}: a dropped folder is read as check FOLDER reads it`, async () => {
		await page.click("#clear");
		await until(page, () => document.querySelectorAll("#file-rows tr").length === 0);
		// A folder as the browser hands it over (webkitGetAsEntry), with
		// what check leaves out of a folder: documentation, hidden files,
		// and files of no supported kind.
		const folder = { "vpn/ProfileXML_User.xml": "ProfileXML_User.xml", "vpn/certs/vpn.pem": "vpn.pem", "vpn/certs/nps.pem": "nps.pem",
			"vpn/certs/issuing.pem": "issuing.pem", "vpn/certs/ca-client.pem": "ca-client.pem", "vpn/trust/root.pem": "root.pem" };
		const contents = Object.fromEntries(Object.entries(folder).map(([name, src]) => [name, fs.readFileSync(path.join(vpnDir, src), "utf8")]));
		Object.assign(contents, { "vpn/README.md": "# notes\n", "vpn/.hidden/old.xml": "<VPNProfile>", "vpn/notes.txt": "not a profile\n" });
		await page.evaluate((files) => {
			const dir = (name, children) => ({ isFile: false, isDirectory: true, name,
				createReader() { let done = false; return { readEntries(ok) { ok(done ? [] : children); done = true; } }; } });
			const file = (name, text) => ({ isFile: true, isDirectory: false, name, file(ok) { ok(new File([text], name)); } });
			const tree = {};
			for (const [p, text] of Object.entries(files)) {
				const parts = p.split("/");
				let node = tree;
				for (const d of parts.slice(0, -1)) node = node[d] = node[d] || {};
				node[parts[parts.length - 1]] = text;
			}
			const build = (name, node) => typeof node === "string" ? file(name, node) : dir(name, Object.entries(node).map(([n, c]) => build(n, c)));
			const entry = build("vpn", tree.vpn);
			const e = new Event("drop", { bubbles: true, cancelable: true });
			Object.defineProperty(e, "dataTransfer", { value: { items: [{ kind: "file", webkitGetAsEntry: () => entry }], files: [] } });
			document.getElementById("drop").dispatchEvent(e);
		}, contents);
		await until(page, () => document.querySelectorAll("#file-rows tr").length > 0);
		await settled(page, "evaluated at " + AT);
		const names = await page.$$eval("#file-rows tr", (trs) => trs.map((t) => t.dataset.file));
		assert.deepEqual(names, [...Object.keys(folder), "vpn/notes.txt"].sort());
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aovpnlint-folder-"));
		for (const [name, text] of Object.entries(contents)) {
			fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
			fs.writeFileSync(path.join(dir, name), text);
		}
		const want = cli(a.aovpnlint, `aovpnlint check --format json --at ${AT} --warn-days 30 vpn`, dir, "json");
		assert.deepEqual(await rows(page), expected(want));
		assert.ok(!(await page.textContent("#command-text")).includes("notes.txt"), "the command names a file the check left out");
	});

	await step(`${label}: a PFX opened with the password given, which the page never shows`, async () => {
		await page.click("#clear");
		await until(page, () => document.querySelectorAll("#file-rows tr").length === 0);
		const dir = layout({ "vpn-aes.pfx": "fixtures/pki/vpn-aes.pfx", "ProfileXML_User.xml": "examples/vpn/ProfileXML_User.xml" });
		await give(page, dir, ["vpn-aes.pfx", "ProfileXML_User.xml"]);
		assert.ok(await page.$('#finding-rows tr[data-rule="IN005"][data-file="vpn-aes.pfx"]'), "no IN005 for a PFX without its password");
		const password = fs.readFileSync(path.join(root, "fixtures/pki/pfx-password.txt"), "utf8").trim();
		await page.fill("#password", password);
		await page.press("#password", "Enter");
		await until(page, () => !document.querySelector('#finding-rows tr[data-rule="IN005"]'));
		await settled(page);
		const subjects = await page.$$eval('#file-rows tr[data-file="vpn-aes.pfx"] .file-certs li', (l) => l.map((e) => e.textContent));
		assert.ok(subjects.some((t) => t.includes("CN=")), `the PFX's certificates are not listed: ${subjects}`);
		const command = await page.textContent("#command-text");
		assert.match(command, /--pfx-password-file PASSWORD-FILE/);
		assert.deepEqual(await rows(page), expected(cli(a.aovpnlint, command, dir, "json", password)));
		const shown = await page.evaluate(() => document.documentElement.outerHTML + document.body.innerText);
		assert.ok(!shown.includes(password), "the password is on the page");
		await page.fill("#password", "");
	});

	await step(`${label}: every control has a label, and the Tab key reaches them`, async () => {
		const unlabelled = await page.$$eval("input, select, button, textarea", (els) => els.filter((e) => {
			if (e.type === "hidden" || e.closest("[hidden]")) return false;
			return !(e.labels && e.labels.length) && !e.getAttribute("aria-label") && !e.getAttribute("aria-labelledby") && !(e.tagName === "BUTTON" && e.textContent.trim());
		}).map((e) => e.outerHTML));
		assert.deepEqual(unlabelled, []);
		await page.evaluate(() => document.activeElement && document.activeElement.blur());
		const reached = new Set();
		const want = ["files", "password", "at-now", "at", "target", "warn-days", "aws-auth", "check", "show-error", "show-info", "download-json",
			"download-sarif", "sort-severity", "sort-location", "cell-button", "source-text", "explain-query", "explain-button"];
		for (let i = 0; i < 400 && !want.every((id) => reached.has(id)); i++) {
			await page.keyboard.press("Tab");
			const id = await page.evaluate(() => {
				const e = document.activeElement;
				return e.id || (e.closest("th") ? "sort-" + e.closest("th").dataset.key : e.closest("td") ? "cell-button" : e.tagName);
			});
			reached.add(id);
		}
		for (const id of want) {
			assert.ok(reached.has(id), `Tab never reaches ${id} (reached: ${[...reached]})`);
		}
	});

	await step(`${label}: screenshot`, async () => {
		await page.click("#clear");
		await give(page, vpnDir, Object.keys(examplesVPN));
		await (await page.$('#finding-rows tr[data-file="ProfileXML_User.xml"] td:nth-child(4) button')).click();
		await page.waitForSelector("#source-text mark");
		await page.screenshot({ path: path.join(a.out, `page-${label}.png`), fullPage: true });
	});

	await step(`${label}: no request after the page loaded, and no error in its console`, async () => {
		assert.deepEqual(log.afterLoad, []);
		assert.deepEqual(log.errors, []);
		console.log(`    (${log.requests.length} requests while loading: ${log.requests.map((u) => u.replace(/^.*\//, "") || "/").join(", ")})`);
		const files = log.requests.map((u) => u.replace(/^.*\//, ""));
		if (a.browser === "firefox" && url.startsWith("file:")) return; // its driver reports no file:// request
		for (const f of ["index.html", "aovpnlint.wasm.js"]) assert.ok(files.includes(f) || files.includes(""), `${f} was not loaded (${files})`);
	});

	await step(`${label}: the policy refuses a connection the page would try`, async () => {
		const blocked = await page.evaluate(async () => {
			const seen = new Promise((res) => document.addEventListener("securitypolicyviolation", (e) => res(e.violatedDirective), { once: true }));
			try {
				await fetch("http://127.0.0.1:9/probe");
				return "fetched";
			} catch (e) {
				return await Promise.race([seen, new Promise((res) => setTimeout(() => res("no violation reported"), 2000))]);
			}
		});
		assert.equal(blocked, "connect-src");
	});
	await page.close();
}

async function bench(context, a, url, n) {
	const dir = layout(examplesVPN);
	const times = [], starts = [];
	for (let i = 0; i < n; i++) {
		const { page } = await open(context, url);
		starts.push(+(/started in (\d+) ms/.exec(await page.textContent("#loading"))[1]));
		await give(page, dir, Object.keys(examplesVPN));
		times.push(+(await page.getAttribute("#status", "data-ms")));
		await page.close();
	}
	const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
	console.log(`bench: first check of examples/vpn (7 files: a profile, four certificates, two roots) after load, ms: ${times.map((t) => t.toFixed(0)).join(" ")}; median ${median(times).toFixed(0)}`);
	console.log(`bench: module start (decode, compile, run) after the scripts loaded, ms: ${starts.join(" ")}; median ${median(starts)}`);
}

async function main() {
	const a = args();
	fs.mkdirSync(a.out, { recursive: true });
	const server = await serve(a.aovpnlint);
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), `aovpnlint-${a.browser}-`));
	let context = null;
	try {
		const exe = a.browser === "firefox" ? process.env.FIREFOX || "/usr/bin/firefox-esr" : process.env.CHROMIUM || "/usr/bin/chromium";
		const options = { executablePath: exe, headless: true, timezoneId: "UTC", acceptDownloads: true, viewport: { width: 1400, height: 1000 } };
		// Debian's Firefox is driven through WebDriver BiDi, which Playwright
		// offers for a Firefox it did not build (_bidiFirefox).
		context = a.browser === "firefox" ?
			await (await playwright._bidiFirefox.launch({ executablePath: exe, headless: true })).newContext(options) :
			await playwright.chromium.launchPersistentContext(profile, {
				...options,
				args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
			});
		console.log("browser: " + execFileSync(exe, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
		await checkOrigin(context, a, "file", "file://" + path.join(a.dist, "index.html"));
		await checkOrigin(context, a, "served", server.url);
		if (a.bench > 0) await bench(context, a, server.url, a.bench);
	} finally {
		if (context) await (context.browser() || context).close();
		server.proc.kill();
		fs.rmSync(profile, { recursive: true, force: true });
	}
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
