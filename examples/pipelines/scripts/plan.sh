#!/usr/bin/env bash
# plan.sh MANIFESTS OUT — the pull-request step: validate, plan, and write what the pipeline publishes.
#   OUT/plan.json     the plan file (the artifact that apply uses after the merge)
#   OUT/comment.md    the pull-request comment: the markdown plan, or one line when nothing changes
#   OUT/changes       "yes" or "no"
# Exit: 0 when planning worked (with or without changes), 1 on any error (the errors are annotated in GitHub).
# With MAX_REACH=N the plan says how many users and devices each change reaches, and a plan above N (or with targets
# not counted) leads its comment with a warning; apply.sh with the same MAX_REACH refuses it. With RULES=FILE (when the
# file exists) the tenant's rules are checked: a plan whose manifests break one fails (exit 1) with the plan, broken
# rules first, as OUT/comment.md for the pull request; apply.sh refuses such a plan too.
#
# plan.sh --fleet FLEET SHARD OUT — one shard of a fleet (SHARD is I/N, from `intune-assign fleet matrix`, or "all"):
# validate the fleet, plan the shard's tenants, and write OUT/NAME.plan.json per tenant and OUT/fleet.json, the
# index that `show` merges into one comment and `apply --fleet` applies. OUT is written even when a tenant fails
# (exit 1); the others are planned.
set -euo pipefail
tool=${INTUNE_ASSIGN:-intune-assign}
if [[ $1 == --fleet ]]; then
  fleet=$2 shard=$3 out=$4
  "$tool" validate --fleet "$fleet"
  args=(--fleet "$fleet" --out "$out" --detailed-exitcode ${MAX_REACH:+--max-reach "$MAX_REACH"})
  [[ -n ${RULES:-} && -f $RULES ]] && args+=(--rules "$RULES")
  [[ $shard == all ]] || args+=(--shard "$shard")
  status=0
  "$tool" plan "${args[@]}" || status=$?
  echo "fleet plan of shard $shard: exit $status (fleet.json in $out)"
  [[ $status == 2 ]] && exit 0
  exit "$status"
fi
manifests=$1 out=$2
mkdir -p "$out"
rules=()
[[ -n ${RULES:-} && -f $RULES ]] && rules=(--rules "$RULES")
"$tool" validate "$manifests"
status=0
"$tool" plan "$manifests" --out "$out/plan.json" --format markdown --detailed-exitcode \
  ${MAX_REACH:+--max-reach "$MAX_REACH"} "${rules[@]}" > "$out/plan.md" || status=$?
case $status in
  0) echo no > "$out/changes"
     printf '### intune-assign plan\n\n**No changes.** The tenant matches the manifests in `%s`.\n' "$manifests" > "$out/comment.md" ;;
  2) echo yes > "$out/changes"
     cp "$out/plan.md" "$out/comment.md" ;;
  *) if grep -q 'Rules broken' "$out/plan.md" 2> /dev/null; then
       echo yes > "$out/changes"
       cp "$out/plan.md" "$out/comment.md"
       echo "plan for $manifests breaks the tenant's rules (the comment leads with them)"
     fi
     exit "$status" ;;
esac
echo "plan for $manifests: changes=$(cat "$out/changes")"
