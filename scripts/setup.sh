#!/usr/bin/env bash
# Installs every build/test dependency of CompleteIO from Debian 12 packages.
#
# Idempotent: when everything is already installed it prints nothing and exits 0
# in well under a second. Only when something is missing does it run
# `apt-get update` and install the missing packages.
#
# Run as root, or as a user with sudo.
#
#   scripts/setup.sh           what building and testing need
#   scripts/setup.sh --bench   also what the benchmarks need: their peers (Asio and
#                              its example echo server) and perf/run's charts
#                              (matplotlib), ~150 MB
set -euo pipefail

PACKAGES=(
  # toolchain
  g++
  clang-16
  libclang-rt-16-dev # clang's sanitizer runtimes (ThreadSanitizer build)
  clang-format
  cmake
  make
  ccache # scripts/test.sh: a second run, or a clone in another folder, compiles only what changed
  pkg-config
  git
  # libraries
  liburing-dev
  libspdlog-dev
  libcli11-dev
  libyaml-cpp-dev
  libboost-dev
  # tests and benchmarks
  libgtest-dev
  libgmock-dev
  strace # the copier's data-path tests count its syscalls
  dpkg-dev # cpack's Debian packages: dpkg-shlibdeps works out the apps' Depends
  doxygen # the API reference (cio_docs target)
  # the run command's hint: talk to the echo server with nc
  netcat-openbsd
)

# The echo benchmark compiles Asio's example echo server as its baseline;
# Debian ships the example source in libasio-doc.
BENCH_PACKAGES=(
  libasio-dev
  libasio-doc
  python3-matplotlib # perf/run's charts
)

case "${1:-}" in
  "") ;;
  --bench) PACKAGES+=("${BENCH_PACKAGES[@]}") ;;
  *) echo "setup.sh: unknown argument: $1 (expected nothing or --bench)" >&2; exit 2 ;;
esac

die() {
  echo "setup.sh: error: $*" >&2
  exit 1
}

command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 ||
  die "this script needs a Debian 12 system (dpkg-query and apt-get not found).
Install the equivalents of these packages by hand: ${PACKAGES[*]}"

# A package counts as present only when dpkg says it is fully installed
# ("config-files", "half-installed" and friends count as missing).
declare -A installed=()
while read -r pkg status; do
  [[ "$status" == installed ]] && installed["$pkg"]=1
done < <(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${PACKAGES[@]}" 2>/dev/null || true)

missing=()
for pkg in "${PACKAGES[@]}"; do
  [[ -n "${installed[$pkg]:-}" ]] || missing+=("$pkg")
done

((${#missing[@]} == 0)) && exit 0

echo "setup.sh: installing missing packages: ${missing[*]}"

if ((EUID == 0)); then
  as_root=(env)
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo env)
else
  die "not running as root and sudo is not available.
Run this script as root, or install these packages yourself: ${missing[*]}"
fi

"${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"

echo "setup.sh: done"
