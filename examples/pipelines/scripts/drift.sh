#!/usr/bin/env bash
# drift.sh MANIFESTS — the scheduled check: fails (exit 1) when the tenant no longer matches the manifests.
set -uo pipefail
tool=${INTUNE_ASSIGN:-intune-assign}
"$tool" plan "$1" --detailed-exitcode
status=$?
case $status in
  0) echo "No drift: the tenant matches $1." ;;
  2) echo "Drift: the tenant differs from $1 (the plan above would change it back). Investigate, then apply or update the manifests."
     exit 1 ;;
  *) exit "$status" ;;
esac
