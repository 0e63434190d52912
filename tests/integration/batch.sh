#!/usr/bin/env bash
# `jixiao batch`: builds every unit, rebuilds only what changed, keeps going past a bad unit,
# shards disjointly, reports changes, and survives SIGKILL at any moment with every output
# either the old complete file or the new complete one.
set -u
src=${JX_SOURCE_DIR:?}; bin=${JIXIAO:?}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# The summaries checked below are the Chinese ones (the default language; CTest sets LANGUAGE=en).
export LANGUAGE=zh_CN
pass=0; fail=0
ok() { pass=$((pass+1)); }
no() { fail=$((fail+1)); echo "FAIL: $*"; }

mkdir -p "$tmp/in"
cp "$src"/samples/*.yaml "$tmp/in/"
n=$(ls "$tmp/in" | wc -l)

# Cold run: every unit built, three outputs each, a summary line.
out=$("$bin" batch "$tmp/in" -o "$tmp/out" -j 2 2>"$tmp/log"); st=$?
[ $st = 0 ] && ok || no "cold run exit $st: $(cat "$tmp/log")"
grep -q "^生成 $n，未变 0，失败 0" <<<"$out" && ok || no "cold summary: $out"
[ "$(ls "$tmp/out"/*.docx | wc -l)" = "$n" ] && [ "$(ls "$tmp/out"/*.pdf | wc -l)" = "$n" ] && [ "$(ls "$tmp/out"/*.check.txt | wc -l)" = "$n" ] && ok || no "outputs: $(ls "$tmp/out")"
grep -q '^\[1/5\] 生成 ' "$tmp/log" && ok || no "plain progress lines when not a terminal: $(head -3 "$tmp/log")"
cmp -s <("$bin" check "$tmp/in/longhui-2024.yaml" 2>/dev/null | grep -v '^共 [0-9]* 个文件：') <(grep -v '^[0-9]* 个错误，' "$tmp/out/隆回县民政局-2024.check.txt") && ok || no "check report differs from jixiao check"

# Re-run: nothing changed, nothing rebuilt, outputs untouched.
before=$(stat -c %Y.%i "$tmp/out/隆回县民政局-2024.pdf")
out=$("$bin" batch "$tmp/in" -o "$tmp/out" 2>/dev/null)
grep -q "^生成 0，未变 $n，失败 0" <<<"$out" && ok || no "unchanged summary: $out"
[ "$before" = "$(stat -c %Y.%i "$tmp/out/隆回县民政局-2024.pdf")" ] && ok || no "unchanged output was rewritten"

# One unit corrected: only it is rebuilt, and --changes says what changed.
sed -i 's/年初预算数: 3228.08/年初预算数: 3300/' "$tmp/in/lushan-2023.yaml"
out=$("$bin" batch "$tmp/in" -o "$tmp/out" --changes 2>/dev/null)
grep -q "^生成 1，未变 $((n-1))，失败 0" <<<"$out" && ok || no "one-change summary: $out"
grep -q '变化 庐山市民政局-2023：1 处数据变化' <<<"$out" && ok || no "changes line: $out"
grep -q '预算执行.年初预算数: 3228.08万元 → 3300万元' "$tmp/out/庐山市民政局-2023.changes.txt" && ok || no "changes file"

# A changed template rebuilds everything; --force too.
out=$("$bin" batch "$tmp/in" -o "$tmp/out" --force 2>/dev/null)
grep -q "^生成 $n，未变 0" <<<"$out" && ok || no "--force: $out"

# A bad unit fails alone; the exit status says so; its previous outputs are not touched.
printf '单位名称: 坏单位\n年度: 二〇二四\n' > "$tmp/in/zz-bad.yaml"
out=$("$bin" batch "$tmp/in" -o "$tmp/out" 2>/dev/null); st=$?
[ $st = 1 ] && ok || no "bad unit exit $st"
grep -q '^生成 0，未变 5，失败 1' <<<"$out" && grep -q '失败 zz-bad.yaml: .*年度' <<<"$out" && ok || no "bad unit summary: $out"
[ -f "$tmp/out/坏单位-.check.txt" ] || ls "$tmp/out" | grep -q '坏单位' && ok || no "no check report for the bad unit"
rm "$tmp/in/zz-bad.yaml"

# Shards are disjoint and together cover every unit.
python3 "$src/bench/gen_units.py" 40 "$tmp/many"
total=0
for i in 1 2 3; do
  c=$("$bin" batch "$tmp/many" -o "$tmp/shard$i" --shard $i/3 --no-pdf 2>/dev/null | sed -n 's/^生成 \([0-9]*\)，.*/\1/p')
  total=$((total + c))
done
[ "$total" = 40 ] && ok || no "shards built $total units, want 40"
[ -z "$(comm -12 <(ls "$tmp/shard1" | sort) <(ls "$tmp/shard2" | sort) | grep -v '^\.')" ] && ok || no "shards overlap"

# Kill test: SIGKILL a batch mid-run, several times; every output present is complete.
"$bin" batch "$tmp/many" -o "$tmp/kill" -j 2 >/dev/null 2>&1
sed -i 's/年初预算数: \([0-9]*\)\./年初预算数: 1\1./' "$tmp/many"/*.yaml     # every unit changes
for delay in 0.3 0.8 1.5; do
  "$bin" batch "$tmp/many" -o "$tmp/kill" -j 2 >/dev/null 2>&1 & pid=$!
  sleep $delay
  pkill -KILL -P $pid 2>/dev/null; kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
  bad=$(python3 - "$tmp/kill" <<'PY'
import sys, os, zipfile
d = sys.argv[1]; bad = []
for f in sorted(os.listdir(d)):
    p = os.path.join(d, f)
    if f.endswith('.docx'):
        try:
            with zipfile.ZipFile(p) as z:
                if z.testzip() is not None or 'word/document.xml' not in z.namelist(): bad.append(f)
        except Exception: bad.append(f)
    elif f.endswith('.pdf'):
        data = open(p, 'rb').read()
        if not data.startswith(b'%PDF') or b'%%EOF' not in data[-1024:]: bad.append(f)
print(' '.join(bad))
PY
)
  [ -z "$bad" ] && ok || no "after SIGKILL at ${delay}s, incomplete outputs: $bad"
done
[ "$(ls "$tmp/kill"/*.docx | wc -l)" = 40 ] && ok || no "a killed run lost outputs"
out=$("$bin" batch "$tmp/many" -o "$tmp/kill" -j 2 2>/dev/null); st=$?
[ $st = 0 ] && [ -z "$(ls "$tmp/kill" | grep '\.tmp\.')" ] && ok || no "the run after the kills: $out"
for f in "$tmp/kill"/*.pdf; do qpdf --check "$f" >/dev/null 2>&1 || { no "qpdf --check $f"; break; }; done && ok
echo "$pass passed, $fail failed"
[ $fail = 0 ]
