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
scripts/build.sh "$tmp/aovpnlint" # BUILD=plain for a build without release flags
go build -o "$tmp/batch" ./internal/tools/batch
"$tmp/batch" -bin "$tmp/aovpnlint" -n "${1:-100,1000,10000}" -runs "${2:-5}"
