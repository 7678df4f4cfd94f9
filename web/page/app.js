// The page: takes files, runs the WebAssembly module's check on them,
// shows the findings, the source beside them and explanations. Everything
// taken from the files or the findings reaches the page as text
// (textContent, attributes set with setAttribute), never as markup.
"use strict";

(() => {
	const $ = (id) => document.getElementById(id);
	let api = null; // the module, once started
	const given = new Map(); // name -> { file: Blob, role: "", optional: bool }
	let result = null; // the last check's result, and its findings
	let findings = [];
	let sortKey = "location", sortDir = 1;
	let checking = null, again = false;
	let sourceShown = { name: null, view: null }; // the file in the source view

	// el makes an element with text content and attributes.
	const el = (tag, text, attrs) => {
		const e = document.createElement(tag);
		if (text !== undefined && text !== null) e.textContent = String(text);
		for (const [k, v] of Object.entries(attrs || {})) {
			if (k === "class") e.className = v;
			else e.setAttribute(k, v);
		}
		return e;
	};

	// Names from a folder are read as the command line reads a folder:
	// hidden files and folders below it, and documentation, are left out.
	const docExtensions = [".md", ".markdown", ".html", ".htm"];
	const skippedInFolder = (name) => name.split("/").slice(1).some((s) => s.startsWith(".")) ||
		docExtensions.some((x) => name.toLowerCase().endsWith(x));

	// forgetSource drops the source shown when the files change: a file may
	// have been replaced by another of the same name, or removed.
	function forgetSource() {
		sourceShown = { name: null, view: null };
		$("source-text").replaceChildren();
		$("source-text").removeAttribute("data-file");
		$("source-heading").textContent = "Source";
		$("source-note").textContent = "Choose a location in the table to see its line here. Secrets are redacted.";
	}

	function add(list) {
		forgetSource();
		const replaced = [];
		for (const { name, file, optional } of list) {
			const key = aovpnlintFS.normal(name);
			if (key === null) continue;
			if (given.has(key)) replaced.push(key);
			given.set(key, { file, role: given.has(key) ? given.get(key).role : "", optional: !!optional });
			aovpnlintFS.set(key, file);
		}
		$("file-note").textContent = replaced.length ? `Replaced by the file of the same name given again: ${replaced.join(", ")}.` : "";
		renderFiles();
		schedule();
	}

	function renderFiles(certs) {
		const rows = $("file-rows");
		rows.replaceChildren();
		const byFile = new Map();
		for (const c of certs || (result && result.certificates) || []) {
			if (!byFile.has(c.file)) byFile.set(c.file, []);
			byFile.get(c.file).push(c);
		}
		const names = [...given.keys()].sort();
		names.forEach((name, i) => {
			const g = given.get(name);
			const tr = el("tr", null, { "data-file": name });
			tr.append(el("td", name), el("td", formatSize(g.file.size)));
			const td = el("td");
			const list = byFile.get(name);
			if (list || g.role) {
				const id = "role-" + i;
				const label = el("label", "Role: ", { for: id });
				const select = el("select", null, { id, "data-file": name });
				for (const [value, text] of [["", "as classified"], ["vpn", "VPN server"], ["nps", "NPS server"], ["client", "client"], ["trust", "trusted root"]]) {
					const o = el("option", text, { value });
					if (value === g.role) o.selected = true;
					select.append(o);
				}
				select.addEventListener("change", () => {
					g.role = select.value;
					schedule();
				});
				td.append(label, select);
				const ul = el("ul", null, { class: "file-certs" });
				for (const c of list || []) {
					const li = el("li");
					li.append(el("span", c.subject || "(no subject)"), document.createTextNode(" — "),
						el("strong", c.roleName === "unclassified" ? "no role" : c.roleName, { "data-role": c.role }));
					li.append(el("div", `${c.given ? "given" : "classified"}${c.why ? ": " + c.why : ""}; ${c.source}, line ${c.line}; SHA-1 ${c.thumbprint}`, { class: "why" }));
					ul.append(li);
				}
				td.append(ul);
			}
			const remove = el("button", "Remove", { type: "button", "aria-label": "Remove " + name });
			remove.addEventListener("click", () => {
				forgetSource();
				given.delete(name);
				aovpnlintFS.delete(name);
				renderFiles();
				schedule();
			});
			const last = el("td");
			last.append(remove);
			tr.append(td, last);
			rows.append(tr);
		});
		$("file-table").hidden = names.length === 0;
		$("clear").disabled = names.length === 0;
	}

	const formatSize = (n) => n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;

	// settings are the check's flags, as the command line takes them.
	function settings() {
		let at = "";
		if (!$("at-now").checked && $("at").value) {
			const d = new Date($("at").value);
			if (!isNaN(d)) at = d.toISOString().replace(/\.000Z$/, "Z");
		}
		const pw = $("password").value;
		return {
			at, warnDays: Math.max(0, parseInt($("warn-days").value || "30", 10) || 0),
			passwords: pw ? [pw] : [], target: $("target").value, awsAuth: $("aws-auth").value,
		};
	}

	// schedule runs a check now, or once the running one is done.
	function schedule() {
		if (!api) return;
		if (given.size === 0) {
			showResult(null);
			$("status").textContent = "Give the page some files to check.";
			return;
		}
		if (checking) {
			again = true;
			return;
		}
		checking = runCheck().finally(() => {
			checking = null;
			if (again) {
				again = false;
				schedule();
			}
		});
	}

	async function runCheck() {
		const files = [...given.keys()].sort().map((name) => ({ name, role: given.get(name).role, optional: given.get(name).optional }));
		const status = $("status");
		status.textContent = `Checking ${files.length} file${files.length === 1 ? "" : "s"}…`;
		status.removeAttribute("data-ms");
		status.setAttribute("data-state", "checking");
		const start = performance.now();
		try {
			const r = JSON.parse(await api.check(JSON.stringify({ files, settings: settings() })));
			const ms = performance.now() - start;
			showResult(r);
			const c = r.counts;
			status.textContent = `${plural(c.error, "error")}, ${plural(c.warning, "warning")}, ${c.info} info in ${plural(r.checked.length, "file")}; certificates evaluated at ${r.at}; checked in ${Math.round(ms)} ms.`;
			status.setAttribute("data-ms", ms.toFixed(1));
			status.setAttribute("data-state", "done");
		} catch (e) {
			showResult(null);
			status.textContent = (e && e.usage ? "Bad setting: " : "The check failed: ") + (e && e.message ? e.message : String(e));
			status.setAttribute("data-state", "failed");
		}
	}

	const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

	function showResult(r) {
		result = r;
		findings = r ? JSON.parse(r.json).findings : [];
		findings.forEach((f, i) => { f.index = i; });
		$("results").hidden = !r;
		$("command").hidden = !r;
		$("command-text").textContent = r ? r.command : "";
		renderFiles();
		if (r) {
			for (const sev of ["error", "warning", "info"]) $("count-" + sev).textContent = r.counts[sev];
		}
		renderFindings();
	}

	const severityRank = { error: 0, warning: 1, info: 2 };
	// compareIDs orders rule IDs as the rule catalog does: by family, then
	// number (VPN2 before VPN10).
	const compareIDs = (a, b) => {
		const [, fa, na] = /^([A-Z]+)(\d*)$/.exec(a) || [, a, ""];
		const [, fb, nb] = /^([A-Z]+)(\d*)$/.exec(b) || [, b, ""];
		return fa < fb ? -1 : fa > fb ? 1 : (parseInt(na || "0", 10) - parseInt(nb || "0", 10));
	};
	const keys = {
		severity: (a, b) => severityRank[a.severity] - severityRank[b.severity],
		rule: (a, b) => compareIDs(a.rule, b.rule),
		message: (a, b) => a.message.localeCompare(b.message),
		location: (a, b) => a.index - b.index, // the report's order: file, line, column, rule
		fix: (a, b) => a.fix.localeCompare(b.fix),
		windows: (a, b) => a.windowsErrors.join(" ").localeCompare(b.windowsErrors.join(" ")),
	};

	function renderFindings() {
		const shown = new Set(["error", "warning", "info"].filter((s) => $("show-" + s).checked));
		const rows = findings.filter((f) => shown.has(f.severity));
		rows.sort((a, b) => sortDir * keys[sortKey](a, b) || a.index - b.index);
		const body = $("finding-rows");
		body.replaceChildren();
		for (const f of rows) {
			const tr = el("tr", null, { "data-rule": f.rule, "data-severity": f.severity, "data-file": f.file, "data-line": f.line, "data-column": f.column, "data-index": f.index });
			tr.append(el("td", f.severity, { class: "sev sev-" + f.severity }));
			const rule = el("td");
			rule.append(explainButton(f.rule, "Explain rule " + f.rule));
			tr.append(rule);
			const msg = el("td");
			msg.append(el("span", f.message, { class: "message" }));
			if (f.related.length) {
				const ul = el("ul", null, { class: "related" });
				for (const r of f.related) {
					const li = el("li", "see ");
					li.append(locationButton(r.file, r.line, r.column, tr), document.createTextNode(": " + r.message));
					ul.append(li);
				}
				msg.append(ul);
			}
			tr.append(msg);
			const loc = el("td");
			loc.append(locationButton(f.file, f.line, f.column, tr));
			tr.append(loc, el("td", f.fix, { class: "fix" }));
			const win = el("td", null, { class: "windows" });
			f.windowsErrors.forEach((code, i) => {
				if (i > 0) win.append(document.createTextNode(", "));
				win.append(explainButton(code, "Explain Windows error " + code));
			});
			tr.append(win);
			body.append(tr);
		}
		for (const th of document.querySelectorAll("#findings th[data-key]")) {
			th.setAttribute("aria-sort", th.dataset.key === sortKey ? (sortDir > 0 ? "ascending" : "descending") : "none");
		}
	}

	const position = (file, line, column) => file + (line > 0 ? `:${line}` + (column > 0 ? `:${column}` : "") : "");

	function locationButton(file, line, column, row) {
		const b = el("button", position(file, line, column), { type: "button", class: "linklike", "aria-label": `Show ${position(file, line, column)} in the source` });
		b.addEventListener("click", () => {
			for (const r of document.querySelectorAll("#finding-rows tr.chosen")) r.classList.remove("chosen");
			row.classList.add("chosen");
			showSource(file, line);
		});
		return b;
	}

	function explainButton(query, label) {
		const b = el("button", query, { type: "button", class: "linklike", "aria-label": label });
		b.addEventListener("click", () => {
			$("explain-query").value = query;
			explain(query);
			$("explain-heading").scrollIntoView({ block: "start" });
		});
		return b;
	}

	async function showSource(name, line) {
		const pre = $("source-text"), note = $("source-note");
		$("source-heading").textContent = "Source: " + name + (line > 0 ? `, line ${line}` : "");
		let view = sourceShown.name === name ? sourceShown.view : null;
		if (!view) {
			if (!given.has(aovpnlintFS.normal(name) || "")) {
				pre.replaceChildren();
				note.textContent = "This file was not given to the page.";
				return;
			}
			try {
				view = JSON.parse(await api.source(name));
			} catch (e) {
				view = { text: "", why: "it could not be read: " + (e && e.message ? e.message : String(e)) };
			}
			sourceShown = { name, view };
		}
		if (!view.text) {
			pre.replaceChildren();
			pre.removeAttribute("data-file");
			note.textContent = `Not shown: ${view.why}.`;
			return;
		}
		note.textContent = `${view.kind}${view.encoding ? ", " + view.encoding : ""}. Secrets are redacted.`;
		pre.setAttribute("data-file", name);
		const text = view.text;
		// The text in three parts, the chosen line marked.
		let start = 0;
		for (let n = 1; n < line; n++) {
			const i = text.indexOf("\n", start);
			if (i === -1) {
				start = -1;
				break;
			}
			start = i + 1;
		}
		if (line < 1 || start === -1) {
			pre.replaceChildren(document.createTextNode(text));
			return;
		}
		let end = text.indexOf("\n", start);
		if (end === -1) end = text.length;
		const mark = el("mark", text.slice(start, end) || " ", { "data-line": line });
		pre.replaceChildren(document.createTextNode(text.slice(0, start)), mark, document.createTextNode(text.slice(end)));
		mark.scrollIntoView({ block: "center", inline: "nearest" });
	}

	async function explain(query) {
		const out = $("explanation");
		out.replaceChildren();
		if (!api || !query.trim()) return;
		let list;
		try {
			list = JSON.parse(await api.explain(query));
		} catch (e) {
			out.append(el("p", "Explain failed: " + (e && e.message ? e.message : String(e))));
			return;
		}
		if (!list || list.length === 0) {
			out.append(el("p", `Nothing matches "${query}"; give a code (812, 0x800B0109, -2146762487), a symbolic name (CERT_E_UNTRUSTEDROOT), a phrase (oops) or a rule ID (VPN041).`));
			return;
		}
		for (const x of list) {
			const s = el("section");
			if (x.rule) {
				const r = x.rule;
				s.setAttribute("data-rule", r.id);
				s.append(el("h3", `${r.id} (${r.severity}): ${r.title}`));
				if (r.windowsErrors.length) s.append(el("p", "Windows errors: " + r.windowsErrors.join(", ")));
				s.append(el("p", "Fix: " + r.fix), el("p", "See: " + r.citation));
				if (r.definedIn) s.append(el("p", "Defined in: " + r.definedIn));
				for (const para of (r.doc || "").split("\n\n")) {
					if (!para) continue;
					s.append(para.startsWith("    ") ? el("pre", para) : el("p", para));
				}
			} else {
				const e = x.error;
				s.setAttribute("data-code", e.code);
				s.append(el("h3", e.code === e.name ? e.name : `${e.code} ${e.name}`), el("p", e.meaning.charAt(0).toUpperCase() + e.meaning.slice(1) + "."));
				s.append(el("p", "Usual causes, and the rules that detect them:"));
				const ul = el("ul");
				for (const c of e.causes) {
					const li = el("li", c.text);
					if (c.rules.length === 0) li.append(el("div", "(not visible in the files aovpnlint reads)", { class: "why" }));
					const rl = el("ul");
					for (const r of c.rules) {
						const rli = el("li");
						rli.append(explainButton(r.id, "Explain rule " + r.id), document.createTextNode(` ${r.severity}: ${r.title}`));
						rl.append(rli);
					}
					if (c.rules.length) li.append(rl);
					ul.append(li);
				}
				s.append(ul);
				if (e.noFile) s.append(el("p", "No rule can detect this: " + e.noFile + "."));
			}
			out.append(s);
		}
	}

	function download(text, name, type) {
		const url = URL.createObjectURL(new Blob([text], { type }));
		const a = el("a", null, { href: url, download: name });
		document.body.append(a);
		a.click();
		a.remove();
		setTimeout(() => URL.revokeObjectURL(url), 10000);
	}

	// filesFrom turns a drop into named files, walking dropped folders.
	async function filesFrom(dt) {
		const entries = [...dt.items].filter((i) => i.kind === "file").map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
		if (entries.length === 0 || entries.some((e) => !e)) return [...dt.files].map((file) => ({ name: file.name, file }));
		const out = [];
		const walk = async (entry, path) => {
			if (entry.isFile) {
				const file = await new Promise((res, rej) => entry.file(res, rej));
				if (!path.includes("/") || !skippedInFolder(path)) out.push({ name: path, file, optional: path.includes("/") });
				return;
			}
			const reader = entry.createReader();
			for (;;) {
				const batch = await new Promise((res, rej) => reader.readEntries(res, rej));
				if (batch.length === 0) break;
				for (const e of batch) await walk(e, path + "/" + e.name);
			}
		};
		for (const e of entries) await walk(e, e.name);
		return out;
	}

	function wire() {
		const drop = $("drop");
		drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
		drop.addEventListener("dragleave", () => drop.classList.remove("over"));
		drop.addEventListener("drop", async (e) => {
			e.preventDefault();
			drop.classList.remove("over");
			add(await filesFrom(e.dataTransfer));
		});
		// A file dropped beside the zone is not opened by the browser.
		window.addEventListener("dragover", (e) => e.preventDefault());
		window.addEventListener("drop", (e) => e.preventDefault());
		$("files").addEventListener("change", (e) => {
			add([...e.target.files].map((file) => ({ name: file.webkitRelativePath || file.name, file })));
			e.target.value = "";
		});
		$("clear").addEventListener("click", () => {
			forgetSource();
			given.clear();
			aovpnlintFS.clear();
			$("file-note").textContent = "";
			renderFiles();
			schedule();
		});
		$("settings").addEventListener("submit", (e) => { e.preventDefault(); schedule(); });
		$("at-now").addEventListener("change", () => {
			$("at").disabled = $("at-now").checked;
			if (!$("at-now").checked && !$("at").value) $("at").value = localNow();
			schedule();
		});
		for (const id of ["at", "target", "warn-days", "aws-auth"]) $(id).addEventListener("change", schedule);
		for (const s of ["error", "warning", "info"]) $("show-" + s).addEventListener("change", renderFindings);
		for (const th of document.querySelectorAll("#findings th[data-key]")) {
			th.querySelector("button").addEventListener("click", () => {
				sortDir = sortKey === th.dataset.key ? -sortDir : 1;
				sortKey = th.dataset.key;
				renderFindings();
			});
		}
		$("download-json").addEventListener("click", () => result && download(result.json, "aovpnlint.json", "application/json"));
		$("download-sarif").addEventListener("click", async () => {
			if (!result) return;
			try {
				download(JSON.parse(await api.sarif()), "aovpnlint.sarif", "application/sarif+json");
			} catch (e) {
				$("status").textContent = "The SARIF report could not be written: " + (e && e.message ? e.message : String(e));
			}
		});
		$("explain-form").addEventListener("submit", (e) => { e.preventDefault(); explain($("explain-query").value); });
	}

	const localNow = () => {
		const d = new Date(), p = (n) => String(n).padStart(2, "0");
		return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
	};

	wire();
	const started = performance.now();
	aovpnlintStart(aovpnlintDecode(globalThis.aovpnlintWasm)).then((a) => {
		api = a;
		delete globalThis.aovpnlintWasm;
		$("loading").textContent = `Ready (the checker started in ${Math.round(performance.now() - started)} ms).`;
		$("loading").setAttribute("data-state", "ready");
		$("version").textContent = api.version;
		$("check").disabled = false;
		$("explain-button").disabled = false;
		schedule();
	}, (e) => {
		$("loading").textContent = "The checker could not start: " + (e && e.message ? e.message : String(e));
		$("loading").setAttribute("data-state", "failed");
	});
})();
