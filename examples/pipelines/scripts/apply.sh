#!/usr/bin/env bash
# apply.sh PLANFILE MANIFESTS — the merge step: apply exactly the reviewed plan, and only if it was made from the
# manifests that were merged (MANIFESTS, the same path plan.sh was given). A plan the tenant has moved away from
# since the review is refused with nothing written ("the plan is stale"): plan again in a new pull request. A plan
# file whose calls were edited, or that was made from other manifests, is refused too.
#
# apply.sh --fleet FLEET WAVE DIR... — the same for each tenant of a fleet's wave (WAVE is a wave of the fleet file,
# or "all"), from the reviewed shards' folders (plan.sh --fleet's OUT): each tenant's plan file must have the digest
# its index records, and is re-derived from the merged manifests and compared as for one tenant. A tenant refused or
# failed does not stop the others; the step then fails.
#
# With MAX_REACH=N a plan whose changes reach more than N users or devices (read again now), or that changes targets
# it cannot count, is refused with nothing written; raising the limit is a reviewed change like any other. With
# RULES=FILE (when the file exists), a plan that leaves the tenant's rules broken is refused too.
#
# Multi Admin Approval: with PR_URL (and PR_TITLE) set, every write carries a justification naming the pull request
# and the plan's digest (INTUNE_ASSIGN_JUSTIFICATION, when set, is used as it is). Writes that await a second
# admin's approval end the step successfully with a notice (intune-assign exits 3); running the same step again
# after the approval finishes them.
set -euo pipefail
tool=${INTUNE_ASSIGN:-intune-assign}
if [[ $1 == --fleet ]]; then
  args=(apply --fleet "$2" "${@:4}")
  [[ $3 == all ]] || args+=(--wave "$3")
  # The digest of a fleet's plan: of its shards' indexes, which hold each tenant plan's digest.
  reviewed=$(for dir in "${@:4}"; do sha256sum < "$dir/fleet.json"; done | sort | sha256sum)
else
  args=(apply "$1" --manifests "$2")
  reviewed=$(sha256sum < "$1")
fi
if [[ -z ${INTUNE_ASSIGN_JUSTIFICATION:-} && -n ${PR_URL:-} ]]; then
  text="${PR_TITLE:-Pull request}: $PR_URL (intune-assign plan sha256:${reviewed%% *})"
  export INTUNE_ASSIGN_JUSTIFICATION=${text:0:1024}
fi
[[ -n ${RULES:-} && -f $RULES ]] && args+=(--rules "$RULES")
status=0
"$tool" "${args[@]}" ${MAX_REMOVALS:+--max-removals "$MAX_REMOVALS"} ${MAX_REACH:+--max-reach "$MAX_REACH"} \
  || status=$?
if [[ $status == 3 ]]; then
  message="Writes await Multi Admin Approval: approve them in the Intune admin center (Tenant administration > Multi Admin Approval > Received requests), then run this job again (the scheduled run does it too)."
  if [[ -n ${GITHUB_ACTIONS:-} ]]; then
    echo "::notice title=intune-assign::$message"
    [[ -n ${GITHUB_STEP_SUMMARY:-} ]] && echo "**intune-assign:** $message" >> "$GITHUB_STEP_SUMMARY"
  elif [[ -n ${TF_BUILD:-} ]]; then
    echo "##vso[task.logissue type=warning]$message"
  else
    echo "notice: $message"
  fi
  exit 0
fi
exit "$status"
