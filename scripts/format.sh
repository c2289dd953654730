#!/usr/bin/env bash
# Formats the project's C and C++ sources with clang-format, using the
# top-level .clang-format.
#
#   scripts/format.sh           format every source file in place
#   scripts/format.sh --check   list the files that are not formatted; exit 1 if any
#
# Files: tracked files plus untracked files that are not ignored, under the
# source directories below, with the extensions below. Works from any directory.
set -euo pipefail

SOURCE_DIRS=(drivers framework apps examples tests perf)

usage() {
  sed -n '2,9s/^# \{0,1\}//p' "$0"
}

check=0
case "${1:-}" in
  "") ;;
  --check) check=1 ;;
  -h | --help) usage; exit 0 ;;
  *) echo "format.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
esac
(($# <= 1)) || { echo "format.sh: too many arguments" >&2; exit 2; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

clang_format="${CLANG_FORMAT:-}"
if [[ -z "$clang_format" ]]; then
  for candidate in clang-format clang-format-14; do
    if command -v "$candidate" >/dev/null 2>&1; then
      clang_format="$candidate"
      break
    fi
  done
fi
[[ -n "$clang_format" ]] || {
  echo "format.sh: clang-format not found (run scripts/setup.sh)" >&2
  exit 2
}

# List candidate files, NUL-separated. Outside a git work tree (for example a
# source tarball) fall back to every file under the source directories.
list_files() {
  local dirs=()
  local d
  for d in "${SOURCE_DIRS[@]}"; do
    [[ -d "$d" ]] && dirs+=("$d")
  done
  ((${#dirs[@]} > 0)) || return 0
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z --cached --others --exclude-standard -- "${dirs[@]}"
  else
    find "${dirs[@]}" -type f -print0
  fi
}

files=()
while IFS= read -r -d '' f; do
  case "$f" in
    *.cpp | *.hpp | *.h | *.c) ;;
    *) continue ;;
  esac
  # Tracked files deleted from the work tree are still listed by git.
  [[ -f "$f" ]] && files+=("$f")
done < <(list_files | sort -zu)

if ((${#files[@]} == 0)); then
  echo "format.sh: no source files found under ${SOURCE_DIRS[*]}"
  exit 0
fi

if ((check == 0)); then
  "$clang_format" --style=file -i -- "${files[@]}"
  echo "format.sh: formatted ${#files[@]} files"
  exit 0
fi

bad=()
for f in "${files[@]}"; do
  if ! "$clang_format" --style=file --dry-run --Werror -- "$f" >/dev/null 2>&1; then
    bad+=("$f")
  fi
done

if ((${#bad[@]} > 0)); then
  echo "format.sh: ${#bad[@]} of ${#files[@]} files are not formatted:" >&2
  printf '  %s\n' "${bad[@]}" >&2
  echo "Run scripts/format.sh to fix them." >&2
  exit 1
fi
echo "format.sh: all ${#files[@]} files are formatted"
