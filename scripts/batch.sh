#!/usr/bin/env bash
# One aovpnlint run over 100, 1,000 and 10,000 profiles (copies of the
# fixtures and the shared corpus): median wall time, CPU time and peak
# memory of the process (BENCHMARKS.md).
#
# Usage: scripts/batch.sh [SIZES] [RUNS]   (default 100,1000,10000 and 5)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# BUILD=release (the default) builds as a release is built: static (CGO_ENABLED=0),
# without urfave/cli's documentation generator, stripped; BUILD=plain as
# `go install` does with no flags.
if [ "${BUILD:-release}" = release ]; then
	CGO_ENABLED=0 go build -trimpath -tags urfave_cli_no_docs -ldflags "-s -w" -o "$tmp/aovpnlint" ./cmd/aovpnlint
else
	go build -o "$tmp/aovpnlint" ./cmd/aovpnlint
fi
echo "aovpnlint built as ${BUILD:-release}; $(go version)"
go build -o "$tmp/batch" ./internal/tools/batch
"$tmp/batch" -bin "$tmp/aovpnlint" -n "${1:-100,1000,10000}" -runs "${2:-5}"
