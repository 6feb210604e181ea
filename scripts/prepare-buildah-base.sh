#!/bin/sh
# Prepares what test/e2e/buildah.test.ts needs, outside the repository, once per machine:
#   1. a Debian bookworm root filesystem made with `debootstrap --variant=minbase`, kept as a
#      tarball in the cache directory (the slow step, about a minute, needs the Debian mirror);
#   2. a local image named docker.io/library/debian:bookworm-slim built from that tarball, in a
#      buildah storage (vfs driver) under the same cache directory, so `FROM debian:bookworm-slim`
#      resolves with --pull-never and no registry.
# Re-running it is cheap: each step is skipped when its result exists.
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

if [ ! -s "$TARBALL" ]; then
  echo "prepare-buildah-base: debootstrap --variant=minbase bookworm (about a minute)"
  ROOTFS="$CACHE/rootfs.tmp"
  rm -rf "$ROOTFS"
  debootstrap --variant=minbase bookworm "$ROOTFS" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 || {
    echo "prepare-buildah-base: debootstrap failed, see $CACHE/debootstrap.log" >&2
    tail -n 20 "$CACHE/debootstrap.log" >&2
    exit 1
  }
  tar -C "$ROOTFS" -cf "$TARBALL.tmp" .
  mv "$TARBALL.tmp" "$TARBALL"
  rm -rf "$ROOTFS"
fi

B="buildah --root $STORAGE --runroot $RUNROOT --storage-driver vfs"
if ! $B inspect --type image "$IMAGE" >/dev/null 2>&1; then
  echo "prepare-buildah-base: building $IMAGE from $TARBALL"
  CTX="$CACHE/base-context"
  rm -rf "$CTX"
  mkdir -p "$CTX"
  ln "$TARBALL" "$CTX/rootfs.tar" 2>/dev/null || cp "$TARBALL" "$CTX/rootfs.tar"
  printf 'FROM scratch\nADD rootfs.tar /\nCMD ["bash"]\n' >"$CTX/Containerfile"
  $B bud --isolation chroot --pull-never -f "$CTX/Containerfile" -t "$IMAGE" "$CTX" >"$CACHE/base-build.log" 2>&1 || {
    echo "prepare-buildah-base: building the base image failed, see $CACHE/base-build.log" >&2
    tail -n 20 "$CACHE/base-build.log" >&2
    exit 1
  }
  rm -rf "$CTX"
fi
echo "prepare-buildah-base: ready ($IMAGE in $STORAGE)"
