#!/usr/bin/env bash
# Golden test of the sheet XML jixiao writes: samples/example-minimal.yaml converted to a workbook,
# every worksheet, the shared strings and the workbook part, one element per line, compared with
# tests/expected/xlsx/example-minimal/.  JX_UPDATE=1 rewrites the expectation (review the diff).
set -u
src=${JX_SOURCE_DIR:?}; bin=${JIXIAO:?}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
exp="$src/tests/expected/xlsx/example-minimal"
"$bin" convert "$src/samples/example-minimal.yaml" -o "$tmp/w.xlsx" 2>/dev/null || { echo "FAIL: convert"; exit 1; }
mkdir -p "$tmp/got"
for part in $(unzip -Z1 "$tmp/w.xlsx" | grep -E '^xl/(worksheets/sheet[0-9]+|sharedStrings|workbook|comments[0-9]+)\.xml$'); do
  unzip -p "$tmp/w.xlsx" "$part" | sed 's/></>\n</g' > "$tmp/got/$(basename "$part")"
done
if [ "${JX_UPDATE:-}" = 1 ]; then rm -rf "$exp"; mkdir -p "$exp"; cp "$tmp"/got/* "$exp/"; echo "updated $exp"; exit 0; fi
if diff -r "$exp" "$tmp/got" > "$tmp/diff"; then echo "workbook_golden: ok"; exit 0; fi
echo "FAIL: the sheet XML differs from $exp:"; head -40 "$tmp/diff"; exit 1
