#!/usr/bin/env bash
# Hostile and edge-case workbooks (tests/hostile/gen_xlsx.py), the big ones included (zip bombs,
# 100,000 shared strings, a million rows), read by the unit-test program of the .xlsx reader,
# which checks every exact message, the time and the memory; and edge.xlsx re-saved by openpyxl
# just now when it is installed.  Under 4 GB of address space, 60 s for each file's limit checks.
set -u
export LC_ALL=C.UTF-8 LANGUAGE=en
src=${JX_SOURCE_DIR:?}; build=${JX_BUILD_DIR:?}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
prog=$build/tests/test_xlsx_read
[ -x "$prog" ] || { echo "FAIL $prog is not built"; echo "0 passed, 1 failed"; exit 1; }
python3 "$src/tests/hostile/gen_xlsx.py" "$tmp/f" || { echo "FAIL gen_xlsx.py"; echo "0 passed, 1 failed"; exit 1; }
args=(--dir "$tmp/f")
# openpyxl is python3-openpyxl (Debian); a pyenv python3 may not see it
for py in python3 /usr/bin/python3; do
  if "$py" -c 'import openpyxl' 2>/dev/null; then
    "$py" -W ignore -c 'import openpyxl, sys; openpyxl.load_workbook(sys.argv[1]).save(sys.argv[2])' \
      "$tmp/f/edge.xlsx" "$tmp/edge-openpyxl.xlsx" && args+=(--openpyxl "$tmp/edge-openpyxl.xlsx")
    break
  fi
done
# AddressSanitizer reserves terabytes of address space, so no ulimit -v in the sanitizer build
if grep -q '^JX_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  timeout 900 "$prog" "${args[@]}"
else
  (ulimit -v 4000000; timeout 300 "$prog" "${args[@]}")
fi
