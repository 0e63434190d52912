#!/usr/bin/env bash
# Issue 15, classes 5–8: the report against itself (R.*), the narrative against the data (N.*,
# F.project), rounding notes, and the severities that protect the portal. Each fixture under
# tests/fixtures/check/<class>/ is a made-up report (other bureaus' words) with an .expect file
# listing "line severity code" of every finding: the findings must be exactly those (nothing
# missing, nothing more), so the *-ok fixtures (empty .expect) test precision and the *-bad
# ones recall. Then `build` refuses errors, and `build --strict` refuses warnings but not notes.
set -u
src=${JX_SOURCE_DIR:?}; bin=${JIXIAO:?}
cd "$src"
fail=0; pass=0
# The text classes' fixtures are check_classes.sh's (another .expect format).
for f in tests/fixtures/check/{forms,narrative,rounding,self}/*.yaml; do
  want=${f%.yaml}.expect
  got=$(LANGUAGE=en "$bin" check --format json "$f" 2>/dev/null | python3 -c '
import json, sys
for d in json.load(sys.stdin): print(d["line"], d["severity"], d["code"])')
  if [ -f "$want" ] && [ "$got" = "$(cat "$want")" ]; then pass=$((pass+1))
  else fail=$((fail+1)); echo "FAIL $f"; diff <(printf '%s\n' "$got") "$want"; fi
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# Errors refuse the build and are named.
LANGUAGE=en "$bin" build tests/fixtures/check/forms/weijian-bad.yaml -o "$tmp/a" --no-pdf >"$tmp/out" 2>"$tmp/err"; st=$?
if [ $st = 1 ] && grep -q 'error: .*总分 is 104, more than 100.*\[T5\]' "$tmp/err" && grep -q '3 error(s) above' "$tmp/err" && [ -z "$(ls "$tmp/a")" ]; then pass=$((pass+1))
else fail=$((fail+1)); echo "FAIL build refuses errors (exit $st)"; cat "$tmp/err"; fi
# Warnings build without --strict, and are refused with it, saying why.
LANGUAGE=en "$bin" build tests/fixtures/check/rounding/jiaotong-exact.yaml -o "$tmp/b" --no-pdf >/dev/null 2>&1; st=$?
if [ $st = 0 ] && ls "$tmp/b"/*.docx >/dev/null 2>&1; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL warnings build without --strict ($st)"; fi
LANGUAGE=en "$bin" build tests/fixtures/check/rounding/jiaotong-exact.yaml -o "$tmp/c" --no-pdf --strict >/dev/null 2>"$tmp/err"; st=$?
if [ $st = 1 ] && grep -q -- '--strict was given and the data has 2 warning(s).*\[strict\]' "$tmp/err" && [ -z "$(ls "$tmp/c")" ]; then pass=$((pass+1))
else fail=$((fail+1)); echo "FAIL --strict refuses warnings ($st)"; cat "$tmp/err"; fi
# Notes never refuse, even with --strict.
LANGUAGE=en "$bin" build tests/fixtures/check/rounding/jiaotong-notes.yaml -o "$tmp/d" --no-pdf --strict >/dev/null 2>"$tmp/err"; st=$?
if [ $st = 0 ] && ls "$tmp/d"/*.docx >/dev/null 2>&1; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL notes with --strict ($st)"; cat "$tmp/err"; fi
# batch --strict: the unit with warnings fails, the clean one is built.
mkdir -p "$tmp/in"; cp tests/fixtures/check/rounding/jiaotong-exact.yaml "$tmp/in/a.yaml"; cp samples/example-minimal.yaml "$tmp/in/b.yaml"
LANGUAGE=en "$bin" batch "$tmp/in" -o "$tmp/e" -j 1 --no-pdf --strict >/dev/null 2>&1; st=$?
if [ $st = 1 ] && ls "$tmp/e"/青石县民政局-2024.docx >/dev/null 2>&1 && ! ls "$tmp/e"/青江县交通运输局-2024.docx >/dev/null 2>&1 &&
   grep -q 'strict' "$tmp/e"/青江县交通运输局-2024.check.txt; then pass=$((pass+1))
else fail=$((fail+1)); echo "FAIL batch --strict ($st)"; ls "$tmp/e"; fi
# The same batch without --strict builds both (the key differs, so nothing is taken as unchanged).
LANGUAGE=en "$bin" batch "$tmp/in" -o "$tmp/e" -j 1 --no-pdf >/dev/null 2>&1; st=$?
if [ $st = 0 ] && ls "$tmp/e"/青江县交通运输局-2024.docx >/dev/null 2>&1; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL batch without --strict ($st)"; fi
# Hostile prose: 900 KB of figures in one clause without punctuation, or after one 其中, is read
# in linear time (clauses longer than MODEL_NARRATIVE_CLAUSE_BYTES are not compared) and quietly.
python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
head = '单位名称: 甲\n年度: 2024\n预算执行:\n  年初预算数: 1\n支出:\n  说明:\n    - "'
open(d + '/h1.yaml', 'w').write(head + '年初预算数为' + '1万元和' * 90000 + '"\n')
open(d + '/h2.yaml', 'w').write(head + '共计5万元，其中' + '1万元' * 120000 + '"\n')
open(d + '/h3.yaml', 'w').write(head + '执行率' + '1%' * 400000 + '"\n')
PY
# (AddressSanitizer reserves terabytes of address space, so a sanitizer run has no ulimit -v.)
vlim=4000000; [ -n "${ASAN_OPTIONS:-}" ] && vlim=unlimited
for h in h1 h2 h3; do
  out=$( (ulimit -v $vlim; timeout 20 env LANGUAGE=en "$bin" check "$tmp/$h.yaml" 2>&1) ); st=$?
  if [ $st -le 1 ] && ! grep -q 'N\.' <<<"$out"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL hostile $h (status $st)"; echo "$out" | head -3; fi
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]
