#!/bin/sh
# Prepares what test/e2e/stacks.test.ts needs (the stacks of fixtures/stacks/ built and started for
# real with podman and podman-compose), outside the repository, once per machine:
#   1. the Debian bookworm root filesystem of prepare-buildah-base.sh;
#   2. a podman storage of its own under the cache directory, and a containers.conf that works in
#      sandboxes and CI containers (runc, cgroupfs, no default ulimits: see
#      ../shared/RUNNING-CONTAINERS.md); overlay where the kernel allows it, else vfs;
#   3. in that storage, debian:bookworm-slim made of that root filesystem plus the Debian packages
#      the stacks install (the slow step, about a minute, needs the Debian mirror), with the apt
#      sources then left out: the stacks' own `apt-get update && apt-get install …` lines run as
#      written and find their packages installed, so each build takes a second and no network.
# The test points podman at it with CONTAINERS_CONF and CONTAINERS_STORAGE_CONF (files written
# here). Re-running it is cheap: each step is skipped when its result is there.
#
# Needs root and `apt-get install -y podman podman-compose runc buildah debootstrap
# golang-github-containernetworking-plugin-dnsname` (the last lets services find each other by name).
# Cache directory: $SHIPSHAPE_BUILDAH_CACHE, else ${XDG_CACHE_HOME:-$HOME/.cache}/shipshape-test.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE="${SHIPSHAPE_BUILDAH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/shipshape-test}"
PODMAN_DIR="$CACHE/podman"
IMAGE="docker.io/library/debian:bookworm-slim"
# What the stacks' Dockerfiles install; changing this list makes the base again.
PACKAGES="nginx-light redis-server postgresql-15 gosu python3"

for tool in podman podman-compose runc; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    echo "prepare-stack-base: $tool is missing; run: apt-get install -y podman podman-compose runc buildah debootstrap" >&2
    exit 1
  fi
done
PATH="$PATH:/usr/sbin:/sbin"
mkdir -p "$PODMAN_DIR"

if [ -z "${SHIPSHAPE_STACK_LOCKED:-}" ] && command -v flock >/dev/null 2>&1; then
  export SHIPSHAPE_STACK_LOCKED=1
  exec flock "$PODMAN_DIR/.lock" sh "$0" "$@"
fi

sh "$HERE/prepare-buildah-base.sh" >/dev/null
TARBALL="$CACHE/bookworm-minbase.tar"

cat >"$PODMAN_DIR/containers.conf" <<CONF
# Written by scripts/prepare-stack-base.sh for the end-to-end stacks.
[containers]
default_ulimits = []
[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"
CONF
export CONTAINERS_CONF="$PODMAN_DIR/containers.conf"
export CONTAINERS_STORAGE_CONF="$PODMAN_DIR/storage.conf"

storage_conf() {
  printf '[storage]\ndriver = "%s"\ngraphroot = "%s/storage-%s"\nrunroot = "%s/run-%s"\n' "$1" "$PODMAN_DIR" "$1" "$PODMAN_DIR" "$1" >"$CONTAINERS_STORAGE_CONF"
}
# overlay keeps each container start cheap; nested in some CI containers only vfs works.
if [ ! -f "$CONTAINERS_STORAGE_CONF" ]; then
  storage_conf overlay
  if ! podman import "$TARBALL" localhost/shipshape-minbase >"$PODMAN_DIR/import.log" 2>&1; then
    echo "prepare-stack-base: overlay storage does not work here, using vfs (see $PODMAN_DIR/import.log)"
    storage_conf vfs
  fi
fi

STAMP="$PODMAN_DIR/base.stamp"
WANT="$(ls -l --time-style=+%s "$TARBALL" | awk '{print $5 "-" $6}') $PACKAGES"
if ! podman image exists "$IMAGE" || [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  echo "prepare-stack-base: building $IMAGE with $PACKAGES (about a minute)"
  podman import "$TARBALL" localhost/shipshape-minbase >"$PODMAN_DIR/import.log" 2>&1 || {
    echo "prepare-stack-base: podman import failed, see $PODMAN_DIR/import.log" >&2
    tail -n 20 "$PODMAN_DIR/import.log" >&2
    exit 1
  }
  CTX=$(mktemp -d "$PODMAN_DIR/context.XXXXXX")
  cat >"$CTX/Containerfile" <<CONTAINERFILE
FROM localhost/shipshape-minbase
# postgresql-common must not make a cluster of its own (the official postgres image does the same).
RUN mkdir -p /etc/postgresql-common/createcluster.d \\
    && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/shipshape.conf \\
    && apt-get update \\
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $PACKAGES \\
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/apt/archives/*.deb \\
    && mv /etc/apt/sources.list /etc/apt/sources.list.shipshape-offline
CMD ["bash"]
CONTAINERFILE
  podman build --pull=never -t "$IMAGE" "$CTX" >"$PODMAN_DIR/base-build.log" 2>&1 || {
    echo "prepare-stack-base: building the base failed, see $PODMAN_DIR/base-build.log" >&2
    tail -n 20 "$PODMAN_DIR/base-build.log" >&2
    rm -rf "$CTX"
    exit 1
  }
  rm -rf "$CTX"
  podman rmi localhost/shipshape-minbase >/dev/null 2>&1 || true
  echo "$WANT" >"$STAMP"
fi
echo "prepare-stack-base: ready ($IMAGE in $PODMAN_DIR; CONTAINERS_CONF=$CONTAINERS_CONF CONTAINERS_STORAGE_CONF=$CONTAINERS_STORAGE_CONF)"
