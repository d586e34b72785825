#!/usr/bin/env bash
# find-plan-azure.sh — on main after a merge, in Azure Pipelines: finds the pull request this build's commit merged
# (asked of Azure Repos, not read from the commit subject, which anyone can write) and that pull request's own
# successful build of exactly this commit, whose plan artifacts are the ones reviewed. Sets the pipeline variables
# planRun (that build's id), prUrl and prTitle (for the Multi Admin Approval justification, apply.sh). On a scheduled
# run without a merged pull request it sets skipApply instead. Needs SYSTEM_ACCESSTOKEN and the predefined variables
# SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECT, SYSTEM_DEFINITIONID, BUILD_REPOSITORY_ID, BUILD_REPOSITORY_NAME,
# BUILD_SOURCEVERSION and BUILD_REASON.
set -euo pipefail
api="${SYSTEM_COLLECTIONURI}${SYSTEM_TEAMPROJECT}/_apis"
get() { curl --fail -s -H "Authorization: Bearer $SYSTEM_ACCESSTOKEN" "$1"; }
read -r pr title < <(get "$api/git/repositories/$BUILD_REPOSITORY_ID/pullrequests?searchCriteria.status=completed&searchCriteria.targetRefName=refs/heads/main&\$top=100&api-version=7.1" \
  | python3 -c 'import json,sys; print(next((str(p["pullRequestId"]) + " " + "".join(c for c in p["title"] if c.isprintable()) for p in json.load(sys.stdin)["value"] if p.get("lastMergeCommit",{}).get("commitId")==sys.argv[1]), ""))' "$BUILD_SOURCEVERSION") || true
if [[ -z ${pr:-} && $BUILD_REASON == Schedule ]]; then
  echo "The last commit on main merged no pull request: nothing to finish."
  echo "##vso[task.setvariable variable=skipApply]1"
  exit 0
fi
[[ ${pr:-} =~ ^[0-9]+$ ]] || { echo "No pull request was merged in this commit: nothing reviewed to apply."; exit 1; }
echo "##vso[task.setvariable variable=prUrl]${SYSTEM_COLLECTIONURI}${SYSTEM_TEAMPROJECT}/_git/$BUILD_REPOSITORY_NAME/pullrequest/$pr"
echo "##vso[task.setvariable variable=prTitle]$title"
# The pull request's own successful build of exactly the merged commit: its source version is the pull request's
# last merge commit, which is this build's commit. An earlier iteration, or another pull request's build, is never
# taken.
run=$(get "$api/build/builds?definitions=$SYSTEM_DEFINITIONID&reasonFilter=pullRequest&branchName=refs/pull/$pr/merge&resultFilter=succeeded&\$top=50&api-version=7.1" \
  | python3 -c 'import json,sys; print(next((str(b["id"]) for b in json.load(sys.stdin)["value"] if b.get("sourceVersion")==sys.argv[1]), ""))' "$BUILD_SOURCEVERSION")
[[ -n $run ]] || { echo "No successful build of pull request $pr planned the merged commit $BUILD_SOURCEVERSION: nothing reviewed to apply."; exit 1; }
echo "##vso[task.setvariable variable=planRun]$run"
