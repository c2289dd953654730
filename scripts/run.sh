#!/usr/bin/env bash
# Runs the project's main job: builds it in Release and runs it.
#
#   scripts/run.sh [args...]   every argument is passed to the binary
#
# The main job is currently the driver demo. Build output goes to stderr so the
# binary's stdout stays clean. Relative paths in the arguments are taken from
# the directory you run this from.
set -euo pipefail

# What the main job is: the CMake target and the binary it produces.
MAIN_TARGET="cio-driver-demo"
MAIN_BINARY="apps/demo/cio-driver-demo" # relative to the build tree

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$root/build/release"

{
  "$root/scripts/setup.sh"
  cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release
  cmake --build "$build_dir" --target "$MAIN_TARGET" -j"$(nproc)"
} >&2

exec "$build_dir/$MAIN_BINARY" "$@"
