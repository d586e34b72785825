#!/usr/bin/env bash
# comment-azure.sh OUT NAME — posts OUT/comment.md as a thread on the Azure Repos pull request (a new thread per
# run; Azure DevOps keeps older ones collapsed). Needs SYSTEM_ACCESSTOKEN and the predefined variables
# SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECT, BUILD_REPOSITORY_ID, SYSTEM_PULLREQUEST_PULLREQUESTID.
# With DRY_RUN=1 it prints the request instead of sending it.
set -euo pipefail
out=$1 name=$2
body=$(python3 -c 'import json,sys; print(json.dumps({"comments":[{"parentCommentId":0,"content":sys.argv[1],"commentType":1}],"status":1}))' \
  "**$name**"$'\n\n'"$(cat "$out/comment.md")")
url="${SYSTEM_COLLECTIONURI:-}${SYSTEM_TEAMPROJECT:-}/_apis/git/repositories/${BUILD_REPOSITORY_ID:-}/pullRequests/${SYSTEM_PULLREQUEST_PULLREQUESTID:-}/threads?api-version=7.1"
if [[ ${DRY_RUN:-0} == 1 ]]; then
  printf 'would POST %s\n%s\n' "$url" "$body"
  exit 0
fi
curl --fail --silent --show-error -X POST "$url" -H "Authorization: Bearer $SYSTEM_ACCESSTOKEN" \
  -H "Content-Type: application/json" --data "$body" > /dev/null
