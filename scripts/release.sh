#!/usr/bin/env bash
# Builds a release of aovpnlint: static binaries for Windows, macOS and
# Linux on amd64 and arm64, each in an archive with the README, the manual
# page and the completion scripts; SHA256SUMS; the Windows binaries signed
# with Authenticode when a code-signing PFX is given; and the Scoop and
# winget manifests of the Windows archives (packaging/manifests).
#
# Usage: scripts/release.sh [VERSION]
#
#   VERSION             the version released (default: git describe --tags --dirty)
#
# Environment:
#   OUT                 the folder written (default: dist/VERSION; emptied first)
#   TARGETS             the os/arch pairs built (default: all six; the manifests
#                       are written only when both Windows targets are built)
#   SIGN_PFX            a code-signing certificate and key (PFX): each Windows binary
#                       is signed with osslsigncode before it is archived
#   SIGN_PASSWORD_FILE  the file holding the PFX's password (read by osslsigncode,
#                       never put on a command line)
#   TIMESTAMP_URL       an RFC 3161 time-stamping service for the signatures (none by
#                       default: the build itself never uses the network)
#   RELEASE_URL         where the archives will be downloaded from, for the manifests
#                       (default: the GitHub release of VERSION)
#   SOURCE_DATE_EPOCH   the build time stamped into the binaries and the archives
#                       (default: the time of the commit, so that a rebuild is the same)
#
# Every binary is built with CGO_ENABLED=0 (static, no libc), -trimpath (no
# path of this machine in it), without urfave/cli's documentation
# generator and suggestions, stripped, and stamped with the version, the
# commit and the build time (aovpnlint version prints them). Nothing built
# is committed: dist/ is ignored by git.
#
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:-$(git describe --tags --dirty --always 2>/dev/null || echo devel)}
case "$version" in
v[0-9]*) ;;
*) echo "release.sh: the version $version does not start with v and a digit; tag the commit (git tag v1.2.0) or give the version" >&2 ;;
esac
commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
	commit="$commit-dirty"
fi
committed=$(TZ=UTC git log -1 --format=%cd --date=format-local:%Y-%m-%dT%H:%M:%SZ 2>/dev/null || true)
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
built=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)
out=${OUT:-dist/$version}
targets=${TARGETS:-windows/amd64 windows/arm64 darwin/amd64 darwin/arm64 linux/amd64 linux/arm64}
release_url=${RELEASE_URL:-https://github.com/aovpnlint/aovpnlint/releases/download/$version}

if [ -n "${SIGN_PFX:-}" ]; then
	command -v osslsigncode >/dev/null || { echo "release.sh: SIGN_PFX is set but osslsigncode is not installed" >&2; exit 1; }
	[ -n "${SIGN_PASSWORD_FILE:-}" ] || { echo "release.sh: SIGN_PFX needs SIGN_PASSWORD_FILE" >&2; exit 1; }
fi

rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ldflags="-s -w -buildid= -X main.stampVersion=$version -X main.stampCommit=$commit -X main.stampCommitTime=$committed -X main.stampDate=$built"
build() { # build GOOS GOARCH OUTPUT
	CGO_ENABLED=0 GOOS=$1 GOARCH=$2 go build -trimpath -buildvcs=false -tags urfave_cli_no_docs,urfave_cli_no_suggest \
		-ldflags "$ldflags" -o "$3" ./cmd/aovpnlint
}

# The manual page and the completion scripts, written by a build for this
# machine from the same definitions.
build "$(go env GOHOSTOS)" "$(go env GOHOSTARCH)" "$work/aovpnlint-host"
mkdir -p "$work/docs/completion"
"$work/aovpnlint-host" man >"$work/docs/aovpnlint.1"
for shell in bash zsh fish powershell; do
	"$work/aovpnlint-host" completion "$shell" >"$work/docs/completion/$shell"
done
mv "$work/docs/completion/zsh" "$work/docs/completion/_aovpnlint"
mv "$work/docs/completion/bash" "$work/docs/completion/aovpnlint.bash"
mv "$work/docs/completion/fish" "$work/docs/completion/aovpnlint.fish"
mv "$work/docs/completion/powershell" "$work/docs/completion/aovpnlint.ps1"

archives=()
windows=0
for target in $targets; do
	os=${target%/*} arch=${target#*/}
	name="aovpnlint_${version}_${os}_${arch}"
	dir="$work/$name"
	mkdir -p "$dir"
	exe=aovpnlint
	[ "$os" = windows ] && exe=aovpnlint.exe
	build "$os" "$arch" "$dir/$exe"
	if [ "$os" = windows ] && [ -n "${SIGN_PFX:-}" ]; then
		ts=()
		[ -n "${TIMESTAMP_URL:-}" ] && ts=(-ts "$TIMESTAMP_URL")
		osslsigncode sign -pkcs12 "$SIGN_PFX" -readpass "$SIGN_PASSWORD_FILE" -h sha256 \
			-n aovpnlint -i https://github.com/aovpnlint/aovpnlint "${ts[@]}" \
			-in "$dir/$exe" -out "$dir/$exe.signed" >/dev/null
		mv "$dir/$exe.signed" "$dir/$exe"
		echo "signed $name/$exe"
	fi
	cp README.md "$dir/"
	cp -r "$work/docs/." "$dir/"
	find "$dir" -exec touch -d "@$epoch" {} +
	if [ "$os" = windows ]; then
		windows=$((windows + 1))
		(cd "$work" && find "$name" -print | LC_ALL=C sort | zip -q -X -@ "$out/$name.zip")
		archives+=("$name.zip")
	else
		tar -C "$work" --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner -cf - "$name" | gzip -n -9 >"$out/$name.tar.gz"
		archives+=("$name.tar.gz")
	fi
	echo "built $name"
done

(cd "$out" && sha256sum "${archives[@]}" >SHA256SUMS)
echo "wrote $out/SHA256SUMS"

if [ "$windows" -eq 2 ]; then
	go run ./packaging/manifests -dir "$out" -version "$version" -url "$release_url" -date "${built:0:10}"
	echo "wrote $out/scoop/aovpnlint.json and $out/winget/manifests/"
else
	echo "no Scoop or winget manifest: they need both Windows archives (windows/amd64 and windows/arm64)"
fi
