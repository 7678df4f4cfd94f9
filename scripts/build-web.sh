#!/usr/bin/env bash
# Builds the browser page into a folder (default web/dist) that can be
# opened from disk (index.html) or put on any static host, and that
# `go build -tags webpage ./cmd/aovpnlint` embeds for `aovpnlint serve`:
#
#   index.html app.js boot.js vfs.js style.css   the page (web/page)
#   wasm_exec.js                                  Go's loader, from this Go toolchain
#   aovpnlint.wasm.js                             the module (web/wasm), as base64 in a script
#
# The module is a script rather than a .wasm file because the page's
# Content-Security-Policy forbids every connection (connect-src 'none'),
# fetch() with it, and because browsers refuse fetch() on file:// pages.
# With KEEP_WASM=path, the module is also written there as a .wasm file
# (for measurements and the Node.js tests).
#
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-web/dist}

mods=$(mktemp -d)
trap 'rm -rf "$mods"' EXIT

GOOS=js GOARCH=wasm go build -trimpath -ldflags "-s -w" -o "$mods/aovpnlint.wasm" ./web/wasm

exec_js=$(go env GOROOT)/lib/wasm/wasm_exec.js
[ -f "$exec_js" ] || exec_js=$(go env GOROOT)/misc/wasm/wasm_exec.js # before Go 1.24

rm -rf "$out"
mkdir -p "$out"
cp web/page/index.html web/page/app.js web/page/boot.js web/page/vfs.js web/page/style.css "$out/"
cp "$exec_js" "$out/wasm_exec.js"
{
	printf '// The aovpnlint WebAssembly module (web/wasm), base64; built by scripts/build-web.sh.\nglobalThis.aovpnlintWasm = "'
	base64 -w0 "$mods/aovpnlint.wasm"
	printf '";\n'
} >"$out/aovpnlint.wasm.js"
if [ -n "${KEEP_WASM:-}" ]; then
	cp "$mods/aovpnlint.wasm" "$KEEP_WASM"
fi
echo "the page is in $out ($(du -sh "$out" | cut -f1)); open $out/index.html, or build aovpnlint with -tags webpage for aovpnlint serve"
