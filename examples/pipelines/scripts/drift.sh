#!/usr/bin/env bash
# drift.sh MANIFESTS — the scheduled check: fails (exit 1) when the tenant no longer matches the manifests. Each
# drifted line says who changed it and when (plan --blame, from Intune's audit log; without the permission it says
# blame unavailable and the check goes on).
# With DRIFT_OUT=DIR it also writes DIR/drift.md (the markdown plan with its blame), DIR/drift.json (the plan file,
# blame included) and DIR/drifted ("yes" or "no"), for drift-issue-github.sh and adopt-pr-github.sh.
# drift.sh --fleet FLEET SHARD — the same for a fleet's shard (I/N, or "all"): fails when any of its tenants drifted
# or could not be checked, and the report says which. With DRIFT_OUT=DIR it writes the plans to DIR/fleet-plans, and
# DIR/tenants/NAME/ (drift.md, drift.json, drifted) for each tenant planned, for the issue scripts.
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
if [[ -n ${DRIFT_OUT:-} && $1 == --fleet ]]; then
  mkdir -p "$DRIFT_OUT/tenants"
  "$tool" plan "${args[@]}" --blame --detailed-exitcode --out "$DRIFT_OUT/fleet-plans"
  status=$?
  # Tenants whose manifests or sign-in failed have no plan: the report above says why, and they get no folder.
  while IFS=$'\t' read -r name file verdict; do
    [[ $name =~ ^[A-Za-z0-9._-]+$ && $file =~ ^[A-Za-z0-9._-]+$ ]] || continue
    dir="$DRIFT_OUT/tenants/$name"
    mkdir -p "$dir"
    cp "$DRIFT_OUT/fleet-plans/$file" "$dir/drift.json"
    "$tool" show "$dir/drift.json" --format markdown > "$dir/drift.md"
    if [[ $verdict == changes ]]; then echo yes > "$dir/drifted"; else echo no > "$dir/drifted"; fi
  done < <(jq -r '.tenants[] | select(.plan_file != null) | [.name, .plan_file, .verdict] | @tsv' \
    "$DRIFT_OUT/fleet-plans/fleet.json" 2> /dev/null)
elif [[ -n ${DRIFT_OUT:-} ]]; then
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
