#!/usr/bin/env bash
# fetch-plan-github.sh NAME OUT — on the default branch after a merge: downloads the plan artifact (plan-NAME) of
# the pull request that was merged (a NAME with `*`, such as `fleet-*`, downloads every matching artifact, each into
# its own folder OUT/plan-...: the shards of a fleet plan), and sets PR_URL and PR_TITLE for the next steps (apply.sh puts them in the Multi
# Admin Approval justification). On a scheduled run it fetches the plan of the pull request merged last, so that
# apply.sh finishes writes approved since; without one it sets SKIP_APPLY. Needs GH_TOKEN, GITHUB_REPOSITORY,
# GITHUB_SHA, GITHUB_REF_NAME (the branch merged into) and WORKFLOW (the workflow file name).
#
# The run is the one of exactly the reviewed pull request: a successful `pull_request` run of this workflow whose
# head commit is the pull request's last head commit, and whose own record names that pull request number and the
# branch it was merged into. Another pull request opened from the same commit, or a run against another base, is not
# taken. (GitHub leaves `pull_requests` empty on runs from forks; those runs get no OIDC token for the read identity,
# so they never make a plan to fetch.) The artifact is a record, not the source of the writes: apply.sh plans the
# merged manifests again and applies only a plan equal to it.
set -euo pipefail
name=$1 out=$2
fields=$(gh api "repos/$GITHUB_REPOSITORY/commits/$GITHUB_SHA/pulls" \
  --jq '[.[] | select(.merged_at != null)][0] | [.number, .head.sha, .base.ref, .html_url, .title] | @tsv' || true)
IFS=$'\t' read -r pr_number pr_head pr_base pr_url pr_title <<< "$fields" || true
if [[ -z ${pr_head:-} || $pr_head == null ]]; then
  if [[ ${GITHUB_EVENT_NAME:-} == schedule ]]; then
    echo "The last commit on the default branch merged no pull request: nothing to finish."
    echo "SKIP_APPLY=1" >> "$GITHUB_ENV"
    exit 0
  fi
  echo "No pull request was merged in $GITHUB_SHA: nothing reviewed to apply." >&2
  exit 1
fi
# What goes into jq programs and GITHUB_ENV is checked first: a number, a commit id, a branch name, one line of title.
[[ $pr_number =~ ^[0-9]+$ && $pr_head =~ ^[0-9a-f]{40}$ && $pr_base =~ ^[A-Za-z0-9._/-]+$ ]] \
  || { echo "GitHub answered an unexpected pull request record" >&2; exit 1; }
if [[ $pr_base != "${GITHUB_REF_NAME:-$pr_base}" ]]; then
  echo "Pull request #$pr_number was merged into $pr_base, not $GITHUB_REF_NAME: nothing reviewed to apply here." >&2
  exit 1
fi
pr_title=$(printf '%s' "$pr_title" | tr -d '\000-\037\177')
{
  echo "PR_URL=$pr_url"
  echo "PR_TITLE=$pr_title"
} >> "$GITHUB_ENV"
run=$(gh api "repos/$GITHUB_REPOSITORY/actions/workflows/$WORKFLOW/runs?event=pull_request&status=success&head_sha=$pr_head&per_page=100" \
  --jq "[.workflow_runs[] | select(.head_sha == \"$pr_head\" and any(.pull_requests[]; .number == $pr_number and .base.ref == \"$pr_base\"))][0].id // empty")
if [[ -z $run ]]; then
  echo "No successful pull_request run of $WORKFLOW planned pull request #$pr_number at $pr_head: nothing reviewed to apply." >&2
  exit 1
fi
mkdir -p "$out"
if [[ $name == *'*'* ]]; then
  gh run download "$run" --repo "$GITHUB_REPOSITORY" --pattern "plan-$name" --dir "$out"
else
  gh run download "$run" --repo "$GITHUB_REPOSITORY" --name "plan-$name" --dir "$out"
fi
echo "The plan of pull request #$pr_number (run $run, head $pr_head) is in $out."
