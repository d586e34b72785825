#!/usr/bin/env bash
# apply.sh PLANFILE MANIFESTS — the merge step: apply exactly the reviewed plan, and only if it was made from the
# manifests that were merged (MANIFESTS, the same path plan.sh was given). A plan the tenant has moved away from
# since the review is refused with nothing written ("the plan is stale"): plan again in a new pull request. A plan
# file whose calls were edited, or that was made from other manifests, is refused too.
set -euo pipefail
tool=${INTUNE_ASSIGN:-intune-assign}
"$tool" apply "$1" --manifests "$2" ${MAX_REMOVALS:+--max-removals "$MAX_REMOVALS"}
