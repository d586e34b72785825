#!/usr/bin/env bash
# apply.sh PLANFILE MANIFESTS — the merge step: apply exactly the reviewed plan, and only if it was made from the
# manifests that were merged (MANIFESTS, the same path plan.sh was given). A plan the tenant has moved away from
# since the review is refused with nothing written ("the plan is stale"): plan again in a new pull request. A plan
# file whose calls were edited, or that was made from other manifests, is refused too.
#
# Multi Admin Approval: with PR_URL (and PR_TITLE) set, every write carries a justification naming the pull request
# and the plan's digest (INTUNE_ASSIGN_JUSTIFICATION, when set, is used as it is). Writes that await a second
# admin's approval end the step successfully with a notice (intune-assign exits 3); running the same step again
# after the approval finishes them.
set -euo pipefail
tool=${INTUNE_ASSIGN:-intune-assign}
if [[ -z ${INTUNE_ASSIGN_JUSTIFICATION:-} && -n ${PR_URL:-} ]]; then
  digest=$(sha256sum "$1" | cut -d ' ' -f 1)
  text="${PR_TITLE:-Pull request}: $PR_URL (intune-assign plan sha256:$digest)"
  export INTUNE_ASSIGN_JUSTIFICATION=${text:0:1024}
fi
status=0
"$tool" apply "$1" --manifests "$2" ${MAX_REMOVALS:+--max-removals "$MAX_REMOVALS"} || status=$?
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
