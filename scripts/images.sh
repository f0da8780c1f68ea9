#!/usr/bin/env bash
# npm run images: builds the mall's container image with podman (deploy/Containerfile), one image for every
# service (the service is chosen when the container starts: MALL_SERVICE=<name>), tagged mall:<version> and mall:latest.
#
# The base: MALL_BASE_IMAGE when set (any image with node ≥ 20.19 and npm on the PATH); else node:20-bookworm-slim when
# podman can pull it; else, on a machine that reaches no container registry, a local Debian base made once with
# `debootstrap --variant=minbase bookworm` (Debian's packages must be reachable), imported with `podman import`, with
# tini and CA certificates from Debian and this machine's own node and npm copied in (mall-base:bookworm).
#
# Podman is set up by a containers.conf of our own (deploy/podman/containers.conf, CONTAINERS_CONF): the runc runtime,
# cgroupfs as cgroup manager and default ulimits, which is what works inside a container-less sandbox like this one.
# npm inside the build uses this machine's CA bundle (mounted read-only).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$root/deploy/podman/containers.conf}"
command -v podman >/dev/null || { echo "podman is not installed (Debian: apt-get install podman runc)" >&2; exit 1; }
version="$(node -p "require('./package.json').version")"
node_version="$(node -p 'process.versions.node')"

base="${MALL_BASE_IMAGE:-}"
if [[ -z "$base" ]]; then
  if podman image exists docker.io/library/node:20-bookworm-slim ||
    timeout 60 podman pull -q docker.io/library/node:20-bookworm-slim >/dev/null 2>&1; then
    base=docker.io/library/node:20-bookworm-slim
  else
    base="localhost/mall-base:bookworm-node$node_version"
    if ! podman image exists "$base"; then
      echo "no registry: making $base with debootstrap (once)"
      command -v debootstrap >/dev/null || { echo "debootstrap is not installed (apt-get install debootstrap)" >&2; exit 1; }
      rootfs="$root/.tmp/rootfs-bookworm"
      rm -rf "$rootfs"
      mkdir -p "$root/.tmp"
      mirror="$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)"
      debootstrap --variant=minbase --include=tini,ca-certificates bookworm "$rootfs" "${mirror:-http://deb.debian.org/debian}"
      # This machine's node (a dynamically linked build: libc, libstdc++, libgcc_s, all in minbase) and npm.
      install -m 0755 "$(command -v node)" "$rootfs/usr/local/bin/node"
      npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
      mkdir -p "$rootfs/usr/local/lib/node_modules"
      cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
      ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
      ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
      rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
      tar -C "$rootfs" -c . | podman import --change 'CMD ["/bin/bash"]' - "$base"
      rm -rf "$rootfs"
    fi
  fi
fi
echo "base image: $base"

volumes=()
ca="${MALL_BUILD_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
[[ -f "$ca" ]] && volumes+=(--volume "$ca:/run/build-ca.crt:ro")
started=$(date +%s)
podman build --network=host "${volumes[@]}" --build-arg "BASE=$base" \
  -f deploy/Containerfile -t "localhost/mall:$version" -t localhost/mall:latest .
echo "built localhost/mall:$version in $(($(date +%s) - started)) s: $(podman image inspect --format '{{.Size}}' localhost/mall:latest | numfmt --to=iec) ($(podman image inspect --format '{{.Size}}' "$base" | numfmt --to=iec) of it the base)"
