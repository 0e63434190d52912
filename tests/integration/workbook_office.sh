#!/usr/bin/env bash
# LibreOffice Calc opens every workbook jixiao writes (init and convert of each sample), and a
# workbook re-saved by Calc reads back to the same data: `jixiao diff` finds nothing, and the
# report built from it has the same word/document.xml.  Label "office"; skipped without soffice.
set -u
src=${JX_SOURCE_DIR:?}; bin=${JIXIAO:?}
export LANGUAGE=en
command -v soffice >/dev/null || { echo "SKIP: soffice is not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
no() { fail=$((fail+1)); echo "FAIL: $*"; }
samples=(example-minimal longhui-2024 lushan-2023 shifeng-2023 xx-minzhengju-2023)

mkdir -p "$tmp/in" "$tmp/lo"
"$bin" init -o "$tmp/in/blank.xlsx" >/dev/null || no "init"
for s in "${samples[@]}"; do "$bin" convert "$src/samples/$s.yaml" -o "$tmp/in/$s.xlsx" 2>/dev/null || no "$s: convert"; done
# One soffice run for all files (its start-up is most of the time); a private profile.
timeout 500 soffice --headless --norestore "-env:UserInstallation=file://$tmp/profile" \
  --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$tmp/lo" "$tmp"/in/*.xlsx >"$tmp/soffice.log" 2>&1
for f in "$tmp"/in/*.xlsx; do
  [ -s "$tmp/lo/$(basename "$f")" ] && ok || no "soffice could not open $(basename "$f"): $(cat "$tmp/soffice.log")"
done
out=$("$bin" check "$tmp/lo/blank.xlsx")
grep -q 'lo/blank.xlsx:基本情况!B2: error: The field 单位名称 is required but empty; add it. \[missing\]' <<<"$out" && ok || no "blank after Calc: $out"
for s in "${samples[@]}"; do
  "$bin" diff "$src/samples/$s.yaml" "$tmp/lo/$s.xlsx" >/dev/null && ok || no "$s: differs after Calc: $("$bin" diff "$src/samples/$s.yaml" "$tmp/lo/$s.xlsx" 2>&1 | head -5)"
  rm -rf "$tmp/by" "$tmp/bx"
  "$bin" build "$src/samples/$s.yaml" -o "$tmp/by" --no-pdf >/dev/null 2>&1; "$bin" build "$tmp/lo/$s.xlsx" -o "$tmp/bx" --no-pdf >/dev/null 2>&1
  d1=$(ls "$tmp/by"/*.docx 2>/dev/null | head -1)
  [ -n "$d1" ] && cmp -s <(unzip -p "$d1" word/document.xml) <(unzip -p "$tmp/bx/$(basename "$d1")" word/document.xml) && ok \
    || no "$s: the report from the Calc-saved workbook differs"
done
echo "workbook_office: $pass passed, $fail failed"
[ $fail = 0 ]
