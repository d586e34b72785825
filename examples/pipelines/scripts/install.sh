#!/usr/bin/env bash
# install.sh [--version X] [--from DIR_OR_URL] [--repo OWNER/NAME] [--to DIR] [--from-source]
#
# Installs intune-assign from a release: downloads intune-assign-X-linux-ARCH.tar.gz and its .sha256, checks the
# SHA-256, unpacks it and checks that the binary says it is X, and only then puts it in DIR (default ~/.local/bin)
# with one rename, so that a failure leaves nothing half-installed. On GitHub Actions and Azure Pipelines it puts
# DIR on PATH for the next steps. The release binary needs nothing but the C library.
#
#   --version X   the release to install (without the leading v); pin it. Default: $INTUNE_ASSIGN_VERSION.
#   --from        a folder or a base URL holding the release files (a mirror; tests use a local folder). Default:
#                 https://github.com/REPO/releases/download/vX
#   --repo        the GitHub repository that publishes the releases. Default: $INTUNE_ASSIGN_REPOSITORY.
#   --from-source build the release binary from this checkout instead (needs Swift 6 and libyaml-dev; about 15
#                 minutes on 2 cores).
# The GitHub Action (action.yml) and the Azure Pipelines example both run this script.
set -euo pipefail
version=${INTUNE_ASSIGN_VERSION:-} from= repo=${INTUNE_ASSIGN_REPOSITORY:-} to=${INTUNE_ASSIGN_BIN_DIR:-$HOME/.local/bin}
source_build=
while [[ $# -gt 0 ]]; do
  case $1 in
    --version) version=${2#v}; shift 2 ;;
    --from) from=$2; shift 2 ;;
    --repo) repo=$2; shift 2 ;;
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
name=intune-assign-$version-linux-$arch
if [[ -z $from ]]; then
  [[ -n $repo ]] || fail "give --repo OWNER/NAME (or INTUNE_ASSIGN_REPOSITORY), or --from"
  from=https://github.com/$repo/releases/download/v$version
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fetch() { # fetch FILE: from the folder or the URL, into $work
  if [[ $from == http://* || $from == https://* ]]; then
    curl --fail --silent --show-error --location --retry 3 --proto '=https,http' -o "$work/$1" "$from/$1" 2> "$work/curl.err" \
      || fail "version $version has no $1 at $from ($(tr -d '\n' < "$work/curl.err"))"
  else
    [[ -f $from/$1 ]] || fail "version $version has no $1 in $from"
    cp "$from/$1" "$work/$1"
  fi
}
fetch "$name.tar.gz"
fetch "$name.tar.gz.sha256"
expected=$(cut -d ' ' -f 1 < "$work/$name.tar.gz.sha256")
actual=$(sha256sum "$work/$name.tar.gz" | cut -d ' ' -f 1)
[[ -n $expected && $expected == "$actual" ]] || fail "$name.tar.gz does not match its checksum (expected ${expected:-nothing}, got $actual): not installed"
tar -xzf "$work/$name.tar.gz" -C "$work"
[[ -x $work/$name/intune-assign ]] || fail "$name.tar.gz holds no $name/intune-assign"
said=$("$work/$name/intune-assign" --version 2>/dev/null) || fail "the binary of $name does not run here"
[[ $said == "$version" ]] || fail "the binary of $name says it is version $said"

mkdir -p "$to"
install -m 0755 "$work/$name/intune-assign" "$to/.intune-assign.$$"
mv -f "$to/.intune-assign.$$" "$to/intune-assign"
on_path "$to"
echo "intune-assign $version installed at $to/intune-assign"
