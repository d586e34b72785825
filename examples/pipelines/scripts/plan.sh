#!/usr/bin/env bash
# plan.sh MANIFESTS OUT — the pull-request step: validate, plan, and write what the pipeline publishes.
#   OUT/plan.json     the plan file (the artifact that apply uses after the merge)
#   OUT/comment.md    the pull-request comment: the markdown plan, or one line when nothing changes
#   OUT/changes       "yes" or "no"
# Exit: 0 when planning worked (with or without changes), 1 on any error (the errors are annotated in GitHub).
set -euo pipefail
manifests=$1 out=$2
tool=${INTUNE_ASSIGN:-intune-assign}
mkdir -p "$out"
"$tool" validate "$manifests"
status=0
"$tool" plan "$manifests" --out "$out/plan.json" --format markdown --detailed-exitcode > "$out/plan.md" || status=$?
case $status in
  0) echo no > "$out/changes"
     printf '### intune-assign plan\n\n**No changes.** The tenant matches the manifests in `%s`.\n' "$manifests" > "$out/comment.md" ;;
  2) echo yes > "$out/changes"
     cp "$out/plan.md" "$out/comment.md" ;;
  *) exit "$status" ;;
esac
echo "plan for $manifests: changes=$(cat "$out/changes")"
