#!/usr/bin/env bash
# adopt-pr-github.sh OUT NAME MANIFESTS — on the scheduled run, after drift.sh with DRIFT_OUT=OUT, from the
# repository's checkout: keeps one pull request per tenant that adopts its drift. When the tenant drifted, it writes
# what the tenant holds now into MANIFESTS (intune-assign export --into: only the drifted configurations' lists change,
# comments and everything else stay), commits that on the branch intune-assign/adopt-NAME (rebuilt from the checked-out
# commit on every run: the workflow owns it), pushes it, and opens the pull request or updates the open one. The title
# says how many changes it keeps and who made them (from the plan's blame in OUT/drift.json). Merging it keeps the
# changes; running the apply job reverts them instead (then close it). When the drift is gone, it closes the open pull
# request. Writes the pull request's address to OUT/adoption for drift-issue-github.sh.
# Needs GH_TOKEN and GITHUB_REPOSITORY; BASE_BRANCH is the branch to merge into (default main). A pull request opened
# with the workflow's own GITHUB_TOKEN starts no workflow run, so its plan does not run: give a GitHub App's token.
# With DRY_RUN=1 it edits and commits locally, and pushes and sends nothing.
set -euo pipefail
out=$1 name=$2 manifests=$3
tool=${INTUNE_ASSIGN:-intune-assign}
branch="intune-assign/adopt-$name" base=${BASE_BRANCH:-main}
run_link="${GITHUB_SERVER_URL:-https://github.com}/$GITHUB_REPOSITORY/actions/runs/${GITHUB_RUN_ID:-0}"
dry() { [[ ${DRY_RUN:-0} == 1 ]]; }
send() { if dry; then printf 'would send: gh %s\n' "$*"; else gh "$@"; fi; }
existing=$(gh pr list --repo "$GITHUB_REPOSITORY" --head "$branch" --state open --json number --jq '.[0].number // empty')
[[ -z $existing || $existing =~ ^[0-9]+$ ]] || { echo "GitHub answered an unexpected pull request number" >&2; exit 1; }
rm -f "$out/adoption"
if [[ $(cat "$out/drifted") != yes ]]; then
  if [[ -n $existing ]]; then
    send pr close "$existing" --repo "$GITHUB_REPOSITORY" --delete-branch \
      --comment "$name matches its manifests again (checked by $run_link): nothing is left to adopt. Closing." > /dev/null
    echo "Closed adoption pull request #$existing: $name matches its manifests."
  fi
  exit 0
fi

git checkout -q -B "$branch"
"$tool" export --into "$manifests" > "$out/adopt.log"
cat "$out/adopt.log"
if [[ -z $(git status --porcelain -- "$manifests") ]]; then
  echo "Nothing to adopt into $manifests."
  exit 0
fi
count=$(sed -n 's/^Adopted \([0-9][0-9]*\) changes\{0,1\} of .*/\1/p' "$out/adopt.log")
[[ $count =~ ^[0-9]+$ ]] || { echo "export --into did not say what it adopted" >&2; exit 1; }
# Who made the changes: people by name, apps as apps, at most three, and whether some are unknown.
by=$(jq -r '
  [.blame.configurations[]? | .changed_by | select(. != null)
   | if .actor_type == "application" then "the app \(.actor)" else .actor end] | unique
  | if length > 3 then (.[:3] | join(", ")) + " and \(length - 3) more" else join(", ") end' "$out/drift.json")
unknown=$(jq '[.blame.configurations[]? | select(.changed_by == null)] | length' "$out/drift.json")
changes="$count change$([[ $count == 1 ]] || echo s)"
if [[ -n $by ]]; then
  title="Adopt $changes to $name made by $by$([[ $unknown == 0 ]] || echo ", and others unknown")"
else
  title="Adopt $changes to $name made outside the manifests"
fi
title=${title:0:250}
body="<!-- intune-assign adopt: $name -->
This pull request changes \`$manifests\` to say what **$name** holds now (found by $run_link). It was written by
\`intune-assign export --into $manifests\`, which edits only the drifted configurations' entries.

**Merge it to keep these changes.** To change the tenant back instead, run the apply job and close this pull request.
The workflow rebuilds this branch on every scheduled run: make your own changes on a branch of your own.

<details><summary>What was adopted</summary>

\`\`\`
$(head -c 20000 "$out/adopt.log")
\`\`\`
</details>

$(head -c 40000 "$out/drift.md")"

git add -- "$manifests"
git -c user.name="${ADOPT_AUTHOR_NAME:-github-actions[bot]}" \
  -c user.email="${ADOPT_AUTHOR_EMAIL:-41898282+github-actions[bot]@users.noreply.github.com}" \
  commit -q -m "$title" -m "Written by intune-assign export --into $manifests ($run_link)."
if dry; then
  echo "would push $branch and open or update its pull request: $title"
  exit 0
fi
gh auth setup-git
git push -q --force origin "HEAD:refs/heads/$branch"
if [[ -n $existing ]]; then
  gh pr edit "$existing" --repo "$GITHUB_REPOSITORY" --title "$title" --body "$body" > /dev/null
  gh pr view "$existing" --repo "$GITHUB_REPOSITORY" --json url --jq .url > "$out/adoption"
  echo "Updated adoption pull request #$existing for $name: $title"
else
  gh pr create --repo "$GITHUB_REPOSITORY" --base "$base" --head "$branch" --title "$title" --body "$body" \
    > "$out/adoption"
  echo "Opened an adoption pull request for $name: $title"
fi
