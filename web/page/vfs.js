// The page's file system for the WebAssembly module. Go's os package in
// a js/wasm build calls globalThis.fs, as Node.js's fs module is called;
// wasm_exec.js puts a stub there that refuses everything, unless a file
// system is already set. This one is set first: a read-only folder holding
// the files the user gave the page (Blobs, read only when and as far as
// the module reads them), so that the module reads them by name as the
// command line reads files from disk: a file over the size limit is
// refused by its size before it is read, and an OpenVPN profile finds the
// files it names beside it. Nothing is written anywhere; what the module
// prints goes to the console.
//
// It runs in the browser and in Node.js (the tests), before wasm_exec.js.
"use strict";

(() => {
	const files = new Map(); // normalized path -> Blob
	const handles = new Map(); // fd -> { blob, pos }
	let nextFD = 100;

	const failure = (code) => {
		const e = new Error(code);
		e.code = code;
		return e;
	};

	// normal returns the path without "." and empty segments and with ".."
	// applied, or null for a path that leaves the folder or is absolute.
	const normal = (path) => {
		if (typeof path !== "string" || path.startsWith("/")) return null;
		const out = [];
		for (const seg of path.split("/")) {
			if (seg === "" || seg === ".") continue;
			if (seg === "..") {
				if (out.length === 0) return null;
				out.pop();
				continue;
			}
			out.push(seg);
		}
		return out.length ? out.join("/") : null;
	};

	const S_IFREG = 0o100000, S_IFDIR = 0o040000;
	const statOf = (size, dir, mtime) => ({
		dev: 0, ino: 0, mode: dir ? S_IFDIR | 0o555 : S_IFREG | 0o444, nlink: 1, uid: 0, gid: 0, rdev: 0,
		size, blksize: 4096, blocks: Math.ceil(size / 512), atimeMs: mtime, mtimeMs: mtime, ctimeMs: mtime,
		isDirectory() { return dir; },
	});

	// lookup returns the stat of a path: a file given, or a folder that
	// holds one.
	const lookup = (path) => {
		const p = normal(path);
		if (p === null) return null;
		const blob = files.get(p);
		if (blob) return statOf(blob.size, false, Math.floor(blob.lastModified || 0));
		const prefix = p + "/";
		for (const name of files.keys()) {
			if (name.startsWith(prefix)) return statOf(0, true, 0);
		}
		return null;
	};

	const decoder = new TextDecoder("utf-8");
	const output = { 1: "", 2: "" };
	const print = (fd, buf) => {
		output[fd] = (output[fd] || "") + decoder.decode(buf);
		const nl = output[fd].lastIndexOf("\n");
		if (nl !== -1) {
			(fd === 2 ? console.error : console.log)(output[fd].substring(0, nl));
			output[fd] = output[fd].substring(nl + 1);
		}
		return buf.length;
	};
	const enosys = (...args) => args[args.length - 1](failure("ENOSYS"));

	globalThis.fs = {
		// Only O_RDONLY (0) is ever asked for; the others are refused.
		constants: { O_WRONLY: -1, O_RDWR: -1, O_CREAT: -1, O_TRUNC: -1, O_APPEND: -1, O_EXCL: -1, O_DIRECTORY: -1 },
		writeSync(fd, buf) {
			if (fd !== 1 && fd !== 2) throw failure("EBADF");
			return print(fd, buf);
		},
		write(fd, buf, offset, length, position, callback) {
			if ((fd !== 1 && fd !== 2) || offset !== 0 || length !== buf.length || position !== null) {
				callback(failure("EBADF"));
				return;
			}
			callback(null, print(fd, buf));
		},
		stat(path, callback) {
			const st = lookup(path);
			if (st) callback(null, st); else callback(failure("ENOENT"));
		},
		lstat(path, callback) { this.stat(path, callback); },
		open(path, flags, mode, callback) {
			const p = normal(path);
			const blob = p === null ? undefined : files.get(p);
			if (flags !== 0) callback(failure("EROFS"));
			else if (blob) {
				const fd = nextFD++;
				handles.set(fd, { blob, pos: 0 });
				callback(null, fd);
			} else callback(failure(lookup(path) ? "EISDIR" : "ENOENT"));
		},
		fstat(fd, callback) {
			const h = handles.get(fd);
			if (h) callback(null, statOf(h.blob.size, false, Math.floor(h.blob.lastModified || 0)));
			else callback(failure("EBADF"));
		},
		read(fd, buffer, offset, length, position, callback) {
			const h = handles.get(fd);
			if (!h) {
				callback(failure("EBADF"));
				return;
			}
			const sequential = position === null || position === undefined;
			const from = sequential ? h.pos : position;
			const to = Math.min(from + length, h.blob.size);
			if (to <= from) {
				callback(null, 0);
				return;
			}
			h.blob.slice(from, to).arrayBuffer().then((ab) => {
				buffer.set(new Uint8Array(ab), offset);
				if (sequential) h.pos = from + ab.byteLength;
				callback(null, ab.byteLength);
			}, () => callback(failure("EIO")));
		},
		close(fd, callback) {
			if (handles.delete(fd)) callback(null); else callback(failure("EBADF"));
		},
		fsync(fd, callback) { callback(null); },
		chmod: enosys, chown: enosys, fchmod: enosys, fchown: enosys, ftruncate: enosys, lchown: enosys,
		link: enosys, mkdir: enosys, readdir: enosys, readlink: enosys, rename: enosys, rmdir: enosys,
		symlink: enosys, truncate: enosys, unlink: enosys, utimes: enosys,
	};

	// aovpnlintFS is how the page puts files in the folder and takes them
	// out. A name is a relative path with "/" between folders.
	globalThis.aovpnlintFS = {
		normal,
		set(name, blob) {
			const p = normal(name);
			if (p === null) throw new Error("not a relative path: " + name);
			files.set(p, blob);
			return p;
		},
		delete(name) { return files.delete(normal(name)); },
		clear() { files.clear(); },
		has(name) { return files.has(normal(name)); },
		names() { return [...files.keys()]; },
	};
})();
