#!/usr/bin/env bash
# install.sh [--version X] [--sha256 HEX]... [--from DIR_OR_URL] [--repo OWNER/NAME] [--to DIR]
#            [--no-verify-provenance] [--from-source]
#
# Installs intune-assign from a release: downloads intune-assign-X-linux-ARCH.tar.gz, checks it, unpacks it and
# checks that the binary says it is X, and only then puts it in DIR (default ~/.local/bin) with one rename, so that a
# failure leaves nothing half-installed. On GitHub Actions and Azure Pipelines it puts DIR on PATH for the next steps.
# The release binary needs nothing but the C library.
#
# What each check proves:
#   --sha256 HEX  the tarball is byte for byte the one whose checksum you pinned (get it once from the release's
#                 .sha256 file, or from `sha256sum` of a tarball you verified): a re-uploaded or swapped asset is
#                 refused. Repeat it to pin several architectures; the tarball must match one. Without it, the
#                 .sha256 published beside the tarball is used, which only proves the download is not corrupt.
#   provenance    with `gh` on PATH, `gh attestation verify` checks that GitHub's build-provenance attestation for
#                 the tarball was signed by a workflow of --repo: it was built by that repository's release workflow,
#                 not uploaded by hand. --no-verify-provenance skips it (a mirror, or no GitHub access).
#   --version     the binary says it is X.
#
#   --version X   the release to install (without the leading v); pin it. Default: $INTUNE_ASSIGN_VERSION.
#   --sha256 HEX  the tarball's SHA-256 (64 hexadecimal digits). Default: $INTUNE_ASSIGN_SHA256 (space-separated).
#   --from        a folder, an https:// base URL, or http:// on loopback only (a local mirror), holding the release
#                 files. Default: https://github.com/REPO/releases/download/vX
#   --repo        the GitHub repository that publishes the releases. Default: $INTUNE_ASSIGN_REPOSITORY.
#   --from-source build the release binary from this checkout instead (needs Swift 6 and libyaml-dev; about 15
#                 minutes on 2 cores).
# The GitHub Action (action.yml) and the Azure Pipelines example both run this script.
set -euo pipefail
version=${INTUNE_ASSIGN_VERSION:-} from='' repo=${INTUNE_ASSIGN_REPOSITORY:-} to=${INTUNE_ASSIGN_BIN_DIR:-$HOME/.local/bin}
source_build='' verify_provenance=1
read -r -a pinned <<< "${INTUNE_ASSIGN_SHA256:-}"
while [[ $# -gt 0 ]]; do
  case $1 in
    --version) version=${2#v}; shift 2 ;;
    --from) from=$2; shift 2 ;;
    --repo) repo=$2; shift 2 ;;
    --sha256) pinned+=("$2"); shift 2 ;;
    --no-verify-provenance) verify_provenance=''; shift ;;
    --to) to=$2; shift 2 ;;
    --from-source) source_build=1; shift ;;
    *) echo "install.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
fail() { echo "install.sh: $*" >&2; exit 1; }
on_path() {
  if [[ -n ${GITHUB_PATH:-} ]]; then echo "$1" >> "$GITHUB_PATH"; fi
  if [[ -n ${TF_BUILD:-} ]]; then echo "##vso[task.prependpath]$1"; fi
}

if [[ -n $source_build ]]; then
  if ! pkg-config --exists yaml-0.1 2>/dev/null; then
    sudo apt-get update -qq && sudo apt-get install -y -qq libyaml-dev pkg-config
  fi
  swift build -c release --product intune-assign
  bin=$(swift build -c release --show-bin-path)
  on_path "$bin"
  echo "intune-assign built at $bin/intune-assign"
  exit 0
fi

[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+([-.+][0-9A-Za-z.-]+)?$ ]] || fail "give --version X.Y.Z (or INTUNE_ASSIGN_VERSION); not '$version'"
case $(uname -m) in
  x86_64 | amd64) arch=x86_64 ;;
  aarch64 | arm64) arch=aarch64 ;;
  *) fail "no release is built for $(uname -m)" ;;
esac
for hex in "${pinned[@]}"; do
  [[ $hex =~ ^[0-9a-fA-F]{64}$ ]] || fail "--sha256 takes 64 hexadecimal digits; not '$hex'"
done
[[ -z $repo || $repo =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || fail "--repo takes OWNER/NAME; not '$repo'"
name=intune-assign-$version-linux-$arch
if [[ -z $from ]]; then
  [[ -n $repo ]] || fail "give --repo OWNER/NAME (or INTUNE_ASSIGN_REPOSITORY), or --from"
  from=https://github.com/$repo/releases/download/v$version
fi
# Plain http only on this machine (a local mirror, the tests): anywhere else anyone on the path could swap the files.
case $from in
  *@*) fail "--from takes no user name or password in the URL; not '$from'" ;;
  https://*) protocols='=https' ;;
  http://127.0.0.1 | http://127.0.0.1[:/]* | http://localhost | http://localhost[:/]* | http://\[::1\] | http://\[::1\][:/]*)
    protocols='=http' ;;
  *://*) fail "--from takes https://, a folder, or http:// on loopback only; not '$from'" ;;
  *) protocols='' ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fetch() { # fetch FILE: from the folder or the URL, into $work
  if [[ -n $protocols ]]; then
    curl --fail --silent --show-error --location --retry 3 --proto "$protocols" --proto-redir "$protocols" \
      -o "$work/$1" "$from/$1" 2> "$work/curl.err" \
      || fail "version $version has no $1 at $from ($(tr -d '\n' < "$work/curl.err"))"
  else
    [[ -f $from/$1 ]] || fail "version $version has no $1 in $from"
    cp "$from/$1" "$work/$1"
  fi
}
fetch "$name.tar.gz"
actual=$(sha256sum "$work/$name.tar.gz" | cut -d ' ' -f 1)
if [[ ${#pinned[@]} -gt 0 ]]; then
  match=''
  for hex in "${pinned[@]}"; do [[ ${hex,,} == "$actual" ]] && match=1; done
  [[ -n $match ]] || fail "$name.tar.gz has SHA-256 $actual, not the pinned ${pinned[*]}: not installed"
else
  fetch "$name.tar.gz.sha256"
  expected=$(cut -d ' ' -f 1 < "$work/$name.tar.gz.sha256")
  [[ -n $expected && $expected == "$actual" ]] || fail "$name.tar.gz does not match its checksum (expected ${expected:-nothing}, got $actual): not installed"
  echo "install.sh: checked against the release's own .sha256 only; pin it with --sha256 $actual" >&2
fi
if [[ -n $verify_provenance ]] && command -v gh > /dev/null; then
  [[ -n $repo ]] || fail "give --repo OWNER/NAME to verify the build provenance with gh, or --no-verify-provenance"
  gh attestation verify "$work/$name.tar.gz" --repo "$repo" > "$work/gh.out" 2>&1 \
    || fail "$name.tar.gz has no valid build-provenance attestation from $repo ($(tail -n 1 "$work/gh.out")): not installed"
  provenance="provenance verified ($repo)"
elif [[ -n $verify_provenance ]]; then
  provenance="provenance not verified (no gh on PATH)"
else
  provenance="provenance not verified (--no-verify-provenance)"
fi
tar -xzf "$work/$name.tar.gz" -C "$work"
[[ -x $work/$name/intune-assign ]] || fail "$name.tar.gz holds no $name/intune-assign"
said=$("$work/$name/intune-assign" --version 2>/dev/null) || fail "the binary of $name does not run here"
[[ $said == "$version" ]] || fail "the binary of $name says it is version $said"

mkdir -p "$to"
install -m 0755 "$work/$name/intune-assign" "$to/.intune-assign.$$"
mv -f "$to/.intune-assign.$$" "$to/intune-assign"
on_path "$to"
echo "intune-assign $version installed at $to/intune-assign (sha256 $actual; $provenance)"
