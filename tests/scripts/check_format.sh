#!/usr/bin/env bash
# Fails when a C/C++ source of the project is not clang-formatted with the
# repository's .clang-format (the generated pybind11 files included).
set -euo pipefail
top=${1:?source dir}
cd "$top"
command -v clang-format >/dev/null || { echo "clang-format not installed"; exit 1; }
bad=0
while IFS= read -r f; do
    if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
        echo "not clang-formatted: $f"
        bad=1
    fi
done < <(git ls-files '*.c' '*.h' '*.cc' 2>/dev/null || find lib include apps tests python -name '*.[ch]' -o -name '*.cc')
[ "$bad" = 0 ] && echo "all sources clang-formatted"
exit $bad
