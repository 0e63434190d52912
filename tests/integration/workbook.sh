#!/usr/bin/env bash
# The fill-in workbook: init writes one whose check names the cells to fill; every sample goes
# YAML -> XLSX -> YAML without a difference (also after an openpyxl re-save and with Excel's
# 17-digit numbers); a report built from the workbook is the one built from the YAML; the same
# data gives the same bytes; one edited cell shows in diff and check at its sheet!cell; bad cells
# and a changed layout get their errors; batch builds a folder of workbooks (mixed with YAML).
set -u
src=${JX_SOURCE_DIR:?}; bin=${JIXIAO:?}
export LANGUAGE=en
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
no() { fail=$((fail+1)); echo "FAIL: $*"; }
py=python3; [ -x /usr/bin/python3 ] && py=/usr/bin/python3      # Debian's, with python3-openpyxl
edit() { "$py" "$src/tests/integration/xlsx_edit.py" "$@"; }
samples=(example-minimal longhui-2024 lushan-2023 shifeng-2023 xx-minzhengju-2023)

# init: a blank workbook whose check names the cells to fill.
( cd "$tmp" && "$bin" init >/dev/null ) && [ -f "$tmp/单位.xlsx" ] && ok || no "init default name"
out=$("$bin" check "$tmp/单位.xlsx"); st=$?
exp="$tmp/单位.xlsx:基本情况!B2: error: The field 单位名称 is required but empty; add it. [missing]
$tmp/单位.xlsx:基本情况!B4: error: The field 年度 is required but empty; add it. [missing]
$tmp/单位.xlsx:自评表1!B3: error: The field 自评表[1].项目名称 is required but empty; add it. [missing]
1 file(s): 3 error(s), 0 warning(s), 0 note(s)."
[ "$st" = 1 ] && [ "$out" = "$exp" ] && ok || no "blank init check ($st): $out"
"$bin" init -o "$tmp/单位.xlsx" 2>"$tmp/err"; st=$?
[ $st = 2 ] && grep -q 'exists already' "$tmp/err" && ok || no "init over an existing file ($st)"
"$bin" init -o "$tmp/y.xlsx" --year 20244 2>"$tmp/err"; st=$?
[ $st = 2 ] && grep -q 'four digits from 2000 to 2100' "$tmp/err" && [ ! -e "$tmp/y.xlsx" ] && ok || no "init --year 20244 ($st)"
"$bin" check --format json "$tmp/单位.xlsx" | grep -q '"sheet":"基本情况","cell":"B2"' && ok || no "json sheet/cell"

# A clerk fills the init workbook (openpyxl) and checks it.
"$bin" init -o "$tmp/fill.xlsx" --name 青石县民政局 --year 2024 >/dev/null
edit "$tmp/fill.xlsx" "$tmp/filled.xlsx" set \
  基本情况 B7 d:2025-02-20 \
  项目 A2 s:适老化改造 项目 B2 n:190 项目 C2 n:10 项目 E2 n:196 项目 G2 s:含经开 \
  项目绩效 A2 s:适老化改造 项目绩效 B2 s:完成400户改造。 项目绩效 B3 s:群众满意。 \
  收入明细 A2 s:年初预算 收入明细 B2 n:700 \
  单位概况 B6 s:办公室 单位概况 B7 n:1 \
  正文 C2 s:落实救助政策。 \
  自评表1 B3 s:适老化改造 自评表1 B7 n:190 自评表1 C7 n:200 自评表1 D7 n:196 \
  自评表1 A14 s:产出指标 自评表1 B14 s:数量指标 自评表1 C14 s:改造户数 自评表1 D14 s:400户 自评表1 E14 s:400户 自评表1 F14 n:20 \
  自评表1 C15 s:验收合格率 自评表1 D15 s:100% 自评表1 E15 n:1 自评表1 F15 n:10 \
  自评表1 B39 d:2025-02-18
"$bin" convert "$tmp/filled.xlsx" -o "$tmp/filled.yaml" 2>"$tmp/err" && ok || no "convert the filled workbook: $(cat "$tmp/err")"
"$py" - "$tmp/filled.yaml" <<'PY' && ok || no "filled values"
import sys, yaml
d = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))
p = d['项目'][0]
assert (d['单位名称'], d['年度'], str(d['报告日期'])) == ('青石县民政局', 2024, '2025-02-20'), d
assert (p['名称'], p['年初预算数'], p['调整预算数'], p['实际支出'], p['备注']) == ('适老化改造', 190, 10, 196, '含经开'), p
assert d['项目绩效'][0]['段落'] == ['完成400户改造。', '群众满意。'], d['项目绩效']
assert d['单位概况'] == {'内设机构': ['办公室'], '内设机构数': 1}, d['单位概况']
assert d['正文']['重点工作'] == ['落实救助政策。'], d['正文']
f = d['自评表'][0]
assert f['资金']['年度资金总额'] == {'年初预算数': 190, '全年预算数': 200, '全年执行数': 196}, f
assert [i['三级指标'] for i in f['绩效指标']] == ['改造户数', '验收合格率'], f
assert str(f['绩效指标'][1]['实际完成值']) == '1' and str(f['填表日期']) == '2025-02-18', f
assert '执行率得分' in f and f['执行率得分'] is None, f
PY
# "98%" typed into Excel is stored as 0.98 in a percent-formatted cell: a 执行率 reads as 98, an
# indicator's value as the text "100%".
edit "$tmp/filled.xlsx" "$tmp/pct.xlsx" set 自评表1 E15 p:1 自评表1 F7 p:0.98 自评表1 D14 p:0.125
"$bin" convert "$tmp/pct.xlsx" -o "$tmp/pct.yaml" 2>"$tmp/err" && ok || no "convert percentages: $(cat "$tmp/err")"
"$py" - "$tmp/pct.yaml" <<'PY' && ok || no "percent-formatted cells"
import sys, yaml
f = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))['自评表'][0]
assert str(f['执行率']) == '98', f
assert [str(i['实际完成值']) for i in f['绩效指标']] == ['400户', '100%'], f
assert str(f['绩效指标'][0]['年度指标值']) == '12.5%', f
PY
out=$("$bin" check "$tmp/filled.xlsx"); st=$?
[ $st = 0 ] && ok || no "filled workbook has errors ($st): $out"
grep -q '^.*filled.xlsx:自评表1!G7: warning: .*the 执行率得分 cell is blank; by the execution rate it is 9.80. \[T3\]$' <<<"$out" && ok || no "blank 执行率得分 at its cell: $out"

for s in "${samples[@]}"; do
  y="$src/samples/$s.yaml"
  "$bin" convert "$y" -o "$tmp/$s.xlsx" 2>/dev/null && ok || no "$s: yaml -> xlsx"
  "$bin" convert "$tmp/$s.xlsx" -o "$tmp/$s.yaml" 2>/dev/null && ok || no "$s: xlsx -> yaml"
  "$bin" diff "$y" "$tmp/$s.xlsx" >/dev/null && ok || no "$s: the workbook differs: $("$bin" diff "$y" "$tmp/$s.xlsx")"
  "$bin" diff "$y" "$tmp/$s.yaml" >/dev/null && ok || no "$s: the round trip differs"
  "$bin" convert "$tmp/$s.yaml" -o "$tmp/$s.2.yaml" && cmp -s "$tmp/$s.yaml" "$tmp/$s.2.yaml" && ok || no "$s: yaml -> yaml not stable"
  "$bin" convert "$tmp/$s.yaml" -o "$tmp/$s.2.xlsx" 2>/dev/null && cmp -s "$tmp/$s.xlsx" "$tmp/$s.2.xlsx" && ok || no "$s: same data, different workbook bytes"
  edit "$tmp/$s.xlsx" "$tmp/$s.o.xlsx" resave && "$bin" diff "$y" "$tmp/$s.o.xlsx" >/dev/null && ok || no "$s: differs after openpyxl"
  edit "$tmp/$s.xlsx" "$tmp/$s.17.xlsx" digits17 && "$bin" diff "$y" "$tmp/$s.17.xlsx" >/dev/null && ok || no "$s: differs with 17-digit numbers"
  rm -rf "$tmp/by" "$tmp/bx"
  "$bin" build "$y" -o "$tmp/by" >/dev/null 2>&1; "$bin" build "$tmp/$s.17.xlsx" -o "$tmp/bx" >/dev/null 2>&1
  d1=$(ls "$tmp/by"/*.docx 2>/dev/null | head -1)
  [ -n "$d1" ] && cmp -s <(unzip -p "$d1" word/document.xml) <(unzip -p "$tmp/bx/$(basename "$d1")" word/document.xml) && ok \
    || no "$s: the report from the workbook differs"
done
unzip -p "$tmp/example-minimal.17.xlsx" xl/worksheets/sheet6.xml | grep -q '<v>5.2000000000000002</v>' && ok || no "digits17 did not write 17 digits"

# One edited cell: in diff with its cell, in check at the cell.
edit "$tmp/example-minimal.xlsx" "$tmp/e1.xlsx" set 项目 C2 n:12.5
out=$("$bin" diff "$src/samples/example-minimal.yaml" "$tmp/e1.xlsx"); st=$?
[ $st = 1 ] && grep -q '^  项目《特殊困难老年人家庭适老化改造》.调整预算数: 10万元 → 12.5万元 (+2.5)  \[line 77 → 项目!C2\]$' <<<"$out" && ok || no "diff cell ($st): $out"
"$bin" diff --format json "$tmp/example-minimal.xlsx" "$tmp/e1.xlsx" | grep -q '"old_sheet":"项目","old_cell":"C2","new_sheet":"项目","new_cell":"C2"' && ok || no "diff json cell"
out=$("$bin" check "$tmp/e1.xlsx")
grep -q "^$tmp/e1.xlsx:项目!D2: warning: 项目《特殊困难老年人家庭适老化改造》的全年预算数 is 200 万元, but 年初预算数 + 调整预算数 is 202.5 万元 (difference -2.5 万元); correct whichever figure is wrong. \[D8\]$" <<<"$out" && ok || no "check cell: $out"

# Bad cells, each at its cell.
edit "$tmp/example-minimal.xlsx" "$tmp/e2.xlsx" set 项目 B2 s:"8,650.00" 项目 D2 e:'#DIV/0!' 项目 E2 f:=1+2 三公经费 B3 b:true 项目 F2 n:4.0000001 \
  预算执行 B2 s:8650万元
out=$("$bin" check "$tmp/e2.xlsx"); st=$?
exp="$tmp/e2.xlsx:三公经费!B3: error: The cell for 三公经费.因公出国（境）费 holds the logical value TRUE; write 金额（万元），最多 6 位小数 instead. [xlsx.type]
$tmp/e2.xlsx:项目!B2: error: The field 项目[1].年初预算数 must be a plain number, but \"8,650.00\" has thousands separators; write it without commas: 8650.00. [type]
$tmp/e2.xlsx:项目!D2: error: The cell for 全年预算数 shows the error #DIV/0! instead of a value; correct the cell (or the formula in it). [xlsx.error]
$tmp/e2.xlsx:项目!E2: error: The cell for 实际支出 holds a formula whose result was never saved; open the workbook in Excel or WPS, save it once, and check again. [xlsx.nocache]
$tmp/e2.xlsx:项目!F2: error: The field 项目[1].结余结转 must be an amount in 万元 such as 86.4, but \"4.0000001\" is more than 6 decimals (amounts are exact to 0.000001 万元, i.e. 1 分). [type]
$tmp/e2.xlsx:预算执行!B2: warning: The amount of 预算执行.年初预算数 is written with 万元 although amounts are always in 万元; write the number alone. [unit]
1 file(s): 5 error(s), 1 warning(s), 0 note(s)."
[ $st = 1 ] && [ "$out" = "$exp" ] && ok || no "bad cells ($st): $out"

# A changed layout: the workbook is refused with the place to restore.
edit "$tmp/example-minimal.xlsx" "$tmp/l1.xlsx" rename 项目 项目表
out=$("$bin" check "$tmp/l1.xlsx"); st=$?
[ $st = 2 ] && grep -qF "$tmp/l1.xlsx: error: The workbook has no sheet \"项目\" (was it renamed? the workbook has “项目表”); give it back its name, so that its data is read. [xlsx.sheet]" <<<"$out" && ok || no "renamed sheet ($st): $out"
edit "$tmp/example-minimal.xlsx" "$tmp/l2.xlsx" delsheet 三公经费
out=$("$bin" check "$tmp/l2.xlsx"); st=$?
[ $st = 2 ] && grep -qF "$tmp/l2.xlsx: error: The workbook has no sheet \"三公经费\"; it was deleted or renamed. Copy it back from a workbook written by jixiao init. [xlsx.sheet]" <<<"$out" && ok || no "deleted sheet ($st): $out"
edit "$tmp/example-minimal.xlsx" "$tmp/l3.xlsx" set 项目 C1 s:全年预算 项目 D1 s:调整预算数
out=$("$bin" check "$tmp/l3.xlsx"); st=$?
[ $st = 2 ] && grep -qF "$tmp/l3.xlsx:项目!D1: error: The sheet 项目 has no column headed \"全年预算数\" in row 1; the header row was changed. Restore it as jixiao wrote it (jixiao init writes a fresh workbook). [xlsx.header]" <<<"$out" && ok || no "header changed ($st): $out"
edit "$tmp/example-minimal.xlsx" "$tmp/l4.xlsx" set 项目 D1 s:调整预算数 项目 C1 s:全年预算数 项目 C2 n:200 项目 D2 n:10
"$bin" diff "$src/samples/example-minimal.yaml" "$tmp/l4.xlsx" >/dev/null && ok || no "columns swapped with their headers are read by header"
edit "$tmp/example-minimal.xlsx" "$tmp/l5.xlsx" set 基本情况 A3 s:主管单位
out=$("$bin" check "$tmp/l5.xlsx")
grep -qF "$tmp/l5.xlsx:基本情况!A3: error: The sheet 基本情况 has no row \"主管单位\"; restore the label as jixiao wrote it, so that the value beside it is read. [xlsx.label]" <<<"$out" && ok || no "label changed: $out"
edit "$tmp/example-minimal.xlsx" "$tmp/l6.xlsx" set 项目 A2 - 
out=$("$bin" check "$tmp/l6.xlsx")
grep -qF "$tmp/l6.xlsx:项目!A2: error: This row has values but no 名称; a row without 名称 continues the one above, and there is none. Write the 名称. [xlsx.row]" <<<"$out" && ok || no "row without name: $out"
# Not workbooks: said so by the reader (a text file named .xlsx is not read as YAML), exit 2.
printf 'not a workbook' > "$tmp/x.xlsx"
out=$("$bin" check "$tmp/x.xlsx"); st=$?
[ $st = 2 ] && grep -q '\[xlsx.notzip\]$' <<<"$out" && ok || no "a text file named .xlsx ($st): $out"
printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1old' > "$tmp/old.xls"
out=$("$bin" check "$tmp/old.xls"); st=$?
[ $st = 2 ] && grep -q 'save it as an Excel workbook (\*.xlsx) with Save As. \[xlsx.xls\]$' <<<"$out" && ok || no "an old .xls ($st): $out"

# convert refuses data with errors and writes nothing.
"$bin" convert "$tmp/e2.xlsx" -o "$tmp/e2.yaml" 2>"$tmp/err"; st=$?
[ $st = 1 ] && [ ! -e "$tmp/e2.yaml" ] && grep -q 'nothing was written' "$tmp/err" && ok || no "convert with errors ($st)"
"$bin" convert "$src/samples/lushan-2023.yaml" -o "$tmp/x.txt" 2>/dev/null; [ $? = 2 ] && ok || no "convert to .txt"
printf '单位名称: 某局\n年度: 2024\n单位概况:\n  职责:\n    - 标题: 小节\n      段落: [一段]\n' > "$tmp/sect.yaml"
"$bin" convert "$tmp/sect.yaml" -o "$tmp/sect.xlsx" 2>"$tmp/err"; st=$?
[ $st = 1 ] && [ ! -e "$tmp/sect.xlsx" ] && ! ls "$tmp"/sect.xlsx.tmp.* >/dev/null 2>&1 && grep -qF "$tmp/sect.yaml:5:7: error: This sub-section {标题, 段落} cannot be written to the workbook here, where each row holds one paragraph; only the sheet 正文 has sub-sections. Write its paragraphs without the title. [xlsx.write]" "$tmp/err" \
  && ok || no "a sub-section where the workbook has none ($st): $(cat "$tmp/err")"

# batch: a folder of workbooks and YAML, lock files skipped, unchanged workbooks not rebuilt.
mkdir -p "$tmp/in"
cp "$tmp/longhui-2024.xlsx" "$tmp/lushan-2023.o.xlsx" "$tmp/in/"; cp "$src/samples/shifeng-2023.yaml" "$tmp/in/"
cp "$tmp/单位.xlsx" "$tmp/in/~\$longhui-2024.xlsx"; cp "$tmp/单位.xlsx" "$tmp/in/.~lock.longhui-2024.xlsx#"
out=$("$bin" batch "$tmp/in" -o "$tmp/out" -j 2 --no-pdf 2>&1); st=$?
[ $st = 0 ] && grep -q 'built 3, unchanged 0, failed 0' <<<"$out" && ok || no "batch of workbooks ($st): $out"
[ -f "$tmp/out/隆回县民政局-2024.docx" ] && [ -f "$tmp/out/庐山市民政局-2023.docx" ] && ok || no "batch outputs: $(ls "$tmp/out")"
out=$("$bin" batch "$tmp/in" -o "$tmp/out" -j 2 --no-pdf 2>&1)
grep -q 'built 0, unchanged 3' <<<"$out" && ok || no "batch rebuilt unchanged workbooks: $out"
edit "$tmp/in/longhui-2024.xlsx" "$tmp/in/longhui-2024.xlsx" set 基本情况 B3 s:隆回县人民政府
out=$("$bin" batch "$tmp/in" -o "$tmp/out" -j 2 --no-pdf --changes 2>&1)
grep -q 'built 1, unchanged 2' <<<"$out" && ok || no "batch after an edit: $out"

echo "workbook: $pass passed, $fail failed"
[ $fail = 0 ]
