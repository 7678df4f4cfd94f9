#!/usr/bin/env bash
# Times aovpnlint's whole job against OpenSSL's single chain check, as
# whole processes on the same machine, alternating them (BENCHMARKS.md):
#
#   aovpnlint check: a Conditional Access profile with its VPN, NPS, trust
#                    and client certificates (fixtures/scenario)
#   openssl verify:  -CAfile root -untrusted intermediate server.pem
#
# Usage: scripts/compare-openssl.sh [RUNS]   (default 31, at least 21)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-31}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scripts/build.sh "$tmp/aovpnlint" # BUILD=plain for a build without release flags
go build -o "$tmp/timecmp" ./internal/tools/timecmp
s=fixtures/scenario
"$tmp/timecmp" -n "$runs" \
	-a "$tmp/aovpnlint check --at 2030-01-01T00:00:00Z --vpn-cert $s/certs/vpn.pem --nps-cert $s/certs/nps.pem --trust $s/certs/trust.pem --trust $s/certs/entra-root.pem --client-cert $s/certs/ca-client.pem $s/profiles/user-tunnel.xml" \
	-b "openssl verify -CAfile $s/certs/root.pem -untrusted $s/certs/issuing.pem $s/certs/vpn.pem"
