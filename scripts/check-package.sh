#!/usr/bin/env bash
# check-package.sh TARBALL — checks a package that package.sh made, as a new user's machine would see it:
#   - its checksum file matches;
#   - the binary links only the C library family (no libyaml, no libswift*, no libcurl);
#   - unpacked in an empty folder and run with an empty environment, it prints its version and plans the bundled
#     example tenant;
# and prints the tarball's and the binary's sizes and the median start-up time of `--version` over 10 runs.
set -euo pipefail
tarball=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
name=$(basename "$tarball" .tar.gz)
(cd "$(dirname "$tarball")" && sha256sum -c --quiet "$name.tar.gz.sha256") || { echo "checksum mismatch" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work"
binary=$work/$name/intune-assign
libraries=$(ldd "$binary" | awk '{print $1}' | sed 's/\.so.*//' | sort -u | tr '\n' ' ')
echo "linked: $libraries"
for library in $libraries; do
  case $library in
    linux-vdso | linux-gate | /lib*/ld-linux* | libc | libm | libdl | libpthread | librt | libstdc++ | libgcc_s | libutil) ;;
    *) echo "check-package.sh: the binary needs $library" >&2; exit 1 ;;
  esac
done
cp "$root/examples/tenant.json" "$work/tenant.json"
cp -r "$root/examples/manifests" "$work/manifests"
(cd "$work" && env -i "$binary" --version)
status=0
(cd "$work" && env -i "$binary" plan manifests --simulate tenant.json > plan.txt) || status=$?
[[ $status == 0 ]] || { echo "check-package.sh: plan exited $status" >&2; exit 1; }
tail -n 1 "$work/plan.txt"
times=()
for _ in $(seq 10); do
  start=$(date +%s%N)
  env -i "$binary" --version > /dev/null
  times+=($(( ($(date +%s%N) - start) / 1000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 5p)
echo "tarball: $(stat -c %s "$tarball") bytes; binary: $(stat -c %s "$binary") bytes; --version start-up: median ${median} µs of 10"
