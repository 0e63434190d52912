#!/usr/bin/env bash
# Hostile data files: each must be refused with its exact message and exit status, quickly and
# without a crash (the sanitizer build runs this too). Large inputs are generated here, not stored.
set -u
bin=${JIXIAO:?}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
expect() {  # expect NAME STATUS PATTERN  (runs check on $tmp/NAME.yaml)
  local out st
  # The bound is for hangs, not speed: under valgrind (tools/jx test) a big case takes minutes.
  out=$(timeout "${JX_HANG_SECONDS:-60}" "$bin" check "$tmp/$1.yaml" 2>/dev/null); st=$?
  if [ "$st" = "$2" ] && grep -q -- "$3" <<<"$out"; then pass=$((pass+1))
  else fail=$((fail+1)); echo "FAIL $1: status $st, output: ${out:0:400}"; fi
}

# A 200 MB value: the file is over the size limit and is not read at all.
{ printf '单位名称: "'; head -c 200000000 /dev/zero | tr '\0' 'a'; printf '"\n年度: 2024\n'; } > "$tmp/huge.yaml"
expect huge 2 'more than the limit of 16777216 bytes'
# A 2 MB value in a small file: over the per-value limit.
{ printf '单位名称: '; head -c 2000000 /dev/zero | tr '\0' 'a'; printf '\n年度: 2024\n'; } > "$tmp/longvalue.yaml"
expect longvalue 2 'longer than the limit of 1048576 bytes'
# Billion laughs in YAML: refused at the first anchor, nothing is expanded.
{ echo 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
  for i in b c d e f g h i j; do p=$(printf '%s' "$i" | tr 'b-j' 'a-i'); echo "$i: &$i [*$p,*$p,*$p,*$p,*$p,*$p,*$p,*$p,*$p]"; done; } > "$tmp/laughs.yaml"
expect laughs 2 '1:4: error: Anchors (&a) are not allowed'
# 10,000 nested flow lists.
{ printf '单位名称: '; head -c 10000 /dev/zero | tr '\0' '['; printf '\n'; } > "$tmp/deep.yaml"
expect deep 2 'nested more than 64 levels'
# Numbers with 40 digits, negative and NaN-like amounts, an infinite one.
cat > "$tmp/numbers.yaml" <<'Y'
单位名称: 某县民政局
年度: 2024
预算执行:
  年初预算数: 1234567890123456789012345678901234567890
  调整预算数: -5
  全年预算数: .nan
支出:
  合计: -100
  基本支出: .inf
  项目支出: "NaN"
Y
expect numbers 1 '4:10: error: The field 预算执行.年初预算数 must be an amount in 万元 such as 86.4, but "1234567890123456789012345678901234567890" is too large'
expect numbers 1 '6:10: error: The field 预算执行.全年预算数 must be an amount'
expect numbers 1 '8:7: error: The field 支出.合计 must be an amount in 万元 such as 86.4, but "-100" is negative'
expect numbers 1 '9:9: error: The field 支出.基本支出 must be an amount'
expect numbers 1 '10:9: error: The field 支出.项目支出 must be an amount'
out=$("$bin" check "$tmp/numbers.yaml" 2>/dev/null | grep -c '预算执行.调整预算数'); [ "$out" = 0 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL a negative 调整预算数 is allowed"; }
# Invalid UTF-8 and a NUL byte.
printf '单位名称: 某县\xc3\x28民政局\n年度: 2024\n' > "$tmp/utf8.yaml"
expect utf8 2 'not valid UTF-8'
printf '单位名称: 某县\0民政局\n年度: 2024\n' > "$tmp/nul.yaml"
expect nul 2 'fatal'
# Many documents, a tag, a non-string key.
printf '单位名称: 甲\n年度: 2024\n---\n单位名称: 乙\n' > "$tmp/docs.yaml"
expect docs 2 'more than one YAML document'
printf '单位名称: !!binary aGVsbG8=\n年度: 2024\n' > "$tmp/tag.yaml"
expect tag 2 'Type tags (tag:yaml.org,2002:binary) are not allowed'
printf '? [a, b]\n: 1\n' > "$tmp/key.yaml"
expect key 2 'A field name must be plain text'
# 100,000 fields in one map: members are found through a hash index, not one by one (was quadratic).
python3 -c "
import sys
sys.stdout.write('单位名称: 甲\\n年度: 2024\\n' + ''.join('k%d: 1\\n' % i for i in range(100000)))" > "$tmp/fields.yaml"
expect fields 1 '3:1: error: Unknown field "k0" in the file'
# 12 projects whose names are 1 MB each and share their first 999,999 bytes, each with a narrative:
# matching names by prefix stays linear in their length.
python3 -c "
import sys
w = sys.stdout.write
w('单位名称: 甲\\n年度: 2024\\n项目:\\n')
for i in range(6): w('  - 名称: ' + 'a' * 999999 + 'bcdefg'[i] + '\\n')
w('项目绩效:\\n')
for i in range(6): w('  - 名称: ' + 'a' * 999999 + 'hijklm'[i] + '\\n')" > "$tmp/names.yaml"
expect names 0 'has a narrative in 项目绩效 but is missing from the project list'
# 200,000 emoji as JSON surrogate pairs on one line: joined in one pass, positions kept.
python3 -c "
import sys
sys.stdout.write('{\"单位名称\": \"' + '\\\\ud83d\\\\ude00' * 200000 + '\", \"年度\": 0}\\n')" > "$tmp/pairs.yaml"
expect pairs 1 '1:2400020: error: The field 年度 must be the year'
# A list item out of line after 900,000 items: the explanation finds the lines it looks at in O(1).
python3 -c "
import sys
w = sys.stdout.write
w('单位名称: 甲\\n年度: 2024\\n单位概况:\\n  内设机构:\\n')
for i in range(900000): w('    - 股\\n')
w('   - 末股\\n')" > "$tmp/late.yaml"
expect late 2 '900005:4: fatal: This list item starts in column 4, but the item on line 900004 starts in column 5'
echo "$pass passed, $fail failed"
[ $fail = 0 ]
