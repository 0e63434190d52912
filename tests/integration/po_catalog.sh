#!/usr/bin/env bash
# The message catalog is complete and current: po/jixiao.pot holds exactly the messages the
# sources mark (regenerated with tools/update-po.sh into a scratch file and compared by msgid),
# po/zh_CN.po translates every one of them, none fuzzy, and msgfmt accepts it with its format
# checks (every translation keeps the printf conversions of its msgid).
set -u
src=${JX_SOURCE_DIR:?}
cd "$src"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
no() { fail=$((fail+1)); echo "FAIL: $*"; }

msgids() {  # the msgids of a PO/POT file, one per line (escapes kept), header and obsolete entries left out
  python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1], encoding='utf-8').read()
for e in text.split('\n\n'):
    lines = [l for l in e.split('\n') if not l.startswith('#~')]
    m = re.search(r'^msgid ((?:".*"\n?)+)', '\n'.join(lines) + '\n', re.M)
    if not m: continue
    mid = ''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)))
    if mid: print(mid)
PY
}

bash tools/update-po.sh --pot-to "$tmp/fresh.pot" 2>/dev/null || no "xgettext failed"
diff <(msgids "$tmp/fresh.pot" | LC_ALL=C sort) <(msgids po/jixiao.pot | LC_ALL=C sort) > "$tmp/d" \
  && ok || no "po/jixiao.pot is out of date with the sources (run tools/update-po.sh): $(head -20 "$tmp/d")"
diff <(msgids po/jixiao.pot | LC_ALL=C sort) <(msgids po/zh_CN.po | LC_ALL=C sort) > "$tmp/d" \
  && ok || no "po/zh_CN.po does not hold the messages of po/jixiao.pot (run tools/update-po.sh): $(head -20 "$tmp/d")"
# (msgattrib prints the header entry along with any entry it selects, hence the -1.)
n=$(msgattrib --untranslated --no-obsolete po/zh_CN.po | grep -c '^msgid ' || true); [ "$n" -gt 0 ] && n=$((n-1))
[ "$n" = 0 ] && ok || no "$n untranslated message(s) in po/zh_CN.po: $(msgattrib --untranslated --no-obsolete po/zh_CN.po | grep -A1 '^msgid ' | head -20)"
n=$(msgattrib --only-fuzzy --no-obsolete po/zh_CN.po | grep -c '^msgid ' || true); [ "$n" -gt 0 ] && n=$((n-1))
[ "$n" = 0 ] && ok || no "$n fuzzy message(s) in po/zh_CN.po: $(msgattrib --only-fuzzy --no-obsolete po/zh_CN.po | grep -A1 '^msgid ' | head -20)"
msgfmt --check --check-format -o "$tmp/zh.mo" po/zh_CN.po 2> "$tmp/err" && ok || no "msgfmt: $(cat "$tmp/err")"
# Every message marked c-format in the template is marked so in the catalog, so msgfmt checks it.
a=$(grep -c '^#, .*c-format' po/jixiao.pot); b=$(grep -c '^#, .*c-format' po/zh_CN.po)
[ "$a" = "$b" ] && ok || no "c-format flags: $a in the template, $b in the catalog"
echo "$pass passed, $fail failed"
[ $fail = 0 ]
