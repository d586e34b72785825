#!/usr/bin/env bash
# drift.sh MANIFESTS — the scheduled check: fails (exit 1) when the tenant no longer matches the manifests. Each
# drifted line says who changed it and when (plan --blame, from Intune's audit log; without the permission it says
# blame unavailable and the check goes on).
# With DRIFT_OUT=DIR it also writes DIR/drift.md (the markdown plan with its blame), DIR/drift.json (the plan file,
# blame included) and DIR/drifted ("yes" or "no"), for drift-issue-github.sh and adopt-pr-github.sh.
# drift.sh --fleet FLEET SHARD — the same for a fleet's shard (I/N, or "all"): fails when any of its tenants drifted
# or could not be checked, and the report says which.
set -uo pipefail
tool=${INTUNE_ASSIGN:-intune-assign}
if [[ $1 == --fleet ]]; then
  tenants="the fleet's tenants" args=(--fleet "$2")
  [[ $3 == all ]] || { tenants+=" of shard $3"; args+=(--shard "$3"); }
  same="$tenants match their manifests" differ="some of $tenants differ from their manifests"
else
  same="the tenant matches $1" differ="the tenant differs from $1"
  args=("$1")
fi
if [[ -n ${DRIFT_OUT:-} && $1 != --fleet ]]; then
  mkdir -p "$DRIFT_OUT"
  "$tool" plan "${args[@]}" --blame --detailed-exitcode --format markdown --out "$DRIFT_OUT/drift.json" \
    > "$DRIFT_OUT/drift.md"
  status=$?
  cat "$DRIFT_OUT/drift.md"
  case $status in 0) echo no > "$DRIFT_OUT/drifted" ;; 2) echo yes > "$DRIFT_OUT/drifted" ;; esac
else
  "$tool" plan "${args[@]}" --blame --detailed-exitcode
  status=$?
fi
case $status in
  0) echo "No drift: $same." ;;
  2) echo "Drift: $differ (the plan above would change them back). Investigate, then apply or update the manifests."
     exit 1 ;;
  *) exit "$status" ;;
esac
