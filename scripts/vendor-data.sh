#!/usr/bin/env bash
# Regenerates the data Latchkey embeds from ../shared/data (never edit the outputs by hand).
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-../shared/data}
gzip -9 -n -c "$src/aws-managed-policies.json" > iam/data/aws-managed-policies.json.gz
echo "vendored: iam/data/aws-managed-policies.json.gz"
gzip -9 -n -c "$src/aws-service-reference.json" > iam/data/aws-service-reference.json.gz
echo "vendored: iam/data/aws-service-reference.json.gz"
