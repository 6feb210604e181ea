#!/bin/sh
# Prepares, once per machine and outside the repository, the one container storage and the one
# base image that every end-to-end test building or starting containers uses
# (test/e2e/buildah.test.ts, init-buildah.test.ts, stacks.test.ts; test/helpers/containers.ts):
#   1. containers.conf and storage.conf under the cache directory: runc, cgroupfs, no default
#      ulimits (they work in sandboxes and CI containers, see ../shared/RUNNING-CONTAINERS.md), a
#      storage of its own, overlay where the kernel allows it, else vfs;
#   2. docker.io/library/debian:bookworm-slim in that storage: Debian bookworm (minbase) with the
#      packages the tests' images install already in, made in one step by mmdebstrap from the
#      Debian mirror (the slow step, a minute or two), and the apt sources then left out: a
#      Dockerfile's `apt-get update && apt-get install …` of those packages runs as written and
#      finds them installed, so each build takes seconds and needs no network.
# The tests point podman and buildah at it with CONTAINERS_CONF and CONTAINERS_STORAGE_CONF.
# Re-running it is cheap: each step is skipped when its result is there. Runs at the same time
# (test files in parallel, two test runs on one machine) wait for each other.
#
# Needs root and `apt-get install -y buildah mmdebstrap` (the stacks also podman, podman-compose,
# runc and golang-github-containernetworking-plugin-dnsname).
# Cache directory: $SHIPSHAPE_BUILDAH_CACHE, else ${XDG_CACHE_HOME:-$HOME/.cache}/shipshape-test.
# Mirror: $DEBIAN_MIRROR (default http://deb.debian.org/debian).
set -eu

CACHE="${SHIPSHAPE_BUILDAH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/shipshape-test}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
DIR="$CACHE/containers"
IMAGE="docker.io/library/debian:bookworm-slim"
# What the tests' Dockerfiles and stand-in images install (fixtures/stacks, fixtures/images,
# test/e2e/init-buildah.test.ts); changing this list makes the base again.
PACKAGES="nginx-light redis-server postgresql-15 gosu python3 python3-venv curl ca-certificates"
TARBALL="$DIR/bookworm-base.tar"

for tool in buildah mmdebstrap; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/bin/$tool" ]; then
    echo "prepare-test-base: $tool is missing; run: apt-get install -y buildah mmdebstrap" >&2
    exit 1
  fi
done
PATH="$PATH:/usr/sbin:/sbin"
mkdir -p "$DIR"

if [ -z "${SHIPSHAPE_BASE_LOCKED:-}" ] && command -v flock >/dev/null 2>&1; then
  export SHIPSHAPE_BASE_LOCKED=1
  exec flock "$DIR/.lock" sh "$0" "$@"
fi

cat >"$DIR/containers.conf" <<CONF
# Written by scripts/prepare-test-base.sh for the end-to-end tests.
[containers]
default_ulimits = []
[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"
CONF
export CONTAINERS_CONF="$DIR/containers.conf"
export CONTAINERS_STORAGE_CONF="$DIR/storage.conf"
storage_conf() {
  printf '[storage]\ndriver = "%s"\ngraphroot = "%s/storage-%s"\nrunroot = "%s/run-%s"\n' "$1" "$DIR" "$1" "$DIR" "$1" >"$CONTAINERS_STORAGE_CONF"
}

# 1. The root filesystem with the packages, in one step. A tarball left by an interrupted run is
# never seen: it is written under another name and renamed when complete.
STAMP="$DIR/base.stamp"
WANT="bookworm minbase $PACKAGES"
if [ ! -s "$TARBALL" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  echo "prepare-test-base: mmdebstrap bookworm with $PACKAGES (a minute or two)"
  # postgresql-common must not make a cluster of its own (the official postgres image does the same).
  # No fsync per file (a throwaway root filesystem): dpkg is much faster on a busy disk.
  mmdebstrap --variant=minbase --format=tar --dpkgopt=force-unsafe-io --include="$(echo "$PACKAGES" | tr ' ' ',')" \
    --essential-hook='mkdir -p "$1/etc/postgresql-common/createcluster.d" && echo "create_main_cluster = false" >"$1/etc/postgresql-common/createcluster.d/shipshape.conf"' \
    --customize-hook='mv "$1/etc/apt/sources.list" "$1/etc/apt/sources.list.shipshape-offline"' \
    bookworm "$TARBALL.tmp.$$" "$MIRROR" >"$DIR/mmdebstrap.log" 2>&1 || {
    echo "prepare-test-base: mmdebstrap failed, see $DIR/mmdebstrap.log" >&2
    tail -n 20 "$DIR/mmdebstrap.log" >&2
    rm -f "$TARBALL.tmp.$$"
    exit 1
  }
  mv "$TARBALL.tmp.$$" "$TARBALL"
  echo "$WANT" >"$STAMP"
  rm -f "$DIR/image.stamp"
fi

# 2. The image, made again when the tarball changed since.
build_base() {
  CTX=$(mktemp -d "$DIR/context.XXXXXX")
  ln "$TARBALL" "$CTX/rootfs.tar" 2>/dev/null || cp "$TARBALL" "$CTX/rootfs.tar"
  printf 'FROM scratch\nADD rootfs.tar /\nCMD ["bash"]\n' >"$CTX/Containerfile"
  buildah bud --isolation chroot --pull-never -f "$CTX/Containerfile" -t "$IMAGE" "$CTX" >"$DIR/base-build.log" 2>&1
  status=$?
  rm -rf "$CTX"
  return $status
}
WANT_IMAGE=$(ls -l --time-style=+%s "$TARBALL" | awk '{print $5 "-" $6}')
if [ ! -f "$CONTAINERS_STORAGE_CONF" ]; then
  # overlay keeps each build and container start cheap; nested in some CI containers only vfs works.
  storage_conf overlay
  if ! build_base; then
    echo "prepare-test-base: overlay storage does not work here, using vfs (see $DIR/base-build.log)"
    storage_conf vfs
    rm -f "$DIR/image.stamp"
  else
    echo "$WANT_IMAGE" >"$DIR/image.stamp"
  fi
fi
if ! buildah inspect --type image "$IMAGE" >/dev/null 2>&1 || [ "$(cat "$DIR/image.stamp" 2>/dev/null)" != "$WANT_IMAGE" ]; then
  echo "prepare-test-base: building $IMAGE from $TARBALL"
  build_base || {
    echo "prepare-test-base: building the base image failed, see $DIR/base-build.log" >&2
    tail -n 20 "$DIR/base-build.log" >&2
    exit 1
  }
  echo "$WANT_IMAGE" >"$DIR/image.stamp"
fi
echo "prepare-test-base: ready ($IMAGE; CONTAINERS_CONF=$CONTAINERS_CONF CONTAINERS_STORAGE_CONF=$CONTAINERS_STORAGE_CONF)"
