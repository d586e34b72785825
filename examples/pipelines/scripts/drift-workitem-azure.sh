#!/usr/bin/env bash
# drift-workitem-azure.sh OUT NAME [MANIFESTS] — Azure Boards' form of drift-issue-github.sh, after drift.sh with
# DRIFT_OUT=OUT:
# keeps one work item per tenant current, through the Azure DevOps REST API (api-version 7.1). When the tenant
# drifted, it creates the work item (type WORK_ITEM_TYPE, "Issue" by default), or updates the open one: the plan that
# would change the tenant back, with who made each change and when, and (given MANIFESTS) the command that adopts the
# change into them instead. When the drift is gone, it moves the open one to
# CLOSED_STATE ("Done" by default; "Closed" in the Agile process) with a comment. The work item is found by its exact
# title and the tag intune-assign-drift (a WIQL query). Needs SYSTEM_ACCESSTOKEN and the predefined variables
# SYSTEM_COLLECTIONURI and SYSTEM_TEAMPROJECT. With DRY_RUN=1 it prints what it would send.
set -euo pipefail
out=$1 name=$2 manifests=${3:-}
title="intune-assign: $name has drifted from its manifests"
api="${SYSTEM_COLLECTIONURI}${SYSTEM_TEAMPROJECT}/_apis/wit"
call() { # METHOD URL CONTENT-TYPE BODY
  if [[ ${DRY_RUN:-0} == 1 && $1 != POST-QUERY ]]; then printf 'would send %s %s\n%s\n' "$1" "$2" "$4"; return; fi
  local method=${1%-QUERY}
  curl --fail --silent --show-error -X "$method" "$2" -H "Authorization: Bearer $SYSTEM_ACCESSTOKEN" \
    -H "Content-Type: $3" --data "$4"
}
query=$(python3 - "$title" "${CLOSED_STATE:-Done}" <<'PY'
import json, sys
quote = lambda text: "'" + text.replace("'", "''") + "'"
print(json.dumps({"query": "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project"
                  f" AND [System.Title] = {quote(sys.argv[1])} AND [System.Tags] CONTAINS 'intune-assign-drift'"
                  f" AND [System.State] <> {quote(sys.argv[2])}"}))
PY
)
existing=$(call POST-QUERY "$api/wiql?api-version=7.1" application/json "$query" \
  | python3 -c 'import json,sys; items=json.load(sys.stdin).get("workItems") or []; print(items[0]["id"] if items else "")')
[[ -z $existing || $existing =~ ^[0-9]+$ ]] || { echo "Azure DevOps answered an unexpected work item id" >&2; exit 1; }
if [[ $(cat "$out/drifted") != yes ]]; then
  if [[ -n $existing ]]; then
    patch=$(python3 -c 'import json,sys; print(json.dumps([{"op": "add", "path": "/fields/System.State", "value": sys.argv[1]}, {"op": "add", "path": "/fields/System.History", "value": sys.argv[2]}]))' \
      "${CLOSED_STATE:-Done}" "$name matches its manifests again. Closing.")
    call PATCH "$api/workitems/$existing?api-version=7.1" application/json-patch+json "$patch" > /dev/null
    echo "Closed drift work item $existing: $name matches its manifests."
  else
    echo "No drift in $name, and no drift work item open."
  fi
  exit 0
fi
# The description is HTML: the markdown plan goes in as preformatted text, escaped (names come from the tenant).
patch=$(python3 - "$out/drift.md" "$title" "$name" "${existing:-}" "$manifests" <<'PY'
import html, json, sys
plan = open(sys.argv[1], encoding="utf-8").read()[:60000]
keep = ("open a pull request that changes the manifests to say the same" if not sys.argv[5] else
        "run <code>intune-assign export --into " + html.escape(sys.argv[5]) + "</code>, which writes it into the "
        "manifests, and open a pull request")
description = (f"<p><b>{html.escape(sys.argv[3])} no longer matches its manifests.</b> Each changed line says who made "
               "the change and when.</p><pre>" + html.escape(plan) + "</pre><p><b>To change the tenant back</b>, run the "
               f"pipeline's apply stage. <b>To keep the change</b>, {keep}; this work item closes on the next scheduled "
               "check after it is merged.</p>")
fields = [("/fields/System.Title", sys.argv[2]), ("/fields/System.Description", description)]
if not sys.argv[4]:
    fields.append(("/fields/System.Tags", "intune-assign-drift"))
print(json.dumps([{"op": "add", "path": path, "value": value} for path, value in fields]))
PY
)
if [[ -n $existing ]]; then
  call PATCH "$api/workitems/$existing?api-version=7.1" application/json-patch+json "$patch" > /dev/null
  echo "Updated drift work item $existing for $name."
else
  type=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "${WORK_ITEM_TYPE:-Issue}")
  call POST "$api/workitems/\$$type?api-version=7.1" application/json-patch+json "$patch" > /dev/null
  echo "Created a drift work item for $name."
fi
