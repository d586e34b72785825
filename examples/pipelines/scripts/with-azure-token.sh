#!/usr/bin/env bash
# with-azure-token.sh COMMAND... — inside an AzureCLI@2 task with addSpnToEnvironment: hands the service
# connection's federated token to intune-assign (AZURE_FEDERATED_TOKEN_FILE) in a file only this user can read,
# runs COMMAND, and removes the file however COMMAND ends.
set -euo pipefail
umask 077
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# AzureCLI@2 sets idToken, servicePrincipalId and tenantId; without them this is not that task.
: "${idToken:?run inside AzureCLI@2 with addSpnToEnvironment: true}" "${servicePrincipalId:?}" "${tenantId:?}"
printf '%s' "$idToken" > "$dir/federated-token"
export AZURE_FEDERATED_TOKEN_FILE="$dir/federated-token"
export AZURE_CLIENT_ID="$servicePrincipalId" AZURE_TENANT_ID="$tenantId"
"$@"
