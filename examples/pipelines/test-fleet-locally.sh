#!/usr/bin/env bash
# test-fleet-locally.sh — runs the fleet pipeline's steps (github-actions/intune-assign-fleet.yml and
# azure-devops/azure-pipelines-fleet.yml), in the order the pipelines run them, against a fleet of simulated tenants
# served at one loopback address (`simulator --fleet`), each tenant signing in on its own with the fleet's
# read-only app (pull requests, drift) or write app (merge):
#   matrix:       `fleet matrix` splits the fleet into shards
#   pull request: plan.sh --fleet per shard → one comment over all shards (show) → comment-github.sh (dry run)
#   merge:        apply.sh --fleet, wave canary, then wave everyone (the canary tenant finds its work done); a plan
#                 file edited after the review is refused for its tenant alone
#   schedule:     drift.sh --fleet passes; after a change made in one tenant outside the manifests it fails, naming it,
#                 and drift-issue-github.sh, run for each tenant, opens one issue, for that tenant alone, naming who
#                 made the change (against a fake gh)
# INTUNE_ASSIGN names the binary (default: intune-assign on PATH). Run from the repository root.
set -euo pipefail
tool=${INTUNE_ASSIGN:-intune-assign}
export INTUNE_ASSIGN=$tool
steps=examples/pipelines/scripts
fleet=examples/fleet/fleet.yaml
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
cp -r examples/fleet/tenants "$work/tenants"
# tailspin's "Lyon Pilot" group exists here, so that every tenant plans.
python3 - "$work/tenants/tailspin.json" <<'PY'
import json, sys
tenant = json.load(open(sys.argv[1]))
tenant["groups"].append({"displayName": "Lyon Pilot", "id": "7d9f1b3c-5e7a-4c9e-8b1d-3f5a7c9e1b35"})
json.dump(tenant, open(sys.argv[1], "w"))
PY
"$tool" simulator --fleet "$work/tenants" --port 0 > "$work/server.out" &
server=$!
for _ in $(seq 50); do grep -q 'http://' "$work/server.out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.out" | head -n 1)
export AZURE_AUTHORITY_HOST=$url INTUNE_ASSIGN_GRAPH_URL=$url
fail() { echo "FAILED: $*" >&2; exit 1; }
# The fleet's two apps, consented in every tenant: the read-only app of pull requests and drift, the write app.
as_reader() { AZURE_CLIENT_ID=8d0b2f4a-6c81-4e9f-a7b5-1c3e5a7c9e24 AZURE_CLIENT_SECRET=simulator-only-not-a-secret-fleet-read "$@"; }
as_writer() { AZURE_CLIENT_ID=9e1c3a5b-7d92-4f0a-8b6c-2d4e6f8a0b13 AZURE_CLIENT_SECRET=simulator-only-not-a-secret-fleet-write "$@"; }

echo "== matrix"
"$tool" fleet matrix --fleet "$fleet" --shards 2 > "$work/matrix.json"
mapfile -t shards < <(python3 -c 'import json,sys; [print(j["shard"]) for j in json.load(open(sys.argv[1]))["include"]]' "$work/matrix.json")
[[ ${#shards[@]} -ge 1 ]] || fail "an empty matrix: $(cat "$work/matrix.json")"

echo "== pull request: plan each shard, one comment"
for index in "${!shards[@]}"; do
  as_reader "$steps/plan.sh" --fleet "$fleet" "${shards[$index]}" "$work/plans/plan-fleet-$index" > "$work/plan-$index.log" \
    || fail "plan.sh --fleet ${shards[$index]} exited $?: $(cat "$work/plan-$index.log")"
done
"$tool" show "$work"/plans/*/ --format markdown > "$work/comment.md"
mkdir -p "$work/pr" && cp "$work/comment.md" "$work/pr/comment.md"
grep -q "^\*\*Fleet plan: 3 tenants: 3 changes.\*\*$" "$work/comment.md" \
  || fail "the comment does not cover the fleet: $(head -5 "$work/comment.md")"
PR=42 DRY_RUN=1 "$steps/comment-github.sh" "$work/pr" fleet > "$work/comment.log"
grep -q '^<!-- intune-assign plan: fleet -->$' "$work/comment.log" || fail "comment without its marker"
echo "comment body: $(wc -c < "$work/comment.md") bytes"

echo "== merge: a plan file edited after the review is refused for its tenant alone"
cp -r "$work/plans" "$work/edited"
edited=$(ls "$work"/edited/*/fabrikam.plan.json)
python3 - "$edited" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
plan["configurations"] = plan["configurations"][:1]
json.dump(plan, open(sys.argv[1], "w"))
PY
status=0
as_writer "$steps/apply.sh" --fleet "$fleet" all "$work"/edited/*/ > "$work/edited.log" 2>&1 || status=$?
[[ $status == 1 ]] || fail "an edited plan file: apply exited $status, not 1"
grep -q '^Fleet apply: 3 tenants: 2 applied, 1 failed.' "$work/edited.log" || fail "not the edited tenant alone: $(cat "$work/edited.log")"
# The two other tenants were applied: the waves below find their work done.

echo "== merge: wave by wave"
as_writer "$steps/apply.sh" --fleet "$fleet" canary "$work"/plans/*/ > "$work/canary.log" || fail "wave canary: $(cat "$work/canary.log")"
grep -q '^Fleet apply: 1 tenant: 1 applied.$' "$work/canary.log" || fail "wave canary: $(cat "$work/canary.log")"
as_writer "$steps/apply.sh" --fleet "$fleet" everyone "$work"/plans/*/ > "$work/everyone.log" || fail "wave everyone: $(cat "$work/everyone.log")"
grep -q '^Fleet apply: 3 tenants: 3 applied.$' "$work/everyone.log" || fail "wave everyone: $(cat "$work/everyone.log")"

echo "== schedule: drift check"
as_reader "$steps/drift.sh" --fleet "$fleet" all > "$work/drift.log" || fail "drift right after apply: $(cat "$work/drift.log")"
grep -q '^No drift: ' "$work/drift.log" || fail "no verdict"
# Someone removes fabrikam's assignments of its Edge policy in the portal.
mkdir -p "$work/portal"
cat > "$work/portal/change.yaml" <<'YAML'
version: 1
configurations:
  - kind: configurationPolicy
    name: Edge - Fabrikam
    assignments: []
YAML
AZURE_TENANT_ID=fabrikam.example as_writer "$tool" apply "$work/portal" --auto-approve > /dev/null
status=0
as_reader "$steps/drift.sh" --fleet "$fleet" all > "$work/drift2.log" || status=$?
[[ $status == 1 ]] || fail "drift.sh exited $status after a change in the portal, not 1"
grep -q '^Drift: ' "$work/drift2.log" || fail "no drift verdict"
grep -q "^Fleet plan: 3 tenants: 2 no changes, 1 changes. Exit status 2, from tenant fabrikam.$" "$work/drift2.log" || fail "the report does not name fabrikam: $(cat "$work/drift2.log")"
echo "== schedule: one drift issue per tenant (against a fake gh)"
DRIFT_OUT=$work/drift as_reader "$steps/drift.sh" --fleet "$fleet" all > /dev/null && fail "drift.sh passed on a drifted fleet"
for name in contoso fabrikam tailspin; do
  [[ -s $work/drift/tenants/$name/drift.md ]] || fail "no drift report for $name"
done
[[ $(cat "$work/drift/tenants/fabrikam/drifted") == yes && $(cat "$work/drift/tenants/contoso/drifted") == no ]] \
  || fail "the drift of each tenant is not recorded"
mkdir -p "$work/fake-gh"
cat > "$work/fake-gh/gh" <<'FAKE'
#!/usr/bin/env bash
printf '%s\n' "$*" >> "$(dirname "$0")/calls"
FAKE
chmod +x "$work/fake-gh/gh"
for dir in "$work"/drift/tenants/*/; do
  PATH="$work/fake-gh:$PATH" GITHUB_REPOSITORY=northwind/intune GH_TOKEN=fake \
    "$steps/drift-issue-github.sh" "$dir" "$(basename "$dir")" >> "$work/issues.log"
done
[[ $(grep -c '^Opened a drift issue' "$work/issues.log") == 1 ]] || fail "not one issue: $(cat "$work/issues.log")"
grep -q '^Opened a drift issue for fabrikam.$' "$work/issues.log" || fail "no issue for fabrikam"
grep -q 'title=intune-assign: fabrikam has drifted from its manifests' "$work/fake-gh/calls" || fail "no issue title"
grep -q 'changed by app 9e1c3a5b-7d92-4f0a-8b6c-2d4e6f8a0b13 (Assign ConfigurationPolicy)' "$work/fake-gh/calls" \
  || fail "the issue does not say who changed fabrikam: $(cat "$work/fake-gh/calls")"
echo "All fleet pipeline steps behaved as expected."
