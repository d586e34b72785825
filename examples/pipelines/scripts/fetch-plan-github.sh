#!/usr/bin/env bash
# fetch-plan-github.sh NAME OUT — on the default branch after a merge: downloads the plan artifact (plan-NAME) of
# the pull request that was merged, from the last successful run of this workflow on its head commit, and sets
# PR_URL and PR_TITLE for the next steps (apply.sh puts them in the Multi Admin Approval justification). On a
# scheduled run it fetches the plan of the pull request merged last, so that apply.sh finishes writes approved
# since; without one it sets SKIP_APPLY. Needs GH_TOKEN, GITHUB_REPOSITORY, GITHUB_SHA and WORKFLOW (the workflow
# file name).
set -euo pipefail
name=$1 out=$2
read -r pr_head pr_url pr_title < <(gh api "repos/$GITHUB_REPOSITORY/commits/$GITHUB_SHA/pulls" \
  --jq '.[0] | [.head.sha, .html_url, .title] | @tsv' | tr '\t' ' ' || true)
if [[ -z ${pr_head:-} || $pr_head == null ]]; then
  if [[ ${GITHUB_EVENT_NAME:-} == schedule ]]; then
    echo "The last commit on the default branch merged no pull request: nothing to finish."
    echo "SKIP_APPLY=1" >> "$GITHUB_ENV"
    exit 0
  fi
  echo "No pull request was merged in $GITHUB_SHA: nothing reviewed to apply." >&2
  exit 1
fi
{
  echo "PR_URL=$pr_url"
  echo "PR_TITLE=$pr_title"
} >> "$GITHUB_ENV"
run=$(gh run list --repo "$GITHUB_REPOSITORY" --workflow "$WORKFLOW" --commit "$pr_head" --event pull_request \
  --status success --limit 1 --json databaseId --jq '.[0].databaseId')
mkdir -p "$out"
gh run download "$run" --repo "$GITHUB_REPOSITORY" --name "plan-$name" --dir "$out"
