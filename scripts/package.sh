#!/usr/bin/env bash
# package.sh [OUT] — builds the release package for this machine's architecture:
#   OUT/intune-assign-VERSION-linux-ARCH.tar.gz (and .sha256 beside it, as `sha256sum` writes it)
# holding intune-assign (release, Swift runtime and libyaml linked in: it needs only the C library family), shell
# completions for bash, zsh and fish, README.md and CHANGELOG.md (and LICENSE, once the repository has one). The
# symbols go to intune-assign-VERSION-linux-ARCH.debug beside the tarball, not into it.
# VERSION comes from scripts/version.sh (Sources/intune-assign/Version.swift). Needs Swift 6 and libyaml-dev
# and zlib1g-dev (their static archives). A clean build takes about 15 minutes on 2 cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-$root/dist}" && cd "${1:-$root/dist}" && pwd)
version=$("$root/scripts/version.sh")
arch=$(uname -m)
name=intune-assign-$version-linux-$arch
scratch=${SCRATCH:-$root/.build-release}

# libyaml and zlib (which Foundation links) statically: a folder holding only their archives, given to SwiftPM as
# yaml-0.1's library folder through a pkg-config file of our own. It comes first among the linker's folders, so
# that -lyaml and -lz find no shared library.
libdir=$(pkg-config --variable=libdir yaml-0.1)
static=$(mktemp -d)
stage=$(mktemp -d)
trap 'rm -rf "$static" "$stage"' EXIT
for archive in libyaml.a libz.a; do
  [[ -f $libdir/$archive ]] || { echo "package.sh: $libdir/$archive is missing (install libyaml-dev and zlib1g-dev)" >&2; exit 1; }
  cp "$libdir/$archive" "$static/"
done
cat > "$static/yaml-0.1.pc" <<PC
Name: LibYAML
Description: libyaml, linked statically into the release binary
Version: $(pkg-config --modversion yaml-0.1)
Cflags: $(pkg-config --cflags yaml-0.1)
Libs: -L$static -lyaml
PC

cd "$root"
PKG_CONFIG_PATH=$static swift build -c release --product intune-assign --static-swift-stdlib --scratch-path "$scratch"
binary=$scratch/release/intune-assign
built=$("$binary" --version)
[[ $built == "$version" ]] || { echo "package.sh: built $built, expected $version" >&2; exit 1; }

mkdir -p "$stage/$name/completions"
cp "$binary" "$stage/$name/intune-assign"
# Symbols into a separate file that debuggers find by the link left in the binary.
objcopy --only-keep-debug "$stage/$name/intune-assign" "$out/$name.debug"
strip --strip-unneeded "$stage/$name/intune-assign"
objcopy --add-gnu-debuglink="$out/$name.debug" "$stage/$name/intune-assign"
for shell in bash zsh fish; do
  "$stage/$name/intune-assign" --generate-completion-script "$shell" > "$stage/$name/completions/intune-assign.$shell"
done
cp README.md CHANGELOG.md "$stage/$name/"
[[ -f LICENSE ]] && cp LICENSE "$stage/$name/"
tar -C "$stage" --owner=0 --group=0 --sort=name -czf "$out/$name.tar.gz" "$name"
(cd "$out" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
echo "$out/$name.tar.gz"
