#!/bin/sh
# Starts one instance of the service named by MALL_SERVICE (or the first argument): `node` on the compiled
# process-main with that service's module, as the cluster launcher does, exec'd so tini's signals reach it.
# `migrate` applies every service's migrations and exits (launch/migrate.ts: the Kubernetes Job, compose's migrate).
set -eu
service="${1:-${MALL_SERVICE:-}}"
case "$service" in
  '') echo "usage: MALL_SERVICE=<service> (identity, inventory, catalog, cart, payment, cardprocessor, order, notification, seckill, gateway)" >&2; exit 2 ;;
  migrate) exec node /app/launch/migrate.js ;;
  cardprocessor) folder=card-processor ;;
  *) folder="$service" ;;
esac
module="/app/services/$folder/src/service.js"
[ -f "$module" ] || { echo "unknown service: $service" >&2; exit 2; }
exec node /app/platform/src/runtime/process-main.js "$module"
