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
# github.com/zmap/zcrypto does not compile for js/wasm as published (its
# x509 package builds root_unix.go for js but defines certFiles for linux
# alone), so the module is built against a copy of the pinned version with
# one more file, web/wasm/zcrypto_root_js.go.txt, through a copy of go.mod
# with a replace directive (go build -modfile). The repository's go.mod is
# not changed, and the copy is kept in the user cache, so that rebuilds
# reuse Go's build cache.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-web/dist}

zver=$(go list -m -f '{{.Version}}' github.com/zmap/zcrypto)
go mod download github.com/zmap/zcrypto
zdir=$(go list -m -f '{{.Dir}}' github.com/zmap/zcrypto)
cache=${AOVPNLINT_WEB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aovpnlint-web}
copy=$cache/zcrypto-$zver
if ! cmp -s web/wasm/zcrypto_root_js.go.txt "$copy/x509/root_js.go" 2>/dev/null; then
	rm -rf "$copy"
	mkdir -p "$cache"
	cp -r "$zdir" "$copy.tmp"
	chmod -R u+w "$copy.tmp"
	cp web/wasm/zcrypto_root_js.go.txt "$copy.tmp/x509/root_js.go"
	mv "$copy.tmp" "$copy"
fi
mods=$(mktemp -d)
trap 'rm -rf "$mods"' EXIT
cp go.mod "$mods/go.mod"
cp go.sum "$mods/go.sum"
echo "replace github.com/zmap/zcrypto $zver => $copy" >>"$mods/go.mod"

GOOS=js GOARCH=wasm go build -modfile "$mods/go.mod" -trimpath -ldflags "-s -w" -o "$mods/aovpnlint.wasm" ./web/wasm

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
