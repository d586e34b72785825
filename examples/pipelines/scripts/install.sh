#!/usr/bin/env bash
# install.sh — builds intune-assign (release) from this checkout and puts it on PATH for the next steps.
# Runtime needs: libyaml (libyaml-0-2); building needs Swift 6 and libyaml-dev.
set -euo pipefail
if ! pkg-config --exists yaml-0.1 2>/dev/null; then
  sudo apt-get update -qq && sudo apt-get install -y -qq libyaml-dev pkg-config
fi
swift build -c release --product intune-assign
bin=$(swift build -c release --show-bin-path)
if [[ -n ${GITHUB_PATH:-} ]]; then echo "$bin" >> "$GITHUB_PATH"; fi
if [[ -n ${TF_BUILD:-} ]]; then echo "##vso[task.prependpath]$bin"; fi
echo "intune-assign built at $bin/intune-assign"
