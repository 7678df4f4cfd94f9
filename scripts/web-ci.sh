#!/usr/bin/env bash
# The browser page's part of CI (.ci/run runs it last): builds the page
# into web/dist, runs its WebAssembly module in Node.js against the
# command line (TestModuleMatchesCLI), builds aovpnlint with the page
# embedded, and runs the page in headless Chromium, then in headless
# Firefox (web/test/browser.js), from disk and from `aovpnlint serve`.
# Installs what it needs when it is missing: Debian's chromium and
# firefox-esr with apt-get, playwright-core with npm ci into the user
# cache, outside the repository (1.65.1 for Chromium, pinned in
# web/test/package-lock.json; 1.53.2 for Firefox, whose WebDriver BiDi
# driver drives Firefox 153 ESR (1.65's sends a command it does not
# know), pinned in
# web/test/firefox/package-lock.json). WEB_FIREFOX=0 leaves Firefox out. The screenshots are left in $AOVPNLINT_WEB_OUT (default
# ${TMPDIR:-/tmp}/aovpnlint-web-test). BENCH=N loads the page N more
# times and prints the time of its first check (BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v node >/dev/null || { echo "node is not installed; the browser page needs Node.js 20 or later to be tested"; exit 1; }

echo "-- building the page into web/dist"
scripts/build-web.sh web/dist

echo "-- the WebAssembly module in Node.js, with the page's file system, against the command line"
AOVPNLINT_WEB_DIST=$PWD/web/dist go test -count=1 ./web/engine/ -run 'TestModuleMatchesCLI'

# install_deps DIR LOCKDIR installs the packages of LOCKDIR's lock file
# into DIR, unless they are there already.
install_deps() {
	if ! cmp -s "$2/package-lock.json" "$1/package-lock.json" || [ ! -d "$1/node_modules/playwright-core" ]; then
		echo "(installing playwright-core into $1)"
		rm -rf "$1"
		mkdir -p "$1"
		cp "$2/package.json" "$2/package-lock.json" "$1/"
		(cd "$1" && npm ci --no-audit --no-fund --loglevel=error)
	fi
}
apt_updated=0
apt_install() {
	echo "(installing Debian's $1)"
	[ "$apt_updated" = 1 ] || apt-get update -qq
	apt_updated=1
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" >/dev/null
}

[ -x /usr/bin/chromium ] || apt_install chromium
deps=${XDG_CACHE_HOME:-$HOME/.cache}/aovpnlint-ci/web-test
install_deps "$deps" web/test
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -tags webpage -o "$bin/aovpnlint" ./cmd/aovpnlint
out=${AOVPNLINT_WEB_OUT:-${TMPDIR:-/tmp}/aovpnlint-web-test}
echo "-- the page in headless Chromium"
NODE_PATH=$deps/node_modules node web/test/browser.js --dist web/dist --aovpnlint "$bin/aovpnlint" --out "$out/chromium" --bench "${BENCH:-0}"
if [ "${WEB_FIREFOX:-1}" != 0 ]; then
	echo "-- the page in headless Firefox"
	[ -x /usr/bin/firefox-esr ] || apt_install firefox-esr
	install_deps "$deps-firefox" web/test/firefox
	NODE_PATH=$deps-firefox/node_modules node web/test/browser.js --browser firefox --dist web/dist --aovpnlint "$bin/aovpnlint" --out "$out/firefox"
fi
echo "(screenshots in $out)"
