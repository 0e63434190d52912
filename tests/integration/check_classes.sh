#!/usr/bin/env bash
# The text checks by class, on made-up reports of other bureaus (tests/fixtures/check/<class>/*.yaml):
# every planted defect listed in the fixture's .expect file ("CODE LINE") is found, and nothing
# else is found (the look-alikes in the same fixture must pass).  "MISS LINE …" rows are planted
# defects the checks do not find yet: they count against recall, which is printed with precision.
set -u
src=${JX_SOURCE_DIR:?}; bin=${JIXIAO:?}
cd "$src"
fail=0; pass=0; planted=0; found_planted=0; findings=0
# Classes 5–8 (forms, narrative, rounding, self) have their own script and format:
# check_data_classes.sh.  The reports here are checked with every check, so a finding of those
# classes on them is listed in the .expect file too.
for f in tests/fixtures/check/{confusable,dated,enum,punct,repeat,unseen}/*.yaml; do
  exp=${f%.yaml}.expect
  [ -f "$exp" ] || { echo "FAIL $f: no $exp"; fail=$((fail+1)); continue; }
  got=$(LANGUAGE=en "$bin" check --format text "$f" 2>/dev/null |
        sed -n 's/^[^:]*:\([0-9]*\):[0-9]*: \(warning\|note\|error\): .*\[\([A-Za-z.-]*\)\]$/\3 \1/p' | sort)
  want=$(grep -v '^#' "$exp" | grep -v '^MISS ' | grep -v '^$' | sort)
  miss=$(grep -c '^MISS ' "$exp")
  n_want=$(printf '%s\n' "$want" | grep -c .)
  n_got=$(printf '%s\n' "$got" | grep -c .)
  missing=$(comm -23 <(printf '%s\n' "$want") <(printf '%s\n' "$got"))
  extra=$(comm -13 <(printf '%s\n' "$want") <(printf '%s\n' "$got"))
  planted=$((planted + n_want + miss)); findings=$((findings + n_got))
  found_planted=$((found_planted + n_want - $(printf '%s\n' "$missing" | grep -c .)))
  if [ -z "$missing" ] && [ -z "$extra" ]; then
    pass=$((pass+1))
  else
    fail=$((fail+1)); echo "FAIL $f"
    [ -n "$missing" ] && printf '  not found: %s\n' $missing | paste - - 2>/dev/null
    [ -n "$extra" ] && printf '  not planted: %s\n' "$extra"
  fi
  if [ "$(basename "$(dirname "$f")")" = unseen ]; then
    echo "unseen $f: $((n_want + miss)) planted, $n_got findings; recall $((100 * (n_want - $(printf '%s\n' "$missing" | grep -c .)) / (n_want + miss)))%, precision $(( n_got ? 100 * (n_got - $(printf '%s\n' "$extra" | grep -c .)) / n_got : 100 ))%"
  fi
done
echo "all fixtures: $planted planted, $found_planted found, $findings findings"
# A bureau's own rules: 规则/ beside the data and --rules DIR, without recompiling.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/规则" "$tmp/more"
sed 's/全年按时足额发放各类救助资金/全年按时足额发放各类救助资金，青石样板工程顺利推进/' samples/example-minimal.yaml > "$tmp/unit.yaml"
printf '类别: 易混词\n规则:\n  - {错: 青石样板, 对: 青石示范, 说明: 本县统一称示范工程}\n' > "$tmp/规则/本县.yaml"
n=$(LANGUAGE=en "$bin" check "$tmp/unit.yaml" | grep -c 'TEXT.confusable')
[ "$n" = 1 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL 规则/ beside the data: $n findings"; }
cp "$tmp/unit.yaml" "$tmp/more/unit.yaml"
n=$(LANGUAGE=en "$bin" check "$tmp/more/unit.yaml" | grep -c 'TEXT.confusable')
[ "$n" = 0 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL no rule without 规则/: $n findings"; }
n=$(LANGUAGE=en "$bin" check --rules "$tmp/规则" "$tmp/more/unit.yaml" | grep -c 'TEXT.confusable')
[ "$n" = 1 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL --rules DIR: $n findings"; }
# A broken rules file is an error at file:line:col, and the exit status says so.
printf '类别: 易混词\n规则:\n  - {错: 青石样板, 对象: 青石示范}\n' > "$tmp/规则/坏.yaml"
out=$(LANGUAGE=en "$bin" check "$tmp/unit.yaml"); st=$?
if [ $st = 1 ] && printf '%s' "$out" | grep -q "规则/坏.yaml:3:15: error: .*rules.invalid"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL bad rules file (exit $st): $out"; fi
# batch: a changed rule re-checks the unit; unchanged rules leave it alone.
rm "$tmp/规则/坏.yaml"; mkdir -p "$tmp/b/规则"; cp "$tmp/unit.yaml" "$tmp/b/"; cp "$tmp/规则/本县.yaml" "$tmp/b/规则/"
LANGUAGE=zh_CN "$bin" batch "$tmp/b" -o "$tmp/bo" --no-pdf >/dev/null 2>&1
out=$(LANGUAGE=zh_CN "$bin" batch "$tmp/b" -o "$tmp/bo" --no-pdf 2>/dev/null)
grep -q "^生成 0，未变 1，失败 0" <<<"$out" && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL batch unchanged: $out"; }
sed -i 's/青石示范/青石标杆/' "$tmp/b/规则/本县.yaml"
out=$(LANGUAGE=zh_CN "$bin" batch "$tmp/b" -o "$tmp/bo" --no-pdf 2>/dev/null)
if grep -q "^生成 1，未变 0，失败 0" <<<"$out" && grep -q "青石标杆" "$tmp"/bo/*.check.txt; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL batch after a rule changed: $out"; fi
echo "$pass passed, $fail failed"
[ $fail = 0 ]
