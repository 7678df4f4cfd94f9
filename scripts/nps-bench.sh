#!/usr/bin/env bash
# Times one `aovpnlint check` of a generated NPS export (BENCHMARKS.md,
# "An NPS export"): writes the export of nps's BenchmarkRead at 5 MB
# (660 network policies, 2,900 RADIUS clients) and 6 MB (800 and 3,500),
# builds the working tree, checks that OLD_BINARY and the new build write
# the same report (text and JSON), then times both with
# internal/tools/timecmp, alternating them RUNS times after 3 warm-up runs.
#
# Usage: scripts/nps-bench.sh OLD_BINARY [RUNS]   (RUNS defaults to 21)
#
# OLD_BINARY is a build of the version to compare with, for example
#   git worktree add /tmp/old 011d231 && (cd /tmp/old && scripts/build.sh /tmp/aovpnlint-old)
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1")
runs=${2:-21}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scripts/build.sh "$tmp/aovpnlint" # BUILD=plain for a build without release flags
go build -o "$tmp/timecmp" ./internal/tools/timecmp
for size in "5 660 2900" "6 800 3500"; do
	set -- $size
	export="$tmp/nps-$1mb.xml"
	NPS_EXPORT_OUT=$export NPS_EXPORT_POLICIES=$2 NPS_EXPORT_CLIENTS=$3 \
		go test ./nps -run '^TestWriteLargeExport$' -count=1 >/dev/null
	echo "== $(basename "$export"): $(wc -c <"$export") bytes, $2 network policies, $3 RADIUS clients"
	for format in text json; do
		"$old" check --fail-on none --format $format "$export" >"$tmp/old.out" 2>&1 || true
		"$tmp/aovpnlint" check --fail-on none --format $format "$export" >"$tmp/new.out" 2>&1 || true
		if cmp -s "$tmp/old.out" "$tmp/new.out"; then
			echo "same $format report ($(wc -l <"$tmp/new.out") lines)"
		else
			echo "DIFFERENT $format report"
			exit 1
		fi
	done
	"$tmp/timecmp" -n "$runs" -a "$tmp/aovpnlint check --fail-on none $export" -b "$old check --fail-on none $export"
done
