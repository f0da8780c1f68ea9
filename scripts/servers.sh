#!/usr/bin/env bash
# Makes sure the real servers the tests talk to are up on loopback: PostgreSQL, Redis, NATS JetStream, etcd.
# Installs etcd from Debian when it is missing, Chromium for the browser tests, and Prometheus and Alertmanager for
# the monitoring tests. Idempotent: a server already up is left alone.
set -euo pipefail

up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_up() { for _ in $(seq 1 100); do up "$1" && return 0; sleep 0.2; done; echo "servers: $2 did not come up on port $1" >&2; return 1; }

if ! up 5432; then
  echo "servers: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  wait_up 5432 PostgreSQL
fi
if ! up 6379; then
  echo "servers: starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no
  wait_up 6379 Redis
fi
if ! up 4222; then
  echo "servers: starting NATS"
  mkdir -p /var/lib/nats-server
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server
  wait_up 4222 NATS
fi
if ! command -v etcd >/dev/null 2>&1; then
  echo "servers: installing etcd-server from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq etcd-server >/dev/null
fi
if [ ! -x /usr/bin/chromium ] || ! fc-list :lang=zh | grep -q .; then
  echo "servers: installing chromium and a Chinese font from Debian (the browser tests drive it with playwright-core)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi
if ! command -v promtool >/dev/null 2>&1 || ! command -v prometheus-alertmanager >/dev/null 2>&1; then
  echo "servers: installing prometheus and prometheus-alertmanager from Debian (npm run ops, and the rule tests)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends prometheus prometheus-alertmanager >/dev/null
fi
if ! up 2379; then
  echo "servers: starting etcd"
  dir="${MALL_ETCD_DATA_DIR:-/var/lib/mall-etcd}"
  mkdir -p "$dir"
  nohup etcd --name mall --data-dir "$dir" \
    --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster mall=http://127.0.0.1:2380 >/var/log/mall-etcd.log 2>&1 &
  wait_up 2379 etcd
fi
echo "servers: PostgreSQL 5432, Redis 6379, NATS 4222, etcd 2379 are up"
