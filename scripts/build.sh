#!/usr/bin/env bash
# Builds aovpnlint into $1 for the measuring scripts. BUILD=release (the
# default) builds as a release is built (scripts/release.sh, without its
# version stamps): static (CGO_ENABLED=0), without urfave/cli's
# documentation generator and suggestions, stripped; BUILD=plain as `go install`
# does with no flags.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${BUILD:-release}" = release ]; then
	CGO_ENABLED=0 go build -trimpath -tags urfave_cli_no_docs,urfave_cli_no_suggest -ldflags "-s -w" -o "$1" ./cmd/aovpnlint
else
	go build -o "$1" ./cmd/aovpnlint
fi
echo "aovpnlint built as ${BUILD:-release}; $(go version)"
