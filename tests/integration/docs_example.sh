#!/usr/bin/env bash
# The complete example in docs/data-format.md is samples/example-minimal.yaml, and it is clean:
# jixiao check finds nothing in it and it builds.
set -u
src=${JX_SOURCE_DIR:?}; bin=${JIXIAO:?}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
python3 - "$src/docs/data-format.md" "$tmp/example.yaml" <<'PY'
import sys
t = open(sys.argv[1], encoding='utf-8').read()
part = t.split('## 12. Complete example', 1)[1]
block = part.split('```yaml\n', 1)[1].split('```', 1)[0]
open(sys.argv[2], 'w', encoding='utf-8').write(block)
PY
cmp -s "$tmp/example.yaml" "$src/samples/example-minimal.yaml" && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL the example in docs/data-format.md differs from samples/example-minimal.yaml"; }
out=$("$bin" check "$tmp/example.yaml" 2>&1); st=$?
[ $st = 0 ] && grep -q '^1 file(s): 0 error(s), 0 warning(s), 0 note(s)' <<<"$out" && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL the example is not clean: $out"; }
"$bin" build "$tmp/example.yaml" -o "$tmp/out" >/dev/null 2>&1 && [ -s "$tmp/out/青石县民政局-2024.pdf" ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL the example does not build"; }
echo "$pass passed, $fail failed"
[ $fail = 0 ]
