#!/usr/bin/env bash
# edge.xlsx (tests/hostile/gen_xlsx.py) re-saved by LibreOffice Calc now, then read by the .xlsx
# reader's unit-test program: what LibreOffice writes (shared strings, its own styles, cached
# values it computed) must read as the same cells.  Label office; skipped (77) without soffice.
set -u
export LC_ALL=C.UTF-8 LANGUAGE=en
src=${JX_SOURCE_DIR:?}; build=${JX_BUILD_DIR:?}
command -v soffice >/dev/null || { echo "soffice not installed: skipped"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 "$src/tests/hostile/gen_xlsx.py" --small "$tmp/f" || exit 1
mkdir -p "$tmp/lo"
timeout 120 soffice -env:UserInstallation=file://$tmp/profile --headless --convert-to xlsx --outdir "$tmp/lo" "$tmp/f/edge.xlsx" >/dev/null 2>&1
[ -s "$tmp/lo/edge.xlsx" ] || { echo "FAIL LibreOffice did not re-save edge.xlsx"; echo "0 passed, 1 failed"; exit 1; }
"$build/tests/test_xlsx_read" --office "$tmp/lo/edge.xlsx"
