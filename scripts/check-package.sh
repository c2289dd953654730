#!/usr/bin/env bash
# Checks that CompleteIO is usable as a library the ways a user would use it.
#
#   scripts/check-package.sh BUILD_DIR     a configured and built tree (CI: build/release)
#
#  1. `cpack -G DEB` in BUILD_DIR makes completeio_*.deb (the library) and
#     completeio-apps_*.deb (the servers). As root they are installed with
#     apt-get; otherwise the tree is installed under a scratch prefix.
#  2. examples/ builds on its own with find_package(CompleteIO) and runs.
#  3. A program builds with pkg-config alone.
#  4. A consumer builds CompleteIO with add_subdirectory beside its own
#     `format` target, and keeps its settings (tests/package/consumer).
#  5. drivers/ configures and builds on its own.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if (($# != 1)) || [[ ! -f "$1/CMakeCache.txt" ]]; then
  echo "usage: scripts/check-package.sh BUILD_DIR   (a configured and built tree)" >&2
  exit 2
fi
build="$(cd "$1" && pwd)"
scratch="$build/package-check"
rm -rf "$scratch"
mkdir -p "$scratch"
jobs="$(nproc)"

step() { echo; echo "-- $*"; }
run() { echo "+ $*"; "$@"; }

step "1. Debian packages"
(cd "$build" && run cpack -G DEB -B "$scratch/debs")
prefix_args=()
if ((EUID == 0)); then
  run apt-get install -y -qq --reinstall "$scratch"/debs/completeio_*.deb \
    "$scratch"/debs/completeio-apps_*.deb
  run cio-echo --version
  run cio-echo -t /usr/share/completeio/config/echo.yaml
else
  run cmake --install "$build" --prefix "$scratch/prefix"
  prefix_args=(-DCMAKE_PREFIX_PATH="$scratch/prefix")
  export PKG_CONFIG_PATH="$scratch/prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
fi

step "2. examples/ against the installed package (find_package)"
run cmake -S "$root/examples" -B "$scratch/examples" "${prefix_args[@]}"
run cmake --build "$scratch/examples" -j"$jobs"
run "$scratch/examples/read_file" "$root/README.md"

step "3. pkg-config"
# shellcheck disable=SC2046 # the flags are words
run c++ -std=c++20 -o "$scratch/read_file_pc" "$root/examples/read_file/read_file.cpp" \
  $(pkg-config --cflags --libs completeio-runtime)
run "$scratch/read_file_pc" "$root/README.md"

step "4. add_subdirectory from another project"
run cmake -S "$root/tests/package/consumer" -B "$scratch/consumer" \
  -DCOMPLETEIO_SOURCE_DIR="$root"
run cmake --build "$scratch/consumer" -j"$jobs"
run "$scratch/consumer/examples/read_file" "$root/README.md"

step "5. drivers/ on its own"
run cmake -S "$root/drivers" -B "$scratch/drivers"
run cmake --build "$scratch/drivers" -j"$jobs"

echo
echo "package check: ok"
