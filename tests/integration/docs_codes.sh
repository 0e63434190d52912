#!/usr/bin/env bash
# Every diagnostic code of the program has a row in the table of check codes
# of docs/使用手册.md (what it means, how to fix it), and the table names no
# code the program no longer has.  A new code therefore fails this test until
# it is documented.  The checker is tried on two broken copies of the manual
# first, so that a checker that passes everything fails here.
set -u
src=${JX_SOURCE_DIR:?}
manual=$src/docs/使用手册.md
chk=$src/tests/integration/doc_codes.py
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0

# a copy without the row of T9 must fail and name T9
grep -v '^| `T9`' "$manual" > "$tmp/no-t9.md"
out=$(python3 "$chk" "$src/src" "$tmp/no-t9.md" 2>&1); st=$?
[ $st = 1 ] && grep -q 'code T9 (used at .*model_check.c' <<<"$out" && pass=$((pass+1)) ||
  { fail=$((fail+1)); echo "FAIL a manual without T9 was not refused (status $st): $out"; }

# a copy with a row for a code that does not exist must fail too
sed 's/^| `T9` |/| `T99` | 警告 | x | x |\n| `T9` |/' "$manual" > "$tmp/extra.md"
out=$(python3 "$chk" "$src/src" "$tmp/extra.md" 2>&1); st=$?
[ $st = 1 ] && grep -q 'code T99 is in the table' <<<"$out" && pass=$((pass+1)) ||
  { fail=$((fail+1)); echo "FAIL a manual with the unknown code T99 was not refused (status $st): $out"; }

# the real manual
out=$(cd "$src" && python3 "$chk" src "$manual" 2>&1); st=$?
[ $st = 0 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "$out"; echo "FAIL docs/使用手册.md does not document exactly the codes in src/"; }

echo "$pass passed, $fail failed"
[ $fail = 0 ]
