#!/usr/bin/env bash
# Compares the reports of two aovpnlint binaries, byte for byte, in every
# format, on the fixture folders and the shared corpus and samples, with
# and without certificate roles: a restructuring must not change output.
#
# Usage: scripts/same-output.sh OLD_BINARY NEW_BINARY
set -uo pipefail
cd "$(dirname "$0")/.."
old=$1 new=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
s=fixtures/scenario/certs
runs=(
	"profile/testdata" "eapxml/testdata" "fixtures" "crosscheck/testdata" "certcheck/testdata"
	"../shared/corpus" "../shared/samples" "../shared/samples/profiles ../shared/corpus fixtures/profiles"
	"fixtures/scenario/profiles --vpn-cert $s/vpn.pem --nps-cert $s/nps.pem --trust $s/trust.pem --client-cert $s/ca-client.pem"
	"fixtures/scenario/profiles --certs $s"
	"--target intune ../shared/corpus profile/testdata"
)
same=0 differ=0
for args in "${runs[@]}"; do
	for format in text json sarif junit; do
		for b in old new; do
			bin=$old
			[ $b = new ] && bin=$new
			# shellcheck disable=SC2086
			"$bin" check --at 2026-06-01T00:00:00Z --fail-on none --format $format $args >"$tmp/$b.out" 2>"$tmp/$b.err"
			echo "exit $?" >>"$tmp/$b.err"
			if [ $format = junit ]; then # the run's duration and time of day differ from run to run
				sed -i -e 's/ time="[^"]*"//g' -e 's/ timestamp="[^"]*"//g' "$tmp/$b.out"
			fi
		done
		if cmp -s "$tmp/old.out" "$tmp/new.out" && cmp -s "$tmp/old.err" "$tmp/new.err"; then
			same=$((same + 1))
		else
			differ=$((differ + 1))
			echo "DIFFERENT: check --format $format $args"
		fi
	done
done
echo "$same reports identical, $differ different"
[ $differ -eq 0 ]
