#!/usr/bin/env bash
# The browser page's part of CI (.ci/run runs it last): builds the page
# into web/dist, runs its WebAssembly module in Node.js against the
# command line (TestModuleMatchesCLI), builds aovpnlint with the page
# embedded, and runs the page in headless Chromium (web/test/browser.js),
# from disk and from `aovpnlint serve`. Installs what it needs when it is
# missing: Debian's chromium with apt-get, playwright-core (pinned in
# web/test/package-lock.json) with npm ci into the user cache, outside the
# repository. The screenshots are left in $AOVPNLINT_WEB_OUT (default
# ${TMPDIR:-/tmp}/aovpnlint-web-test). BENCH=N loads the page N more
# times and prints the time of its first check (BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v node >/dev/null || { echo "node is not installed; the browser page needs Node.js 20 or later to be tested"; exit 1; }

echo "-- building the page into web/dist"
scripts/build-web.sh web/dist

echo "-- the WebAssembly module in Node.js, with the page's file system, against the command line"
AOVPNLINT_WEB_DIST=$PWD/web/dist go test -count=1 ./web/engine/ -run 'TestModuleMatchesCLI'

echo "-- the page in headless Chromium"
if [ ! -x /usr/bin/chromium ]; then
	echo "(installing Debian's chromium)"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
deps=${XDG_CACHE_HOME:-$HOME/.cache}/aovpnlint-ci/web-test
if ! cmp -s web/test/package-lock.json "$deps/package-lock.json" || [ ! -d "$deps/node_modules/playwright-core" ]; then
	echo "(installing playwright-core into $deps)"
	rm -rf "$deps"
	mkdir -p "$deps"
	cp web/test/package.json web/test/package-lock.json "$deps/"
	(cd "$deps" && npm ci --no-audit --no-fund --loglevel=error)
fi
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -tags webpage -o "$bin/aovpnlint" ./cmd/aovpnlint
out=${AOVPNLINT_WEB_OUT:-${TMPDIR:-/tmp}/aovpnlint-web-test}
NODE_PATH=$deps/node_modules node web/test/browser.js --dist web/dist --aovpnlint "$bin/aovpnlint" --out "$out" --bench "${BENCH:-0}"
echo "(screenshots in $out)"
