#!/usr/bin/env bash
# CI: a service written by `npm run new:service` passes `npm run check` and its own tests in both run modes,
# untouched; then it is removed again, so the generator cannot rot while nobody runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
name=gencheck
if ! git diff --quiet -- launch/services.ts contracts/src/index.ts || [ -e "services/$name" ]; then
  echo "check-new-service: launch/services.ts or contracts/src/index.ts has local changes, or services/$name exists; not touching them" >&2
  exit 1
fi
trap 'git checkout -q -- launch/services.ts contracts/src/index.ts; rm -rf "services/$name" "contracts/src/$name.ts"' EXIT
npm run -s new:service "$name"
npm run -s check
node --import tsx --test --test-concurrency=1 --test-reporter=spec "services/$name/test/unit/domain.unit.test.ts" "services/$name/test/$name.test.ts"
