#!/usr/bin/env bash
# drift-issue-github.sh OUT NAME [MANIFESTS] — on the scheduled run, after drift.sh with DRIFT_OUT=OUT (and
# adopt-pr-github.sh, if the workflow runs it): keeps one GitHub issue per tenant current. When the tenant drifted, it
# opens the issue, or updates the open one: the plan that would change the tenant back, who made each change and when
# (plan --blame), and the two ways out (revert: run the apply job; keep: merge the adoption pull request named in
# OUT/adoption, or write the drift into MANIFESTS with intune-assign export --into and open one). When the drift is gone, it closes the open issue with a
# comment. The issue is found by a hidden marker among the open issues the workflow itself opened (anyone can write a
# marker). Needs GH_TOKEN and GITHUB_REPOSITORY; GITHUB_SERVER_URL and GITHUB_RUN_ID link the run. With DRY_RUN=1 it
# prints what it would send.
set -euo pipefail
out=$1 name=$2 manifests=${3:-}
marker="<!-- intune-assign drift: $name -->"
author=${ISSUE_AUTHOR:-github-actions[bot]}
run_link="${GITHUB_SERVER_URL:-https://github.com}/$GITHUB_REPOSITORY/actions/runs/${GITHUB_RUN_ID:-0}"
send() { if [[ ${DRY_RUN:-0} == 1 ]]; then printf 'would send: gh %s\n' "$*"; else gh "$@" > /dev/null; fi; }
existing=$(gh api "repos/$GITHUB_REPOSITORY/issues?state=open&creator=$author&per_page=100" --paginate \
  --jq ".[] | select(.pull_request == null and ((.body // \"\") | startswith(\"$marker\"))) | .number" | head -n 1)
[[ -z $existing || $existing =~ ^[0-9]+$ ]] || { echo "GitHub answered an unexpected issue number" >&2; exit 1; }
if [[ $(cat "$out/drifted") != yes ]]; then
  if [[ -n $existing ]]; then
    send api --method POST "repos/$GITHUB_REPOSITORY/issues/$existing/comments" \
      -f body="$name matches its manifests again (checked by $run_link). Closing."
    send api --method PATCH "repos/$GITHUB_REPOSITORY/issues/$existing" -f state=closed -f state_reason=completed
    echo "Closed drift issue #$existing: $name matches its manifests."
  else
    echo "No drift in $name, and no drift issue open."
  fi
  exit 0
fi
title="intune-assign: $name has drifted from its manifests"
# An issue body holds at most 65,536 characters: the plan (which fits a comment) is cut to leave room for the rest.
plan=$(head -c 63000 "$out/drift.md")
body="$marker
**$name no longer matches its manifests** (found by $run_link). Each changed line says who made the change and when.

$plan

**To change the tenant back**, run the workflow's apply job (or \`intune-assign apply\` on the manifests): it writes
what the plan above shows. **To keep the change**, $(if [[ -s $out/adoption ]]; then
  echo "merge the adoption pull request $(head -n 1 "$out/adoption"), which writes it into the manifests"
elif [[ -n $manifests ]]; then
  echo "run \`intune-assign export --into $manifests\`, which writes it into the manifests, and open a pull request"
else
  echo "open a pull request that changes the manifests to say the same"
fi); once the manifests say the same, this issue closes on the next scheduled check."
if [[ -n $existing ]]; then
  send api --method PATCH "repos/$GITHUB_REPOSITORY/issues/$existing" -f title="$title" -f body="$body"
  echo "Updated drift issue #$existing for $name."
else
  send api --method POST "repos/$GITHUB_REPOSITORY/issues" -f title="$title" -f body="$body"
  echo "Opened a drift issue for $name."
fi
