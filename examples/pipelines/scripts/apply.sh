#!/usr/bin/env bash
# apply.sh PLANFILE — the merge step: apply exactly the reviewed plan. A plan the tenant has moved away from since
# the review is refused with nothing written ("the plan is stale"): plan again in a new pull request.
set -euo pipefail
tool=${INTUNE_ASSIGN:-intune-assign}
"$tool" apply "$1" ${MAX_REMOVALS:+--max-removals "$MAX_REMOVALS"}
