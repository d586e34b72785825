#!/usr/bin/env bash
# version.sh — prints the version intune-assign is built as, read from its one place:
# Sources/intune-assign/Version.swift. package.sh and the release workflow use it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sed -n 's/^ *static let current = "\(.*\)"$/\1/p' "$root/Sources/intune-assign/Version.swift"
