#!/usr/bin/env bash
# The project's one test command.
#
#   scripts/test.sh           every stage: Debug (clang 16, and every header
#                             compiled alone), Release (GCC 12), package
#                             (the Release tree as .deb packages, installed
#                             and used by out-of-tree builds), Sanitize
#                             (ASan+UBSan, GCC 12), TSan (clang 16: the
#                             cross-shard and copier tests), format check
#   scripts/test.sh --quick   the Debug stage only (for developers)
#
# Each stage configures and builds its own tree under build/<name>, then
# runs the whole ctest suite there (TSan: the parts named above). Every
# stage runs even when an earlier one failed; the script exits non-zero if
# any stage failed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

usage() {
  sed -n '2,14s/^# \{0,1\}//p' "$0"
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

# The whole suite runs with both supported compilers: clang 16 here, GCC 12
# in the Sanitize stage (and GCC builds Release, which the run command uses).
clang16() {
  CC=clang-16 CXX=clang++-16 "$@"
}

stage_debug() {
  clang16 configure_build_test debug-clang Debug || return
  # Every public header compiles alone, against its own layer only.
  run cmake --build build/debug-clang -j"$jobs" --target cio_header_check || return
}

stage_release() {
  # The run command and the benchmarks use this build; GCC warns about more
  # at -O2, and some behaviour differs without assertions (NDEBUG), so the
  # suite runs here too.
  configure_build_test release Release
}

stage_package() {
  # The Release tree packaged, installed and used as a library.
  run scripts/check-package.sh build/release || return
}

stage_sanitize() {
  # Any sanitizer report is fatal. Exported for the build too, because test
  # discovery runs the instrumented test binaries at build time.
  local -x ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
  local -x UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  configure_build_test sanitize Sanitize
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

stage_format() {
  if [[ -f build/debug-clang/CMakeCache.txt ]]; then
    run cmake --build build/debug-clang --target cio_format_check || return
  else
    # The Debug tree did not configure; still check formatting.
    echo "build/debug-clang is not configured; running scripts/format.sh --check directly"
    run scripts/format.sh --check || return
  fi
}

if ((quick)); then
  STAGES=(debug)
else
  STAGES=(debug release package sanitize tsan format)
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
