#!/usr/bin/env bash
# Runs the project's main job: builds the sharded echo server (Release, in
# build/release) and runs it with config/echo.yaml.
#
#   scripts/run.sh [cio-echo options...]
#
# Every argument goes to cio-echo and overrides the config file, e.g.
#   scripts/run.sh --echo.tcp 127.0.0.1:0      a free port (the log says which)
#   scripts/run.sh --backend epoll             force the epoll driver
#   scripts/run.sh --config my.yaml            another config file (also -c my.yaml,
#   scripts/run.sh my.yaml                     or the file as the first argument)
#   scripts/run.sh -t                          check the settings, start nothing
#   scripts/run.sh --dump-config               print the effective settings
# Once it listens, it prints how to talk to it (nc HOST PORT). Ctrl-C stops it
# gracefully (a second Ctrl-C at once). Build output goes to stderr so the
# binary's stdout stays clean. Relative paths are taken from the directory you
# run this from.
set -euo pipefail

# What the main job is: the CMake target, the binary it produces and its config.
MAIN_TARGET="cio-echo"
MAIN_BINARY="apps/echo/cio-echo" # relative to the build tree

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$root/build/release"
config="$root/config/echo.yaml"

usage() {
  sed -n '2,18s/^# \{0,1\}//p' "$0"
}

args=("$@")
# cio-echo takes its config file as --config FILE, -c FILE (-cFILE) or as its
# one positional argument: given any of them, the default file is not added.
# (A positional is recognised first, or anywhere as an existing *.yaml/*.yml
# file: other words may be the values of flags.)
if [[ $# -gt 0 && "$1" != -* ]]; then
  config=""
fi
for arg in "$@"; do
  case "$arg" in
    -h | --help) usage; echo; echo "cio-echo's own options: scripts/run.sh --help-echo"; exit 0 ;;
    --help-echo) args=(--help) ;;
    --config | --config=* | -c | -c?*) config="" ;;
    -*) ;;
    *.yaml | *.yml) if [[ -f "$arg" ]]; then config=""; fi ;;
  esac
done
if [[ -n "$config" ]]; then
  args=(--config "$config" "${args[@]}")
fi

{
  "$root/scripts/setup.sh"
  cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release
  cmake --build "$build_dir" --target "$MAIN_TARGET" -j"$(nproc)"
} >&2

# Passes the server's log through and, at the first TCP listening line,
# prints how to connect. It ignores Ctrl-C so it outlives the server's
# graceful shutdown and shows its last lines. A bash loop, not awk: mawk
# (Debian's awk) reads a pipe in blocks, which held the lines back.
hint_filter() {
  trap '' INT TERM
  local line address host port hinted=0
  local listening='listening on ([^ ]+) \(tcp,'
  while IFS= read -r line; do
    printf '%s\n' "$line"
    if ((!hinted)) && [[ $line =~ $listening ]]; then
      address=${BASH_REMATCH[1]}
      port=${address##*:}
      host=${address%:*}
      host=${host#[}
      host=${host%]}
      [[ $host == 0.0.0.0 ]] && host=127.0.0.1
      [[ $host == :: ]] && host=::1
      printf 'Talk to it with: nc %s %s\n' "$host" "$port"
      hinted=1
    fi
  done >&2
}

exec "$build_dir/$MAIN_BINARY" "${args[@]}" 2> >(hint_filter)
