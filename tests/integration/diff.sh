#!/usr/bin/env bash
# `jixiao diff`: a corrected figure is listed with its line and difference, the computed figures it
# moves are listed after it, list elements pair by name, and identical files report no change.
set -u
src=${JX_SOURCE_DIR:?}; bin=${JIXIAO:?}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
no() { fail=$((fail+1)); echo "FAIL: $*"; }

out=$("$bin" diff "$src/samples/lushan-2023.yaml" "$src/samples/lushan-2023.yaml"); st=$?
[ $st = 0 ] && ok || no "identical files exit $st"
grep -q 'do not differ' <<<"$out" && ok || no "identical files message: $out"

sed 's/年初预算数: 3228.08/年初预算数: 3300/' "$src/samples/lushan-2023.yaml" > "$tmp/new.yaml"
out=$("$bin" diff "$src/samples/lushan-2023.yaml" "$tmp/new.yaml"); st=$?
[ $st = 1 ] && ok || no "changed file exit $st"
grep -q '^  预算执行.年初预算数: 3228.08万元 → 3300万元 (+71.92)  \[line [0-9]* → [0-9]*\]$' <<<"$out" && ok || no "figure change: $out"
grep -q '^  预算执行.年初预算变动率: -16.36% → -14.50% (+1.86)$' <<<"$out" && ok || no "derived change: $out"

# Remove the first project: one removal, the others unchanged (paired by 名称, not position).
python3 - "$src/samples/shifeng-2023.yaml" "$tmp/less.yaml" <<'PY'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))
d['项目'] = d['项目'][1:]
yaml.safe_dump(d, open(sys.argv[2], 'w', encoding='utf-8'), allow_unicode=True, sort_keys=False)
PY
out=$("$bin" diff --format json "$src/samples/shifeng-2023.yaml" "$tmp/less.yaml")
python3 - <<PY && ok || no "json pairing"
import json
ch = json.loads('''$out''')
given = [c for c in ch if not c['derived']]
assert len(given) == 1 and given[0]['change'] == 'removed' and given[0]['path'].startswith('项目《'), given
PY
echo "$pass passed, $fail failed"
[ $fail = 0 ]
