#!/usr/bin/env bash
# comment-github.sh OUT NAME — posts OUT/comment.md on the pull request, or updates the comment posted before for
# NAME (one comment per tenant, found by a hidden marker). Needs GH_TOKEN, GITHUB_REPOSITORY and PR (the number).
# With DRY_RUN=1 it prints the request instead of sending it.
set -euo pipefail
out=$1 name=$2
marker="<!-- intune-assign plan: $name -->"
body="$marker
$(cat "$out/comment.md")"
if [[ ${DRY_RUN:-0} == 1 ]]; then
  printf 'would post on pull request %s:\n%s\n' "${PR:-?}" "$body"
  exit 0
fi
# Only the workflow's own comments: anyone can post a comment that starts with the marker.
existing=$(gh api "repos/$GITHUB_REPOSITORY/issues/$PR/comments" --paginate \
  --jq ".[] | select(.user.login == \"${COMMENT_AUTHOR:-github-actions[bot]}\" and (.body | startswith(\"$marker\"))) | .id" \
  | head -n 1)
if [[ -n $existing ]]; then
  gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$existing" -f body="$body" > /dev/null
else
  gh api --method POST "repos/$GITHUB_REPOSITORY/issues/$PR/comments" -f body="$body" > /dev/null
fi
