#!/usr/bin/env bash
# test-locally.sh — runs the pipeline's shell steps, in the order the workflows run them, against the Graph
# simulator on loopback (tokens required), signing in with a client secret the way the pipeline signs in with OIDC,
# and with the pipeline's two identities: a read-only app for pull requests and drift, the write app for apply:
#   pull request: plan.sh (a change) → the comment body → comment-github.sh (dry run); with MAX_REACH, the comment
#                 leads with the reach warning and apply.sh refuses the plan; with RULES, a plan that breaks a
#                 rule fails
#   merge:        a tampered plan, a plan of other manifests and a forged plan (other manifests' plan with the
#                 merged digest pasted in) are refused with nothing written → apply.sh on
#                 the saved plan → a rerun of the same step finds everything done → after a change made
#                 outside the plan, the plan is refused as stale
#   schedule:     drift.sh passes; after a change made outside the manifests it fails, and drift-issue-github.sh
#                 opens an issue naming who made the change, updates it on the next run, and closes it once the
#                 tenant matches again (against a fake gh); adopt-pr-github.sh writes the drift into a clone's
#                 manifests, pushes the branch and opens a pull request titled with who made the change, updates it,
#                 and closes it once the drift is gone; drift-workitem-azure.sh does the same as the issue with a work
#                 item (against a fake of Azure DevOps' REST calls)
#   approval:     on a tenant under Multi Admin Approval, apply.sh ends with a notice while writes await approval,
#                 each request carries the pull request in its justification, and the same step finishes them once
#                 approved
# INTUNE_ASSIGN names the binary (default: intune-assign on PATH). Run from the repository root.
set -euo pipefail
tool=${INTUNE_ASSIGN:-intune-assign}
export INTUNE_ASSIGN=$tool
steps=$PWD/examples/pipelines/scripts
work=$(mktemp -d)
server2=
trap 'kill "$server" $server2 2>/dev/null || true; rm -rf "$work"' EXIT
cp examples/tenant.json "$work/tenant.json"
# The read-only app of the pipelines' plan and drift jobs: its tokens read, and Graph refuses its writes.
reader=7b3d9e2a-4c1f-4a8e-9d6b-2f5c8a1e7d40 reader_secret=simulator-only-not-a-secret-read
python3 - "$work/tenant.json" "$reader" "$reader_secret" <<'PY'
import json, sys
tenant = json.load(open(sys.argv[1]))
tenant["readOnlyApplication"] = {"clientId": sys.argv[2], "clientSecret": sys.argv[3]}
json.dump(tenant, open(sys.argv[1], "w"))
PY

"$tool" simulator --tenant "$work/tenant.json" --port 0 --require-token > "$work/server.out" &
server=$!
for _ in $(seq 50); do grep -q 'http://' "$work/server.out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.out" | head -n 1)
export AZURE_TENANT_ID=6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11 AZURE_CLIENT_ID=3c9e2f71-8a4b-4d6e-9f1a-2b7c5d8e0a14
export AZURE_CLIENT_SECRET=simulator-only-not-a-secret AZURE_AUTHORITY_HOST=$url INTUNE_ASSIGN_GRAPH_URL=$url
fail() { echo "FAILED: $*" >&2; exit 1; }
# Run a step as the read-only identity (pull requests, drift); without this, steps sign in as the write app.
as_reader() { AZURE_CLIENT_ID=$reader AZURE_CLIENT_SECRET=$reader_secret "$@"; }

echo "== pull request: plan"
as_reader "$steps/plan.sh" examples/manifests "$work/pr" > "$work/plan.log" || fail "plan.sh exited $?"
[[ $(cat "$work/pr/changes") == yes ]] || fail "the example should have changes"
grep -q '^\*\*Plan: 10 configurations to change (6 to add, 4 to update, 3 to remove), 11 Graph calls.\*\*$' "$work/pr/comment.md" \
  || fail "comment body without the verdict"
[[ -s $work/pr/plan.json ]] || fail "no plan file"
PR=42 DRY_RUN=1 "$steps/comment-github.sh" "$work/pr" northwind > "$work/comment.log"
grep -q '^<!-- intune-assign plan: northwind -->$' "$work/comment.log" || fail "comment without its marker"
echo "comment body: $(wc -c < "$work/pr/comment.md") bytes"

echo "== pull request: a plan above the reach limit"
MAX_REACH=5000 as_reader "$steps/plan.sh" examples/manifests "$work/pr-reach" > /dev/null || fail "plan.sh with MAX_REACH failed"
sed -n 3p "$work/pr-reach/comment.md" | grep -q '^> \[!WARNING\]$' || fail "the comment does not lead with reach: $(head -n 5 "$work/pr-reach/comment.md")"
if MAX_REACH=5000 "$steps/apply.sh" "$work/pr-reach/plan.json" examples/manifests > "$work/reach-apply.log" 2>&1; then
  fail "a plan above the reach limit was applied"
fi
grep -q 'refusing the plan: not every target it changes is counted' "$work/reach-apply.log" || fail "no reach refusal: $(cat "$work/reach-apply.log")"

echo "== pull request: a plan whose manifests break the tenant's rules"
if RULES=examples/rules.yaml as_reader "$steps/plan.sh" examples/manifests "$work/pr-rules" > "$work/rules.log" 2>&1; then
  fail "plan.sh passed a plan that breaks the rules"
fi
sed -n 3p "$work/pr-rules/comment.md" | grep -q '^> \[!CAUTION\]$' || fail "the comment does not lead with the broken rules"
grep -q 'lacks exclude group break-glass (examples/manifests/windows.yaml:25:5)' "$work/pr-rules/comment.md" \
  || fail "the broken rule is not named: $(cat "$work/rules.log")"

echo "== pull request: the read-only identity cannot write"
if as_reader "$steps/apply.sh" "$work/pr/plan.json" examples/manifests > "$work/reader-apply.log" 2>&1; then
  fail "the pull request's identity applied a plan"
fi
grep -q 'not authorized to perform this operation' "$work/reader-apply.log" || fail "no 403 for the read-only identity: $(cat "$work/reader-apply.log")"

echo "== merge: refuse what was not reviewed"
# A plan artifact whose calls were edited after the review (here: one configuration's set emptied).
python3 - "$work/pr/plan.json" "$work/tampered.json" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
victim = next(c for c in plan["configurations"] if c["calls"])
victim["calls"] = [{"method": "POST", "path": victim["calls"][0]["path"].rsplit("/", 1)[0] + "/assign",
                    "body": {next(iter(victim["calls"][0].get("body") or {"assignments": 0})): []}}]
json.dump(plan, open(sys.argv[2], "w"))
PY
if "$steps/apply.sh" "$work/tampered.json" examples/manifests > "$work/tampered.log" 2>&1; then fail "a tampered plan was applied"; fi
grep -q 'edited after planning' "$work/tampered.log" || fail "no refusal of the tampered plan: $(cat "$work/tampered.log")"
# The reviewed plan, but other manifests than the ones it was made from.
if "$steps/apply.sh" "$work/pr/plan.json" examples/manifests/apps.yaml > "$work/other.log" 2>&1; then
  fail "a plan of other manifests was applied"
fi
grep -q 'the plan was made from other manifests' "$work/other.log" || fail "no refusal of other manifests"
# A forged artifact: a plan of other manifests (All devices on the Windows compliance policy, no break-glass
# exclusion), made by a pull request's own copy of plan.sh, with the merged manifests' digest pasted in.
mkdir -p "$work/forged-manifests"
cat > "$work/forged-manifests/compliance.yaml" <<'YAML'
version: 1
configurations:
  - kind: deviceCompliancePolicy
    id: 6a9d2c5f-8b1e-4d7a-a3c6-2e5f9b1d4c87
    assignments: [ { allDevices: {} } ]
YAML
as_reader "$tool" plan "$work/forged-manifests" --out "$work/forged.json" > /dev/null
python3 - "$work/pr/plan.json" "$work/forged.json" <<'PY'
import json, sys
reviewed, forged = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
forged["manifest_digest"] = reviewed["manifest_digest"]
json.dump(forged, open(sys.argv[2], "w"))
PY
if "$steps/apply.sh" "$work/forged.json" examples/manifests > "$work/forged.log" 2>&1; then fail "a forged plan was applied"; fi
grep -q 'it is not the plan these manifests give' "$work/forged.log" || fail "no refusal of the forged plan: $(cat "$work/forged.log")"
# Nothing was written: the reviewed plan below still applies, which it would not if the tenant had moved.

echo "== merge: apply the reviewed plan"
"$steps/apply.sh" "$work/pr/plan.json" examples/manifests > "$work/apply.log" || fail "apply.sh exited $?"
grep -q '^Apply complete: 10 configurations changed with 11 Graph calls; the tenant matches the plan.$' "$work/apply.log" \
  || fail "apply did not complete"
# A rerun of the merge job (after a failure half-way, or by hand) finishes what is left: here, nothing.
"$steps/apply.sh" "$work/pr/plan.json" examples/manifests > "$work/rerun.log" || fail "a rerun of apply.sh failed"
grep -q '^Already done by an earlier apply of this plan (10):$' "$work/rerun.log" || fail "the rerun did not see the work done"

echo "== schedule: drift check"
as_reader "$steps/drift.sh" examples/manifests > "$work/drift.log" || fail "drift.sh found drift right after apply"
grep -q '^No drift' "$work/drift.log" || fail "no verdict"
# Someone removes an assignment in the portal (here: another manifest applied outside the pipeline).
mkdir -p "$work/portal"
cat > "$work/portal/change.yaml" <<'YAML'
version: 1
configurations:
  - kind: deviceCompliancePolicy
    id: 6a9d2c5f-8b1e-4d7a-a3c6-2e5f9b1d4c87
    assignments: []
YAML
"$tool" apply "$work/portal" --auto-approve > /dev/null
status=0
as_reader "$steps/drift.sh" examples/manifests > "$work/drift2.log" || status=$?
[[ $status == 1 ]] || fail "drift.sh exited $status after a change in the portal, not 1"
grep -q '^Drift: ' "$work/drift2.log" || fail "no drift verdict"
echo "== schedule: the drift issue (against a fake of GitHub's issue calls)"
# The fake answers the open-issue list as GitHub's REST API does after drift-issue-github.sh's --jq filter (the open
# issue's number, or nothing), and records every call.
export FAKE_GH=$work/fake-gh
mkdir -p "$FAKE_GH/bin"
cat > "$FAKE_GH/bin/gh" <<'FAKE'
#!/usr/bin/env bash
printf '%s\n' "$*" >> "$FAKE_GH/calls"
case "$*" in
  *"issues?state=open"*) cat "$FAKE_GH/open" 2>/dev/null || true ;;
  *"--method POST repos/northwind/intune/issues -f"*) echo 7 > "$FAKE_GH/open" ;;
  *"state=closed"*) rm -f "$FAKE_GH/open" ;;
  "pr list"*) cat "$FAKE_GH/pr" 2>/dev/null || true ;;
  "pr create"*) echo 12 > "$FAKE_GH/pr"; echo https://github.com/northwind/intune/pull/12 ;;
  "pr view"*) echo https://github.com/northwind/intune/pull/12 ;;
  "pr close"*) rm -f "$FAKE_GH/pr" ;;
esac
FAKE
chmod +x "$FAKE_GH/bin/gh"
issue() { PATH="$FAKE_GH/bin:$PATH" GITHUB_REPOSITORY=northwind/intune GH_TOKEN=fake "$steps/drift-issue-github.sh" "$@"; }
DRIFT_OUT=$work/drift as_reader "$steps/drift.sh" examples/manifests > /dev/null && fail "drift.sh passed on a drifted tenant"
[[ $(cat "$work/drift/drifted") == yes ]] || fail "drift not recorded"
issue "$work/drift" northwind > "$work/issue1.log" || fail "drift-issue-github.sh failed: $(cat "$work/issue1.log")"
grep -q '^Opened a drift issue for northwind.$' "$work/issue1.log" || fail "no issue opened: $(cat "$work/issue1.log")"
grep -q 'title=intune-assign: northwind has drifted from its manifests' "$FAKE_GH/calls" || fail "no issue title"
# The change was made with the write app's credentials, not the drift check's read-only app: it names that app.
grep -q "changed by app 3c9e2f71-8a4b-4d6e-9f1a-2b7c5d8e0a14 (Assign DeviceCompliancePolicy)" "$FAKE_GH/calls" \
  || fail "the issue does not say who changed it: $(cat "$FAKE_GH/calls")"
echo "== schedule: the adoption pull request (a clone of the repository, against a fake gh)"
git init -q --bare "$work/origin.git"
mkdir -p "$work/repo/tenants"
cp -r examples/manifests "$work/repo/tenants/northwind"
git -C "$work/repo" init -q -b main
git -C "$work/repo" add -A
git -C "$work/repo" -c user.name=test -c user.email=test@example.invalid commit -q -m "the manifests"
git -C "$work/repo" remote add origin "$work/origin.git"
git -C "$work/repo" push -q origin main
adopt() {
  (cd "$work/repo" && PATH="$FAKE_GH/bin:$PATH" GITHUB_REPOSITORY=northwind/intune GH_TOKEN=fake \
    "$steps/adopt-pr-github.sh" "$@")
}
as_reader adopt "$work/drift" northwind tenants/northwind > "$work/adopt1.log" || fail "adopt-pr-github.sh failed: $(cat "$work/adopt1.log")"
grep -q '^Opened an adoption pull request for northwind: Adopt 2 changes to northwind made by the app 3c9e2f71-8a4b-4d6e-9f1a-2b7c5d8e0a14$' \
  "$work/adopt1.log" || fail "no adoption pull request: $(cat "$work/adopt1.log")"
[[ $(git -C "$work/origin.git" diff --name-only main intune-assign/adopt-northwind) == tenants/northwind/compliance.yaml ]] \
  || fail "the pushed branch changes more than the drifted configuration's file"
git -C "$work/origin.git" show intune-assign/adopt-northwind:tenants/northwind/compliance.yaml | grep -q '^    assignments: \[\]$' \
  || fail "the drifted list was not adopted"
issue "$work/drift" northwind tenants/northwind > "$work/issue2.log" || fail "the second run failed"
grep -q '^Updated drift issue #7 for northwind.$' "$work/issue2.log" || fail "the open issue was not updated"
grep -q 'merge the adoption pull request https://github.com/northwind/intune/pull/12' "$FAKE_GH/calls" \
  || fail "the issue does not offer the adoption pull request"
git -C "$work/repo" checkout -q main
as_reader adopt "$work/drift" northwind tenants/northwind > "$work/adopt2.log" || fail "the second adoption failed"
grep -q '^Updated adoption pull request #12 for northwind: ' "$work/adopt2.log" || fail "the open pull request was not updated"
# Azure Boards: the same against a fake of the work item calls (a WIQL query, create, update, close) made with curl.
export FAKE_ADO=$work/fake-ado
mkdir -p "$FAKE_ADO/bin"
cat > "$FAKE_ADO/bin/curl" <<'FAKE'
#!/usr/bin/env bash
method=GET url= body=
while [[ $# -gt 0 ]]; do
  case $1 in -X) method=$2; shift ;; --data) body=$2; shift ;; http*) url=$1 ;; esac
  shift
done
printf '%s %s %s\n' "$method" "$url" "$body" >> "$FAKE_ADO/calls"
case "$method $url" in
  *"/wiql?"*) if [[ -s $FAKE_ADO/open ]]; then echo "{\"workItems\": [{\"id\": $(cat "$FAKE_ADO/open")}]}"; else echo '{"workItems": []}'; fi ;;
  "POST "*"/workitems/"*) echo 42 > "$FAKE_ADO/open"; echo '{"id": 42}' ;;
  "PATCH "*) [[ $body == *System.State* ]] && rm -f "$FAKE_ADO/open"; echo '{"id": 42}' ;;
esac
FAKE
chmod +x "$FAKE_ADO/bin/curl"
workitem() {
  PATH="$FAKE_ADO/bin:$PATH" SYSTEM_ACCESSTOKEN=fake SYSTEM_COLLECTIONURI=https://dev.azure.com/northwind/ \
    SYSTEM_TEAMPROJECT=intune "$steps/drift-workitem-azure.sh" "$@"
}
workitem "$work/drift" northwind > "$work/item1.log" || fail "drift-workitem-azure.sh failed: $(cat "$work/item1.log")"
grep -q '^Created a drift work item for northwind.$' "$work/item1.log" || fail "no work item: $(cat "$work/item1.log")"
grep -q '^POST https://dev.azure.com/northwind/intune/_apis/wit/workitems/\$Issue?api-version=7.1 ' "$FAKE_ADO/calls" \
  || fail "not created as an Issue: $(cat "$FAKE_ADO/calls")"
grep -q 'changed by app 3c9e2f71-8a4b-4d6e-9f1a-2b7c5d8e0a14 (Assign DeviceCompliancePolicy)' "$FAKE_ADO/calls" \
  || fail "the work item does not say who changed it"
workitem "$work/drift" northwind > "$work/item2.log" || fail "the second run failed"
grep -q '^Updated drift work item 42 for northwind.$' "$work/item2.log" || fail "the open work item was not updated"

# The reviewed plan no longer says what the tenant holds: applying it is refused with nothing written.
if "$steps/apply.sh" "$work/pr/plan.json" examples/manifests > "$work/stale.log" 2>&1; then fail "a stale plan was applied"; fi
grep -q 'the plan is stale' "$work/stale.log" || fail "no stale-plan refusal"

echo "== pull request without changes"
"$tool" apply examples/manifests --auto-approve > /dev/null
as_reader "$steps/plan.sh" examples/manifests "$work/pr2" > /dev/null
[[ $(cat "$work/pr2/changes") == no ]] || fail "changes after converging"
DRIFT_OUT=$work/drift as_reader "$steps/drift.sh" examples/manifests > /dev/null || fail "drift after converging"
issue "$work/drift" northwind > "$work/issue3.log" || fail "closing the issue failed"
grep -q '^Closed drift issue #7: northwind matches its manifests.$' "$work/issue3.log" || fail "the issue stayed open"
grep -q 'repos/northwind/intune/issues/7 -f state=closed' "$FAKE_GH/calls" || fail "no close call"
as_reader adopt "$work/drift" northwind tenants/northwind > "$work/adopt3.log" || fail "closing the adoption failed"
grep -q '^Closed adoption pull request #12: northwind matches its manifests.$' "$work/adopt3.log" \
  || fail "the adoption pull request stayed open"
workitem "$work/drift" northwind > "$work/item3.log" || fail "closing the work item failed"
grep -q '^Closed drift work item 42: northwind matches its manifests.$' "$work/item3.log" || fail "the work item stayed open"
grep -q '^\*\*No changes.\*\*' "$work/pr2/comment.md" || fail "the short comment is missing"
echo "== merge under Multi Admin Approval"
cp examples/tenant.json "$work/maa.json"
"$tool" simulator --tenant "$work/maa.json" --port 0 --maa /deviceManagement/configurationPolicies > "$work/maa.out" &
server2=$!
for _ in $(seq 50); do grep -q 'http://' "$work/maa.out" 2>/dev/null && break; sleep 0.1; done
maa=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/maa.out" | head -n 1)
export AZURE_AUTHORITY_HOST=$maa INTUNE_ASSIGN_GRAPH_URL=$maa PR_URL=https://github.com/northwind/intune/pull/42
export PR_TITLE="Pilot ring for BitLocker"
"$steps/plan.sh" examples/manifests "$work/maa" > /dev/null || fail "plan.sh under approval exited $?"
"$steps/apply.sh" "$work/maa/plan.json" examples/manifests > "$work/maa1.log" || fail "apply.sh did not end the step"
grep -q '^notice: Writes await Multi Admin Approval' "$work/maa1.log" || fail "no notice: $(cat "$work/maa1.log")"
grep -q '^Apply waiting for approval: 8 changed, 2 awaiting approval (2 requests)' "$work/maa1.log" || fail "no waiting verdict"
python3 - "$work/maa1.log" "$maa" <<'PY' || fail "the requests do not carry the pull request"
import json, re, sys, urllib.request
root = sys.argv[2]
listed = json.load(urllib.request.urlopen(f"{root}/beta/deviceManagement/operationApprovalRequests"))["value"]
ids = re.findall(r"approval request ([0-9a-f-]{36})", open(sys.argv[1]).read())
assert sorted(ids) == sorted(r["id"] for r in listed), (ids, listed)
for request in listed:
    assert request["requestJustification"].startswith(
        "Pilot ring for BitLocker: https://github.com/northwind/intune/pull/42 (intune-assign plan sha256:"), request
    # A second admin approves (the simulator's test aid: applications cannot approve in Graph).
    urllib.request.urlopen(urllib.request.Request(f"{root}/simulator/approvalRequests/{request['id']}/approve", method="POST"))
PY
"$steps/apply.sh" "$work/maa/plan.json" examples/manifests > "$work/maa2.log" || fail "finishing the approved writes failed"
grep -q '^Apply complete: 2 configurations changed with 2 Graph calls' "$work/maa2.log" || fail "not finished: $(cat "$work/maa2.log")"
echo "All pipeline steps behaved as expected."
