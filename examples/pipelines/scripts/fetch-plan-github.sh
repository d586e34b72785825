#!/usr/bin/env bash
# fetch-plan-github.sh NAME OUT — on the default branch after a merge: downloads the plan artifact (plan-NAME) of
# the pull request that was merged, from the last successful run of this workflow on its head commit. Needs
# GH_TOKEN, GITHUB_REPOSITORY, GITHUB_SHA and the workflow file name in WORKFLOW.
set -euo pipefail
name=$1 out=$2
pr_head=$(gh api "repos/$GITHUB_REPOSITORY/commits/$GITHUB_SHA/pulls" --jq '.[0].head.sha')
if [[ -z $pr_head || $pr_head == null ]]; then
  echo "No pull request was merged in $GITHUB_SHA: nothing reviewed to apply." >&2
  exit 1
fi
run=$(gh run list --repo "$GITHUB_REPOSITORY" --workflow "$WORKFLOW" --commit "$pr_head" --event pull_request \
  --status success --limit 1 --json databaseId --jq '.[0].databaseId')
mkdir -p "$out"
gh run download "$run" --repo "$GITHUB_REPOSITORY" --name "plan-$name" --dir "$out"
