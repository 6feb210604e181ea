#!/bin/sh
# Prepares what test/e2e/buildah.test.ts needs, outside the repository, once per machine:
#   1. a Debian bookworm root filesystem made with `debootstrap --variant=minbase`, kept as a
#      tarball in the cache directory (the slow step, about a minute, needs the Debian mirror);
#   2. a local image named docker.io/library/debian:bookworm-slim built from that tarball, in a
#      buildah storage (vfs driver) under the same cache directory, so `FROM debian:bookworm-slim`
#      resolves with --pull-never and no registry.
# Re-running it is cheap: each step is skipped when its result exists. Runs at the same time (two
# test runs on one machine) wait for each other; a tarball left incomplete is made again.
#
# Needs root and `apt-get install -y buildah debootstrap`.
# Cache directory: $SHIPSHAPE_BUILDAH_CACHE, else ${XDG_CACHE_HOME:-$HOME/.cache}/shipshape-test.
# Mirror: $DEBIAN_MIRROR (default http://deb.debian.org/debian).
set -eu

CACHE="${SHIPSHAPE_BUILDAH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/shipshape-test}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
IMAGE="docker.io/library/debian:bookworm-slim"
TARBALL="$CACHE/bookworm-minbase.tar"
STORAGE="$CACHE/storage"
RUNROOT="$CACHE/run"

for tool in buildah debootstrap; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    echo "prepare-buildah-base: $tool is missing; run: apt-get install -y buildah debootstrap" >&2
    exit 1
  fi
done
PATH="$PATH:/usr/sbin:/sbin"
mkdir -p "$CACHE"

# One preparation at a time per cache directory.
if [ -z "${SHIPSHAPE_BASE_LOCKED:-}" ] && command -v flock >/dev/null 2>&1; then
  export SHIPSHAPE_BASE_LOCKED=1
  exec flock "$CACHE/.buildah-base.lock" sh "$0" "$@"
fi

# A tarball made by an interrupted (or, before the lock, concurrent) run lacks files debootstrap writes last.
complete() {
  tar -tf "$1" ./etc/os-release ./etc/apt/sources.list ./usr/bin/apt-get >/dev/null 2>&1
}
if [ -s "$TARBALL" ] && ! complete "$TARBALL"; then
  echo "prepare-buildah-base: $TARBALL is incomplete; making it again"
  rm -f "$TARBALL"
fi

if [ ! -s "$TARBALL" ]; then
  echo "prepare-buildah-base: debootstrap --variant=minbase bookworm (about a minute)"
  ROOTFS=$(mktemp -d "$CACHE/rootfs.XXXXXX")
  debootstrap --variant=minbase bookworm "$ROOTFS" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 || {
    echo "prepare-buildah-base: debootstrap failed, see $CACHE/debootstrap.log" >&2
    tail -n 20 "$CACHE/debootstrap.log" >&2
    rm -rf "$ROOTFS"
    exit 1
  }
  tar -C "$ROOTFS" -cf "$TARBALL.tmp.$$" .
  mv "$TARBALL.tmp.$$" "$TARBALL"
  rm -rf "$ROOTFS"
fi

# The image is made again when the tarball changed since it was built.
STAMP="$CACHE/base-image.stamp"
WANT=$(ls -l --time-style=+%s "$TARBALL" | awk '{print $5 "-" $6}')
B="buildah --root $STORAGE --runroot $RUNROOT --storage-driver vfs"
if ! $B inspect --type image "$IMAGE" >/dev/null 2>&1 || [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  echo "prepare-buildah-base: building $IMAGE from $TARBALL"
  CTX=$(mktemp -d "$CACHE/base-context.XXXXXX")
  ln "$TARBALL" "$CTX/rootfs.tar" 2>/dev/null || cp "$TARBALL" "$CTX/rootfs.tar"
  printf 'FROM scratch\nADD rootfs.tar /\nCMD ["bash"]\n' >"$CTX/Containerfile"
  $B bud --isolation chroot --pull-never -f "$CTX/Containerfile" -t "$IMAGE" "$CTX" >"$CACHE/base-build.log" 2>&1 || {
    echo "prepare-buildah-base: building the base image failed, see $CACHE/base-build.log" >&2
    tail -n 20 "$CACHE/base-build.log" >&2
    rm -rf "$CTX"
    exit 1
  }
  rm -rf "$CTX"
  echo "$WANT" >"$STAMP"
fi
echo "prepare-buildah-base: ready ($IMAGE in $STORAGE)"
