#!/usr/bin/env bash
# `jixiao build` on every sample the checker accepts: the DOCX must be
# byte-identical across two runs, LibreOffice must convert it to PDF, and
# the PDF text (pdftotext, whitespace removed) must contain the strings
# listed for the sample in build_samples.expect (unit name, headings,
# figures as the template formats them).  Samples with errors are skipped.
set -u
src=${JX_SOURCE_DIR:?}; bin=${JIXIAO:?}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0; pass=0
ok()  { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL $*"; }

if ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null; then
  echo "soffice or pdftotext missing: skipped"; exit 77
fi
# a private LibreOffice profile, so parallel tests do not share one
lo() { soffice -env:UserInstallation=file://$tmp/lo-profile --headless "$@" >/dev/null 2>&1; }
[ -f "$src/fonts/fonts.conf" ] && export FONTCONFIG_FILE="$src/fonts/fonts.conf"

built=()
for f in "$src"/samples/*.yaml; do
  name=$(basename "$f" .yaml)
  "$bin" check "$f" >/dev/null 2>&1
  if [ $? -ne 0 ]; then echo "skip $name (the checker reports errors)"; continue; fi
  mkdir -p "$tmp/a/$name" "$tmp/b/$name"
  if ! "$bin" build "$f" -o "$tmp/a/$name" >"$tmp/a/$name.out" 2>"$tmp/a/$name.err"; then
    bad "$name: build failed"; cat "$tmp/a/$name.err" | grep -v 'warning\|note' | head; continue
  fi
  "$bin" build "$f" -o "$tmp/b/$name" >/dev/null 2>&1
  docx=$(head -1 "$tmp/a/$name.out")
  if [ ! -s "$docx" ]; then bad "$name: no DOCX named on stdout"; continue; fi
  if cmp -s "$docx" "$tmp/b/$name/$(basename "$docx")"; then ok; else bad "$name: two builds differ"; fi
  cp "$docx" "$tmp/$name.docx"
  built+=("$tmp/$name.docx")
done
[ ${#built[@]} -gt 0 ] || { bad "no sample was built"; echo "$pass passed, $fail failed"; exit 1; }

# one LibreOffice start for all files (startup dominates)
(cd "$tmp" && lo --convert-to pdf --outdir "$tmp/pdf" "${built[@]}")
for d in "${built[@]}"; do
  name=$(basename "$d" .docx)
  pdf="$tmp/pdf/$name.pdf"
  if [ ! -s "$pdf" ]; then bad "$name: LibreOffice produced no PDF"; continue; fi
  ok
  unit=$(sed -n 's/^单位名称: *\([^ #]*\).*/\1/p' "$src/samples/$name.yaml" | head -1)
  if { echo "$unit"; sed -n "s/^$name|//p" "$src/tests/integration/build_samples.expect"; } |
       python3 "$src/tests/integration/pdf_contains.py" "$pdf"; then ok; else bad "$name: text missing from the PDF"; fi
done

# a template re-saved by LibreOffice (runs split differently, styles
# renamed, namespaces redeclared) must give the same text
mkdir -p "$tmp/resave"
cp "$src/templates/report.docx" "$tmp/resave/r.docx"; cp "$src/templates/form.docx" "$tmp/resave/f.docx"
(cd "$tmp/resave" && lo --convert-to docx:"MS Word 2007 XML" --outdir "$tmp/resave/out" r.docx f.docx)
if [ -s "$tmp/resave/out/r.docx" ] && [ -s "$tmp/resave/out/f.docx" ]; then
  ok
  for f in "$src"/samples/example-minimal.yaml "$src"/samples/longhui-2024.yaml; do
    name=$(basename "$f" .yaml)
    "$bin" build "$f" -o "$tmp/resave/orig-$name" >/dev/null 2>&1
    if "$bin" build "$f" -o "$tmp/resave/lo-$name" -t "$tmp/resave/out/r.docx" \
         --form-template "$tmp/resave/out/f.docx" >/dev/null 2>"$tmp/resave/err"; then
      a=$(python3 "$src/tests/integration/docx_text.py" "$tmp/resave/orig-$name"/*.docx)
      b=$(python3 "$src/tests/integration/docx_text.py" "$tmp/resave/lo-$name"/*.docx)
      if [ "$a" = "$b" ]; then ok; else bad "$name: re-saved template fills differently"; diff <(echo "$a") <(echo "$b") | head; fi
    else
      bad "$name: re-saved template rejected"; grep -v 'warning\|note' "$tmp/resave/err" | head
    fi
  done
else
  bad "LibreOffice did not re-save the templates"
fi

# fields lists what the templates read
"$bin" fields "$src/templates/report.docx" | grep -qx '项目\[\].名称' && ok || bad "fields: 项目[].名称 missing"
"$bin" fields "$src/templates/form.docx" | grep -qx '自评表\[\].绩效指标\[\].三级指标' && ok || bad "fields: form indicator missing"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
