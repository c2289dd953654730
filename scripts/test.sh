#!/usr/bin/env bash
# The project's one test command.
#
#   scripts/test.sh           every stage: Release (GCC 12, the build the run
#                             command uses), package (the Release tree as .deb
#                             packages, installed and used by out-of-tree
#                             builds), Sanitize (ASan+UBSan with assertions,
#                             clang 16, and every header compiled alone), TSan
#                             (clang 16: the cross-shard and copier tests),
#                             the API reference (Doxygen, every public
#                             declaration documented), format check
#   scripts/test.sh --quick   a Debug build (the default compiler) and the
#                             whole suite, for developers
#
# Each stage configures and builds its own tree under build/<name>, then
# runs the whole ctest suite there (TSan: the parts named above), on every
# core. Every stage runs even when an earlier one failed; the script exits
# non-zero if any stage failed. Compiles go through ccache when it is
# installed (the setup script installs it), keyed on paths relative to the
# checkout, so a second run or a clone elsewhere rebuilds only what changed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

usage() {
  sed -n '2,21s/^# \{0,1\}//p' "$0"
}

quick=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "test.sh: unknown argument: $arg" >&2; usage >&2; exit 2 ;;
  esac
done

jobs="$(nproc)"

if command -v ccache >/dev/null 2>&1; then
  # CMake (3.17+) takes its compiler launcher from these when it first
  # configures a tree, the package check's out-of-tree builds included.
  export CMAKE_C_COMPILER_LAUNCHER=ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache
  # Hash paths relative to the checkout, and not the build directory, so a
  # clone in another folder hits the same cache entries.
  export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
fi

header() {
  echo
  echo "=================================================================="
  echo "== $*"
  echo "=================================================================="
}

# Echo a command, then run it.
run() {
  echo "+ $*"
  "$@"
}

# configure_build_test <dir> <build type> [extra cmake args...]
# Configures build/<dir>, builds everything, runs every test.
configure_build_test() {
  local dir="build/$1" type="$2"
  shift 2
  run cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="$type" "$@" || return
  run cmake --build "$dir" -j"$jobs" || return
  # --no-tests=error: a tree that registered no tests is a broken build, not a pass.
  run ctest --test-dir "$dir" --output-on-failure --timeout 300 --no-tests=error -j"$jobs" || return
}

# ---------------------------------------------------------------------------
# Stages: one function each. To add a stage, write stage_<name> and add
# <name> to STAGES below.
# ---------------------------------------------------------------------------

# The whole suite runs with both supported compilers: GCC 12 builds Release
# (what the run command, the package and the benchmarks use; GCC warns about
# more at -O2), clang 16 builds Sanitize (assertions on) and TSan. No
# configuration is built twice for the same coverage.
clang16() {
  CC=clang-16 CXX=clang++-16 "$@"
}

stage_debug() {
  # Test files compiled one by one here, so each must include what it uses.
  configure_build_test debug Debug -DCIO_UNITY_TESTS=OFF
}

stage_release() {
  # The allocation-counting tests need a build without sanitizers: this one.
  # Freed memory is overwritten (glibc's perturb byte), so a use after free
  # in GCC-compiled code shows up here although no sanitizer watches it.
  local -x MALLOC_PERTURB_=165
  configure_build_test release Release
}

stage_package() {
  # The Release tree packaged, installed and used as a library.
  run scripts/check-package.sh build/release || return
}

stage_sanitize() {
  # Any sanitizer report is fatal. Exported for the build too, because test
  # discovery runs the instrumented test binaries at build time. The
  # benchmarks are built and run by the Release stage only.
  local -x ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
  local -x UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  clang16 configure_build_test sanitize Sanitize -DCIO_BUILD_PERF=OFF || return
  # Every public header compiles alone, against its own layer only.
  run cmake --build build/sanitize -j"$jobs" --target cio_header_check || return
}

stage_tsan() {
  # The cross-shard code is what has threads: the shards label, and the
  # copier, whose shards share one Job (its file, tree and safety tests run
  # the TSan-built binary). Benchmarks are not needed.
  local -x TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
  local dir=build/tsan
  run clang16 cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Tsan \
    -DCIO_BUILD_APPS=ON -DCIO_BUILD_PERF=OFF || return
  run cmake --build "$dir" -j"$jobs" --target tests_shards apps_copier_test || return
  run ctest --test-dir "$dir" -L shards --output-on-failure --timeout 300 --no-tests=error \
    -j"$jobs" || return
  run ctest --test-dir "$dir" -R 'FileCopy|TreeCopy|CopySafety' --output-on-failure \
    --timeout 300 --no-tests=error -j"$jobs" || return
}

stage_docs() {
  # The API reference builds, and every public declaration is documented.
  run cmake --build build/release --target cio_docs
}

stage_format() {
  run scripts/format.sh --check
}

if ((quick)); then
  STAGES=(debug)
else
  STAGES=(release package sanitize tsan docs format)
fi

header "setup: dependencies"
run scripts/setup.sh

declare -A result=()
failed=0
n=0
for stage in "${STAGES[@]}"; do
  n=$((n + 1))
  header "[$n/${#STAGES[@]}] $stage"
  start=$SECONDS
  # set -e does not apply inside a function called from a condition, so every
  # stage chains its commands with `|| return` to stop at the first failure.
  if "stage_$stage"; then
    result[$stage]="ok      ($((SECONDS - start))s)"
  else
    result[$stage]="FAILED  ($((SECONDS - start))s)"
    failed=1
  fi
done

header "summary"
for stage in "${STAGES[@]}"; do
  printf '  %-10s %s\n' "$stage" "${result[$stage]}"
done
if ((failed)); then
  echo "test.sh: FAILED"
  exit 1
fi
echo "test.sh: all stages passed"
